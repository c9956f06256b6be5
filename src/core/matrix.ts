/** The matrix with a workspace's settings counted into it. */
import type { Analysis, Owner, RowId, ServiceModel, Span } from './types';
import { matrix } from './knowledge';
import type { MatrixData } from './knowledge/schema';

export interface MatrixLocation {
  file: string;
  span: Span;
  resource: string;
  key: string;
}

export interface RowCounts {
  customer: number;
  aws: number;
  shared: number;
  findings: number;
  locations: Record<Owner, MatrixLocation[]>;
}

export interface WorkspaceMatrix {
  matrix: MatrixData;
  counts: Record<RowId, RowCounts>;
  services: { service: string; model: ServiceModel; resources: number }[];
}

export function matrixWithCounts(files: { file: string; analysis: Analysis }[]): WorkspaceMatrix {
  const counts = Object.fromEntries(
    matrix.rows.map((row) => [row.id, { customer: 0, aws: 0, shared: 0, findings: 0, locations: { customer: [], aws: [], shared: [] } }]),
  ) as unknown as Record<RowId, RowCounts>;
  const services = new Map<string, { service: string; model: ServiceModel; resources: number }>();
  for (const { file, analysis } of files) {
    for (const setting of analysis.settings) {
      const row = counts[setting.attribution.row];
      row[setting.attribution.owner]++;
      row.locations[setting.attribution.owner].push({ file, span: setting.key, resource: setting.resource, key: setting.path });
    }
    for (const finding of analysis.findings) counts[finding.row].findings++;
    for (const resource of analysis.resources) {
      const entry = services.get(resource.service) ?? { service: resource.service, model: resource.model, resources: 0 };
      entry.resources++;
      services.set(resource.service, entry);
    }
  }
  return { matrix, counts, services: [...services.values()].sort((a, b) => a.service.localeCompare(b.service)) };
}

export function matrixText(): string {
  const lines = ['AWS Shared Responsibility Matrix', ''];
  const width = Math.max(...matrix.rows.map((row) => row.title.length));
  lines.push(`${'Responsibility'.padEnd(width)}  Source     Infra      Container  Abstracted`);
  for (const row of matrix.rows) {
    const source = row.origin === 'prose' ? 'customer*' : row.sourceOwner;
    lines.push(
      `${row.title.padEnd(width)}  ${source.padEnd(9)}  ${row.byModel.infrastructure.owner.padEnd(9)}  ${row.byModel.container.owner.padEnd(9)}  ${row.byModel.abstracted.owner}`,
    );
  }
  lines.push('', '* from the source text rather than its table');
  return lines.join('\n');
}
