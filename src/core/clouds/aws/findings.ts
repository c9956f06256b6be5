/**
 * Insecure-setting checks. The rules and their texts are data
 * (knowledge/findings.json); this file implements the few kinds of check
 * those rules name.
 */
import type { Finding, RowId, Span } from '../../types';
import type { FindingRule, ValueCondition } from './knowledge/schema';
import { findingRules, inList, policyKnowledge } from './knowledge';
import { allHold, looselyEqual } from '../../engine/conditions';
import { fill } from '../../engine/rules';
import { get, getEntry, getPath, isFalse, scalar, splitPath, type Entry, type MapNode, type Node } from '../../parse/tree';
import type { TemplateResource } from './resources';
import { maskSecret } from '../../engine/text';
import { credentialShapes, findSecret, looksLikeSecretValue, secretsInText, type SecretHit } from '../../engine/secrets';
import { parseEmbeddedJson, scalarPiece, type TextPiece } from '../../parse/embedded';
import { entriesAt, globCovers, parseOperator, permissionStatement, publicGrants, readPolicy, type PolicyStatement, type PolicyValue } from './policy';
import { piecesOf } from './text-values';
import { EXAMPLE_KEY_NOTE } from './workloads';
import { memoMap } from '../../engine/memo';

/** A finding that is weaker than its rule's default: a warning, with a sentence that says why. */
interface Downgrade {
  note: string;
}

type Emit = (rule: FindingRule, span: Span, values: Record<string, string>, downgrade?: Downgrade) => void;

export interface CheckOptions {
  partial: boolean;
  /** The analysed text: lets findings inside strings (JSON policies, UserData scripts) point at their characters. */
  text?: string;
  /** Who refers to whom, for `referenced-by` checks; a template's own resources when not given. */
  references?: References;
}

/** A resource that may refer to another: its type and the property that holds the reference (`AWS::EC2::FlowLog` `Properties.ResourceId`). */
export interface Referrer {
  type: string;
  path: string;
  when?: ValueCondition[];
}

/** Whether some resource refers to resource `id`; `maybe` when a reference cannot be resolved (an import, a variable). */
export interface References {
  to(id: string, referrer: Referrer): 'yes' | 'no' | 'maybe';
}

/**
 * References between the resources of one template: `!Ref X` and
 * `!GetAtt X.Attr` name X; a Ref to anything else (a parameter) names no
 * resource of the template; any other deploy-time value (an import, a `Fn::If`)
 * may name any.
 */
export function templateReferences(resources: TemplateResource[]): References {
  return {
    to(id, referrer) {
      let answer: 'yes' | 'no' | 'maybe' = 'no';
      for (const resource of resources) {
        if (resource.info.type !== referrer.type) continue;
        if (referrer.when && !allHold(referrer.when, undefined, resource.node, inList)) continue;
        const value = getPath(resource.node, referrer.path);
        const named = referencedId(value);
        if (named === id) return 'yes';
        // Stryker disable next-line OptionalChaining: referencedId gives undefined only for an unknown value, so value is there
        if (named === undefined && value?.kind === 'unknown') answer = 'maybe';
      }
      return answer;
    },
  };
}

/** The logical id a `Ref` or `Fn::GetAtt` names; null for a value that names none (a literal); undefined when it cannot be told. */
function referencedId(value: Node | undefined): string | null | undefined {
  if (value?.kind !== 'unknown') return null;
  const argument = value.argument;
  if (value.name === 'Ref') return typeof scalar(argument) === 'string' ? String(scalar(argument)) : undefined;
  if (value.name === 'Fn::GetAtt') {
    const first = argument?.kind === 'seq' ? scalar(argument.items[0]) : scalar(argument);
    return typeof first === 'string' ? first.split('.')[0] : undefined;
  }
  return undefined;
}

