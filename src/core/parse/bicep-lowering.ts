/**
 * Bicep syntax newer than tree-sitter-bicep 1.1.0 (the only grammar on npm),
 * rewritten in a copy of the text that the grammar parses. The copy has the
 * same length and keeps every newline, so each offset, line and column in it
 * is the file's own. What is rewritten never holds a setting:
 * - a declaration's type (`param`, `output`, `type`, a `func`'s parameters
 *   and result): a name as long as the type's first line. The analysis never
 *   reads types; the grammar knows no resource-derived type
 *   (`resourceInput<'T@v'>.properties`) and misreads a nullable named type
 *   (`lockType?`) as the start of `?:` when a keyword line follows;
 * - a typed variable's type (`var x string = …`): blanked;
 * - compile-time imports (`import {…} from '…'`, `import * as x from '…'`)
 *   and `extension …`: blanked;
 * - the non-null assertion `x!`: blanked (it changes no value);
 * - a spread `...x`: in an array the item `x`, in an object the property
 *   `_: x`; both are returned so the parser can say that the array or object
 *   holds what is known only at deploy time.
 * Comments are never touched, nor strings (`'…'` with `${…}`, `'''…'''`) but
 * for `//` and `/*` in them, which the grammar reads as a comment where the
 * string's text starts (`'//'`): the copy has `_/`, the value is read from
 * the file.
 */

export interface LoweredBicep {
  /** What the grammar parses: the file's length, its newlines where they were. */
  text: string;
  /** Offsets of `...` in objects, where the copy has the property `_: …`. */
  objectSpreads: ReadonlySet<number>;
  /** Offsets of the expression a `...` in an array spreads. */
  arraySpreads: ReadonlySet<number>;
}

type Frame = '{' | '[' | '(' | '${';

interface TypeStops {
  /** `=` ends the type (`param x T = …`), not `==` or `=>`. */
  equals?: boolean;
  /** `,` ends it, and so does an unmatched `)` (a function's parameter list). */
  comma?: boolean;
  /** `=>` ends it (a function's result type). */
  arrow?: boolean;
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
/** Characters after which `!` asserts non-null instead of negating what follows. */
const POSTFIX_BANG_AFTER = /[A-Za-z0-9_)\]]/;

export interface LoweringOptions {
  /**
   * A parameters file (`.bicepparam`): `param x = …`, which the grammar only
   * knows with a type, becomes `var   x = …`; `using none` and `extends '…'` are blanked.
   */
  parameters?: boolean;
}

