/** The matrix with a workspace's settings counted into it. */
import type { Analysis, Attribution, AwsOwner, AwsRowId, AwsServiceModel, Source } from '../../types';
import { matrix, services as serviceKnowledge } from './knowledge';
import type { ItControlKind, MatrixData } from './knowledge/schema';
import { escapeMarkdown, markdownLink } from '../../engine/text';
import { csvField, type MatrixLocation } from '../../engine/matrixView';

export type { MatrixLocation };

export interface RowCounts {
  customer: number;
  aws: number;
  shared: number;
  findings: number;
  locations: Record<AwsOwner, MatrixLocation[]>;
  /** Where the findings of this row are (spans of the offending settings). */
  findingLocations: MatrixLocation[];
}

/** Narrows the counted settings; every field is optional and they combine. */
export interface MatrixFilter {
  owner?: AwsOwner;
  model?: AwsServiceModel;
  /** The `file` string as passed in (a URI in the extension, a path in the CLI). */
  file?: string;
  /** A resource's logical id (or name); pair it with `file`. */
  resource?: string;
}

export interface WorkspaceMatrix {
  matrix: MatrixData;
  counts: Record<AwsRowId, RowCounts>;
  services: { service: string; model: AwsServiceModel; resources: number }[];
  /** AWS's IT-control kinds with the settings of their rows counted in. */
  controls: ItControlCounts[];
}

/**
 * One of AWS's three IT-control kinds (inherited, shared, customer-specific),
 * with the matrix rows that fall there and their settings and findings added up.
 */
export interface ItControlCounts {
  kind: ItControlKind;
  title: string;
  summary: string;
  /** AWS's own examples of the kind. */
  examples: string[];
  rows: { row: AwsRowId; title: string; area: string; basis: 'aws-example' | 'this-product' }[];
  customer: number;
  shared: number;
  aws: number;
  findings: number;
}

/** Adds each row's counts to its IT-control kind (matrix.json `itControl`); every row falls in exactly one kind. */
export function itControlCounts(counts: Record<AwsRowId, Pick<RowCounts, AwsOwner | 'findings'>>): ItControlCounts[] {
  return matrix.itControls.kinds.map((kind) => {
    const rows = matrix.rows.filter((row) => row.itControl.kind === kind.id);
    const sum = (field: AwsOwner | 'findings') => rows.reduce((total, row) => total + (counts[row.id]?.[field] ?? 0), 0);
    return {
      kind: kind.id,
      title: kind.title,
      summary: kind.summary,
      examples: kind.examples,
      rows: rows.map((row) => ({ row: row.id, title: row.title, area: row.itControl.area, basis: row.itControl.basis })),
      customer: sum('customer'),
      shared: sum('shared'),
      aws: sum('aws'),
      findings: sum('findings'),
    };
  });
}

/** Whether the analysis is attributed with AWS's matrix (files of no other cloud). */
export function isAwsAnalysis(analysis: Analysis): boolean {
  return analysis.cloud === undefined || analysis.cloud === 'aws';
}

export function matrixWithCounts(files: { file: string; analysis: Analysis }[], filter: MatrixFilter = {}): WorkspaceMatrix {
  const counts = Object.fromEntries(
    matrix.rows.map((row) => [row.id, { customer: 0, aws: 0, shared: 0, findings: 0, locations: { customer: [], aws: [], shared: [] }, findingLocations: [] }]),
  ) as unknown as Record<AwsRowId, RowCounts>;
  const services = new Map<string, { service: string; model: AwsServiceModel; resources: number }>();
  for (const { file, analysis } of files) {
    if (filter.file !== undefined && filter.file !== file) continue;
    // Another cloud's files count in that cloud's matrix (clouds/<cloud>/matrix.ts).
    if (!isAwsAnalysis(analysis)) continue;
    const modelOf = new Map(analysis.resources.map((resource) => [resource.logicalId, resource.model]));
    const inResource = (resource: string) => filter.resource === undefined || filter.resource === resource;
    for (const setting of analysis.settings) {
      const a = setting.attribution as Attribution & { owner: AwsOwner; row: AwsRowId };
      if (!inResource(setting.resource) || (filter.owner && filter.owner !== a.owner) || (filter.model && filter.model !== a.model)) continue;
      const row = counts[a.row];
      row[a.owner]++;
      row.locations[a.owner].push({ file, span: setting.key, resource: setting.resource, key: setting.path });
    }
    // A finding is an insecure customer-owned setting, so an AWS or Shared owner filter hides it.
    if (!filter.owner || filter.owner === 'customer') {
      for (const finding of analysis.findings) {
        if (!inResource(finding.resource)) continue;
        if (filter.model && modelOf.get(finding.resource) !== filter.model) continue;
        const row = counts[finding.row as AwsRowId];
        row.findings++;
        row.findingLocations.push({ file, span: finding.span, resource: finding.resource, key: finding.message, ruleId: finding.ruleId });
      }
    }
    for (const resource of analysis.resources) {
      if (!inResource(resource.logicalId) || (filter.model && filter.model !== resource.model)) continue;
      const entry = services.get(resource.service) ?? { service: resource.service, model: resource.model as AwsServiceModel, resources: 0 };
      entry.resources++;
      services.set(resource.service, entry);
    }
  }
  return { matrix, counts, services: [...services.values()].sort((a, b) => a.service.localeCompare(b.service)), controls: itControlCounts(counts) };
}

