/**
 * Decides who owns a setting: curated rules first, then patterns by
 * property-name meaning, then a generic fallback.
 */
import type { Attribution, Confidence, ServiceModel, Source } from '../../types';
import { curatedRule, inList, normalisePath, patternRule, serviceOf, services } from './knowledge';
import type { AttributionText, PropertyRule } from './knowledge/schema';
import { allHold } from '../../engine/conditions';
import type { Node } from '../../parse/tree';

export interface AttributionQuery {
  resourceType: string;
  /** Concrete path from the resource: "Properties.SecurityGroupIngress[0].CidrIp". */
  path: string;
  value: Node | undefined;
  /** The resource's map (holding `Properties`), for rules that look at other properties. */
  resource: Node | undefined;
  /** Service id from services.json when the type alone does not name it (Kubernetes kinds run on EKS). */
  service?: string;
}

export interface ServiceFacts {
  service: string;
  serviceName: string;
  model: ServiceModel;
  confidence: Confidence;
  securityDoc: Source | undefined;
}

/**
 * Services not curated yet are taken as abstracted, the model of most AWS
 * services, and marked as a fallback so the hover says so.
 */
export function serviceFacts(resourceType: string, serviceId?: string): ServiceFacts {
  const known = serviceId ? services.services[serviceId] : undefined;
  const { id, info } = known ? { id: serviceId!, info: known } : serviceOf(resourceType);
  if (!info) return { service: id, serviceName: id, model: 'abstracted', confidence: 'fallback', securityDoc: undefined };
  return {
    service: id,
    serviceName: info.name,
    model: info.model,
    confidence: info.curated ? 'curated' : 'derived',
    securityDoc: info.securityDoc,
  };
}

/**
 * An attribution depends only on the service, the type, the path (through
 * its normalised form) and which value-dependent override holds, so each
 * combination is computed once and shared: attributions are frozen, copy one
 * before changing it. Nested maps avoid building a key string per setting;
 * the cache is bounded, since its keys come from documents.
 */
interface PathEntry {
  curated: PropertyRule | undefined;
  /** By override index + 1 (0: no override holds). */
  attributions: Attribution[];
}
const cache = new Map<string, Map<string, Map<string, PathEntry>>>();
let cachedPaths = 0;
const MAX_CACHED_PATHS = 20_000;

export function attribute(query: AttributionQuery): Attribution {
  const service = query.service ?? '';
  let byType = cache.get(service);
  if (!byType) cache.set(service, (byType = new Map()));
  let byPath = byType.get(query.resourceType);
  if (!byPath) byType.set(query.resourceType, (byPath = new Map()));
  let entry = byPath.get(query.path);
  if (!entry) {
    if (++cachedPaths > MAX_CACHED_PATHS) {
      cachedPaths = 1;
      for (const map of cache.values()) map.clear();
      byType.set(query.resourceType, byPath);
      byPath.clear();
    }
    entry = { curated: curatedRule(query.resourceType, normalisePath(query.path)), attributions: [] };
    byPath.set(query.path, entry);
  }
  const curated = entry.curated;
  const overrideIndex = curated?.byValue ? curated.byValue.findIndex((candidate) => allHold(candidate.when, query.value, query.resource, inList)) : -1;
  let attribution = entry.attributions[overrideIndex + 1];
  if (!attribution) {
    attribution = computeAttribution(query, curated, overrideIndex);
    Object.freeze(attribution.sources);
    Object.freeze(attribution.controls);
    entry.attributions[overrideIndex + 1] = Object.freeze(attribution);
  }
  return attribution;
}

function computeAttribution(query: AttributionQuery, curated: PropertyRule | undefined, overrideIndex: number): Attribution {
  const facts = serviceFacts(query.resourceType, query.service);
  if (curated) {
    const override = overrideIndex >= 0 ? curated.byValue![overrideIndex] : undefined;
    const text: AttributionText = { ...curated, ...override };
    return finish(text, facts, 'curated');
  }
  const pattern = patternFor(query.path, query.resourceType);
  if (pattern) {
    const row = pattern.row === 'by-model' ? pattern.rowByModel![facts.model] : pattern.row;
    const owner = pattern.owner === 'by-model' ? pattern.ownerByModel![facts.model] : pattern.owner;
    return finish({ ...pattern, row, owner }, facts, 'derived');
  }
  return finish(
    {
      owner: 'customer',
      row: 'configure-services',
      rationale: `No specific rule covers this ${facts.serviceName} setting yet, so it is attributed generically: configuring an AWS service securely is the customer's job.`,
      customerAction: 'Review this setting against the service’s security documentation.',
      awsAction: `Operates ${facts.serviceName} itself according to its service model.`,
      sources: [],
    },
    facts,
    'fallback',
  );
}

function finish(text: AttributionText, facts: ServiceFacts, confidence: Confidence): Attribution {
  const sources = [...text.sources];
  if (facts.securityDoc && !sources.some((source) => source.url === facts.securityDoc!.url)) sources.push(facts.securityDoc);
  return {
    owner: text.owner,
    row: text.row,
    service: facts.service,
    model: facts.model,
    rationale: text.rationale,
    customerAction: text.customerAction,
    awsAction: text.awsAction,
    sources,
    controls: [...(text.controls ?? [])],
    confidence,
  };
}

/**
 * The pattern for the setting's own name ("Properties.Ingress[2].CidrIp" →
 * "CidrIp"); when none matches, a nested setting takes the meaning of the
 * nearest enclosing group that has one ("HealthCheck.Interval" → "HealthCheck").
 */
function patternFor(path: string, resourceType: string): ReturnType<typeof patternRule> {
  const segments = path.replace(/\[\d+\]/g, '').split('.');
  const first = segments[0] === 'Properties' && segments.length > 1 ? 1 : 0;
  for (let index = segments.length - 1; index >= first; index--) {
    const pattern = segments[index] ? patternRule(segments[index], resourceType) : undefined;
    if (pattern) return pattern;
  }
  return undefined;
}
