/**
 * The settings of an Azure resource, as every Azure format that writes ARM's
 * shape (ARM JSON, Bicep) lists them: every key below the resource except
 * the keys that place or relate it, each attributed with Microsoft's matrix.
 */
import type { Setting } from '../../types';
import type { Entry, MapNode } from '../../parse/tree';
import { azureAttribution, type AzureValueAt } from './attribution';
import { entryAtPath, isExpression, literalText, type AzureResource } from './resources';

const DEPLOYMENTS = 'microsoft.resources/deployments';

/**
 * Every key below the resource, except `structure` (lower case), a nested deployment's inline
 * template (whose resources are analysed as resources) and the `properties` envelope itself: it
 * only holds the resource's settings, as `Properties` does in CloudFormation, where it is no setting
 * either. A `properties` that is one deploy-time value (`[parameters('props')]`) stays a setting.
 */
export function azureResourceSettings(resource: AzureResource, structure: ReadonlySet<string>): Setting[] {
  const out: Setting[] = [];
  const nested = resource.type.toLowerCase() === DEPLOYMENTS;
  const valueAt: AzureValueAt = (path) => {
    const { entry, blocked } = entryAtPath(resource.node, path);
    return blocked ? undefined : literalText(entry?.value);
  };
  for (const entry of resource.node.entries) {
    if (structure.has(entry.key.toLowerCase())) continue;
    const envelope = entry.key.toLowerCase() === 'properties';
    walk(entry, entry.key, resource, valueAt, out, nested && envelope, envelope);
  }
  return out;
}

function walk(entry: Entry, path: string, resource: AzureResource, valueAt: AzureValueAt, out: Setting[], skipTemplate = false, envelope = false): void {
  const value = entry.value;
  const container = value !== undefined && !isExpression(value) && (value.kind === 'map' || value.kind === 'seq');
  if (!(envelope && container && value.kind === 'map')) out.push({ key: entry.keySpan, span: entry.span, resource: resource.name, resourceType: resource.type, path, leaf: !container, attribution: azureAttribution(resource.type, path, literalText(value), valueAt) });
  if (!container) return;
  if (value.kind === 'map') {
    for (const child of value.entries) {
      if (skipTemplate && child.key.toLowerCase() === 'template') continue;
      walk(child, `${path}.${child.key}`, resource, valueAt, out);
    }
    return;
  }
  value.items.forEach((item, index) => {
    if (item.kind === 'map') for (const child of (item as MapNode).entries) walk(child, `${path}[${index}].${child.key}`, resource, valueAt, out);
  });
}
