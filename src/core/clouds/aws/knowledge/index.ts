/**
 * Typed access to the knowledge data files, with lookup indexes built on
 * first use (not at load) so activation stays cheap.
 */
import matrixJson from './matrix.json';
import servicesJson from './services.json';
import serviceModelsJson from './service-models.json';
import propertiesJson from './properties.json';
import patternsJson from './patterns.json';
import listsJson from './lists.json';
import findingsJson from './findings.json';
import policiesJson from './policies.json';
import ruleDocsJson from './rule-docs.json';
import type {
  DatedEntry,
  FindingsData,
  ListsData,
  MatrixData,
  MatrixRow,
  PatternRule,
  PatternsData,
  PoliciesData,
  PropertiesData,
  PropertyRule,
  Purpose,
  ServiceInfo,
  ServiceVariant,
  ServiceModelsData,
  ServicesData,
} from './schema';
import type { AwsOwner as Owner, AwsRowId as RowId, AwsServiceModel as ServiceModel, Source } from '../../../types';
import { ruleBook, type RuleBook } from '../../../engine/rules';
import { typeGlobsMatcher } from '../../../engine/glob';
import { allHold } from '../../../engine/conditions';
import type { Node } from '../../../parse/tree';
import { memoMap, onForget } from '../../../engine/memo';

export const matrix = matrixJson as unknown as MatrixData;
/**
 * Curated services (services.json) over the generated-and-classified rest
 * (service-models.json), so every service in the CloudFormation spec has a model.
 */
export const services: ServicesData = {
  services: {
    ...(serviceModelsJson as unknown as ServiceModelsData).services,
    ...(servicesJson as unknown as ServicesData).services,
  },
};
export const properties = propertiesJson as unknown as PropertiesData;
export const patterns = patternsJson as unknown as PatternsData;
export const lists = listsJson as unknown as ListsData;
/** Where docs/rules/<rule-id>.md is published (package.json → rule-docs.json), or null while nowhere. */
export const ruleDocsBase = (ruleDocsJson as { base: string | null }).base;
export const findingRules = withRuleDocs(findingsJson as unknown as FindingsData, ruleDocsBase);
export const policyKnowledge = policiesJson as unknown as PoliciesData;

/**
 * Where the rule reference (docs/rules/<rule-id>.md) is published, a finding's
 * documentation link points at its page; the AWS page it pointed at stays as a
 * source. `base` comes from package.json (scripts/gen-rules.mjs → rule-docs.json).
 */
export function withRuleDocs(data: FindingsData, base: string | null): FindingsData {
  if (!base) return data;
  return {
    ...data,
    rules: data.rules.map((rule) => {
      const pages = [rule.docUrl, ...Object.values(rule.docUrlByKind ?? {})];
      const sources = [...rule.sources];
      for (const url of pages) if (!sources.some((source) => source.url === url)) sources.push({ title: 'AWS control or reference page', url });
      return { ...rule, docUrl: `${base}${rule.id}.md`, docUrlByKind: undefined, sources };
    }),
  };
}

/** The finding rules as the engine (suppressions) and the formats' own checks look them up. */
export const awsRules: RuleBook = ruleBook(findingRules.rules);

let rowIndex: Map<string, MatrixRow> | undefined;
onForget(() => (rowIndex = undefined));

export function matrixRow(id: RowId): MatrixRow {
  rowIndex ??= new Map(matrix.rows.map((row) => [row.id, row]));
  const row = rowIndex.get(id);
  if (!row) throw new Error(`Unknown matrix row ${id}`);
  return row;
}

export interface ServiceMatch {
  id: string;
  info: ServiceInfo | undefined;
}

let typeIndex: Map<string, string> | undefined;
let namespaceIndex: Map<string, string> | undefined;
onForget(() => (typeIndex = namespaceIndex = undefined));

