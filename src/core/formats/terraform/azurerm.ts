/**
 * Terraform `azurerm_*` resources on the Azure resource model: each resource
 * becomes the ARM resource it creates (clouds/azure/knowledge/terraform-mapping.json),
 * its attributes the ARM properties they set, with the Terraform spans, so
 * that attribution and checks are the ARM template's own. Attributes the
 * mapping does not list map by name (`site_config.always_on` →
 * `properties.siteConfig.alwaysOn`).
 */
import type { Finding, ResourceInfo, Setting, Span } from '../../types';
import type { TfBlock } from '../../parse/hcl';
import type { Entry, MapNode, Node, ScalarNode } from '../../parse/tree';
import { azureTerraformMapping } from '../../clouds/azure/knowledge';
import type { AzureTerraformAttribute } from '../../clouds/azure/knowledge/schema';
import { azureAttribution, azureModelOf, type AzureValueAt } from '../../clouds/azure/attribution';
import { checkAzureResources } from '../../clouds/azure/findings';
import { entryAtPath, literalText, type AzureResource } from '../../clouds/azure/resources';

/** Terraform's own arguments, not the resource's settings. */
const META = new Set(['count', 'for_each', 'depends_on', 'provider', 'provisioner', 'connection', 'lifecycle', 'timeouts']);
/** Arguments that are ARM's top-level keys rather than `properties`. */
const TOP_LEVEL = new Set(['location', 'tags', 'identity', 'zones', 'name', 'kind']);

export function isAzurermResource(block: TfBlock): boolean {
  return block.blockType === 'resource' && block.labels.length >= 2 && block.labels[0].startsWith('azurerm_');
}

/** Whether the file names the azurerm provider (a provider block, an `azurerm_*` data source, `required_providers`), for a file with no resources to tell its cloud by. */
export function namesAzurerm(blocks: readonly TfBlock[]): boolean {
  return blocks.some((block) => {
    if (block.blockType === 'provider') return block.labels[0] === 'azurerm';
    if (block.blockType === 'data') return block.labels[0]?.startsWith('azurerm_') === true;
    if (block.blockType !== 'terraform') return false;
    const required = block.body.entries.find((entry) => entry.key === 'required_providers')?.value;
    const maps = required?.kind === 'seq' ? required.items : required ? [required] : [];
    return maps.some((map) => map.kind === 'map' && map.entries.some((entry) => entry.key === 'azurerm'));
  });
}

export interface AzurermAnalysis {
  settings: Setting[];
  findings: Finding[];
  resources: ResourceInfo[];
}

export function analyzeAzurerm(blocks: readonly TfBlock[], headerSpan: (block: TfBlock) => Span): AzurermAnalysis {
  const settings: Setting[] = [];
  const resources: AzureResource[] = [];
  const infos: ResourceInfo[] = [];
  // Values written in Terraform's spelling and shown in ARM's (`true` → `Enabled`): a fix there would write ARM's spelling.
  const translated = new Set<number>();
  for (const block of blocks) {
    const [tfType, name] = block.labels;
    const mapping = azureTerraformMapping.resources[tfType];
    const type = mapping?.type ?? tfType;
    const id = `${tfType}.${name}`;
    const builder = new ArmBuilder(block.body);
    // Attributed once the whole block is built, so that an owner can depend on another setting (`byValueOf`).
    const visited: { entry: Entry; tfPath: string; armPath: string }[] = [];
    const visit = (entry: Entry, tfPath: string, armPath: string): void => {
      visited.push({ entry, tfPath, armPath });
      const attribute = mapping?.attributes[plain(tfPath)];
      for (const [key, implied] of Object.entries(attribute?.implies ?? {})) {
        builder.set(`${armPath}.${key}`, entry, { kind: 'scalar', value: implied === 'true' ? true : implied === 'false' ? false : implied, offset: entry.keySpan.offset, length: entry.keySpan.length });
      }
      // A block that is an ARM list (`security_rule`) may be written once: Terraform then gives a map.
      const value = attribute?.items && entry.value?.kind === 'map' ? { kind: 'seq' as const, items: [entry.value], offset: entry.value.offset, length: entry.value.length } : entry.value;
      if (value?.kind === 'map') {
        for (const child of value.entries) visit(child, `${tfPath}.${child.key}`, armPathOf(mapping?.attributes, `${plain(tfPath)}.${child.key}`, `${armPath}.${camel(child.key)}`));
        return;
      }
      if (value?.kind === 'seq' && value.items.some((item) => item.kind === 'map')) {
        const single = entry.value?.kind === 'map';
        value.items.forEach((item, index) => {
          if (item.kind !== 'map') return;
          const itemPath = `${armPath}[${index}]${attribute?.items ? `.${attribute.items}` : ''}`;
          for (const child of item.entries) visit(child, `${tfPath}${single ? '' : `[${index}]`}.${child.key}`, `${itemPath}.${camel(child.key)}`);
        });
        return;
      }
      builder.set(armPath, entry, translate(value, attribute, translated));
    };
    for (const entry of block.body.entries) {
      if (META.has(entry.key)) continue;
      visit(entry, entry.key, armPathOf(mapping?.attributes, entry.key, TOP_LEVEL.has(entry.key) ? camel(entry.key) : `properties.${camel(entry.key)}`));
    }
    const valueAt: AzureValueAt = (path) => {
      const { entry, blocked } = entryAtPath(builder.root, path);
      return blocked ? undefined : literalText(entry?.value);
    };
    for (const { entry, tfPath, armPath } of visited) {
      settings.push({ key: entry.keySpan, span: entry.span, resource: id, resourceType: tfType, path: tfPath, leaf: !isGroup(entry.value), attribution: azureAttribution(type, armPath, literalText(entry.value), valueAt) });
    }
    const typeSpan = headerSpan(block);
    resources.push({ name: id, type, node: builder.root, key: block.labelSpans[1], typeSpan });
    const { service, model, confidence } = azureModelOf(type);
    infos.push({ logicalId: id, type: tfType, key: block.labelSpans[1], typeSpan, service, model, confidence });
  }
  const findings = checkAzureResources(resources, 'terraform').map((finding) => {
    // Resources here are named `tfType.name`; findings, like settings, carry the Terraform type.
    const tfType = finding.resource.slice(0, finding.resource.indexOf('.'));
    const message = inTerraformTerms(finding.message, azureTerraformMapping.resources[tfType]?.attributes);
    const fix = finding.fix && !finding.fix.edits.some((edit) => translated.has(edit.offset)) ? { ...finding.fix, target: { resourceType: tfType, path: finding.fix.target?.path ?? '' } } : undefined;
    return { ...finding, message, resourceType: tfType, fix };
  });
  return { settings, findings, resources: infos };
}

