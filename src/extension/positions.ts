/** The only place where core offsets become editor ranges. */
import * as vscode from 'vscode';
import type { Span } from '../core/types';

export function toRange(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.offset), document.positionAt(span.offset + span.length));
}

/** Diagnostics read best on their first line; a multi-line entry is cut there. */
export function toLineRange(document: vscode.TextDocument, span: Span): vscode.Range {
  const range = toRange(document, span);
  return range.isSingleLine ? range : new vscode.Range(range.start, document.lineAt(range.start.line).range.end);
}
