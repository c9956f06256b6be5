/**
 * Problems-panel entries. Runs at once on open and save, debounced while
 * typing; a generation counter per document drops results that a newer
 * edit has overtaken.
 */
import * as vscode from 'vscode';
import type { Analysis, Severity } from '../core/types';
import { matrixRow } from '../core/clouds/aws/knowledge';
import { Analyses } from './analyses';
import { DIAGNOSTIC_SOURCE } from './commands';
import { toLineRange, toRange, type Positions } from './positions';
import { readSettings, type SeverityOverride } from './settings';
import { openDocument, type WorkspaceStore } from './workspaceStore';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

const OWNER_WORD = { customer: 'Customer', aws: 'AWS', shared: 'Shared' } as const;
const OWNERSHIP_CODE = 'ownership';
const OWNERSHIP_DOC = vscode.Uri.parse('https://aws.amazon.com/compliance/shared-responsibility-model/');

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('responsibilityLens');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generations = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly analyses: Analyses,
    private readonly store?: WorkspaceStore,
  ) {
    if (store) this.disposables.push(store.onDidChange((uris) => this.publishStored(uris)));
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => this.refresh(document)),
      vscode.workspace.onDidSaveTextDocument((document) => this.refresh(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.clear(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('responsibilityLens')) this.refreshAll();
      }),
    );
    this.refreshAll();
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.refresh(document);
    if (this.store) this.publishStored(this.store.uris());
  }

  /** Debounced: typing pauses this long before the file is analysed again. */
  private schedule(document: vscode.TextDocument): void {
    if (!Analyses.applies(document)) return;
    const key = document.uri.toString();
    const generation = this.bump(key);
    clearTimeout(this.timers.get(key));
    const delay = readSettings(document.uri)['diagnostics.debounceMs'];
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.publish(document, generation);
      }, delay),
    );
  }

  refresh(document: vscode.TextDocument): void {
    if (!Analyses.applies(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.publish(document, this.bump(key));
  }

  private bump(key: string): number {
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    return generation;
  }

  private publish(document: vscode.TextDocument, generation: number): void {
    if (document.isClosed) return;
    const analysis = this.analyses.get(document);
    // A newer edit or refresh has started since this one was scheduled.
    if (this.generations.get(document.uri.toString()) !== generation) return;
    const settings = readSettings(document.uri);
    this.collection.set(document.uri, toDiagnostics(document, analysis, settings['diagnostics.ownership'], settings.severity));
  }

  /** Workspace-scan results, for files that are not open (an open document's live analysis wins). */
  publishStored(uris: readonly vscode.Uri[]): void {
    for (const uri of uris) {
      if (openDocument(uri)) continue;
      const stored = this.store?.get(uri);
      if (!stored) {
        this.collection.delete(uri);
        continue;
      }
      const settings = readSettings(uri);
      this.collection.set(uri, toDiagnostics(stored.positions, stored.analysis, settings['diagnostics.ownership'], settings.severity));
    }
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generations.delete(key);
    this.collection.delete(uri);
    // A scanned file goes back to its scan result (refreshed on save) when it is closed.
    if (this.store?.has(uri)) this.publishStored([uri]);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export function toDiagnostics(
  document: Positions,
  analysis: Analysis,
  ownership: 'off' | 'customer' | 'all',
  severityOverrides: Record<string, SeverityOverride> = {},
): vscode.Diagnostic[] {
  const diagnostics: vscode.Diagnostic[] = [];
  for (const error of analysis.errors) {
    const note = error.severity === 'info';
    const diagnostic = new vscode.Diagnostic(toLineRange(document, error.span), error.message, note ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Error);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = note ? 'not-analysed' : 'parse-error';
    diagnostics.push(diagnostic);
  }
  for (const finding of analysis.findings) {
    const override = Object.prototype.hasOwnProperty.call(severityOverrides, finding.ruleId) ? severityOverrides[finding.ruleId] : undefined;
    if (override === 'off') continue;
    const row = matrixRow(finding.row);
    const controls = finding.controls.length ? ` (${finding.controls.join(', ')})` : '';
    const diagnostic = new vscode.Diagnostic(
      toLineRange(document, finding.span),
      `${finding.message} [${row.title}]${controls}`,
      SEVERITY[override ?? finding.severity],
    );
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(finding.docUrl) };
    diagnostics.push(diagnostic);
  }
  if (ownership !== 'off') {
    for (const setting of analysis.settings) {
      const a = setting.attribution;
      if (!setting.leaf || (ownership === 'customer' && a.owner !== 'customer')) continue;
      const diagnostic = new vscode.Diagnostic(
        toRange(document, setting.key),
        `${OWNER_WORD[a.owner]} responsibility: ${matrixRow(a.row).title} (${a.service}, ${a.model} model)`,
        vscode.DiagnosticSeverity.Information,
      );
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = { value: OWNERSHIP_CODE, target: a.sources[0] ? vscode.Uri.parse(a.sources[0].url) : OWNERSHIP_DOC };
      diagnostics.push(diagnostic);
    }
  }
  return diagnostics;
}
