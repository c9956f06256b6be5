/**
 * Bicep (`.bicep`) → declarations over the format-neutral tree.
 *
 * Parsed with web-tree-sitter and `tree-sitter-bicep.wasm` from the
 * tree-sitter-bicep package (ABI 14, which web-tree-sitter 0.25 loads). The
 * parse keeps what analysis needs and no meaning:
 * - `resource` declarations (also nested ones inside a resource's body, as
 *   children), with the type string as written, `existing`, and the body
 *   object (inside `if (…)` and `[for …: …]` too);
 * - `param` declarations with their decorators and default, `var`
 *   declarations with their value;
 * - values: objects → maps (key span = the key as written), arrays →
 *   sequences, strings without `${…}` → scalars (unescaped; span includes the
 *   quotes), numbers, booleans, null → scalars; anything known only at
 *   deploy time → unknown: `identifier` for a bare name (a parameter,
 *   variable, resource or loop variable: the format resolves it),
 *   `interpolation`, `function:NAME`, `reference` (`x.y`, `x[0]`),
 *   `conditional`, `operation`, `for`, `lambda`, `error` for values broken by
 *   a syntax error, `too-deep` below the depth limit; a spread `...x` →
 *   `spread`, an array's item or one of an object's `spreads`.
 * Syntax newer than the grammar is first rewritten to a form it knows, at the
 * same offsets (bicep-lowering.ts); names and values are read from the file.
 */
import type { Parser } from 'web-tree-sitter';
import type { ParseProblem, Span } from '../types';
import type { Entry, MapNode, Node, UnknownNode } from './tree';
import { MAX_DEPTH, tooDeep } from './limits';
import { copyTree, loadGrammar, type SyntaxNode } from './tree-sitter';
import { lowerBicep, type LoweringOptions } from './bicep-lowering';

export interface BicepResource {
  /** The symbolic name (`storage` in `resource storage '…' = {}`). */
  symbol: string;
  symbolSpan: Span;
  /** The type as written, API version cut off: `Microsoft.Storage/storageAccounts`, or `blobServices` in a nested declaration. */
  type: string;
  /** The type string, quotes included. */
  typeSpan: Span;
  /** A reference to a resource deployed elsewhere (`existing`). */
  existing: boolean;
  /** The body, also when it sits in `if (…)` or a `[for …]` loop; undefined when it is not an object. */
  body: MapNode | undefined;
  /** Resources declared inside its body. */
  children: BicepResource[];
}

export interface BicepParameter {
  name: string;
  nameSpan: Span;
  /** Decorator names without `sys.`: `secure`, `allowed` … */
  decorators: string[];
  /** Its default value, if any. */
  defaultValue: Node | undefined;
}

export interface BicepVariable {
  name: string;
  nameSpan: Span;
  value: Node | undefined;
}

export interface BicepFile {
  /** A parameters file's `using '…'`: the template its values are for. */
  using?: { path: string; span: Span };
  resources: BicepResource[];
  parameters: Map<string, BicepParameter>;
  variables: Map<string, BicepVariable>;
  errors: ParseProblem[];
}

/** At most this many syntax problems are reported per file. */
const MAX_PROBLEMS = 5;
/** Syntax nodes per level of nesting are about two (object → object_property); this bounds recursion. */
const MAX_SYNTAX_DEPTH = 4 * MAX_DEPTH;
/** Parse time per file: realistic files take milliseconds; pathological input is stopped. */
const PARSE_BUDGET_MS = 3_000;

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads `tree-sitter-bicep.wasm` from `grammarDir` (by default `wasmDir`,
 * where `tree-sitter.wasm` is). All calls share one load; a failed load may
 * be retried.
 */
