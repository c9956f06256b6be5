/**
 * Java .properties files (Spring `application.properties`) with exact
 * offsets: `key=value`, `key: value` and `key value`; `#` and `!` comment
 * lines; a line ending in an odd number of backslashes continues on the
 * next (whose leading blanks are dropped); escapes (`\t`, `\n`, `\uXXXX`,
 * `\=` …) are processed in keys and values. CRLF, CR and a BOM are fine.
 */
import type { Span } from '../types';
import { endOfLine, nextLine } from './lines';

export interface PropertyEntry {
  key: string;
  keySpan: Span;
  value: string;
  /** The value as written (may span continued lines). */
  valueSpan: Span;
  /** Key through the end of the value. */
  span: Span;
}

const BLANK = /[ \t\f]/;

export function parseProperties(text: string): PropertyEntry[] {
  const entries: PropertyEntry[] = [];
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (position < text.length) {
    let cursor = position;
    while (cursor < text.length && BLANK.test(text[cursor])) cursor++;
    const lineEnd = endOfLine(text, cursor);
    if (cursor === lineEnd || text[cursor] === '#' || text[cursor] === '!') {
      position = nextLine(text, lineEnd);
      continue;
    }
    // The logical line: physical lines joined while they end in an odd number of backslashes.
    const reader = new LogicalLine(text, cursor);
    const keyStart = cursor;
    let key = '';
    let keyEnd = cursor;
    while (!reader.done()) {
      const char = reader.peek();
      if (char === '=' || char === ':' || BLANK.test(char)) break;
      key += reader.next();
      keyEnd = reader.lastEnd;
    }
    while (!reader.done() && BLANK.test(reader.peek())) reader.next();
    if (!reader.done() && (reader.peek() === '=' || reader.peek() === ':')) reader.next();
    while (!reader.done() && BLANK.test(reader.peek())) reader.next();
    const valueStart = reader.offset;
    let value = '';
    let valueEnd = valueStart;
    while (!reader.done()) {
      value += reader.next();
      valueEnd = reader.lastEnd;
    }
    entries.push({
      key,
      keySpan: { offset: keyStart, length: keyEnd - keyStart },
      value,
      valueSpan: { offset: valueStart, length: Math.max(0, valueEnd - valueStart) },
      span: { offset: keyStart, length: Math.max(keyEnd, valueEnd) - keyStart },
    });
    position = nextLine(text, reader.physicalLineEnd);
  }
  return entries;
}

/** Reads one logical line character by character, resolving escapes and continuations. */
class LogicalLine {
  offset: number;
  /** Offset just after the last character returned by next(). */
  lastEnd: number;
  physicalLineEnd: number;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.offset = start;
    this.lastEnd = start;
    this.physicalLineEnd = endOfLine(text, start);
    this.skipContinuation();
  }

  done(): boolean {
    return this.offset >= this.physicalLineEnd;
  }

  peek(): string {
    return this.text[this.offset];
  }

  next(): string {
    const text = this.text;
    let char = text[this.offset];
    if (char === '\\' && this.offset + 1 < this.physicalLineEnd) {
      const escaped = text[this.offset + 1];
      if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(this.offset + 2, this.offset + 6))) {
        char = String.fromCharCode(parseInt(text.slice(this.offset + 2, this.offset + 6), 16));
        this.offset += 6;
      } else {
        char = escaped === 't' ? '\t' : escaped === 'n' ? '\n' : escaped === 'r' ? '\r' : escaped === 'f' ? '\f' : escaped;
        this.offset += 2;
      }
    } else this.offset++;
    this.lastEnd = this.offset;
    this.skipContinuation();
    return char;
  }

  /** A backslash just before the line end joins the next line, minus its leading blanks. */
  private skipContinuation(): void {
    while (this.offset === this.physicalLineEnd - 1 && this.text[this.offset] === '\\' && this.physicalLineEnd < this.text.length) {
      let next = nextLine(this.text, this.physicalLineEnd);
      while (next < this.text.length && BLANK.test(this.text[next])) next++;
      this.offset = next;
      this.physicalLineEnd = endOfLine(this.text, next);
    }
  }
}
