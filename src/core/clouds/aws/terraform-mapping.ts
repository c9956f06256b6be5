/**
 * Terraform → CloudFormation: which service a Terraform AWS type belongs to
 * (knowledge/terraform-types.json, generated from @cdktf/provider-aws and the
 * provider's service table) and which CloudFormation type and property a
 * Terraform attribute configures (knowledge/terraform-mapping.json, curated),
 * so that the CloudFormation knowledge applies to Terraform unchanged.
 *
 * Paths use the syntax of parse/tree.ts: "ingress[0].cidr_blocks[1]".
 */
import mappingJson from './knowledge/terraform-mapping.json';
import typesJson from './knowledge/terraform-types.json';
import { getPath, scalar, splitPath, type Node } from '../../parse/tree';
import { memoMap, onForget } from '../../engine/memo';

export type TfValue = string | number | boolean | null;

/** A value condition on another attribute of the same resource. */
export interface TfAttributeCondition {
  attribute: string;
  equals?: TfValue;
  in?: TfValue[];
}

export interface TfAttributeMapping {
  /** CloudFormation path, with `[]` where an index goes and an optional trailing `.**`. */
  cfn: string;
  /** When the attribute configures another CloudFormation type (a bucket's inline `policy` → AWS::S3::BucketPolicy). */
  cfnType?: string;
  /** The value used when the attribute is left out. */
  default?: unknown;
  /** A different default when another attribute has a given value. */
  defaultWhen?: (TfAttributeCondition & { value: unknown })[];
  /**
   * The attribute is one item of a CloudFormation Key/Value list
   * (`drop_invalid_header_fields` → the LoadBalancerAttributes item with Key
   * `routing.http.drop_invalid_header_fields.enabled`): `cfn` names the list,
   * this the item's Key; the attribute's value is the item's Value.
   */
  itemKey?: string;
  /** No default when one of these attributes of the same block is set: the value then comes from elsewhere (a volume's snapshot). */
  defaultUnless?: string[];
  /** Terraform value (as a string) → CloudFormation value. */
  values?: Record<string, TfValue>;
  /**
   * A document whose keys CloudFormation spells the same (an IAM policy,
   * environment variables): paths below the attribute carry over unchanged,
   * `policy.Statement[0].Action` → `Properties.PolicyDocument.Statement[0].Action`.
   */
  verbatim?: boolean;
  note?: string;
}

export interface TfSplitOf {
  /** The Terraform type this resource configures a part of (`aws_s3_bucket`). */
  resource: string;
  /** The attribute that references it (`bucket`). */
  via: string;
  /** Where, in the parent's CloudFormation type, the part lives. */
  cfnPath: string;
  note?: string;
}

export interface TfResourceMapping {
  cfnType?: string;
  inherits?: string;
  doc?: string;
  note?: string;
  splitOf?: TfSplitOf;
  cfnTypeWhen?: (TfAttributeCondition & { cfnType: string; attributes?: Record<string, string | TfAttributeMapping> })[];
  attributes: Record<string, string | TfAttributeMapping>;
}

export interface TerraformMappingData {
  source: Record<string, string>;
  common: Record<string, string | TfAttributeMapping>;
  resources: Record<string, TfResourceMapping>;
}

export interface TerraformTypesData {
  source: { package: string; version: string; provider: { name: string; version: string } | null; generated: string };
  services: Record<string, { name: string; cfnNamespaces: string[]; resourceTypes: number; dataSources: number; inCoreServices: boolean; aliases?: string[] }>;
  types: Record<string, string>;
  dataSources: Record<string, string>;
}

export const terraformMapping = mappingJson as unknown as TerraformMappingData;
export const terraformTypes = typesJson as unknown as TerraformTypesData;

