/**
 * Terraform (`.tf` and `.tf.json`): settings, resources and findings.
 *
 * Every attribute and nested block of `resource` and `data` blocks of the
 * AWS provider (`aws_*`) is a setting. Where terraform-mapping.json says which
 * CloudFormation type and property an attribute configures, the setting is
 * attributed by the CloudFormation knowledge (attribute() with that type and
 * path), so Terraform and CloudFormation get the same owner, row and
 * rationale. Other attributes are attributed through their service
 * (terraform-types.json) and the name patterns, spelt in CloudFormation's
 * PascalCase so that the patterns apply (`kms_key_id` → `KmsKeyId`).
 *
 * Findings: each mapped resource is translated into a CloudFormation-shaped
 * node `{Type, Properties}` whose entries keep the Terraform spans, and the
 * CloudFormation checks (clouds/aws/findings.ts) run on it, so the rules and rule ids are
 * the same. A Terraform list that CloudFormation spells as one value per rule
 * (`cidr_blocks` → `CidrIp`) becomes one rule per item. Missing attributes are
 * judged by Terraform's defaults (`default`/`defaultWhen` in the mapping).
 * Variables, locals, references and interpolations are unknown values and
 * never findings. `jsonencode({…})` arguments and JSON written as a string or
 * heredoc are expanded, with offsets into the file, so policies are attributed
 * and checked like IAM JSON.
 */
import type { Analysis, AnalysisContext, Finding, ParseProblem, ResourceInfo, Setting, Span } from '../../types';
import { attribute, serviceFacts } from '../../clouds/aws/attribution';
import type { TemplateResource } from '../../clouds/aws/resources';
import { asExampleKey, checkResources, literalSecrets, type Referrer, type References } from '../../clouds/aws/findings';
import { literalOf, moduleResources, named, names, type ModuleResource } from './references';
import { analyzeAzurerm, isAzurermResource, namesAzurerm } from './azurerm';
import { awsRules, findingRules, inList, normalisePath, policyKnowledge, services } from '../../clouds/aws/knowledge';
import { allHold } from '../../engine/conditions';
import { withProvenance, type Provenance } from '../../engine/provenance';
import { folderValues, NO_VALUES, withWrittenValues } from './values';
import { isTerraformParserLoaded, parseTerraform, parseTerraformJson, type TerraformFile, type TfBlock } from '../../parse/hcl';
import { parseJson } from '../../parse/json';
import { atVisibleText } from '../../parse/limits';
import { findSecret, looksLikeSecretValue } from '../../engine/secrets';
import { maskSecret } from '../../engine/text';
import { get, getEntry, getPath, scalar, splitPath, type Entry, type MapNode, type Node, type ScalarNode, type SeqNode } from '../../parse/tree';
import {
  describeTerraformPath,
  terraformCfnType,
  expressibleInTerraform,
  KEY_PLACEHOLDER,
  terraformDefault,
  terraformMapping,
  terraformResourceMapping,
  terraformService,
  toCloudFormationValue,
  type TfAttributeMapping,
} from '../../clouds/aws/terraform-mapping';
import { memoMap } from '../../engine/memo';

export const TERRAFORM_LOADING_MESSAGE = 'Terraform parser is still loading; this file is analysed as soon as it is ready.';

/** `main.tf`, `variables.tf`, `main.tf.json`. */
export function isTerraformFileName(fileName: string): boolean {
  return /\.tf(?:\.json)?$/i.test(fileName);
}

/**
 * Arguments that tell Terraform how, not AWS what: the meta-arguments every
 * resource takes, and `timeouts`, which only bounds how long Terraform waits
 * for the provider's API calls. Not settings.
 */
const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider', 'provisioner', 'connection', 'lifecycle', 'timeouts']);

/** Data sources whose content is a document other resources apply, so it is checked like one. */
const CHECKED_DATA_SOURCES = new Set(['aws_iam_policy_document']);

interface TfResource {
  kind: 'resource' | 'data';
  tfType: string;
  /** `aws_db_instance.main`, `data.aws_iam_policy_document.admin`. */
  id: string;
  /** The block body, with jsonencode arguments and JSON strings expanded. */
  body: MapNode;
  info: ResourceInfo;
  /** The service id for attributes the mapping does not cover, when services.json knows it. */
  service: string | undefined;
  /** The CloudFormation type (mapped resources only). */
  cfnType: string | undefined;
}

export function analyzeTerraform(text: string, fileName: string, context?: AnalysisContext): Analysis {
  let file: TerraformFile;
  if (/\.json$/i.test(fileName)) {
    const parsed = parseJson(text);
    // Stryker disable next-line ArrayDeclaration: no root means a JSON syntax error, which is reported first and makes the file partial; every block check skips an entry that is no block
    const fromJson: TerraformFile = parsed.root ? parseTerraformJson(parsed.root) : { blocks: [], errors: [] };
    file = { blocks: fromJson.blocks, errors: [...parsed.errors, ...fromJson.errors] };
  } else {
    if (!isTerraformParserLoaded()) {
      return { kind: 'terraform', settings: [], findings: [], resources: [], errors: [{ span: { offset: 0, length: 0 }, message: TERRAFORM_LOADING_MESSAGE, severity: 'info' }] };
    }
    try {
      file = parseTerraform(text);
    } catch (error) {
      return { kind: 'terraform', settings: [], findings: [], resources: [], errors: [{ span: { offset: 0, length: 0 }, message: `Terraform could not be parsed: ${(error as Error).message}` }] };
    }
  }
  // One clear problem per file: the first is the cause, the rest are echoes of it.
  const errors: ParseProblem[] = file.errors.slice(0, 1).map((error) => atVisibleText(error, text));
  // Stryker disable next-line ConditionalExpression,StringLiteral: hcl.ts and json.ts give no problem a severity, so every problem they report makes the file partial
  const partial = file.errors.some((error) => error.severity !== 'info');
  const resources = file.blocks.flatMap((block) => resourceOf(block, text));
  // Checks judge `var.x` and `local.x` by the values the folder writes down for them (values.ts); settings stay as written.
  // Only a file that refers to variables or locals needs the folder's values.
  const values = /\b(?:var|local)\./.test(text) ? folderValues(fileName, file.blocks, context?.siblings) : NO_VALUES;
  const provenances: Provenance[] = [];
  // Parts written as resources of their own (aws_s3_bucket_versioning) and resources that refer to others (aws_flow_log), from the whole module.
  const module = new ModuleLinks(resources, fileName, file.blocks, text, context?.siblings);
  const translated = resources.map((resource) => ({ resource, ...synthesize({ ...resource, body: withWrittenValues(resource.body, values, provenances) }, partial, module.partsElsewhere(resource)) }));
  for (const { resource, groups } of translated) withVariant(resource, groups);
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: blocks and their entries are walked in file order, so the settings come sorted already; the sort only guards that order
  const settings = translated.flatMap(({ resource, groups }) => resourceSettings(resource, groups)).sort((a, b) => a.key.offset - b.key.offset);
  const unexposed = unexposedPolicies(file.blocks, text);
  const findings = withProvenance(
    dedupe([
      ...translated.flatMap(({ resource, groups, wording }) => resourceFindings(resource, groups, wording, partial, text, module)),
      ...file.blocks.flatMap((block) => [...providerSecrets(block, text), ...variableDefaultSecret(block)]),
    ]).filter((finding) => !(EXPOSURE_RULES.has(finding.ruleId) && unexposed.has(finding.resource))),
    provenances,
  ).sort((a, b) => a.span.offset - b.span.offset);
  // `azurerm_*` resources are Azure's (azurerm.ts); a file with more of them than AWS resources is an Azure file.
  const azurerm = file.blocks.some(isAzurermResource) ? analyzeAzurerm(file.blocks.filter(isAzurermResource), (block) => headerSpan(block, text)) : undefined;
  if (!azurerm) {
    // A file without resources (variables, outputs, providers) is Azure's when it names only the azurerm provider.
    const cloud = !resources.length && namesAzurerm(file.blocks) ? { cloud: 'azure' as const } : {};
    return { kind: 'terraform', ...cloud, settings, findings, errors, resources: resources.map((resource) => resource.info) };
  }
  const byOffset = <T>(at: (item: T) => number) => (a: T, b: T) => at(a) - at(b);
  return {
    kind: 'terraform',
    ...(azurerm.resources.length > resources.length ? { cloud: 'azure' as const } : {}),
    settings: [...settings, ...azurerm.settings].sort(byOffset((setting) => setting.key.offset)),
    findings: [...findings, ...azurerm.findings].sort(byOffset((finding) => finding.span.offset)),
    errors,
    resources: [...resources.map((resource) => resource.info), ...azurerm.resources].sort(byOffset((resource) => resource.key.offset)),
  };
}

