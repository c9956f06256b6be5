/**
 * Shared by the formats beyond templates (Dockerfile, .env, application
 * config): attributions from knowledge/workloads.json and findings from
 * knowledge/findings.json, built the same way for all three.
 */
import type { Attribution, Confidence, FileKind, Finding, RowId, ServiceModel, Setting, Severity, Source, Span } from '../../types';
import type { FindingCheck, FindingRule } from './knowledge/schema';
import { findingRules, services } from './knowledge';
import workloadsJson from './knowledge/workloads.json';
import { memoMap } from '../../engine/memo';

/** knowledge/workloads.json (schema: knowledge/schema/workloads.schema.json). */
export interface WorkloadsData {
  attributions: Record<string, WorkloadAttribution>;
}

export interface WorkloadAttribution {
  owner: Attribution['owner'];
  row: RowId;
  /** Service id in services.json whose model applies. */
  service: string;
  /** Overrides the service's model (a Lambda base image is Lambda's container-image variant). */
  model?: ServiceModel;
  rationale: string;
  customerAction: string;
  awsAction: string;
  sources: Source[];
  controls?: string[];
  /** Defaults to curated. */
  confidence?: Confidence;
}

export const workloads = workloadsJson as unknown as WorkloadsData;

export type WorkloadAttributionId = keyof typeof workloadsJson.attributions;

const cache = memoMap<string, Attribution>();

export function workloadAttribution(id: WorkloadAttributionId): Attribution {
  const cached = cache.get(id);
  if (cached) return cached;
  const entry = workloads.attributions[id];
  const service = services.services[entry.service];
  const sources = [...entry.sources];
  if (service && !sources.some((source) => source.url === service.securityDoc.url)) sources.push(service.securityDoc);
  const attribution: Attribution = {
    owner: entry.owner,
    row: entry.row,
    service: entry.service,
    model: entry.model ?? service?.model ?? 'infrastructure',
    rationale: entry.rationale,
    customerAction: entry.customerAction,
    providerAction: entry.awsAction,
    sources,
    controls: entry.controls ?? [],
    confidence: entry.confidence ?? 'curated',
  };
  cache.set(id, attribution);
  return attribution;
}

export function makeSetting(fields: Omit<Setting, 'attribution'>, id: WorkloadAttributionId): Setting {
  return { ...fields, attribution: workloadAttribution(id) };
}

export interface FindingInput {
  kind: FileKind;
  check: FindingCheck['kind'];
  span: Span;
  resource: string;
  resourceType: string;
  values: Record<string, string>;
  /** Overrides the rule's severity (AWS documentation example keys are warnings). */
  severity?: Severity;
  /** Appended to the message. */
  note?: string;
  /** A named case of the rule (its `cases` in findings.json), with its own severity and wording. */
  case?: string;
  /** Sources of the facts this finding rests on beyond the rule's own (e.g. a base image's Dockerfile). */
  extraSources?: Source[];
}

export function ruleFor(check: FindingCheck['kind']): FindingRule {
  const rule = findingRules.rules.find((candidate) => candidate.check.kind === check);
  if (!rule) throw new Error(`No finding rule with check ${check}`);
  return rule;
}

export function makeFinding(input: FindingInput): Finding {
  const rule = ruleFor(input.check);
  const named = input.case === undefined ? undefined : rule.cases?.[input.case];
  if (input.case !== undefined && !named) throw new Error(`Finding rule ${rule.id} has no case ${input.case}`);
  const template = named?.message ?? rule.messageByKind?.[input.kind] ?? rule.message;
  const message = template.replace(/\{(\w+)\}/g, (whole, name: string) => input.values[name] ?? (name === 'resource' ? input.resource : whole));
  return {
    ruleId: rule.id,
    severity: input.severity ?? named?.severity ?? rule.severity,
    message: input.note ? `${message} ${input.note}` : message,
    row: rule.row,
    span: input.span,
    resource: input.resource,
    resourceType: input.resourceType,
    sources: input.extraSources?.length ? [...rule.sources, ...input.extraSources] : rule.sources,
    controls: rule.controls,
    docUrl: rule.docUrlByKind?.[input.kind] ?? rule.docUrl,
  };
}

export const EXAMPLE_KEY_NOTE =
  'This is the example key printed in the AWS documentation, so it is a warning rather than an error; replace it with a reference so that real keys never land here.';

export function bySpan<T extends { span: Span }>(items: T[]): T[] {
  return items.sort((a, b) => a.span.offset - b.span.offset);
}

export function byKey(settings: Setting[]): Setting[] {
  return settings.sort((a, b) => a.key.offset - b.key.offset || b.span.length - a.span.length);
}