/** The split of one resource's settings, for a CodeLens or a status bar. */
export interface OwnerSplit {
  customer: number;
  shared: number;
  aws: number;
  /** Present for a file of another cloud whose provider is Microsoft (Azure): its settings are counted here, never under `aws`. */
  microsoft?: number;
  findings: number;
}

/** Counts the settings and findings of one resource (all of them when `resource` is undefined). */
export function ownerSplit(analysis: Analysis, resource?: string): OwnerSplit {
  const split: OwnerSplit = { customer: 0, shared: 0, aws: 0, findings: 0, ...(isAwsAnalysis(analysis) ? {} : { microsoft: 0 }) };
  for (const setting of analysis.settings) if (resource === undefined || setting.resource === resource) split[setting.attribution.owner] = (split[setting.attribution.owner] ?? 0) + 1;
  for (const finding of analysis.findings) if (resource === undefined || finding.resource === resource) split.findings++;
  return split;
}

/** "Customer 7 · Shared 2 · AWS 3 · 1 finding" */
export function ownerSplitText(split: OwnerSplit): string {
  const findings = split.findings === 1 ? '1 finding' : `${split.findings} findings`;
  const provider = split.microsoft !== undefined ? `Microsoft ${split.microsoft}` : `AWS ${split.aws}`;
  return `Customer ${split.customer} · Shared ${split.shared} · ${provider} · ${findings}`;
}

/** One workspace service on one side of a row, and why. */
export interface ServiceSide {
  service: string;
  name: string;
  model: AwsServiceModel;
  resources: number;
  reason: string;
}

/**
 * For every row, which of the given (workspace) services fall on which side:
 * the owner and reason are the row's cell for the service's model in matrix.json.
 */
export function servicesByRow(workspaceServices: { service: string; model: AwsServiceModel; resources: number }[]): Record<AwsRowId, Record<AwsOwner, ServiceSide[]>> {
  const result = {} as Record<AwsRowId, Record<AwsOwner, ServiceSide[]>>;
  for (const row of matrix.rows) {
    const sides: Record<AwsOwner, ServiceSide[]> = { customer: [], shared: [], aws: [] };
    for (const entry of workspaceServices) {
      const cell = row.byModel[entry.model];
      sides[cell.owner].push({
        service: entry.service,
        name: serviceKnowledge.services[entry.service]?.name ?? entry.service,
        model: entry.model,
        resources: entry.resources,
        reason: cell.reason,
      });
    }
    result[row.id] = sides;
  }
  return result;
}

/** One service's own column of the matrix: its model, and who owns each row for it. */
export interface ServiceColumn {
  service: string;
  name: string;
  model: AwsServiceModel;
  rationale: string;
  securityDoc: Source | undefined;
  variants: { name: string; model: AwsServiceModel; note: string; source: Source }[];
  /** False when the service is not in the knowledge (its model is the fallback the analysis used). */
  known: boolean;
  /**
   * Who owns each row for the service. `basis: 'service'`: the reason and sources are the
   * service's own (services.json `rows`); `'model'`: the model's cell, which speaks of the
   * model's example services, less the pages of other services of that model.
   */
  rows: { row: AwsRowId; title: string; owner: AwsOwner; reason: string; sources: Source[]; basis: 'service' | 'model' }[];
}

/**
 * The column of `service`. `model` is the model the analysis gave its resources
 * (a variant such as ECS on Fargate can differ from the service's default).
 */
export function serviceColumn(service: string, model?: AwsServiceModel): ServiceColumn {
  const info = serviceKnowledge.services[service];
  const chosen = model ?? info?.model ?? 'infrastructure';
  const otherServicesPage = otherServicesPages(service, chosen);
  return {
    service,
    name: info?.name ?? service,
    model: chosen,
    rationale: info?.rationale ?? '',
    securityDoc: info?.securityDoc,
    variants: info?.variants ?? [],
    known: info !== undefined,
    rows: matrix.rows.map((row) => {
      const cell = row.byModel[chosen];
      const own = info?.rows?.[row.id];
      if (own) return { row: row.id, title: row.title, owner: cell.owner, reason: own.reason, sources: own.sources, basis: 'service' as const };
      // An ElastiCache column must not cite RDS pages because RDS is the container model's example.
      const sources = cell.sources.filter((source) => !otherServicesPage(source.url));
      return { row: row.id, title: row.title, owner: cell.owner, reason: cell.reason, sources: sources.length || !info ? sources : [info.securityDoc], basis: 'model' as const };
    }),
  };
}

