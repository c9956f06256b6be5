/**
 * Values a Terraform configuration writes down for `var.x` and `local.x`,
 * so that checks judge them as Terraform would plan them:
 *
 * - a `variable` block's `default`, from any `.tf` or `.tf.json` of the folder;
 * - over it, the files Terraform loads by itself, in its order: `terraform.tfvars`,
 *   `terraform.tfvars.json`, then `*.auto.tfvars` and `*.auto.tfvars.json` by name;
 * - a `locals` entry set to a literal (no reference, call or expression in it).
 *
 * Only literal values count, and only for variables the folder declares.
 * `-var`, `-var-file`, environment variables and module calls are not
 * visible here, so nothing is guessed about them. The folder's other files
 * come through `context.siblings`; what is parsed from each is cached per
 * siblings object and file, and parsed again when the file's text changes.
 */
import type { Provenance } from '../../engine/provenance';
import type { SiblingFiles } from '../../types';
import { isTerraformParserLoaded, parseTerraform, parseTerraformJson, type TfBlock } from '../../parse/hcl';
import { parseJson } from '../../parse/json';
import { getEntry, replaceUnknowns, scalar, type Entry, type MapNode, type Node, type UnknownNode } from '../../parse/tree';

/** Sibling files larger than this are not read for values (a tfvars file is small). */
const MAX_SIBLING_CHARS = 2_000_000;

interface Written {
  /** The value, with spans in the file it is written in. */
  value: Node;
  /** Base name of that file. */
  file: string;
}

interface FileValues {
  defaults: Map<string, Written>;
  locals: Map<string, Written>;
  /** Assignments of a tfvars file. */
  assigned: Map<string, Written>;
  /** Variables the file declares, with or without a default. */
  declared: Set<string>;
}

/** What `var.x` and `local.x` stand for in one folder, for one analysed file. */
export interface FolderValues {
  variables: ReadonlyMap<string, { value: Node; note: string }>;
  locals: ReadonlyMap<string, { value: Node; note: string }>;
}

export const NO_VALUES: FolderValues = { variables: new Map(), locals: new Map() };

export function isTfvarsName(name: string): boolean {
  return /^terraform\.tfvars(?:\.json)?$/.test(name) || /\.auto\.tfvars(?:\.json)?$/.test(name);
}

function isConfigurationName(name: string): boolean {
  return /\.tf(?:\.json)?$/.test(name);
}

/** The siblings a Terraform file's analysis reads. */
export function readsTerraformSibling(fileName: string, siblingName: string): boolean {
  return siblingName !== baseName(fileName) && (isConfigurationName(siblingName) || isTfvarsName(siblingName));
}

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

/** Per siblings object (one per folder) and file: the text last parsed and what it gave. */
const cache = new WeakMap<SiblingFiles, Map<string, { text: string | undefined; values: FileValues | undefined }>>();

/** The folder's values as seen from `fileName`, whose own blocks are `own` (its current, maybe unsaved, text). */
export function folderValues(fileName: string, own: readonly TfBlock[], siblings: SiblingFiles | undefined): FolderValues {
  const self = baseName(fileName);
  const files: FileValues[] = [];
  const tfvars: { name: string; values: FileValues }[] = [];
  files.push(valuesOfBlocks(own, self));
  if (siblings) {
    let parsed = cache.get(siblings);
    // Stryker disable next-line ConditionalExpression: a cache; a new one parses the files again, to the same values
    if (!parsed) cache.set(siblings, (parsed = new Map()));
    for (const name of siblings.list()) {
      if (!readsTerraformSibling(fileName, name)) continue;
      const text = readText(siblings, name);
      let entry = parsed.get(name);
      // Owners hand out the same string while a file is unchanged: comparing is cheap then.
      // Stryker disable next-line ConditionalExpression: a cache; parsing an unchanged file again gives the same values
      if (!entry || entry.text !== text) parsed.set(name, (entry = { text, values: valuesOfText(text, name) }));
      const values = entry.values;
      if (!values) continue;
      if (isTfvarsName(name)) tfvars.push({ name, values });
      else files.push(values);
    }
  }
  const declared = new Set(files.flatMap((file) => [...file.declared]));
  const variables = new Map<string, { value: Node; note: string }>();
  const locals = new Map<string, { value: Node; note: string }>();
  for (const file of files) {
    for (const [name, written] of file.defaults) if (!variables.has(name)) variables.set(name, { value: written.value, note: `The value comes from the default of variable ${name} (${written.file}).` });
    for (const [name, written] of file.locals) if (!locals.has(name)) locals.set(name, { value: written.value, note: `The value comes from local ${name} (${written.file}).` });
  }
  // terraform.tfvars, then terraform.tfvars.json, then *.auto.tfvars(.json) by name: later files win.
  tfvars.sort((a, b) => tfvarsRank(a.name) - tfvarsRank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { values } of tfvars) {
    for (const [name, written] of values.assigned) {
      if (declared.has(name)) variables.set(name, { value: written.value, note: `The value comes from variable ${name} as set in ${written.file}.` });
    }
  }
  return { variables, locals };
}