/** The service id of a Terraform AWS resource type (or, with kind `data`, data source). */
// Stryker disable next-line StringLiteral: the default is only ever compared with 'data'
export function terraformService(tfType: string, kind: 'resource' | 'data' = 'resource'): string | undefined {
  const own = kind === 'data' ? terraformTypes.dataSources : terraformTypes.types;
  const other = kind === 'data' ? terraformTypes.types : terraformTypes.dataSources;
  return own[tfType] ?? other[tfType];
}

// ------------------------------------------------------------- compiled rules

interface Segment {
  name: string;
  list: boolean;
}

interface Rule {
  pattern: Segment[];
  /** Trailing `.**`: any path below the pattern matches. */
  deep: boolean;
  mapping: TfAttributeMapping;
}

export interface ResolvedResource {
  tfType: string;
  cfnType: string;
  doc: string | undefined;
  splitOf: TfSplitOf | undefined;
  attributes: Record<string, TfAttributeMapping>;
  rules: Rule[];
  /** describeTerraformPath results without a variant, by Terraform path. */
  described: Map<string, TfPathMapping | undefined>;
}

const compiled = memoMap<string, ResolvedResource | null>();

function normalise(value: string | TfAttributeMapping): TfAttributeMapping {
  return typeof value === 'string' ? { cfn: value } : value;
}

function compilePattern(tfPattern: string): { pattern: Segment[]; deep: boolean } {
  const parts = tfPattern.split('.');
  const deep = parts[parts.length - 1] === '**';
  if (deep) parts.pop();
  return { pattern: parts.map((part) => ({ name: part.replace(/\[\]$/, ''), list: part.endsWith('[]') })), deep };
}

function compileAttributes(attributes: Record<string, TfAttributeMapping>): Rule[] {
  return Object.entries(attributes).map(([tfPattern, mapping]) => {
    const { pattern, deep } = compilePattern(tfPattern);
    return { pattern, deep: deep || mapping.verbatim === true, mapping };
  });
}

function collectAttributes(tfType: string, seen: Set<string>): { entry: TfResourceMapping; attributes: Record<string, TfAttributeMapping>; cfnType: string | undefined } | undefined {
  const entry = terraformMapping.resources[tfType];
  if (!entry || seen.has(tfType)) return undefined;
  seen.add(tfType);
  const parent = entry.inherits ? collectAttributes(entry.inherits, seen) : undefined;
  const attributes: Record<string, TfAttributeMapping> = {};
  for (const [key, value] of Object.entries(terraformMapping.common ?? {})) attributes[key] = normalise(value);
  Object.assign(attributes, parent?.attributes);
  for (const [key, value] of Object.entries(entry.attributes)) attributes[key] = normalise(value);
  return { entry, attributes, cfnType: entry.cfnType ?? parent?.cfnType };
}

/** The curated mapping of a Terraform type, with inherited and common attributes merged in. */
export function terraformResourceMapping(tfType: string): ResolvedResource | undefined {
  let resolved = compiled.get(tfType);
// Stryker disable next-line ConditionalExpression: a cache: recomputing gives the same mapping
  if (resolved === undefined) {
    const collected = collectAttributes(tfType, new Set());
    resolved = null;
    if (collected?.cfnType) {
      const inherited = collected.entry.inherits ? terraformMapping.resources[collected.entry.inherits] : undefined;
      resolved = {
        tfType,
        cfnType: collected.cfnType,
        doc: collected.entry.doc ?? inherited?.doc,
        splitOf: collected.entry.splitOf ?? inherited?.splitOf,
        attributes: collected.attributes,
        rules: compileAttributes(collected.attributes),
        described: new Map(),
      };
    }
    compiled.set(tfType, resolved);
  }
  return resolved ?? undefined;
}

/** CloudFormation property paths (without `[]`) some Terraform attribute writes, by CloudFormation type. */
let writtenPaths: Map<string, string[]> | undefined;
onForget(() => (writtenPaths = undefined));

/**
 * Whether some Terraform attribute of any resource mapped to `cfnType` writes
 * `cfnPath` or a property above or below it: a property no attribute can
 * write cannot be judged missing from a Terraform resource.
 */
