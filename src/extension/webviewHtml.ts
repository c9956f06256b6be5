/**
 * The HTML shell of a webview, as a pure function (no vscode import) so unit
 * tests can check it: a Content Security Policy with `default-src 'none'`,
 * scripts only by nonce, styles and images only from the webview's own
 * resource origin, and no remote URLs. All dynamic content is added later by
 * the page script with textContent.
 */
import { randomBytes } from 'node:crypto';
import { escapeHtml } from '../core/engine/text';

export interface WebviewShell {
  /** `webview.cspSource`: the origin of the extension's local resources. */
  cspSource: string;
  /** `webview.asWebviewUri(...)` of the stylesheet and the script. */
  styleUri: string;
  scriptUri: string;
  nonce: string;
  /** `vscode.env.language`. */
  lang: string;
  title: string;
  loading: string;
}

export function webviewHtml(shell: WebviewShell): string {
  const csp = ["default-src 'none'", `style-src ${shell.cspSource}`, `script-src 'nonce-${shell.nonce}'`, `img-src ${shell.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(shell.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(shell.styleUri)}">
<title>${escapeHtml(shell.title)}</title>
</head>
<body>
<main id="app"><p>${escapeHtml(shell.loading)}</p></main>
<script nonce="${shell.nonce}" src="${escapeHtml(shell.scriptUri)}"></script>
</body>
</html>`;
}

/** 32 alphanumeric characters from a cryptographic source: a fresh one per page load. */
export function makeNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(32)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
