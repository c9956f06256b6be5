/**
 * The shared-responsibility matrix as a single webview panel: the source
 * table, the per-model view and this workspace's counts. Restored after a
 * reload by a serializer.
 */
import * as vscode from 'vscode';
import { matrixWithCounts, type MatrixLocation } from '../core/matrix';
import type { Owner, RowId } from '../core/types';
import type { Analyses } from './analyses';
import { Analyses as AnalysesClass } from './analyses';
import { MATRIX_VIEW_TYPE } from './commands';
import { toRange } from './positions';

type FromWebview = { type: 'ready' } | { type: 'reveal'; row: RowId; owner: Owner };

export class MatrixPanel implements vscode.Disposable {
  private static current: MatrixPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private locations = new Map<string, MatrixLocation[]>();

  static show(context: vscode.ExtensionContext, analyses: Analyses): void {
    if (MatrixPanel.current) {
      MatrixPanel.current.panel.reveal();
      MatrixPanel.current.update();
      return;
    }
    const panel = vscode.window.createWebviewPanel(MATRIX_VIEW_TYPE, 'Shared Responsibility Matrix', vscode.ViewColumn.Beside, webviewOptions(context));
    MatrixPanel.current = new MatrixPanel(panel, context, analyses);
  }

  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, analyses: Analyses): void {
    panel.webview.options = webviewOptions(context);
    MatrixPanel.current = new MatrixPanel(panel, context, analyses);
  }

  /** Called when documents change, so open counts stay current. */
  static refresh(): void {
    MatrixPanel.current?.update();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly analyses: Analyses,
  ) {
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: FromWebview) => this.receive(message)),
    );
  }

  private receive(message: FromWebview): void {
    if (message.type === 'ready') this.update();
    else if (message.type === 'reveal') void this.reveal(message.row, message.owner);
  }

  private update(): void {
    const files = vscode.workspace.textDocuments
      .filter((document) => AnalysesClass.applies(document))
      .map((document) => ({ file: document.uri.toString(), analysis: this.analyses.get(document) }))
      .filter(({ analysis }) => analysis.kind);
    const result = matrixWithCounts(files);
    this.locations = new Map();
    const counts: Record<string, { customer: number; aws: number; shared: number; findings: number }> = {};
    for (const [row, rowCounts] of Object.entries(result.counts)) {
      counts[row] = { customer: rowCounts.customer, aws: rowCounts.aws, shared: rowCounts.shared, findings: rowCounts.findings };
      for (const owner of ['customer', 'aws', 'shared'] as const) this.locations.set(`${row}/${owner}`, rowCounts.locations[owner]);
    }
    void this.panel.webview.postMessage({ type: 'data', matrix: result.matrix, counts, services: result.services, files: files.length });
  }

  private async reveal(row: RowId, owner: Owner): Promise<void> {
    const locations = this.locations.get(`${row}/${owner}`) ?? [];
    if (!locations.length) return;
    const pick =
      locations.length === 1
        ? locations[0]
        : (
            await vscode.window.showQuickPick(
              locations.map((location) => ({
                label: `${location.resource} · ${location.key}`,
                description: vscode.workspace.asRelativePath(vscode.Uri.parse(location.file)),
                location,
              })),
              { placeHolder: `${locations.length} settings in this cell`, matchOnDescription: true },
            )
          )?.location;
    if (!pick) return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(pick.file));
    const range = toRange(document, pick.span);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: range });
  }

  private html(): string {
    const webview = this.panel.webview;
    const media = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', name));
    const nonce = makeNonce();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      `img-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('matrix.css').toString()}">
<title>Shared Responsibility Matrix</title>
</head>
<body>
<main id="app"><p>Loading the matrix…</p></main>
<script nonce="${nonce}" src="${media('matrix.js').toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    MatrixPanel.current = undefined;
    this.panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')], retainContextWhenHidden: false };
}

function makeNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let index = 0; index < 32; index++) nonce += alphabet.charAt(Math.floor(Math.random() * alphabet.length));
  return nonce;
}