function tfvarsRank(name: string): number {
  return name === 'terraform.tfvars' ? 0 : name === 'terraform.tfvars.json' ? 1 : 2;
}

function readText(siblings: SiblingFiles, name: string): string | undefined {
  try {
    return siblings.read(name);
  } catch {
    return undefined;
  }
}

function valuesOfText(text: string | undefined, name: string): FileValues | undefined {
  if (text === undefined || text.length > MAX_SIBLING_CHARS || text.includes('\u0000')) return undefined;
  try {
    if (isTfvarsName(name)) return { defaults: new Map(), locals: new Map(), declared: new Set(), assigned: tfvarsAssignments(text, name) };
    // Most files beside (main.tf, outputs.tf …) declare no variable and no local: not worth a parse.
    if (name.endsWith('.json')) {
      if (!/"(?:variable|locals)"\s*:/.test(text)) return EMPTY;
      const parsed = parseJson(text);
      return parsed.root ? valuesOfBlocks(parseTerraformJson(parsed.root).blocks, name) : undefined;
    }
    const wanted = variableAndLocalBlocks(text);
    // Stryker disable next-line ConditionalExpression: parsing undefined throws, caught below: the file gives no values either way
    if (wanted === undefined) return EMPTY;
    return isTerraformParserLoaded() ? valuesOfBlocks(parseTerraform(wanted).blocks, name) : undefined;
  } catch {
    return undefined;
  }
}

/** Top-level block keywords at the start of a line, as Terraform files are written (parse/hcl.ts cuts half-typed files the same way). */
const TOP_LEVEL_BLOCK = /^(?:resource|data|ephemeral|module|variable|locals|provider|output|terraform|moved|import|check|removed)\b/gm;

/**
 * Just the `variable` and `locals` blocks of a file's text (its other blocks
 * cost a parse and hold nothing read here), or undefined when it has none.
 * Spans are not used: a value is placed at the reference that uses it.
 */
function variableAndLocalBlocks(text: string): string | undefined {
  const starts = [...text.matchAll(TOP_LEVEL_BLOCK)];
  const wanted = starts.filter((start) => start[0] === 'variable' || start[0] === 'locals');
  // Stryker disable next-line ConditionalExpression: with nothing wanted the text kept is only blank lines, which declare nothing
  if (wanted.length === 0) return undefined;
  if (wanted.length === starts.length) return text;
  return starts
    .map((start, index) => (start[0] === 'variable' || start[0] === 'locals' ? text.slice(start.index, starts[index + 1]?.index ?? text.length) : ''))
    .join('\n');
}

const EMPTY: FileValues = Object.freeze({ defaults: new Map(), locals: new Map(), assigned: new Map(), declared: new Set<string>() });

function valuesOfBlocks(blocks: readonly TfBlock[], file: string): FileValues {
  const values: FileValues = { defaults: new Map(), locals: new Map(), assigned: new Map(), declared: new Set() };
  for (const block of blocks) {
    if (block.blockType === 'variable' && block.labels.length === 1) {
      const name = block.labels[0];
      values.declared.add(name);
      const value = getEntry(block.body, 'default')?.value;
      if (value && isLiteral(value)) values.defaults.set(name, { value, file });
    } else if (block.blockType === 'locals' && block.labels.length === 0) {
      for (const entry of block.body.entries) if (entry.value && isLiteral(entry.value)) values.locals.set(entry.key, { value: entry.value, file });
    }
  }
  return values;
}