/**
 * Whether a page documents another service of the same model (the model's
 * examples): its AWS documentation guide (`docs.aws.amazon.com/<guide>/`) is
 * the guide of such a service's security page. Pages of services that govern
 * the whole account (IAM, CloudTrail …) and of other models' services (VPC
 * security groups for a container service) are general practice and stay.
 */
function otherServicesPages(service: string, model: AwsServiceModel): (url: string) => boolean {
  const own = docsGuide(serviceKnowledge.services[service]?.securityDoc.url);
  const others = new Set<string>();
  for (const [id, info] of Object.entries(serviceKnowledge.services)) {
    const guide = docsGuide(info.securityDoc.url);
    if (id !== service && info.model === model && !info.accountWide && guide && guide !== own) others.add(guide);
  }
  return (url) => {
    const guide = docsGuide(url);
    return guide !== undefined && others.has(guide);
  };
}

function docsGuide(url: string | undefined): string | undefined {
  // Stryker disable next-line MethodExpression: guides are only compared with each other, so upper case folds case as well as lower case
  return url ? /^https:\/\/docs\.aws\.amazon\.com\/([^/]+)\//.exec(url)?.[1]?.toLowerCase() : undefined;
}

const EXPORT_OWNER: Record<string, string> = { customer: 'Customer', aws: 'AWS', shared: 'Shared', both: 'Both' };

/**
 * Markdown export: the matrix, its per-model owners and these counts, under
 * our title. `scope` (the workspace's name and filters: file, resource …)
 * comes from the workspace and is escaped, so no link or image from a folder
 * name renders.
 */
export function matrixMarkdown(workspace: WorkspaceMatrix, scope?: string): string {
  const cell = escapeMarkdown;
  const lines = [`# ${MATRIX_TITLE}${scope ? `: ${cell(scope)}` : ''}`, ''];
  lines.push('| Responsibility | AwsOwner in the table | Infrastructure | Container | Abstracted | Customer settings | Shared settings | AWS settings | Findings |');
  lines.push('|---|---|---|---|---|---:|---:|---:|---:|');
  for (const row of workspace.matrix.rows) {
    const counts = workspace.counts[row.id];
    const title = row.origin === 'prose' ? `${row.title} *` : row.title;
    lines.push(
      `| ${[
        cell(title),
        EXPORT_OWNER[row.sourceOwner],
        EXPORT_OWNER[row.byModel.infrastructure.owner],
        EXPORT_OWNER[row.byModel.container.owner],
        EXPORT_OWNER[row.byModel.abstracted.owner],
        String(counts.customer),
        String(counts.shared),
        String(counts.aws),
        String(counts.findings),
      ].join(' | ')} |`,
    );
  }
  lines.push('', `\\* From the article's text rather than its table. ${cell(workspace.matrix.source.label)}: “${cell(workspace.matrix.source.title)}”. ${cell(workspace.matrix.source.note)}`);
  const differing = workspace.matrix.rows.filter((row) => row.awsGuidance);
  if (differing.length) {
    lines.push('', "## Where AWS's own guidance differs", '');
    for (const row of differing) {
      const guidance = row.awsGuidance!;
      lines.push(`- **${cell(row.title)}**: the table says ${EXPORT_OWNER[row.sourceOwner]}; AWS says ${EXPORT_OWNER[guidance.owner]}. ${cell(guidance.summary)} (${guidance.sources.map((source) => markdownLink(source.title, source.url)).join(', ')})`);
    }
  }
  lines.push('', `## AWS's IT-control view (${markdownLink(workspace.matrix.itControls.source.title, workspace.matrix.itControls.source.url)})`, '');
  lines.push('| Kind | AWS examples | Rows of this matrix | Customer settings | Shared settings | AWS settings | Findings |', '|---|---|---|---:|---:|---:|---:|');
  for (const kind of workspace.controls) {
    const rows = kind.rows.map((row) => `${cell(row.title)}${row.basis === 'this-product' ? ' †' : ''}`).join('; ');
    lines.push(`| ${[cell(kind.title), cell(kind.examples.join('; ')), rows, String(kind.customer), String(kind.shared), String(kind.aws), String(kind.findings)].join(' | ')} |`);
  }
  lines.push('', `† Placed by this product; the other rows match an example AWS gives. ${cell(workspace.matrix.itControls.note)}`);
  if (workspace.services.length) {
    lines.push('', '## Services', '', '| Service | Model | Resources |', '|---|---|---:|');
    for (const entry of workspace.services) lines.push(`| ${escapeMarkdown(entry.service)} | ${entry.model} | ${entry.resources} |`);
  }
  return lines.join('\n') + '\n';
}