// ------------------------------------------------------------- resources

function resourceOf(block: TfBlock, text: string): TfResource[] {
  if ((block.blockType !== 'resource' && block.blockType !== 'data') || block.labels.length < 2) return [];
  const [tfType, name] = block.labels;
  if (!tfType.startsWith('aws_')) return [];
  const kind = block.blockType;
  const body = expand(block.body, text) as MapNode;
  const serviceId = terraformService(tfType, kind);
  const service = serviceId && services.services[serviceId] ? serviceId : undefined;
  const cfnType = terraformCfnType(tfType, body);
  const facts = cfnType ? serviceFacts(cfnType) : serviceFacts(tfType, service);
  const nameSpan = block.labelSpans[1];
  return [
    {
      kind,
      tfType,
      id: `${kind === 'data' ? 'data.' : ''}${tfType}.${name}`,
      body,
      service,
      cfnType,
      info: {
        logicalId: `${kind === 'data' ? 'data.' : ''}${tfType}.${name}`,
        type: tfType,
        key: nameSpan,
        typeSpan: headerSpan(block, text),
        service: facts.confidence === 'fallback' && serviceId ? serviceId : facts.service,
        model: facts.model,
        confidence: facts.confidence,
        ...(cfnType ? { cfnType } : {}),
      },
    },
  ];
}

/** The model the resource's values select (an ECS service on EC2, an EKS cluster in Auto Mode), judged on its CloudFormation form. */
function withVariant(resource: TfResource, groups: TemplateResource[][]): void {
  if (!resource.cfnType) return;
  const node = groups.find((group) => group[0]?.info.type === resource.cfnType)?.[0]?.node;
  const facts = serviceFacts(resource.cfnType, undefined, node);
  if (!facts.variant) return;
  resource.info.model = facts.model;
  resource.info.variant = facts.variant.name;
}

/** `resource "aws_db_instance" "main"` in HCL; the type's key in Terraform JSON, where the labels are nested keys. */
function headerSpan(block: TfBlock, text: string): Span {
  const last = block.labelSpans[block.labelSpans.length - 1];
  const end = last.offset + last.length;
  // Stryker disable next-line EqualityOperator: the block type (HCL keyword, JSON key) always starts before its labels, never at one
  if (block.typeSpan.offset <= last.offset && !/[\r\n]/.test(text.slice(block.typeSpan.offset, end))) return { offset: block.typeSpan.offset, length: end - block.typeSpan.offset };
  return block.labelSpans[0];
}

// --------------------------------------------------------- value expansion

/**
 * `jsonencode({…})` → its argument; a string or heredoc holding a JSON object
 * or array → the parsed JSON. Offsets stay offsets into the file: exactly for
 * heredocs and strings without escapes, otherwise every span of the JSON is
 * the string's span.
 */
function expand(node: Node, text: string): Node {
  switch (node.kind) {
    case 'map':
      return { ...node, entries: node.entries.map((entry) => (entry.value ? { ...entry, value: expand(entry.value, text) } : entry)) };
    case 'seq':
      return { ...node, items: node.items.map((item) => expand(item, text)) };
    case 'unknown':
      if (node.name === 'function:jsonencode' && (node.argument?.kind === 'map' || node.argument?.kind === 'seq')) return expand(node.argument, text);
      if (node.name === 'dynamic' && node.argument) return { ...node, argument: expand(node.argument, text) };
      return node;
    case 'scalar':
      return embeddedJson(node, text) ?? node;
  }
}

function embeddedJson(node: ScalarNode, text: string): Node | undefined {
  if (typeof node.value !== 'string') return undefined;
  const trimmed = node.value.trim();
  if (!/^[{[]/.test(trimmed) || !/[}\]]$/.test(trimmed)) return undefined;
  const parsed = parseJson(node.value);
  if (parsed.errors.length || !parsed.root || (parsed.root.kind !== 'map' && parsed.root.kind !== 'seq')) return undefined;
  const raw = text.slice(node.offset, node.offset + node.length);
  // A heredoc's span is its body; a quoted string's includes the quotes.
  if (raw === node.value) return shift(parsed.root, node.offset);
  if (raw.length === node.value.length + 2 && raw.slice(1, -1) === node.value) return shift(parsed.root, node.offset + 1);
  return pin(parsed.root, node);
}

function shift<T extends Node>(node: T, delta: number): T {
  const moved = { ...node, offset: node.offset + delta };
  if (moved.kind === 'map') {
    moved.entries = moved.entries.map((entry) => ({
      ...entry,
      keySpan: { offset: entry.keySpan.offset + delta, length: entry.keySpan.length },
      span: { offset: entry.span.offset + delta, length: entry.span.length },
      value: entry.value && shift(entry.value, delta),
    }));
  } else if (moved.kind === 'seq') moved.items = moved.items.map((item) => shift(item, delta));
  else if (moved.kind === 'unknown' && moved.argument) moved.argument = shift(moved.argument, delta);
  return moved;
}

/** Every span of an embedded document whose characters cannot be mapped one to one (escaped JSON in a string). */
function pin<T extends Node>(node: T, span: Span): T {
  const at = { offset: span.offset, length: span.length };
  const pinned = { ...node, ...at };
  if (pinned.kind === 'map') pinned.entries = pinned.entries.map((entry) => ({ ...entry, keySpan: at, span: at, value: entry.value && pin(entry.value, span) }));
  else if (pinned.kind === 'seq') pinned.items = pinned.items.map((item) => pin(item, span));
  return pinned;
}

// --------------------------------------------------------------- settings

function resourceSettings(resource: TfResource, synthetic: TemplateResource[][]): Setting[] {
  const settings: Setting[] = [];
  // Value-dependent rules look at the resource as CloudFormation spells it.
  const context = (cfnType: string): Node | undefined => synthetic.find((group) => group[0]?.info.type === cfnType)?.[0]?.node;
  const visitEntry = (entry: Entry, path: string): void => {
    settings.push(settingOf(resource, entry, path, context));
    visitValue(entry.value, path);
  };
  const visitValue = (value: Node | undefined, path: string): void => {
    if (value?.kind === 'map') for (const child of value.entries) visitEntry(child, `${path}.${child.key}`);
    else if (value?.kind === 'seq') value.items.forEach((item, index) => visitValue(item, `${path}[${index}]`));
    else if (value?.kind === 'unknown' && value.name === 'dynamic') visitValue(value.argument, path);
  };
  for (const entry of resource.body.entries) if (!META_ARGUMENTS.has(entry.key)) visitEntry(entry, entry.key);
  return settings;
}

