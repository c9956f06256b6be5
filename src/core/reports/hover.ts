/**
 * Hover cards as Markdown, built to be read top-down and fit the first screen
 * of a hover (about 12 lines at 1400×900, with the Problems entry an editor
 * shows above it): first who owns the setting, one line of why and one of what
 * to do, and what the setting is; then, below a rule (`---`), the detail: the
 * rest of the rationale, AWS's part, the spec's documentation, one list of
 * controls and the sources. hoverSections gives the two parts apart, so an
 * editor can show the first screen and put the detail behind a link (the
 * language server does for VS Code, where the whole hover must fit).
 *
 * Every piece of document text goes through escapeMarkdown (or escapeCode
 * inside code spans); only knowledge text (ours) is written as Markdown.
 */
import type { Analysis, Attribution, AwsServiceModel, CloudId, Finding, Owner, ResourceInfo, Setting, Source } from '../types';
import { cellFor, matrix, serviceOf, services, variantNamed } from '../clouds/aws/knowledge';
import { cloudById } from '../clouds';
import { escapeMarkdown, markdownLink, showControlCharacters } from '../engine/text';
import { ownerCounts, targetAt } from '../engine/lookup';
import { propertyDoc } from '../clouds/aws/specDocs';

const OWNER_BADGE: Record<Owner, string> = {
  customer: '$(account) **Customer**',
  aws: '$(cloud) **AWS**',
  shared: '$(organization) **Shared**',
  microsoft: '$(cloud) **Microsoft**',
};

const MODEL_TITLE: Record<Attribution['model'], string> = { infrastructure: 'infrastructure', container: 'container', abstracted: 'abstracted', iaas: 'IaaS', paas: 'PaaS', saas: 'SaaS' };

/** The rule between what fits the first screen and the detail below it. */
export const DETAIL_RULE = '---';

/** Longest "why" and "do" line of the first screen, in characters (two lines of a hover at most). */
const FIRST_SCREEN_LINE = 130;

export function hoverMarkdown(analysis: Analysis, offset: number, text: string): string | undefined {
  const sections = hoverSections(analysis, offset, text);
  return sections && joinSections(sections);
}

/** A card in its two parts: what fits the first screen, and the detail below the rule. */
export interface HoverSections {
  first: string;
  detail: string;
}

export interface HoverOptions {
  /**
   * The editor shows the Problems entries of the hovered line above the card
   * (VS Code does): a setting with findings then leaves out the card's own why
   * and what-to-do lines, which those entries already say, and keeps them for
   * the detail, so the whole hover, Quick Fix links included, fits.
   */
  findingsShownAbove?: boolean;
}

export function hoverSections(analysis: Analysis, offset: number, text: string, options: HoverOptions = {}): HoverSections | undefined {
  const target = targetAt(analysis, offset);
  if (!target) return undefined;
  if ('resource' in target) return resourceSections(target.resource, analysis);
  return settingSections(target.setting, text, findingsOn(analysis, target.setting), options, analysis.cloud);
}

function joinSections(sections: HoverSections): string {
  return `${sections.first}\n\n${DETAIL_RULE}\n\n${sections.detail}`;
}

/** Findings whose span starts inside the setting's entry (the Problems entries an editor shows with this hover). */
function findingsOn(analysis: Analysis, setting: Setting): Finding[] {
  const start = setting.span.offset;
  const end = start + setting.span.length;
  return analysis.findings.filter((finding) => finding.span.offset >= start && finding.span.offset < end && finding.resource === setting.resource);
}

export function settingCard(setting: Setting, text: string, findings: Finding[] = [], cloudId?: CloudId): string {
  return joinSections(settingSections(setting, text, findings, {}, cloudId));
}

