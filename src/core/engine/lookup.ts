/**
 * What sits at an offset of an analysed document, for hovers. Lookups use
 * indexes built once per analysis (on the first hover) and kept with it, so
 * every hover is a binary search plus a walk bounded by the nesting depth.
 */
import type { Analysis, Owner, ResourceInfo, Setting, Span } from '../types';

export type HoverTarget = { resource: ResourceInfo } | { setting: Setting };

/** A resource's id or Type line gives the resource; anything inside its properties gives the innermost setting. */
export function targetAt(analysis: Analysis, offset: number): HoverTarget | undefined {
  const resource = resourceAt(analysis.resources, offset);
  if (resource) return { resource };
  const setting = innermostSetting(analysis.settings, offset);
  return setting ? { setting } : undefined;
}

/** How many settings of a resource each owner has (for the resource card), counted once per analysis. */
export function ownerCounts(analysis: Analysis, logicalId: string): Record<Owner, number> {
  let counts = countIndexes.get(analysis.settings);
  if (!counts) {
    counts = new Map();
    for (const setting of analysis.settings) {
      let forResource = counts.get(setting.resource);
      if (!forResource) counts.set(setting.resource, (forResource = { customer: 0, aws: 0, shared: 0, microsoft: 0 }));
      forResource[setting.attribution.owner]++;
    }
    countIndexes.set(analysis.settings, counts);
  }
  return { ...(counts.get(logicalId) ?? { customer: 0, aws: 0, shared: 0, microsoft: 0 }) };
}

// Indexes are keyed by the arrays they describe, so a new analysis (or a
// copy with new arrays) never sees a stale index.
const settingIndexes = new WeakMap<Setting[], Int32Array>();
const resourceIndexes = new WeakMap<ResourceInfo[], ResourceIndex>();
const countIndexes = new WeakMap<Setting[], Map<string, Record<Owner, number>>>();

function end(span: Span): number {
  return span.offset + span.length;
}

/**
 * Settings are sorted by key offset. The innermost setting containing the
 * offset is the last one starting at or before it whose span still covers it.
 * Walking back one by one is O(n) between resources; instead, from a setting
 * that ends too early, jump to the nearest earlier setting that ends later
 * (`reach`): everything skipped ends even earlier. For nested spans that is
 * the parent, so the walk is bounded by the nesting depth.
 */
function innermostSetting(settings: Setting[], offset: number): Setting | undefined {
  let low = 0;
  let high = settings.length - 1;
  let last = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (settings[middle].key.offset <= offset) {
      last = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (last < 0) return undefined;
  const reach = reachIndex(settings);
  let index = last;
  while (index >= 0) {
    const span = settings[index].span;
    if (end(span) < offset) index = reach[index];
    else if (span.offset <= offset) return settings[index];
    else index--;
  }
  return undefined;
}

/** reach[i]: the largest k < i whose span ends after setting i's, or -1 (a monotonic stack, O(n)). */
function reachIndex(settings: Setting[]): Int32Array {
  let reach = settingIndexes.get(settings);
  if (reach) return reach;
  reach = new Int32Array(settings.length);
  const stack: number[] = [];
  for (let index = 0; index < settings.length; index++) {
    const ends = end(settings[index].span);
    while (stack.length && end(settings[stack[stack.length - 1]].span) <= ends) stack.pop();
    reach[index] = stack.length ? stack[stack.length - 1] : -1;
    stack.push(index);
  }
  settingIndexes.set(settings, reach);
  return reach;
}

interface ResourceIndex {
  /** The id and Type spans of every resource, sorted by start. */
  spans: { offset: number; end: number; resource: number }[];
  longest: number;
}

/** The first resource (in analysis order) whose id or Type span holds the offset, as `resources.find` would give. */
function resourceAt(resources: ResourceInfo[], offset: number): ResourceInfo | undefined {
  if (!resources.length) return undefined;
  const index = resourceIndex(resources);
  const spans = index.spans;
  let low = 0;
  let high = spans.length - 1;
  let last = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (spans[middle].offset <= offset) {
      last = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  // Only spans starting within `longest` characters before the offset can reach it.
  let best = -1;
  for (let at = last; at >= 0 && spans[at].offset >= offset - index.longest; at--) {
    if (spans[at].end >= offset && (best < 0 || spans[at].resource < best)) best = spans[at].resource;
  }
  return best >= 0 ? resources[best] : undefined;
}

function resourceIndex(resources: ResourceInfo[]): ResourceIndex {
  let index = resourceIndexes.get(resources);
  if (index) return index;
  const spans: ResourceIndex['spans'] = [];
  let longest = 0;
  resources.forEach((resource, position) => {
    for (const span of [resource.key, resource.typeSpan]) {
      spans.push({ offset: span.offset, end: end(span), resource: position });
      longest = Math.max(longest, span.length);
    }
  });
  spans.sort((a, b) => a.offset - b.offset);
  index = { spans, longest };
  resourceIndexes.set(resources, index);
  return index;
}
