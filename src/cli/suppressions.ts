/** `scan --list-suppressions`: every suppression in the scanned files, for audits. */
import type { SuppressedEntry } from '../core/reports/markdown';
import type { JsonReport, SuppressionReport } from '../core/reports/report';

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
    const scope = entry.form === 'metadata' ? ` (Metadata of ${terminalSafe(entry.resource ?? '')})` : '';
    const effect = !entry.reason ? 'NO REASON: suppresses nothing' : entry.appliedTo === 0 ? 'suppresses nothing here' : `suppresses ${entry.appliedTo} finding(s)`;
    return `${where}  ${terminalSafe(entry.ruleId)}${scope}  ${entry.reason ? `"${terminalSafe(entry.reason)}"` : '-'}  [${effect}]`;
  });
  const files = new Set(entries.map((entry) => entry.path)).size;
  const missing = entries.filter((entry) => !entry.reason).length;
  out.push(`${out.length ? '\n' : ''}${entries.length} suppression(s) in ${files} file(s)${missing ? `, ${missing} without a reason` : ''}`);
  return `${out.join('\n')}\n`;
}

/** Document text must not drive the terminal: control characters are shown, not sent. */
function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
