/** The CLI's JSON contract (version 1) and its text rendering. */
import type { Analysis } from '../types';
import { LineIndex } from '../parse/lines';
import { cloudById, rowTitle } from '../clouds';
import { fingerprints } from '../engine/fingerprint';
import { showControlCharacters, singleLine } from '../engine/text';
import { maskSecretsInText } from '../engine/secrets';
import { silencedEffect, type SilencedReport, type UnanalysedReport } from './silenced';

export type { SilencedReport, UnanalysedReport } from './silenced';

export interface FileReport {
  path: string;
  kind: string;
  /** Added later (additive): the cloud whose matrix the file's rows, owners and models are of (`aws`, `azure`). */
  cloud: string;
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
    /** Present when the organisation config names a team for this setting. */
    team?: string;
    /** Present when an organisation override changed this attribution. */
    override?: string;
  }[];
  findings: FindingReport[];
  errors: { line: number; column?: number; message: string; severity?: 'info'; notAnalysed?: string }[];
  /** Added later (additive): every suppression in the file, present only when the file has some. */
  suppressions?: SuppressionReport[];
}

/** A `responsibility-lens:ignore` comment or Metadata entry; `reason` is empty (and `appliedTo` 0) when none was given. */
export interface SuppressionReport {
  line: number;
  column: number;
  ruleId: string;
  reason: string;
  form: 'comment' | 'metadata';
  resource?: string;
  /** How many findings it suppressed, and where they are. */
  appliedTo: number;
  findings: { line: number; column: number; resource: string }[];
}

/**
 * A finding in the JSON contract. line, column, ruleId, severity, message and
 * row are version 1 from the start; the rest were added later (additive, so
 * version 1 readers are unaffected) for SARIF, baselines and audits.
 */
export interface FindingReport {
  line: number;
  column: number;
  ruleId: string;
  severity: string;
  message: string;
  row: string;
  endLine?: number;
  endColumn?: number;
  resource?: string;
  resourceType?: string;
  /** Path of the setting the finding points at; absent for resource-level findings. */
  key?: string;
  controls?: string[];
  docUrl?: string;
  /** Stable across line moves: see engine/fingerprint.ts. Baselines match on it. */
  fingerprint?: string;
  /** Present when an organisation override changed the severity. */
  override?: string;
}

export interface JsonReport {
  version: 1;
  files: FileReport[];
  /**
   * Added later (additive): what organisation configs silenced (turned off, lowered,
   * kept out of the scan) and how much; present when a config was applied.
   */
  silenced?: SilencedReport[];
  /** Added later (additive): files the scan selected but could not analyse; present when there are any. */
  unanalysed?: UnanalysedReport[];
}

/**
 * A file's part of the report. Keys, resource names, parse-error messages and
 * suppression reasons are quoted from the file, so secret-looking text in
 * them is masked here, once for every output format and the baseline
 * (engine/secrets.ts maskSecretsInText); fingerprints are computed before.
 */
export function fileReport(path: string, text: string, analysis: Analysis): FileReport {
  const lines = new LineIndex(text);
  return {
    path,
    kind: analysis.kind ?? 'unknown',
    cloud: cloudById(analysis.cloud).id,
    settings: analysis.settings.map((setting) => {
      const start = lines.position(setting.key.offset);
      const end = lines.position(setting.span.offset + setting.span.length);
      const a = setting.attribution;
      return {
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        resource: maskSecretsInText(setting.resource),
        resourceType: setting.resourceType,
        key: maskedKey(setting.path),
        service: a.service,
        model: a.model,
        owner: a.owner,
        row: a.row,
        confidence: a.confidence,
        ...(a.team !== undefined ? { team: a.team } : {}),
        ...(a.override !== undefined ? { override: a.override } : {}),
      };
    }),
    findings: findingReports(path, analysis, lines),
    errors: analysis.errors.map((error) => {
      const start = lines.position(error.span.offset);
      return {
        line: start.line,
        column: start.column,
        message: maskedMessage(error.message),
        ...(error.severity === 'info' ? { severity: 'info' as const } : {}),
        ...(error.notAnalysed ? { notAnalysed: error.notAnalysed } : {}),
      };
    }),
    ...(analysis.suppressions ? { suppressions: suppressionReports(analysis, lines) } : {}),
  };
}

