/**
 * A small syntax tree shared by every format's parser (YAML, JSON, HCL …):
 * maps, sequences and scalars with exact offsets, plus opaque values whose
 * content is not known until deploy time (intrinsic functions, references).
 */
import type { Span } from '../types';

export interface MapNode extends Span {
  kind: 'map';
  entries: Entry[];
  /**
   * Members known only at deploy time (Bicep's spread `...x`), in source order:
   * each may add any key, or replace a key written before it.
   */
  spreads?: UnknownNode[];
}

export interface Entry {
  key: string;
  keySpan: Span;
  /** Undefined for `Key:` with nothing after it. */
  value: Node | undefined;
  /** From the first character of the key to the last of the value. */
  span: Span;
}

export interface SeqNode extends Span {
  kind: 'seq';
  items: Node[];
}

export interface ScalarNode extends Span {
  kind: 'scalar';
  value: string | number | boolean | null;
}

/** A value only known at deploy time: `!Ref X`, `{"Fn::Sub": …}`, `var.x` … */
export interface UnknownNode extends Span {
  kind: 'unknown';
  /** e.g. "Ref", "Fn::GetAtt", "var". */
  name: string;
  argument: Node | undefined;
}

export type Node = MapNode | SeqNode | ScalarNode | UnknownNode;

export function getEntry(node: Node | undefined, key: string): Entry | undefined {
  return node?.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}

export function get(node: Node | undefined, key: string): Node | undefined {
  return getEntry(node, key)?.value;
}

/** Follows a dotted path with `[n]` indexes: "Properties.Tags[0].Key". */
export function getPath(node: Node | undefined, path: string): Node | undefined {
  let current = node;
  for (const segment of splitCached(path)) {
    if (current === undefined) return undefined;
    if (typeof segment === 'number') current = current.kind === 'seq' ? current.items[segment] : undefined;
    else current = get(current, segment);
  }
  return current;
}

/** Paths come from knowledge rules and mappings, a small set: each is split once. */
const splitPaths = new Map<string, readonly (string | number)[]>();

function splitCached(path: string): readonly (string | number)[] {
  let segments = splitPaths.get(path);
  // Stryker disable next-line ConditionalExpression: a cache; parsing the path again gives the same segments
  if (!segments) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: only bounds the cache's memory; a cleared cache re-parses the same segments
    if (splitPaths.size >= 5_000) splitPaths.clear();
    splitPaths.set(path, (segments = parsePath(path)));
  }
  return segments;
}

export function splitPath(path: string): (string | number)[] {
  return [...splitCached(path)];
}

function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      out.push(part);
      continue;
    }
    if (match[1]) out.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

/**
 * `node` with each unknown value for which `replace` returns a node replaced
 * by it (values read from elsewhere, such as a parameter's default).
 * Subtrees without a replacement keep their identity; deeper than
 * `maxDepth` nothing is replaced.
 */
export function replaceUnknowns(node: Node, replace: (unknown: UnknownNode) => Node | undefined, maxDepth = 200): Node {
  const visit = (current: Node, depth: number): Node => {
    if (depth > maxDepth) return current;
    switch (current.kind) {
      case 'map': {
        let changed = false;
        const entries = current.entries.map((entry) => {
          const value = entry.value && visit(entry.value, depth + 1);
          if (value === entry.value) return entry;
          changed = true;
          return { ...entry, value };
        });
        return changed ? { ...current, entries } : current;
      }
      case 'seq': {
        let changed = false;
        const items = current.items.map((item) => {
          const value = visit(item, depth + 1);
          if (value !== item) changed = true;
          return value;
        });
        return changed ? { ...current, items } : current;
      }
      case 'unknown':
        return replace(current) ?? current;
      case 'scalar':
        return current;
    }
  };
  return visit(node, 0);
}

/** The scalar value, or undefined when unknown or not a scalar. */
export function scalar(node: Node | undefined): string | number | boolean | null | undefined {
  return node?.kind === 'scalar' ? node.value : undefined;
}

/** True for `true`, `"true"`, `"True"`: CloudFormation accepts booleans as strings. */
export function isTrue(node: Node | undefined): boolean {
  const value = scalar(node);
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export function isFalse(node: Node | undefined): boolean {
  const value = scalar(node);
  return value === false || (typeof value === 'string' && value.toLowerCase() === 'false');
}
