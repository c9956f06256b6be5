/** What sits at an offset of an analysed document, for hovers. */
import type { Analysis, ResourceInfo, Setting } from './types';

export type HoverTarget = { resource: ResourceInfo } | { setting: Setting };

/** A resource's id or Type line gives the resource; anything inside its properties gives the innermost setting. */
export function targetAt(analysis: Analysis, offset: number): HoverTarget | undefined {
  const resource = analysis.resources.find((candidate) => within(candidate.typeSpan, offset) || within(candidate.key, offset));
  if (resource) return { resource };
  const setting = innermostSetting(analysis.settings, offset);
  return setting ? { setting } : undefined;
}

/**
 * Settings are sorted by key offset. The innermost setting containing the
 * offset is the last one starting at or before it whose span still covers it.
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
  for (let index = last; index >= 0; index--) if (within(settings[index].span, offset)) return settings[index];
  return undefined;
}

function within(span: { offset: number; length: number }, offset: number): boolean {
  return offset >= span.offset && offset <= span.offset + span.length;
}
