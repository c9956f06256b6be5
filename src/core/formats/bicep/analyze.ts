/**
 * Bicep files: each `resource` declaration is the ARM resource it deploys
 * (same type, same `properties`), so settings are attributed with
 * Microsoft's matrix and checked against the Azure rules exactly as in ARM
 * templates. Nested declarations are child resources; `existing` resources
 * are configured elsewhere. A module (`module m './x.bicep'`) is analysed as
 * its own file when it is scanned; nothing here reads it.
 *
 * Values known only at deploy time are never judged: a parameter (with or
 * without a default: the deployment may pass another value, and ARM templates
 * treat `[parameters('x')]` the same way), a function call, `${…}`, a property
 * of another resource, a loop variable. A variable's literal value is fixed
 * in the file: it is judged where the variable is used, and a finding on it
 * says where the value comes from and offers no fix.
 */
import type { Analysis, ParseProblem, ResourceInfo } from '../../types';
import { atVisibleText } from '../../parse/limits';
import { isBicepParserLoaded, parseBicep, type BicepFile, type BicepResource } from '../../parse/bicep';
import type { Entry, Node } from '../../parse/tree';
import { withProvenance, type Provenance } from '../../engine/provenance';
import type { AzureResource } from '../../clouds/azure/resources';
import { azureModelOf } from '../../clouds/azure/attribution';
import { checkAzureLiteralSecrets, checkAzureResources } from '../../clouds/azure/findings';
import { azureResourceSettings } from '../../clouds/azure/settings';

/** Keys that place or relate a resource rather than configure it. */
const STRUCTURE = new Set(['name', 'parent', 'scope', 'dependson']);

export const BICEP_LOADING_MESSAGE = 'Bicep parser is still loading; this file is analysed as soon as it is ready.';

/** A template (`.bicep`) or a parameters file (`.bicepparam`). */
export function isBicepFileName(fileName: string): boolean {
  return /\.bicep(?:param)?$/i.test(fileName);
}

function isBicepParametersFileName(fileName: string): boolean {
  return /\.bicepparam$/i.test(fileName);
}

