/** The only place where core offsets become editor ranges. */
import * as vscode from 'vscode';
import type { Span } from '../core/types';

/**
 * What offset conversion needs: an open TextDocument, or TextPositions for a
 * file the workspace scan read without opening it.
 */
export interface Positions {
  positionAt(offset: number): vscode.Position;
  lineAt(line: number): { range: vscode.Range };
}

/** Positions of a text that is not open in an editor (same rules as TextDocument: \n, \r\n and \r end lines). */
export class TextPositions implements Positions {
  private readonly starts: number[] = [0];
  /** Offset where each line's text ends (before its line break). */
  private readonly ends: number[] = [];
  private readonly length: number;

  constructor(text: string) {
    this.length = text.length;
    for (let index = 0; index < text.length; index++) {
      const char = text.charCodeAt(index);
      if (char === 10 || char === 13) {
        this.ends.push(index);
        if (char === 13 && text.charCodeAt(index + 1) === 10) index++;
        this.starts.push(index + 1);
      }
    }
    this.ends.push(text.length);
  }

  positionAt(offset: number): vscode.Position {
    const clamped = Math.max(0, Math.min(offset, this.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= clamped) low = middle;
      else high = middle - 1;
    }
    return new vscode.Position(low, Math.min(clamped, this.ends[low]) - this.starts[low]);
  }

  lineAt(line: number): { range: vscode.Range } {
    const index = Math.max(0, Math.min(line, this.starts.length - 1));
    return { range: new vscode.Range(index, 0, index, this.ends[index] - this.starts[index]) };
  }
}

export function toRange(document: Positions, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.offset), document.positionAt(span.offset + span.length));
}

/** Diagnostics read best on their first line; a multi-line entry is cut there. */
export function toLineRange(document: Positions, span: Span): vscode.Range {
  const range = toRange(document, span);
  return range.isSingleLine ? range : new vscode.Range(range.start, document.lineAt(range.start.line).range.end);
}
