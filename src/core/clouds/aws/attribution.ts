/**
 * Decides who owns a setting: curated rules first, then patterns by
 * property-name meaning, then the row of what the resource is for (the
 * service's purpose), and a generic fallback only for unknown services.
 */
import type { Attribution, AwsRowId as RowId, AwsServiceModel as ServiceModel, Confidence, Source } from '../../types';
import { curatedRule, inList, lastPatternRule, normalisePath, patternRule, purposeOf, serviceOf, services, variantIndex } from './knowledge';
import type { AttributionText, PatternRule, PropertyRule, Purpose, ServiceInfo, ServiceVariant } from './knowledge/schema';
import { allHold } from '../../engine/conditions';
import type { Node } from '../../parse/tree';
import { memoMap } from '../../engine/memo';

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
  /** The variant's model when the resource's values select one (ECS on EC2 → infrastructure), else the service's. */
  model: ServiceModel;
  confidence: Confidence;
  securityDoc: Source | undefined;
  /** The variant the resource's type and values select, if any. */
  variant?: ServiceVariant;
  /** What the resource is for. */
  purpose?: Purpose;
  /** Engine patching is "Database patching" (services.json `database`). */
  database: boolean;
}

/**
 * Services not curated yet are taken as abstracted, the model of most AWS
 * services, and marked as a fallback so the hover says so. `resource`, the
 * resource's map, selects a variant (ECS launch type, EKS Auto Mode …).
 */
export function serviceFacts(resourceType: string, serviceId?: string, resource?: Node): ServiceFacts {
  const known = serviceId ? services.services[serviceId] : undefined;
  const { id, info } = known ? { id: serviceId!, info: known } : serviceOf(resourceType);
  return factsOf(id, info, resourceType, variantIndex(info, resourceType, resource));
}

function factsOf(id: string, info: ServiceInfo | undefined, resourceType: string, variant: number): ServiceFacts {
  if (!info) return { service: id, serviceName: id, model: 'abstracted', confidence: 'fallback', securityDoc: undefined, database: false };
  const selected = variant >= 0 ? info.variants![variant] : undefined;
  return {
    service: id,
    serviceName: info.name,
    model: selected?.model ?? info.model,
    confidence: info.curated ? 'curated' : 'derived',
    securityDoc: info.securityDoc,
    ...(selected ? { variant: selected } : {}),
    purpose: purposeOf(resourceType, info),
    database: info.database === true,
  };
}

/**
 * An attribution depends only on the service, the type, the path (through
 * its normalised form), the variant the resource's values select and which
 * value-dependent override holds, so each combination is computed once and
 * shared: attributions are frozen, copy one before changing it. Nested maps
 * avoid building a key string per setting; the cache is bounded, since its
 * keys come from documents.
 */
interface PathEntry {
  curated: PropertyRule | undefined;
  /** By `${variant}|${override}` (-1: none). */
  attributions: Map<string, Attribution>;
}
const cache = memoMap<string, Map<string, Map<string, PathEntry>>>();
let cachedPaths = 0;
const MAX_CACHED_PATHS = 20_000;

export function attribute(query: AttributionQuery): Attribution {
// Stryker disable next-line StringLiteral: only a cache key for "no service"; any string no service id uses does the same
  const service = query.service ?? '';
  let byType = cache.get(service);
  if (!byType) cache.set(service, (byType = new Map()));
  let byPath = byType.get(query.resourceType);
  if (!byPath) byType.set(query.resourceType, (byPath = new Map()));
  let entry = byPath.get(query.path);
  if (!entry) {
// Stryker disable next-line ConditionalExpression,EqualityOperator,UpdateOperator: a cache bound: clearing more or less often only recomputes
    if (++cachedPaths > MAX_CACHED_PATHS) {
      cachedPaths = 1;
      for (const map of cache.values()) map.clear();
      byType.set(query.resourceType, byPath);
      byPath.clear();
    }
    entry = { curated: curatedRule(query.resourceType, normalisePath(query.path)), attributions: new Map() };
    byPath.set(query.path, entry);
  }
  const curated = entry.curated;
  const known = query.service ? services.services[query.service] : undefined;
  const { id, info } = known ? { id: query.service!, info: known } : serviceOf(query.resourceType);
  const variant = variantIndex(info, query.resourceType, query.resource);
  const overrideIndex = curated?.byValue ? curated.byValue.findIndex((candidate) => allHold(candidate.when, query.value, query.resource, inList, query.path)) : -1;
  const key = `${variant}|${overrideIndex}`;
  let attribution = entry.attributions.get(key);
  if (!attribution) {
    attribution = computeAttribution(query, factsOf(id, info, query.resourceType, variant), curated, overrideIndex);
    Object.freeze(attribution.sources);
    Object.freeze(attribution.controls);
    entry.attributions.set(key, Object.freeze(attribution));
  }
  return attribution;
}

