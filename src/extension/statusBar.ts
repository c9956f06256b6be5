/**
 * The active file's owner split in the status bar:
 * "$(account) 7 $(organization) 2 $(cloud) 3 $(warning) 1", from the counts
 * the server sends after each analysis. Hidden for files no format claims.
 * Also sets the `responsibilityLens.activeFileAnalysed` context key that
 * hides file-scoped commands elsewhere.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { OwnerSplit } from '../core/clouds/aws/matrix';
import { FileStatusNotification, type FileStatus } from '../protocol/messages';
import { Commands, ContextKeys, type MatrixTarget } from './commands';
import { MatrixPanel } from './matrixPanel';
import { readSettings } from './settings';

export class SplitStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('responsibilityLens.split', vscode.StatusBarAlignment.Right, 100);
  private readonly statuses = new Map<string, FileStatus>();
  private readonly disposables: vscode.Disposable[] = [this.item];
  private analysed: boolean | undefined;

  constructor(client: LanguageClient) {
    this.item.name = vscode.l10n.t('Responsibility Lens: owner split');
    this.disposables.push(
      client.onNotification(FileStatusNotification, (status) => {
        this.statuses.set(status.uri, status);
        if (status.uri === vscode.window.activeTextEditor?.document.uri.toString()) this.update();
        MatrixPanel.refresh();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidCloseTextDocument((document) => this.statuses.delete(document.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('responsibilityLens')) this.update();
      }),
    );
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const status = document ? this.statuses.get(document.uri.toString()) : undefined;
    const split = status?.kind ? status.split : undefined;
    this.setContext(split !== undefined);
    if (!document || !split || !readSettings(document.uri)['statusBar.enabled']) {
      this.item.hide();
      return;
    }
    // An Azure file's split counts Microsoft's side (clouds/aws/matrix.ts ownerSplit), an AWS file's AWS's.
    const provider = split.microsoft !== undefined ? vscode.l10n.t('Microsoft: {0}', split.microsoft) : vscode.l10n.t('AWS: {0}', split.aws);
    this.item.text = `$(account) ${split.customer} $(organization) ${split.shared} $(cloud) ${split.microsoft ?? split.aws} $(warning) ${split.findings}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendText(vscode.l10n.t('Responsibility Lens: who secures the settings of this file'));
    tooltip.appendMarkdown('\n\n');
    tooltip.appendMarkdown(`$(account) ${escape(vscode.l10n.t('Customer: {0}', split.customer))}  \n`);
    tooltip.appendMarkdown(`$(organization) ${escape(vscode.l10n.t('Shared: {0}', split.shared))}  \n`);
    tooltip.appendMarkdown(`$(cloud) ${escape(provider)}  \n`);
    tooltip.appendMarkdown(`$(warning) ${escape(vscode.l10n.t('Findings: {0}', split.findings))}\n\n`);
    tooltip.appendText(vscode.l10n.t('Click to open the matrix for this file.'));
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: splitTitle(split), role: 'button' };
    const target: MatrixTarget = { file: document.uri.toString(), ...(status?.cloud ? { cloud: status.cloud } : {}) };
    this.item.command = { title: vscode.l10n.t('Show Shared Responsibility Matrix'), command: Commands.showMatrix, arguments: [target] };
    this.item.show();
  }

  private setContext(ours: boolean): void {
    if (this.analysed === ours) return;
    this.analysed = ours;
    void vscode.commands.executeCommand('setContext', ContextKeys.activeFileAnalysed, ours);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** "Customer 7 · Shared 2 · AWS 3 · 1 finding", localisable. */
function splitTitle(split: OwnerSplit): string {
  const findings = split.findings === 1 ? vscode.l10n.t('1 finding') : vscode.l10n.t('{0} findings', split.findings);
  if (split.microsoft !== undefined) return vscode.l10n.t('Customer {0} · Shared {1} · Microsoft {2} · {3}', split.customer, split.shared, split.microsoft, findings);
  return vscode.l10n.t('Customer {0} · Shared {1} · AWS {2} · {3}', split.customer, split.shared, split.aws, findings);
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