/** The service a CloudFormation type belongs to: explicit type lists win over namespaces. */
export function serviceOf(resourceType: string): ServiceMatch {
  if (!typeIndex || !namespaceIndex) {
    typeIndex = new Map();
    namespaceIndex = new Map();
    for (const [id, info] of Object.entries(services.services)) {
      for (const type of info.types ?? []) typeIndex.set(type, id);
      for (const namespace of info.namespaces) namespaceIndex.set(namespace, id);
    }
  }
  const byType = typeIndex.get(resourceType);
  if (byType) return { id: byType, info: services.services[byType] };
  const namespace = resourceType.split('::').slice(0, 2).join('::');
  const byNamespace = namespaceIndex.get(namespace);
  if (byNamespace) return { id: byNamespace, info: services.services[byNamespace] };
  // Custom resources (Custom::Name) are provisioned by CloudFormation and run the customer's handler.
  if (resourceType.startsWith('Custom::') && services.services.cloudformation) return { id: 'cloudformation', info: services.services.cloudformation };
  const fallbackId = (resourceType.split('::')[1] ?? resourceType).toLowerCase();
  return { id: fallbackId, info: undefined };
}

interface CompiledPropertyRule {
  rule: PropertyRule;
  types: (resourceType: string) => boolean;
  paths: RegExp;
}

let compiledProperties: CompiledPropertyRule[] | undefined;
onForget(() => (compiledProperties = undefined));

/** Rules whose types match, per resource type; `null` in curatedMatches caches "no rule". */
const rulesByType = memoMap<string, CompiledPropertyRule[]>();
const curatedMatches = memoMap<string, PropertyRule | null>();
const MAX_CACHED_LOOKUPS = 20_000;

/** The first curated rule whose types and paths match (paths normalised with `[]`). */
export function curatedRule(resourceType: string, normalisedPath: string): PropertyRule | undefined {
  const key = `${resourceType}\n${normalisedPath}`;
  const cached = curatedMatches.get(key);
  if (cached !== undefined) return cached ?? undefined;
  compiledProperties ??= properties.rules.map((rule) => ({
    rule,
    types: typeGlobsMatcher(rule.types),
    paths: new RegExp(`^(?:${rule.paths.map(pathToRegex).join('|')})$`),
  }));
  let candidates = rulesByType.get(resourceType);
  if (!candidates) {
    if (rulesByType.size >= MAX_CACHED_LOOKUPS) rulesByType.clear();
    candidates = compiledProperties.filter((compiled) => compiled.types(resourceType));
    rulesByType.set(resourceType, candidates);
  }
  const found = candidates.find((compiled) => compiled.paths.test(normalisedPath))?.rule;
  if (curatedMatches.size >= MAX_CACHED_LOOKUPS) curatedMatches.clear();
  curatedMatches.set(key, found ?? null);
  return found;
}

let compiledPatterns: { rule: PatternRule; name: RegExp; types: ((type: string) => boolean) | undefined }[] | undefined;
onForget(() => (compiledPatterns = undefined));

/** The first pattern whose name matches (and whose `types`, when given, include the resource type). */
export function patternRule(propertyName: string, resourceType?: string): PatternRule | undefined {
  compiledPatterns ??= patterns.patterns.filter((rule) => !rule.last).map((rule) => ({
    rule,
    name: new RegExp(rule.name, 'i'),
    types: rule.types ? typeGlobsMatcher(rule.types) : undefined,
  }));
  return compiledPatterns.find(
    (compiled) => compiled.name.test(propertyName) && (!compiled.types || (resourceType !== undefined && compiled.types(resourceType))),
  )?.rule;
}

let lastPatterns: { rule: PatternRule; types: ((type: string) => boolean) | undefined }[] | undefined;
onForget(() => (lastPatterns = undefined));

/** The catch-all (`last`) pattern for a resource type, used when no other pattern matches any segment. */
export function lastPatternRule(resourceType: string): PatternRule | undefined {
  lastPatterns ??= patterns.patterns
    .filter((rule) => rule.last)
    .map((rule) => ({ rule, types: rule.types ? typeGlobsMatcher(rule.types) : undefined }));
  return lastPatterns.find((compiled) => !compiled.types || compiled.types(resourceType))?.rule;
}

let listIndex: Map<string, Set<string>> | undefined;
onForget(() => (listIndex = undefined));

/** Whether the named list holds the value; a dated list holds the entries dated on or before its `asOf`. */
export function inList(listName: string, value: string): boolean {
  listIndex ??= new Map(
    Object.entries(lists.lists).map(([name, list]) => [name, new Set(list.values ?? (list.entries ?? []).filter((entry) => entry.date <= (list.asOf ?? '')).map((entry) => entry.value))]),
  );
  return listIndex.get(listName)?.has(value) ?? false;
}

