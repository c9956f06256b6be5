/**
 * Results of "Scan Workspace" for files that are not open. Open documents
 * always win: their analysis comes from the live buffer (Analyses), and the
 * store only fills in for the rest of the workspace.
 */
import * as vscode from 'vscode';
import type { Analysis } from '../core/types';
import { Analyses } from './analyses';
import { TextPositions, type Positions } from './positions';

export interface StoredFile {
  uri: vscode.Uri;
  analysis: Analysis;
  positions: TextPositions;
}

/** One analysed file as the matrix, status bar and Problems panel see it. */
export interface WorkspaceFile {
  uri: vscode.Uri;
  analysis: Analysis;
  positions: Positions;
  open: boolean;
}

export class WorkspaceStore implements vscode.Disposable {
  private readonly files = new Map<string, StoredFile>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  /** Fires with the URIs whose stored result was added, replaced or removed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [
    this.changed,
    vscode.workspace.onDidDeleteFiles((event) => this.deleteUnder(event.files)),
    vscode.workspace.onDidRenameFiles((event) => this.deleteUnder(event.files.map((file) => file.oldUri))),
  ];

  get size(): number {
    return this.files.size;
  }

  get(uri: vscode.Uri): StoredFile | undefined {
    return this.files.get(uri.toString());
  }

  has(uri: vscode.Uri): boolean {
    return this.files.has(uri.toString());
  }

  uris(): vscode.Uri[] {
    return [...this.files.values()].map((file) => file.uri);
  }

  /** Records a file's analysis (only files some format claimed are kept). */
  set(uri: vscode.Uri, analysis: Analysis, text: string, fire = true): void {
    if (!analysis.kind) {
      this.delete([uri], fire);
      return;
    }
    this.files.set(uri.toString(), { uri, analysis, positions: new TextPositions(text) });
    if (fire) this.changed.fire([uri]);
  }

  delete(uris: vscode.Uri[], fire = true): void {
    const gone = uris.filter((uri) => this.files.delete(uri.toString()));
    if (fire && gone.length) this.changed.fire(gone);
  }

  clear(): void {
    const all = this.uris();
    this.files.clear();
    if (all.length) this.changed.fire(all);
  }

  /** Tells listeners about a batch of `set(..., false)` / `delete(..., false)` calls. */
  fire(uris: vscode.Uri[]): void {
    if (uris.length) this.changed.fire(uris);
  }

  private deleteUnder(uris: readonly vscode.Uri[]): void {
    const prefixes = uris.map((uri) => uri.toString());
    const gone = [...this.files.values()].filter((file) => prefixes.some((prefix) => file.uri.toString() === prefix || file.uri.toString().startsWith(`${prefix}/`)));
    this.delete(gone.map((file) => file.uri));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.files.clear();
  }
}

/**
 * Every analysed file: open documents (live) first, then stored scan results
 * for files that are not open.
 */
export function workspaceFiles(analyses: Analyses, store: WorkspaceStore): WorkspaceFile[] {
  const result: WorkspaceFile[] = [];
  const seen = new Set<string>();
  for (const document of vscode.workspace.textDocuments) {
    if (!Analyses.applies(document)) continue;
    const analysis = analyses.get(document);
    if (!analysis.kind) continue;
    seen.add(document.uri.toString());
    result.push({ uri: document.uri, analysis, positions: document, open: true });
  }
  for (const stored of store.uris().map((uri) => store.get(uri)!)) {
    if (seen.has(stored.uri.toString())) continue;
    result.push({ uri: stored.uri, analysis: stored.analysis, positions: stored.positions, open: false });
  }
  return result;
}

/** The open document for a URI, if there is one. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key && !document.isClosed);
}