export function expressibleInTerraform(cfnType: string, cfnPath: string): boolean {
  if (!writtenPaths) {
    writtenPaths = new Map();
    for (const tfType of Object.keys(terraformMapping.resources)) {
      const resolved = terraformResourceMapping(tfType);
      if (!resolved) continue;
      for (const attribute of Object.values(resolved.attributes)) {
        const type = attribute.cfnType ?? resolved.cfnType;
        const paths = writtenPaths.get(type) ?? [];
        paths.push(attribute.cfn.replace(/\.\*\*$/, '').replace(/\[\]/g, ''));
        writtenPaths.set(type, paths);
      }
    }
  }
  const path = cfnPath.replace(/\[\]/g, '').split('.');
  // One path is the other or lies below it; a `{name}` segment (a map key a Terraform value gives) matches any key.
  return (writtenPaths.get(cfnType) ?? []).some((written) => {
    const segments = written.split('.');
    const n = Math.min(segments.length, path.length);
    for (let i = 0; i < n; i++) if (segments[i] !== path[i] && !KEY_PLACEHOLDER.test(segments[i])) return false;
    return true;
  });
}

/** A CloudFormation path segment that is a map key given by the value of a Terraform attribute: `{log_type}`. */
export const KEY_PLACEHOLDER = /^\{([a-z0-9_]+)\}$/;

/**
 * The CloudFormation type a Terraform resource stands for; `body` (the
 * resource's map) picks a variant such as an egress `aws_security_group_rule`.
 */
export function terraformCfnType(tfType: string, body?: Node): string | undefined {
  return variantOf(tfType, body)?.cfnType ?? terraformResourceMapping(tfType)?.cfnType;
}

function conditionHolds(condition: TfAttributeCondition, body: Node | undefined): boolean {
// Stryker disable next-line ConditionalExpression: without a body getPath finds no value, and the next line returns false
  if (!body) return false;
  const value = scalar(getPath(body, condition.attribute));
  if (value === undefined) return false;
  if (condition.equals !== undefined && value !== condition.equals) return false;
  if (condition.in !== undefined && !condition.in.includes(value)) return false;
  return true;
}

interface Variant {
  cfnType: string;
  rules: Rule[];
  /** describeTerraformPath results for this variant, by Terraform path. */
  described: Map<string, TfPathMapping | undefined>;
}

function variantOf(tfType: string, body: Node | undefined): Variant | undefined {
  if (!body) return undefined;
  let byType = variantCache.get(body);
// Stryker disable next-line ConditionalExpression: a cache: a fresh map only recomputes the variant
  if (!byType) variantCache.set(body, (byType = new Map()));
  let found = byType.get(tfType);
// Stryker disable next-line ConditionalExpression: a cache: recomputing gives the same variant
  if (found === undefined) byType.set(tfType, (found = computeVariant(tfType, body) ?? null));
  return found ?? undefined;
}

const variantCache = new WeakMap<object, Map<string, Variant | null>>();

function computeVariant(tfType: string, body: Node): Variant | undefined {
  const seen = new Set<string>();
  let type: string | undefined = tfType;
// Stryker disable next-line LogicalOperator: with no type the loop runs once more, finds no entry, and stops (seen then holds undefined)
  while (type && !seen.has(type)) {
    seen.add(type);
    const entry: TfResourceMapping | undefined = terraformMapping.resources[type];
    for (const variant of entry?.cfnTypeWhen ?? []) {
      if (!conditionHolds(variant, body)) continue;
      const attributes: Record<string, TfAttributeMapping> = {};
      for (const [key, value] of Object.entries(variant.attributes ?? {})) attributes[key] = normalise(value);
      return { cfnType: variant.cfnType, rules: compileAttributes(attributes), described: new Map() };
    }
    type = entry?.inherits;
  }
  return undefined;
}

// ----------------------------------------------------------------- matching

interface Match {
  rule: Rule;
  /** One entry per list segment of the pattern: the index in the path, if any. */
  indexes: (number | undefined)[];
  /** The path below the pattern, for `.**` and verbatim rules. */
  rest: (string | number)[];
}

