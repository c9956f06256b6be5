/**
 * The workspace-level commands: the matrix, Scan Workspace (the server walks,
 * reads and analyses; this shows its progress and lets the user cancel),
 * clearing scan results, the status bar and the output channel.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { ClearScanResultsRequest, ScanResultsNotification, ScanWorkspaceRequest, type ExportFormat, type ScanSummary as ServerScanSummary } from '../protocol/messages';
import type { CloudId } from '../core/types';
import { Commands, ContextKeys, type MatrixTarget } from './commands';
import { disposeLog, log } from './log';
import { exportMatrix, MatrixPanel } from './matrixPanel';
import { readSettings } from './settings';
import { SplitStatusBar } from './statusBar';

/** What Scan Workspace returns (to a command caller, e.g. a test): the server's summary with URIs. */
export type ScanSummary = Omit<ServerScanSummary, 'uris'> & { uris: vscode.Uri[] };

export function registerWorkspaceView(context: vscode.ExtensionContext, client: LanguageClient): vscode.Disposable[] {
  let scanning: Thenable<ScanSummary> | undefined;
  const scan = (): Thenable<ScanSummary> => {
    scanning ??= scanWithProgress(client).then(
      (summary) => {
        scanning = undefined;
        void announce(summary, context, client);
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

  return [
    { dispose: disposeLog },
    new SplitStatusBar(client),
    vscode.commands.registerCommand(Commands.showMatrix, (target?: MatrixTarget) => MatrixPanel.show(context, client, isTarget(target) ? target : undefined)),
    vscode.commands.registerCommand(Commands.showFileMatrix, () => {
      const document = vscode.window.activeTextEditor?.document;
      MatrixPanel.show(context, client, document ? { file: document.uri.toString() } : undefined);
    }),
    vscode.commands.registerCommand(Commands.exportMatrix, async (format?: ExportFormat, target?: vscode.Uri, cloud?: CloudId) => {
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
      // The command exports the whole workspace, in the matrix of the cloud asked for, else the one the panel shows, else the workspace's
      // first cloud (the server picks); the panel's own buttons export what it shows, filters included.
      const chosenCloud = (typeof cloud === 'string' && cloud) || MatrixPanel.shownCloud();
      return exportMatrix(client, chosen, target instanceof vscode.Uri ? target : undefined, chosenCloud ? { cloud: chosenCloud } : {});
    }),
    vscode.commands.registerCommand(Commands.scanWorkspace, () => scan()),
    vscode.commands.registerCommand(Commands.clearWorkspaceResults, () => client.sendRequest(ClearScanResultsRequest)),
    vscode.commands.registerCommand(Commands.showLog, () => log().show(true)),
    client.onNotification(ScanResultsNotification, ({ files }) => {
      void vscode.commands.executeCommand('setContext', ContextKeys.hasScanResults, files > 0);
      MatrixPanel.refresh();
    }),
  ];
}

/** Never at start-up unless asked: a full scan costs CPU the user did not request. `scanOnStartup` is a restricted setting, so an untrusted workspace cannot turn it on. */
export function scanOnStartup(): void {
  if (readSettings()['scanOnStartup'] && vscode.workspace.workspaceFolders?.length) {
    log().info('scanOnStartup is on: scanning the workspace');
    void vscode.commands.executeCommand(Commands.scanWorkspace);
  }
}

/** Asks the server to scan, with a cancellable notification fed by the server's `$/progress`. */
function scanWithProgress(client: LanguageClient): Thenable<ScanSummary> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Responsibility Lens: scanning the workspace'), cancellable: true },
    async (progress, token) => {
      const workDoneToken = randomUUID();
      let shown = 0;
      const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? shown;
        progress.report({ message: value.message, increment: percentage - shown });
        shown = percentage;
      });
      try {
        const summary = await client.sendRequest(ScanWorkspaceRequest, { workDoneToken }, token);
        return { ...summary, uris: summary.uris.map((uri) => vscode.Uri.parse(uri)) };
      } finally {
        listening.dispose();
      }
    },
  );
}

function isTarget(value: unknown): value is MatrixTarget {
  if (!value || typeof value !== 'object') return false;
  const target = value as Record<string, unknown>;
  return (
    (target.file === undefined || typeof target.file === 'string') &&
    (target.resource === undefined || typeof target.resource === 'string') &&
    (target.cloud === undefined || typeof target.cloud === 'string')
  );
}

async function announce(summary: ScanSummary, context: vscode.ExtensionContext, client: LanguageClient): Promise<void> {
  const text = summary.cancelled
    ? vscode.l10n.t('Scan cancelled after {0} files: {1} analysed, {2} findings so far.', summary.scanned, summary.analysed, summary.findings)
    : vscode.l10n.t('Scanned {0} files: {1} analysed, {2} findings.', summary.scanned, summary.analysed, summary.findings);
  const overBudget = summary.overBudget ? ` ${vscode.l10n.t('{0} file(s) took longer than the time budget and were not analysed.', summary.overBudget)}` : '';
  // Nothing skipped silently: what was found but not analysed is counted here and listed in the log.
  const refused = summary.unanalysed.length - summary.overBudget;
  const notAnalysed = refused > 0 ? ` ${vscode.l10n.t('{0} file(s) or folder(s) were not analysed (links out of the folder, too large, unreadable, binary …).', refused)}` : '';
  for (const entry of summary.unanalysed) log().warn(`scan: not analysed: ${entry.path} (${entry.reason}) ${entry.message}`);
  const extra = summary.truncated ? ` ${vscode.l10n.t('Stopped at responsibilityLens.workspaceScan.maxFiles.')}` : '';
  const showMatrix = vscode.l10n.t('Show Matrix');
  const showProblems = vscode.l10n.t('Show Problems');
  const showLog = vscode.l10n.t('Show Log');
  const choice = await vscode.window.showInformationMessage(text + overBudget + notAnalysed + extra, showMatrix, showProblems, ...(summary.unanalysed.length ? [showLog] : []));
  if (choice === showMatrix) MatrixPanel.show(context, client);
  else if (choice === showProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
  else if (choice === showLog) log().show(true);
}
