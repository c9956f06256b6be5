/**
 * YAML that PyYAML, js-yaml and cfn-lint read but the `yaml` library does
 * not: a multi-line quoted scalar or flow collection whose continuation lines
 * sit at (or left of) the indentation of the node that holds it,
 *
 *     Description: "first line
 *     continues here"
 *
 * YAML 1.2 wants those lines indented further; the other parsers fold them in
 * all the same. `relayout` finds such lines in one pass over the text and
 * returns a copy with spaces inserted at their start (which changes no value:
 * leading white space of a continuation line inside quotes or brackets is
 * folded away), plus the map from offsets in the copy back to the text, so
 * every span still points into what the user wrote.
 */

export interface Relayout {
  text: string;
  /** Where spaces were inserted, by original offset (each a line start), ascending. */
  insertions: readonly Insertion[];
  /** Offset in the relaid text → offset in the original text. */
  toOriginal(offset: number): number;
}

export interface Insertion {
  /** Line start in the original text. */
  offset: number;
  /** Line start in the relaid text (where the inserted spaces begin). */
  relaidOffset: number;
  count: number;
  /** 1-based line number. */
  line: number;
}

type Mode = 'block' | 'double' | 'single' | 'flow';

/**
 * The relaid text, or undefined when no line needs moving. Linear in the text:
 * one scan, one join.
 */
export function relayout(text: string): Relayout | undefined {
  const insertions = findInsertions(text);
  // Deeply indented keys over many lines could make the copy grow without bound: stay linear in the text.
  if (insertions.length === 0 || insertions.reduce((sum, insertion) => sum + insertion.count, 0) > text.length) return undefined;
  const parts: string[] = [];
  let last = 0;
  let added = 0;
  const placed: Insertion[] = [];
  for (const insertion of insertions) {
    parts.push(text.slice(last, insertion.offset), ' '.repeat(insertion.count));
    placed.push({ ...insertion, relaidOffset: insertion.offset + added });
    added += insertion.count;
    last = insertion.offset;
  }
  parts.push(text.slice(last));
  return { text: parts.join(''), insertions: placed, toOriginal: (offset) => toOriginal(placed, offset) };
}

function toOriginal(insertions: readonly Insertion[], offset: number): number {
  // The last insertion at or before `offset` in the relaid text.
  let low = 0;
  let high = insertions.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    // Stryker disable next-line EqualityOperator: at an insertion's own relaid offset the previous insertion's shift gives the same original offset
    if (insertions[middle].relaidOffset <= offset) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (found < 0) return offset;
  const insertion = insertions[found];
  // Stryker disable next-line EqualityOperator: one past the inserted spaces both branches give the line start
  if (offset < insertion.relaidOffset + insertion.count) return insertion.offset;
  return offset - (insertion.relaidOffset - insertion.offset) - insertion.count;
}

/**
 * A small scanner that knows just enough YAML to tell where a quoted scalar
 * or flow collection opened on one line goes on past its end: block
 * indicators, keys, tags and anchors, comments, block scalars (whose content
 * it skips) and plain multi-line scalars (likewise). A line that continues
 * such a value and is not indented past the column of the node holding it
 * (the key, or the `-` of a sequence item) is moved one column past it.
 */
