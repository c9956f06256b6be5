/**
 * Hover cards as Markdown. Every piece of document text goes through
 * escapeMarkdown; only knowledge text (ours) is written as Markdown.
 */
import type { Analysis, Attribution, Owner, ResourceInfo, Setting, Source } from '../types';
import { cellFor, matrix, matrixRow, serviceOf, services, variantNamed } from '../clouds/aws/knowledge';
import { escapeMarkdown, showControlCharacters } from '../engine/text';
import { ownerCounts, targetAt } from '../engine/lookup';
import { propertyDoc } from '../clouds/aws/specDocs';

const OWNER_BADGE: Record<Owner, string> = {
  customer: '$(account) **Customer**',
  aws: '$(cloud) **AWS**',
  shared: '$(organization) **Shared**',
};

const MODEL_TITLE = { infrastructure: 'infrastructure', container: 'container', abstracted: 'abstracted' } as const;

export function hoverMarkdown(analysis: Analysis, offset: number, text: string): string | undefined {
  const target = targetAt(analysis, offset);
  if (!target) return undefined;
  return 'resource' in target ? resourceCard(target.resource, analysis) : settingCard(target.setting, text);
}

export function settingCard(setting: Setting, text: string): string {
  const a = setting.attribution;
  const row = matrixRow(a.row);
  const keyText = text.slice(setting.key.offset, setting.key.offset + setting.key.length).replace(/^["']|["']$/g, '');
  const lines = [
    `${OWNER_BADGE[a.owner]}${a.team ? ` — ${escapeMarkdown(a.team)}` : ''} · ${escapeMarkdown(row.title)}${row.origin === 'prose' ? " _(from the article's text)_" : ''}`,
    '',
    `\`${escapeCode(keyText)}\` on \`${escapeCode(setting.resourceType)}\`${setting.cfn ? ` ≙ \`${escapeCode(cfnName(setting.cfn))}\`` : ''} · ${serviceName(a)} · ${MODEL_TITLE[a.model]} model`,
    '',
    a.rationale,
    '',
    `**You:** ${a.customerAction}  `,
    `**AWS:** ${a.awsAction}`,
  ];
  const doc = setting.cfn ? propertyDoc(setting.cfn.type, setting.cfn.path) : propertyDoc(setting.resourceType, setting.path);
  if (doc) lines.splice(3, 0, '', `_CloudFormation:_ ${escapeMarkdown(doc)}`);
  if (setting.resourceType.startsWith('Kubernetes::')) lines.push('', ...variantLines(a.service));
  if (a.override) lines.push('', `_Organisation override: ${escapeMarkdown(a.override)}._`);
  if (a.confidence === 'fallback') lines.push('', '_Generic attribution: no curated or pattern rule covers this setting yet._');
  else if (a.confidence === 'derived' && a.basis === 'resource-purpose') lines.push('', '_Derived from what this resource is for: no rule or name pattern covers the setting itself._');
  else if (a.confidence === 'derived') lines.push('', '_Derived from the setting’s name; not individually curated._');
  lines.push('', sourcesLine(a.sources, a.controls));
  return lines.join('\n');
}

export function resourceCard(resource: ResourceInfo, analysis: Analysis): string {
  const info = services.services[resource.service] ?? serviceOf(resource.type).info;
  const counts = ownerCounts(analysis, resource.logicalId);
  const split: Record<Owner, string[]> = { customer: [], aws: [], shared: [] };
  const variant = variantNamed(resource.service, resource.variant);
  for (const row of matrix.rows) split[cellFor(row, resource.model, variant).owner].push(row.title);
  const variantText = resource.variant ? ` (${escapeMarkdown(resource.variant)})` : '';
  const lines = [
    `**${escapeMarkdown(resource.logicalId)}** · \`${escapeCode(resource.type)}\`${resource.cfnType ? ` ≙ \`${escapeCode(resource.cfnType)}\`` : ''}`,
    '',
    `${info ? escapeMarkdown(info.name) : escapeMarkdown(resource.service)} · **${MODEL_TITLE[resource.model]}** model${variantText}${resource.confidence === 'fallback' ? ' _(generic: this service is not classified yet)_' : ''}`,
  ];
  if (resource.constructPath) lines.push('', `CDK construct: \`${escapeCode(resource.constructPath)}\``);
  if (info) lines.push('', info.rationale);
  if (info?.variants?.length) lines.push('', ...variantLines(resource.service));
  if (info && !info.curated) lines.push('', '_Service model judged from AWS’s infrastructure / container / abstracted framing; its settings are attributed by name patterns, not individually curated._');
  lines.push(
    '',
    `Settings here: Customer ${counts.customer} · Shared ${counts.shared} · AWS ${counts.aws}`,
    '',
    `**How the matrix splits for the ${MODEL_TITLE[resource.model]} model${variantText}**`,
    '',
    `- ${OWNER_BADGE.customer}: ${split.customer.join('; ') || '—'}`,
    `- ${OWNER_BADGE.shared}: ${split.shared.join('; ') || '—'}`,
    `- ${OWNER_BADGE.aws}: ${split.aws.join('; ') || '—'}`,
  );
  if (info) lines.push('', sourcesLine([info.securityDoc], []));
  return lines.join('\n');
}

/** How the split moves within a service (EKS control plane / nodes / Fargate, Lambda zip / image …). */
function variantLines(serviceId: string): string[] {
  const info = services.services[serviceId];
  if (!info?.variants?.length) return [];
  return [
    `**Who runs what in ${escapeMarkdown(info.name)}**`,
    '',
    ...info.variants.map((variant) => `- **${escapeMarkdown(variant.name)}** (${MODEL_TITLE[variant.model]}): ${variant.note} [source](${variant.source.url})`),
  ];
}

function serviceName(attribution: Attribution): string {
  return escapeMarkdown(services.services[attribution.service]?.name ?? attribution.service);
}

function sourcesLine(sources: Source[], controls: string[]): string {
  const links = sources.map((source) => `[${escapeMarkdown(source.title)}](${source.url})`);
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
