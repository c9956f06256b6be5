/**
 * Quick fixes for findings (computed by the core as text edits, see
 * src/core/engine/edits.ts and clouds/aws/fixes.ts), "Suppress <rule> with a reason", and a
 * `source.fixAll.responsibilityLens` action that applies every preferred fix.
 */
import * as vscode from 'vscode';
import type { Finding, TextEdit } from '../core/types';
import { suppressionEdit } from '../core';
import { preferredFixEdits } from '../core/engine/edits';
import { UNKNOWN_RULE_RULE, WITHOUT_REASON_RULE } from '../core/engine/suppressions';
import { Analyses } from './analyses';
import { Commands, DIAGNOSTIC_SOURCE } from './commands';
import { toLineRange, toRange } from './positions';
import { readSettings } from './settings';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('responsibilityLens');

export class ResponsibilityCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly analyses: Analyses) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!Analyses.applies(document)) return [];
    const analysis = this.analyses.get(document);
    if (!analysis.kind) return [];
    const wantsFixAll = context.only !== undefined && (FIX_ALL_KIND.contains(context.only) || context.only.contains(FIX_ALL_KIND));
    if (context.only && !wantsFixAll && !context.only.contains(vscode.CodeActionKind.QuickFix) && !vscode.CodeActionKind.QuickFix.contains(context.only)) return [];
    if (wantsFixAll) {
      const action = this.fixAll(document, analysis.findings);
      return action ? [action] : [];
    }
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const finding = findingFor(document, analysis.findings, diagnostic);
      if (!finding) continue;
      if (finding.fix) {
        const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(document, finding.fix.edits);
        action.diagnostics = [diagnostic];
        action.isPreferred = finding.fix.preferred;
        actions.push(action);
      }
      if (finding.ruleId !== WITHOUT_REASON_RULE && finding.ruleId !== UNKNOWN_RULE_RULE) {
        const suppression = suppressionEdit(document.getText(), finding, analysis.kind);
        if (suppression) {
          const action = new vscode.CodeAction(vscode.l10n.t('Suppress {0} with a reason', finding.ruleId), vscode.CodeActionKind.QuickFix);
          action.edit = workspaceEdit(document, suppression.edits);
          action.diagnostics = [diagnostic];
          // After the edit is applied, put the cursor where the reason goes.
          action.command = { command: Commands.placeCursor, title: '', arguments: [document.uri.toString(), suppression.cursor] };
          actions.push(action);
        }
      }
    }
    return actions;
  }

  private fixAll(document: vscode.TextDocument, findings: Finding[]): vscode.CodeAction | undefined {
    const overrides = readSettings(document.uri).severity;
    const shown = findings.filter((finding) => overrides[finding.ruleId] !== 'off');
    const edits = preferredFixEdits(shown);
    if (!edits.length) return undefined;
    const action = new vscode.CodeAction(vscode.l10n.t('Fix all Responsibility Lens findings that have a safe fix'), FIX_ALL_KIND);
    action.edit = workspaceEdit(document, edits);
    return action;
  }
}

/** The finding a diagnostic of ours was made from (same rule, same range). */
function findingFor(document: vscode.TextDocument, findings: Finding[], diagnostic: vscode.Diagnostic): Finding | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return findings.find((finding) => finding.ruleId === code && toLineRange(document, finding.span).isEqual(diagnostic.range));
}

function workspaceEdit(document: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of edits) edit.replace(document.uri, toRange(document, { offset: change.offset, length: change.length }), change.newText);
  return edit;
}

/** Internal command run after "Suppress … with a reason": the cursor goes to the (empty) reason. */
export function registerPlaceCursor(): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.placeCursor, async (uri: string, offset: number) => {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri);
    if (!document || typeof offset !== 'number') return;
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
    const position = document.positionAt(offset);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position));
  });
}
