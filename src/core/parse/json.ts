/**
 * JSON (with comments and trailing commas tolerated) → tree, with exact
 * offsets. The tree is built straight from jsonc-parser's scanner events
 * (`visit`), so no intermediate jsonc tree is allocated and then converted:
 * about half the work of `parseTree` plus a conversion.
 */
import { getLocation, printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import type { ParseProblem } from '../types';
import type { Entry, Node } from './tree';
import { MAX_DEPTH, tooDeep, withinText } from './limits';
import { longFormIntrinsic } from './yaml';

export interface JsonResult {
  root: Node | undefined;
  errors: ParseProblem[];
}

interface ObjectFrame {
  kind: 'object';
  offset: number;
  depth: number;
  entries: Entry[];
}
interface ArrayFrame {
  kind: 'array';
  offset: number;
  depth: number;
  items: Node[];
}
/** A property between its key and the end of its value. */
interface PropertyFrame {
  kind: 'property';
  offset: number;
  /** Depth of the property's value. */
  depth: number;
  key: string;
  keyLength: number;
  value: Node | undefined;
}
type Frame = ObjectFrame | ArrayFrame | PropertyFrame;

const OPTIONS = { allowTrailingComma: true, disallowComments: false };

/**
 * The text with each line break inside a string literal replaced by a space,
 * one character for one so every offset stays where it was: Azure Resource
 * Manager accepts strings that span lines (scripts, long expressions), which
 * JSON does not. Comments and escapes are skipped as jsonc-parser reads them.
 */
export function withStringLineBreaksAsSpaces(text: string): string {
  let out: string[] | undefined;
  let from = 0;
  let inString = false;
  // Stryker disable next-line EqualityOperator: the character code past the end is NaN, which matches nothing
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c /* \\ */) index++;
      else if (char === 0x22 /* " */) inString = false;
      else if (char === 0x0a || char === 0x0d) {
        (out ??= []).push(text.slice(from, index), ' ');
        from = index + 1;
      }
    } else if (char === 0x22) inString = true;
    else if (char === 0x2f /* / */ && text.charCodeAt(index + 1) === 0x2f) {
      const end = text.indexOf('\n', index);
      index = end < 0 ? text.length : end;
    } else if (char === 0x2f && text.charCodeAt(index + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', index + 2);
      index = end < 0 ? text.length : end + 1;
    }
  }
  if (!out) return text;
  out.push(text.slice(from));
  return out.join('');
}

