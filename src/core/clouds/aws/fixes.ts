/**
 * Quick fixes as plain text edits, computed in the core so that the editor,
 * the CLI and the tests all see the same edits.
 *
 * Edits are minimal so that a file keeps its look: a fix replaces only the
 * value token (keeping its quotes), or inserts whole entries with the
 * indentation, key quoting and line ends of their siblings. Comments are
 * never touched.
 *
 * Which value is secure comes from the rule data (knowledge/findings.json):
 * a `property` rule whose insecure value is `equals: false` is fixed by
 * `true` and the other way round. Placeholders (a private CIDR range, a
 * Secrets Manager reference to fill in) are offered but never preferred, so
 * "fix all" never applies them.
 */
import type { Finding, Fix, TextEdit } from '../../types';
import type { FindingRule } from './knowledge/schema';
import { findingRules } from './knowledge';
import { get, getEntry, type Entry, type MapNode, type Node } from '../../parse/tree';
import { parseJson } from '../../parse/json';
import { METADATA_KEY, SUPPRESSION_MARKER } from '../../engine/suppressions';

/** Placeholder ranges: private address space that the user must narrow to their admin network. */
export const PLACEHOLDER_CIDR = '10.0.0.0/8';
export const PLACEHOLDER_CIDR_V6 = 'fd00::/8';
/** A Secrets Manager dynamic reference whose secret name the user must fill in. */
export const SECRET_PLACEHOLDER = 'REPLACE-WITH-SECRET-NAME';

/**
 * Rules whose fix changes a property that CloudFormation can only set when the
 * resource is created: applying it to a deployed stack replaces the resource
 * (the rule's own `fix` text says so), so the fix is offered but not preferred.
 */
const REPLACES_RESOURCE = new Set(['rds-storage-unencrypted']);

/** Text layout facts a fix needs. */
interface Layout {
  text: string;
  eol: string;
  /** Indentation step of block YAML, from the file. */
  unit: number;
}

export function layoutOf(text: string): Layout {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const indented = /\n([ ]+)\S/.exec(text);
  return { text, eol, unit: indented ? Math.min(indented[1].length, 8) : 2 };
}

/**
 * Adds `fix` to the findings of template resources (CloudFormation, SAM, and
 * the `resources` section of Serverless files). `root` is the map that holds
 * `Resources`.
 */
export function withTemplateFixes(text: string, root: Node, findings: Finding[]): Finding[] {
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map' || !findings.length) return findings;
  const layout = layoutOf(text);
  return findings.map((finding) => {
    const entry = getEntry(resources, finding.resource);
    if (entry?.value?.kind !== 'map' || finding.fix) return finding;
    const fix = templateFix(layout, entry.value, entry.keySpan.offset, finding);
    return fix ? { ...finding, fix } : finding;
  });
}

function templateFix(layout: Layout, resource: MapNode, logicalIdOffset: number, finding: Finding): Fix | undefined {
  const rules = findingRules.rules.filter((rule) => rule.id === finding.ruleId);
  if (!rules.length) return undefined;
  const check = rules[0].check;
  switch (check.kind) {
    case 'property':
      return propertyFix(layout, resource, logicalIdOffset, finding, rules);
    case 'world-open-ingress':
      return cidrFix(layout, resource, finding);
    case 'literal-secret':
      return secretFix(layout, resource, finding);
    default:
      return undefined;
  }
}

/* ------------------------------------------------------- boolean properties */

function propertyFix(layout: Layout, resource: MapNode, logicalIdOffset: number, finding: Finding, rules: FindingRule[]): Fix | undefined {
  const rule = rules.find((candidate) => candidate.check.kind === 'property' && matchesType(candidate.check.types, finding.resourceType));
  if (rule?.check.kind !== 'property') return undefined;
  const secure = secureValue(rule);
  if (secure === undefined) return undefined;
  const preferred = !REPLACES_RESOURCE.has(rule.id);
  const segments = rule.check.path.split('.');
  const name = segments[segments.length - 1].replace(/\[\]$/, '');
  const title = `Set ${name}: ${secure}`;
  const below = segments.slice(1).join('.');
  // The finding points at the insecure entry itself: replace its value.
  const found = entryAt(resource, finding.span.offset);
  if (found && found.key === name) {
    if (found.value?.kind !== 'scalar') return undefined;
    return { title, preferred, edits: [replaceScalar(layout, found.value, String(secure))] };
  }
  // Otherwise the property is missing (the finding is on the logical id); paths through lists cannot be filled in.
  if (finding.span.offset !== logicalIdOffset || segments.some((segment) => segment.endsWith('[]'))) return undefined;
  const edit = insertPath(layout, resource, segments, String(secure));
  return edit ? { title: `Add ${below}: ${secure}`, preferred, edits: [edit] } : undefined;
}

