/**
 * Serverless Framework (`serverless.yml`): the provider defaults and each
 * function are Lambda functions, so their settings are attributed through the
 * CloudFormation property they become (runtime → AWS::Lambda::Function
 * Runtime, iam → the function's role policies …) and the same curated
 * knowledge applies. `resources.Resources` is plain CloudFormation and gets
 * everything templates get. Serverless variables (`${ssm:…}`, `${self:…}`)
 * are values only known at deploy time: never errors, never findings.
 */
import type { Analysis, Finding, ParseProblem, ResourceInfo, Setting } from '../../types';
import { attribute, serviceFacts } from '../../clouds/aws/attribution';
import type { TemplateResource } from '../../clouds/aws/resources';
import { analyzeTemplateRoot } from '../../clouds/aws/template';
import { asExampleKey, checkResources, literalSecrets } from '../../clouds/aws/findings';
import { awsRules } from '../../clouds/aws/knowledge';
import { atVisibleText } from '../../parse/limits';
import { parseYaml } from '../../parse/yaml';
import { get, getEntry, scalar, type Entry, type MapNode, type Node } from '../../parse/tree';

const LAMBDA = 'AWS::Lambda::Function';

/** `serverless.yml` / `serverless.yaml`, in any folder. */
export function isServerlessFileName(fileName: string): boolean {
  return /(?:^|[\\/])serverless\.ya?ml$/i.test(fileName);
}

export function analyzeServerless(text: string, _fileName: string): Analysis {
  const parsed = parseYaml(text);
  const errors = [...parsed.errors.slice(0, 1).map((error) => atVisibleText(error, text)), ...parsed.notes];
  const root = parsed.root ? markVariables(parsed.root) : undefined;
  const empty: Analysis = { kind: 'serverless', settings: [], findings: [], errors, resources: [] };
  if (root?.kind !== 'map') return empty;

  const settings: Setting[] = [];
  const findings: Finding[] = [];
  const resources: ResourceInfo[] = [];
  const providerEntry = getEntry(root, 'provider');
  const provider = providerEntry?.value?.kind === 'map' ? providerEntry.value : undefined;
  const otherCloud = otherProvider(provider);
  if (otherCloud) return { ...empty, errors: [...errors, otherCloud] };

  if (providerEntry && provider) {
    const context = lambdaContext(provider, undefined);
    resources.push(resourceInfo('provider', providerEntry));
    for (const entry of provider.entries) {
      if (PROVIDER_SKIPPED.has(entry.key)) continue;
      visit(settings, entry, [entry.key], 'provider', context, 'provider');
    }
    findings.push(...scopeFindings('provider', providerEntry, provider));
    findings.push(...apiResourcePolicyFindings(provider, text));
  }

  // `functions:` is a map, or a list of maps (how files are merged in with ${file(…)}).
  const functions = get(root, 'functions');
  const functionEntries = functions?.kind === 'map' ? functions.entries : functions?.kind === 'seq' ? functions.items.flatMap((item) => (item.kind === 'map' ? item.entries : [])) : [];
  for (const fn of functionEntries) {
    if (fn.value?.kind !== 'map') continue;
    const name = `function:${fn.key}`;
    const context = lambdaContext(fn.value, provider);
    resources.push(resourceInfo(name, fn));
    for (const entry of fn.value.entries) {
      if (FUNCTION_SKIPPED.has(entry.key)) continue;
      visit(settings, entry, [entry.key], name, context, 'function');
    }
    findings.push(...scopeFindings(name, fn, fn.value));
  }

  // resources: {Resources: …} or a list of such maps (and ${file(…)} includes, which stay unknown).
  const section = get(root, 'resources');
  for (const part of section?.kind === 'seq' ? section.items : section ? [section] : []) {
    const cfn = getEntry(part, 'Resources');
    if (cfn?.value?.kind !== 'map') continue;
    const template: MapNode = { kind: 'map', entries: [cfn], offset: cfn.span.offset, length: cfn.span.length };
    const result = analyzeTemplateRoot(template, { partial: parsed.errors.length > 0, text, template: false });
    settings.push(...result.settings);
    findings.push(...result.findings);
    resources.push(...result.resources);
  }

  return {
    kind: 'serverless',
    settings: settings.sort((a, b) => a.key.offset - b.key.offset),
    findings: findings.sort((a, b) => a.span.offset - b.span.offset),
    errors,
    resources: resources.sort((a, b) => a.key.offset - b.key.offset),
  };
}

