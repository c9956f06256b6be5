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
import { CLOUDS, cloudById } from '../core/clouds';
import { cloudMatrixCsv, cloudMatrixMarkdown, cloudMatrixView, tallyMatrix, type MatrixSpec, type MatrixTally, type MatrixViewFilter } from '../core/engine/matrixView';
import type { Analysis, AwsOwner, AwsRowId, CloudId, Owner, RowId } from '../core/types';
import type { CloudMatrixPanel, CloudPresence, ExportFormat, MatrixPlace, MatrixView } from '../protocol/messages';
import { toRange, type TextDocument } from './positions';

/** One analysed file as the matrix counts it. */
export interface CountedFile {
  uri: string;
  analysis: Analysis;
  positions: TextDocument;
  open: boolean;
}

const OWNERS: AwsOwner[] = ['customer', 'shared', 'aws'];
/** The cloud of the matrix this file's own view counts (clouds/aws/matrix.ts). */
const AWS: CloudId = 'aws';
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
    cloud: AWS,
    matrix: view.matrix,
    counts,
    controls: view.controls,
    places,
    services: view.services.map((entry) => ({ ...entry, name: serviceKnowledge.services[entry.service]?.name ?? entry.service })),
    sides: servicesByRow(view.services),
    column: entry ? serviceColumn(entry.service, entry.model) : null,
    files: files.map((file) => ({ uri: file.uri, open: file.open, cloud: cloudOf(file) })),
    clouds: cloudsOf(files),
  };
}

/** The cloud a counted file is of: a file whose format names none is the default cloud's. */
function cloudOf(file: CountedFile): CloudId {
  return cloudById(file.analysis.cloud).id;
}

/** The clouds of the counted files, in the order the core lists them. */
export function cloudsOf(files: CountedFile[]): CloudPresence[] {
  return CLOUDS.map((cloud) => ({ id: cloud.id, name: cloud.name, files: files.filter((file) => cloudOf(file) === cloud.id).length })).filter((cloud) => cloud.files > 0);
}

/** The generic matrix of a cloud that has one (engine/matrixView.ts); undefined for another cloud (AWS's own panel). */
function specOf(cloud: CloudId | undefined): MatrixSpec | undefined {
  const found = cloud === undefined ? undefined : CLOUDS.find((candidate) => candidate.id === cloud);
  return found?.matrix;
}

function tallied(files: CountedFile[], spec: MatrixSpec, filter: MatrixViewFilter): MatrixTally {
  return tallyMatrix(
    files.map((file) => ({ file: file.uri, analysis: file.analysis })),
    spec,
    filter,
  );
}

/** The panel's data for a cloud with the generic view: its matrix and counts, the first places of each row, and its files. */
export function cloudMatrixPanel(files: CountedFile[], cloud: CloudId, filter: MatrixViewFilter): CloudMatrixPanel | null {
  const spec = specOf(cloud);
  if (!spec) return null;
  const byUri = new Map(files.map((file) => [file.uri, file]));
  const tally = tallied(files, spec, filter);
  const places: CloudMatrixPanel['places'] = {};
  for (const [row, rowTally] of Object.entries(tally.rows)) {
    const all: [Owner | 'finding', MatrixLocation][] = [
      ...rowTally.findingLocations.map((location) => ['finding', location] as [Owner | 'finding', MatrixLocation]),
      ...spec.owners.flatMap((owner) => rowTally.locations[owner.id].map((location) => [owner.id as Owner, location] as [Owner | 'finding', MatrixLocation])),
    ];
    places[row] = { total: all.length, items: all.slice(0, PLACES_PER_ROW).map(([kind, location]) => ({ kind, ...place(location, byUri) })) };
  }
  return {
    view: cloudMatrixView(spec, tally),
    places,
    files: files.filter((file) => cloudOf(file) === cloud).map((file) => ({ uri: file.uri, open: file.open })),
    clouds: cloudsOf(files),
  };
}

export function matrixCell(files: CountedFile[], filter: MatrixViewFilter, row: RowId, owner: Owner, cloud?: CloudId): MatrixPlace[] {
  const byUri = new Map(files.map((file) => [file.uri, file]));
  const spec = specOf(cloud);
  const locations = spec ? ownLocations(tallied(files, spec, filter), row, owner) : counted(files, filter as MatrixFilter).counts[row as AwsRowId]?.locations[owner as AwsOwner];
  return (locations ?? []).map((location) => place(location, byUri));
}

/** A cell's locations; a row or owner the matrix does not have (a message is not trusted) has none. */
function ownLocations(tally: MatrixTally, row: string, owner: string): MatrixLocation[] | undefined {
  const rowTally = Object.hasOwn(tally.rows, row) ? tally.rows[row] : undefined;
  return rowTally && Object.hasOwn(rowTally.locations, owner) ? rowTally.locations[owner] : undefined;
}

export function matrixExport(files: CountedFile[], format: ExportFormat, filter: MatrixViewFilter, scope: string, cloud?: CloudId): string {
  // Without a cloud: the workspace's first cloud, as the panel opens on.
  const spec = specOf(cloud ?? cloudsOf(files)[0]?.id);
  if (spec) {
    const view = cloudMatrixView(spec, tallied(files, spec, filter));
    return format === 'csv' ? cloudMatrixCsv(view) : cloudMatrixMarkdown(view, scope);
  }
  const view = counted(files, filter as MatrixFilter);
  return format === 'csv' ? matrixCsv(view) : matrixMarkdown(view, scope);
}
