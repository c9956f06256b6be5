/** Microsoft's matrix as the CLI prints it (`matrix --cloud azure`), with a workspace's Azure settings counted in. */
import type { Analysis } from '../../types';
import { cloudMatrixView, tallyMatrix, type CloudMatrixView, type MatrixSpec, type MatrixViewFilter } from '../../engine/matrixView';
import { azureMatrix, azureServices } from './knowledge';
import type { AzureModel, AzureOwner } from './knowledge/schema';

export interface AzureRowCounts {
  customer: number;
  shared: number;
  microsoft: number;
  findings: number;
}

export interface AzureWorkspace {
  /** By row id of Microsoft's matrix. */
  counts: Record<string, AzureRowCounts>;
  services: { service: string; model: string; resources: number }[];
}

/** Microsoft's matrix as the engine counts, shows (the matrix panel) and exports it. */
export const azureMatrixSpec: MatrixSpec = {
  cloud: 'azure',
  name: 'Microsoft Azure',
  owners: [
    { id: 'customer', title: 'Customer' },
    { id: 'shared', title: 'Shared' },
    { id: 'microsoft', title: 'Microsoft' },
  ],
  findingOwner: 'customer',
  source: azureMatrix.source,
  models: azureMatrix.models,
  rows: azureMatrix.rows,
  serviceName: (service) => azureServices.services[service]?.name,
};

/** Counts the settings and findings of the Azure files among `files` (narrowed by `filter`). */
export function azureMatrixWithCounts(files: readonly { file?: string; analysis: Analysis }[], filter: MatrixViewFilter = {}): AzureWorkspace {
  const tally = tallyMatrix(files, azureMatrixSpec, filter);
  const counts: Record<string, AzureRowCounts> = {};
  for (const [row, { owners, findings }] of Object.entries(tally.rows)) counts[row] = { customer: owners.customer, shared: owners.shared, microsoft: owners.microsoft, findings };
  return { counts, services: tally.services };
}

/** Microsoft's matrix with the Azure files among `files` counted in, as the matrix panel shows it and its export writes it. */
export function azureMatrixView(files: readonly { file?: string; analysis: Analysis }[], filter: MatrixViewFilter = {}): CloudMatrixView {
  return cloudMatrixView(azureMatrixSpec, tallyMatrix(files, azureMatrixSpec, filter));
}

const OWNER_WORD = Object.fromEntries(azureMatrixSpec.owners.map((owner) => [owner.id, owner.title])) as Record<AzureOwner, string>;

export function azureMatrixText(workspace?: AzureWorkspace): string {
  const source = azureMatrix.source;
  const models = azureMatrix.models.map((model) => model.id);
  const width = Math.max(...azureMatrix.rows.map((row) => row.title.length));
  const out = [
    `${source.title} (${source.publisher}, revised ${source.revised})`,
    source.url,
    '',
    `${'Responsibility'.padEnd(width)}  ${azureMatrix.models.map((model) => model.title.padEnd(11)).join('')}${workspace ? 'Customer  Shared  Microsoft  Findings' : ''}`.trimEnd(),
  ];
  for (const row of azureMatrix.rows) {
    const cells = models.map((model) => OWNER_WORD[row.byModel[model as AzureModel].owner].padEnd(11)).join('');
    const count = workspace?.counts[row.id];
    const counted = count ? `${String(count.customer).padEnd(10)}${String(count.shared).padEnd(8)}${String(count.microsoft).padEnd(11)}${count.findings}` : '';
    out.push(`${row.title.padEnd(width)}  ${cells}${counted}`.trimEnd());
  }
  if (workspace?.services.length) {
    out.push('', 'Services in the counted files:');
    for (const service of workspace.services) out.push(`  ${service.service} (${service.model}): ${service.resources} resource(s)`);
  }
  return out.join('\n');
}

export function azureMatrixJson(workspace?: AzureWorkspace): object {
  return {
    cloud: 'azure',
    source: azureMatrix.source,
    models: azureMatrix.models,
    rows: azureMatrix.rows.map((row) => ({
      id: row.id,
      title: row.title,
      byModel: Object.fromEntries(Object.entries(row.byModel).map(([model, cell]) => [model, cell.owner])),
      ...(workspace ? { counts: workspace.counts[row.id] } : {}),
    })),
    ...(workspace ? { services: workspace.services } : {}),
  };
}