export function parseJson(text: string): JsonResult {
  const errors: ParseProblem[] = [];
  const depthErrors: ParseProblem[] = [];
  const stack: Frame[] = [];
  let root: Node | undefined;
  let rootSet = false;
  // Inside a value nested deeper than MAX_DEPTH: only count brackets until it closes.
  let skipping = 0;
  let skipOffset = 0;

  const depthHere = (): number => {
    const top = stack[stack.length - 1];
    if (!top) return 0;
    return top.kind === 'property' ? top.depth : top.depth + 1;
  };
  const attach = (node: Node): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (!rootSet) {
        root = node;
        rootSet = true;
      }
    } else if (top.kind === 'property') {
      if (top.value === undefined) top.value = node;
    } else if (top.kind === 'array') top.items.push(node);
    // A value straight inside an object (a syntax error, already reported) is dropped.
  };
  /** Leaves one level of a structure too deep to keep; at its outermost level it becomes an unknown value. */
  const leaveSkipped = (end: number): void => {
    if (--skipping === 0) {
      tooDeepValue(skipOffset, end);
      completeProperty(end);
    }
  };

  const completeProperty = (end: number): void => {
    const top = stack[stack.length - 1];
    if (top?.kind !== 'property') return;
    stack.pop();
    const parent = stack[stack.length - 1] as ObjectFrame;
    parent.entries.push({ key: top.key, keySpan: { offset: top.offset, length: top.keyLength }, value: top.value, span: { offset: top.offset, length: end - top.offset } });
  };
  const tooDeepValue = (offset: number, end: number): void => {
    if (!depthErrors.length) depthErrors.push(tooDeep(offset));
    attach({ kind: 'unknown', name: 'too-deep', argument: undefined, offset, length: end - offset });
  };
  const closeContainer = (end: number): void => {
    const frame = stack.pop() as ObjectFrame | ArrayFrame;
    const length = end - frame.offset;
    if (frame.kind === 'object') {
      const map: Node = { kind: 'map', entries: frame.entries, offset: frame.offset, length };
      attach(longFormIntrinsic(map) ?? map);
    } else attach({ kind: 'seq', items: frame.items, offset: frame.offset, length });
  };

  // jsonc-parser reports a byte-order mark as an invalid symbol; a space of the same length keeps every offset.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  try {
    visit(
      source,
      {
        onObjectBegin: (offset) => {
          if (skipping) skipping++;
          else if (depthHere() > MAX_DEPTH) {
            skipping = 1;
            skipOffset = offset;
          } else stack.push({ kind: 'object', offset, depth: depthHere(), entries: [] });
        },
        onArrayBegin: (offset) => {
          if (skipping) skipping++;
          else if (depthHere() > MAX_DEPTH) {
            skipping = 1;
            skipOffset = offset;
          } else stack.push({ kind: 'array', offset, depth: depthHere(), items: [] });
        },
        onObjectProperty: (key, offset, length) => {
          if (skipping) return;
          const top = stack[stack.length - 1];
          if (top?.kind === 'object') stack.push({ kind: 'property', offset, depth: top.depth + 1, key, keyLength: length, value: undefined });
        },
        onObjectEnd: (offset, length) => {
          const end = offset + length;
          if (skipping) return leaveSkipped(end);
          // A property missing its value ends with its object.
          completeProperty(end);
          if (stack[stack.length - 1]?.kind === 'object') closeContainer(end);
          completeProperty(end);
        },
        onArrayEnd: (offset, length) => {
          const end = offset + length;
          if (skipping) return leaveSkipped(end);
          if (stack[stack.length - 1]?.kind === 'array') closeContainer(end);
          completeProperty(end);
        },
        onLiteralValue: (value: unknown, offset, length) => {
          if (skipping) return;
          if (depthHere() > MAX_DEPTH) tooDeepValue(offset, offset + length);
          else attach({ kind: 'scalar', value: value as string | number | boolean | null, offset, length });
          completeProperty(offset + length);
        },
        onSeparator: (separator, offset) => {
          if (!skipping && separator === ',') completeProperty(offset);
        },
        onError: (error: ParseErrorCode, offset, length) => {
          errors.push({ span: { offset, length }, message: `JSON syntax error: ${describe(printParseErrorCode(error))}` });
        },
      },
      OPTIONS,
    );
  } catch (error) {
    const message = error instanceof RangeError ? 'JSON is nested too deeply to analyse.' : `JSON could not be parsed: ${String(error)}`;
    return { root: undefined, errors: [{ span: { offset: 0, length: 0 }, message }] };
  }
  // Unclosed at the end of the text (already an error): close what is open, up to the end.
  if (skipping) tooDeepValue(skipOffset, text.length);
  while (stack.length) {
    if (stack[stack.length - 1].kind === 'property') completeProperty(text.length);
    else closeContainer(text.length);
  }
  return { root, errors: withinText([...errors, ...depthErrors], text.length) };
}

function describe(code: string): string {
  // "CommaExpected" → "comma expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Where `offset` is in a JSON text that may be half typed: the path of the
 * object the cursor is in, and whether it is where a key goes. For completion.
 */
export function jsonKeyAt(text: string, offset: number): { path: (string | number)[]; atKey: boolean } {
  const location = getLocation(text, offset);
  const path = location.isAtPropertyKey && location.path.length ? location.path.slice(0, -1) : location.path;
  return { path, atKey: location.isAtPropertyKey };
}
