/**
 * The scan as a Markdown report for a pull-request comment: the matrix with
 * this scan's counts, the findings grouped by matrix row with file:line
 * links, and what was suppressed and why. Built from the JSON report, so it
 * is the same for every file format. Every piece of document text (paths,
 * messages, reasons) is escaped.
 */
import type { JsonReport } from './report';
import { matrix } from '../clouds/aws/knowledge';
import { escapeMarkdown, markdownUrl, showControlCharacters, singleLine } from '../engine/text';
import { countByRow, rowTitle } from './common';
import { relativeUri } from './sarif';
import { silencedEffect } from './silenced';

/** A finding that a suppression comment or file silenced, with the reason its author gave. */
export interface SuppressedEntry {
  path: string;
  line: number;
  ruleId: string;
  reason: string;
}

export interface ReportExtras {
  /**
   * Suppressed findings with their reasons.
   * INTEGRATION POINT (suppressions): the CLI passes what src/core/engine/suppressions.ts reports; until that
   * exists this stays undefined and the report says that no suppression source is wired.
   */
  suppressed?: SuppressedEntry[];
  /** Findings hidden because a baseline already had them. */
  baseline?: { file: string; hidden: number };
  /** Prefix for file links, e.g. "https://github.com/org/repo/blob/<sha>/"; relative links otherwise. */
  linkBase?: string;
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };
const OWNER_WORD: Record<string, string> = { customer: 'Customer', aws: 'AWS', both: 'Both', shared: 'Shared' };

