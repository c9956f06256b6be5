/**
 * Text edits for quick fixes, computed in the core so that the editor, the
 * CLI and the tests all see the same edits.
 *
 * Edits are minimal so that a file keeps its look: a fix replaces only the
 * value token (keeping its quotes), or inserts whole entries with the
 * indentation, key quoting and line ends of their siblings. Comments are
 * never touched.
 */
import type { Finding, TextEdit } from '../types';
import { getEntry, type Entry, type MapNode, type Node } from '../parse/tree';

/** Text layout facts a fix needs. */
export interface Layout {
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
 * The entry (at any depth) whose span starts at `offset`: the first in
 * document order, looking only inside nodes whose span holds the offset.
 * Fixes ask this once per finding, so the answers for a node come from an
 * index built in one walk (a walk per finding was quadratic: 60,000 ingress
 * rules in one security group took 40 s).
 */
export function entryAt(node: Node | undefined, offset: number): Entry | undefined {
  if (!node) return undefined;
  let index = entryIndexes.get(node);
  // Stryker disable next-line ConditionalExpression: the index is a cache; rebuilding it gives the same entries
  if (!index) entryIndexes.set(node, (index = indexEntries(node)));
  return index.get(offset);
}

const entryIndexes = new WeakMap<Node, Map<number, Entry>>();

/** Offset → first entry there, as the recursive search would find it: an entry counts only where every enclosing node's span holds its offset. */
function indexEntries(root: Node): Map<number, Entry> {
  const index = new Map<number, Entry>();
  type Item = { node: Node | undefined; entry?: undefined; low: number; high: number } | { entry: Entry; node?: undefined; low: number; high: number };
  const stack: Item[] = [{ node: root, low: -Infinity, high: Infinity }];
  // Pushed in reverse so they come off in document order; an entry's own offset is looked at before its value.
  while (stack.length) {
    const item = stack.pop()!;
    if (item.entry) {
      const at = item.entry.span.offset;
      if (at >= item.low && at <= item.high && !index.has(at)) index.set(at, item.entry);
      continue;
    }
    const node = item.node;
    if (!node) continue;
    const low = Math.max(item.low, node.offset);
    const high = Math.min(item.high, node.offset + node.length);
    if (low > high) continue;
    if (node.kind === 'map') {
      for (let i = node.entries.length - 1; i >= 0; i--) stack.push({ node: node.entries[i].value, low, high }, { entry: node.entries[i], low, high });
    } else if (node.kind === 'seq') {
      // Stryker disable next-line ArithmeticOperator: the items past the end are undefined and skipped like an absent value
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], low, high });
    }
  }
  return index;
}

/** Replaces a scalar's token, keeping its quotes. */
export function replaceScalar(layout: Layout, value: Node, plain: string): TextEdit {
  const original = layout.text.slice(value.offset, value.offset + value.length);
  const quote = original.startsWith('"') ? '"' : original.startsWith("'") ? "'" : '';
  return { offset: value.offset, length: value.length, newText: `${quote}${plain}${quote}` };
}

function isFlow(layout: Layout, map: MapNode): boolean {
  return layout.text[map.offset] === '{';
}

