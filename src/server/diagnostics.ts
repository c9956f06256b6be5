/**
 * Problems-panel entries as LSP diagnostics: findings (the core's
 * diagnosticMessage, the rule id as code linked to the rule's page), parse problems, ownership notes when
 * asked for, and the note on a file the time budget stopped. The Publisher
 * keeps each file's diagnostics by origin (the open document's analysis, a
 * workspace-scan result, the organisation config) and sends them as one list.
 */
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { rowTitle } from '../core/clouds';
import { diagnosticMessage } from '../core/reports/diagnostic';
import type { Analysis, Finding, Severity } from '../core/types';
import { DIAGNOSTIC_SOURCE } from '../protocol/commands';
import type { Settings } from '../protocol/settings';
import { firstLine, toLineRange, toRange, type TextDocument } from './positions';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const OWNER_WORD = { customer: 'Customer', aws: 'AWS', shared: 'Shared', microsoft: 'Microsoft' } as const;
const OWNERSHIP_DOC = 'https://aws.amazon.com/compliance/shared-responsibility-model/';

/** Codes of the diagnostics that are not findings. */
export const Codes = {
  parseError: 'parse-error',
  notAnalysed: 'not-analysed',
  overBudget: 'over-budget',
  analysisFailed: 'analysis-failed',
  ownership: 'ownership',
  config: 'config',
} as const;

function diagnostic(range: Diagnostic['range'], message: string, severity: DiagnosticSeverity, code: string, href?: string): Diagnostic {
  return { range, message, severity, source: DIAGNOSTIC_SOURCE, code, ...(href ? { codeDescription: { href } } : {}) };
}

/** `ruleLink`: the page a finding's rule id links to (src/server/rulePages.ts); by default its docUrl. */
export function toDiagnostics(
  document: TextDocument,
  analysis: Analysis,
  settings: Pick<Settings, 'diagnostics.ownership' | 'severity'>,
  ruleLink: (finding: Finding) => string = (finding) => finding.docUrl,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const error of analysis.errors) {
    const note = error.severity === 'info';
    diagnostics.push(diagnostic(toLineRange(document, error.span), error.message, note ? DiagnosticSeverity.Information : DiagnosticSeverity.Error, note ? Codes.notAnalysed : Codes.parseError));
  }
  const overrides = settings.severity;
  for (const finding of analysis.findings) {
    const override = Object.prototype.hasOwnProperty.call(overrides, finding.ruleId) ? overrides[finding.ruleId] : undefined;
    if (override === 'off') continue;
    // No controls here: the hover that shows this entry lists them once, in its card.
    diagnostics.push(diagnostic(toLineRange(document, finding.span), diagnosticMessage(finding, analysis.cloud), SEVERITY[override ?? finding.severity], finding.ruleId, ruleLink(finding)));
  }
  const ownership = settings['diagnostics.ownership'];
  if (ownership !== 'off') {
    for (const setting of analysis.settings) {
      const a = setting.attribution;
      if (!setting.leaf || (ownership === 'customer' && a.owner !== 'customer')) continue;
      const message = `${OWNER_WORD[a.owner]} responsibility: ${rowTitle(a.row, analysis.cloud)} (${a.service}, ${a.model} model)`;
      diagnostics.push(diagnostic(toRange(document, setting.key), message, DiagnosticSeverity.Information, Codes.ownership, a.sources[0]?.url ?? OWNERSHIP_DOC));
    }
  }
  return diagnostics;
}

/** The one note on a file whose analysis ran over its time budget. */
export function overBudgetDiagnostic(document: TextDocument, budgetMs: number): Diagnostic {
  return diagnostic(
    firstLine(document),
    `Not analysed: Responsibility Lens stopped after this file's time budget of ${budgetMs} ms, so no findings are shown for it. Raise the setting responsibilityLens.analysis.timeBudgetMs to analyse it.`,
    DiagnosticSeverity.Information,
    Codes.overBudget,
  );
}

/**
 * The note on a file the workspace scan found but did not analyse: a link to
 * a file outside the workspace folder, a FIFO, a file too large or unreadable,
 * or one that looks binary. `message` says which, as a sentence.
 */
export function unanalysedDiagnostic(document: TextDocument, message: string): Diagnostic {
  return diagnostic(firstLine(document), `Not analysed: ${message}`, DiagnosticSeverity.Warning, Codes.notAnalysed);
}

/** The note on a file whose analysis failed (its worker ran out of memory or crashed). */
export function failedDiagnostic(document: TextDocument, message: string): Diagnostic {
  return diagnostic(firstLine(document), `Not analysed: the analysis failed (${message.split('\n')[0]}).`, DiagnosticSeverity.Error, Codes.analysisFailed);
}

export function configDiagnostic(range: Diagnostic['range'], message: string, severity: DiagnosticSeverity): Diagnostic {
  return diagnostic(range, message, severity, Codes.config);
}

/** Where a file's diagnostics come from; each replaces only its own part. An open document's analysis replaces its scan result (the server clears that part). */
export type Origin = 'document' | 'scan' | 'config';

export class Publisher {
  private readonly parts = new Map<string, Map<Origin, Diagnostic[]>>();

  constructor(private readonly connection: Connection) {}

  set(uri: string, origin: Origin, diagnostics: Diagnostic[]): void {
    let parts = this.parts.get(uri);
    if (!parts) {
      if (!diagnostics.length) return;
      parts = new Map();
      this.parts.set(uri, parts);
    }
    if (diagnostics.length) parts.set(origin, diagnostics);
    else parts.delete(origin);
    if (!parts.size) this.parts.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [...parts.values()].flat() });
  }

  clear(uri: string, origin: Origin): void {
    if (this.parts.get(uri)?.has(origin)) this.set(uri, origin, []);
  }
}
