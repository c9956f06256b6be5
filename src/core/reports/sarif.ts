/**
 * SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, any SARIF viewer).
 * Built from the JSON report, so it is the same for every file format and
 * uses the very same lines and columns as `--format json`.
 */
import type { FindingReport, JsonReport } from './report';
import type { FindingRule } from '../clouds/aws/knowledge/schema';
import { findingRules } from '../clouds/aws/knowledge';
import { rowTitle } from './common';
import { cloudById } from '../clouds';
import { silencedEffect } from './silenced';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'responsibilityLens/v1';

export interface SarifOptions {
  toolVersion: string;
  /** The tool's home page, when known (package.json homepage). */
  informationUri?: string;
  /** Absolute `file:` URI (ending in `/`) of the folder report paths are relative to. */
  srcRoot?: string;
  /**
   * The rule's page of the rule reference (docs/rules/<rule-id>.md) as Markdown,
   * when the caller can read it: it becomes the rule's help, so a viewer shows
   * what to do, the examples and the sources without following any link.
   */
  rulePage?: (ruleId: string) => string | undefined;
}

/* A deliberately small typing of the SARIF objects we write; the test validates them against the official schema. */
type Level = 'error' | 'warning' | 'note';
interface Message {
  text: string;
  markdown?: string;
}
interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId: string };
  region?: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number };
}
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: Message;
  fullDescription: Message;
  help: Message;
  helpUri?: string;
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; precision: string; 'security-severity': string; row: string };
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: Message;
  locations: { physicalLocation: PhysicalLocation }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion: string; informationUri?: string; rules: SarifRule[] } };
    originalUriBaseIds?: Record<string, { uri?: string; description?: Message }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[];
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
    /** What configs silenced and which files were not analysed (the JSON report's `silenced` and `unanalysed`). */
    properties?: { silenced?: unknown[]; unanalysed?: unknown[] };
  }[];
}

const LEVEL: Record<string, Level> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning's scale: 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<string, string> = { error: '8.0', warning: '5.0', info: '2.0' };