export function checkResources(resources: TemplateResource[], root: Node | undefined, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const withReferences: CheckOptions = options.references ? options : { ...options, references: templateReferences(resources) };
  for (const resource of resources) {
    const emit: Emit = (rule, span, values, downgrade) =>
      findings.push({
        ruleId: rule.id,
        severity: downgrade ? 'warning' : rule.severity,
        message: fill(rule.message, { resource: resource.info.logicalId, ...values }) + (downgrade ? ` ${downgrade.note}` : ''),
        row: rule.row as RowId,
        span,
        resource: resource.info.logicalId,
        resourceType: resource.info.type,
        sources: rule.sources,
        controls: rule.controls,
        docUrl: rule.docUrl,
      });
    for (const rule of findingRules.rules) runCheck(rule, resource, emit, withReferences);
  }
  findings.push(...checkParameterDefaults(root));
  return findings.sort((a, b) => a.span.offset - b.span.offset);
}

function runCheck(rule: FindingRule, resource: TemplateResource, emit: Emit, options: CheckOptions): void {
  const check = rule.check;
  switch (check.kind) {
    case 'property':
      if (!matchesType(check.types, resource.info.type)) return;
      if (check.unless?.some((condition) => exempts(condition, resource.node))) return;
      if (check.unlessNamed && namePattern(check.unlessNamed.pattern).test(resource.info.logicalId)) return;
      // Stryker disable next-line OptionalChaining: checkResources always passes references (its own template's when none are given)
      if (check.unlessReferencedBy?.some((referrer) => options.references?.to(resource.info.logicalId, referrer) !== 'no')) return;
      for (const hit of resolve(resource.node, check.path)) {
        // No insecure value (`insecure: []`): only leaving the property out is insecure.
        if (hit.state === 'found' && check.insecure.length > 0 && allHold(check.insecure, hit.entry.value, resource.node, inList)) {
          emit(rule, hit.entry.span, { value: `${hit.entry.key}: ${describeValue(hit.entry.value)}` });
        } else if (hit.state === 'missing' && check.missingIsInsecure && !options.partial && !inherited(resource, check.path)) {
          emit(rule, resource.info.key, { value: check.missing ?? `${lastSegment(check.path)} not set, which defaults to off` });
        }
      }
      return;
    case 'referenced-by': {
      if (!matchesType(check.types, resource.info.type) || options.partial || !options.references) return;
      const answers = check.referrers.map((referrer) => options.references!.to(resource.info.logicalId, referrer));
      // Stryker disable next-line MethodExpression: vpc-flow-logs-off, the one referenced-by rule, names one referrer, and some and every agree on one answer
      if (answers.every((answer) => answer === 'no')) emit(rule, resource.info.key, { value: check.missing });
      return;
    }
    case 'world-open-ingress':
      return checkIngress(rule, check.ports, check.allPorts !== false, resource, emit);
    case 'eks-public-endpoint':
      return checkEksEndpoint(rule, resource, emit, options);
    case 'iam-admin-wildcard':
      // A VPC endpoint policy grants nothing: it only limits what goes through the endpoint (policies.json notExposure).
      if (policyKnowledge.notExposure.types.includes(resource.info.type)) return;
      for (const statement of policyStatements(resource.node)) checkAdminStatement(rule, statement, emit);
      return;
    case 'public-principal':
      return checkPublicPolicies(rule, resource, emit, options.text);
    case 'iam-passrole-escalation':
      return checkPassRoleEscalation(rule, resource, emit, options.text);
    case 'oidc-trust-unscoped':
      if (!matchesType(check.types, resource.info.type)) return;
      return checkOidcTrust(rule, check, resource, emit, options.text);
    case 'literal-secret':
      return checkSecrets(rule, resource, emit, options.text);
    case 'list-contains':
      if (!matchesType(check.types, resource.info.type)) return;
      for (const hit of resolve(resource.node, check.path)) {
        if (hit.state !== 'found' || hit.entry.value?.kind !== 'seq') continue;
        const matched = hit.entry.value.items.find((item) => {
          const value = scalar(item);
          // Stryker disable next-line ConditionalExpression,LogicalOperator: looselyEqual compares a null or deploy-time item as "null" or "undefined", which no listed value is
          return value !== undefined && value !== null && check.values.some((candidate) => looselyEqual(value, candidate));
        });
        if (matched) emit(rule, hit.entry.span, { value: `${hit.entry.key}: ${String(scalar(matched))}` });
      }
      return;
  }
}

/**
 * An exemption holds, or may hold: a value on its path that is known only at
 * deploy time (`!If`, `!Ref`, `var.x`) could be the exempting one, and a value
 * known only at deploy time is never a finding.
 */
