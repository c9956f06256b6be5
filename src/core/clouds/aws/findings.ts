/**
 * Insecure-setting checks. The rules and their texts are data
 * (knowledge/findings.json); this file implements the few kinds of check
 * those rules name.
 */
import type { Finding, RowId, Span } from '../../types';
import type { FindingRule, ValueCondition } from './knowledge/schema';
import { findingRules, inList } from './knowledge';
import { allHold, looselyEqual } from '../../engine/conditions';
import { fill } from '../../engine/rules';
import { get, getEntry, isFalse, scalar, type Entry, type MapNode, type Node } from '../../parse/tree';
import type { TemplateResource } from './resources';
import { maskSecret } from '../../engine/text';
import { ACCESS_KEY_ID, SECRET_ENV, SECRET_KEY } from '../../engine/secrets';

type Emit = (rule: FindingRule, span: Span, values: Record<string, string>) => void;

export function checkResources(resources: TemplateResource[], root: Node | undefined, options: { partial: boolean }): Finding[] {
  const findings: Finding[] = [];
  for (const resource of resources) {
    const emit: Emit = (rule, span, values) =>
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        message: fill(rule.message, { resource: resource.info.logicalId, ...values }),
        row: rule.row as RowId,
        span,
        resource: resource.info.logicalId,
        resourceType: resource.info.type,
        sources: rule.sources,
        controls: rule.controls,
        docUrl: rule.docUrl,
      });
    for (const rule of findingRules.rules) runCheck(rule, resource, emit, options);
  }
  findings.push(...checkParameterDefaults(root));
  return findings.sort((a, b) => a.span.offset - b.span.offset);
}

function runCheck(rule: FindingRule, resource: TemplateResource, emit: Emit, options: { partial: boolean }): void {
  const check = rule.check;
  switch (check.kind) {
    case 'property':
      if (!matchesType(check.types, resource.info.type)) return;
      if (check.unless?.some((condition) => allHold([condition], undefined, resource.node, inList))) return;
      for (const hit of resolve(resource.node, check.path)) {
        if (hit.state === 'found' && allHold(check.insecure, hit.entry.value, resource.node, inList)) {
          emit(rule, hit.entry.span, { value: `${hit.entry.key}: ${describeValue(hit.entry.value)}` });
        } else if (hit.state === 'missing' && check.missingIsInsecure && !options.partial) {
          emit(rule, resource.info.key, { value: `${lastSegment(check.path)} not set, which defaults to off` });
        }
      }
      return;
    case 'world-open-ingress':
      return checkIngress(rule, check.ports, resource, emit);
    case 'eks-public-endpoint':
      return checkEksEndpoint(rule, resource, emit, options);
    case 'iam-admin-wildcard':
    case 'public-principal':
      for (const statement of policyStatements(resource.node)) checkStatement(rule, check.kind, statement, resource, emit);
      return;
    case 'literal-secret':
      return checkSecrets(rule, resource, emit);
    case 'list-contains':
      if (!matchesType(check.types, resource.info.type)) return;
      for (const hit of resolve(resource.node, check.path)) {
        if (hit.state !== 'found' || hit.entry.value?.kind !== 'seq') continue;
        const matched = hit.entry.value.items.find((item) => {
          const value = scalar(item);
          return value !== undefined && value !== null && check.values.some((candidate) => looselyEqual(value, candidate));
        });
        if (matched) emit(rule, hit.entry.span, { value: `${hit.entry.key}: ${String(scalar(matched))}` });
      }
      return;
  }
}

function matchesType(types: string[], type: string): boolean {
  return types.some((candidate) => candidate === type || (candidate.endsWith('*') && type.startsWith(candidate.slice(0, -1))));
}

type Hit = { state: 'found'; entry: Entry } | { state: 'missing' } | { state: 'unknown' };

/** Resolves "A.B[].C" to every matching entry; `missing` when a map lacks a key, `unknown` for deploy-time values. */
function resolve(start: Node, path: string): Hit[] {
  let frontier: { node: Node | undefined; entry?: Entry }[] = [{ node: start }];
  const settled: Hit[] = [];
  const segments = path.split('.');
  for (let index = 0; index < segments.length; index++) {
    const isList = segments[index].endsWith('[]');
    const key = isList ? segments[index].slice(0, -2) : segments[index];
    const next: { node: Node | undefined; entry?: Entry }[] = [];
    for (const { node } of frontier) {
      if (node === undefined) continue;
      // One list item that is unknown or lacks the key must not hide its siblings.
      if (node.kind === 'unknown') {
        settled.push({ state: 'unknown' });
        continue;
      }
      if (node.kind !== 'map') continue;
      const entry = getEntry(node, key);
      if (!entry) {
        if (!isList) settled.push({ state: 'missing' });
        continue;
      }
      if (isList) {
        if (entry.value?.kind === 'seq') for (const item of entry.value.items) next.push({ node: item });
        else if (entry.value?.kind === 'unknown') settled.push({ state: 'unknown' });
      } else next.push({ node: entry.value, entry });
    }
    frontier = next;
  }
  return [...settled, ...frontier.flatMap(({ entry }) => (entry ? [{ state: 'found', entry } as Hit] : []))];
}