function settingOf(resource: TfResource, entry: Entry, path: string, context: (cfnType: string) => Node | undefined): Setting {
  const base = { key: entry.keySpan, span: entry.span, resource: resource.id, resourceType: resource.tfType, path, leaf: !isGroup(entry.value) };
  // The attribute that names the parent of a split resource (`bucket` of aws_s3_bucket_public_access_block)
  // says which resource the part configures: it takes the row of that part.
  const split = resource.cfnType ? terraformResourceMapping(resource.tfType)?.splitOf : undefined;
  if (split && path === split.via) {
    const cfnPath = split.cfnPath.replace(/\[\]$/, '[0]');
    return { ...base, attribution: attribute({ resourceType: resource.cfnType!, path: cfnPath, value: undefined, resource: context(resource.cfnType!) }), cfn: { type: resource.cfnType!, path: cfnPath } };
  }
  const described = resource.cfnType ? fillKeys(describeTerraformPath(resource.tfType, path, resource.body), path, resource.body) : policyDocumentPath(resource, path);
  if (described) {
    const value = cfnValue(entry.value, described.attribute);
    return {
      ...base,
      attribution: attribute({ resourceType: described.cfnType, path: described.cfnPath, value, resource: context(described.cfnType) }),
      cfn: { type: described.cfnType, path: described.cfnPath },
    };
  }
  return { ...base, attribution: attribute({ resourceType: resource.tfType, path: `Properties.${pascalPath(path)}`, value: entry.value, resource: undefined, service: resource.service }) };
}

/**
 * `described` with each `{name}` segment of its CloudFormation path replaced by
 * the value of the attribute `name` in the Terraform block at `tfPath` or
 * around it (`log_publishing_options[0].enabled` → `LogPublishingOptions.AUDIT_LOGS.Enabled`).
 * A key the file does not spell out cuts the path there (`cut`).
 */
function fillKeys<T extends { cfnPath: string }>(described: T | undefined, tfPath: string, body: MapNode): (T & { cut?: 'absent' | 'unknown' }) | undefined {
  if (!described || !described.cfnPath.includes('{')) return described;
  const filled: string[] = [];
  for (const segment of described.cfnPath.split('.')) {
    const name = KEY_PLACEHOLDER.exec(segment)?.[1];
    if (!name) {
      filled.push(segment);
      continue;
    }
    const parent = tfPath.includes('.') ? tfPath.slice(0, tfPath.lastIndexOf('.')) : '';
    const node = [tfPath, parent].map((block) => getPath(body, block ? `${block}.${name}` : name)).find((found) => found !== undefined);
    const key = scalar(node);
    if (typeof key !== 'string' || !/^[A-Za-z0-9_-]+$/.test(key)) {
      // Absent: a path above the blocks (`log_publishing_options` itself); else a key known at plan time only.
      return filled.length < 2 ? undefined : { ...described, cfnPath: filled.join('.'), cut: node === undefined ? 'absent' : 'unknown' };
    }
    filled.push(key);
  }
  return { ...described, cfnPath: filled.join('.') };
}

function isGroup(value: Node | undefined): boolean {
  if (value?.kind === 'unknown' && value.name === 'dynamic') return true;
  return value?.kind === 'map' || (value?.kind === 'seq' && value.items.some((item) => item.kind === 'map'));
}

/** `ingress[0].cidr_blocks` → `Ingress[0].CidrBlocks`, so the name patterns (written for CloudFormation) apply. */
export function pascalPath(path: string): string {
  let pascal = pascalCache.get(path);
  // Stryker disable next-line ConditionalExpression: a cache of a pure function; recomputing gives the same path
  if (pascal === undefined) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: only bounds the cache's memory; a cleared cache recomputes the same path
    if (pascalCache.size > 50_000) pascalCache.clear();
    pascalCache.set(path, (pascal = toPascalPath(path)));
  }
  return pascal;
}

const pascalCache = memoMap<string, string>();

