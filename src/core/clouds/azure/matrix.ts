/** Microsoft's matrix as the CLI prints it (`matrix --cloud azure`), with a workspace's Azure settings counted in. */
import type { Analysis } from '../../types';
import { azureMatrix } from './knowledge';
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

/** Counts the settings and findings of the Azure files among `files`. */
export function azureMatrixWithCounts(files: { analysis: Analysis }[]): AzureWorkspace {
  const counts: Record<string, AzureRowCounts> = {};
  for (const row of azureMatrix.rows) counts[row.id] = { customer: 0, shared: 0, microsoft: 0, findings: 0 };
  const services = new Map<string, { service: string; model: string; resources: number }>();
  for (const { analysis } of files) {
    if (analysis.cloud !== 'azure') continue;
    for (const setting of analysis.settings) {
      const row = counts[setting.attribution.row];
      const owner = setting.attribution.owner as AzureOwner;
      if (row && owner in row) row[owner]++;
    }
    for (const finding of analysis.findings) if (counts[finding.row]) counts[finding.row].findings++;
    for (const resource of analysis.resources) {
      const entry = services.get(resource.service) ?? { service: resource.service, model: resource.model, resources: 0 };
      entry.resources++;
      services.set(resource.service, entry);
    }
  }
  return { counts, services: [...services.values()].sort((a, b) => a.service.localeCompare(b.service)) };
}

const OWNER_WORD: Record<AzureOwner, string> = { customer: 'Customer', shared: 'Shared', microsoft: 'Microsoft' };

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

/** The matrix panel's Azure section: Microsoft's table with the Azure files' counts (the webview renders it as is). */
export interface AzurePanel {
  source: { title: string; url: string; revised: string; note: string };
  models: { id: string; title: string }[];
  rows: { id: string; title: string; summary: string; byModel: Record<string, AzureOwner>; counts: AzureRowCounts }[];
  files: number;
  services: AzureWorkspace['services'];
}

/** Undefined when no counted file is an Azure file. */
export function azurePanel(files: readonly { analysis: Analysis }[]): AzurePanel | undefined {
  const azureFiles = files.filter(({ analysis }) => analysis.cloud === 'azure');
  if (!azureFiles.length) return undefined;
  const workspace = azureMatrixWithCounts(azureFiles);
  const source = azureMatrix.source;
  return {
    source: { title: source.title, url: source.url, revised: source.revised, note: source.note },
    models: azureMatrix.models.map((model) => ({ id: model.id, title: model.title })),
    rows: azureMatrix.rows.map((row) => ({
      id: row.id,
      title: row.title,
      summary: row.summary,
      byModel: Object.fromEntries(Object.entries(row.byModel).map(([model, cell]) => [model, cell.owner])),
      counts: workspace.counts[row.id],
    })),
    files: azureFiles.length,
    services: workspace.services,
  };
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
