/**
 * The active file's owner split in the status bar:
 * "$(account) 7 $(organization) 2 $(cloud) 3 $(warning) 1". Hidden for files
 * no format claims. Also sets the `responsibilityLens.activeFileAnalysed`
 * context key that hides file-scoped commands elsewhere.
 */
import * as vscode from 'vscode';
import { ownerSplit } from '../core/clouds/aws/matrix';
import { Analyses } from './analyses';
import { splitTitle, withoutSilenced } from './codeLens';
import { Commands, ContextKeys, type MatrixTarget } from './commands';
import { readSettings } from './settings';

export class SplitStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('responsibilityLens.split', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private timer: NodeJS.Timeout | undefined;
  private analysed: boolean | undefined;

  constructor(private readonly analyses: Analyses) {
    this.item.name = vscode.l10n.t('Responsibility Lens: owner split');
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document === vscode.window.activeTextEditor?.document) this.update();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.schedule(event.document);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('responsibilityLens')) this.update();
      }),
    );
    this.update();
  }

  /** Typing re-counts after the same pause as diagnostics. */
  private schedule(document: vscode.TextDocument): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), readSettings(document.uri)['diagnostics.debounceMs']);
  }

  update(): void {
    clearTimeout(this.timer);
    const document = vscode.window.activeTextEditor?.document;
    const analysis = document && Analyses.applies(document) ? this.analyses.get(document) : undefined;
    const ours = Boolean(analysis?.kind);
    this.setContext(ours);
    if (!document || !analysis?.kind || !readSettings(document.uri)['statusBar.enabled']) {
      this.item.hide();
      return;
    }
    const split = ownerSplit(withoutSilenced(analysis, document.uri));
    this.item.text = `$(account) ${split.customer} $(organization) ${split.shared} $(cloud) ${split.aws} $(warning) ${split.findings}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendText(vscode.l10n.t('Responsibility Lens: who secures the settings of this file'));
    tooltip.appendMarkdown('\n\n');
    tooltip.appendMarkdown(`$(account) ${escape(vscode.l10n.t('Customer: {0}', split.customer))}  \n`);
    tooltip.appendMarkdown(`$(organization) ${escape(vscode.l10n.t('Shared: {0}', split.shared))}  \n`);
    tooltip.appendMarkdown(`$(cloud) ${escape(vscode.l10n.t('AWS: {0}', split.aws))}  \n`);
    tooltip.appendMarkdown(`$(warning) ${escape(vscode.l10n.t('Findings: {0}', split.findings))}\n\n`);
    tooltip.appendText(vscode.l10n.t('Click to open the matrix for this file.'));
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: splitTitle(split), role: 'button' };
    const target: MatrixTarget = { file: document.uri.toString() };
    this.item.command = { title: vscode.l10n.t('Show Shared Responsibility Matrix'), command: Commands.showMatrix, arguments: [target] };
    this.item.show();
  }

  private setContext(ours: boolean): void {
    if (this.analysed === ours) return;
    this.analysed = ours;
    void vscode.commands.executeCommand('setContext', ContextKeys.activeFileAnalysed, ours);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