function findInsertions(text: string): Omit<Insertion, 'relaidOffset'>[] {
  const out: Omit<Insertion, 'relaidOffset'>[] = [];
  const length = text.length;
  let mode: Mode = 'block';
  let depth = 0;
  /** Column of the node that holds the open value; its continuation lines must go past it. */
  let owner = 0;
  /** Block scalar or plain multi-line value: lines indented past this column belong to it. */
  let skipAbove = -1;
  let line = 1;
  let position = 0;

  // Stryker disable next-line EqualityOperator: the extra pass at the end of a text ending in a line break sees an empty line, which moves nothing
  while (position < length) {
    const lineStart = position;
    let lineEnd = text.indexOf('\n', position);
    if (lineEnd < 0) lineEnd = length;
    const next = lineEnd + 1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: an empty line's previous character is its line break, never a CR
    if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    let indent = 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the character at the line end is a line break, a CR or past the text, never a space
    while (lineStart + indent < lineEnd && text.charCodeAt(lineStart + indent) === 32) indent++;
    const blank = isBlank(text, lineStart + indent, lineEnd);

    if (mode !== 'block') {
      if (!blank && indent <= owner) out.push({ offset: lineStart, count: owner + 1 - indent, line });
      const state = scanFlowOrQuoted(text, lineStart + indent, lineEnd, mode, depth);
      mode = state.mode;
      depth = state.depth;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral,BlockStatement: skipAbove is already -1 while a quoted or flow value is open (set before the line that opened it)
      if (mode === 'block') {
        // The value closed on this line; what follows it on the line is a comment or nothing.
        skipAbove = -1;
      }
    } else if (blank || text.charCodeAt(lineStart + indent) === 35 /* # */) {
      // Blank and comment lines change nothing (they may sit inside a block scalar).
    } else if (skipAbove >= 0 && indent > skipAbove) {
      // Content of a block scalar or of a plain multi-line value.
    } else if (indent === 0 && (startsWith(text, lineStart, '---') || startsWith(text, lineStart, '...') || text.charCodeAt(lineStart) === 37 /* % */)) {
      skipAbove = -1;
    } else {
      skipAbove = -1;
      const state = scanBlockLine(text, lineStart + indent, lineEnd, indent);
      mode = state.mode;
      depth = state.depth;
      owner = state.node;
      if (state.skipAbove !== undefined) skipAbove = state.skipAbove;
    }
    line++;
    position = next;
  }
  return out;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 13) return false;
  }
  return true;
}

function startsWith(text: string, at: number, prefix: string): boolean {
  return text.startsWith(prefix, at) && (at + prefix.length >= text.length || /[\s]/.test(text[at + prefix.length]));
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || Number.isNaN(code);
}

interface BlockLineState {
  mode: Mode;
  depth: number;
  /** Column of the innermost block node on the line: a key, or a sequence's `-`. */
  node: number;
  /** Set when the line opens a block scalar or a plain value whose further lines are indented past this column. */
  skipAbove?: number;
}

/**
 * One line in block context from its first non-space character: sequence
 * indicators, then a key (plain or quoted) and its value, or a bare value.
 */
