/**
 * Who refers to whom in a Terraform module (the analysed file and the `.tf`
 * and `.tf.json` files beside it), for the checks that depend on another
 * resource:
 *
 * - a part of a resource written as a resource of its own
 *   (`aws_s3_bucket_versioning` for an `aws_s3_bucket`, terraform-mapping.json
 *   `splitOf`): the parent then has that part, set elsewhere;
 * - `referenced-by` rules (a VPC and the `aws_flow_log` that names it).
 *
 * A reference is `aws_x.name.attr` (with or without an index or `${…}`);
 * a literal names the resource whose own attribute has that value (a bucket's
 * name); anything else (a variable, a local, a module output, `each.value`)
 * may name any resource, so it is taken to name every one: a rule never flags
 * what another resource may cover. Only blocks of the wanted types are parsed
 * from the files beside; what was parsed is cached per siblings object and
 * file, and parsed again when the text changes.
 */
import type { SiblingFiles } from '../../types';
import { isTerraformParserLoaded, parseTerraform, parseTerraformJson, type TfBlock } from '../../parse/hcl';
import { parseJson } from '../../parse/json';
import { getEntry, scalar, type MapNode, type Node } from '../../parse/tree';

const MAX_SIBLING_CHARS = 2_000_000;

/** A resource block of the module, with the text its spans point into. */
export interface ModuleResource {
  tfType: string;
  name: string;
  body: MapNode;
  text: string;
}

/** What an attribute names: a resource (`aws_vpc.main`), a literal, or something that cannot be told. */
export type Named = { kind: 'resource'; id: string } | { kind: 'literal'; value: string } | { kind: 'opaque' };

/** The resource blocks of `types` in the module of `fileName`; undefined when a file beside could not be read for them. */
export function moduleResources(fileName: string, own: readonly TfBlock[], ownText: string, siblings: SiblingFiles | undefined, types: ReadonlySet<string>): ModuleResource[] | undefined {
  // Stryker disable next-line ConditionalExpression: a shortcut; with no type wanted no block is kept anyway
  if (types.size === 0) return [];
  const self = fileName.split(/[\\/]/).pop() ?? fileName;
  const out: ModuleResource[] = [...ofBlocks(own, ownText, types)];
  if (!siblings) return out;
  let parsed = cache.get(siblings);
  // Stryker disable next-line ConditionalExpression: a cache; a new one parses the files again, to the same resources
  if (!parsed) cache.set(siblings, (parsed = new Map()));
  for (const name of siblings.list()) {
    if (name === self || !/\.tf(?:\.json)?$/.test(name)) continue;
    let text: string | undefined;
    try {
      text = siblings.read(name);
    } catch {
      text = undefined;
    }
    if (text === undefined || text.length > MAX_SIBLING_CHARS || text.includes('\u0000')) continue;
    // Stryker disable next-line MethodExpression: a cache key; the same types in another order only miss the cache
    const key = `${name}\u0000${[...types].sort().join(',')}`;
    let entry = parsed.get(key);
    // Stryker disable next-line ConditionalExpression: a cache; parsing an unchanged file again gives the same resources
    if (!entry || entry.text !== text) parsed.set(key, (entry = { text, resources: resourcesOfText(text, name, types) }));
    if (entry.resources === undefined) return undefined;
    out.push(...entry.resources);
  }
  return out;
}

const cache = new WeakMap<SiblingFiles, Map<string, { text: string; resources: ModuleResource[] | undefined }>>();

function ofBlocks(blocks: readonly TfBlock[], text: string, types: ReadonlySet<string>): ModuleResource[] {
  return blocks.filter((block) => block.blockType === 'resource' && block.labels.length >= 2 && types.has(block.labels[0])).map((block) => ({ tfType: block.labels[0], name: block.labels[1], body: block.body, text }));
}

/** Top-level `resource "type"` headers at the start of a line. */
const RESOURCE_HEADER = /^resource\s+"([A-Za-z0-9_]+)"/gm;
const TOP_LEVEL_BLOCK = /^(?:resource|data|ephemeral|module|variable|locals|provider|output|terraform|moved|import|check|removed)\b/gm;

function resourcesOfText(text: string, name: string, types: ReadonlySet<string>): ModuleResource[] | undefined {
  try {
    if (name.endsWith('.json')) {
      // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; a file without the type's name has no block of it, parsed or not
      if (![...types].some((type) => text.includes(`"${type}"`))) return [];
      const parsed = parseJson(text);
      return parsed.root ? ofBlocks(parseTerraformJson(parsed.root).blocks, text, types) : [];
    }
    // Stryker disable next-line MethodExpression: a shortcut; blocks of other types would be parsed, each in its own piece, and then dropped by ofBlocks
    const wanted = [...text.matchAll(RESOURCE_HEADER)].filter((match) => types.has(match[1]));
    // Stryker disable next-line ConditionalExpression: a shortcut; no wanted block joins to an empty text, which has no block
    if (wanted.length === 0) return [];
    if (!isTerraformParserLoaded()) return undefined;
    // Just the wanted blocks: the rest costs a parse and holds nothing read here.
    const starts = [...text.matchAll(TOP_LEVEL_BLOCK)].map((match) => match.index);
    const pieces = wanted.map((match) => text.slice(match.index, starts.find((start) => start > match.index) ?? text.length));
    // Stryker disable next-line StringLiteral: each piece but the last ends where a top-level block starts a line, so a line break already separates them
    const joined = pieces.join('\n');
    return ofBlocks(parseTerraform(joined).blocks, joined, types);
  } catch {
    return undefined;
  }
}

/** What the value of a reference attribute names. */
export function named(value: Node | undefined, text: string): Named {
  let source: string;
  if (value?.kind === 'scalar') {
    if (typeof value.value !== 'string') return { kind: 'opaque' };
    // Terraform JSON writes references as "${…}" strings.
    if (!value.value.includes('${')) return { kind: 'literal', value: value.value };
    source = value.value.trim();
  } else if (value?.kind === 'unknown') source = text.slice(value.offset, value.offset + value.length).trim();
  else return { kind: 'opaque' };
  // Unwrap `"${…}"` first, so that the pattern has no two adjacent optional runs of spaces (linear, the ReDoS lint).
  const inner = source.replace(/^"/, '').replace(/"$/, '').replace(/^\$\{/, '').replace(/\}$/, '').trim();
  const match = /^(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\s*\.\s*[a-z_]+$/.exec(inner);
  return match ? { kind: 'resource', id: `${match[1]}.${match[2]}` } : { kind: 'opaque' };
}

/** Whether `value` (an attribute of a module resource) names resource `id`, whose own literal for the same attribute is `literal`. */
export function names(value: Named, id: string, literal: unknown): 'yes' | 'no' | 'maybe' {
  if (value.kind === 'opaque') return 'maybe';
  if (value.kind === 'resource') return value.id === id ? 'yes' : 'no';
  return typeof literal === 'string' && literal === value.value ? 'yes' : 'no';
}

/** A resource's literal value of `attribute` (a bucket's name), for references written as that literal. */
export function literalOf(body: MapNode, attribute: string): unknown {
  return scalar(getEntry(body, attribute)?.value);
}