/**
 * A note for a service that deploys to another cloud (`provider.name: azure`,
 * `tencent`, …): its functions are not Lambda functions, so nothing in the
 * file is attributed to AWS's model.
 */
function otherProvider(provider: MapNode | undefined): ParseProblem | undefined {
  const entry = provider ? getEntry(provider, 'name') : undefined;
  const name = scalar(entry?.value);
  if (!entry?.value || typeof name !== 'string' || name.trim().toLowerCase() === 'aws') return undefined;
  return {
    span: { offset: entry.value.offset, length: entry.value.length },
    message: `This Serverless service deploys to the "${name.slice(0, 40)}" provider, not AWS, so its settings are not attributed.`,
    severity: 'info',
  };
}

/** Provider keys that name the deployment rather than configure anything. */
const PROVIDER_SKIPPED = new Set(['name', 'stage', 'region', 'profile', 'stackName', 'deploymentMethod', 'deploymentPrefix']);
const FUNCTION_SKIPPED = new Set(['name', 'description']);

function resourceInfo(name: string, entry: Entry): ResourceInfo {
  const facts = serviceFacts(LAMBDA);
  return { logicalId: name, type: LAMBDA, key: entry.keySpan, typeSpan: entry.keySpan, service: facts.service, model: facts.model, confidence: facts.confidence };
}

type Segment = string | number;

function visit(out: Setting[], entry: Entry, segments: Segment[], resource: string, context: Node, scope: 'provider' | 'function'): void {
  pushSetting(out, entry.keySpan, entry.span, entry.value, segments, resource, context, scope);
  descend(out, entry.value, segments, resource, context, scope);
}

function descend(out: Setting[], value: Node | undefined, segments: Segment[], resource: string, context: Node, scope: 'provider' | 'function'): void {
  if (value?.kind === 'map') for (const child of value.entries) visit(out, child, [...segments, child.key], resource, context, scope);
  else if (value?.kind === 'seq') value.items.forEach((item, index) => descend(out, item, [...segments, index], resource, context, scope));
}

function pushSetting(
  out: Setting[],
  key: Setting['key'],
  span: Setting['span'],
  value: Node | undefined,
  segments: Segment[],
  resource: string,
  context: Node,
  scope: 'provider' | 'function',
): void {
  const target = cfnTarget(segments, value, scope);
  out.push({
    key,
    span,
    resource,
    resourceType: target.type,
    path: pathText(segments),
    leaf: !(value?.kind === 'map' || (value?.kind === 'seq' && value.items.some((item) => item.kind === 'map'))),
    attribution: attribute({ resourceType: target.type, path: target.path, value: target.value ?? value, resource: context }),
  });
}

function pathText(segments: Segment[]): string {
  return segments.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index ? `.${segment}` : segment)).join('');
}

interface Target {
  type: string;
  path: string;
  /** The value as CloudFormation would see it, when Serverless spells it differently. */
  value?: Node;
}

