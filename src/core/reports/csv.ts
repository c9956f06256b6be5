/**
 * The scan as CSV for auditors: one row per setting and one per finding
 * (and per suppressed finding, config entry that silenced something, and
 * file that was not analysed), RFC 4180 (CRLF line ends, quoted fields where
 * needed). Cells that a spreadsheet would run as a formula (starting with
 * = + - @, tab or carriage return) are prefixed with a single quote.
 */
import type { JsonReport } from './report';
import type { SuppressedEntry } from './markdown';
import { rowTitle } from './common';
import { silencedEffect } from './silenced';
import { showControlCharacters } from '../engine/text';

export const CSV_COLUMNS = [
  'record',
  'file',
  'line',
  'column',
  'endLine',
  'endColumn',
  'kind',
  'resource',
  'resourceType',
  'key',
  'service',
  'model',
  'owner',
  'team',
  'row',
  'rowTitle',
  'confidence',
  'override',
  'ruleId',
  'severity',
  'message',
  'controls',
  'fingerprint',
  'reason',
] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Cell = string | number | undefined;

export function csvReport(report: JsonReport, extras: { suppressed?: SuppressedEntry[] } = {}): string {
  const records: Partial<Record<Column, Cell>>[] = [];
  for (const file of report.files) {
    for (const setting of file.settings) {
      records.push({
        record: 'setting',
        file: file.path,
        line: setting.line,
        column: setting.column,
        endLine: setting.endLine,
        endColumn: setting.endColumn,
        kind: file.kind,
        resource: setting.resource,
        resourceType: setting.resourceType,
        key: setting.key,
        service: setting.service,
        model: setting.model,
        owner: setting.owner,
        team: setting.team,
        row: setting.row,
        rowTitle: rowTitle(setting.row, file.cloud),
        confidence: setting.confidence,
        override: setting.override,
      });
    }
    for (const finding of file.findings) {
      records.push({
        record: 'finding',
        file: file.path,
        line: finding.line,
        column: finding.column,
        endLine: finding.endLine,
        endColumn: finding.endColumn,
        kind: file.kind,
        resource: finding.resource,
        resourceType: finding.resourceType,
        key: finding.key,
        row: finding.row,
        rowTitle: rowTitle(finding.row, file.cloud),
        override: finding.override,
        ruleId: finding.ruleId,
        severity: finding.severity,
        message: finding.message,
        controls: finding.controls?.join('; '),
        fingerprint: finding.fingerprint,
      });
    }
    for (const error of file.errors) {
      records.push({ record: 'error', file: file.path, line: error.line, column: error.column, kind: file.kind, message: error.message });
    }
  }
  for (const entry of extras.suppressed ?? []) {
    records.push({ record: 'suppressed', file: entry.path, line: entry.line, ruleId: entry.ruleId, reason: entry.reason });
  }
  // What a config silenced: the entry in `file`, what it says in `message`, its effect in `reason`.
  for (const entry of report.silenced ?? []) {
    records.push({ record: 'silenced', file: entry.source, owner: entry.origin, message: entry.change, reason: silencedEffect(entry) });
  }
  for (const entry of report.unanalysed ?? []) {
    records.push({ record: 'not-analysed', file: entry.path, message: entry.message, reason: entry.reason });
  }
  const lines = [CSV_COLUMNS.join(',')];
  for (const record of records) lines.push(CSV_COLUMNS.map((column) => csvCell(record[column])).join(','));
  return showControlCharacters(`${lines.join('\r\n')}\r\n`);
}

/** One RFC 4180 field, defused against formula injection. */
export function csvCell(value: Cell): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
