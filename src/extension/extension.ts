/** Activation wires the providers; analysis happens only when a file is open. */
import * as vscode from 'vscode';
import { Analyses, SELECTOR } from './analyses';
import { MATRIX_VIEW_TYPE } from './commands';
import { DiagnosticsController } from './diagnostics';
import { ResponsibilityHoverProvider } from './hover';
import { MatrixPanel } from './matrixPanel';
import { OrgConfigs } from './config';
import { registerWorkspaceView } from './workspaceView';
import { WorkspaceStore } from './workspaceStore';
import { TerraformParser } from './terraform';
import { registerPlaceCursor, ResponsibilityCodeActions } from './codeActions';
import { registerListSuppressions } from './suppressionList';

export function activate(context: vscode.ExtensionContext): void {
  const configs = new OrgConfigs();
  const analyses = new Analyses((uri) => configs.configFor(uri));
  const store = new WorkspaceStore();
  const diagnostics = new DiagnosticsController(analyses, store);
  // Loaded when the first Terraform file opens; then the open files are analysed again.
  const terraform = new TerraformParser(__dirname, () => {
    analyses.invalidate();
    diagnostics.refreshAll();
    MatrixPanel.refresh();
  });
  // A changed Terraform variable, tfvars or locals file re-analyses the files beside it.
  analyses.onDidGoStale((uris) => {
    const stale = new Set(uris.map((uri) => uri.toString()));
    for (const document of vscode.workspace.textDocuments) if (stale.has(document.uri.toString())) diagnostics.refresh(document);
    MatrixPanel.refresh();
  });
  // A changed organisation config re-attributes every open file.
  configs.onDidChange(() => {
    analyses.invalidate();
    diagnostics.refreshAll();
    MatrixPanel.refresh();
  });
  context.subscriptions.push(
    configs,
    analyses,
    store,
    terraform,
    vscode.languages.registerHoverProvider(SELECTOR, new ResponsibilityHoverProvider(analyses, (document) => terraform.whenReady(document))),
    diagnostics,
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ResponsibilityCodeActions(analyses), ResponsibilityCodeActions.metadata),
    registerPlaceCursor(),
    registerListSuppressions(analyses),
    ...registerWorkspaceView(context, analyses, store),
    vscode.window.registerWebviewPanelSerializer(MATRIX_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => MatrixPanel.revive(panel, context, analyses, store, state),
    }),
    vscode.workspace.onDidSaveTextDocument(() => MatrixPanel.refresh()),
    vscode.workspace.onDidOpenTextDocument(() => MatrixPanel.refresh()),
    vscode.workspace.onDidCloseTextDocument(() => MatrixPanel.refresh()),
  );
}

export function deactivate(): void {}