export function loadBicepParser(wasmDir: string, grammarDir: string = wasmDir): Promise<void> {
  if (!loading) {
    loading = (async () => {
      parser = await loadGrammar(wasmDir, grammarDir, 'tree-sitter-bicep.wasm');
    })();
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

export function isBicepParserLoaded(): boolean {
  return parser !== undefined;
}

interface Context {
  text: string;
  problems: ParseProblem[];
  reportedDepth: boolean;
  /** Where the lowering put an object's `_: x` for `...x`. */
  objectSpreads: ReadonlySet<number>;
  /** Where an array's spread expression starts. */
  arraySpreads: ReadonlySet<number>;
}

/**
 * Parses Bicep text; with `parameters`, a `.bicepparam` file, whose `param x = …` are read as variables.
 * Throws only when {@link loadBicepParser} has not completed.
 */
export function parseBicep(text: string, options: LoweringOptions = {}): BicepFile {
  if (!parser) throw new Error('The Bicep parser is not loaded: await loadBicepParser(wasmDir) first.');
  const deadline = performance.now() + PARSE_BUDGET_MS;
  const lowered = lowerBicep(text, options);
  const tree = parser.parse(lowered.text, null, { progressCallback: () => performance.now() > deadline });
  const file: BicepFile = { resources: [], parameters: new Map(), variables: new Map(), errors: [] };
  if (!tree) {
    // A cancelled parse would resume on the next call unless reset.
    parser.reset();
    file.errors.push({ span: { offset: 0, length: 0 }, message: `Bicep file took more than ${PARSE_BUDGET_MS / 1000} s to parse; it was not analysed.`, notAnalysed: 'over-budget' });
    return file;
  }
  let root: SyntaxNode;
  try {
    root = copyTree(tree);
  } finally {
    tree.delete();
  }
  const ctx: Context = { text, problems: [], reportedDepth: false, objectSpreads: lowered.objectSpreads, arraySpreads: lowered.arraySpreads };
  let decorators: string[] = [];
  for (const statement of significant(root)) {
    if (statement.type === 'decorators') {
      decorators = decorators.concat(decoratorNames(ctx, statement));
      continue;
    }
    if (statement.type === 'using_statement') {
      const target = significant(statement).find((part) => part.type === 'string');
      const path = target ? stringValue(ctx, target) : undefined;
      if (target && path !== undefined) file.using = { path, span: spanOf(target) };
    }
    const declaration = statement.type === 'declaration' ? significant(statement)[0] : statement;
    if (declaration?.type === 'resource_declaration') {
      const resource = resourceOf(ctx, declaration, 1);
      if (resource) file.resources.push(resource);
    } else if (declaration?.type === 'parameter_declaration') {
      const parts = significant(declaration);
      const name = parts[0]?.type === 'identifier' ? parts[0] : undefined;
      // `param name type = default`: the default follows the type.
      const value = parts.length >= 3 && parts[1].type === 'type' ? parts[parts.length - 1] : undefined;
      if (name) file.parameters.set(sourceOf(ctx, name), { name: sourceOf(ctx, name), nameSpan: spanOf(name), decorators, defaultValue: value ? convert(ctx, value, 1) : undefined });
    } else if (declaration?.type === 'variable_declaration') {
      const parts = significant(declaration);
      const name = parts[0]?.type === 'identifier' ? parts[0] : undefined;
      if (name) file.variables.set(sourceOf(ctx, name), { name: sourceOf(ctx, name), nameSpan: spanOf(name), value: parts[1] ? convert(ctx, parts[1], 1) : undefined });
    }
    decorators = [];
  }
  file.errors = [...summarise(root, text), ...ctx.problems];
  return file;
}

function significant(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((child) => child.named && child.type !== 'comment' && child.type !== 'diagnostic_comment');
}

function spanOf(node: SyntaxNode): Span {
  return { offset: node.start, length: node.end - node.start };
}

function sourceOf(ctx: Context, node: SyntaxNode): string {
  return ctx.text.slice(node.start, node.end);
}

function unknown(span: Span, name: string, argument?: Node): UnknownNode {
  return { kind: 'unknown', name, argument, offset: span.offset, length: span.length };
}

/** `@secure()`, `@sys.description('…')` → `secure`, `description`. */
function decoratorNames(ctx: Context, node: SyntaxNode): string[] {
  return significant(node).map((decorator) => {
    const call = significant(decorator)[0];
    const callee = call ? (significant(call).find((child) => child.field === 'function') ?? significant(call)[0]) : undefined;
    const name = callee ? sourceOf(ctx, callee) : '';
    return name.startsWith('sys.') ? name.slice(4) : name;
  });
}

function resourceOf(ctx: Context, node: SyntaxNode, depth: number): BicepResource | undefined {
  const parts = significant(node);
  const symbol = parts.find((part) => part.type === 'identifier');
  const typeNode = parts.find((part) => part.type === 'string');
  if (!symbol || !typeNode || typeNode.error) return undefined;
  const typeText = stringValue(ctx, typeNode);
  if (typeText === undefined) return undefined;
  const existing = node.children.some((child) => !child.named && child.type === 'existing');
  const resource: BicepResource = {
    symbol: sourceOf(ctx, symbol),
    symbolSpan: spanOf(symbol),
    type: typeText.includes('@') ? typeText.slice(0, typeText.indexOf('@')) : typeText,
    typeSpan: spanOf(typeNode),
    existing,
    body: undefined,
    children: [],
  };
  const object = bodyObject(parts[parts.length - 1]);
  if (object) {
    if (depth > MAX_SYNTAX_DEPTH) {
      resource.body = { kind: 'map', entries: [], ...spanOf(object) };
      tooDeepNode(ctx, spanOf(object));
    } else resource.body = objectOf(ctx, object, depth + 1, resource.children);
  }
  return resource;
}

/** The object of `{…}`, `if (c) {…}`, `[for x in y: {…}]` or `[for x in y: if (c) {…}]`. */
function bodyObject(node: SyntaxNode | undefined): SyntaxNode | undefined {
  let current = node;
  for (let step = 0; current && step < 3; step++) {
    if (current.type === 'object') return current;
    if (current.type === 'if_statement') current = significant(current).find((child) => child.type === 'object');
    else if (current.type === 'for_statement') current = current.children.find((child) => child.field === 'body');
    else return undefined;
  }
  return undefined;
}

function tooDeepNode(ctx: Context, span: Span): UnknownNode {
  if (!ctx.reportedDepth) {
    ctx.reportedDepth = true;
    ctx.problems.push(tooDeep(span.offset));
  }
  return unknown(span, 'too-deep');
}

/** An object's properties as entries; resource declarations inside it go to `children` when given. */
function objectOf(ctx: Context, node: SyntaxNode, depth: number, children?: BicepResource[]): MapNode {
  const entries: Entry[] = [];
  const spreads: UnknownNode[] = [];
  for (const property of significant(node)) {
    if (property.type !== 'object_property') continue;
    const parts = significant(property);
    if (ctx.objectSpreads.has(property.start)) {
      const spread = parts[parts.length - 1];
      spreads.push(unknown({ offset: property.start, length: (spread?.end ?? property.end) - property.start }, 'spread'));
      continue;
    }
    if (parts[0]?.type === 'resource_declaration') {
      const child = children ? resourceOf(ctx, parts[0], depth + 1) : undefined;
      if (child) children!.push(child);
      continue;
    }
    const keyNode = parts[0];
    if (!keyNode || parts.length < 2) continue;
    const key = keyNode.type === 'string' ? stringValue(ctx, keyNode) : sourceOf(ctx, keyNode);
    if (key === undefined) continue;
    const valueNode = parts[parts.length - 1];
    entries.push({ key, keySpan: spanOf(keyNode), value: convert(ctx, valueNode, depth + 1), span: { offset: keyNode.start, length: valueNode.end - keyNode.start } });
  }
  return spreads.length > 0 ? { kind: 'map', entries, spreads, ...spanOf(node) } : { kind: 'map', entries, ...spanOf(node) };
}

function convert(ctx: Context, node: SyntaxNode, depth: number): Node {
  const span = spanOf(node);
  if (node.error) return unknown(span, 'error');
  if (depth > MAX_SYNTAX_DEPTH) return tooDeepNode(ctx, span);
  switch (node.type) {
    case 'object':
      return objectOf(ctx, node, depth);
    case 'array':
      return {
        kind: 'seq',
        items: significant(node)
          .filter((item) => item.type !== 'decorators')
          .map((item) => (ctx.arraySpreads.has(item.start) ? unknown(spanOf(item), 'spread') : convert(ctx, item, depth + 1))),
        ...span,
      };
    case 'string': {
      const value = stringValue(ctx, node);
      return value === undefined ? unknown(span, 'interpolation', { kind: 'scalar', value: sourceOf(ctx, node), ...span }) : { kind: 'scalar', value, ...span };
    }
    case 'number':
      return { kind: 'scalar', value: Number(sourceOf(ctx, node)), ...span };
    case 'boolean':
      return { kind: 'scalar', value: sourceOf(ctx, node) === 'true', ...span };
    case 'null':
      return { kind: 'scalar', value: null, ...span };
    case 'identifier':
      return unknown(span, 'identifier', { kind: 'scalar', value: sourceOf(ctx, node), ...span });
    case 'call_expression': {
      const callee = node.children.find((child) => child.field === 'function');
      const name = callee ? sourceOf(ctx, callee) : '';
      return unknown(span, `function:${name.startsWith('sys.') ? name.slice(4) : name}`);
    }
    case 'parenthesized_expression': {
      const inner = significant(node);
      return inner.length === 1 ? convert(ctx, inner[0], depth + 1) : unknown(span, 'expression');
    }
    case 'member_expression':
    case 'subscript_expression':
    case 'resource_expression':
      return unknown(span, 'reference', { kind: 'scalar', value: sourceOf(ctx, node), ...span });
    case 'ternary_expression':
      return unknown(span, 'conditional');
    case 'binary_expression':
    case 'unary_expression':
      return unknown(span, 'operation');
    case 'for_statement':
      return unknown(span, 'for');
    case 'lambda_expression':
      return unknown(span, 'lambda');
    default:
      return unknown(span, node.type);
  }
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };

/** A string's value, unescaped; undefined when it has `${…}` (known only at deploy time). */
function stringValue(ctx: Context, node: SyntaxNode): string | undefined {
  const raw = sourceOf(ctx, node);
  // '''…''' strings are verbatim: no escapes, no interpolation.
  if (raw.startsWith("'''")) return raw.slice(3, raw.endsWith("'''") && raw.length >= 6 ? -3 : raw.length);
  if (node.children.some((child) => child.type === 'interpolation')) return undefined;
  const body = raw.slice(1, raw.length > 1 && raw.endsWith("'") ? -1 : raw.length);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== '\\' || i + 1 >= body.length) {
      out += char;
      continue;
    }
    const next = body[++i];
    if (next === 'u' && body[i + 1] === '{') {
      const close = body.indexOf('}', i);
      const code = close > 0 ? Number.parseInt(body.slice(i + 2, close), 16) : Number.NaN;
      if (Number.isFinite(code) && code <= 0x10ffff) {
        out += String.fromCodePoint(code);
        i = close;
        continue;
      }
    }
    out += ESCAPES[next] ?? `\\${next}`;
  }
  return out;
}

