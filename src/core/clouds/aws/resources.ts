/**
 * The CloudFormation resource model that every AWS format maps onto:
 * CloudFormation and SAM templates directly, Serverless through its
 * `resources` section, Terraform and Kubernetes through translated nodes.
 */
import type { ResourceInfo, Setting } from '../../types';
import { attribute, serviceFacts } from './attribution';
import { get, getEntry, scalar, type Entry, type MapNode, type Node } from '../../parse/tree';

export interface TemplateResource {
  info: ResourceInfo;
  /** The resource's map: Type, Properties, DeletionPolicy … */
  node: MapNode;
  /** The map as written, when `node` judges references by written-down defaults (parameters.ts). */
  written?: MapNode;
  /** The resource as deployed, SAM Globals merged in (sam.ts): a property it inherits is not missing. */
  deployed?: Node;
}

export function templateResources(root: Node): TemplateResource[] {
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return [];
  const out: TemplateResource[] = [];
  for (const entry of resources.entries) {
    // Stryker disable next-line ConditionalExpression: getEntry finds no Type in anything but a map, so the next check skips it too
    if (entry.value?.kind !== 'map') continue;
    const typeEntry = getEntry(entry.value, 'Type');
    const type = scalar(typeEntry?.value);
    if (!typeEntry || typeof type !== 'string') continue;
    const facts = serviceFacts(type, undefined, entry.value);
    const constructPath = scalar(get(get(entry.value, 'Metadata'), 'aws:cdk:path'));
    out.push({
      node: entry.value,
      info: {
        logicalId: entry.key,
        type,
        key: entry.keySpan,
        typeSpan: typeEntry.span,
        service: facts.service,
        model: facts.model,
        confidence: facts.confidence,
        ...(facts.variant ? { variant: facts.variant.name } : {}),
        ...(typeof constructPath === 'string' ? { constructPath } : {}),
      },
    });
  }
  return out;
}

/** Resource attributes that govern what happens to data when a resource goes. */
const ATTRIBUTED_RESOURCE_KEYS = new Set(['DeletionPolicy', 'UpdateReplacePolicy']);

/** `context` is the resource as deployed (SAM Globals merged in), for value-dependent rules; settings come from `resource` only. */
export function resourceSettings(resource: TemplateResource, context: Node = resource.node): Setting[] {
  const settings: Setting[] = [];
  const { logicalId, type } = resource.info;
  const visit = (entry: Entry, path: string): void => {
    settings.push({
      key: entry.keySpan,
      span: entry.span,
      resource: logicalId,
      resourceType: type,
      path,
      leaf: !isGroup(entry.value),
      attribution: attribute({ resourceType: type, path, value: entry.value, resource: context }),
    });
    visitValue(entry.value, path);
  };
  const visitValue = (value: Node | undefined, path: string): void => {
    if (value?.kind === 'map') for (const child of value.entries) visit(child, `${path}.${child.key}`);
    else if (value?.kind === 'seq') value.items.forEach((item, index) => visitValue(item, `${path}[${index}]`));
  };
  for (const entry of resource.node.entries) {
    if (entry.key === 'Properties') visitValue(entry.value, 'Properties');
    else if (ATTRIBUTED_RESOURCE_KEYS.has(entry.key)) visit(entry, entry.key);
  }
  return settings;
}

function isGroup(value: Node | undefined): boolean {
  return value?.kind === 'map' || (value?.kind === 'seq' && value.items.some((item) => item.kind === 'map'));
}