export function lineStart(text: string, offset: number): number {
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
  // Stryker disable next-line ConditionalExpression,EqualityOperator: an entry's span starts with its key, which is not white space
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
  // Pieces joined once: splicing the whole text per edit was quadratic in the number of edits.
  const pieces: string[] = [];
  let at = 0;
  for (const edit of mergeEdits(edits)) {
    pieces.push(text.slice(at, edit.offset), edit.newText);
    at = edit.offset + edit.length;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
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

/** A value an edit writes as structure: a map, a list or a scalar. */
export type Structured = string | number | boolean | Structured[] | { [key: string]: Structured };

/**
 * Inserts `key` with a structured value as the last entry of `map`, in the
 * map's own style: block YAML lines one indentation step deeper, or (JSON and
 * flow maps) indented JSON on new lines when the map spans lines. Undefined
 * where no edit can be sure (an empty block map).
 */
export function insertStructured(layout: Layout, map: MapNode, key: string, value: Structured): TextEdit | undefined {
  const { text, eol } = layout;
  if (isFlow(layout, map)) {
    const quoteKeys = map.entries.length ? text[map.entries[0].keySpan.offset] === '"' : /^\uFEFF?\s*\{/.test(text);
    const name = quoteKeys ? JSON.stringify(key) : key;
    const mapIndent = column(text, lineStart(text, map.offset) + /^[ \t]*/.exec(text.slice(lineStart(text, map.offset)))![0].length);
    if (!map.entries.length) {
      const close = text.indexOf('}', map.offset);
      if (close < 0 || close > map.offset + map.length) return undefined;
      const inner = ' '.repeat(mapIndent + layout.unit);
      return { offset: map.offset + 1, length: close - map.offset - 1, newText: `${eol}${inner}${name}: ${jsonLines(value, inner, layout)}${eol}${' '.repeat(mapIndent)}` };
    }
    const last = map.entries[map.entries.length - 1];
    const end = last.span.offset + last.span.length;
    const multiLine = /[\r\n]/.test(text.slice(map.offset, last.keySpan.offset));
    const indent = multiLine ? text.slice(lineStart(text, last.keySpan.offset), last.keySpan.offset) : '';
    const rendered = multiLine ? `${eol}${indent}${name}: ${jsonLines(value, indent, layout)}` : ` ${name}: ${JSON.stringify(value)}`;
    const trailing = /^\s*,/.exec(text.slice(end));
    if (trailing) return { offset: end + trailing[0].length, length: 0, newText: `${rendered},` };
    return { offset: end, length: 0, newText: `,${rendered}` };
  }
  if (!map.entries.length) return undefined;
  const indent = column(text, map.entries[0].keySpan.offset);
  const last = map.entries[map.entries.length - 1];
  const at = lineEnd(text, entryEnd(layout, last));
  return { offset: at, length: 0, newText: yamlLines(key, value, indent, layout.unit).map((line) => `${eol}${line}`).join('') };
}

/** Pretty JSON whose continuation lines start at `indent`. */
function jsonLines(value: Structured, indent: string, layout: Layout): string {
  return JSON.stringify(value, null, layout.unit).replace(/\n/g, `${layout.eol}${indent}`);
}

/** Block YAML lines of `key: value` at column `indent`. */
function yamlLines(key: string, value: Structured, indent: number, unit: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return [`${pad}${yamlKey(key)}:`, ...value.flatMap((item) => yamlItem(item, indent + unit, unit))];
  }
  if (typeof value === 'object') {
    return [`${pad}${yamlKey(key)}:`, ...Object.entries(value).flatMap(([name, inner]) => yamlLines(name, inner, indent + unit, unit))];
  }
  return [`${pad}${yamlKey(key)}: ${yamlScalar(value)}`];
}

function yamlItem(item: Structured, indent: number, unit: number): string[] {
  const pad = ' '.repeat(indent);
  if (typeof item === 'object' && !Array.isArray(item)) {
    const lines = Object.entries(item).flatMap(([name, inner]) => yamlLines(name, inner, indent + 2, unit));
    return lines.map((line, index) => (index === 0 ? `${pad}- ${line.slice(indent + 2)}` : line));
  }
  return [`${pad}- ${Array.isArray(item) ? JSON.stringify(item) : yamlScalar(item)}`];
}

function yamlKey(key: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(key) ? key : yamlScalar(key);
}

/** Plain when YAML reads it back as the same string, else single-quoted (backslashes stay literal). */
function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (/^[A-Za-z][\w ./()-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value) && !/\s$/.test(value)) return value;
  return `'${value.replace(/'/g, "''")}'`;
}

/** Where `offset` of the original text lands once non-overlapping `edits` are applied. */
export function offsetAfterEdits(edits: TextEdit[], offset: number): number {
  let shift = 0;
  for (const edit of edits) if (edit.offset + edit.length <= offset && !(edit.length === 0 && edit.offset === offset)) shift += edit.newText.length - edit.length;
  return offset + shift;
}