/** CSV export (RFC 4180), one line per row; cells that a spreadsheet would run as formulas are defused. */
export function matrixCsv(workspace: WorkspaceMatrix): string {
  const lines = [['id', 'responsibility', 'origin', 'table owner', 'infrastructure', 'container', 'abstracted', 'customer settings', 'shared settings', 'aws settings', 'findings'].join(',')];
  for (const row of workspace.matrix.rows) {
    const counts = workspace.counts[row.id];
    lines.push(
      [row.id, row.title, row.origin, row.sourceOwner, row.byModel.infrastructure.owner, row.byModel.container.owner, row.byModel.abstracted.owner, counts.customer, counts.shared, counts.aws, counts.findings]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** What the matrix is, said the same way everywhere: a third-party summary, not an AWS table. */
export const MATRIX_TITLE = 'Shared responsibility matrix (third-party summary of the AWS model)';

/**
 * The matrix as text: the third-party table with its per-model owners (and,
 * given a workspace, the settings and findings counted per row), where AWS's
 * own guidance differs, and AWS's IT-control view with the same counts.
 */
export function matrixText(workspace?: WorkspaceMatrix): string {
  const lines = [MATRIX_TITLE, '', `${matrix.source.label}: “${matrix.source.title}”`, matrix.source.note, ''];
  const width = Math.max(...matrix.rows.map((row) => row.title.length));
  const counted = workspace ? '  Customer  Shared  AWS  Findings' : '';
  lines.push(`${'Responsibility'.padEnd(width)}  Table      Infra      Container  Abstracted${counted}`);
  for (const row of matrix.rows) {
    const source = row.origin === 'prose' ? 'customer*' : row.sourceOwner;
    const counts = workspace?.counts[row.id];
    const numbers = counts ? `  ${String(counts.customer).padStart(8)}  ${String(counts.shared).padStart(6)}  ${String(counts.aws).padStart(3)}  ${String(counts.findings).padStart(8)}` : '';
    lines.push(
      `${row.title.padEnd(width)}  ${source.padEnd(9)}  ${row.byModel.infrastructure.owner.padEnd(9)}  ${row.byModel.container.owner.padEnd(9)}  ${row.byModel.abstracted.owner.padEnd(10)}${numbers}`.trimEnd(),
    );
  }
  lines.push('', "* from the article's text rather than its table", '', "Where AWS's own guidance differs from the table:");
  for (const row of matrix.rows) {
    if (!row.awsGuidance) continue;
    lines.push(`- ${row.title}: table ${row.sourceOwner}, AWS ${row.awsGuidance.owner}. ${row.awsGuidance.summary}`, `  ${row.awsGuidance.sources.map((source) => source.url).join(' ')}`);
  }
  lines.push('', `AWS's IT-control view (${matrix.itControls.source.title}, ${matrix.itControls.source.url})`);
  for (const kind of workspace?.controls ?? itControlCounts({} as Record<AwsRowId, Pick<RowCounts, AwsOwner | 'findings'>>)) {
    const numbers = workspace ? `: customer ${kind.customer}, shared ${kind.shared}, AWS ${kind.aws} setting(s), ${kind.findings} finding(s)` : '';
    lines.push('', `${kind.title} (AWS examples: ${kind.examples.join('; ')})${numbers}`, `  ${kind.summary}`);
    for (const row of kind.rows) lines.push(`  - ${row.title}: ${row.area}${row.basis === 'this-product' ? ' (placed by this product)' : ''}`);
  }
  lines.push('', matrix.itControls.note);
  return lines.join('\n');
}

/** The matrix as JSON for `matrix --format json`: the data, with a workspace's counts per row and per IT-control kind when given. */
export function matrixJson(workspace?: WorkspaceMatrix): object {
  const zero = { customer: 0, shared: 0, aws: 0, findings: 0 };
  return {
    version: 1,
    title: MATRIX_TITLE,
    source: matrix.source,
    aws: matrix.aws,
    rows: matrix.rows.map((row) => {
      const counts = workspace?.counts[row.id];
      return { ...row, counts: counts ? { customer: counts.customer, shared: counts.shared, aws: counts.aws, findings: counts.findings } : zero };
    }),
    itControls: {
      source: matrix.itControls.source,
      note: matrix.itControls.note,
      kinds: (workspace?.controls ?? itControlCounts({} as Record<AwsRowId, Pick<RowCounts, AwsOwner | 'findings'>>)).map((kind) => ({ ...kind, rows: kind.rows })),
    },
    models: matrix.models,
    ...(workspace ? { services: workspace.services } : {}),
  };
}