export function lowerBicep(text: string, options: LoweringOptions = {}): LoweredBicep {
  const n = text.length;
  const chunks: string[] = [];
  let copied = 0;
  const objectSpreads = new Set<number>();
  const arraySpreads = new Set<number>();

  /** Edits come in increasing order and keep the length. */
  const replace = (start: number, end: number, replacement: string) => {
    chunks.push(text.slice(copied, start), replacement);
    copied = end;
  };
  const blank = (start: number, end: number) => replace(start, end, blanked(text.slice(start, end)));
  const asName = (start: number, end: number) => replace(start, end, typeName(text.slice(start, end)));

  const skipSpaces = (from: number) => {
    let j = from;
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    return j;
  };
  const skipWhitespace = (from: number) => {
    let j = from;
    while (j < n && /\s/.test(text[j])) j++;
    return j;
  };
  const wordEnd = (from: number) => {
    let j = from;
    if (j < n && IDENTIFIER_START.test(text[j])) while (j < n && IDENTIFIER_PART.test(text[j])) j++;
    return j;
  };
  /** The end of a string that opens at `from` (`'…'` or `'''…'''`). */
  const stringEnd = (from: number) => {
    if (text.startsWith("'''", from)) {
      const close = text.indexOf("'''", from + 3);
      return close < 0 ? n : close + 3;
    }
    let j = from + 1;
    while (j < n && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, n);
  };
  const lineEnd = (from: number) => {
    const newline = text.indexOf('\n', from);
    return newline < 0 ? n : newline;
  };

  /**
   * The end of the type (or compile-time statement) that starts at `from`,
   * trailing blanks left out: at a stop, or at a line's end outside brackets
   * unless a union goes on (`|` ends the line or opens the next).
   */
  const typeEnd = (from: number, stops: TypeStops): number => {
    let depth = 0;
    let j = from;
    let end = from;
    while (j < n) {
      const c = text[j];
      if (c === "'") {
        j = end = stringEnd(j);
        continue;
      }
      if (c === '/' && text[j + 1] === '/') {
        if (depth === 0) break;
        j = lineEnd(j);
        continue;
      }
      if (c === '/' && text[j + 1] === '*') {
        const close = text.indexOf('*/', j + 2);
        j = close < 0 ? n : close + 2;
        continue;
      }
      if (c === '\n' && depth === 0) {
        const next = skipWhitespace(j);
        if (text[end - 1] !== '|' && text[next] !== '|') break;
        j = next;
        continue;
      }
      if (/\s/.test(c)) {
        j++;
        continue;
      }
      if (depth === 0) {
        if (stops.equals && c === '=' && text[j + 1] !== '=' && text[j + 1] !== '>') break;
        if (stops.arrow && c === '=' && text[j + 1] === '>') break;
        if (stops.comma && c === ',') break;
      }
      if (c === '{' || c === '[' || c === '(' || c === '<') depth++;
      else if (c === '}' || c === ']' || c === ')' || c === '>') {
        if (depth === 0) break;
        depth--;
      }
      j++;
      end = j;
    }
    return end;
  };

  /**
   * `param name T`, `output name T`: the type as a name; `var name T = …`: the type blanked.
   * Nothing when no type follows the name (`var x = …`, a parameters file's `param x = …`).
   */
  const declaredType = (keywordEnd: number, rewrite: (start: number, end: number) => void): number => {
    const name = skipSpaces(keywordEnd);
    const at = skipSpaces(wordEnd(name));
    if (at === name || text[at] === '=' || at >= n || text[at] === '\n' || text[at] === '\r') return at;
    const end = typeEnd(at, { equals: true });
    if (end > at) rewrite(at, end);
    return end;
  };

  /** `type name = T`. */
  const typeDeclaration = (keywordEnd: number): number => {
    const name = skipSpaces(keywordEnd);
    const equals = skipSpaces(wordEnd(name));
    if (text[equals] !== '=') return equals;
    const at = skipWhitespace(equals + 1);
    const end = typeEnd(at, {});
    if (end > at) asName(at, end);
    return end;
  };

  /** `func name(a T, b U) R => …`: every type as a name; the body is read as code. */
  const functionTypes = (keywordEnd: number): number => {
    const name = skipSpaces(keywordEnd);
    let j = skipWhitespace(wordEnd(name));
    if (text[j] !== '(') return j;
    j++;
    for (;;) {
      j = skipWhitespace(j);
      if (j >= n || text[j] === ')') break;
      const parameter = wordEnd(j);
      if (parameter === j) return j;
      const at = skipSpaces(parameter);
      const end = typeEnd(at, { comma: true });
      if (end > at) asName(at, end);
      j = skipWhitespace(end);
      if (text[j] === ',') j++;
      else if (text[j] !== ')') return j;
    }
    const at = skipSpaces(j + 1);
    const end = typeEnd(at, { arrow: true });
    if (end > at) asName(at, end);
    return end;
  };

  const stack: Frame[] = [];
  let inString = false;
  /** Only blanks since the last line break outside brackets: a statement may start here. */
  let lineStart = true;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 2;
      else if (c === "'") {
        inString = false;
        i++;
      } else if (c === '$' && text[i + 1] === '{') {
        stack.push('${');
        inString = false;
        i += 2;
      } else {
        // The grammar reads `//` or `/*` as a comment where string text starts (`'//'`, after `\'`); the value is read from the file.
        if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) replace(i, i + 1, '_');
        i++;
      }
      continue;
    }
    if (c === '\n') {
      if (stack.length === 0) lineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      i = lineEnd(i);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    const statementStart = lineStart && stack.length === 0;
    lineStart = false;
    if (text.startsWith("'''", i)) {
      i = stringEnd(i);
      continue;
    }
    if (c === "'") {
      inString = true;
      i++;
      continue;
    }
    if (IDENTIFIER_START.test(c)) {
      const end = wordEnd(i);
      if (!statementStart) {
        i = end;
        continue;
      }
      const keyword = text.slice(i, end);
      if (options.parameters && keyword === 'param') {
        replace(i, end, 'var  ');
        i = end;
        continue;
      }
      if (options.parameters && (keyword === 'extends' || (keyword === 'using' && text.startsWith('none', skipSpaces(end))))) {
        const statementEnd = typeEnd(i, {});
        blank(i, statementEnd);
        i = statementEnd;
        continue;
      }
      switch (keyword) {
        case 'param':
        case 'output':
          i = declaredType(end, asName);
          break;
        case 'var':
          i = declaredType(end, blank);
          break;
        case 'type':
          i = typeDeclaration(end);
          break;
        case 'func':
          i = functionTypes(end);
          break;
        case 'import': {
          const next = skipWhitespace(end);
          if (text[next] === '{' || text[next] === '*') {
            const statementEnd = typeEnd(i, {});
            blank(i, statementEnd);
            i = statementEnd;
          } else i = end;
          break;
        }
        case 'extension': {
          const statementEnd = typeEnd(i, {});
          blank(i, statementEnd);
          i = statementEnd;
          break;
        }
        // Stryker disable next-line ConditionalExpression: without it the next pass reads the same word as no statement and skips it to `end` too
        default:
          i = end;
      }
      continue;
    }
    switch (c) {
      case '{':
      case '[':
      case '(':
        stack.push(c);
        break;
      case '}':
        if (stack[stack.length - 1] === '${') {
          stack.pop();
          inString = true;
        } else if (stack[stack.length - 1] === '{') stack.pop();
        break;
      case ']':
        if (stack[stack.length - 1] === '[') stack.pop();
        break;
      case ')':
        if (stack[stack.length - 1] === '(') stack.pop();
        break;
      case '!':
        if (i > 0 && POSTFIX_BANG_AFTER.test(text[i - 1]) && text[i + 1] !== '=' && text[i + 1] !== '~') replace(i, i + 1, ' ');
        break;
      case '.':
        if (text.startsWith('...', i)) {
          const inside = stack[stack.length - 1];
          if (inside === '{') {
            objectSpreads.add(i);
            replace(i, i + 3, '_: ');
          } else if (inside === '[') {
            arraySpreads.add(skipWhitespace(i + 3));
            replace(i, i + 3, '   ');
          }
          i += 3;
          continue;
        }
        break;
    }
    i++;
  }
  // Stryker disable next-line ConditionalExpression: a shortcut; with no edit the join below is the text itself
  if (copied === 0) return { text, objectSpreads, arraySpreads };
  chunks.push(text.slice(copied));
  return { text: chunks.join(''), objectSpreads, arraySpreads };
}

/** Spaces for every character but line breaks. */
function blanked(source: string): string {
  return source.replace(/[^\r\n]/g, ' ');
}

/** A type as a name the grammar accepts as one, as long as the type's first line; its other lines blank. */
function typeName(source: string): string {
  const rest = blanked(source);
  const lineBreak = rest.search(/[\r\n]/);
  // Stryker disable next-line EqualityOperator: a type never starts with a line break (callers skip blanks to it), so lineBreak is never 0
  const length = lineBreak < 0 ? rest.length : lineBreak;
  const name = length >= 6 ? `object${' '.repeat(length - 6)}` : `o${'_'.repeat(length - 1)}`;
  return name + rest.slice(length);
}
