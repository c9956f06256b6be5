/**
 * Azure Resource Manager (ARM) JSON templates: resources at any depth (child
 * `resources` arrays, symbolic-name resources of languageVersion 2.0, inline
 * templates of nested deployments), their settings attributed with
 * Microsoft's matrix and checked against the Azure rules.
 */
import type { Analysis, ParseProblem, ResourceInfo } from '../../types';
import { atVisibleText } from '../../parse/limits';
import { parseJson, withStringLineBreaksAsSpaces } from '../../parse/json';
import type { Entry, Node } from '../../parse/tree';
import { entryCI, literalText, type AzureResource } from '../../clouds/azure/resources';
import { azureResourceSettings } from '../../clouds/azure/settings';
import { azureModelOf } from '../../clouds/azure/attribution';
import { checkAzureResources } from '../../clouds/azure/findings';

/** Keys that place or relate a resource rather than configure it. */
const STRUCTURE = new Set(['type', 'apiversion', 'name', 'dependson', 'copy', 'condition', 'comments', 'resources', 'existing', 'scope', 'metadata', 'import']);

const DEPLOYMENTS = 'microsoft.resources/deployments';

/** Cheap test on the first 200 kB: an ARM template names its schema, `…/deploymentTemplate.json#`. */
export function mightBeArmTemplate(head: string): boolean {
  return head.includes('$schema') && /deploymentTemplate\.json/i.test(head);
}

export function analyzeArm(text: string): Analysis {
  // ARM accepts strings that span lines; read as JSON, each of those line breaks is a space (same offsets).
  const parsed = parseJson(withStringLineBreaksAsSpaces(text));
  // One clear problem per file: the first is the cause, the rest are echoes of it.
  const errors: ParseProblem[] = parsed.errors.slice(0, 1).map((error) => atVisibleText(error, text));
  const resources: AzureResource[] = [];
  // Stryker disable next-line ConditionalExpression: entryCI finds no resources in a root that is not an object, so collect gets nothing either way
  if (parsed.root?.kind === 'map') collect(entryCI(parsed.root, 'resources')?.value, '', resources);
  const settings = resources.flatMap((resource) => azureResourceSettings(resource, STRUCTURE)).sort((a, b) => a.key.offset - b.key.offset);
  const infos: ResourceInfo[] = resources.map((resource) => {
    const { service, model, confidence } = azureModelOf(resource.type);
    return { logicalId: resource.name, type: resource.type, key: resource.key, typeSpan: resource.typeSpan, service, model, confidence };
  });
  return { kind: 'arm', cloud: 'azure', settings, findings: checkAzureResources(resources, 'arm'), errors, resources: infos };
}

/** The resources of a `resources` array (or symbolic-name map), their children and nested deployments' inline templates. */
function collect(node: Node | undefined, parentType: string, out: AzureResource[]): void {
  if (node?.kind === 'seq') for (const item of node.items) add(item, undefined, parentType, out);
  else if (node?.kind === 'map') for (const entry of node.entries) add(entry.value, entry, parentType, out);
}

function add(node: Node | undefined, symbolic: Entry | undefined, parentType: string, out: AzureResource[]): void {
  // Stryker disable next-line ConditionalExpression: entryCI finds no type in anything but an object, so the next check returns too
  if (node?.kind !== 'map') return;
  const typeEntry = entryCI(node, 'type');
  const declared = literalText(typeEntry?.value) ?? (typeEntry?.value?.kind === 'scalar' ? String(typeEntry.value.value) : undefined);
  if (!typeEntry || declared === undefined) return;
  // A referenced resource (`"existing": true`) is deployed elsewhere: nothing here configures it.
  if (literalText(entryCI(node, 'existing')?.value) === 'true') return;
  // A child resource's type may be relative to its parent's: `firewallRules` under `Microsoft.Sql/servers`.
  const type = declared.includes('/') || !parentType ? declared : `${parentType}/${declared}`;
  const nameEntry = entryCI(node, 'name');
  const name = symbolic?.key ?? (nameEntry?.value?.kind === 'scalar' ? String(nameEntry.value.value) : type);
  out.push({ name, type, node, key: symbolic?.keySpan ?? nameEntry?.span ?? typeEntry.span, typeSpan: typeEntry.span });
  collect(entryCI(node, 'resources')?.value, type, out);
  if (type.toLowerCase() === DEPLOYMENTS) {
    const template = entryCI(entryCI(node, 'properties')?.value, 'template')?.value;
    // Stryker disable next-line ConditionalExpression: entryCI finds no resources in a template that is not an object, so collect gets nothing either way
    if (template?.kind === 'map') collect(entryCI(template, 'resources')?.value, '', out);
  }
}
