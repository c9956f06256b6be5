import type { ParseProblem } from '../types';

/** Deeper structures are kept as unknown values; real templates stay far below this. */
export const MAX_DEPTH = 200;

export function tooDeep(offset: number): ParseProblem {
  return { span: { offset, length: 0 }, message: `Nested more than ${MAX_DEPTH} levels deep; deeper values are not analysed.` };
}
