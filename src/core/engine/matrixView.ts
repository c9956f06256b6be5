/**
 * A cloud's matrix with a workspace counted in, in one shape for every cloud
 * that gives its table as a `MatrixSpec` (clouds/<cloud>/matrix.ts): rows ×
 * service models with owners, the settings and findings counted per row and
 * owner, the per-model view of the workspace's services, and its Markdown
 * and CSV export. The matrix panel renders it as sent; nothing here names a cloud.
 */
import type { Analysis, CloudId, Source, Span } from '../types';
import { escapeMarkdown, markdownLink } from './text';

/** Where a counted setting (or finding) is. */
export interface MatrixLocation {
  file: string;
  span: Span;
  resource: string;
  key: string;
  /** Set on finding locations: the rule that fired. */
  ruleId?: string;
}

/** Narrows the counted settings; every field is optional and they combine. Owner and model are ids of the viewed cloud. */
export interface MatrixViewFilter {
  owner?: string;
  model?: string;
  /** The `file` string as passed in (a URI in the extension, a path in the CLI). */
  file?: string;
  /** A resource's logical id (or name); pair it with `file`. */
  resource?: string;
}

/** What a cloud gives for its matrix to be counted, shown and exported. */
export interface MatrixSpec {
  cloud: CloudId;
  /** "Microsoft Azure". */
  name: string;
  /** The owners in column order (customer first, the provider last), with their words. */
  owners: readonly { id: string; title: string }[];
  /** The owner a finding belongs to: findings are insecure settings that are the customer's to fix. */
  findingOwner: string;
  source: { title: string; url: string; publisher: string; revised: string; note: string };
  models: readonly { id: string; title: string; summary: string }[];
  rows: readonly { id: string; title: string; summary: string; byModel: Readonly<Record<string, { owner: string; reason: string; sources: readonly Source[] }>> }[];
  /** A service's name for people, when the cloud's knowledge has one. */
  serviceName(service: string): string | undefined;
}

export interface RowTally {
  /** Settings per owner id. */
  owners: Record<string, number>;
  findings: number;
  locations: Record<string, MatrixLocation[]>;
  /** Where the findings of this row are (spans of the offending settings). */
  findingLocations: MatrixLocation[];
}

export interface MatrixTally {
  rows: Record<string, RowTally>;
  services: { service: string; model: string; resources: number }[];
  /** Files of the cloud that were counted (after the file filter). */
  files: number;
}

/** Counts the settings and findings of the cloud's files among `files` into its rows. Settings of an owner or row the spec does not know are left out. */
export function tallyMatrix(files: readonly { file?: string; analysis: Analysis }[], spec: Pick<MatrixSpec, 'cloud' | 'rows' | 'owners' | 'findingOwner'>, filter: MatrixViewFilter = {}): MatrixTally {
  const rows: Record<string, RowTally> = {};
  for (const row of spec.rows) {
    rows[row.id] = { owners: {}, findings: 0, locations: {}, findingLocations: [] };
    for (const owner of spec.owners) {
      rows[row.id].owners[owner.id] = 0;
      rows[row.id].locations[owner.id] = [];
    }
  }
  const services = new Map<string, { service: string; model: string; resources: number }>();
  let counted = 0;
  for (const { file = '', analysis } of files) {
    if (analysis.cloud !== spec.cloud) continue;
    if (filter.file !== undefined && filter.file !== file) continue;
    counted++;
    const modelOf = new Map(analysis.resources.map((resource) => [resource.logicalId, resource.model]));
    const inResource = (resource: string) => filter.resource === undefined || filter.resource === resource;
    for (const setting of analysis.settings) {
      const { owner, row, model } = setting.attribution;
      const tally = rows[row];
      if (!tally || !(owner in tally.owners) || !inResource(setting.resource) || (filter.owner && filter.owner !== owner) || (filter.model && filter.model !== model)) continue;
      tally.owners[owner]++;
      tally.locations[owner].push({ file, span: setting.key, resource: setting.resource, key: setting.path });
    }
    // A finding is an insecure customer-owned setting, so a filter on another owner hides it.
    if (!filter.owner || filter.owner === spec.findingOwner) {
      for (const finding of analysis.findings) {
        const tally = rows[finding.row];
        if (!tally || !inResource(finding.resource) || (filter.model && modelOf.get(finding.resource) !== filter.model)) continue;
        tally.findings++;
        tally.findingLocations.push({ file, span: finding.span, resource: finding.resource, key: finding.message, ruleId: finding.ruleId });
      }
    }
    for (const resource of analysis.resources) {
      if (!inResource(resource.logicalId) || (filter.model && filter.model !== resource.model)) continue;
      const entry = services.get(resource.service) ?? { service: resource.service, model: resource.model, resources: 0 };
      entry.resources++;
      services.set(resource.service, entry);
    }
  }
  return { rows, services: [...services.values()].sort((a, b) => a.service.localeCompare(b.service)), files: counted };
}

