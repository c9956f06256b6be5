/** Activation wires the providers; analysis happens only when a file is open. */
import * as vscode from 'vscode';
import { Analyses, SELECTOR } from './analyses';
import { Commands, MATRIX_VIEW_TYPE } from './commands';
import { DiagnosticsController } from './diagnostics';
import { ResponsibilityHoverProvider } from './hover';
import { MatrixPanel } from './matrixPanel';

export function activate(context: vscode.ExtensionContext): void {
  const analyses = new Analyses();
  context.subscriptions.push(
    analyses,
    vscode.languages.registerHoverProvider(SELECTOR, new ResponsibilityHoverProvider(analyses)),
    new DiagnosticsController(analyses),
    vscode.commands.registerCommand(Commands.showMatrix, () => MatrixPanel.show(context, analyses)),
    vscode.window.registerWebviewPanelSerializer(MATRIX_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => MatrixPanel.revive(panel, context, analyses),
    }),
    vscode.workspace.onDidSaveTextDocument(() => MatrixPanel.refresh()),
    vscode.workspace.onDidOpenTextDocument(() => MatrixPanel.refresh()),
    vscode.workspace.onDidCloseTextDocument(() => MatrixPanel.refresh()),
  );
}

export function deactivate(): void {}
