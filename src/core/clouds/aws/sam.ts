/**
 * AWS SAM `Globals`: properties declared once and inherited by every
 * AWS::Serverless::* resource of that kind. Each section is analysed as if it
 * were the Properties of such a resource (resource name `Globals.Function`),
 * and a resource's value-dependent attributions see the merged properties
 * (a Function without its own Runtime runs the Globals one).
 */
import type { TemplateResource } from './resources';
import { serviceFacts } from './attribution';
import { get, getEntry, type Entry, type MapNode, type Node } from '../../parse/tree';

/** Sections the SAM specification lets Globals hold, and the type each stands for. */
const SECTION_TYPES: Record<string, string> = {
  Function: 'AWS::Serverless::Function',
  Api: 'AWS::Serverless::Api',
  HttpApi: 'AWS::Serverless::HttpApi',
  SimpleTable: 'AWS::Serverless::SimpleTable',
  StateMachine: 'AWS::Serverless::StateMachine',
};

/** One pseudo-resource per Globals section, its node shaped `{Properties: <section>}`. */
export function samGlobals(root: Node): TemplateResource[] {
  const globals = get(root, 'Globals');
  if (globals?.kind !== 'map') return [];
  const out: TemplateResource[] = [];
  for (const section of globals.entries) {
    const type = SECTION_TYPES[section.key];
    if (!type || section.value?.kind !== 'map') continue;
    const facts = serviceFacts(type);
    const properties: Entry = { key: 'Properties', keySpan: section.keySpan, value: section.value, span: section.span };
    out.push({
      node: { kind: 'map', entries: [properties], offset: section.span.offset, length: section.span.length },
      info: {
        logicalId: `Globals.${section.key}`,
        type,
        key: section.keySpan,
        typeSpan: section.keySpan,
        service: facts.service,
        model: facts.model,
        confidence: facts.confidence,
      },
    });
  }
  return out;
}

/**
 * The resource as SAM deploys it: its Properties merged over the Globals
 * section of its type (maps merge, lists add up, the resource's own scalars
 * win), as the Globals documentation describes. Other resources are returned
 * unchanged.
 */
export function withGlobals(resource: TemplateResource, globals: TemplateResource[]): Node {
  const section = globals.find((candidate) => candidate.info.type === resource.info.type);
  const inherited = section ? get(section.node, 'Properties') : undefined;
  if (inherited?.kind !== 'map') return resource.node;
  const own = getEntry(resource.node, 'Properties');
  const merged = merge(own?.value, inherited);
  const entries = resource.node.entries.filter((entry) => entry.key !== 'Properties');
  entries.push({ key: 'Properties', keySpan: own?.keySpan ?? resource.info.key, value: merged, span: own?.span ?? resource.info.key });
  return { ...resource.node, entries };
}

function merge(own: Node | undefined, inherited: Node): Node {
  if (own === undefined) return inherited;
  if (own.kind === 'map' && inherited.kind === 'map') {
    const entries: Entry[] = [...own.entries];
    for (const entry of inherited.entries) {
      const mine = entries.findIndex((candidate) => candidate.key === entry.key);
      if (mine < 0) entries.push(entry);
      else if (entry.value && entries[mine].value) entries[mine] = { ...entries[mine], value: merge(entries[mine].value, entry.value) };
    }
    return { ...(own as MapNode), entries };
  }
  if (own.kind === 'seq' && inherited.kind === 'seq') return { ...own, items: [...inherited.items, ...own.items] };
  return own;
}