/** The opposite of a single boolean `equals` condition; undefined when the rule is not that simple. */
function secureValue(rule: FindingRule): boolean | undefined {
  if (rule.check.kind !== 'property' || rule.check.insecure.length !== 1) return undefined;
  const condition = rule.check.insecure[0];
  if (condition.path !== undefined || typeof condition.equals !== 'boolean') return undefined;
  return !condition.equals;
}

function matchesType(types: string[], type: string): boolean {
  return types.some((candidate) => candidate === type || (candidate.endsWith('*') && type.startsWith(candidate.slice(0, -1))));
}

/* ---------------------------------------------------------------- CIDR ranges */

function cidrFix(layout: Layout, resource: MapNode, finding: Finding): Fix | undefined {
  const entry = entryAt(resource, finding.span.offset);
  if (!entry || entry.value?.kind !== 'scalar' || (entry.key !== 'CidrIp' && entry.key !== 'CidrIpv6')) return undefined;
  const placeholder = entry.key === 'CidrIp' ? PLACEHOLDER_CIDR : PLACEHOLDER_CIDR_V6;
  return {
    title: `Restrict ${entry.key} to the placeholder range ${placeholder} (then narrow it to your admin network)`,
    preferred: false,
    edits: [replaceScalar(layout, entry.value, placeholder)],
  };
}

/* -------------------------------------------------------------- literal secrets */

function secretFix(layout: Layout, resource: MapNode, finding: Finding): Fix | undefined {
  const entry = entryAt(resource, finding.span.offset);
  if (!entry || entry.value?.kind !== 'scalar') return undefined;
  const reference = `{{resolve:secretsmanager:${SECRET_PLACEHOLDER}:SecretString:${secretJsonKey(entry.key)}}}`;
  const value = entry.value;
  const original = layout.text.slice(value.offset, value.offset + value.length);
  // `{{` would start a flow mapping in plain YAML: always quote, with the file's own quote when it had one.
  const quote = original.startsWith('"') || isJsonValue(layout, value) ? '"' : "'";
  return {
    title: 'Replace the literal secret with a Secrets Manager dynamic reference (fill in the secret name)',
    preferred: false,
    edits: [{ offset: value.offset, length: value.length, newText: `${quote}${reference}${quote}` }],
  };
}

/** The key inside the secret's JSON: `password` for password-like names, else the property name. */
function secretJsonKey(key: string): string {
  if (/passw(or)?d|pwd/i.test(key)) return 'password';
  if (/user(name)?$/i.test(key)) return 'username';
  return key.replace(/[^A-Za-z0-9_-]/g, '') || 'value';
}

/* -------------------------------------------------------------------- helpers */

