/** Caches one analysis per open document version, so hovers never re-parse. */
import * as vscode from 'vscode';
import { analyze } from '../core/analyze';
import type { Analysis } from '../core/types';

export const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { pattern: '**/*.template' },
];

export class Analyses implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; analysis: Analysis }>();
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString()));

  static applies(document: vscode.TextDocument): boolean {
    return vscode.languages.match(SELECTOR, document) > 0 && document.uri.scheme !== 'output';
  }

  get(document: vscode.TextDocument): Analysis {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.analysis;
    const analysis = analyze(document.getText(), nameForAnalysis(document));
    this.cache.set(key, { version: document.version, analysis });
    return analysis;
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}

const EXTENSION_BY_LANGUAGE: Record<string, string> = { yaml: '.yaml', json: '.json', jsonc: '.json' };

/** Formats are chosen by file name; an untitled buffer is named after its language. */
function nameForAnalysis(document: vscode.TextDocument): string {
  if (!document.isUntitled) return document.fileName;
  return `${document.fileName}${EXTENSION_BY_LANGUAGE[document.languageId] ?? ''}`;
}