function lastSegment(path: string): string {
  return path.split('.').slice(-1)[0];
}

function describeValue(node: Node | undefined): string {
  const value = scalar(node);
  return value === undefined ? 'a deploy-time value' : String(value);
}

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const PORT_NAMES: Record<number, string> = { 22: 'SSH (port 22)', 3389: 'RDP (port 3389)' };

function checkIngress(rule: FindingRule, ports: number[], resource: TemplateResource, emit: Emit): void {
  const properties = get(resource.node, 'Properties');
  let rules: Node[] = [];
  if (resource.info.type === 'AWS::EC2::SecurityGroup') {
    const ingress = get(properties, 'SecurityGroupIngress');
    rules = ingress?.kind === 'seq' ? ingress.items : [];
  } else if (resource.info.type === 'AWS::EC2::SecurityGroupIngress' && properties) rules = [properties];
  for (const ingressRule of rules) {
    const source = getEntry(ingressRule, 'CidrIp') ?? getEntry(ingressRule, 'CidrIpv6');
    const cidr = scalar(source?.value);
    if (!source || typeof cidr !== 'string' || !WORLD.has(cidr)) continue;
    const exposed = exposedPorts(ingressRule, ports);
    if (exposed) emit(rule, source.span, { value: cidr, port: exposed });
  }
}

/** Which admin ports an ingress rule opens, as words; undefined when none or unknown. */
function exposedPorts(ingressRule: Node, ports: number[]): string | undefined {
  const protocol = scalar(get(ingressRule, 'IpProtocol'));
  if (protocol === undefined || protocol === null) return undefined;
  if (looselyEqual(protocol, -1) || looselyEqual(protocol, 'all')) return 'all ports';
  if (!['tcp', '6'].includes(String(protocol).toLowerCase())) return undefined;
  const from = Number(scalar(get(ingressRule, 'FromPort')));
  const to = Number(scalar(get(ingressRule, 'ToPort')));
  if (!Number.isFinite(from) || !Number.isFinite(to)) return undefined;
  if (from <= 0 && to >= 65535) return 'all ports';
  const hit = ports.filter((port) => from <= port && port <= to);
  return hit.length ? hit.map((port) => PORT_NAMES[port] ?? `port ${port}`).join(' and ') : undefined;
}

function checkEksEndpoint(rule: FindingRule, resource: TemplateResource, emit: Emit, options: { partial: boolean }): void {
  if (resource.info.type !== 'AWS::EKS::Cluster') return;
  const vpcEntry = getEntry(get(resource.node, 'Properties'), 'ResourcesVpcConfig');
  if (vpcEntry?.value?.kind === 'unknown') return;
  const publicEntry = getEntry(vpcEntry?.value, 'EndpointPublicAccess');
  if (publicEntry && (publicEntry.value?.kind === 'unknown' || isFalse(publicEntry.value))) return;
  const cidrs = get(vpcEntry?.value, 'PublicAccessCidrs');
  if (cidrs && (cidrs.kind !== 'seq' || !cidrs.items.some((item) => WORLD.has(String(scalar(item)))))) return;
  if (!publicEntry && options.partial) return;
  const anchor = publicEntry?.span ?? vpcEntry?.keySpan ?? resource.info.key;
  emit(rule, anchor, { value: cidrs ? '0.0.0.0/0' : 'the whole internet (the default)' });
}

/** Every map with a `Statement` in a resource: IAM policies, bucket policies, SAM inline policies … */
function policyStatements(resourceNode: MapNode): MapNode[] {
  const statements: MapNode[] = [];
  const stack: Node[] = [resourceNode];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === 'map') {
      const statement = get(node, 'Statement');
      if (statement?.kind === 'seq') for (const item of statement.items) if (item.kind === 'map') statements.push(item);
      if (statement?.kind === 'map') statements.push(statement);
      for (const entry of node.entries) if (entry.value && entry.key !== 'Statement') stack.push(entry.value);
    } else if (node.kind === 'seq') stack.push(...node.items);
  }
  return statements;
}