export function sarifLog(report: JsonReport, options: SarifOptions): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (rule: SarifRule) => {
    ruleIndex.set(rule.id, rules.length);
    rules.push(rule);
  };
  // One SARIF rule per id: the table may hold several checks under one id (one per resource kind); the first describes it.
  for (const rule of findingRules.rules) if (!ruleIndex.has(rule.id)) addRule(knownRule(rule, options.rulePage?.(rule.id)));
  // Rules another format reports that the shared table does not list: described from the finding itself.
  const extra = new Map<string, { finding: FindingReport; cloud: string }>();
  for (const file of report.files) for (const finding of file.findings) if (!ruleIndex.has(finding.ruleId) && !extra.has(finding.ruleId)) extra.set(finding.ruleId, { finding, cloud: file.cloud });
  for (const [id, { finding, cloud }] of [...extra].sort(([a], [b]) => a.localeCompare(b))) addRule(unknownRule(id, finding, cloud));

  const results: SarifResult[] = [];
  const notifications: unknown[] = [];
  for (const file of report.files) {
    const uri = relativeUri(file.path);
    for (const finding of file.findings) {
      const index = ruleIndex.get(finding.ruleId)!;
      const properties: Record<string, unknown> = { row: finding.row, rowTitle: rowTitle(finding.row, file.cloud) };
      if (finding.resource !== undefined) properties.resource = finding.resource;
      if (finding.resourceType !== undefined) properties.resourceType = finding.resourceType;
      if (finding.key !== undefined) properties.setting = finding.key;
      if (finding.controls?.length) properties.controls = finding.controls;
      if (finding.override !== undefined) properties.override = finding.override;
      results.push({
        ruleId: finding.ruleId,
        ruleIndex: index,
        level: LEVEL[finding.severity] ?? 'warning',
        message: { text: finding.message },
        locations: [{ physicalLocation: location(uri, finding.line, finding.column, finding.endLine, finding.endColumn) }],
        partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint ?? `${finding.ruleId}:${file.path}:${finding.message}` },
        properties,
      });
    }
    for (const error of file.errors) {
      if (error.notAnalysed) continue; // listed below, with the files that were not read at all
      notifications.push({
        level: error.severity === 'info' ? 'note' : 'error',
        message: { text: error.message },
        locations: [{ physicalLocation: location(uri, error.line, error.column) }],
        descriptor: { id: error.severity === 'info' ? 'not-analysed' : 'parse-error' },
      });
    }
  }

  for (const entry of report.unanalysed ?? []) {
    notifications.push({
      level: 'error',
      message: { text: `${entry.path} was not analysed (${entry.reason}): ${entry.message}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(entry.path), uriBaseId: '%SRCROOT%' } } }],
      descriptor: { id: `not-analysed/${entry.reason}` },
    });
  }
  for (const entry of report.silenced ?? []) {
    notifications.push({
      level: entry.refused ? 'note' : 'warning',
      message: { text: `${entry.source} (${entry.origin} config): ${entry.change}: ${silencedEffect(entry)}` },
      descriptor: { id: 'silenced-by-config' },
    });
  }

  const driver: SarifLog['runs'][number]['tool']['driver'] = {
    name: 'Responsibility Lens',
    version: options.toolVersion,
    semanticVersion: options.toolVersion,
    rules,
  };
  if (options.informationUri) driver.informationUri = options.informationUri;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        originalUriBaseIds: {
          '%SRCROOT%': options.srcRoot ? { uri: options.srcRoot } : { description: { text: 'The folder the scan was run from.' } },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
        ...(report.silenced || report.unanalysed ? { properties: { ...(report.silenced ? { silenced: report.silenced } : {}), ...(report.unanalysed ? { unanalysed: report.unanalysed } : {}) } } : {}),
      },
    ],
  };
}

function location(uri: string, line: number, column?: number, endLine?: number, endColumn?: number): PhysicalLocation {
  const region: NonNullable<PhysicalLocation['region']> = { startLine: Math.max(1, line) };
  if (column !== undefined) region.startColumn = Math.max(1, column);
  if (endLine !== undefined && endColumn !== undefined) {
    region.endLine = endLine;
    region.endColumn = Math.max(1, endColumn);
  }
  return { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region };
}

/** A report path as a relative URI reference: forward slashes, each segment percent-encoded. */
export function relativeUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** "rds-storage-unencrypted" → "RdsStorageUnencrypted", the form SARIF suggests for rule names. */
function pascal(id: string): string {
  return id
    // Stryker disable next-line Regex: splitting at each separator alone only adds empty parts, which the filter drops
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** The page without the generator's comment (an HTML comment some viewers print). */
function pageMarkdown(page: string): string {
  // indexOf, not a lazy regex: linear however many comment openers the page holds.
  const start = page.startsWith('<!--') ? 0 : page.indexOf('\n<!--') + 1;
  const end = start > 0 || page.startsWith('<!--') ? page.indexOf('-->', start) : -1;
  // Stryker disable next-line EqualityOperator: `-->` is searched from a comment opener or past one, so it is never found at 0
  if (end < 0) return page.trim();
  let after = end + 3;
  if (page[after] === '\n') after++;
  if (page[after] === '\n') after++;
  return (page.slice(0, start) + page.slice(after)).trim();
}

function knownRule(rule: FindingRule, page: string | undefined): SarifRule {
  const row = rowTitle(rule.row);
  const sources = rule.sources.map((source) => `- [${source.title}](${source.url})`).join('\n');
  const controls = rule.controls.length ? `\n\nControls: ${rule.controls.join(', ')}` : '';
  return {
    id: rule.id,
    name: pascal(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title}. Customer's side of the AWS Shared Responsibility Model, matrix row "${row}".` },
    help: {
      text: `${rule.fix}\n\nMatrix row: ${row}.${controls}\n\nSources:\n${rule.sources.map((source) => `- ${source.title}: ${source.url}`).join('\n')}`,
      markdown: page ? pageMarkdown(page) : `${rule.fix}\n\n**Matrix row:** ${row}${controls}\n\n**Sources:**\n${sources}`,
    },
    helpUri: rule.docUrl,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: tagsAndSeverity(rule.row, rule.controls, rule.severity),
  };
}

function unknownRule(id: string, finding: FindingReport, cloud: string): SarifRule {
  const row = rowTitle(finding.row, cloud);
  const rule: SarifRule = {
    id,
    name: pascal(id),
    shortDescription: { text: id },
    fullDescription: { text: `${id}: customer's side of the ${cloudById(cloud).modelName}, matrix row "${row}".` },
    help: { text: `Matrix row: ${row}.${finding.docUrl ? ` See ${finding.docUrl}` : ''}` },
    defaultConfiguration: { level: LEVEL[finding.severity] ?? 'warning' },
    properties: tagsAndSeverity(finding.row, finding.controls ?? [], finding.severity),
  };
  if (finding.docUrl) rule.helpUri = finding.docUrl;
  return rule;
}

function tagsAndSeverity(row: string, controls: string[], severity: string): SarifRule['properties'] {
  return { tags: [row, ...controls, 'security'], precision: 'high', 'security-severity': SECURITY_SEVERITY[severity] ?? '5.0', row };
}