/** What the matrix panel shows of a cloud and what its exports write. */
export interface CloudMatrixView {
  cloud: CloudId;
  name: string;
  source: MatrixSpec['source'];
  owners: { id: string; title: string }[];
  models: { id: string; title: string; summary: string }[];
  rows: {
    id: string;
    title: string;
    summary: string;
    /** Who owns the row for each model, why, and from where. */
    byModel: Record<string, { owner: string; reason: string; sources: Source[] }>;
    /** The workspace's settings per owner. */
    counts: Record<string, number>;
    findings: number;
  }[];
  /** The workspace's services of this cloud, with their names. */
  services: { service: string; name: string; model: string; resources: number }[];
  /** Per model: the workspace's services of that model, and who does each row for them. */
  perModel: { model: string; title: string; summary: string; services: { service: string; name: string; resources: number }[]; rows: { row: string; title: string; owner: string; reason: string }[] }[];
  /** Files of the cloud counted. */
  files: number;
}

export function cloudMatrixView(spec: MatrixSpec, tally: MatrixTally): CloudMatrixView {
  const services = tally.services.map((entry) => ({ ...entry, name: spec.serviceName(entry.service) ?? entry.service }));
  return {
    cloud: spec.cloud,
    name: spec.name,
    source: { ...spec.source },
    owners: spec.owners.map((owner) => ({ ...owner })),
    models: spec.models.map((model) => ({ ...model })),
    rows: spec.rows.map((row) => ({
      id: row.id,
      title: row.title,
      summary: row.summary,
      byModel: Object.fromEntries(Object.entries(row.byModel).map(([model, cell]) => [model, { owner: cell.owner, reason: cell.reason, sources: cell.sources.map((source) => ({ ...source })) }])),
      counts: { ...tally.rows[row.id].owners },
      findings: tally.rows[row.id].findings,
    })),
    services,
    perModel: spec.models.map((model) => ({
      model: model.id,
      title: model.title,
      summary: model.summary,
      services: services.filter((entry) => entry.model === model.id).map(({ service, name, resources }) => ({ service, name, resources })),
      rows: spec.rows.map((row) => ({ row: row.id, title: row.title, owner: row.byModel[model.id]?.owner ?? '', reason: row.byModel[model.id]?.reason ?? '' })),
    })),
    files: tally.files,
  };
}

function ownerTitle(view: CloudMatrixView, owner: string): string {
  return view.owners.find((candidate) => candidate.id === owner)?.title ?? owner;
}

/**
 * Markdown export: the table with its owners per model and these counts, its
 * source with the revision date, and the services per model. `scope` (the
 * workspace's name and filters) comes from the workspace and is escaped.
 */
export function cloudMatrixMarkdown(view: CloudMatrixView, scope?: string): string {
  const cell = escapeMarkdown;
  const lines = [`# ${cell(view.name)} shared responsibility matrix${scope ? `: ${cell(scope)}` : ''}`, ''];
  lines.push(`Source: ${markdownLink(view.source.title, view.source.url)} (${cell(view.source.publisher)}, revised ${cell(view.source.revised)}). ${cell(view.source.note)}`, '');
  const ownerColumns = view.owners.map((owner) => `${cell(owner.title)} settings`);
  lines.push(`| Responsibility | ${[...view.models.map((model) => cell(model.title)), ...ownerColumns, 'Findings'].join(' | ')} |`);
  lines.push(`|---|${view.models.map(() => '---').join('|')}|${view.owners.map(() => '---:').join('|')}|---:|`);
  for (const row of view.rows) {
    const owners = view.models.map((model) => cell(ownerTitle(view, row.byModel[model.id]?.owner ?? '')));
    const counts = view.owners.map((owner) => String(row.counts[owner.id] ?? 0));
    lines.push(`| ${[cell(row.title), ...owners, ...counts, String(row.findings)].join(' | ')} |`);
  }
  lines.push('', `${view.files} ${view.files === 1 ? 'file' : 'files'} counted.`);
  lines.push('', '## By service model', '');
  for (const model of view.perModel) {
    const services = model.services.map((entry) => `${cell(entry.name)} (${entry.resources})`).join(', ');
    lines.push(`- **${cell(model.title)}**: ${services || 'no services in these files'}. ${cell(model.summary)}`);
  }
  if (view.services.length) {
    lines.push('', '## Services', '', '| Service | Model | Resources |', '|---|---|---:|');
    for (const entry of view.services) lines.push(`| ${cell(entry.name)} | ${cell(view.models.find((model) => model.id === entry.model)?.title ?? entry.model)} | ${entry.resources} |`);
  }
  return lines.join('\n') + '\n';
}

/** CSV export (RFC 4180), one line per row; cells that a spreadsheet would run as formulas are defused. */
export function cloudMatrixCsv(view: CloudMatrixView): string {
  const header = ['id', 'responsibility', ...view.models.map((model) => model.id), ...view.owners.map((owner) => `${owner.id} settings`), 'findings'];
  const lines = [header.map(csvField).join(',')];
  for (const row of view.rows) {
    lines.push([row.id, row.title, ...view.models.map((model) => row.byModel[model.id]?.owner ?? ''), ...view.owners.map((owner) => row.counts[owner.id] ?? 0), row.findings].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** One RFC 4180 field, defused against formula injection. */
export function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
