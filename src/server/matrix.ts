/**
 * The matrix panel's data, counted on the server over the analysed open
 * documents and the workspace-scan results: the counts, the first places of
 * each row (with LSP ranges, so the client converts nothing), one cell's
 * places, and the Markdown/CSV export.
 */
import {
  matrixCsv,
  matrixMarkdown,
  matrixWithCounts,
  serviceColumn,
  servicesByRow,
  type MatrixFilter,
  type MatrixLocation,
} from '../core/clouds/aws/matrix';
import { services as serviceKnowledge } from '../core/clouds/aws/knowledge';
import { azurePanel } from '../core/clouds/azure/matrix';
import type { Analysis, AwsOwner, AwsRowId, Owner, RowId } from '../core/types';
import type { ExportFormat, MatrixPlace, MatrixView } from '../protocol/messages';
import { toRange, type TextDocument } from './positions';

/** One analysed file as the matrix counts it. */
export interface CountedFile {
  uri: string;
  analysis: Analysis;
  positions: TextDocument;
  open: boolean;
}

const OWNERS: AwsOwner[] = ['customer', 'shared', 'aws'];
/** Places sent per row; the rest are counted, not listed. */
const PLACES_PER_ROW = 200;

function place(location: MatrixLocation, files: Map<string, CountedFile>): MatrixPlace {
  const positions = files.get(location.file)!.positions;
  return { uri: location.file, range: toRange(positions, location.span), resource: location.resource, key: location.key, ...(location.ruleId ? { ruleId: location.ruleId } : {}) };
}

function counted(files: CountedFile[], filter: MatrixFilter) {
  return matrixWithCounts(
    files.map((file) => ({ file: file.uri, analysis: file.analysis })),
    filter,
  );
}

export function matrixView(files: CountedFile[], filter: MatrixFilter, service: string | undefined): MatrixView {
  const byUri = new Map(files.map((file) => [file.uri, file]));
  const view = counted(files, filter);
  const counts: MatrixView['counts'] = {};
  const places: MatrixView['places'] = {};
  for (const [row, rowCounts] of Object.entries(view.counts)) {
    counts[row] = { customer: rowCounts.customer, aws: rowCounts.aws, shared: rowCounts.shared, findings: rowCounts.findings };
    const all: [Owner | 'finding', MatrixLocation][] = [
      ...rowCounts.findingLocations.map((location) => ['finding', location] as [Owner | 'finding', MatrixLocation]),
      ...OWNERS.flatMap((owner) => rowCounts.locations[owner].map((location) => [owner, location] as [Owner | 'finding', MatrixLocation])),
    ];
    places[row] = { total: all.length, items: all.slice(0, PLACES_PER_ROW).map(([kind, location]) => ({ kind, ...place(location, byUri) })) };
  }
  const entry = service ? view.services.find((candidate) => candidate.service === service) : undefined;
  return {
    matrix: view.matrix,
    counts,
    controls: view.controls,
    places,
    services: view.services.map((entry) => ({ ...entry, name: serviceKnowledge.services[entry.service]?.name ?? entry.service })),
    sides: servicesByRow(view.services),
    column: entry ? serviceColumn(entry.service, entry.model) : null,
    files: files.map((file) => ({ uri: file.uri, open: file.open })),
    ...optional('azure', azurePanel(files)),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

export function matrixCell(files: CountedFile[], filter: MatrixFilter, row: RowId, owner: Owner): MatrixPlace[] {
  const byUri = new Map(files.map((file) => [file.uri, file]));
  // The panel shows AWS's matrix: another cloud's rows and owners have no places here.
  return (counted(files, filter).counts[row as AwsRowId]?.locations[owner as AwsOwner] ?? []).map((location) => place(location, byUri));
}

export function matrixExport(files: CountedFile[], format: ExportFormat, filter: MatrixFilter, scope: string): string {
  const view = counted(files, filter);
  return format === 'csv' ? matrixCsv(view) : matrixMarkdown(view, scope);
}
