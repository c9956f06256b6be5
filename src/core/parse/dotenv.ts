/**
 * .env files with exact offsets: `KEY=VALUE`, `export KEY=VALUE`, single,
 * double and backtick quotes (all may span lines, as in the dotenv
 * package), `#` comments (whole-line, and after whitespace in unquoted
 * values), CRLF or CR line ends and a leading byte-order mark. Only double
 * quotes process escapes (`\n`, `\"`, `\\`). Nothing is expanded.
 */
import type { ParseProblem, Span } from '../types';
import { endOfLine, nextLine } from './lines';

export interface DotenvEntry {
  key: string;
  keySpan: Span;
  /** The value as the application sees it: unquoted, escapes processed. */
  value: string;
  /** The value as written, quotes included. */
  valueSpan: Span;
  /** Key through the end of the value. */
  span: Span;
  quote: '"' | "'" | '`' | undefined;
  exported: boolean;
}

export interface DotenvResult {
  entries: DotenvEntry[];
  errors: ParseProblem[];
}

const KEY = /[A-Za-z_][A-Za-z0-9_.-]*/y;

export function parseDotenv(text: string): DotenvResult {
  const entries: DotenvEntry[] = [];
  const errors: ParseProblem[] = [];
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  // Stryker disable next-line EqualityOperator: a pass at the very end finds an empty line and skips it
  while (position < text.length) {
    const lineEnd = endOfLine(text, position);
    let cursor = skipBlanks(text, position, lineEnd);
    if (cursor === lineEnd || text[cursor] === '#') {
      position = nextLine(text, lineEnd);
      continue;
    }
    let exported = false;
    if (text.startsWith('export', cursor) && /[ \t]/.test(text[cursor + 6] ?? '')) {
      exported = true;
      cursor = skipBlanks(text, cursor + 6, lineEnd);
    }
    KEY.lastIndex = cursor;
    const keyMatch = KEY.exec(text);
    const afterKey = keyMatch ? skipBlanks(text, cursor + keyMatch[0].length, lineEnd) : cursor;
    if (!keyMatch || keyMatch.index !== cursor || text[afterKey] !== '=') {
      if (!(exported && keyMatch && afterKey === lineEnd)) {
        errors.push({ span: { offset: cursor, length: lineEnd - cursor }, message: 'Not a KEY=VALUE line: a .env line is a variable name, "=", and a value.' });
      }
      position = nextLine(text, lineEnd);
      continue;
    }
    const key = keyMatch[0];
    const keySpan = { offset: cursor, length: key.length };
    const valueStart = skipBlanks(text, afterKey + 1, lineEnd);
    const quote = text[valueStart];
    let value: string;
    let valueEnd: number;
    let resume: number;
    if (quote === '"' || quote === "'" || quote === '`') {
      const close = closingQuote(text, valueStart + 1, quote);
      // Stryker disable next-line EqualityOperator: the search starts after the opening quote, so a closing quote is never at 0
      if (close < 0) {
        errors.push({ span: { offset: valueStart, length: 1 }, message: `Unclosed ${quote === '"' ? 'double' : quote === "'" ? 'single' : 'backtick'} quote in ${key}.` });
        valueEnd = lineEnd;
        value = text.slice(valueStart + 1, lineEnd);
        resume = nextLine(text, lineEnd);
      } else {
        valueEnd = close + 1;
        const raw = text.slice(valueStart + 1, close);
        value = quote === '"' ? unescapeDouble(raw) : raw;
        resume = nextLine(text, endOfLine(text, valueEnd));
      }
    } else {
      const comment = inlineComment(text, valueStart, lineEnd);
      valueEnd = trimEnd(text, valueStart, comment);
      value = text.slice(valueStart, valueEnd);
      resume = nextLine(text, lineEnd);
    }
    entries.push({
      key,
      keySpan,
      value,
      valueSpan: { offset: valueStart, length: valueEnd - valueStart },
      span: { offset: cursor, length: valueEnd - cursor },
      quote: quote === '"' || quote === "'" || quote === '`' ? quote : undefined,
      exported,
    });
    position = resume;
  }
  return { entries, errors };
}


function skipBlanks(text: string, from: number, limit: number): number {
  let index = from;
  while (index < limit && (text[index] === ' ' || text[index] === '\t')) index++;
  return index;
}

function trimEnd(text: string, start: number, end: number): number {
  let index = end;
  while (index > start && (text[index - 1] === ' ' || text[index - 1] === '\t')) index--;
  return index;
}

/** `VALUE # comment`: a # after whitespace starts a comment; `a#b` is a value. */
function inlineComment(text: string, start: number, lineEnd: number): number {
  // Stryker disable next-line EqualityOperator: the character at lineEnd is a line break or past the end, never `#`
  for (let index = start; index < lineEnd; index++) {
    if (text[index] === '#' && (index === start || text[index - 1] === ' ' || text[index - 1] === '\t')) return index;
  }
  return lineEnd;
}

function closingQuote(text: string, from: number, quote: string): number {
  // Stryker disable next-line EqualityOperator: the character past the end is undefined, never a quote
  for (let index = from; index < text.length; index++) {
    if (quote === '"' && text[index] === '\\') {
      index++;
      continue;
    }
    if (text[index] === quote) return index;
  }
  return -1;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([nrt"\\$])/g, (_, char: string) => (char === 'n' ? '\n' : char === 'r' ? '\r' : char === 't' ? '\t' : char));
}
