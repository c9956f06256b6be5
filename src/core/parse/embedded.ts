/**
 * Text written inside a value: JSON in a string (`PolicyDocument: '{…}'`), a
 * template with deploy-time holes (`!Sub`, Terraform `"${…}"`, the pieces of
 * `Fn::Join`), a script in `UserData`. What is found inside maps back to
 * offsets in the file: exactly where the value's characters correspond to the
 * file's one to one (plain, quoted and block scalars), else to the value.
 */
import type { Span } from '../types';
import { parseJson } from './json';
import type { Entry, Node, ScalarNode } from './tree';

/** Literal text, with where each of its characters sits in the file. */
export interface TextPiece {
  kind: 'text';
  text: string;
  /** File offset of `text[index]`; `at(text.length)` is the end. */
  at(index: number): number;
}

/** A deploy-time part (`${Var}`, `!Ref X`): its content is unknown. */
export interface Hole {
  kind: 'hole';
  span: Span;
}

export type Piece = TextPiece | Hole;

/**
 * A scalar's text. With the file's text, each character of the value is
 * aligned with the characters it was written as (indentation, line breaks,
 * quotes and escapes skipped); when that fails, every offset is the value's.
 */
export function scalarPiece(node: ScalarNode, source?: string): TextPiece {
  const text = node.value === null ? '' : String(node.value);
  const raw = source?.slice(node.offset, node.offset + node.length);
  if (raw === text || (raw === undefined && node.length === text.length)) return { kind: 'text', text, at: (index) => node.offset + index };
  const offsets = raw === undefined ? undefined : align(text, raw);
  if (!offsets) return { kind: 'text', text, at: (index) => (index >= text.length ? node.offset + node.length : node.offset) };
  return { kind: 'text', text, at: (index) => node.offset + (index >= text.length ? offsets[text.length] : offsets[index]) };
}

/** A piece of text that is not written anywhere in the file (a `Fn::Join` delimiter): all of it sits at `span`. */
export function detachedPiece(text: string, span: Span): TextPiece {
  return { kind: 'text', text, at: (index) => (index >= text.length ? span.offset + span.length : span.offset) };
}

/** One piece's sub-range. */
export function slicePiece(piece: TextPiece, start: number, end: number): TextPiece {
  return { kind: 'text', text: piece.text.slice(start, end), at: (index) => piece.at(start + index) };
}

const SPACE = /[ \t\r\n]/;

/**
 * Offsets into `raw` of each character of `value` (plus one for the end), or
 * undefined when the value is not written character for character in `raw`.
 * Linear: one pass over both.
 */
function align(value: string, raw: string): Int32Array | undefined {
  let j = 0;
  // Stryker disable next-line StringLiteral: the quote is only compared with the two quote characters, which this never equals
  let quote = '';
  if (raw.startsWith('|') || raw.startsWith('>')) {
    const lineEnd = raw.indexOf('\n');
    // Stryker disable next-line EqualityOperator: raw starts with the block indicator, so its first line break is never at 0
    if (lineEnd < 0) return undefined;
    j = lineEnd + 1;
  } else if (raw.startsWith('"') || raw.startsWith("'")) {
    quote = raw[0];
    j = 1;
  }
  const offsets = new Int32Array(value.length + 1);
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    for (;;) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end raw[j] is undefined, matches no character and is no space: the loop returns undefined all the same
      if (j >= raw.length) return undefined;
      const r = raw[j];
      if (quote === '"' && r === '\\') {
        const next = raw[j + 1];
        if (next === '\n' || next === '\r') {
          // An escaped line break continues the line: no character of its own.
          j += next === '\r' && raw[j + 2] === '\n' ? 3 : 2;
          while (j < raw.length && (raw[j] === ' ' || raw[j] === '\t')) j++;
          continue;
        }
        offsets[i] = j;
        j += next === 'x' ? 4 : next === 'u' ? 6 : next === 'U' ? 10 : 2;
        break;
      }
      if (quote === "'" && c === "'" && r === "'" && raw[j + 1] === "'") {
        offsets[i] = j;
        j += 2;
        break;
      }
      if (r === c || (SPACE.test(c) && SPACE.test(r))) {
        offsets[i] = j;
        j++;
        break;
      }
      if (SPACE.test(r)) {
        j++;
        continue;
      }
      return undefined;
    }
  }
  offsets[value.length] = Math.min(j, raw.length);
  return offsets;
}

/**
 * Splits a template's text on its `${…}` interpolations, which become holes.
 * `escape` says how a literal `${` is written: `${!x}` in CloudFormation's
 * Fn::Sub, `$${` in Terraform. Undefined when the text has Terraform
 * directives (`%{ if … }`), whose output cannot be told.
 */