function includesStar(node: Node | undefined): boolean {
  if (node?.kind === 'seq') return node.items.some((item) => scalar(item) === '*');
  return scalar(node) === '*';
}

function checkStatement(rule: FindingRule, kind: 'iam-admin-wildcard' | 'public-principal', statement: MapNode, resource: TemplateResource, emit: Emit): void {
  if (scalar(get(statement, 'Effect')) !== 'Allow') return;
  if (kind === 'iam-admin-wildcard') {
    const action = getEntry(statement, 'Action');
    if (action && includesStar(action.value) && includesStar(get(statement, 'Resource'))) emit(rule, action.span, {});
    return;
  }
  const principal = getEntry(statement, 'Principal');
  if (!principal || getEntry(statement, 'Condition')) return;
  const value = principal.value;
  const isPublic = includesStar(value) || (value?.kind === 'map' && includesStar(get(value, 'AWS')));
  if (isPublic) emit(rule, principal.span, {});
  void resource;
}

const DYNAMIC_REFERENCE = /^\{\{resolve:/;

function isLiteralSecretValue(node: Node | undefined): node is Node & { kind: 'scalar' } {
  if (node?.kind !== 'scalar') return false;
  const value = node.value;
  if (typeof value === 'boolean' || value === null) return false;
  const text = String(value);
  return text.length >= 4 && !DYNAMIC_REFERENCE.test(text);
}

function checkSecrets(rule: FindingRule, resource: TemplateResource, emit: Emit): void {
  // A secret in a parameter's Default is reported there (checkParameterDefaults), not at every Ref to it.
  for (const hit of literalSecrets(get(resource.written ?? resource.node, 'Properties'), 'Properties', false)) emit(rule, hit.span, { path: hit.path, value: hit.masked });
}

export interface SecretLocation {
  span: Span;
  path: string;
  /** The value, already masked. */
  masked: string;
}

/**
 * Literal credentials in a subtree: secret-named keys with literal values
 * (any name that sounds like a credential inside environment maps) and AWS
 * access key ids anywhere. Shared by templates, Serverless and SAM Globals.
 */
export function literalSecrets(node: Node | undefined, path: string, inEnvironment: boolean): SecretLocation[] {
  const hits: SecretLocation[] = [];
  const visit = (current: Node | undefined, currentPath: string, environment: boolean): void => {
    if (current?.kind === 'map') {
      for (const entry of current.entries) {
        const childPath = `${currentPath}.${entry.key}`;
        const named = environment ? SECRET_ENV.test(entry.key) : SECRET_KEY.test(entry.key);
        if (named && isLiteralSecretValue(entry.value)) {
          hits.push({ span: entry.span, path: childPath, masked: maskSecret(String(entry.value.value)) });
        } else if (entry.value?.kind === 'scalar' && ACCESS_KEY_ID.test(String(entry.value.value))) {
          hits.push({ span: entry.span, path: childPath, masked: maskSecret(ACCESS_KEY_ID.exec(String(entry.value.value))![0]) });
        } else visit(entry.value, childPath, /^(?:variables|environment)$/i.test(entry.key));
      }
    } else if (current?.kind === 'seq') current.items.forEach((item, index) => visit(item, `${currentPath}[${index}]`, environment));
  };
  visit(node, path, inEnvironment);
  return hits;
}

/** A parameter whose name says it is a secret should never carry a literal Default. */
function checkParameterDefaults(root: Node | undefined): Finding[] {
  const rule = findingRules.rules.find((candidate) => candidate.check.kind === 'literal-secret');
  const parameters = get(root, 'Parameters');
  if (!rule || parameters?.kind !== 'map') return [];
  const findings: Finding[] = [];
  for (const parameter of parameters.entries) {
    const secretName = SECRET_ENV.test(parameter.key) || isTrueLike(get(parameter.value, 'NoEcho'));
    const defaultEntry = getEntry(parameter.value, 'Default');
    if (!secretName || !defaultEntry || !isLiteralSecretValue(defaultEntry.value)) continue;
    findings.push({
      ruleId: rule.id,
      severity: rule.severity,
      message: fill(rule.message, {
        resource: `Parameter ${parameter.key}`,
        path: 'Default',
        value: maskSecret(String(defaultEntry.value.value)),
      }),
      row: rule.row,
      span: defaultEntry.span,
      resource: parameter.key,
      resourceType: 'Parameter',
      sources: rule.sources,
      controls: rule.controls,
      docUrl: rule.docUrl,
    });
  }
  return findings;
}

function isTrueLike(node: Node | undefined): boolean {
  const value = scalar(node);
  return value === true || String(value).toLowerCase() === 'true';
}

export type { ValueCondition };
