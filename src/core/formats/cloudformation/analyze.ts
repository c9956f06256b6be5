/** CloudFormation and SAM templates: detection, resources and their settings. */
import type { Analysis, ParseProblem, ResourceInfo, Setting } from '../../types';
import { attribute, serviceFacts } from '../../clouds/aws/attribution';
import { checkResources } from '../../clouds/aws/findings';
import { withTemplateFixes } from '../../clouds/aws/fixes';
import { parseJson } from '../../parse/json';
import { parseYaml } from '../../parse/yaml';
import { get, getEntry, scalar, type Entry, type MapNode, type Node } from '../../parse/tree';
import { samGlobals, withGlobals } from '../../clouds/aws/sam';

export function analyzeCloudFormation(text: string, fileName: string): Analysis {
  const parsed = isJson(fileName, text) ? parseJson(text) : parseYaml(text);
  // One clear problem per file: the first is the cause, the rest are echoes of it.
  const errors: ParseProblem[] = parsed.errors.slice(0, 1).map((error) => atVisibleText(error, text));
  if (!isCloudFormation(parsed.root)) {
    const kind = errors.length && looksLikeTemplate(text) ? 'cloudformation' : undefined;
    return { kind, settings: [], findings: [], errors: kind ? errors : [], resources: [] };
  }
  return { kind: 'cloudformation', ...analyzeTemplateRoot(parsed.root!, { partial: errors.length > 0, text }), errors };
}

/**
 * Settings, findings and resources of a template's root map. Serverless
 * Framework files pass `{Resources: …}` from their `resources` section, so
 * that plain CloudFormation there gets exactly what templates get.
 */
export function analyzeTemplateRoot(root: Node, options: { partial: boolean; /** The analysed text, for quick fixes (fixes.ts). */ text?: string }): Pick<Analysis, 'settings' | 'findings' | 'resources'> {
  const resources = templateResources(root);
  const globals = samGlobals(root);
  const settings = [
    ...resources.flatMap((resource) => resourceSettings(resource, withGlobals(resource, globals))),
    ...globals.flatMap((resource) => resourceSettings(resource)),
  ].sort((a, b) => a.key.offset - b.key.offset);
  // Globals sections legitimately leave most properties out: only what they set can be a finding.
  const findings = [...checkResources(resources, root, options), ...checkResources(globals, undefined, { partial: true })].sort(
    (a, b) => a.span.offset - b.span.offset,
  );
  const infos = [...resources, ...globals].map((resource) => resource.info).sort((a, b) => a.key.offset - b.key.offset);
  return { settings, findings: options.text === undefined ? findings : withTemplateFixes(options.text, root, findings), resources: infos };
}

function isJson(fileName: string, text: string): boolean {
  if (/\.jsonc?$/i.test(fileName)) return true;
  if (/\.ya?ml$/i.test(fileName)) return false;
  return /^\s*[{[]/.test(text.replace(/^\uFEFF/, ''));
}

/** A broken file is still reported when it clearly meant to be a template. */
function looksLikeTemplate(text: string): boolean {
  return text.includes('AWSTemplateFormatVersion') || /["']?Type["']?\s*:\s*["']?AWS::/.test(text.slice(0, 200_000));
}

/** Parsers report unclosed structures at the end of the file; point at the last visible character instead. */
export function atVisibleText(error: ParseProblem, text: string): ParseProblem {
  const visibleEnd = text.trimEnd().length;
  if (error.span.offset < visibleEnd) return error;
  return { ...error, span: { offset: Math.max(0, visibleEnd - 1), length: visibleEnd > 0 ? 1 : 0 } };
}

/** Cheap test on raw text so that unrelated YAML and JSON files are never parsed. */
export function mightBeCloudFormation(text: string): boolean {
  return text.includes('AWSTemplateFormatVersion') || /AWS::[A-Za-z0-9]+::/.test(text);
}

export function isCloudFormation(root: Node | undefined): boolean {
  if (root?.kind !== 'map') return false;
  if (getEntry(root, 'AWSTemplateFormatVersion')) return true;
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return false;
  return resources.entries.some((entry) => {
    const type = scalar(get(entry.value, 'Type'));
    return typeof type === 'string' && type.startsWith('AWS::');
  });
}

export interface TemplateResource {
  info: ResourceInfo;
  /** The resource's map: Type, Properties, DeletionPolicy … */
  node: MapNode;
}

export function templateResources(root: Node): TemplateResource[] {
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return [];
  const out: TemplateResource[] = [];
  for (const entry of resources.entries) {
    if (entry.value?.kind !== 'map') continue;
    const typeEntry = getEntry(entry.value, 'Type');
    const type = scalar(typeEntry?.value);
    if (!typeEntry || typeof type !== 'string') continue;
    const facts = serviceFacts(type);
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