/** Matches a concrete path against a pattern; `[]` segments take an optional index. */
function matchRule(rule: Rule, tokens: (string | number)[], prefixOnly: boolean): Match | undefined {
  const indexes: (number | undefined)[] = [];
  let i = 0;
  for (const segment of rule.pattern) {
// Stryker disable next-line EqualityOperator,ConditionalExpression,ArrayDeclaration: an empty path never gets here, so i > 0; a block's rest is never read
    if (i >= tokens.length) return prefixOnly && i > 0 ? { rule, indexes, rest: [] } : undefined;
    if (tokens[i] !== segment.name) return undefined;
    i++;
    if (segment.list) {
      if (typeof tokens[i] === 'number') indexes.push(tokens[i++] as number);
      else indexes.push(undefined);
    } else {
      // A block that may appear once, written twice: tolerate the index.
      while (typeof tokens[i] === 'number') i++;
    }
    // A list of scalars: `cidr_blocks[0]` and `cidr_blocks` alike.
  }
// Stryker disable next-line ConditionalExpression: a rule a path matches whole (or deep) was already taken by the exact and `.**` steps
  if (prefixOnly) return undefined;
  if (i === tokens.length || rule.deep) return { rule, indexes, rest: tokens.slice(i) };
  return undefined;
}

/** Fills each `[]` of a CloudFormation pattern with the next known index (else 0); drops `.**`. */
function fill(cfnPattern: string, indexes: (number | undefined)[]): string {
  let next = 0;
  const path = cfnPattern.replace(/\.\*\*$/, '');
  return path.replace(/\[\]/g, () => `[${indexes[next++] ?? 0}]`);
}

function formatRest(rest: (string | number)[]): string {
  return rest.map((token) => (typeof token === 'number' ? `[${token}]` : `.${token}`)).join('');
}

function toTokens(tfPath: string): (string | number)[] {
// Stryker disable next-line ConditionalExpression,StringLiteral,ArrayDeclaration: splitPath('') is [] too, and no rule matches a made-up name
  return tfPath === '' ? [] : splitPath(tfPath);
}

export interface TfPathMapping {
  cfnType: string;
  cfnPath: string;
  /** The curated entry that matched, when the path is an attribute (not a block around several). */
  attribute: TfAttributeMapping | undefined;
  /** The Terraform pattern that matched ("ingress[].cidr_blocks[]"). */
  pattern: string | undefined;
  /** True for a block whose CloudFormation path was derived from the attributes inside it. */
  derived: boolean;
}

/**
 * Full form of {@link mapTerraformPath}: also says which curated entry matched.
 */
export function describeTerraformPath(tfType: string, tfPath: string, body?: Node): TfPathMapping | undefined {
  const resource = terraformResourceMapping(tfType);
  if (!resource) return undefined;
  const variant = variantOf(tfType, body);
  // The answer depends only on the rules (the type's, or its variant's) and the path.
  const cache = variant ? variant.described : resource.described;
// Stryker disable next-line ConditionalExpression: a cache: recomputing gives the same mapping
  if (cache.has(tfPath)) return cache.get(tfPath);
  const found = describeUncached(resource, variant, tfPath);
// Stryker disable next-line ConditionalExpression,EqualityOperator: a cache bound: clearing only recomputes
  if (cache.size > 50_000) cache.clear();
// Stryker disable next-line ConditionalExpression: freezing undefined does nothing
  if (found) Object.freeze(found);
  cache.set(tfPath, found);
  return found;
}