function toPascalPath(path: string): string {
  return path.replace(/(^|\.)([^.[]+)/g, (_whole, dot: string, name: string) => dot + name.split(/[_-]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join(''));
}

/** A scalar in its CloudFormation spelling (`versioning.enabled = true` → `Enabled`); anything else as it is. */
function cfnValue(value: Node | undefined, mapping: TfAttributeMapping | undefined): Node | undefined {
  if (value?.kind !== 'scalar' || !mapping?.values) return value;
  const translated = toCloudFormationValue(mapping, value.value);
  return translated === value.value ? value : { ...value, value: translated };
}

// --------------------------------------------------------------- module links

/** Split parts by the parent type they belong to: `aws_s3_bucket` → its non-list parts written as resources of their own. */
const SPLIT_PARTS = new Map<string, { tfType: string; via: string; cfnPath: string }[]>();
for (const [tfType, entry] of Object.entries(terraformMapping.resources)) {
  const split = entry.splitOf;
  if (!split || split.cfnPath.includes('[')) continue;
  SPLIT_PARTS.set(split.resource, [...(SPLIT_PARTS.get(split.resource) ?? []), { tfType, via: split.via, cfnPath: split.cfnPath }]);
}

/**
 * The links between this file's resources and the rest of the module
 * (references.ts): the parts of a resource other resources set, and the
 * References that `referenced-by` rules ask. The module is read only when a
 * resource of the file can be linked to.
 */
class ModuleLinks implements References {
  private readonly referrerTypes = new Map<string, { tfType: string; attributes: string[] }[]>();
  private resourcesRead: ModuleResource[] | undefined | null = null;

  constructor(
    private readonly resources: TfResource[],
    private readonly fileName: string,
    private readonly blocks: readonly TfBlock[],
    private readonly text: string,
    private readonly siblings: AnalysisContext['siblings'],
  ) {}

  /** The module's resources of the types this file's resources can be linked to; undefined when they could not all be read. */
  private module(): ModuleResource[] | undefined {
    if (this.resourcesRead === null) {
      const types = new Set<string>();
      for (const resource of this.resources) for (const part of SPLIT_PARTS.get(resource.tfType) ?? []) types.add(part.tfType);
      for (const rule of findingRules.rules) {
        const check = rule.check;
        const referrers = check.kind === 'referenced-by' ? check.referrers : check.kind === 'property' ? (check.unlessReferencedBy ?? []) : [];
        if (!referrers.length || !('types' in check) || !this.resources.some((resource) => resource.cfnType && check.types.includes(resource.cfnType))) continue;
        for (const referrer of referrers) for (const { tfType } of this.referrersOf(referrer)) types.add(tfType);
      }
      this.resourcesRead = moduleResources(this.fileName, this.blocks, this.text, this.siblings, types);
    }
    return this.resourcesRead;
  }

  /** The CloudFormation paths of `resource` that another resource of the module sets (or may set). */
  partsElsewhere(resource: TfResource): string[] {
    // Stryker disable next-line ConditionalExpression: parts only change findings, and a data source other than a policy document has none (resourceFindings)
    const parts = resource.kind === 'resource' ? SPLIT_PARTS.get(resource.tfType) : undefined;
    if (!parts) return [];
    const module = this.module();
    return parts
      .filter((part) => {
        if (!module) return true;
        const literal = literalOf(resource.body, part.via);
        return module.some((other) => other.tfType === part.tfType && names(named(getEntry(other.body, part.via)?.value, other.text), resource.id, literal) !== 'no');
      })
      .map((part) => part.cfnPath);
  }

  to(id: string, referrer: Referrer): 'yes' | 'no' | 'maybe' {
    const module = this.module();
    if (!module) return 'maybe';
    let answer: 'yes' | 'no' | 'maybe' = 'no';
    for (const { tfType, attributes } of this.referrersOf(referrer)) {
      for (const other of module) {
        if (other.tfType !== tfType) continue;
        for (const attribute of attributes) {
          const value = getPath(other.body, attribute);
          if (value === undefined) continue;
          const verdict = names(named(value, other.text), id, undefined);
          if (verdict === 'yes') return 'yes';
          if (verdict === 'maybe') answer = 'maybe';
        }
      }
    }
    return answer;
  }

  /** The Terraform types and attributes that spell a referrer (`AWS::EC2::FlowLog` `Properties.ResourceId` → `aws_flow_log` `vpc_id` …). */
  private referrersOf(referrer: Referrer): { tfType: string; attributes: string[] }[] {
    const key = `${referrer.type} ${referrer.path}`;
    let found = this.referrerTypes.get(key);
    if (!found) {
      found = [];
      for (const tfType of Object.keys(terraformMapping.resources)) {
        const mapping = terraformResourceMapping(tfType);
        if (mapping?.cfnType !== referrer.type) continue;
        const attributes = Object.entries(mapping.attributes)
          .filter(([pattern, attribute]) => attribute.cfn === referrer.path && !pattern.includes('['))
          .map(([pattern]) => pattern);
        if (attributes.length) found.push({ tfType, attributes });
      }
      this.referrerTypes.set(key, found);
    }
    return found;
  }
}

// --------------------------------------------------------------- findings

function resourceFindings(resource: TfResource, synthetic: TemplateResource[][], wording: Wording, partial: boolean, text: string, module: References): Finding[] {
  if (resource.kind === 'data' && !CHECKED_DATA_SOURCES.has(resource.tfType)) return [];
  const split = terraformResourceMapping(resource.tfType)?.splitOf !== undefined;
  const out: Finding[] = [];
  for (const group of synthetic) {
    // A split resource is one part of its parent: what it leaves out is the parent's business.
    const found = checkResources(group, undefined, { partial: partial || split, text, references: module });
    for (const finding of found) {
      if (defaultOnly(finding, wording) || !judgeable(finding)) continue;
      if (finding.ruleId !== 'literal-secret') out.push({ ...finding, message: inTerraformTerms(finding, resource, wording), resource: resource.id, resourceType: resource.tfType });
    }
  }
  // Secrets by their Terraform names, mapped or not.
  for (const hit of literalSecrets(resource.body, '', { source: text })) {
    // Stryker disable next-line Regex: literalSecrets spells every path from the empty prefix with a leading `.`, so the first dot is the leading one
    const finding = awsRules.findingOf('literal-secret', hit.span, resource.id, resource.tfType, { path: hit.path.replace(/^\./, ''), value: hit.masked }, 'terraform');
    if (finding) out.push(hit.example ? asExampleKey(finding) : finding);
  }
  return out;
}

/**
 * False for a property rule none of whose paths Terraform can write for the
 * resource's type (a property no Terraform attribute maps onto): its
 * "not set" would be said of every resource, whatever the file declares.
 * A rule on a type the mapping does not translate (`aws_ami_launch_permission`)
 * names its Terraform attributes itself.
 */
function judgeable(finding: Finding): boolean {
  const type = finding.resourceType;
  if (!terraformResourceMapping(type)) return true;
  const entries = findingRules.rules.filter((rule) => rule.id === finding.ruleId && rule.check.kind === 'property' && rule.check.types.includes(type));
  return entries.length === 0 || entries.some((rule) => rule.check.kind === 'property' && expressibleInTerraform(type, rule.check.path));
}

/** A finding of a `declaredOnly` rule on a value Terraform's default filled in, not one the file writes. */
function defaultOnly(finding: Finding, wording: Wording): boolean {
  return findingRules.rules.some((rule) => {
    if (rule.id !== finding.ruleId || rule.check.kind !== 'property' || !rule.check.declaredOnly) return false;
    const key = rule.check.path.split('.').pop()!.replace(/\[\]$/, '');
    return wording.get(`${finding.span.offset}|${key}`)?.isDefault === true;
  });
}

/**
 * `variable "db_password" { default = "…" }`: a secret variable whose default
 * is written out, as CloudFormation parameter defaults are judged: by its
 * name, or any literal when it is marked `sensitive`.
 */
function variableDefaultSecret(block: TfBlock): Finding[] {
  if (block.blockType !== 'variable' || !block.labels[0]) return [];
  const entry = getEntry(block.body, 'default');
  const value = scalar(entry?.value);
  if (!entry || (typeof value !== 'string' && typeof value !== 'number')) return [];
  const text = String(value);
  const sensitive = scalar(get(block.body, 'sensitive')) === true;
  const hit = findSecret(block.labels[0], text) ?? (sensitive && looksLikeSecretValue(text, 'chosen') ? { start: 0, length: text.length, example: false } : undefined);
  if (!hit) return [];
  const id = `var.${block.labels[0]}`;
  const finding = awsRules.findingOf('literal-secret', entry.span, id, 'variable', { path: 'default', value: maskSecret(text.slice(hit.start, hit.start + hit.length)) }, 'terraform');
  return finding ? [hit.example ? asExampleKey(finding) : finding] : [];
}

/** Rules about what a policy grants: a policy that exposes nothing (unexposedPolicies) grants nothing to judge. */
const EXPOSURE_RULES = new Set(['policy-public-principal', 'iam-admin-wildcard']);

/** Domains whose access policy a split resource sets, and those resources (their `domain_name` names the domain). */
const DOMAIN_TYPES = ['aws_elasticsearch_domain', 'aws_opensearch_domain'];
const DOMAIN_POLICY_TYPES = ['aws_elasticsearch_domain_policy', 'aws_opensearch_domain_policy'];

/**
 * Policies in this file that expose nothing whatever they grant: VPC endpoint
 * policies (`aws_vpc_endpoint`, a vpc-endpoints module: they only limit the
 * endpoint), the access policy of an OpenSearch or Elasticsearch domain with
 * `vpc_options` set through a split `aws_*_domain_policy` (its security groups
 * decide who reaches it), and `data "aws_iam_policy_document"` documents
 * used only there. A document used anywhere else, or not in this file, is
 * still checked.
 */
function unexposedPolicies(blocks: TfBlock[], text: string): Set<string> {
  const out = new Set<string>();
  const notExposure = policyKnowledge.notExposure;
  const modules = new RegExp(notExposure.modules, 'i');
  const idOf = (block: TfBlock): string => `${block.blockType === 'data' ? 'data.' : ''}${block.labels[0]}.${block.labels[1]}`;
  // Stryker disable next-line MethodExpression: only domain and domain-policy resource types pass the loops below; a data source's id (`data.…`) is never what domain_name names
  const resources = blocks.filter((block) => block.blockType === 'resource' && block.labels.length >= 2);
  const inVpc = new Set(resources.filter((block) => DOMAIN_TYPES.includes(block.labels[0]) && getEntry(block.body, 'vpc_options')).map(idOf));
  for (const block of resources) {
    if (!DOMAIN_POLICY_TYPES.includes(block.labels[0])) continue;
    const name = get(block.body, 'domain_name');
    const domain = name && /\b(aws_(?:elasticsearch|opensearch)_domain\.[\w-]+)/.exec(text.slice(name.offset, name.offset + name.length));
    if (domain && inVpc.has(domain[1])) out.add(idOf(block));
  }
  const exposesNothing = (block: TfBlock): boolean =>
    (block.blockType === 'resource' && (notExposure.types.includes(block.labels[0]) || inVpc.has(idOf(block)) || out.has(idOf(block)))) ||
    (block.blockType === 'module' && modules.test(String(scalar(get(block.body, 'source')) ?? '')));
  for (const block of blocks) {
    if (block.blockType !== 'data' || block.labels[0] !== 'aws_iam_policy_document' || !block.labels[1]) continue;
    const reference = new RegExp(`data\\.aws_iam_policy_document\\.${block.labels[1].replace(/[^\w-]/g, '')}(?![\\w-])`, 'g');
    const users = [...text.matchAll(reference)]
      .map((match) => blocks.find((candidate) => candidate.span.offset <= match.index && match.index < candidate.span.offset + candidate.span.length))
      .filter((user) => user !== block);
    if (users.length && users.every((user) => user !== undefined && exposesNothing(user))) out.add(idOf(block));
  }
  return out;
}

/**
 * `provider "aws" { access_key = "…" secret_key = "…" }`: credentials written
 * into the provider configuration (a provider is no resource, so only this
 * check reads it).
 */
function providerSecrets(block: TfBlock, text: string): Finding[] {
  if (block.blockType !== 'provider' || block.labels[0] !== 'aws') return [];
  const id = `provider.${block.labels[0]}`;
  return literalSecrets(block.body, '', { source: text }).flatMap((hit) => {
    // Stryker disable next-line Regex: literalSecrets spells every path from the empty prefix with a leading `.`, so the first dot is the leading one
    const finding = awsRules.findingOf('literal-secret', hit.span, id, 'provider', { path: hit.path.replace(/^\./, ''), value: hit.masked }, 'terraform');
    return finding ? [hit.example ? asExampleKey(finding) : finding] : [];
  });
}

/**
 * Messages quote the value as CloudFormation spells it (`(StorageEncrypted: false)`);
 * say it as the file does (`(storage_encrypted = false)`).
 */
function inTerraformTerms(finding: Finding, resource: TfResource, wording: Wording): string {
  const unmapped = !terraformResourceMapping(resource.tfType);
  return replaceQuotedValue(finding.message, (whole, cfnKey, value) => {
    const said = wording.get(`${finding.span.offset}|${cfnKey}`);
    // A rule on an untranslated type reads the attribute by its Terraform name already.
    if (!said) return unmapped ? `(${cfnKey} = ${value})` : whole;
    return said.isDefault ? `(${said.tf} not set, which defaults to ${value})` : `(${said.tf} = ${value})`;
  })
    .replace(/\((\w+) not set, /, (whole, cfnKey: string) => {
      const attributes = terraformResourceMapping(resource.tfType)?.attributes ?? {};
      const pattern = Object.keys(attributes).find((candidate) => !candidate.includes('[]') && attributes[candidate].cfn.endsWith(`.${cfnKey}`));
      return pattern ? `(${pattern.split('.').pop()} not set, ` : whole;
    });
}

/**
 * The first `(Key: value)` of a message replaced, as `.replace(/\((\w+): ([^)]*)\)/, …)` would,
 * but linear: the value comes from the file, and that regex rescans to the end from every `(`.
 */
function replaceQuotedValue(message: string, replace: (whole: string, key: string, value: string) => string): string {
  const close = message.lastIndexOf(')');
  // Stryker disable next-line ConditionalExpression,EqualityOperator: no message starts with `(` (each starts with its advice or a resource name); `(` is never at `)`'s index; a `(` after the last `)` finds no `)` and stops the loop anyway
  for (let open = message.indexOf('('); open >= 0 && open < close; open = message.indexOf('(', open + 1)) {
    let end = open + 1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a `)` follows `open` (open < close), so the run of word characters ends before the message does
    while (end < message.length && /\w/.test(message[end])) end++;
    if (end === open + 1 || message[end] !== ':' || message[end + 1] !== ' ') continue;
    // Stryker disable next-line ArithmeticOperator: from end - 2 on come word characters (or the `(`), `:` and a space before end + 2, never a `)`
    const valueEnd = message.indexOf(')', end + 2);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: unreachable: the last `)` (close) lies after `open`'s `Key: `, so a `)` is always found past it
    if (valueEnd < 0) break;
    const whole = message.slice(open, valueEnd + 1);
    return message.slice(0, open) + replace(whole, message.slice(open + 1, end), message.slice(end + 2, valueEnd)) + message.slice(valueEnd + 1);
  }
  return message;
}

/** How a CloudFormation key placed at a span is written in Terraform: `${offset}|${cfnKey}` → the attribute. */
type Wording = Map<string, { tf: string; isDefault: boolean }>;

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.ruleId}\n${finding.span.offset}\n${finding.span.length}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The resource as CloudFormation would spell it, one node per CloudFormation
 * type it configures (a bucket's inline `policy` is an AWS::S3::BucketPolicy),
 * and one per item of a list CloudFormation spells as single values.
 */
function synthesize(resource: TfResource, partial: boolean, elsewhere: readonly string[] = []): { groups: TemplateResource[][]; wording: Wording } {
  const wording: Wording = new Map();
  const mapping = terraformResourceMapping(resource.tfType);
  if (!mapping || !resource.cfnType) {
    const data = resource.kind === 'data' ? policyDocumentOf(resource) : undefined;
    if (data) return { groups: [[{ info: { ...resource.info, type: 'AWS::IAM::ManagedPolicy' }, node: data }]], wording };
    // Unmapped: the body as it is, so that policies (`Statement`) inside are still checked.
    const node = cfnRoot(resource.tfType, resource.body);
    return { groups: [[{ info: resource.info, node }]], wording };
  }
  const builders = new Map<string, Builder>();
  const builderFor = (cfnType: string): Builder => {
    let builder = builders.get(cfnType);
    if (!builder) builders.set(cfnType, (builder = new Builder(cfnType, resource.body, wording)));
    return builder;
  };
  builderFor(resource.cfnType);
  const items = new ListItems();
  // One Key/Value item per key (LoadBalancerAttributes), in the order the file first sets them; an
  // unknown item (a dynamic block) takes the next index of the same list.
  const itemIndexes = new Map<string, Map<string, number>>();
  /** The index of item `id` in `list`, and whether it is new. */
  const itemIndex = (builder: Builder, list: string, id: string): { index: number; added: boolean } => {
    const listId = `${builder.cfnType}|${list}`;
    let indexes = itemIndexes.get(listId);
    if (!indexes) itemIndexes.set(listId, (indexes = new Map()));
    const known = indexes.get(id);
    if (known !== undefined) return { index: known, added: false };
    indexes.set(id, indexes.size);
    return { index: indexes.size - 1, added: true };
  };
  const keyValueItem = (builder: Builder, list: string, key: string, anchor: Anchor) => {
    const at = resource.info.key;
    builder.ensure(list, { keySpan: at, span: at }, 'seq');
    const { index, added } = itemIndex(builder, list, key);
    // Stryker disable next-line BooleanLiteral: a fanned Key gives the one item {Value, Key}, the same item
    if (added) builder.insert(`${list}[${index}].Key`, { ...anchor, value: { kind: 'scalar', value: key, ...anchor.span } }, false);
    const item = `${list}[${index}]`;
    // Stryker disable next-line BooleanLiteral: a fanned Value alone gives the one item {Key, Value}, the same item
    return { insert: (field: string, entry: Anchor & { value: Node | undefined; tf?: string }) => builder.insert(`${item}.${field}`, entry, false) };
  };
  const unknownItem = (builder: Builder, list: string, tfPath: string, item: Anchor & { value: Node }) => {
    const { index, added } = itemIndex(builder, list, `?${tfPath}`);
    // Stryker disable next-line BooleanLiteral: insert ignores `fan` for a list index
    if (added) builder.insert(`${list}[${index}]`, item, false);
  };

  const visit = (entry: Entry, value: Node | undefined, path: string, anchor: Anchor): void => {
    if (isNull(value)) return; // `users = null` leaves the argument unset
    const described = fillKeys(items.apart(describeTerraformPath(resource.tfType, path, resource.body), path, value?.kind === 'map' || value?.kind === 'seq' || (value?.kind === 'unknown' && value.name === 'dynamic')), path, resource.body);
    if (described?.cut === 'unknown') {
      // A map key the file does not give (`log_type = var.type`): the whole map is then unknown.
      const at = entryAnchor(entry);
      builderFor(described.cfnType).obscure(described.cfnPath, { ...at, value: { kind: 'unknown', name: 'key', argument: undefined, ...at.span } });
      return;
    }
    if (described?.attribute) {
      const attribute = described.attribute;
      const pattern = described.pattern ?? '';
      const builder = builderFor(described.cfnType);
      if (attribute.verbatim) {
        builder.insert(described.cfnPath, { ...anchor, value }, false);
        return;
      }
      if (pattern.endsWith('.**')) return; // a subtree CloudFormation spells differently: attributed, not translated
      if (attribute.itemKey !== undefined) {
        keyValueItem(builder, described.cfnPath.replace(/\[\d+\]$/, ''), attribute.itemKey, anchor).insert('Value', { ...anchor, value: cfnValue(value, attribute), tf: entry.key });
        return;
      }
      if (value?.kind === 'seq' && pattern.endsWith('[]')) {
        const collapses = !attribute.cfn.endsWith('[]');
        value.items.forEach((item, index) => {
          const itemAnchor = { keySpan: { offset: item.offset, length: item.length }, span: { offset: item.offset, length: item.length } };
          if (collapses) builder.insert(described.cfnPath, { ...itemAnchor, value: cfnValue(item, attribute), tf: entry.key }, true);
          // Stryker disable next-line BooleanLiteral: insert ignores `fan` for a list index
          else builder.insert(`${described.cfnPath.replace(/\[\d+\]$/, '')}[${index}]`, { ...itemAnchor, value: cfnValue(item, attribute) }, false);
        });
        return;
      }
      builder.insert(described.cfnPath, { ...anchor, value: cfnValue(value, attribute), tf: entry.key }, false);
      return;
    }
    if (value?.kind === 'unknown') {
      // `dynamic "ingress"`, `= var.rules`: what it holds is known at plan time only. A dynamic block is
      // items of its own in the list, so that other blocks CloudFormation spells in the same list are still judged.
      if (described) builderFor(described.cfnType).insert(value.name === 'dynamic' ? described.cfnPath : described.cfnPath.replace(/\[\d+\]$/, ''), { ...anchor, value }, false);
      // A dynamic block of Key/Value items (`dynamic "access_logs"`): items whose keys and values are unknown.
      else for (const list of keyValueListsBelow(resource.tfType, path)) unknownItem(builderFor(resource.cfnType!), list, path, { ...anchor, value });
      return;
    }
    if (described?.cut && described.attribute) return;
    const seq = value?.kind === 'seq' && !described?.cut;
    if (described) builderFor(described.cfnType).ensure(seq ? described.cfnPath.replace(/\[\d+\]$/, '') : described.cfnPath, anchor, seq ? 'seq' : 'map');
    if (value?.kind === 'map') for (const child of value.entries) visit(child, child.value, `${path}.${child.key}`, entryAnchor(child));
    else if (value?.kind === 'seq') {
      value.items.forEach((item, index) => {
        const itemPath = `${path}[${index}]`;
        visit(entry, item, itemPath, { keySpan: entry.keySpan, span: { offset: item.offset, length: item.length } });
      });
    }
  };
  for (const entry of resource.body.entries) if (!META_ARGUMENTS.has(entry.key)) visit(entry, entry.value, entry.key, entryAnchor(entry));
  // A part another resource of the module sets (a bucket's versioning) is there, with a value this file does not show.
  const at = resource.info.key;
  for (const path of elsewhere) builderFor(resource.cfnType).insert(path, { keySpan: at, span: at, value: { kind: 'unknown', name: 'elsewhere', argument: undefined, ...at } }, false);
  if (!partial) addDefaults(resource, builderFor, items);
  return { groups: [...builders.values()].map((builder) => builder.nodes().map((node) => ({ info: { ...resource.info, type: builder.cfnType }, node }))), wording };
}

/**
 * Attributes left out take Terraform's default. A default that a rule would
 * flag anyway as missing stays missing (its message says "not set"); one a
 * rule would not flag as missing is written in, so that Terraform's default
 * and not CloudFormation's decides (CloudTrail logs unless told not to).
 */
function addDefaults(resource: TfResource, builderFor: (cfnType: string) => Builder, items: ListItems): void {
  const mapping = terraformResourceMapping(resource.tfType);
  if (!mapping) return;
  for (const [pattern, attribute] of Object.entries(mapping.attributes)) {
    // A Key/Value item left out is judged by the rules as missing ("no access_logs.s3.enabled attribute").
    // Stryker disable next-line BooleanLiteral: in terraform-mapping.json every defaultWhen comes with a default, so the default alone decides
    if ((attribute.default === undefined && !attribute.defaultWhen) || attribute.itemKey !== undefined || pattern.includes('*') || /\[\]$/.test(pattern)) continue;
    const fallback = terraformDefault(attribute, resource.body);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: a guard the knowledge never trips: every attribute that gets here has a default, none is null, and the only list default is on a `[]` pattern, skipped above
    if (fallback === undefined || (fallback !== null && typeof fallback === 'object')) continue;
    const name = pattern.slice(pattern.lastIndexOf('.') + 1);
    // Each block of a list (every `ebs_block_device`) takes the default on its own.
    for (const parent of blocksAt(resource.body, pattern.split('.').slice(0, -1), '', undefined)) {
      if (isSet(parent.map, name) || attribute.defaultUnless?.some((other) => isSet(parent.map, other))) continue;
      const tfPath = parent.path ? `${parent.path}.${name}` : name;
      const described = fillKeys(items.apart(describeTerraformPath(resource.tfType, tfPath, resource.body), tfPath, false), tfPath, resource.body);
      if (!described || described.cut) continue;
      const anchorSpan = parent.anchor ?? resource.info.key;
      const value: ScalarNode = { kind: 'scalar', value: toCloudFormationValue(attribute, fallback as string | number | boolean | null), ...anchorSpan };
      if (flaggedWhenMissing(described.cfnType, described.cfnPath, value)) continue;
      builderFor(described.cfnType).insert(described.cfnPath, { keySpan: anchorSpan, span: anchorSpan, value, tf: name, isDefault: true }, false);
    }
  }
}

/** The Key/Value lists (`Properties.LoadBalancerAttributes`) that attributes inside the block at `tfPath` write items of. */
function keyValueListsBelow(tfType: string, tfPath: string): string[] {
  const prefix = `${tfPath.replace(/\[\d+\]/g, '')}.`;
  const attributes = terraformResourceMapping(tfType)?.attributes ?? {};
  const lists = Object.entries(attributes)
    .filter(([pattern, attribute]) => attribute.itemKey !== undefined && !attribute.cfnType && pattern.replace(/\[\]/g, '').startsWith(prefix))
    .map(([, attribute]) => attribute.cfn.replace(/\[\]$/, ''));
  return [...new Set(lists)];
}

/** Terraform's `null`: the argument is left unset and takes its default. */
function isNull(value: Node | undefined): boolean {
  return value?.kind === 'scalar' && value.value === null;
}

function isSet(map: MapNode, name: string): boolean {
  const entry = getEntry(map, name);
  return entry !== undefined && !isNull(entry.value);
}

/**
 * The maps a pattern's parent segments reach (`ebs_block_device[]` → each
 * `ebs_block_device` block), with their Terraform path and the span a default
 * set in them is reported at (the block's keyword).
 */
function blocksAt(node: MapNode, segments: string[], path: string, anchor: Span | undefined): { map: MapNode; path: string; anchor: Span | undefined }[] {
  if (segments.length === 0) return [{ map: node, path, anchor }];
  const [first, ...rest] = segments;
  const list = first.endsWith('[]');
  const key = list ? first.slice(0, -2) : first;
  const entry = getEntry(node, key);
  const childPath = path ? `${path}.${key}` : key;
  if (entry?.value?.kind === 'map') return blocksAt(entry.value, rest, childPath, entry.keySpan);
  if (list && entry?.value?.kind === 'seq') {
    return entry.value.items.flatMap((item, index) =>
      item.kind === 'map' ? blocksAt(item, rest, `${childPath}[${index}]`, { offset: item.offset, length: Math.min(item.length, key.length) }) : [],
    );
  }
  return [];
}

/**
 * Keeps Terraform blocks apart that CloudFormation spells as items of one
 * list: `root_block_device` and each `ebs_block_device` of an instance are all
 * `BlockDeviceMappings` items, and each must be judged on its own rather than
 * share item 0. Every list index in a CloudFormation path is given by the
 * Terraform block it comes from, the same block always getting the same item.
 */
class ListItems {
  private readonly byList = new Map<string, Map<string, number>>();

  /** `described` with its list indexes placed by the Terraform block at `tfPath`; `block` when `tfPath` itself is a block. */
  apart<T extends { cfnPath: string }>(described: T | undefined, tfPath: string, block: boolean): T | undefined {
    if (!described || !described.cfnPath.includes('[')) return described;
    const tokens = splitPath(tfPath);
    let placed = '';
    let last = 0;
    let level = 0;
    for (const match of described.cfnPath.matchAll(/\[(\d+)\]/g)) {
      const list = placed + described.cfnPath.slice(last, match.index);
      const owner = ownerOf(tokens, ++level, block);
      let indexes = this.byList.get(list);
      if (!indexes) this.byList.set(list, (indexes = new Map()));
      let index = indexes.get(owner);
      if (index === undefined) indexes.set(owner, (index = indexes.size));
      placed = `${list}[${index}]`;
      last = match.index + match[0].length;
    }
    const cfnPath = placed + described.cfnPath.slice(last);
    return cfnPath === described.cfnPath ? described : { ...described, cfnPath };
  }
}

/**
 * The Terraform block a CloudFormation list item at `level` comes from: the
 * path through the level-th Terraform list index (`ebs_block_device[1]`); with
 * fewer indexes, the block below the last one (`root_block_device`); for an
 * attribute of the resource itself, the resource (`""`), so attributes set
 * beside each other stay in one item.
 */
function ownerOf(tokens: (string | number)[], level: number, block: boolean): string {
  let seen = 0;
  let start = 0;
  for (let index = 0; index < tokens.length; index++) {
    if (typeof tokens[index] !== 'number') continue;
    seen++;
    if (seen === level) return formatTokens(tokens.slice(0, index + 1));
    start = index + 1;
  }
  const next = start < tokens.length ? tokens[start] : undefined;
  const isBlock = next !== undefined && (start < tokens.length - 1 || block);
  return formatTokens(tokens.slice(0, isBlock ? start + 1 : start));
}

function formatTokens(tokens: (string | number)[]): string {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: an owner's name is only a Map key in ListItems; any spelling that keeps different paths apart gives the same items
  return tokens.map((token, index) => (typeof token === 'number' ? `[${token}]` : index ? `.${token}` : token)).join('');
}

function flaggedWhenMissing(cfnType: string, cfnPath: string, value: Node): boolean {
  const path = normalisePath(cfnPath);
  return findingRules.rules.some(
    (rule) =>
      rule.check.kind === 'property' &&
      rule.check.missingIsInsecure === true &&
      rule.check.path === path &&
      rule.check.types.some((type) => type === cfnType || (type.endsWith('*') && cfnType.startsWith(type.slice(0, -1)))) &&
      allHold(rule.check.insecure, value, undefined, inList),
  );
}

interface Anchor {
  keySpan: Span;
  span: Span;
}

function entryAnchor(entry: Entry): Anchor {
  return { keySpan: entry.keySpan, span: entry.span };
}

function cfnRoot(type: string, properties: MapNode): MapNode {
  const at = { offset: properties.offset, length: 0 };
  return {
    kind: 'map',
    offset: properties.offset,
    length: properties.length,
    entries: [
      { key: 'Type', keySpan: at, span: at, value: { kind: 'scalar', value: type, ...at } },
      { key: 'Properties', keySpan: at, span: { offset: properties.offset, length: properties.length }, value: properties },
    ],
  };
}

/**
 * Builds one CloudFormation-shaped resource from Terraform entries placed at
 * CloudFormation paths. Entries marked `fan` are one of several values
 * CloudFormation spells one per item (`CidrIp`): `nodes()` turns the item
 * holding them into one item per value.
 */
class Builder {
  private readonly properties: MapNode;
  private readonly fans = new Map<MapNode, Map<string, Entry[]>>();

  constructor(
    readonly cfnType: string,
    body: MapNode,
    private readonly wording: Wording,
  ) {
    this.properties = { kind: 'map', entries: [], offset: body.offset, length: body.length };
  }

  /** Makes sure a map or list exists at `cfnPath` ("Properties.SecurityGroupIngress[1]"), spanning `anchor` when new. */
  ensure(cfnPath: string, anchor: Anchor, kind: 'map' | 'seq'): void {
    this.walk(cfnPath, anchor, (container, key) => {
      if (typeof key === 'number' && container.kind === 'seq') {
        if (!container.items[key]) container.items[key] = this.empty(kind, anchor.span);
      } else if (typeof key === 'string' && container.kind === 'map' && !getEntry(container, key)) {
        container.entries.push({ key, keySpan: anchor.keySpan, span: anchor.span, value: this.empty(kind, anchor.span) });
      }
    });
  }

  insert(cfnPath: string, item: Anchor & { value: Node | undefined; tf?: string; isDefault?: boolean }, fan: boolean): void {
    this.walk(cfnPath, item, (container, key) => {
      if (typeof key === 'number') {
        if (container.kind === 'seq' && item.value) container.items[key] = item.value;
        return;
      }
      if (container.kind !== 'map') return;
      const entry: Entry = { key, keySpan: item.keySpan, span: item.span, value: item.value };
      if (item.tf) this.wording.set(`${item.span.offset}|${key}`, { tf: item.tf, isDefault: item.isDefault === true });
      if (fan) {
        let byKey = this.fans.get(container);
        if (!byKey) this.fans.set(container, (byKey = new Map()));
        byKey.set(key, [...(byKey.get(key) ?? []), entry]);
      } else {
        const existing = getEntry(container, key);
        if (!existing) container.entries.push(entry);
        // A map its parent block made room for (`environment { variables = {…} }`) takes the document's own entries.
        else if (existing.value?.kind === 'map' && existing.value.entries.length === 0 && item.value?.kind === 'map') existing.value = item.value;
      }
    });
  }

  /** Sets `cfnPath` to a value the file does not show, whatever was written there: a map whose keys come from unknown values. */
  obscure(cfnPath: string, item: Anchor & { value: Node }): void {
    this.walk(cfnPath, item, (container, key) => {
      if (typeof key !== 'string' || container.kind !== 'map') return;
      const existing = getEntry(container, key);
      if (existing) existing.value = item.value;
      else container.entries.push({ key, keySpan: item.keySpan, span: item.span, value: item.value });
    });
  }

  /** Follows `cfnPath` below the resource, creating what is missing, and calls `leaf` with the last container and key. */
  private walk(cfnPath: string, anchor: Anchor, leaf: (container: MapNode | SeqNode, key: string | number) => void): void {
    const tokens = splitPath(cfnPath);
    if (tokens[0] !== 'Properties' || tokens.length < 2) return;
    let container = this.properties as Node;
    // Stryker disable next-line EqualityOperator: the loop returns at the last token, before index reaches the length
    for (let index = 1; index < tokens.length; index++) {
      const token = tokens[index];
      if (index === tokens.length - 1) {
        // Stryker disable next-line ConditionalExpression: the container is the properties map or a map or list the loop stepped into, never anything else
        if (container.kind === 'map' || container.kind === 'seq') leaf(container, token);
        return;
      }
      const kind = typeof tokens[index + 1] === 'number' ? 'seq' : 'map';
      let next: Node | undefined;
      if (typeof token === 'number') {
        if (container.kind !== 'seq') return;
        next = container.items[token] ??= this.empty(kind, anchor.span);
      } else {
        if (container.kind !== 'map') return;
        let entry: Entry | undefined = getEntry(container, token);
        if (!entry) container.entries.push((entry = { key: token, keySpan: anchor.keySpan, span: anchor.span, value: this.empty(kind, anchor.span) }));
        next = entry.value;
      }
      if (!next || (next.kind !== 'map' && next.kind !== 'seq')) return;
      container = next;
    }
  }

  private empty(kind: 'map' | 'seq', span: Span): MapNode | SeqNode {
    return kind === 'map' ? { kind: 'map', entries: [], offset: span.offset, length: span.length } : { kind: 'seq', items: [], offset: span.offset, length: span.length };
  }

  /** The resource node(s): one per fanned-out value of the properties themselves (`aws_security_group_rule.cidr_blocks`). */
  nodes(): MapNode[] {
    return this.variants(this.properties).map((properties) => cfnRoot(this.cfnType, this.expandMap(properties)));
  }

  private expandMap(map: MapNode): MapNode {
    return { ...map, entries: map.entries.map((entry) => ({ ...entry, value: entry.value && this.expandValue(entry.value) })) };
  }

  private expandValue(node: Node): Node {
    if (node.kind === 'map') return this.expandMap(node);
    if (node.kind === 'seq') {
      const items = Array.from(node.items, (item) => item).filter((item): item is Node => item !== undefined);
      return { ...node, items: items.flatMap((item): Node[] => (item.kind === 'map' ? this.variants(item).map((variant) => this.expandMap(variant)) : [item])) };
    }
    return node;
  }

  /** One copy of the map per fanned value (each with that value only), or the map itself. */
  private variants(map: MapNode): MapNode[] {
    const fans = this.fans.get(map);
    if (!fans) return [map];
    const fanned = new Set(fans.keys());
    const base = map.entries.filter((entry) => !fanned.has(entry.key));
    const out: MapNode[] = [];
    for (const entries of fans.values()) for (const entry of entries) out.push({ ...map, entries: [...base, entry] });
    return out.length ? out : [{ ...map, entries: base }];
  }
}

// ------------------------------------------------- aws_iam_policy_document

/** The IAM JSON element each argument of a policy document block spells. */
const POLICY_ELEMENTS: Record<string, string> = {
  version: 'Version',
  policy_id: 'Id',
  statement: 'Statement',
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
  principals: 'Principal',
  not_principals: 'NotPrincipal',
  condition: 'Condition',
};

/**
 * `statement[0].actions` of a `data "aws_iam_policy_document"` is
 * `PolicyDocument.Statement[0].Action` of an IAM policy: attributed by the
 * CloudFormation knowledge of policy documents. Inside `principals` and
 * `condition` the blocks spell their parts differently; they take the
 * element's path.
 */
function policyDocumentPath(resource: TfResource, path: string): { cfnType: string; cfnPath: string; attribute: undefined } | undefined {
  if (resource.tfType !== 'aws_iam_policy_document') return undefined;
  const out: string[] = ['Properties.PolicyDocument'];
  for (const token of splitPath(path)) {
    if (typeof token === 'number') {
      out[out.length - 1] += `[${token}]`;
      continue;
    }
    const element = POLICY_ELEMENTS[token];
    if (!element) break;
    out.push(element);
    if (element === 'Principal' || element === 'NotPrincipal' || element === 'Condition') break;
  }
  if (out.length === 1) return undefined;
  // A statement written once is item 0.
  return { cfnType: 'AWS::IAM::ManagedPolicy', cfnPath: out.join('.').replace(/\.Statement(?=\.|$)/, '.Statement[0]'), attribute: undefined };
}

/**
 * `data "aws_iam_policy_document"` spells an IAM policy as blocks; the same
 * policy in IAM JSON, with the Terraform spans, so the policy checks apply.
 */
function policyDocumentOf(resource: TfResource): MapNode | undefined {
  if (resource.tfType !== 'aws_iam_policy_document') return undefined;
  const statements = resource.body.entries.find((entry) => entry.key === 'statement');
  const blocks = statements?.value?.kind === 'seq' ? statements.value.items : statements?.value ? [statements.value] : [];
  const items: Node[] = [];
  for (const block of blocks) {
    if (block.kind !== 'map') continue;
    const entries: Entry[] = [];
    const effect = getEntry(block, 'effect');
    const at = { offset: block.offset, length: 0 };
    entries.push(effect ? { ...effect, key: 'Effect' } : { key: 'Effect', keySpan: at, span: at, value: { kind: 'scalar', value: 'Allow', ...at } });
    for (const [from, to] of [
      ['actions', 'Action'],
      ['not_actions', 'NotAction'],
      ['resources', 'Resource'],
      ['not_resources', 'NotResource'],
      ['condition', 'Condition'],
    ]) {
      const entry = getEntry(block, from);
      if (entry) entries.push({ ...entry, key: to });
    }
    // Principals stay as Terraform spells them (`type`, `identifiers`): clouds/aws/policy.ts reads both spellings.
    for (const [from, to] of [
      ['principals', 'Principal'],
      ['not_principals', 'NotPrincipal'],
    ]) {
      const entry = getEntry(block, from);
      if (entry) entries.push({ ...entry, key: to });
    }
    items.push({ kind: 'map', entries, offset: block.offset, length: block.length });
  }
  const at = { offset: resource.body.offset, length: resource.body.length };
  const statement: SeqNode = { kind: 'seq', items, ...at };
  const document: MapNode = { kind: 'map', entries: [{ key: 'Statement', keySpan: at, span: at, value: statement }], ...at };
  return cfnRoot('AWS::IAM::ManagedPolicy', { kind: 'map', entries: [{ key: 'PolicyDocument', keySpan: at, span: at, value: document }], ...at });
}
