/** `scan --list-suppressions`: every suppression in the scanned files, for audits. */
import type { SuppressedEntry } from '../core/reports/markdown';
import type { JsonReport, SuppressionReport } from '../core/reports/report';
import { singleLine } from '../core/engine/text';

export interface SuppressionListEntry extends SuppressionReport {
  path: string;
}

export function suppressionEntries(report: JsonReport): SuppressionListEntry[] {
  return report.files.flatMap((file) => (file.suppressions ?? []).map((suppression) => ({ path: file.path, ...suppression })));
}

/** One entry per suppressed finding, at the finding's line, for the Markdown and CSV reports. */
export function suppressedEntries(report: JsonReport): SuppressedEntry[] {
  return suppressionEntries(report).flatMap((entry) => entry.findings.map((finding) => ({ path: entry.path, line: finding.line, ruleId: entry.ruleId, reason: entry.reason })));
}

export function suppressionList(report: JsonReport, format: 'text' | 'json'): string {
  const entries = suppressionEntries(report);
  if (format === 'json') return `${JSON.stringify({ version: 1, suppressions: entries }, null, 2)}\n`;
  const out = entries.map((entry) => {
    const where = `${entry.path}:${entry.line}`;
    const scope = entry.form === 'metadata' ? ` (Metadata of ${singleLine(entry.resource ?? '')})` : '';
    const effect = !entry.reason ? 'NO REASON: suppresses nothing' : entry.appliedTo === 0 ? 'suppresses nothing here' : `suppresses ${entry.appliedTo} finding(s)`;
    return `${where}  ${singleLine(entry.ruleId)}${scope}  ${entry.reason ? `"${singleLine(entry.reason)}"` : '-'}  [${effect}]`;
  });
  const files = new Set(entries.map((entry) => entry.path)).size;
  const missing = entries.filter((entry) => !entry.reason).length;
  out.push(`${out.length ? '\n' : ''}${entries.length} suppression(s) in ${files} file(s)${missing ? `, ${missing} without a reason` : ''}`);
  return `${out.join('\n')}\n`;
}