function scanBlockLine(text: string, from: number, to: number, indent: number): BlockLineState {
  let at = from;
  let node = indent;
  // `- - key: value`, `? key`: each indicator opens a node one step in.
  while (at < to && (text[at] === '-' || text[at] === '?') && isSpace(text.charCodeAt(at + 1))) {
    node = at - (from - indent);
    at++;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: the character at the line end is never a space
    while (at < to && text.charCodeAt(at) === 32) at++;
  }
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: keyEndAt and scanBlockValue return the same state for an empty rest or a comment
  if (at >= to || text[at] === '#') return { mode: 'block', depth: 0, node };
  const column = (offset: number) => indent + (offset - from);
  // A key, when the first token is followed by `:` and a space.
  const keyEnd = keyEndAt(text, at, to);
  if (keyEnd !== undefined) {
    node = column(at);
    at = keyEnd;
    // Stryker disable next-line EqualityOperator: the character at the line end is never a space or a tab
    while (at < to && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
  }
  return scanBlockValue(text, at, to, node);
}

/** After a key's `:` (or at a sequence item): the value, if it starts on this line. */
function scanBlockValue(text: string, at: number, to: number, node: number): BlockLineState {
  // Tags and anchors come before the value: `!Sub '…`, `&base {…`.
  // Stryker disable next-line EqualityOperator: the character at the line end is never a tag or anchor indicator
  while (at < to && (text[at] === '!' || text[at] === '&')) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a tag that ends the line gives the same state wherever the skip stops past it
    while (at < to && !isSpace(text.charCodeAt(at))) at++;
    // Stryker disable next-line EqualityOperator: the character at the line end is never a space or a tab
    while (at < to && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
  }
  if (at >= to || text[at] === '#') return { mode: 'block', depth: 0, node };
  const first = text[at];
  if (first === '"' || first === "'" || first === '[' || first === '{') {
    // Stryker disable next-line StringLiteral: an unknown mode scans as a flow, which opens the same quote or bracket the same way
    const state = scanFlowOrQuoted(text, at, to, 'block', 0);
    return { ...state, node };
  }
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: a block scalar and a plain value give the same state
  if (first === '|' || first === '>') return { mode: 'block', depth: 0, node, skipAbove: node };
  // A plain value: lines indented past its node continue it.
  return { mode: 'block', depth: 0, node, skipAbove: node };
}

/**
 * Where a key ends (just past its `:`), when the token at `at` is a key:
 * a quoted scalar or a plain one followed by `:` and white space or the end.
 */
function keyEndAt(text: string, at: number, to: number): number | undefined {
  const first = text[at];
  let index = at;
  if (first === '"' || first === "'") {
    index = closingQuote(text, at + 1, to, first);
    if (index < 0) return undefined;
    index++;
    while (index < to && text.charCodeAt(index) === 32) index++;
    return text[index] === ':' && isSpace(text.charCodeAt(index + 1)) ? index + 1 : undefined;
  }
  if (first === '[' || first === '{' || first === '|' || first === '>' || first === '!' || first === '&' || first === '*') return undefined;
  // Stryker disable next-line EqualityOperator: the character at the line end is never a colon or a hash
  for (; index < to; index++) {
    const char = text[index];
    if (char === ':' && (index + 1 >= to || isSpace(text.charCodeAt(index + 1)))) return index + 1;
    if (char === '#' && isSpace(text.charCodeAt(index - 1))) return undefined;
  }
  return undefined;
}

/** Index of the quote that closes a scalar opened before `from`, or -1 when it stays open past `to`. */
function closingQuote(text: string, from: number, to: number, quote: string): number {
  // Stryker disable next-line EqualityOperator: the character at the line end is never a quote
  for (let index = from; index < to; index++) {
    const char = text[index];
    if (quote === '"' && char === '\\') index++;
    else if (char === quote) {
      if (quote === "'" && text[index + 1] === "'") index++;
      else return index;
    }
  }
  return -1;
}

/**
 * Scans from `at` to the end of the line inside (or into) quoted scalars and
 * flow collections; returns the mode the line ends in. In block mode it
 * starts at a value's first character.
 */
function scanFlowOrQuoted(text: string, at: number, to: number, mode: Mode, depth: number): { mode: Mode; depth: number } {
  let index = at;
  // Inside a flow collection: whether the next character starts a token (quotes open scalars only there).
  let tokenStart = true;
  // Stryker disable next-line EqualityOperator: at the line end a quoted scan finds no quote and a flow scan sees a line break, changing nothing returned
  while (index < to) {
    if (mode === 'double' || mode === 'single') {
      const close = closingQuote(text, index, to, mode === 'double' ? '"' : "'");
      // Stryker disable next-line EqualityOperator: a closing quote is never at offset 0 (an opening quote precedes it)
      if (close < 0) return { mode, depth };
      index = close + 1;
      // Stryker disable next-line StringLiteral: every caller treats any mode other than block, double and single as a flow
      mode = depth > 0 ? 'flow' : 'block';
      tokenStart = false;
      if (mode === 'block') return { mode, depth: 0 };
      continue;
    }
    const char = text[index];
    if (mode === 'block') {
      // The value's first character (a quote or a bracket).
      if (char === '"') mode = 'double';
      else if (char === "'") mode = 'single';
      else {
        // Stryker disable next-line StringLiteral: every caller treats any mode other than block, double and single as a flow
        mode = 'flow';
        depth = 1;
        tokenStart = true;
      }
      index++;
      continue;
    }
    // Flow collection.
    if (char === '#' && (index === at || isSpace(text.charCodeAt(index - 1)))) return { mode, depth };
    if (char === '[' || char === '{') {
      depth++;
      tokenStart = true;
    } else if (char === ']' || char === '}') {
      depth--;
      tokenStart = false;
      if (depth === 0) return { mode: 'block', depth: 0 };
    } else if (char === ',') tokenStart = true;
    else if (char === ':' && isSpace(text.charCodeAt(index + 1))) tokenStart = true;
    else if ((char === '"' || char === "'") && tokenStart) mode = char === '"' ? 'double' : 'single';
    else if (char !== ' ' && char !== '\t' && char !== '\r') tokenStart = false;
    index++;
  }
  return { mode, depth };
}