/** The entry (at any depth) whose span starts at `offset`. */
export function entryAt(node: Node | undefined, offset: number): Entry | undefined {
  if (!node || offset < node.offset || offset > node.offset + node.length) return undefined;
  if (node.kind === 'map') {
    for (const entry of node.entries) {
      if (entry.span.offset === offset) return entry;
      const inner = entryAt(entry.value, offset);
      if (inner) return inner;
    }
  } else if (node.kind === 'seq') {
    for (const item of node.items) {
      const inner = entryAt(item, offset);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Replaces a scalar's token, keeping its quotes. */
export function replaceScalar(layout: Layout, value: Node, plain: string): TextEdit {
  const original = layout.text.slice(value.offset, value.offset + value.length);
  const quote = original.startsWith('"') ? '"' : original.startsWith("'") ? "'" : '';
  return { offset: value.offset, length: value.length, newText: `${quote}${plain}${quote}` };
}

function isJsonValue(layout: Layout, node: Node): boolean {
  void node;
  return /^\uFEFF?\s*\{/.test(layout.text);
}

function isFlow(layout: Layout, map: MapNode): boolean {
  return layout.text[map.offset] === '{';
}

function lineStart(text: string, offset: number): number {
  let index = offset;
  while (index > 0 && text[index - 1] !== '\n' && text[index - 1] !== '\r') index--;
  return index;
}

function lineEnd(text: string, offset: number): number {
  let index = offset;
  while (index < text.length && text[index] !== '\n' && text[index] !== '\r') index++;
  return index;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** End of an entry's own text, before any line break its span swallowed (block scalars, block maps). */
function entryEnd(layout: Layout, entry: Entry): number {
  let end = entry.span.offset + entry.span.length;
  while (end > entry.span.offset && /\s/.test(layout.text[end - 1])) end--;
  return end;
}

/**
 * Inserts `segments` (a dotted path below `map`, e.g. Properties.X.Y) with a
 * leaf value, creating the maps that are missing. Undefined when the path
 * runs into something that is not a map (an intrinsic function, a list, a
 * scalar), where no edit can be sure.
 */
export function insertPath(layout: Layout, map: MapNode, segments: string[], leaf: string): TextEdit | undefined {
  let current = map;
  for (let index = 0; index < segments.length; index++) {
    const entry = getEntry(current, segments[index]);
    if (!entry) return insertEntry(layout, current, segments.slice(index), leaf);
    if (index === segments.length - 1) return undefined;
    if (entry.value?.kind === 'map') {
      current = entry.value;
      continue;
    }
    if (entry.value === undefined || (entry.value.kind === 'scalar' && entry.value.value === null && entry.value.length === 0)) {
      return insertUnderEmptyKey(layout, entry, segments.slice(index + 1), leaf);
    }
    return undefined;
  }
  return undefined;
}

/** `Key:` with nothing after it, in block YAML: the new entries go on the lines below, one step deeper. */
function insertUnderEmptyKey(layout: Layout, entry: Entry, segments: string[], leaf: string): TextEdit | undefined {
  if (/^\uFEFF?\s*\{/.test(layout.text)) return undefined;
  const indent = column(layout.text, entry.keySpan.offset) + layout.unit;
  const at = lineEnd(layout.text, entry.keySpan.offset);
  return { offset: at, length: 0, newText: blockLines(layout, segments, leaf, indent).map((line) => `${layout.eol}${line}`).join('') };
}

function insertEntry(layout: Layout, map: MapNode, segments: string[], leaf: string): TextEdit | undefined {
  const { text } = layout;
  if (isFlow(layout, map)) {
    const quoteKeys = map.entries.length ? text[map.entries[0].keySpan.offset] === '"' : /^\uFEFF?\s*\{/.test(text);
    const entryText = flowEntry(segments, leaf, quoteKeys);
    if (!map.entries.length) {
      // `{}` or `{ }`: put the entry between the braces.
      const close = text.indexOf('}', map.offset);
      if (close < 0 || close > map.offset + map.length) return undefined;
      return { offset: map.offset + 1, length: close - map.offset - 1, newText: ` ${entryText} ` };
    }
    const last = map.entries[map.entries.length - 1];
    const end = last.span.offset + last.span.length;
    const previousStart = map.entries.length > 1 ? map.entries[map.entries.length - 2].span.offset : map.offset;
    const multiLine = /[\r\n]/.test(text.slice(previousStart, last.span.offset));
    const separator = multiLine ? `${layout.eol}${text.slice(lineStart(text, last.span.offset), last.span.offset)}` : ' ';
    // A trailing comma after the last entry (tolerated in JSONC) stays where it is: insert after it instead.
    const trailing = /^\s*,/.exec(text.slice(end));
    if (trailing) return { offset: end + trailing[0].length, length: 0, newText: `${separator}${entryText},` };
    return { offset: end, length: 0, newText: `,${separator}${entryText}` };
  }
  if (!map.entries.length) return undefined;
  const indent = column(text, map.entries[0].keySpan.offset);
  const last = map.entries[map.entries.length - 1];
  // After the last sibling's line (its trailing comment stays on it).
  const at = lineEnd(text, entryEnd(layout, last));
  return { offset: at, length: 0, newText: blockLines(layout, segments, leaf, indent).map((line) => `${layout.eol}${line}`).join('') };
}

function blockLines(layout: Layout, segments: string[], leaf: string, indent: number): string[] {
  return segments.map((segment, depth) => `${' '.repeat(indent + depth * layout.unit)}${segment}:${depth === segments.length - 1 ? ` ${leaf}` : ''}`);
}

function flowEntry(segments: string[], leaf: string, quoteKeys: boolean): string {
  const key = (name: string) => (quoteKeys ? `"${name}"` : name);
  const [first, ...rest] = segments;
  if (!rest.length) return `${key(first)}: ${leaf}`;
  return `${key(first)}: { ${flowEntry(rest, leaf, quoteKeys)} }`;
}

/** Applies non-overlapping edits to a text (for the CLI, tests and fix-all previews). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const edit of mergeEdits(edits).reverse()) out = out.slice(0, edit.offset) + edit.newText + out.slice(edit.offset + edit.length);
  return out;
}

/* --------------------------------------------------------------- suppressions */

export interface SuppressionEdit {
  title: string;
  edits: TextEdit[];
  /** Where the reason goes, as an offset in the text after the edits. */
  cursor: number;
}

/**
 * The edit that suppresses one finding: a comment on the line above it, or in
 * a CloudFormation JSON template (which has no comments) a `Metadata` entry on
 * its resource. The reason is left empty for the user to type: until they do,
 * the suppression is itself flagged, so an unfinished one never hides a finding.
 */
export function suppressionEdit(text: string, finding: Finding, kind: string | undefined): SuppressionEdit | undefined {
  const layout = layoutOf(text);
  const title = `Suppress ${finding.ruleId} with a reason`;
  if (/^\uFEFF?\s*[{[]/.test(text)) {
    if (kind !== 'cloudformation') return undefined;
    return metadataSuppression(layout, finding, title);
  }
  const start = lineStart(text, finding.span.offset);
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  const comment = `${indent}# ${SUPPRESSION_MARKER} ${finding.ruleId} -- `;
  return { title, edits: [{ offset: start, length: 0, newText: `${comment}${layout.eol}` }], cursor: start + comment.length };
}

function metadataSuppression(layout: Layout, finding: Finding, title: string): SuppressionEdit | undefined {
  const resource = getEntry(get(parseJson(layout.text).root, 'Resources'), finding.resource)?.value;
  if (resource?.kind !== 'map') return undefined;
  const item = `{ "rule": ${JSON.stringify(finding.ruleId)}, "reason": "" }`;
  const ignore = getEntry(get(get(resource, 'Metadata'), METADATA_KEY), 'ignore');
  let edit: TextEdit | undefined;
  if (ignore) {
    if (ignore.value?.kind !== 'seq') return undefined;
    const list = ignore.value;
    const last = list.items[list.items.length - 1];
    edit = last
      ? { offset: last.offset + last.length, length: 0, newText: `, ${item}` }
      : { offset: list.offset + 1, length: list.length - 2, newText: ` ${item} ` };
  } else edit = insertPath(layout, resource, ['Metadata', METADATA_KEY, 'ignore'], `[ ${item} ]`);
  if (!edit) return undefined;
  return { title, edits: [edit], cursor: edit.offset + edit.newText.lastIndexOf('""') + 1 };
}

/**
 * Edits of several fixes as one non-overlapping list (what an editor's
 * WorkspaceEdit accepts): sorted, inserts at the same offset merged in order,
 * and any edit that overlaps an earlier one dropped.
 */
export function mergeEdits(edits: TextEdit[]): TextEdit[] {
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.offset - b.edit.offset || a.index - b.index);
  const out: TextEdit[] = [];
  let end = -1;
  for (const { edit } of sorted) {
    const previous = out[out.length - 1];
    if (previous && previous.length === 0 && edit.length === 0 && previous.offset === edit.offset) {
      out[out.length - 1] = { ...previous, newText: previous.newText + edit.newText };
      continue;
    }
    if (edit.offset < end || (previous && edit.offset === previous.offset && edit.length > 0 && previous.length > 0)) continue;
    out.push(edit);
    end = edit.offset + edit.length;
  }
  return out;
}

/** The edits of every preferred fix among `findings`, merged (fix-all). */
export function preferredFixEdits(findings: Finding[]): TextEdit[] {
  return mergeEdits(findings.flatMap((finding) => (finding.fix?.preferred ? finding.fix.edits : [])));
}