/** Where a Serverless setting lands in CloudFormation: the type and property path whose knowledge applies. */
function cfnTarget(segments: Segment[], value: Node | undefined, scope: 'provider' | 'function'): Target {
  const [head, ...rest] = segments;
  const tail = (prefix: string, from: Segment[] = rest): string =>
    prefix + from.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('');
  const lambda = (path: string): Target => ({ type: LAMBDA, path });
  switch (head) {
    case 'runtime':
      return lambda('Properties.Runtime');
    case 'runtimeManagement':
      if (rest.length === 0 && value?.kind !== 'map') {
        return { ...lambda('Properties.RuntimeManagementConfig.UpdateRuntimeOn'), value: updateRuntimeOn(value) };
      }
      return lambda(tail('Properties.RuntimeManagementConfig'));
    case 'environment':
      return lambda(tail('Properties.Environment.Variables'));
    case 'vpc':
      return lambda(tail('Properties.VpcConfig'));
    case 'kmsKeyArn':
      return lambda('Properties.KmsKeyArn');
    case 'layers':
      return lambda(tail('Properties.Layers'));
    case 'role':
      return lambda('Properties.Role');
    case 'handler':
      return lambda('Properties.Handler');
    case 'image':
      return lambda(rest.length ? tail('Properties.ImageConfig') : 'Properties.ImageUri');
    case 'tracing':
      return lambda(scope === 'function' && rest.length === 0 && value?.kind !== 'map' ? 'Properties.TracingConfig.Mode' : tail('Properties.TracingConfig'));
    case 'logRetentionInDays':
      return { type: 'AWS::Logs::LogGroup', path: 'Properties.RetentionInDays' };
    case 'logs':
      return { type: 'AWS::ApiGateway::Stage', path: tail('Properties.AccessLogSetting') };
    case 'iam':
    case 'iamRoleStatements':
    case 'iamManagedPolicies':
      return { type: 'AWS::IAM::Role', path: tail('Properties.Policies') };
    case 'url':
      if (rest.length === 0 || rest[0] === 'authorizer') return { type: 'AWS::Lambda::Url', path: 'Properties.AuthType' };
      if (rest[0] === 'cors') return { type: 'AWS::Lambda::Url', path: tail('Properties.Cors', rest.slice(1)) };
      return { type: 'AWS::Lambda::Url', path: tail('Properties', rest) };
    case 'events':
      return eventTarget(rest);
    case 'apiGateway':
      if (rest[0] === 'resourcePolicy') return { type: 'AWS::ApiGateway::RestApi', path: tail('Properties.Policy', rest.slice(1)) };
      if (rest[0] === 'apiKeys') return { type: 'AWS::ApiGateway::ApiKey', path: tail('Properties', rest.slice(1)) };
      if (rest[0] === 'usagePlan') return { type: 'AWS::ApiGateway::UsagePlan', path: tail('Properties', rest.slice(1)) };
      if (rest[0] === 'disableDefaultEndpoint') return { type: 'AWS::ApiGateway::RestApi', path: 'Properties.DisableExecuteApiEndpoint' };
      return { type: 'AWS::ApiGateway::RestApi', path: tail('Properties') };
    case 'httpApi':
      return { type: 'AWS::ApiGatewayV2::Api', path: tail('Properties') };
    case 'deploymentBucket':
      if (rest[0] === 'serverSideEncryption') return { type: 'AWS::S3::Bucket', path: tail('Properties.BucketEncryption', rest.slice(1)) };
      if (rest[0] === 'blockPublicAccess') return { type: 'AWS::S3::Bucket', path: tail('Properties.PublicAccessBlockConfiguration', rest.slice(1)) };
      return { type: 'AWS::S3::Bucket', path: tail('Properties') };
    case 'tags':
    case 'stackTags':
      return lambda(tail('Properties.Tags'));
    default:
      return lambda(tail(`Properties.${pascal(String(head))}`));
  }
}

/** CloudFormation type an event source becomes, by its Serverless event name. */
const EVENT_TYPES: Record<string, string> = {
  http: 'AWS::ApiGateway::Method',
  httpApi: 'AWS::ApiGatewayV2::Route',
  websocket: 'AWS::ApiGatewayV2::Route',
  alb: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  schedule: 'AWS::Events::Rule',
  eventBridge: 'AWS::Events::Rule',
  sns: 'AWS::SNS::Subscription',
  sqs: 'AWS::Lambda::EventSourceMapping',
  stream: 'AWS::Lambda::EventSourceMapping',
  kafka: 'AWS::Lambda::EventSourceMapping',
  msk: 'AWS::Lambda::EventSourceMapping',
};

