/**
 * A hover card's "Details" link: the whole card (the server's
 * HoverDetailsRequest) in a Markdown preview beside the editor, from a
 * read-only virtual document. The hover itself keeps only the first screen.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { HoverDetailsRequest } from '../protocol/messages';
import { Commands } from './commands';
import { log } from './log';

const SCHEME = 'responsibility-lens-card';

export function registerHoverDetails(client: LanguageClient): vscode.Disposable[] {
  const cards = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const provider: vscode.TextDocumentContentProvider = { onDidChange: changed.event, provideTextDocumentContent: (uri) => cards.get(uri.toString()) ?? '' };
  return [
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.commands.registerCommand(Commands.showHoverDetails, async (uri: unknown, position: unknown) => {
      const at = position as { line?: unknown; character?: unknown } | undefined;
      if (typeof uri !== 'string' || typeof at?.line !== 'number' || typeof at.character !== 'number') return undefined;
      const card = await client.sendRequest(HoverDetailsRequest, { textDocument: { uri }, position: { line: at.line, character: at.character } });
      if (!card) return undefined;
      const name = vscode.workspace.asRelativePath(vscode.Uri.parse(uri)).replace(/[\\/]/g, ' › ');
      const details = vscode.Uri.from({ scheme: SCHEME, path: `/${name}, line ${at.line + 1}.md` });
      cards.set(details.toString(), card);
      changed.fire(details);
      try {
        await vscode.commands.executeCommand('markdown.showPreviewToSide', details);
      } catch (error) {
        log().debug(`hover details: no Markdown preview (${error instanceof Error ? error.message : String(error)}); opening the text`);
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(details), { viewColumn: vscode.ViewColumn.Beside, preview: true });
      }
      return details;
    }),
  ];
}
