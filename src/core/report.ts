/** The CLI's JSON contract (version 1) and its text rendering. */
import type { Analysis } from './types';
import { LineIndex } from './lines';
import { matrixRow } from './knowledge';

export interface FileReport {
  path: string;
  kind: string;
  settings: {
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    resource: string;
    resourceType: string;
    key: string;
    service: string;
    model: string;
    owner: string;
    row: string;
    confidence: string;
  }[];
  findings: { line: number; column: number; ruleId: string; severity: string; message: string; row: string }[];
  errors: { line: number; message: string }[];
}

export interface JsonReport {
  version: 1;
  files: FileReport[];
}

export function fileReport(path: string, text: string, analysis: Analysis): FileReport {
  const lines = new LineIndex(text);
  return {
    path,
    kind: analysis.kind ?? 'unknown',
    settings: analysis.settings.map((setting) => {
      const start = lines.position(setting.key.offset);
      const end = lines.position(setting.span.offset + setting.span.length);
      const a = setting.attribution;
      return {
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        resource: setting.resource,
        resourceType: setting.resourceType,
        key: setting.path,
        service: a.service,
        model: a.model,
        owner: a.owner,
        row: a.row,
        confidence: a.confidence,
      };
    }),
    findings: analysis.findings.map((finding) => {
      const start = lines.position(finding.span.offset);
      return { line: start.line, column: start.column, ruleId: finding.ruleId, severity: finding.severity, message: finding.message, row: finding.row };
    }),
    errors: analysis.errors.map((error) => ({ line: lines.position(error.span.offset).line, message: error.message })),
  };
}

export function textReport(report: JsonReport): string {
  const out: string[] = [];
  let findingCount = 0;
  for (const file of report.files) {
    const owners = { customer: 0, shared: 0, aws: 0 } as Record<string, number>;
    for (const setting of file.settings) owners[setting.owner]++;
    out.push(`${file.path} (${file.kind}): ${file.settings.length} settings · customer ${owners.customer} · shared ${owners.shared} · aws ${owners.aws}`);
    for (const error of file.errors) out.push(`  ${file.path}:${error.line}  error  ${error.message}`);
    for (const finding of file.findings) {
      findingCount++;
      out.push(`  ${file.path}:${finding.line}:${finding.column}  ${finding.severity.padEnd(7)} ${finding.ruleId}  [${matrixRow(finding.row as never).title}]`);
      out.push(`      ${finding.message}`);
    }
  }
  out.push('', `${report.files.length} file(s), ${findingCount} finding(s)`);
  return out.join('\n');
}