function eventTarget(rest: Segment[]): Target {
  const [, eventName, ...more] = rest;
  if (typeof eventName !== 'string') return { type: LAMBDA, path: 'Properties.Events' };
  const type = EVENT_TYPES[eventName] ?? 'AWS::Lambda::Permission';
  const tail = (prefix: string, from: Segment[]): string =>
    prefix + from.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('');
  if (more[0] === 'authorizer') return { type, path: tail('Properties.AuthorizerId', more.slice(1)) };
  if (more[0] === 'private') return { type, path: 'Properties.ApiKeyRequired' };
  return { type, path: tail('Properties', more) };
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `auto` / `onFunctionUpdate` / `manual` → the CloudFormation UpdateRuntimeOn values the knowledge speaks. */
function updateRuntimeOn(value: Node | undefined): Node | undefined {
  const text = scalar(value);
  if (typeof text !== 'string' || !value) return value;
  const mapped = { auto: 'Auto', onfunctionupdate: 'FunctionUpdate', manual: 'Manual' }[text.toLowerCase()];
  return mapped ? { kind: 'scalar', value: mapped, offset: value.offset, length: value.length } : value;
}

/**
 * The function as CloudFormation will see it, for value-dependent rules: its
 * runtime and runtime-management mode (inherited from the provider when the
 * function sets none) and its package type.
 */
function lambdaContext(scope: MapNode, provider: MapNode | undefined): Node {
  const pick = (key: string): Node | undefined => get(scope, key) ?? get(provider, key);
  const entries: Entry[] = [];
  const add = (key: string, value: Node | undefined): void => {
    if (value) entries.push({ key, keySpan: value, value, span: value });
  };
  add('Runtime', pick('runtime'));
  const mode = pick('runtimeManagement');
  const updateOn = mode?.kind === 'map' ? get(mode, 'mode') : mode;
  if (updateOn) add('RuntimeManagementConfig', { kind: 'map', entries: [{ key: 'UpdateRuntimeOn', keySpan: updateOn, value: updateRuntimeOn(updateOn), span: updateOn }], offset: updateOn.offset, length: updateOn.length });
  const image = get(scope, 'image');
  if (image) add('PackageType', { kind: 'scalar', value: 'Image', offset: image.offset, length: image.length });
  return { kind: 'map', entries: [{ key: 'Properties', keySpan: scope, value: { kind: 'map', entries, offset: scope.offset, length: scope.length }, span: scope }], offset: scope.offset, length: scope.length };
}

/**
 * Findings for the provider or one function. Runtime and IAM statements run
 * through the same rules as templates, on the function they become; literal
 * secrets use the template secret check on the environment map.
 */
function scopeFindings(name: string, keyEntry: Entry, scope: MapNode): Finding[] {
  const properties: Entry[] = [];
  const runtime = getEntry(scope, 'runtime');
  // Stryker disable next-line ConditionalExpression: a Runtime entry without a value meets no rule (a deploy-time value is never a finding, and the check is partial)
  if (runtime) properties.push({ ...runtime, key: 'Runtime' });
  const statementLists = [getPathNode(scope, ['iam', 'role', 'statements']), get(scope, 'iamRoleStatements')].filter(
    (node): node is Node => node?.kind === 'seq',
  );
  // Stryker disable next-line ConditionalExpression: an empty Policies list holds no statement, and no rule reads a Lambda function's Policies otherwise
  if (statementLists.length) {
    const policies: Node = {
      kind: 'seq',
      items: statementLists.map((statements) => ({
        kind: 'map',
        entries: [{ key: 'Statement', keySpan: statements, value: statements, span: statements }],
        offset: statements.offset,
        length: statements.length,
      })),
      offset: scope.offset,
      length: 0,
    };
    properties.push({ key: 'Policies', keySpan: scope, value: policies, span: scope });
  }
  const resource: TemplateResource = {
    node: {
      kind: 'map',
      entries: [{ key: 'Properties', keySpan: keyEntry.keySpan, value: { kind: 'map', entries: properties, offset: scope.offset, length: scope.length }, span: keyEntry.span }],
      offset: scope.offset,
      length: scope.length,
    },
    info: resourceInfo(name, keyEntry),
  };
  // Partial: a function that sets no runtime of its own is not missing anything.
  const findings = checkResources([resource], undefined, { partial: true });

  const environment = get(scope, 'environment');
  for (const hit of literalSecrets(environment, 'environment')) {
    const finding = awsRules.findingOf('literal-secret', hit.span, name, LAMBDA, { path: hit.path, value: hit.masked }, 'serverless');
    // Stryker disable next-line ConditionalExpression: findingOf finds literal-secret, a rule of the knowledge, every time
    if (finding) findings.push(hit.example ? asExampleKey(finding) : finding);
  }

  const url = getEntry(scope, 'url');
  if (url && isPublicUrl(url.value)) {
    const finding = awsRules.findingOf('lambda-public-function-url', url.span, name, 'AWS::Lambda::Url', {
      value: url.value?.kind === 'map' ? 'authorizer not set' : `url: ${String(scalar(url.value))}`,
    });
    // Stryker disable next-line ConditionalExpression: findingOf finds lambda-public-function-url, a rule of the knowledge, every time
    if (finding) findings.push(finding);
  }
  return findings;
}

/**
 * `provider.apiGateway.resourcePolicy` (`provider.resourcePolicy` before v3):
 * the statements of the REST API's resource policy, which Serverless deploys
 * as `ApiGatewayRestApi`'s Policy; judged as templates judge it.
 */
function apiResourcePolicyFindings(provider: MapNode, text: string): Finding[] {
  const entry = getEntry(get(provider, 'apiGateway'), 'resourcePolicy') ?? getEntry(provider, 'resourcePolicy');
  if (!entry?.value) return [];
  const type = 'AWS::ApiGateway::RestApi';
  const facts = serviceFacts(type);
  const properties: MapNode = { kind: 'map', entries: [{ ...entry, key: 'Policy' }], offset: entry.span.offset, length: entry.span.length };
  const resource: TemplateResource = {
    node: { kind: 'map', entries: [{ key: 'Properties', keySpan: entry.keySpan, span: entry.span, value: properties }], offset: entry.span.offset, length: entry.span.length },
    info: { logicalId: 'ApiGatewayRestApi', type, key: entry.keySpan, typeSpan: entry.keySpan, service: facts.service, model: facts.model, confidence: facts.confidence },
  };
  return checkResources([resource], undefined, { partial: true, text }).filter((finding) => finding.ruleId === 'policy-public-principal');
}

/** `url: true` or `url: {}` without `authorizer: aws_iam` makes a public, unauthenticated function URL. */
function isPublicUrl(value: Node | undefined): boolean {
  // Stryker disable next-line ConditionalExpression: String(true) is "true" too
  if (value?.kind === 'scalar') return value.value === true || String(value.value).toLowerCase() === 'true';
  if (value?.kind !== 'map') return false;
  const authorizer = getEntry(value, 'authorizer');
  if (!authorizer) return true;
  const text = scalar(authorizer.value);
  return typeof text === 'string' && text.toLowerCase() === 'none';
}

function getPathNode(node: Node | undefined, keys: string[]): Node | undefined {
  return keys.reduce<Node | undefined>((current, key) => get(current, key), node);
}

/** A value holding a Serverless variable, in whole or in part, is only known at deploy time. */
const VARIABLE = /\$\{[^}]*\}?/;

function markVariables(node: Node): Node {
  switch (node.kind) {
    case 'scalar':
      // Stryker disable next-line ConditionalExpression: test() reads a number, boolean or null as text without `${`, so only strings can hold a variable anyway
      return typeof node.value === 'string' && VARIABLE.test(node.value)
        ? { kind: 'unknown', name: 'serverless-variable', argument: undefined, offset: node.offset, length: node.length }
        : node;
    case 'map':
      return { ...node, entries: node.entries.map((entry) => (entry.value ? { ...entry, value: markVariables(entry.value) } : entry)) };
    case 'seq':
      return { ...node, items: node.items.map(markVariables) };
    case 'unknown':
      return node.argument ? { ...node, argument: markVariables(node.argument) } : node;
  }
}