/** The dated entry of a list for a value (its date and source), in effect or scheduled. */
export function listEntry(listName: string, value: string): DatedEntry | undefined {
  return lists.lists[listName]?.entries?.find((entry) => entry.value === value);
}

/** What a resource of `resourceType` is for: its type's purpose when the service names one, else the service's. */
export function purposeOf(resourceType: string, info: ServiceInfo | undefined): Purpose | undefined {
  if (!info) return undefined;
  const byType = info.typePurposes;
  if (byType) {
    if (byType[resourceType]) return byType[resourceType];
    let best: { length: number; purpose: Purpose } | undefined;
    for (const [pattern, purpose] of Object.entries(byType)) {
      if (pattern.endsWith('*') && resourceType.startsWith(pattern.slice(0, -1)) && pattern.length > (best?.length ?? 0)) best = { length: pattern.length, purpose };
    }
    if (best) return best.purpose;
  }
  return info.purpose;
}

/**
 * The variant a resource's type and values select (ECS on EC2 vs Fargate,
 * EKS Auto Mode …): the first whose `types` include the type and whose
 * `when` conditions hold on the resource map. -1 when none does.
 */
export function variantIndex(info: ServiceInfo | undefined, resourceType: string, resource: Node | undefined): number {
  const variants = info?.variants;
  if (!variants) return -1;
  return variants.findIndex(
    (variant: ServiceVariant) => variant.types?.some((type) => typeMatches(type, resourceType)) === true && (!variant.when || allHold(variant.when, undefined, resource, inList)),
  );
}

/** A service's variant by name (ResourceInfo.variant). */
export function variantNamed(serviceId: string, name: string | undefined): ServiceVariant | undefined {
  return name === undefined ? undefined : services.services[serviceId]?.variants?.find((variant) => variant.name === name);
}

/** A row's cell for a model, with the variant's own split where it differs (EKS managed node groups: guest OS patching is shared). */
export function cellFor(row: MatrixRow, model: ServiceModel, variant?: ServiceVariant): { owner: Owner; reason: string; sources: Source[] } {
  const override = variant?.rows?.[row.id];
  if (!override) return row.byModel[model];
  return { owner: override.owner, reason: override.reason, sources: override.source ? [override.source] : [variant!.source] };
}

function typeMatches(pattern: string, resourceType: string): boolean {
  return pattern.endsWith('*') ? resourceType.startsWith(pattern.slice(0, -1)) : pattern === resourceType;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}


/**
 * "Properties.A[].B" matches the normalised path exactly; "X.**" matches X
 * and its subtree; a `*` segment matches any one map key ("Properties.Events.*.Type").
 */
function pathToRegex(path: string): string {
  const segment = (text: string): string => escapeRegex(text).replace(/(^|\\\.)\\\*(?=\\\.|\\\[|$)/g, '$1[^.[]+');
  if (path.endsWith('.**')) return `${segment(path.slice(0, -3))}(?:[.[].*)?`;
  return segment(path);
}

/** "Properties.Rules[3].Cidr" → "Properties.Rules[].Cidr" */
export function normalisePath(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/**
 * Every regular expression built from knowledge data, with where it comes
 * from: they run on names and values from files, so `npm run lint` checks
 * each for super-linear backtracking (scripts/check-redos.mjs), as the ESLint
 * rule does for the literals in src/.
 */
export function knowledgeRegexes(): { where: string; regex: RegExp }[] {
  const out: { where: string; regex: RegExp }[] = [];
  properties.rules.forEach((rule, index) => out.push({ where: `properties.json rules[${index}].paths`, regex: new RegExp(`^(?:${rule.paths.map(pathToRegex).join('|')})$`) }));
  patterns.patterns.forEach((rule) => out.push({ where: `patterns.json ${rule.id}.name`, regex: new RegExp(rule.name, 'i') }));
  const visit = (value: unknown, where: string): void => {
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${where}[${index}]`));
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        // `matches` conditions are compiled with the `i` flag (engine/conditions.ts).
        if (key === 'matches' && typeof child === 'string') out.push({ where: `${where}.matches`, regex: new RegExp(child, 'i') });
        else visit(child, `${where}.${key}`);
      }
    }
  };
  visit(findingRules, 'findings.json');
  visit(properties, 'properties.json');
  return out;
}