function settingSections(setting: Setting, text: string, findings: Finding[], options: HoverOptions = {}, cloudId?: CloudId): HoverSections {
  const a = setting.attribution;
  const cloud = cloudById(cloudId);
  const row = cloud.rows.find((candidate) => candidate.id === a.row) ?? { id: a.row, title: a.row };
  const keyText = text.slice(setting.key.offset, setting.key.offset + setting.key.length).replace(/^["']|["']$/g, '');
  const why = oneLine(a.rationale);
  const doing = oneLine(a.customerAction);
  const head = `${OWNER_BADGE[a.owner]}${a.team ? ` — ${escapeMarkdown(a.team)}` : ''} · ${escapeMarkdown(row.title)}`;
  const what = `\`${escapeCode(keyText)}\` on \`${escapeCode(setting.resourceType)}\` · ${escapeMarkdown(cloud.serviceName(a.service) ?? a.service)} · ${MODEL_TITLE[a.model]} model`;
  const compact = options.findingsShownAbove === true && findings.length > 0;
  // Plain text all: a config's rationale, and generic texts that name a service taken from the file's Type.
  const first = compact ? [head, '', what] : [head, '', escapeMarkdown(why.line), '', `**You:** ${escapeMarkdown(doing.line)}`, '', what];
  const lines: string[] = [];
  if (setting.cfn) lines.push(`≙ \`${escapeCode(cfnName(setting.cfn))}\` in CloudFormation`, '');
  if (compact) lines.push(escapeMarkdown(a.rationale), '', `**You:** ${escapeMarkdown(a.customerAction)}`, '');
  else {
    if (why.rest) lines.push(escapeMarkdown(why.rest), '');
    if (doing.rest) lines.push(`**You:** ${escapeMarkdown(doing.rest)}`, '');
  }
  lines.push(`**${cloud.providerName}:** ${escapeMarkdown(a.providerAction)}`);
  if (row.origin === 'prose') lines.push('', `_${escapeMarkdown(row.title)}: a duty the source states in its text, not a row of its table._`);
  const doc = setting.cfn ? propertyDoc(setting.cfn.type, setting.cfn.path) : propertyDoc(setting.resourceType, setting.path);
  if (doc) lines.push('', `_CloudFormation:_ ${escapeMarkdown(doc)}`);
  if (a.override) lines.push('', `_Organisation override: ${escapeMarkdown(a.override)}._`);
  if (a.confidence === 'fallback') lines.push('', '_Generic attribution: no curated or pattern rule covers this setting yet._');
  else if (a.confidence === 'derived' && a.basis === 'resource-purpose') lines.push('', '_Derived from what this resource is for: no rule or name pattern covers the setting itself._');
  else if (a.confidence === 'derived') lines.push('', '_Derived from the setting’s name; not individually curated._');
  // One list of controls for the whole hover: the setting's and those of the findings on it.
  const controls = [...new Set([...a.controls, ...findings.flatMap((finding) => finding.controls)])];
  lines.push('', sourcesLine(a.sources, controls));
  return { first: first.join('\n'), detail: lines.join('\n') };
}

export function resourceCard(resource: ResourceInfo, analysis: Analysis): string {
  return joinSections(resourceSections(resource, analysis));
}

function resourceSections(resource: ResourceInfo, analysis: Analysis): HoverSections {
  const cloud = cloudById(analysis.cloud);
  if (cloud.provider !== 'aws') return otherCloudResourceSections(resource, analysis);
  const info = services.services[resource.service] ?? serviceOf(resource.type).info;
  const counts = ownerCounts(analysis, resource.logicalId);
  const split: Record<Owner, string[]> = { customer: [], aws: [], shared: [], microsoft: [] };
  const variant = variantNamed(resource.service, resource.variant);
  for (const row of matrix.rows) split[cellFor(row, resource.model as AwsServiceModel, variant).owner].push(row.title);
  const variantText = resource.variant ? ` (${escapeMarkdown(resource.variant)})` : '';
  const why = info ? oneLine(info.rationale) : undefined;
  const lines = [
    `**${escapeMarkdown(resource.logicalId)}** · \`${escapeCode(resource.type)}\`${resource.cfnType ? ` ≙ \`${escapeCode(resource.cfnType)}\`` : ''}`,
    '',
    `${info ? escapeMarkdown(info.name) : escapeMarkdown(resource.service)} · **${MODEL_TITLE[resource.model]}** model${variantText}${resource.confidence === 'fallback' ? ' _(generic: this service is not classified yet)_' : ''}`,
    '',
  ];
  if (why) lines.push(escapeMarkdown(why.line), '');
  lines.push(`Settings here: Customer ${counts.customer} · Shared ${counts.shared} · AWS ${counts.aws}`);
  const first = lines.splice(0);
  if (why?.rest) lines.push(escapeMarkdown(why.rest), '');
  if (resource.constructPath) lines.push(`CDK construct: \`${escapeCode(resource.constructPath)}\``, '');
  if (info?.variants?.length) lines.push(...variantLines(resource.service), '');
  if (info && !info.curated) lines.push('_Service model judged from AWS’s infrastructure / container / abstracted framing; its settings are attributed by name patterns, not individually curated._', '');
  lines.push(
    `**How the matrix splits for the ${MODEL_TITLE[resource.model]} model${variantText}**`,
    '',
    `- ${OWNER_BADGE.customer}: ${split.customer.join('; ') || '—'}`,
    `- ${OWNER_BADGE.shared}: ${split.shared.join('; ') || '—'}`,
    `- ${OWNER_BADGE.aws}: ${split.aws.join('; ') || '—'}`,
  );
  if (info) lines.push('', sourcesLine([info.securityDoc], []));
  return { first: first.join('\n'), detail: lines.join('\n') };
}

/** The resource card of a cloud other than AWS: its service, model and how that cloud's matrix splits for the model. */
function otherCloudResourceSections(resource: ResourceInfo, analysis: Analysis): HoverSections {
  const cloud = cloudById(analysis.cloud);
  const counts = ownerCounts(analysis, resource.logicalId);
  const sides: Owner[] = ['customer', 'shared', cloud.provider];
  const split = new Map<Owner, string[]>(sides.map((owner) => [owner, []]));
  for (const row of cloud.rows) {
    const cell = cloud.cell(row.id, resource.model);
    if (cell) split.get(cell.owner)?.push(row.title);
  }
  const rationale = cloud.serviceRationale?.(resource.service);
  const why = rationale ? oneLine(rationale) : undefined;
  const first = [
    `**${escapeMarkdown(resource.logicalId)}** · \`${escapeCode(resource.type)}\``,
    '',
    `${escapeMarkdown(cloud.serviceName(resource.service) ?? resource.service)} · **${MODEL_TITLE[resource.model]}** model${resource.confidence === 'fallback' ? ' _(generic: this service is not classified yet)_' : ''}`,
    '',
    ...(why ? [escapeMarkdown(why.line), ''] : []),
    `Settings here: Customer ${counts.customer} · Shared ${counts.shared} · ${cloud.providerName} ${counts[cloud.provider]}`,
  ];
  const sources = cloud.cell(cloud.rows[0].id, resource.model)?.sources ?? [];
  const detail = [
    ...(why?.rest ? [escapeMarkdown(why.rest), ''] : []),
    `**How ${escapeMarkdown(cloud.providerName)}’s matrix splits for ${MODEL_TITLE[resource.model]}**`,
    '',
    ...sides.map((owner) => `- ${OWNER_BADGE[owner]}: ${split.get(owner)!.join('; ') || '—'}`),
    '',
    sourcesLine(sources, []),
  ];
  return { first: first.join('\n'), detail: detail.join('\n') };
}

/**
 * The first sentence of a knowledge text, cut at a word to fit the first
 * screen, and what is left of it for the detail.
 */
function oneLine(text: string): { line: string; rest: string } {
  const sentence = /^(.+?[.!?])(?:\s+|$)/.exec(text);
  const first = sentence ? sentence[1] : text;
  if (first.length <= FIRST_SCREEN_LINE) return { line: first, rest: text.slice(first.length).trim() };
  const cut = first.lastIndexOf(' ', FIRST_SCREEN_LINE - 1);
  const at = cut > 40 ? cut : FIRST_SCREEN_LINE - 1;
  return { line: `${first.slice(0, at).replace(/[,;:]$/, '')}…`, rest: `…${text.slice(at).trim()}` };
}

/** How the split moves within a service (EKS control plane / nodes / Fargate, Lambda zip / image …). */
function variantLines(serviceId: string): string[] {
  const info = services.services[serviceId];
  if (!info?.variants?.length) return [];
  return [
    `**Who runs what in ${escapeMarkdown(info.name)}**`,
    '',
    ...info.variants.map((variant) => `- **${escapeMarkdown(variant.name)}** (${MODEL_TITLE[variant.model]}): ${escapeMarkdown(variant.note)} ${markdownLink('source', variant.source.url)}`),
  ];
}

function sourcesLine(sources: Source[], controls: string[]): string {
  const links = sources.map((source) => markdownLink(source.title, source.url));
  const parts = [links.length ? `Sources: ${links.join(' · ')}` : ''];
  if (controls.length) parts.push(`Controls: ${controls.map(escapeMarkdown).join(', ')}`);
  return parts.filter(Boolean).join('  \n');
}

/** `AWS::RDS::DBInstance.StorageEncrypted`: the CloudFormation property a Terraform attribute configures. */
function cfnName(cfn: { type: string; path: string }): string {
  return `${cfn.type}.${cfn.path.replace(/^Properties\./, '')}`;
}

/** Text inside a code span cannot be escaped with backslashes; drop backticks instead. */
function escapeCode(text: string): string {
  return showControlCharacters(text.replace(/`/g, "'").replace(/\r?\n/g, ' '));
}
