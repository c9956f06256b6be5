/**
 * The only place where the server turns core offsets (UTF-16 code units into
 * the analysed text) into LSP positions (line and UTF-16 character), for open
 * documents and for files a scan read without opening them. Lines end at
 * \n, \r\n and \r, as in editors.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver';
import { applyEdits } from '../core/engine/edits';
import type { Span, TextEdit } from '../core/types';

export type { TextDocument };

/** Positions of a text that is not open in the editor. */
export function textPositions(uri: string, text: string): TextDocument {
  return TextDocument.create(uri, '', 0, text);
}

export function toPosition(document: TextDocument, offset: number): Position {
  return document.positionAt(offset);
}

export function toOffset(document: TextDocument, position: Position): number {
  return document.offsetAt(position);
}

export function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.offset), end: document.positionAt(span.offset + span.length) };
}

/** The end of a line (before its line break). */
export function lineEnd(document: TextDocument, line: number): Position {
  return document.positionAt(document.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }));
}

/** Diagnostics read best on their first line; a multi-line entry is cut there. */
export function toLineRange(document: TextDocument, span: Span): Range {
  const range = toRange(document, span);
  return range.start.line === range.end.line ? range : { start: range.start, end: lineEnd(document, range.start.line) };
}

/** The first line of a file, where notes about the whole file go. */
export function firstLine(document: TextDocument): Range {
  return { start: { line: 0, character: 0 }, end: lineEnd(document, 0) };
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Where an offset of the text after `edits` falls (e.g. the cursor after a suppression is inserted). */
export function positionAfterEdits(text: string, edits: TextEdit[], offset: number): Position {
  return TextDocument.create('', '', 0, applyEdits(text, edits)).positionAt(offset);
}
