/** Offset → 1-based line and column (UTF-16 units), for the CLI and reports. */
export class LineIndex {
  private readonly starts: number[] = [0];
  private readonly length: number;

  constructor(text: string) {
    this.length = text.length;
    // Stryker disable next-line EqualityOperator: charCodeAt past the end is NaN, which starts no line
    for (let index = 0; index < text.length; index++) {
      const char = text.charCodeAt(index);
      if (char === 10) this.starts.push(index + 1);
      else if (char === 13 && text.charCodeAt(index + 1) !== 10) this.starts.push(index + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    // Stryker disable next-line ArithmeticOperator: a higher bound probes past the array, where `undefined <= offset` is false, and narrows back to the same line
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low] + 1 };
  }

  /** 0-based line and UTF-16 character (as LSP ranges give them) → offset; clamped to the line. */
  offsetAt(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.length;
    const start = this.starts[line];
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.length;
    return Math.min(start + Math.max(0, character), next);
  }
}

/** Offset of the line break (\n, \r or \r\n) that ends the line holding `from`, or the text's length. */
export function endOfLine(text: string, from: number): number {
  // Stryker disable next-line EqualityOperator: charCodeAt past the end is NaN, so the loop still ends at the text's length
  for (let index = from; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 10 || char === 13) return index;
  }
  return text.length;
}

/** Offset of the first character after the line break at `lineEnd`. */
export function nextLine(text: string, lineEnd: number): number {
  if (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10) return lineEnd + 2;
  return lineEnd + 1;
}