function suppressionReports(analysis: Analysis, lines: LineIndex): SuppressionReport[] {
  // Stryker disable next-line ArrayDeclaration: called only when the analysis has suppressions
  return (analysis.suppressions ?? []).map((suppression) => {
    const start = lines.position(suppression.span.offset);
    return {
      line: start.line,
      column: start.column,
      ruleId: suppression.ruleId,
      reason: maskSecretsInText(suppression.reason),
      form: suppression.form,
      ...(suppression.resource !== undefined ? { resource: maskSecretsInText(suppression.resource) } : {}),
      appliedTo: suppression.appliedTo,
      findings: suppression.suppressed.map((finding) => ({ ...lines.position(finding.span.offset), resource: maskSecretsInText(finding.resource) })),
    };
  });
}

function findingReports(path: string, analysis: Analysis, lines: LineIndex): FindingReport[] {
  const keyAt = new Map<number, string>();
  for (const setting of analysis.settings) if (!keyAt.has(setting.key.offset)) keyAt.set(setting.key.offset, setting.path);
  const keys = analysis.findings.map((finding) => keyAt.get(finding.span.offset));
  const prints = fingerprints(analysis.findings.map((finding, index) => ({ ruleId: finding.ruleId, path, resource: finding.resource, key: keys[index] ?? '' })));
  return analysis.findings.map((finding, index) => {
    const start = lines.position(finding.span.offset);
    const end = lines.position(finding.span.offset + finding.span.length);
    return {
      line: start.line,
      column: start.column,
      ruleId: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      row: finding.row,
      endLine: end.line,
      endColumn: end.column,
      resource: maskSecretsInText(finding.resource),
      resourceType: finding.resourceType,
      ...(keys[index] !== undefined ? { key: maskedKey(keys[index]!) } : {}),
      controls: finding.controls,
      docUrl: finding.docUrl,
      fingerprint: prints[index],
      ...(finding.override !== undefined ? { override: finding.override } : {}),
    };
  });
}

export function textReport(report: JsonReport): string {
  const out: string[] = [];
  let findingCount = 0;
  for (const file of report.files) {
    const provider = cloudById(file.cloud).provider;
    const owners = { customer: 0, shared: 0, [provider]: 0 } as Record<string, number>;
    for (const setting of file.settings) owners[setting.owner] = (owners[setting.owner] ?? 0) + 1;
    const where = singleLine(file.path);
    out.push(`${where} (${file.kind}): ${file.settings.length} settings · customer ${owners.customer} · shared ${owners.shared} · ${provider} ${owners[provider]}`);
    for (const error of file.errors) out.push(`  ${where}:${error.line}  ${error.severity === 'info' ? 'info ' : 'error'}  ${singleLine(error.message)}`);
    for (const finding of file.findings) {
      findingCount++;
      out.push(`  ${where}:${finding.line}:${finding.column}  ${finding.severity.padEnd(7)} ${singleLine(finding.ruleId)}  [${rowTitle(finding.row, file.cloud)}]`);
      out.push(`      ${singleLine(finding.message)}`);
    }
  }
  out.push(...silencedText(report), ...unanalysedText(report));
  out.push('', `${report.files.length} file(s), ${findingCount} finding(s)${report.unanalysed?.length ? `, ${report.unanalysed.length} not analysed` : ''}`);
  return showControlCharacters(out.join('\n'));
}

function silencedText(report: JsonReport): string[] {
  if (!report.silenced?.length) return [];
  return ['', 'Silenced by configuration:', ...report.silenced.map((entry) => `  ${singleLine(entry.source)} (${entry.origin}): ${singleLine(entry.change)}: ${silencedEffect(entry)}`)];
}

function unanalysedText(report: JsonReport): string[] {
  if (!report.unanalysed?.length) return [];
  return ['', 'Not analysed:', ...report.unanalysed.map((entry) => `  ${singleLine(entry.path)}  ${entry.reason}  ${singleLine(entry.message)}`)];
}

/** A parse error's message: snippets of the file in backticks (30 characters at most) get a lower bar than the rest. */
function maskedMessage(message: string): string {
  return maskSecretsInText(message.replace(/`([^`\n]{1,200})`/g, (_whole, quoted: string) => `\`${maskSecretsInText(quoted, 12, true)}\``));
}

/** A setting's key: real keys are words and dots, so a run of 16 mixed-case letters and digits is key material (a PEM line read as a key). */
function maskedKey(key: string): string {
  return maskSecretsInText(key, 16, true);
}