export function splitInterpolations(piece: TextPiece, escape: 'sub' | 'hcl'): Piece[] | undefined {
  const { text } = piece;
  if (escape === 'hcl' && /(?<!%)%\{/.test(text)) return undefined;
  const out: Piece[] = [];
  let literal = '';
  let literalAt: number[] = [];
  const flush = (): void => {
    if (!literal) return;
    const at = literalAt;
    const end = piece.at(at.length ? at[at.length - 1] + 1 : 0);
    out.push({ kind: 'text', text: literal, at: (index) => (index >= at.length ? end : piece.at(at[index])) });
    literal = '';
    literalAt = [];
  };
  let i = 0;
  while (i < text.length) {
    if (text[i] === '$' && text[i + 1] === '{') {
      if (escape === 'sub' && text[i + 2] === '!') {
        // `${!Literal}` is written out as `${Literal}`.
        literal += '${';
        literalAt.push(i, i + 1);
        i += 3;
        continue;
      }
      const end = closingBrace(text, i + 2);
      // Stryker disable next-line EqualityOperator: the closing brace is searched from i + 2, so it is never at 0
      if (end < 0) return undefined;
      flush();
      out.push({ kind: 'hole', span: { offset: piece.at(i), length: piece.at(end + 1) - piece.at(i) } });
      i = end + 1;
      continue;
    }
    if (escape === 'hcl' && text[i] === '$' && text[i + 1] === '$' && text[i + 2] === '{') {
      literal += '${';
      literalAt.push(i + 1, i + 2);
      i += 3;
      continue;
    }
    literal += text[i];
    literalAt.push(i);
    i++;
  }
  flush();
  return out;
}

/** The `}` that closes an interpolation opened before `from`, skipping nested braces and quoted strings; -1 when none. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  let quoted = false;
  // Stryker disable next-line EqualityOperator: text[text.length] is undefined and changes nothing
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** What a hole stands for inside a JSON string: a deploy-time part, recognisable by `${`. */
export const HOLE_TEXT = '${?}';

/**
 * JSON written as pieces of text and holes → tree, offsets in the file. A
 * hole inside a JSON string becomes `${?}` in that string (the string is
 * then partly unknown); a hole where a value goes becomes the string
 * `"${?}"`. Undefined when the text is not a JSON object or array.
 */
export function parseEmbeddedJson(pieces: Piece[]): Node | undefined {
  let text = '';
  const offsets: number[] = [];
  let inString = false;
  let escaped = false;
  for (const piece of pieces) {
    if (piece.kind === 'hole') {
      const written = inString ? HOLE_TEXT : `"${HOLE_TEXT}"`;
      text += written;
      for (let k = 0; k < written.length; k++) offsets.push(k === written.length - 1 ? piece.span.offset + Math.max(piece.span.length - 1, 0) : piece.span.offset);
      escaped = false;
      continue;
    }
    for (let k = 0; k < piece.text.length; k++) {
      const c = piece.text[k];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      offsets.push(piece.at(k));
    }
    text += piece.text;
  }
  const trimmed = text.trim();
  if (!/^[{[]/.test(trimmed) || !/[}\]]$/.test(trimmed)) return undefined;
  const parsed = parseJson(text);
  if (parsed.errors.length || !parsed.root || (parsed.root.kind !== 'map' && parsed.root.kind !== 'seq')) return undefined;
  const end = pieces.length ? endOf(pieces[pieces.length - 1]) : 0;
  const toFile = (start: number, length: number): Span => {
    const from = offsets[start] ?? end;
    const last = length > 0 ? (offsets[start + length - 1] ?? end - 1) : from - 1;
    return { offset: from, length: Math.max(last + 1 - from, 0) };
  };
  return remap(parsed.root, toFile);
}

// Stryker disable next-line BlockStatement: every character of the JSON text has an offset, so the end is never read
function endOf(piece: Piece): number {
  // Stryker disable next-line ConditionalExpression,StringLiteral: every character of the JSON text has an offset, so the end is never read
  return piece.kind === 'hole' ? piece.span.offset + piece.span.length : piece.at(piece.text.length);
}

function remap(node: Node, toFile: (offset: number, length: number) => Span): Node {
  const span = toFile(node.offset, node.length);
  switch (node.kind) {
    case 'map':
      return {
        ...node,
        ...span,
        entries: node.entries.map((entry): Entry => ({
          ...entry,
          keySpan: toFile(entry.keySpan.offset, entry.keySpan.length),
          span: toFile(entry.span.offset, entry.span.length),
          value: entry.value && remap(entry.value, toFile),
        })),
      };
    case 'seq':
      return { ...node, ...span, items: node.items.map((item) => remap(item, toFile)) };
    // Stryker disable next-line StringLiteral: JSON has no unknown (deploy-time) nodes
    case 'unknown':
      return { ...node, ...span, argument: node.argument && remap(node.argument, toFile) };
    case 'scalar':
      return { ...node, ...span };
  }
}