function computeAttribution(query: AttributionQuery, facts: ServiceFacts, curated: PropertyRule | undefined, overrideIndex: number): Attribution {
  if (curated) {
    const override = overrideIndex >= 0 ? curated.byValue![overrideIndex] : undefined;
    const text: AttributionText = { ...curated, ...override };
    return finish(text, facts, 'curated');
  }
  const pattern = patternFor(query.path, query.resourceType);
  if (pattern) {
    const fromPattern = patternText(pattern, facts);
    if (fromPattern) return finish(fromPattern, facts, 'derived', 'name-pattern');
  }
  const last = facts.purpose ? lastPatternRule(query.resourceType) : undefined;
  const fromPurpose = last ? patternText(last, facts) : undefined;
  if (fromPurpose) return finish(fromPurpose, facts, 'derived', 'resource-purpose');
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

/** A pattern's text for this service: its row by model, by database, or by what the resource is for. */
function patternText(pattern: PatternRule, facts: ServiceFacts): AttributionText | undefined {
  let row: RowId;
  let rationale = pattern.rationale;
  if (pattern.row === 'purpose') {
    if (!facts.purpose) return undefined;
    row = facts.purpose.row;
    rationale = `${pattern.rationale} ${facts.purpose.reason}`;
  } else if (pattern.row === 'by-model') {
    row = pattern.databaseRow && facts.database && facts.model !== 'infrastructure' ? pattern.databaseRow : pattern.rowByModel![facts.model];
  } else row = pattern.row;
  const owner = pattern.owner === 'by-model' ? pattern.ownerByModel![facts.model] : pattern.owner;
  const actions = pattern.actionsByRow?.[row];
  return { ...pattern, row, owner, rationale, ...(actions ?? {}) };
}

function finish(text: AttributionText, facts: ServiceFacts, confidence: Confidence, basis?: Attribution['basis']): Attribution {
  const sources = [...text.sources];
  if (facts.securityDoc && !sources.some((source) => source.url === facts.securityDoc!.url)) sources.push(facts.securityDoc);
  return {
    owner: text.owner,
    row: text.row,
    service: facts.service,
    model: facts.model,
    rationale: text.rationale,
    customerAction: text.customerAction,
    providerAction: text.awsAction,
    sources,
    controls: [...(text.controls ?? [])],
    confidence,
    ...(basis ? { basis } : {}),
  };
}

/**
 * The pattern for the setting's own name ("Properties.Ingress[2].CidrIp" →
 * "CidrIp"); when none matches, a nested setting takes the meaning of the
 * nearest enclosing group that has one ("HealthCheck.Interval" → "HealthCheck").
 * A name that only says what the resource is for (a description, an id, a
 * name) inside such a group means what the group means
 * ("SecurityGroupIngress[0].Description" → network, not the resource's purpose),
 * unless the group holds anything (looseGroup: "Configuration.BucketName").
 */
function patternFor(path: string, resourceType: string): ReturnType<typeof patternRule> {
  const segments = path.replace(/\[\d+\]/g, '').split('.');
  const first = segments[0] === 'Properties' && segments.length > 1 ? 1 : 0;
  let byPurpose: ReturnType<typeof patternRule>;
// Stryker disable next-line ArithmeticOperator: starting past the end only visits undefined segments, which are skipped
  for (let index = segments.length - 1; index >= first; index--) {
    const pattern = segments[index] ? patternRule(segments[index], resourceType) : undefined;
    if (!pattern) continue;
    if (byPurpose && pattern.looseGroup) return byPurpose;
    if (pattern.row !== 'purpose') return pattern;
    byPurpose ??= pattern;
  }
  return byPurpose;
}