function exempts(condition: ValueCondition, resourceNode: Node): boolean {
  if (allHold([condition], undefined, resourceNode, inList)) return true;
  // A pattern reads a name (a bucket "named for logs"): one known only at deploy time (`${AWS::StackName}-assets`) exempts nothing.
  if (condition.matches !== undefined) return false;
  let current: Node | undefined = resourceNode;
  for (const segment of splitPath(condition.path ?? '')) {
    if (current?.kind === 'unknown') return true;
    // Stryker disable next-line ConditionalExpression: get() of nothing is nothing, so the walk ends on undefined anyway; no exemption path has a list index
    if (current === undefined) return false;
    // Stryker disable next-line ConditionalExpression,StringLiteral: no exemption path in findings.json has a list index
    current = typeof segment === 'number' ? (current.kind === 'seq' ? current.items[segment] : undefined) : get(current, segment);
  }
  return current?.kind === 'unknown';
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
    // Stryker disable next-line ArrayDeclaration: a stand-in item has neither node nor entry, so it is skipped and settles nothing
    const next: { node: Node | undefined; entry?: Entry }[] = [];
    for (const { node } of frontier) {
      if (node === undefined) continue;
      // One list item that is unknown or lacks the key must not hide its siblings.
      if (node.kind === 'unknown') {
        // Stryker disable next-line ObjectLiteral,StringLiteral: an unknown hit only counts where its state is not 'missing' (inherited), as a stateless one is, and checks ignore both
        settled.push({ state: 'unknown' });
        continue;
      }
      if (node.kind !== 'map') continue;
      const entry = getEntry(node, key);
      if (!entry) {
        // Stryker disable next-line ConditionalExpression: a missing hit only counts for missingIsInsecure rules and in inherited(), and no rule with a list path is either
        if (!isList) settled.push({ state: 'missing' });
        continue;
      }
      if (isList) {
        if (entry.value?.kind === 'seq') for (const item of entry.value.items) next.push({ node: item });
        // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: an unknown hit only counts in inherited(), and no rule with a list path applies to a type SAM Globals extend
        else if (entry.value?.kind === 'unknown') settled.push({ state: 'unknown' });
      } else next.push({ node: entry.value, entry });
    }
    frontier = next;
  }
  return [...settled, ...frontier.flatMap(({ entry }) => (entry ? [{ state: 'found', entry } as Hit] : []))];
}

/** `unlessNamed` patterns come from knowledge data and are case-sensitive (LogBucket, not Catalog): compile each once. */
const namePatterns = memoMap<string, RegExp>();

function namePattern(pattern: string): RegExp {
  let regex = namePatterns.get(pattern);
  // Stryker disable next-line ConditionalExpression: a cache; compiling the pattern again gives the same regex
  if (!regex) namePatterns.set(pattern, (regex = new RegExp(pattern)));
  return regex;
}

/** A property the resource inherits (from SAM Globals) is there as deployed. */
function inherited(resource: TemplateResource, path: string): boolean {
  // Stryker disable next-line LogicalOperator: resolve() of no node has no hits, so `||` answers false as `&&` does
  return resource.deployed !== undefined && resolve(resource.deployed, path).some((hit) => hit.state !== 'missing');
}

function lastSegment(path: string): string {
  return path.split('.').slice(-1)[0];
}

function describeValue(node: Node | undefined): string {
  // A list is named by its items where they are plain values ([profiler]), by its length otherwise.
  if (node?.kind === 'seq') {
    const items = node.items.map((item) => scalar(item));
    if (items.every((item) => item !== undefined)) return `[${items.join(', ')}]`;
    return `a list of ${node.items.length} item${node.items.length === 1 ? '' : 's'}`;
  }
  const value = scalar(node);
  return value === undefined ? 'a deploy-time value' : String(value);
}

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const PORT_NAMES: Record<number, string> = { 22: 'SSH (port 22)', 3389: 'RDP (port 3389)' };

type PortSpec = number | [number, number];

