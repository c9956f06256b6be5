/**
 * Activation starts the language client and wires the VS Code–only parts
 * (matrix panel, status bar, commands). All analysis happens in the language
 * server's worker threads, never on the extension host.
 */
import * as vscode from 'vscode';
import { createClient } from './client';
import { MATRIX_VIEW_TYPE } from './commands';
import { MatrixPanel } from './matrixPanel';
import { TrustNotification } from '../protocol/messages';
import { registerWorkspaceView, scanOnStartup } from './workspaceView';
import { registerListSuppressions } from './suppressionList';
import { FindingsView } from './findingsView';
import { registerHoverDetails } from './hoverDetails';
import { log } from './log';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const client = createClient(context);
  context.subscriptions.push(
    ...registerWorkspaceView(context, client),
    registerListSuppressions(client),
    new FindingsView(client, context.workspaceState),
    ...registerHoverDetails(client),
    vscode.window.registerWebviewPanelSerializer(MATRIX_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => MatrixPanel.revive(panel, context, client, state),
    }),
    // In Restricted Mode the workspace's organisation config is not applied until the user trusts the workspace.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(TrustNotification, { trusted: true })),
    vscode.workspace.onDidSaveTextDocument(() => MatrixPanel.refresh()),
    vscode.workspace.onDidOpenTextDocument(() => MatrixPanel.refresh()),
    vscode.workspace.onDidCloseTextDocument(() => MatrixPanel.refresh()),
    { dispose: () => void client.stop() },
  );
  try {
    await client.start();
  } catch (error) {
    log().error(`cannot start the language server: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  scanOnStartup();
}

export function deactivate(): void {}
