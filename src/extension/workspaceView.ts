/**
 * The workspace-level features: the matrix commands, Scan Workspace (and
 * scan on start-up when the user asks for it), CodeLens, the status bar and
 * the output channel.
 */
import * as vscode from 'vscode';
import { Analyses, SELECTOR } from './analyses';
import { ResourceCodeLensProvider } from './codeLens';
import { Commands, ContextKeys, type MatrixTarget } from './commands';
import { disposeLog, log } from './log';
import { exportMatrix, MatrixPanel, type ExportFormat } from './matrixPanel';
import { readSettings } from './settings';
import { SplitStatusBar } from './statusBar';
import { scanWorkspaceWithProgress, type ScanSummary } from './workspaceScan';
import type { WorkspaceStore } from './workspaceStore';

export function registerWorkspaceView(context: vscode.ExtensionContext, analyses: Analyses, store: WorkspaceStore): vscode.Disposable[] {
  const codeLens = new ResourceCodeLensProvider(analyses);
  let scanning: Thenable<ScanSummary> | undefined;
  const scan = (): Thenable<ScanSummary> => {
    scanning ??= scanWorkspaceWithProgress(store, analyses.siblings).then(
      (summary) => {
        scanning = undefined;
        void announce(summary, context, analyses, store);
        return summary;
      },
      (error: unknown) => {
        scanning = undefined;
        log().error(`scan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        throw error;
      },
    );
    return scanning;
  };

  const disposables: vscode.Disposable[] = [
    { dispose: disposeLog },
    codeLens,
    vscode.languages.registerCodeLensProvider(SELECTOR, codeLens),
    new SplitStatusBar(analyses),
    vscode.commands.registerCommand(Commands.showMatrix, (target?: MatrixTarget) => MatrixPanel.show(context, analyses, store, isTarget(target) ? target : undefined)),
    vscode.commands.registerCommand(Commands.showFileMatrix, () => {
      const document = vscode.window.activeTextEditor?.document;
      MatrixPanel.show(context, analyses, store, document ? { file: document.uri.toString() } : undefined);
    }),
    vscode.commands.registerCommand(Commands.exportMatrix, async (format?: ExportFormat, target?: vscode.Uri) => {
      const chosen =
        format === 'markdown' || format === 'csv'
          ? format
          : (
              await vscode.window.showQuickPick(
                [
                  { label: vscode.l10n.t('Markdown'), description: '.md', format: 'markdown' as const },
                  { label: vscode.l10n.t('CSV'), description: '.csv', format: 'csv' as const },
                ],
                { placeHolder: vscode.l10n.t('Export the matrix with this workspace’s counts as…') },
              )
            )?.format;
      if (!chosen) return undefined;
      // The command exports the whole workspace; the panel's own buttons export what it shows.
      return exportMatrix(analyses, store, chosen, target instanceof vscode.Uri ? target : undefined);
    }),
    vscode.commands.registerCommand(Commands.scanWorkspace, () => scan()),
    vscode.commands.registerCommand(Commands.clearWorkspaceResults, () => store.clear()),
    vscode.commands.registerCommand(Commands.showLog, () => log().show(true)),
    store.onDidChange(() => {
      void vscode.commands.executeCommand('setContext', ContextKeys.hasScanResults, store.size > 0);
      MatrixPanel.refresh();
    }),
    // A saved file that the scan knows about keeps its stored result current for when it closes.
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (store.has(document.uri) && Analyses.applies(document)) store.set(document.uri, analyses.get(document), document.getText(), false);
    }),
  ];

  // Never at start-up unless asked: a full scan costs CPU the user did not request.
  if (readSettings()['scanOnStartup'] && vscode.workspace.workspaceFolders?.length) {
    log().info('scanOnStartup is on: scanning the workspace');
    void scan();
  }
  return disposables;
}

function isTarget(value: unknown): value is MatrixTarget {
  if (!value || typeof value !== 'object') return false;
  const target = value as Record<string, unknown>;
  return (target.file === undefined || typeof target.file === 'string') && (target.resource === undefined || typeof target.resource === 'string');
}

async function announce(summary: ScanSummary, context: vscode.ExtensionContext, analyses: Analyses, store: WorkspaceStore): Promise<void> {
  const text = summary.cancelled
    ? vscode.l10n.t('Scan cancelled after {0} files: {1} analysed, {2} findings so far.', summary.scanned, summary.analysed, summary.findings)
    : vscode.l10n.t('Scanned {0} files: {1} analysed, {2} findings.', summary.scanned, summary.analysed, summary.findings);
  const extra = summary.truncated ? ` ${vscode.l10n.t('Stopped at responsibilityLens.workspaceScan.maxFiles.')}` : '';
  const showMatrix = vscode.l10n.t('Show Matrix');
  const showProblems = vscode.l10n.t('Show Problems');
  const choice = await vscode.window.showInformationMessage(text + extra, showMatrix, showProblems);
  if (choice === showMatrix) MatrixPanel.show(context, analyses, store);
  else if (choice === showProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
}