function checkIngress(rule: FindingRule, ports: PortSpec[], allPorts: boolean, resource: TemplateResource, emit: Emit): void {
  const properties = get(resource.node, 'Properties');
  // Stryker disable next-line ArrayDeclaration: a stand-in rule has no CidrIp, so it is skipped
  let rules: Node[] = [];
  if (resource.info.type === 'AWS::EC2::SecurityGroup') {
    const ingress = get(properties, 'SecurityGroupIngress');
    // Stryker disable next-line ArrayDeclaration: a stand-in rule has no CidrIp, so it is skipped
    rules = ingress?.kind === 'seq' ? ingress.items : [];
  } else if (resource.info.type === 'AWS::EC2::SecurityGroupIngress' && properties) rules = [properties];
  for (const ingressRule of rules) {
    const source = getEntry(ingressRule, 'CidrIp') ?? getEntry(ingressRule, 'CidrIpv6');
    const cidr = scalar(source?.value);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: only the two strings of WORLD pass WORLD.has, so the guards before it decide nothing
    if (!source || typeof cidr !== 'string' || !WORLD.has(cidr)) continue;
    const exposed = exposedPorts(ingressRule, ports, allPorts);
    if (exposed) emit(rule, source.span, { value: cidr, port: exposed });
  }
}

/**
 * Which of `ports` an ingress rule's port range opens, as words; undefined when
 * none or unknown. A rule that opens every port is `all ports`, or nothing when
 * `allPorts` is false (another rule reports it).
 */