/** ERROR and MISSING nodes, outermost only, as at most MAX_PROBLEMS problems. */
function summarise(root: SyntaxNode, text: string): ParseProblem[] {
  if (!root.error) return [];
  const found: { offset: number; end: number; missing: string | undefined }[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0 && found.length < 10 * MAX_PROBLEMS) {
    const node = stack.pop()!;
    if (node.missing) found.push({ offset: node.start, end: node.start, missing: node.type });
    else if (node.type === 'ERROR') found.push({ offset: node.start, end: node.end, missing: undefined });
    else if (node.error) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  found.sort((a, b) => a.offset - b.offset);
  const shown = found.slice(0, MAX_PROBLEMS).map((problem): ParseProblem => {
    if (problem.missing !== undefined) {
      const what = /^[a-z_]+$/.test(problem.missing) ? problem.missing.replace(/_/g, ' ') : `\`${problem.missing}\``;
      // Reported right after the last token rather than at the start of whatever follows.
      let offset = problem.offset;
      while (offset > 0 && /\s/.test(text[offset - 1])) offset--;
      return { span: { offset, length: 0 }, message: `Bicep syntax error: missing ${what}` };
    }
    const lineEnd = text.slice(problem.offset, problem.end).search(/\r?\n/);
    const end = lineEnd >= 0 ? problem.offset + lineEnd : problem.end;
    const snippet = text.slice(problem.offset, end).trim();
    // Quoted from the file: reports mask secret-looking text in it (reports/report.ts).
    const near = snippet.length > 30 ? `${snippet.slice(0, 30)}…` : snippet;
    const span = { offset: problem.offset, length: Math.max(end - problem.offset, problem.offset < text.length ? 1 : 0) };
    return { span, message: near ? `Bicep syntax error near \`${near}\`` : 'Bicep syntax error' };
  });
  if (found.length > MAX_PROBLEMS && shown.length > 0) {
    const more = found.length - MAX_PROBLEMS;
    shown[shown.length - 1].message += ` (and ${more} more syntax error${more === 1 ? '' : 's'})`;
  }
  return shown;
}