/** Rule fixes are written as JSON literals (`false`, `"TLS1_2"`); Bicep quotes strings with `'`. */
export function bicepLiteral(value: string): string {
  // Stryker disable next-line MethodExpression: a fix value is a JSON literal, and one that ends with a quote is a string, which starts with one
  if (!value.startsWith('"')) return value;
  const text = JSON.parse(value) as string;
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${')}'`;
}

export function analyzeBicep(text: string, fileName = 'main.bicep'): Analysis {
  if (!isBicepParserLoaded()) {
    return { kind: 'bicep', cloud: 'azure', settings: [], findings: [], resources: [], errors: [{ span: { offset: 0, length: 0 }, message: BICEP_LOADING_MESSAGE, severity: 'info' }] };
  }
  const parameters = isBicepParametersFileName(fileName);
  let file: BicepFile;
  try {
    file = parseBicep(text, { parameters });
  } catch (error) {
    return { kind: 'bicep', cloud: 'azure', settings: [], findings: [], resources: [], errors: [{ span: { offset: 0, length: 0 }, message: `Bicep could not be parsed: ${(error as Error).message}` }] };
  }
  const errors: ParseProblem[] = file.errors.map((error) => atVisibleText(error, text));
  if (file.errors.some((error) => error.notAnalysed)) return { kind: 'bicep', cloud: 'azure', settings: [], findings: [], resources: [], errors };
  if (parameters) return analyzeParameters(file, errors);
  const provenances: Provenance[] = [];
  const resources: AzureResource[] = [];
  const collect = (declared: BicepResource, parentType: string) => {
    // A nested declaration may name only its child type (`blobServices`), relative to its parent's.
    const type = declared.type.includes('/') || !parentType ? declared.type : `${parentType}/${declared.type}`;
    if (!declared.existing && declared.body) {
      resolveNames(declared.body, file, provenances);
      resources.push({ name: declared.symbol, type, node: declared.body, key: declared.symbolSpan, typeSpan: declared.typeSpan });
    }
    for (const child of declared.children) collect(child, type);
  };
  for (const declared of file.resources) collect(declared, '');
  const settings = resources.flatMap((resource) => azureResourceSettings(resource, STRUCTURE)).sort((a, b) => a.key.offset - b.key.offset);
  const infos: ResourceInfo[] = resources.map((resource) => {
    const { service, model, confidence } = azureModelOf(resource.type);
    return { logicalId: resource.name, type: resource.type, key: resource.key, typeSpan: resource.typeSpan, service, model, confidence };
  });
  // Stryker disable next-line StringLiteral: no Azure rule words its message or page by file kind
  const findings = withProvenance(checkAzureResources(resources, 'bicep', bicepLiteral), provenances);
  return { kind: 'bicep', cloud: 'azure', settings, findings, resources: infos, errors };
}

/**
 * A parameters file (`.bicepparam`) holds values for a template's parameters,
 * not resources: the settings they become are judged in the template, where
 * a parameter is a deploy-time value. Here the values are checked for literal
 * secrets, and a note on `using` says so, so the file is never passed over silently.
 */
function analyzeParameters(file: BicepFile, errors: ParseProblem[]): Analysis {
  const entries: Entry[] = [];
  for (const parameter of file.variables.values()) {
    if (!parameter.value) continue;
    const value = parameter.value;
    entries.push({ key: parameter.name, keySpan: parameter.nameSpan, value, span: { offset: parameter.nameSpan.offset, length: value.offset + value.length - parameter.nameSpan.offset } });
  }
  const at = file.using?.span ?? { offset: 0, length: 0 };
  const template = file.using ? `the template ${file.using.path}` : 'its template';
  const holder: AzureResource = { name: 'this parameters file', type: 'Microsoft.Resources/deployments', node: { kind: 'map', entries, offset: 0, length: 0 }, key: at, typeSpan: at };
  const note: ParseProblem = { span: at, severity: 'info', message: `Bicep parameters file: its values are judged in ${template}, where the parameters are used; here they are checked for literal secrets only.` };
  return { kind: 'bicep', cloud: 'azure', settings: [], findings: checkAzureLiteralSecrets(holder, 'bicep'), resources: [], errors: [...errors, note] };
}

/**
 * Replaces, in place, each bare name that stands for a literal (a variable
 * whose value is one, directly or through other variables) by that literal
 * at the name's place, and notes where it came from. Other names stay unknown.
 */
function resolveNames(node: Node, file: BicepFile, provenances: Provenance[]): void {
  if (node.kind === 'map') {
    for (const entry of node.entries) {
      if (entry.value) entry.value = resolved(entry.value, file, provenances);
      if (entry.value) resolveNames(entry.value, file, provenances);
    }
  } else if (node.kind === 'seq') {
    node.items = node.items.map((item) => resolved(item, file, provenances));
    for (const item of node.items) resolveNames(item, file, provenances);
  }
}

function resolved(node: Node, file: BicepFile, provenances: Provenance[]): Node {
  // Stryker disable next-line LogicalOperator,ConditionalExpression,OptionalChaining: only a bare name carries a variable's name (an interpolation or a reference carries its source text, never an identifier), and a bare name always carries it
  if (node.kind !== 'unknown' || node.name !== 'identifier' || node.argument?.kind !== 'scalar') return node;
  const first = String(node.argument.value);
  let name = first;
  // A variable may name another variable: follow a few steps, never a cycle.
  for (let step = 0; step < 8; step++) {
    // Symbols are unique in a Bicep file; a parameter is never resolved.
    if (file.parameters.has(name)) return node;
    const value = file.variables.get(name)?.value;
    if (!value) return node;
    if (value.kind === 'scalar') {
      provenances.push({ span: { offset: node.offset, length: node.length }, note: `The value comes from variable ${first}.` });
      return { kind: 'scalar', value: value.value, offset: node.offset, length: node.length };
    }
    // Stryker disable next-line LogicalOperator,ConditionalExpression,OptionalChaining: only a bare name carries a variable's name (an interpolation or a reference carries its source text, never an identifier), and a bare name always carries it
    if (value.kind !== 'unknown' || value.name !== 'identifier' || value.argument?.kind !== 'scalar') return node;
    name = String(value.argument.value);
  }
  return node;
}
