import type { ParseProblem } from '../types';

/** Deeper structures are kept as unknown values; real templates stay far below this. */
export const MAX_DEPTH = 200;

export function tooDeep(offset: number): ParseProblem {
  return { span: { offset, length: 0 }, message: `Nested more than ${MAX_DEPTH} levels deep; deeper values are not analysed.` };
}

/** Parsers report some problems (an unclosed quote or comment) just past the end of the text: keep every span inside it. */
export function withinText(problems: ParseProblem[], textLength: number): ParseProblem[] {
  for (const problem of problems) {
    const offset = Math.min(Math.max(0, problem.span.offset), textLength);
    const length = Math.min(Math.max(0, problem.span.length), textLength - offset);
    if (offset !== problem.span.offset || length !== problem.span.length) problem.span = { offset, length };
  }
  return problems;
}

/** Parsers report unclosed structures at the end of the file; point at the last visible character instead. */
export function atVisibleText(error: ParseProblem, text: string): ParseProblem {
  const visibleEnd = text.trimEnd().length;
  if (error.span.offset < visibleEnd) return error;
  return { ...error, span: { offset: Math.max(0, visibleEnd - 1), length: visibleEnd > 0 ? 1 : 0 } };
}