function exposedPorts(ingressRule: Node, ports: PortSpec[], allPorts: boolean): string | undefined {
  const protocol = scalar(get(ingressRule, 'IpProtocol'));
  // Stryker disable next-line ConditionalExpression,LogicalOperator: "undefined" and "null" are neither -1, all, tcp nor 6, so the lines below give undefined too
  if (protocol === undefined || protocol === null) return undefined;
  if (looselyEqual(protocol, -1) || looselyEqual(protocol, 'all')) return allPorts ? 'all ports' : undefined;
  if (!['tcp', '6'].includes(String(protocol).toLowerCase())) return undefined;
  const from = Number(scalar(get(ingressRule, 'FromPort')));
  const to = Number(scalar(get(ingressRule, 'ToPort')));
  if (!Number.isFinite(from) || !Number.isFinite(to)) return undefined;
  if (from <= 0 && to >= 65535) return allPorts ? 'all ports' : undefined;
  const hit = ports.filter((port) => (typeof port === 'number' ? from <= port && port <= to : from <= port[1] && port[0] <= to));
  return hit.length ? hit.map((port) => (typeof port === 'number' ? (PORT_NAMES[port] ?? `port ${port}`) : `ports ${port[0]}-${port[1]}`)).join(' and ') : undefined;
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
  // Stryker disable next-line ArrayDeclaration: a stand-in statement has no Effect "Allow", so checkAdminStatement skips it
  const statements: MapNode[] = [];
  const stack: Node[] = [resourceNode];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === 'map') {
      const statement = get(node, 'Statement');
      // Stryker disable next-line ConditionalExpression: an item that is no map has no Effect "Allow", so checkAdminStatement skips it
      if (statement?.kind === 'seq') for (const item of statement.items) if (item.kind === 'map') statements.push(item);
      // Stryker disable next-line ConditionalExpression: a Statement that is no map (or none) has no Effect "Allow", so checkAdminStatement skips it
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

function checkAdminStatement(rule: FindingRule, statement: MapNode, emit: Emit): void {
  if (scalar(get(statement, 'Effect')) !== 'Allow') return;
  const action = getEntry(statement, 'Action');
  if (action && includesStar(action.value) && includesStar(get(statement, 'Resource'))) emit(rule, action.span, {});
}

/**
 * Resource policies (policies.json says where each type keeps its document)
 * judged whole, as IAM evaluates them; one finding per statement that grants
 * actions to everyone, on its principal.
 */
function checkPublicPolicies(rule: FindingRule, resource: TemplateResource, emit: Emit, source: string | undefined): void {
  const type = resource.info.type;
  for (const location of policyKnowledge.resourcePolicies) {
    if (!location.types.includes(type)) continue;
    if (location.unreachableWhen && entriesAt(resource.node, location.unreachableWhen.path).some((entry) => entry.value !== undefined)) continue;
    for (const path of location.paths) {
      for (const entry of entriesAt(resource.node, path)) {
        const document = readPolicy(entry.value, source);
        if (!document) continue;
        for (const grant of publicGrants(document, location.services)) {
          emit(rule, grant.principal.span, { principal: grant.principal.written, actions: grant.actions.join(', '), why: grant.why }, conditionalGrant(grant.statement.when));
        }
      }
    }
  }
  for (const permission of policyKnowledge.permissions) {
    if (!permission.types.includes(type)) continue;
    if (permission.judgedElsewhere && entriesAt(resource.node, permission.judgedElsewhere.path).length) continue;
    const document = permissionStatement(resource.node, permission);
    for (const grant of document ? publicGrants(document) : []) {
      emit(rule, grant.principal.span, { principal: grant.principal.written, actions: grant.actions.join(', '), why: grant.why });
    }
  }
}

/**
 * Identity policies (policies.json identityPolicies) that allow iam:PassRole
 * on every role and, in the same resource, an action that starts compute
 * (policies.json privilegeEscalation): the principal can hand any role to
 * something it runs and so act with that role's permissions. Statements with
 * a Condition are left alone (it may limit the roles or the service), and so
 * is `Action: "*"` on `Resource: "*"`, which iam-admin-wildcard reports.
 */
function checkPassRoleEscalation(rule: FindingRule, resource: TemplateResource, emit: Emit, source: string | undefined): void {
  const escalation = policyKnowledge.privilegeEscalation;
  // Stryker disable next-line ConditionalExpression: policies.json always has privilegeEscalation (the type leaves it optional)
  if (!escalation) return;
  const allows: PolicyStatement[] = [];
  // Stryker disable next-line ArrayDeclaration: policies.json always has identityPolicies (the type leaves it optional)
  for (const location of policyKnowledge.identityPolicies ?? []) {
    if (!location.types.includes(resource.info.type)) continue;
    for (const path of location.paths) {
      for (const node of nodesAt(resource.node, path)) {
        const document = readPolicy(node, source);
        for (const statement of document?.statements ?? []) {
          if (statement.effect === 'Allow' && statement.action && !statement.conditions.length && !statement.conditionUnknown) allows.push(statement);
        }
      }
    }
  }
  const granted = (statement: PolicyStatement, action: string): PolicyValue | undefined =>
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a known value always has text, and an unknown one's text holds `${`, which no action name matches
    statement.action!.values.find((value) => !value.unknown && value.text !== undefined && globCovers(value.text, action));
  const computeActions = escalation.computeActions.filter((action) => allows.some((statement) => granted(statement, action)));
  if (!computeActions.length) return;
  for (const statement of allows) {
    const passRole = granted(statement, escalation.passRole);
    const everyRole = statement.resource?.values.some((value) => !value.unknown && value.text === '*');
    if (!passRole || !everyRole || passRole.text === '*') continue;
    emit(rule, passRole.span, { value: passRole.text ?? escalation.passRole, actions: computeActions.slice(0, 3).join(', ') + (computeActions.length > 3 ? ' …' : '') });
  }
}

/**
 * Trust policy statements that let the provider's tokens in (a Federated
 * principal naming the issuer, or conditions on its claims) with no `sub`
 * test that binds every value to an owner. A value known only at deploy time
 * may be bound, and a Condition known only at deploy time may hold one: not judged.
 */
function checkOidcTrust(rule: FindingRule, check: { paths: string[]; issuer: string; scopedSubject: string }, resource: TemplateResource, emit: Emit, source: string | undefined): void {
  const issuer = check.issuer.toLowerCase();
  const scoped = new RegExp(check.scopedSubject, 'i');
  // GitHub Enterprise Cloud issues tokens from `<issuer>/<enterprise>`, whose claims are spelled the same way.
  const isSubject = (key: string): boolean => {
    const lower = key.toLowerCase();
    return lower.startsWith(issuer) && lower.endsWith(':sub') && !lower.slice(issuer.length, -':sub'.length).includes(':');
  };
  for (const node of check.paths.flatMap((path) => nodesAt(resource.node, path))) {
    // Stryker disable next-line ArrayDeclaration: a stand-in item has no effect "Allow", so the loop skips it as it skips no items
    for (const statement of readPolicy(node, source)?.statements ?? []) {
      if (statement.effect !== 'Allow' || statement.conditionUnknown) continue;
      // Stryker disable next-line StringLiteral: the fallback for a provider that is no literal only has to not contain the issuer
      const named = federatedProviders(statement.principal?.entry?.value).some((provider) => String(scalar(provider) ?? '').toLowerCase().includes(issuer));
      if (!named && !statement.conditions.some((test) => test.key.toLowerCase().startsWith(issuer))) continue;
      const subjects = statement.conditions.filter((test) => isSubject(test.key) && !parseOperator(test.operator).negated);
      if (subjects.some((test) => test.values.length > 0 && test.values.every((value) => value.unknown || (value.text !== undefined && scoped.test(value.text))))) continue;
      const loose = subjects.flatMap((test) => test.values).find((value) => !value.unknown && value.text !== undefined && !scoped.test(value.text));
      emit(rule, loose?.span ?? statement.principal?.span ?? statement.span, { value: loose ? `sub: ${loose.text}` : 'no sub condition' });
    }
  }
}

/** The identity providers a Principal names: `{Federated: …}`, or Terraform's `principals { type = "Federated", identifiers = […] }`. */
function federatedProviders(principal: Node | undefined): Node[] {
  if (principal?.kind === 'seq') return principal.items.flatMap(federatedProviders);
  const listed = (node: Node | undefined): Node[] => (node?.kind === 'seq' ? node.items : node ? [node] : []);
  const federated = get(principal, 'Federated');
  if (federated) return listed(federated);
  return String(scalar(get(principal, 'type')) ?? '').toLowerCase() === 'federated' ? listed(get(principal, 'identifiers')) : [];
}

/** The values at a dotted path where `[]` after a segment stands for every item of a list. */
function nodesAt(start: Node, path: string): Node[] {
  let frontier: (Node | undefined)[] = [start];
  for (const segment of path.split('.')) {
    const list = segment.endsWith('[]');
    const key = list ? segment.slice(0, -2) : segment;
    // Stryker disable next-line ArrayDeclaration: a stand-in item has no keys, and readPolicy reads no policy from it
    const next: (Node | undefined)[] = [];
    for (const node of frontier) {
      const value = get(node, key);
      if (!list) next.push(value);
      else if (value?.kind === 'seq') next.push(...value.items);
    }
    frontier = next;
  }
  // Stryker disable next-line MethodExpression,ConditionalExpression: readPolicy reads no policy from a missing node, as from none
  return frontier.filter((node): node is Node => node !== undefined);
}

/**
 * A grant in a branch of `Fn::If` exists only when the template condition
 * holds, which depends on how the stack is deployed: a warning that names it.
 */
function conditionalGrant(when: string[] | undefined): Downgrade | undefined {
  if (!when?.length) return undefined;
  return { note: `The statement is deployed only when the template condition ${when.join(' and ')} holds, so this is a warning: check the parameters it depends on.` };
}

function checkSecrets(rule: FindingRule, resource: TemplateResource, emit: Emit, source: string | undefined): void {
  // A secret in a parameter's Default is reported there (checkParameterDefaults), not at every Ref to it.
  const written = resource.written ?? resource.node;
  const hits = [
    ...literalSecrets(get(written, 'Properties'), 'Properties', { source }),
    ...literalSecrets(get(get(written, 'Metadata'), 'AWS::CloudFormation::Init'), 'Metadata.AWS::CloudFormation::Init', { source, scripts: true }),
  ];
  for (const hit of hits) emit(rule, hit.span, { path: hit.path, value: hit.masked }, hit.example ? { note: EXAMPLE_KEY_NOTE } : undefined);
}

export interface SecretLocation {
  span: Span;
  path: string;
  /** The value, already masked. */
  masked: string;
  /** What was found: "secret", "AWS access key id", "password in a postgres URL". */
  what: string;
  /** The AWS documentation's example key: reported as a warning. */
  example: boolean;
}

/** Keys whose values are scripts or file bodies: read line by line for `NAME=value` assignments too. */
const SCRIPT_KEY = /^(?:UserData|user_data|user_data_base64|ZipFile|InlineCode|BuildSpec|buildspec|content|Content|command|Command|commands|Commands|script|Script|inline)$/;
/** Map keys that give the name of the value next to them: ECS `{Name, Value}`, EventBridge `{Key, Value}`, Beanstalk `{OptionName, Value}`. */
const PAIR_NAME = ['Name', 'name', 'Key', 'key', 'OptionName'];
const PAIR_VALUE = ['Value', 'value'];

/**
 * Literal credentials in a subtree, by the recognizer of engine/secrets.ts:
 * secret-valued keys with secret-looking values, name/value pairs whose name
 * says secret, credential shapes anywhere (also inside Fn::Sub, Fn::Join and
 * Terraform templates), and `NAME=value` assignments in scripts (UserData),
 * each pointing at the line it is on. Shared by templates, SAM Globals,
 * Serverless and Terraform.
 */
export function literalSecrets(node: Node | undefined, path: string, options: { source?: string; scripts?: boolean } = {}): SecretLocation[] {
  const hits: SecretLocation[] = [];
  const visit = (current: Node | undefined, currentPath: string, parent: string | undefined, scripts: boolean, depth: number): void => {
    if (depth > 64 || hits.length > 200) return;
    if (current?.kind === 'seq') {
      current.items.forEach((item, index) => visit(item, `${currentPath}[${index}]`, parent, scripts, depth + 1));
      return;
    }
    if (current?.kind !== 'map') return;
    const pairName = /(?:^|\.)Tags(?:\[\d+\])?$/.test(currentPath) ? undefined : nameOfPair(current);
    for (const entry of current.entries) {
      const childPath = `${currentPath}.${entry.key}`;
      const script = scripts || SCRIPT_KEY.test(entry.key);
      const name = pairName !== undefined && PAIR_VALUE.includes(entry.key) ? pairName : entry.key;
      const shown = name === entry.key ? childPath : `${childPath} (${name})`;
      inValue(entry.value, entry.span, { name, shown, childPath, key: entry.key, parent, script, depth });
    }
  };
  /** One value: the whole of it (span), its text, the JSON in it, or both branches of an `Fn::If`. */
  const inValue = (
    value: Node | undefined,
    span: Span,
    at: { name: string; shown: string; childPath: string; key: string; parent: string | undefined; script: boolean; depth: number },
  ): void => {
    if (value?.kind === 'scalar' && (typeof value.value === 'string' || typeof value.value === 'number')) {
      const text = String(value.value);
      const hit = findSecret(at.name, text, at.parent);
      if (hit && wholeValue(hit, text)) {
        hits.push({ span, path: at.shown, masked: maskSecret(text.slice(hit.start, hit.start + hit.length)), what: hit.what, example: hit.example });
        return;
      }
      const piece = scalarPiece(value, options.source);
      // JSON written as a string (SecretString: '{"password": …}'): its keys name its values.
      const json = /^\s*\{/.test(text) ? parseEmbeddedJson([piece]) : undefined;
      if (json?.kind === 'map') visit(json, at.childPath, at.key, at.script, at.depth + 1);
      else inText(piece, false, at.shown, at.script, hits);
    } else if (value?.kind === 'unknown') {
      if (value.name === 'function:jsonencode' || value.name === 'dynamic') return visit(value.argument, at.childPath, at.key, at.script, at.depth + 1);
      // `!If [Cond, 'literal', !Ref Param]`: either branch may be deployed; each is judged on its own characters.
      if (value.name === 'Fn::If' && value.argument?.kind === 'seq' && at.depth < 64) {
        for (const branch of value.argument.items.slice(1)) inValue(branch, { offset: branch.offset, length: branch.length }, { ...at, depth: at.depth + 1 });
        return;
      }
      const pieces = piecesOf(value, options.source);
      // Stryker disable next-line OptionalChaining: piecesOf gives pieces for every deploy-time value (a hole when nothing more is known)
      const json = pieces?.some((piece) => piece.kind === 'text' && /^\s*\{/.test(piece.text)) ? parseEmbeddedJson(pieces) : undefined;
      if (json?.kind === 'map') visit(json, at.childPath, at.key, at.script, at.depth + 1);
      else if (pieces) pieces.forEach((piece, index) => piece.kind === 'text' && inText(piece, pieces[index + 1]?.kind === 'hole', at.shown, at.script, hits));
    } else visit(value, at.childPath, at.key, at.script, at.depth + 1);
  };
  visit(node, path, undefined, options.scripts === true, 0);
  return hits;
}

/** A secret that is the whole value (not one line of a script): the finding is the entry itself. */
function wholeValue(hit: SecretHit, text: string): boolean {
  const trimmed = text.trim();
  return hit.length >= trimmed.length - 2 || !/[\r\n]/.test(text);
}

/** Secrets inside a longer text, each pointing at its own characters: shapes anywhere, named assignments in scripts. */
function inText(piece: TextPiece, partialEnd: boolean, path: string, script: boolean, hits: SecretLocation[]): void {
  const found = script ? secretsInText(piece.text, partialEnd) : credentialShapes(piece.text);
  for (const hit of found) {
    const start = piece.at(hit.start);
    const end = piece.at(hit.start + hit.length);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a hit's name is a string when there is one and undefined otherwise, which gives undefined either way
    const named = 'name' in hit && typeof hit.name === 'string' ? hit.name : undefined;
    hits.push({
      span: { offset: start, length: Math.max(end - start, 1) },
      path: named ? `${path} (${named})` : path,
      masked: maskSecret(piece.text.slice(hit.start, hit.start + hit.length)),
      what: hit.what,
      example: hit.example,
    });
  }
}

function nameOfPair(map: MapNode): string | undefined {
  // Stryker disable next-line ConditionalExpression: the name of a pair is only used for its Value, which a map without one does not have
  if (!PAIR_VALUE.some((key) => getEntry(map, key))) return undefined;
  // CodeBuild `{Name, Value, Type: PARAMETER_STORE}`: the value names a parameter.
  const type = scalar(get(map, 'Type') ?? get(map, 'type'));
  // Stryker disable next-line ConditionalExpression: test() reads anything else as "undefined", "true" or a number, none of which is one of the two words
  if (typeof type === 'string' && /^(?:PARAMETER_STORE|SECRETS_MANAGER)$/i.test(type)) return undefined;
  // An SSM SecureString parameter holds a secret whatever it is called.
  if (typeof type === 'string' && type === 'SecureString') return 'SecureString secret';
  for (const key of PAIR_NAME) {
    const name = scalar(get(map, key));
    if (typeof name === 'string') return name;
  }
  return undefined;
}

/**
 * A Default on a parameter that is a secret: one whose name says so, or one
 * marked NoEcho. Parameters typed as AWS resources or SSM parameter names,
 * and those that offer a fixed choice (AllowedValues), hold no secret.
 */
function checkParameterDefaults(root: Node | undefined): Finding[] {
  const rule = findingRules.rules.find((candidate) => candidate.check.kind === 'literal-secret');
  const parameters = get(root, 'Parameters');
  if (!rule || parameters?.kind !== 'map') return [];
  const findings: Finding[] = [];
  for (const parameter of parameters.entries) {
    const defaultEntry = getEntry(parameter.value, 'Default');
    const value = scalar(defaultEntry?.value);
    if (!defaultEntry || (typeof value !== 'string' && typeof value !== 'number')) continue;
    const type = scalar(get(parameter.value, 'Type'));
    if ((typeof type === 'string' && /^(?:AWS::|List<AWS::)/.test(type)) || getEntry(parameter.value, 'AllowedValues')) continue;
    const text = String(value);
    const named = findSecret(parameter.key, text);
    const hit = named ?? (isTrueLike(get(parameter.value, 'NoEcho')) && looksLikeSecretValue(text, 'chosen') ? { start: 0, length: text.length, example: false } : undefined);
    if (!hit) continue;
    const example = hit.example;
    findings.push({
      ruleId: rule.id,
      severity: example ? 'warning' : rule.severity,
      message:
        fill(rule.message, {
          resource: `Parameter ${parameter.key}`,
          path: 'Default',
          value: maskSecret(text.slice(hit.start, hit.start + hit.length)),
        }) + (example ? ` ${EXAMPLE_KEY_NOTE}` : ''),
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

/** The AWS documentation's example key is reported, but as a warning that says why. */
export function asExampleKey(finding: Finding): Finding {
  return { ...finding, severity: 'warning', message: `${finding.message} ${EXAMPLE_KEY_NOTE}` };
}

function isTrueLike(node: Node | undefined): boolean {
  const value = scalar(node);
  // Stryker disable next-line ConditionalExpression: String(true) is "true" too
  return value === true || String(value).toLowerCase() === 'true';
}

export type { ValueCondition };
