/**
 * "Responsibility Lens: List Suppressions": every suppression in the
 * workspace, found by the server (open files, plus the files a scan reads),
 * in a QuickPick with its reason; picking one reveals it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Suppression } from '../core/types';
import { ListSuppressionsRequest } from '../protocol/messages';
import { Commands } from './commands';

export interface ListedSuppression {
  uri: vscode.Uri;
  suppression: Suppression;
  range: vscode.Range;
}

interface Item extends vscode.QuickPickItem {
  entry?: ListedSuppression;
}

export async function collectSuppressions(client: LanguageClient, token?: vscode.CancellationToken): Promise<ListedSuppression[]> {
  const entries = await client.sendRequest(ListSuppressionsRequest, {}, token);
  return entries.map((entry) => ({ uri: vscode.Uri.parse(entry.uri), suppression: entry.suppression, range: client.protocol2CodeConverter.asRange(entry.range) }));
}

export function registerListSuppressions(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.listSuppressions, async () => {
    const entries = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Responsibility Lens: finding suppressions'), cancellable: true },
      (_progress, token) => collectSuppressions(client, token),
    );
    if (!entries.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No Responsibility Lens suppressions in this workspace.'));
      return undefined;
    }
    const items: Item[] = [];
    let file = '';
    for (const entry of entries) {
      const where = vscode.workspace.asRelativePath(entry.uri);
      if (where !== file) {
        items.push({ label: where, kind: vscode.QuickPickItemKind.Separator });
        file = where;
      }
      const s = entry.suppression;
      const effect = !s.reason
        ? vscode.l10n.t('no reason: suppresses nothing')
        : s.appliedTo === 1
          ? vscode.l10n.t('suppresses 1 finding')
          : vscode.l10n.t('suppresses {0} findings', s.appliedTo);
      items.push({
        label: `${s.reason ? '$(pass)' : '$(warning)'} ${s.ruleId}`,
        description: `${where}:${entry.range.start.line + 1}${s.resource ? ` · ${s.resource}` : ''} · ${effect}`,
        detail: s.reason || vscode.l10n.t('(no reason given)'),
        entry,
      });
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Responsibility Lens suppressions ({0})', entries.length),
      placeHolder: vscode.l10n.t('Pick a suppression to go to it'),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked?.entry) return undefined;
    const editor = await vscode.window.showTextDocument(picked.entry.uri, { selection: picked.entry.range });
    editor.revealRange(picked.entry.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return picked.entry;
  });
}
