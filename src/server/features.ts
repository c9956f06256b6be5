/**
 * The standard LSP features, answered from the analysis of the version the
 * client sees (src/server/analyses.ts): hover (the core's Markdown card),
 * code actions (quick fixes, fix-all of preferred fixes, suppress with a
 * reason), CodeLens (each resource's owner split), and CloudFormation
 * property-name completion (from the text as typed).
 */
import {
  CodeActionKind,
  CompletionItemKind,
  MarkupKind,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type Command,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type Position,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { ownerSplit, ownerSplitText } from '../core/clouds/aws/matrix';
import { preferredFixEdits } from '../core/engine/edits';
import { CLOUDS, propertyCompletions, suppressionEdit, UNKNOWN_RULE_RULE, WITHOUT_REASON_RULE } from '../core';
import { hoverMarkdown, hoverSections } from '../core/reports/hover';
import type { Analysis, Finding, Fix, TextEdit } from '../core/types';
import { Commands, DIAGNOSTIC_SOURCE, type MatrixTarget } from '../protocol/commands';
import type { ListedSuppression } from '../protocol/messages';
import type { Settings } from '../protocol/settings';
import { positionAfterEdits, sameRange, toLineRange, toOffset, toRange, type TextDocument } from './positions';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.responsibilityLens`;

/** `$(icon)` syntax renders only in VS Code; other clients get the card without it. */
const THEME_ICON = /\$\([a-z0-9-]+\) ?/g;

export interface HoverClient {
  /** Renders `$(icon)` syntax (VS Code); otherwise icons are left out. */
  themeIcons: boolean;
  /** Shows the line's Problems entries above the card and runs the details command from a link (InitializationOptions.hoverDetailsLink). */
  detailsLink: boolean;
}

export function hover(document: TextDocument, analysis: Analysis, params: HoverParams, client: HoverClient): Hover | null {
  if (!analysis.kind) return null;
  const offset = toOffset(document, params.position);
  let markdown: string | undefined;
  if (client.detailsLink) {
    // The first screen and a link to the rest: the whole hover, Quick Fix links included, fits without scrolling.
    const sections = hoverSections(analysis, offset, document.getText(), { findingsShownAbove: true });
    if (sections) {
      const args = encodeURIComponent(JSON.stringify([document.uri, params.position]));
      markdown = `${sections.first}\n\n[$(book) Details: AWS’s part, documentation, controls and sources](command:${Commands.showHoverDetails}?${args})`;
    }
  } else markdown = hoverMarkdown(analysis, offset, document.getText());
  if (!markdown) return null;
  return { contents: { kind: 'markdown', value: client.themeIcons ? markdown : markdown.replace(THEME_ICON, '') } };
}

/** The whole card (what the details link opens), without theme icons: it is shown outside a hover. */
export function hoverDetails(document: TextDocument, analysis: Analysis, position: Position): string | null {
  if (!analysis.kind) return null;
  return hoverMarkdown(analysis, toOffset(document, position), document.getText())?.replace(THEME_ICON, '') ?? null;
}

/** The analysis without the findings whose rule `responsibilityLens.severity` turns `off`, so counts match the Problems panel. */
export function withoutSilenced(analysis: Analysis, severity: Settings['severity']): Analysis {
  if (!analysis.findings.some((finding) => severity[finding.ruleId] === 'off')) return analysis;
  return { ...analysis, findings: analysis.findings.filter((finding) => severity[finding.ruleId] !== 'off') };
}

export function codeLenses(document: TextDocument, analysis: Analysis, settings: Settings): CodeLens[] {
  if (!analysis.kind || !settings['codeLens.enabled']) return [];
  const shown = withoutSilenced(analysis, settings.severity);
  return shown.resources.map((resource) => {
    const start = toRange(document, resource.key).start;
    // Another cloud's file names its cloud, so the matrix opens on it; a file of the default cloud keeps the target it always had.
    const target: MatrixTarget = { file: document.uri, resource: resource.logicalId, ...(shown.cloud && shown.cloud !== CLOUDS[0].id ? { cloud: shown.cloud } : {}) };
    return { range: { start, end: start }, command: { title: ownerSplitText(ownerSplit(shown, resource.logicalId)), command: Commands.showMatrix, arguments: [target] } };
  });
}

/** Whether a requested kind asks for `kind` (the request names it or a parent of it, as `source.fixAll` does for ours). */
function asksFor(only: string[] | undefined, kind: string): boolean {
  return only === undefined || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

export function codeActions(document: TextDocument, analysis: Analysis, params: CodeActionParams, settings: Settings, versioned: boolean): CodeAction[] {
  if (!analysis.kind) return [];
  const only = params.context.only;
  const edit = (edits: TextEdit[]) => workspaceEdit(document, edits, versioned);
  if (only && asksFor(only, FIX_ALL_KIND) && !asksFor(only, CodeActionKind.QuickFix)) {
    const edits = preferredFixEdits(analysis.findings.filter((finding) => settings.severity[finding.ruleId] !== 'off'));
    return edits.length ? [{ title: 'Fix all Responsibility Lens findings that have a safe fix', kind: FIX_ALL_KIND, edit: edit(edits) }] : [];
  }
  if (!asksFor(only, CodeActionKind.QuickFix)) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const finding = findingFor(document, analysis.findings, diagnostic);
    if (!finding) continue;
    if (finding.fix) {
      const select = selectAfter(document, finding.fix);
      actions.push({ title: finding.fix.title, kind: CodeActionKind.QuickFix, edit: edit(finding.fix.edits), diagnostics: [diagnostic], isPreferred: finding.fix.preferred, ...(select ? { command: select } : {}) });
    }
    if (finding.ruleId === WITHOUT_REASON_RULE || finding.ruleId === UNKNOWN_RULE_RULE) continue;
    const text = document.getText();
    const suppression = suppressionEdit(text, finding, analysis.kind);
    if (!suppression) continue;
    actions.push({
      title: `Suppress ${finding.ruleId} with a reason`,
      kind: CodeActionKind.QuickFix,
      edit: edit(suppression.edits),
      diagnostics: [diagnostic],
      // After the edit is applied, the cursor goes where the reason is typed.
      command: { title: 'Type the reason', command: Commands.placeCursor, arguments: [document.uri, positionAfterEdits(text, suppression.edits, suppression.cursor)] },
    });
  }
  return actions;
}

/**
 * The command that selects what a fix leaves to fill in (the parameter it
 * introduced, the secret name), run by the client after the edit: the server
 * answers it with `window/showDocument` and that selection.
 */
function selectAfter(document: TextDocument, fix: Fix): Command | undefined {
  if (!fix.select) return undefined;
  const text = document.getText();
  const range = { start: positionAfterEdits(text, fix.edits, fix.select.offset), end: positionAfterEdits(text, fix.edits, fix.select.offset + fix.select.length) };
  return { title: 'Select what to fill in', command: Commands.select, arguments: [document.uri, range] };
}

/** Property names of a CloudFormation resource at the cursor, with the spec's documentation; nothing elsewhere. */
export function completions(document: TextDocument, position: Position): CompletionItem[] {
  const text = document.getText();
  return propertyCompletions(text, toOffset(document, position)).map((completion) => ({
    label: completion.label,
    kind: CompletionItemKind.Property,
    detail: completion.detail,
    ...(completion.documentation ? { documentation: { kind: MarkupKind.Markdown, value: completion.documentation } } : {}),
    textEdit: { range: toRange(document, completion.replace), newText: completion.insertText },
  }));
}

/** The suppressions of one analysed file, each with what is wrong with it (an unknown rule id) and its fix. */
export function listedSuppressions(uri: string, document: TextDocument, analysis: Analysis, versioned: boolean): ListedSuppression[] {
  const text = document.getText();
  const unknown = analysis.findings.filter((finding) => finding.ruleId === UNKNOWN_RULE_RULE);
  return (analysis.suppressions ?? []).map((suppression) => {
    const end = suppression.span.offset + suppression.span.length;
    // The unknown-rule finding sits on this suppression's (misspelt) id.
    const problem = unknown.find(
      (finding) => finding.span.offset >= suppression.span.offset && finding.span.offset + finding.span.length <= end && text.slice(finding.span.offset, finding.span.offset + finding.span.length).includes(suppression.ruleId),
    );
    return {
      uri,
      range: toRange(document, suppression.span),
      suppression,
      ...(problem ? { problem: { message: problem.message, ...(problem.fix ? { fix: { title: problem.fix.title, edit: workspaceEdit(document, problem.fix.edits, versioned) } } : {}) } } : {}),
    };
  });
}

/** The finding a diagnostic of ours was made from (same rule, same range). */
function findingFor(document: TextDocument, findings: Finding[], diagnostic: Diagnostic): Finding | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  return findings.find((finding) => finding.ruleId === diagnostic.code && sameRange(toLineRange(document, finding.span), diagnostic.range));
}

/** Edits of the document's version the analysis is of, so a client refuses them once the text has moved on. */
function workspaceEdit(document: TextDocument, edits: TextEdit[], versioned: boolean): WorkspaceEdit {
  const changes = edits.map((change) => ({ range: toRange(document, { offset: change.offset, length: change.length }), newText: change.newText }));
  if (!versioned) return { changes: { [document.uri]: changes } };
  const documentEdit: TextDocumentEdit = { textDocument: { uri: document.uri, version: document.version }, edits: changes };
  return { documentChanges: [documentEdit] };
}