/** `name = value` lines of a tfvars file (HCL, read as the body of a block) or the members of its JSON form. */
function tfvarsAssignments(text: string, file: string): Map<string, Written> {
  const assigned = new Map<string, Written>();
  // Stryker disable next-line ArrayDeclaration: a string in place of an entry has no value and is skipped
  let entries: Entry[] = [];
  if (file.endsWith('.json')) {
    const root = parseJson(text).root;
    if (root?.kind === 'map') entries = root.entries;
  } else if (isTerraformParserLoaded()) {
    // A tfvars file is a block body without the block: give it one. Spans are not used (values are placed at the reference).
    const [block] = parseTerraform(`locals {\n${text}\n}\n`).blocks;
    // Stryker disable next-line ConditionalExpression: no block throws on .body, caught in valuesOfText: no values either way
    if (block) entries = block.body.entries;
  }
  for (const entry of entries) if (entry.value && isLiteral(entry.value)) assigned.set(entry.key, { value: entry.value, file });
  return assigned;
}

/** A value written out in full: scalars (not null), and lists and maps of them. */
function isLiteral(node: Node): boolean {
  const stack: Node[] = [node];
  let visited = 0;
  while (stack.length) {
    const current = stack.pop()!;
    if (++visited > 10_000) return false;
    if (current.kind === 'unknown') return false;
    if (current.kind === 'scalar') {
      if (current.value === null) return false;
    } else if (current.kind === 'seq') stack.push(...current.items);
    else for (const entry of current.entries) if (entry.value) stack.push(entry.value);
  }
  return true;
}

/** `var.name`, `local.name` (also written `"${var.name}"`): the kind and name, or undefined for anything longer. */
function referenceOf(node: Node): { kind: 'var' | 'local'; name: string } | undefined {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: only unknown nodes are passed, and the check below that the source starts with the node's own name refuses every other name
  if (node.kind !== 'unknown' || (node.name !== 'var' && node.name !== 'local')) return undefined;
  const source = scalar(node.argument);
  // Stryker disable next-line ConditionalExpression: var and local nodes always carry their source text as a string scalar (parse/hcl.ts)
  if (typeof source !== 'string') return undefined;
  // Stryker disable next-line MethodExpression: the source of a var or local node has no spaces around it (HCL: the traversal; JSON: a string that starts with ${ and ends with })
  const match = /^(?:\$\{\s*)?(var|local)\.([A-Za-z_][\w-]*)(?:\s*\})?$/.exec(source.trim());
  return match && match[1] === node.name ? { kind: node.name, name: match[2] } : undefined;
}

/**
 * `body` with each `var.x` and `local.x` the folder writes a value for
 * replaced by that value, every node of it spanning the reference;
 * `provenances` collects where each was. The map itself when nothing changed.
 */
export function withWrittenValues(body: MapNode, values: FolderValues, provenances: Provenance[]): MapNode {
  if (values.variables.size === 0 && values.locals.size === 0) return body;
  const replace = (unknown: UnknownNode): Node | undefined => {
    const reference = referenceOf(unknown);
    const found = reference && (reference.kind === 'var' ? values.variables : values.locals).get(reference.name);
    if (found) {
      const at = { offset: unknown.offset, length: unknown.length };
      provenances.push({ span: at, note: found.note });
      return placedAt(found.value, at);
    }
    // `dynamic` blocks and function arguments (`jsonencode({…})` is expanded before) may hold references too.
    if (unknown.argument && (unknown.name === 'dynamic' || unknown.name.startsWith('function:'))) {
      const argument = replaceUnknowns(unknown.argument, replace);
      return argument === unknown.argument ? undefined : { ...unknown, argument };
    }
    return undefined;
  };
  return replaceUnknowns(body, replace) as MapNode;
}

/** A value written in another place, every span moved onto the reference that uses it. */
function placedAt(node: Node, at: { offset: number; length: number }): Node {
  switch (node.kind) {
    case 'map':
      return { ...node, ...at, entries: node.entries.map((entry) => ({ ...entry, keySpan: at, span: at, value: entry.value && placedAt(entry.value, at) })) };
    case 'seq':
      return { ...node, ...at, items: node.items.map((item) => placedAt(item, at)) };
    default:
      return { ...node, ...at };
  }
}