function describeUncached(resource: ResolvedResource, variant: Variant | undefined, tfPath: string): TfPathMapping | undefined {
  const tokens = toTokens(tfPath);
// Stryker disable next-line ConditionalExpression: no rule matches an empty path: every pattern has a segment, and a block needs one matched
  if (tokens.length === 0) return undefined;
  const cfnType = variant?.cfnType ?? resource.cfnType;
  const ruleSets = variant ? [variant.rules, resource.rules] : [resource.rules];

  // 1. An exact pattern; 2. the longest `.**` pattern.
  let deepBest: Match | undefined;
  for (const rules of ruleSets) {
    for (const rule of rules) {
      const match = matchRule(rule, tokens, false);
      if (!match) continue;
      if (!rule.deep) return result(match, cfnType, false);
      if (!deepBest || rule.pattern.length > deepBest.rule.pattern.length) deepBest = match;
    }
  }
  if (deepBest) return result(deepBest, cfnType, false);

  // 3. A block: the CloudFormation path all the attributes inside it share.
  let common: string[] | undefined;
// Stryker disable next-line ArrayDeclaration: replaced by the first matching rule's indexes before it is read
  let indexes: (number | undefined)[] = [];
  for (const rules of ruleSets) {
    for (const rule of rules) {
      const match = matchRule(rule, tokens, true);
      if (!match) continue;
      // A block is a container: it maps onto the map that holds its attributes' properties, never onto a property itself
      // (with one attribute inside, the common path would otherwise be that attribute's own property).
      const target = rule.deep ? rule.mapping.cfn.replace(/\.\*\*$/, '').split('.') : rule.mapping.cfn.split('.').slice(0, -1);
      if (rule.mapping.cfnType && rule.mapping.cfnType !== cfnType) continue;
      if (!common) {
        common = target;
        indexes = match.indexes;
      } else {
        let n = 0;
// Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: past either end a segment reads undefined, which equals no segment
        while (n < common.length && n < target.length && common[n] === target[n]) n++;
        common = common.slice(0, n);
      }
    }
  }
  if (!common || common.length < 2) return undefined;
  // Keep as many `[]` indexes as the shared prefix has.
  const cfnPath = fill(common.join('.'), indexes);
  return { cfnType, cfnPath, attribute: undefined, pattern: undefined, derived: true };
}

function result(match: Match, cfnType: string, derived: boolean): TfPathMapping {
  const rule = match.rule;
  const pattern = rule.pattern.map((segment) => segment.name + (segment.list ? '[]' : '')).join('.') + (rule.deep ? '.**' : '');
  return {
    cfnType: rule.mapping.cfnType ?? cfnType,
    cfnPath: fill(rule.mapping.cfn, match.indexes) + (rule.mapping.verbatim ? formatRest(match.rest) : ''),
    attribute: rule.mapping,
    pattern,
    derived,
  };
}

/**
 * The CloudFormation type and path a Terraform attribute configures:
 * `("aws_security_group", "ingress[1].cidr_blocks[0]")` →
 * `{ cfnType: "AWS::EC2::SecurityGroup", cfnPath: "Properties.SecurityGroupIngress[1].CidrIp" }`.
 * Concrete indexes are kept; a single block (no index) maps to index 0.
 * `body`, the resource's map, is only needed for variants that depend on a
 * value (`aws_security_group_rule` with `type = "egress"`).
 */
export function mapTerraformPath(tfType: string, tfPath: string, body?: Node): { cfnType: string; cfnPath: string } | undefined {
  const found = describeTerraformPath(tfType, tfPath, body);
  return found ? { cfnType: found.cfnType, cfnPath: found.cfnPath } : undefined;
}

/** The default a missing attribute takes, honouring `defaultWhen` against the resource's other values. */
export function terraformDefault(mapping: TfAttributeMapping, body?: Node): unknown {
  for (const when of mapping.defaultWhen ?? []) if (conditionHolds(when, body)) return when.value;
  return mapping.default;
}

/** A Terraform value in its CloudFormation form (`internal = true` → `"internal"`). */
export function toCloudFormationValue(mapping: TfAttributeMapping | undefined, value: TfValue): TfValue {
  if (!mapping?.values) return value;
  const key = String(value);
  return Object.prototype.hasOwnProperty.call(mapping.values, key) ? mapping.values[key] : value;
}