/** A rule's message names ARM properties and values; a Terraform user reads the attribute (`min_tls_version`) and its spelling (`false`). */
function inTerraformTerms(message: string, attributes: Record<string, AzureTerraformAttribute> | undefined): string {
  let out = message;
  for (const [tfPath, attribute] of Object.entries(attributes ?? {})) {
    const armLeaf = attribute.path.slice(attribute.path.lastIndexOf('.') + 1);
    const tfLeaf = tfPath.slice(tfPath.lastIndexOf('.') + 1);
    if (!out.includes(armLeaf)) continue;
    out = out.split(armLeaf).join(tfLeaf);
    for (const [tfValue, armValue] of Object.entries(attribute.values ?? {})) out = out.split(`${tfLeaf} to ${armValue}`).join(`${tfLeaf} to ${tfValue}`);
  }
  // A full ARM path (`properties.administratorLoginPassword`) of an attribute that maps by name reads as the attribute.
  return out.replace(/\bproperties\.([A-Za-z0-9.[\]]+[A-Za-z0-9\]])/g, (_whole, rest: string) => rest.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase());
}

/** The ARM path of a Terraform path: its own mapping, else the mapping of its nearest mapped parent with the rest by name, else `fallback`. */
function armPathOf(attributes: Record<string, AzureTerraformAttribute> | undefined, tfPath: string, fallback: string): string {
  if (!attributes) return fallback;
  const own = attributes[tfPath];
  if (own) return own.path;
  return fallback;
}

function translate(value: Node | undefined, attribute: AzureTerraformAttribute | undefined, translated: Set<number>): Node | undefined {
  if (!attribute?.values || value?.kind !== 'scalar' || value.value === null) return value;
  const spelled = attribute.values[String(value.value)];
  if (spelled === undefined) return value;
  translated.add(value.offset);
  return { ...value, value: spelled } as ScalarNode;
}

function isGroup(value: Node | undefined): boolean {
  return value?.kind === 'map' || (value?.kind === 'seq' && value.items.some((item) => item.kind === 'map'));
}

/** `security_rule[2].access` → `security_rule.access` (mappings name paths without indexes). */
function plain(path: string): string {
  return path.replace(/\[\d+\]/g, '');
}

/** `minimum_tls_version` → `minimumTlsVersion`. */
function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_whole, letter: string) => letter.toUpperCase());
}

/** Builds the ARM-shaped map the checks read, from leaves at ARM paths, every node spanning the Terraform text it came from. */
class ArmBuilder {
  readonly root: MapNode;

  constructor(body: MapNode) {
    this.root = { kind: 'map', entries: [], offset: body.offset, length: body.length };
  }

  set(path: string, entry: Entry, value: Node | undefined): void {
    const segments = path.split('.');
    let current: Node = this.root;
    for (let index = 0; index < segments.length; index++) {
      const match = /^([^[]+)((?:\[\d+\])*)$/.exec(segments[index]);
      if (!match || current.kind !== 'map') return;
      const key = match[1];
      const indexes = [...match[2].matchAll(/\[(\d+)\]/g)].map((found) => Number(found[1]));
      const last = index === segments.length - 1 && indexes.length === 0;
      let child: Entry | undefined = current.entries.find((candidate) => candidate.key === key);
      if (!child) {
        child = { key, keySpan: entry.keySpan, span: entry.span, value: last ? value : indexes.length ? { kind: 'seq', items: [], offset: entry.span.offset, length: entry.span.length } : { kind: 'map', entries: [], offset: entry.span.offset, length: entry.span.length } };
        current.entries.push(child);
      }
      if (last) return;
      let next: Node | undefined = child.value;
      for (const position of indexes) {
        if (next?.kind !== 'seq') return;
        while (next.items.length <= position) next.items.push({ kind: 'map', entries: [], offset: entry.span.offset, length: entry.span.length });
        next = next.items[position];
      }
      if (index === segments.length - 1) return;
      if (!next) return;
      current = next;
    }
  }
}