export function markdownReport(report: JsonReport, extras: ReportExtras = {}): string {
  const out: string[] = ['## Responsibility Lens', ''];
  const settings = report.files.reduce((sum, file) => sum + file.settings.length, 0);
  const owners = { customer: 0, shared: 0, aws: 0 } as Record<string, number>;
  for (const file of report.files) for (const setting of file.settings) owners[setting.owner] = (owners[setting.owner] ?? 0) + 1;
  const findings = report.files.flatMap((file) => file.findings.map((finding) => ({ file: file.path, finding })));
  const bySeverity = { error: 0, warning: 0, info: 0 } as Record<string, number>;
  for (const { finding } of findings) bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
  out.push(
    `**${report.files.length}** file(s) · **${settings}** settings: Customer ${owners.customer} · Shared ${owners.shared} · AWS ${owners.aws}${owners.microsoft ? ` · Microsoft ${owners.microsoft}` : ''} · ` +
      `**${findings.length}** finding(s): ${bySeverity.error} error(s), ${bySeverity.warning} warning(s), ${bySeverity.info} note(s)`,
  );
  if (extras.baseline) out.push('', `_${extras.baseline.hidden} finding(s) already in the baseline ${code(extras.baseline.file)} are not shown._`);

  out.push('', '### Shared-responsibility matrix', '');
  out.push('| Responsibility | Owner in the table | Customer | Shared | AWS | Findings |', '|---|---|--:|--:|--:|--:|');
  const counts = countByRow(report.files);
  for (const row of matrix.rows) {
    const count = counts.get(row.id)!;
    const source = row.origin === 'prose' ? 'Customer\\*' : OWNER_WORD[row.sourceOwner.toLowerCase()] ?? escapeMarkdown(row.sourceOwner);
    out.push(`| ${escapeMarkdown(row.title)} | ${source} | ${count.customer} | ${count.shared} | ${count.aws} | ${count.findings ? `**${count.findings}**` : 0} |`);
  }
  const unknownRows = [...counts.keys()].filter((id) => !matrix.rows.some((row) => row.id === id)).sort();
  for (const id of unknownRows) {
    const count = counts.get(id)!;
    out.push(`| ${escapeMarkdown(id)} | — | ${count.customer} | ${count.shared} | ${count.aws} | ${count.findings} |`);
  }
  const azureFiles = report.files.filter((file) => file.cloud === 'azure').length;
  if (azureFiles) out.push('', `_${azureFiles} Azure file(s) are counted in Microsoft's matrix, not this table: run \`responsibility-lens matrix --cloud azure\` with the same paths._`);
  out.push('', "_Counts are settings in the scanned files by who does the work they govern. \\* from the article's text rather than its table. The table is a third-party summary of AWS's model, not an AWS publication._");

  out.push('', '### Findings by matrix row', '');
  if (!findings.length) out.push('No findings.');
  const rowOrder = new Map<string, number>(matrix.rows.map((row, index) => [row.id, index]));
  const rows = [...new Set(findings.map(({ finding }) => finding.row))].sort((a, b) => (rowOrder.get(a) ?? 99) - (rowOrder.get(b) ?? 99) || a.localeCompare(b));
  for (const row of rows) {
    const inRow = findings
      .filter(({ finding }) => finding.row === row)
      .sort(
        (a, b) =>
          (SEVERITY_ORDER[a.finding.severity] ?? 3) - (SEVERITY_ORDER[b.finding.severity] ?? 3) ||
          a.file.localeCompare(b.file) ||
          a.finding.line - b.finding.line ||
          a.finding.column - b.finding.column,
      );
    out.push(`#### ${escapeMarkdown(rowTitle(row))} (${inRow.length})`, '');
    for (const { file, finding } of inRow) {
      const controls = finding.controls?.length ? ` _(${finding.controls.map(escapeMarkdown).join(', ')})_` : '';
      out.push(`- **${escapeMarkdown(finding.severity)}** ${code(finding.ruleId)} ${link(file, finding.line, extras.linkBase)}: ${escapeMarkdown(finding.message)}${controls}`);
    }
    out.push('');
  }
  if (out[out.length - 1] === '') out.pop();

  out.push('', '### Suppressed findings', '');
  if (extras.suppressed === undefined) out.push('_No suppression source is wired into this report yet._');
  else if (!extras.suppressed.length) out.push('None.');
  else {
    out.push('| Finding | Where | Reason |', '|---|---|---|');
    for (const entry of [...extras.suppressed].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line)) {
      out.push(`| ${code(entry.ruleId)} | ${link(entry.path, entry.line, extras.linkBase)} | ${escapeMarkdown(entry.reason) || '_no reason given_'} |`);
    }
  }

  if (report.silenced?.length) {
    out.push('', '### Silenced by configuration', '');
    out.push('| Config entry | Whose | Says | Effect in this scan |', '|---|---|---|---|');
    for (const entry of report.silenced) {
      out.push(`| ${escapeMarkdown(entry.source)} | ${entry.origin} | ${escapeMarkdown(entry.change)} | ${entry.refused ? '**' : ''}${escapeMarkdown(silencedEffect(entry))}${entry.refused ? '**' : ''} |`);
    }
  }

  const errors = report.files.flatMap((file) => file.errors.filter((error) => !error.notAnalysed).map((error) => ({ file: file.path, error })));
  if (errors.length) {
    out.push('', '### Problems in analysed files', '');
    for (const { file, error } of errors) out.push(`- ${link(file, error.line, extras.linkBase)}: ${escapeMarkdown(error.message)}`);
  }
  if (report.unanalysed?.length) {
    out.push('', `### Files that could not be analysed (${report.unanalysed.length})`, '');
    for (const entry of report.unanalysed) out.push(`- ${code(entry.path)} (${entry.reason}): ${escapeMarkdown(entry.message)}`);
  }
  return showControlCharacters(`${out.join('\n')}\n`);
}

function link(path: string, line: number, base: string | undefined): string {
  const target = `${base ? base.replace(/\/?$/, '/') : ''}${relativeUri(path)}#L${line}`;
  return `[${escapeMarkdown(path.replace(/\\/g, '/'))}:${line}](${markdownUrl(target)})`;
}

/** Inline code that cannot break out: backticks become quotes. */
function code(text: string): string {
  return `\`${singleLine(text.replace(/`/g, "'"))}\``;
}
