/**
 * "Responsibility Lens: List Suppressions": every suppression in the open
 * files and in the last workspace scan's results (the server reads nothing
 * from disk for it; before the first scan it runs one), in a QuickPick with
 * its reason. A suppression naming a rule that does not exist is flagged, with
 * its "did you mean" fix as a button; picking an entry reveals it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Suppression } from '../core/types';
import { ListSuppressionsRequest, type ListedSuppression as Listed } from '../protocol/messages';
import { Commands } from './commands';

export interface ListedSuppression {
  uri: vscode.Uri;
  suppression: Suppression;
  range: vscode.Range;
  problem?: { message: string; fix?: { title: string; edit: vscode.WorkspaceEdit } };
}

interface Item extends vscode.QuickPickItem {
  entry?: ListedSuppression;
}

export async function collectSuppressions(client: LanguageClient, token?: vscode.CancellationToken): Promise<{ entries: ListedSuppression[]; scanned: boolean }> {
  const list = await client.sendRequest(ListSuppressionsRequest, {}, token);
  const entries = await Promise.all(list.entries.map((entry) => fromProtocol(client, entry)));
  return { entries, scanned: list.scanned };
}

async function fromProtocol(client: LanguageClient, entry: Listed): Promise<ListedSuppression> {
  const fix = entry.problem?.fix;
  return {
    uri: vscode.Uri.parse(entry.uri),
    suppression: entry.suppression,
    range: client.protocol2CodeConverter.asRange(entry.range),
    ...(entry.problem
      ? { problem: { message: entry.problem.message, ...(fix ? { fix: { title: fix.title, edit: await client.protocol2CodeConverter.asWorkspaceEdit(fix.edit) } } : {}) } }
      : {}),
  };
}

const FIX_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('lightbulb-autofix'), tooltip: '' };

export function registerListSuppressions(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.listSuppressions, async () => {
    let list = await collectSuppressions(client);
    // Files that are not open come from the workspace scan's results: scan once if there are none yet.
    if (!list.scanned && vscode.workspace.workspaceFolders?.length) {
      const summary = await vscode.commands.executeCommand<{ cancelled: boolean } | undefined>(Commands.scanWorkspace);
      if (!summary) return undefined;
      list = await collectSuppressions(client);
    }
    if (!list.entries.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No Responsibility Lens suppressions in this workspace.'));
      return undefined;
    }
    return pick(list.entries);
  });
}

function items(entries: ListedSuppression[]): Item[] {
  const result: Item[] = [];
  let file = '';
  for (const entry of entries) {
    const where = vscode.workspace.asRelativePath(entry.uri);
    if (where !== file) {
      result.push({ label: where, kind: vscode.QuickPickItemKind.Separator });
      file = where;
    }
    const s = entry.suppression;
    const effect = entry.problem
      ? vscode.l10n.t('unknown rule: suppresses nothing')
      : !s.reason
        ? vscode.l10n.t('no reason: suppresses nothing')
        : s.appliedTo === 1
          ? vscode.l10n.t('suppresses 1 finding')
          : vscode.l10n.t('suppresses {0} findings', s.appliedTo);
    const fix = entry.problem?.fix;
    result.push({
      label: `${entry.problem ? '$(error)' : s.reason ? '$(pass)' : '$(warning)'} ${s.ruleId}`,
      description: `${where}:${entry.range.start.line + 1}${s.resource ? ` · ${s.resource}` : ''} · ${effect}`,
      detail: entry.problem ? `${entry.problem.message}${s.reason ? ` (${s.reason})` : ''}` : s.reason || vscode.l10n.t('(no reason given)'),
      ...(fix ? { buttons: [{ ...FIX_BUTTON, tooltip: fix.title }] } : {}),
      entry,
    });
  }
  return result;
}

/** The QuickPick; resolves with the entry that was picked and revealed (or whose fix was applied), if any. */
function pick(entries: ListedSuppression[]): Promise<ListedSuppression | undefined> {
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = vscode.l10n.t('Responsibility Lens suppressions ({0})', entries.length);
  quickPick.placeholder = vscode.l10n.t('Pick a suppression to go to it');
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.items = items(entries);
  return new Promise((resolve) => {
    /** Set once the user chose: hiding the pick then does not count as cancelling. */
    let chosen = false;
    const finish = (entry: ListedSuppression | undefined) => {
      resolve(entry);
      quickPick.dispose();
    };
    quickPick.onDidTriggerItemButton(async ({ item }) => {
      const fix = item.entry?.problem?.fix;
      if (!fix || chosen) return;
      chosen = true;
      quickPick.hide();
      const applied = await vscode.workspace.applyEdit(fix.edit);
      if (applied) await reveal(item.entry!);
      finish(applied ? item.entry : undefined);
    });
    quickPick.onDidAccept(async () => {
      const entry = quickPick.selectedItems[0]?.entry;
      if (!entry || chosen) return;
      chosen = true;
      quickPick.hide();
      await reveal(entry);
      finish(entry);
    });
    quickPick.onDidHide(() => {
      if (!chosen) finish(undefined);
    });
    quickPick.show();
  });
}

async function reveal(entry: ListedSuppression): Promise<void> {
  const editor = await vscode.window.showTextDocument(entry.uri, { selection: entry.range });
  editor.revealRange(entry.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
