/**
 * "Responsibility Lens: List Suppressions": every suppression in the
 * workspace (open files, plus a file search for the formats the extension
 * reads), in a QuickPick with its reason; picking one reveals it.
 * Only files that mention `responsibility-lens` are analysed.
 */
import * as vscode from 'vscode';
import { analyze, isTerraformFileName, MAX_ANALYSED_CHARS, prepareFormats } from '../core';
import { METADATA_KEY } from '../core/engine/suppressions';
import type { Suppression } from '../core/types';
import { Analyses } from './analyses';
import { Commands } from './commands';
import { log } from './log';
import { toRange, TextPositions, type Positions } from './positions';

/** The files suppressions can be in: one brace group of whole patterns (what findFiles accepts). */
export const SUPPRESSION_FILES =
  '{**/*.yaml,**/*.yml,**/*.json,**/*.jsonc,**/*.template,**/*.tf,**/*.tf.json,**/*.properties,**/Dockerfile,**/Dockerfile.*,**/*.Dockerfile,**/*.dockerfile,**/Containerfile,**/Containerfile.*,**/.env,**/.env.*,**/*.env}';
export const SUPPRESSION_EXCLUDE = '{**/node_modules/**,**/.git/**,**/.vscode-test/**}';
const MAX_FILES = 5000;

export interface ListedSuppression {
  uri: vscode.Uri;
  suppression: Suppression;
  range: vscode.Range;
}

const decoder = new TextDecoder('utf-8');

/** Every suppression in open documents and workspace files; open documents win over their saved text. */
export async function collectSuppressions(analyses: Analyses, token?: vscode.CancellationToken): Promise<ListedSuppression[]> {
  const out: ListedSuppression[] = [];
  const seen = new Set<string>();
  const add = (uri: vscode.Uri, positions: Positions, analysis: ReturnType<typeof analyze>) => {
    for (const suppression of analysis.suppressions ?? []) out.push({ uri, suppression, range: toRange(positions, suppression.span) });
  };
  for (const document of vscode.workspace.textDocuments) {
    if (!Analyses.applies(document) || document.uri.scheme === 'output') continue;
    seen.add(document.uri.toString());
    const text = document.getText();
    if (!text.includes(METADATA_KEY)) continue;
    add(document.uri, document, analyses.get(document));
  }
  const files = vscode.workspace.workspaceFolders?.length ? await vscode.workspace.findFiles(SUPPRESSION_FILES, SUPPRESSION_EXCLUDE, MAX_FILES, token) : [];
  for (const uri of files) {
    if (token?.isCancellationRequested) break;
    if (seen.has(uri.toString())) continue;
    let text: string;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.byteLength > MAX_ANALYSED_CHARS * 2) continue;
      text = decoder.decode(bytes);
    } catch (error) {
      log().debug(`list suppressions: cannot read ${uri.toString(true)}: ${String(error)}`);
      continue;
    }
    if (!text.includes(METADATA_KEY)) continue;
    if (isTerraformFileName(uri.path)) await prepareFormats(__dirname).catch((error: unknown) => log().error(`cannot load the Terraform parser: ${String(error)}`));
    add(uri, new TextPositions(text), analyze(text, uri.path));
  }
  return out.sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()) || a.range.start.compareTo(b.range.start));
}

interface Item extends vscode.QuickPickItem {
  entry?: ListedSuppression;
}

export function registerListSuppressions(analyses: Analyses): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.listSuppressions, async () => {
    const entries = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Responsibility Lens: finding suppressions'), cancellable: true },
      (_progress, token) => collectSuppressions(analyses, token),
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
