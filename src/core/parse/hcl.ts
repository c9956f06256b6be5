/**
 * Terraform (HCL native syntax and Terraform JSON) → the format-neutral tree.
 *
 * HCL is parsed with web-tree-sitter and the `tree-sitter-terraform.wasm`
 * grammar from @tree-sitter-grammars/tree-sitter-hcl. When web-tree-sitter
 * parses a JavaScript string its indexes are UTF-16 code units, so offsets
 * here are offsets into `text` as the rest of the core expects (the unit
 * tests pin this down with non-ASCII text and CRLF line ends).
 *
 * Value conversion:
 * - attributes → entries (key span = the identifier);
 * - a nested block → an entry whose value is a map spanning the braces; a
 *   nested block with labels (`backend "s3" {}`) nests one map per label, as
 *   Terraform JSON spells it;
 * - repeated nested blocks of one name (several `ingress {}`) → one entry whose
 *   value is a sequence of maps, each spanning its whole block;
 * - `dynamic "x" { content {…} }` → entry `x` whose value is unknown
 *   (`dynamic`) with the `content` map as its argument;
 * - tuples → sequences, objects → maps;
 * - literal strings (unescaped, span includes the quotes), numbers, bools,
 *   null → scalars; a plain heredoc → a scalar whose value is the heredoc's
 *   body exactly as written (indentation of `<<-` is not stripped) and whose
 *   span is that body, so JSON inside can be mapped back to exact offsets;
 * - anything only known at plan time → unknown: `var` and `local` for
 *   `var.x` / `local.x`, `reference` for other traversals
 *   (`aws_s3_bucket.b.id`, `data.x.y`, `each.value` …), each with the source
 *   text of the expression as a scalar argument; `interpolation` for strings
 *   and heredocs with `${…}` or `%{…}` (argument: the raw template body);
 *   `function:NAME` for calls (argument: the converted argument when there
 *   is exactly one, so `jsonencode({...})` policies can be checked);
 *   `conditional`, `for`, `operation`, `splat`; `error` for values broken by
 *   a syntax error; `too-deep` below the depth limit.
 */
import type { Parser } from 'web-tree-sitter';
import type { ParseProblem, Span } from '../types';
import type { Entry, MapNode, Node, ScalarNode, SeqNode, UnknownNode } from './tree';
import { MAX_DEPTH, tooDeep } from './limits';
import { copyTree, loadGrammar, type SyntaxNode } from './tree-sitter';

export interface TfBlock {
  blockType: 'resource' | 'data' | 'module' | 'variable' | 'locals' | 'provider' | 'output' | 'terraform' | string;
  /** Label values, unquoted: `["aws_s3_bucket", "logs"]`. */
  labels: string[];
  /** Span of each label as written (quotes included). */
  labelSpans: Span[];
  /** The whole block, keyword through closing brace. */
  span: Span;
  /** The block keyword (`resource`). */
  typeSpan: Span;
  /** The block body; its span runs from `{` to `}`. */
  body: MapNode;
}

export interface TerraformFile {
  blocks: TfBlock[];
  errors: ParseProblem[];
}

/** At most this many syntax problems are reported per file. */
const MAX_PROBLEMS = 5;
/**
 * tree-sitter spends about three syntax nodes per level of HCL nesting
 * (expression → collection_value → tuple), so this allows MAX_DEPTH levels of
 * collections while bounding recursion.
 */
const MAX_SYNTAX_DEPTH = 4 * MAX_DEPTH;
/** Where a half-typed file is cut into separately parsed pieces. */
const TOP_LEVEL_BLOCK = /^(?:resource|data|ephemeral|module|variable|locals|provider|output|terraform|moved|import|check|removed)\b/gm;

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/**
 * Initialises web-tree-sitter (`tree-sitter.wasm` from `wasmDir`) and loads
 * `tree-sitter-terraform.wasm` (from `grammarDir`, by default the same
 * folder). Safe to call many times: all calls share one load (the first
 * call's folders win); a failed load may be retried.
 */
export function loadTerraformParser(wasmDir: string, grammarDir: string = wasmDir): Promise<void> {
  if (!loading) {
    loading = (async () => {
      parser = await loadGrammar(wasmDir, grammarDir, 'tree-sitter-terraform.wasm');
    })();
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

export function isTerraformParserLoaded(): boolean {
  return parser !== undefined;
}

/** Parses `.tf` text. Throws only when {@link loadTerraformParser} has not completed. */
export function parseTerraform(text: string): TerraformFile {
  if (!parser) throw new Error('The Terraform parser is not loaded: await loadTerraformParser(wasmDir) first.');
  parseDeadline = performance.now() + PARSE_BUDGET_MS;
  // Stryker disable next-line BooleanLiteral: errorMode only spares converting a broken whole file, which is then parsed piece by piece anyway
  const whole = parseSegment(parser, text, 0, text.length, false);
  if (!whole.hasError || whole.cancelled) return { blocks: whole.blocks, errors: whole.problems };

  // tree-sitter recovers, but an unclosed brace can swallow every block after
  // it. Parse each top-level block on its own so one broken block does not
  // hide the rest of a half-typed file.
  const starts = [0];
  for (const match of text.matchAll(TOP_LEVEL_BLOCK)) if (match.index > 0) starts.push(match.index);
  starts.push(text.length);
  const blocks: TfBlock[] = [];
  const problems: ParseProblem[] = [];
  let syntax: SyntaxProblem[] = [];
  for (let i = 0; i + 1 < starts.length; i++) {
    const piece = parseSegment(parser, text, starts[i], starts[i + 1], true);
    blocks.push(...piece.blocks);
    problems.push(...piece.problems);
    syntax = syntax.concat(piece.syntax);
    if (syntax.length > 10 * MAX_PROBLEMS) syntax = syntax.slice(0, 10 * MAX_PROBLEMS);
  }
  return { blocks, errors: [...summarise(syntax, text), ...problems] };
}

interface SyntaxProblem {
  offset: number;
  end: number;
  missing: string | undefined;
}

interface Segment {
  blocks: TfBlock[];
  /** Depth problems (syntax problems are summarised by the caller). */
  problems: ParseProblem[];
  syntax: SyntaxProblem[];
  hasError: boolean;
  /** The time budget ran out (pathological input, e.g. a multi-megabyte string). */
  cancelled?: boolean;
}

/**
 * tree-sitter's HCL grammar takes seconds on pathological input (a 5 MB
 * string literal takes about 10 s), so each file gets this much parse time;
 * realistic files of 50,000 lines take well under a second.
 */
const PARSE_BUDGET_MS = 3_000;
let parseDeadline = Infinity;

function parseSegment(instance: Parser, text: string, start: number, end: number, errorMode: boolean): Segment {
  const source = start === 0 && end === text.length ? text : text.slice(start, end);
  const tree = instance.parse(source, null, { progressCallback: () => performance.now() > parseDeadline });
  if (!tree) {
    // A cancelled parse would resume on the next call unless reset.
    instance.reset();
    const message = `Terraform file took more than ${PARSE_BUDGET_MS / 1000} s to parse; it was not analysed.`;
    return { blocks: [], problems: [{ span: { offset: start, length: 0 }, message, notAnalysed: 'over-budget' }], syntax: [], hasError: true, cancelled: true };
  }
  let root: SyntaxNode;
  try {
    root = copyTree(tree);
    // Stryker disable next-line BlockStatement: frees the tree's WebAssembly memory; nothing read comes from it after the copy
  } finally {
    tree.delete();
  }
  const hasError = root.error;
  // Stryker disable next-line ArrayDeclaration: only hasError is read from a broken whole file (parseTerraform parses it again piece by piece)
  if (hasError && !errorMode) return { blocks: [], problems: [], syntax: [], hasError };
  const ctx: Context = { text, base: start, errorMode: hasError, problems: [], reportedDepth: false };
  const blocks: TfBlock[] = [];
  for (const child of significantChildren(bodyOf(root))) {
    if (child.type === 'block') blocks.push(convertBlock(ctx, child, 1));
  }
  const syntax = hasError ? collectSyntaxProblems(root, start) : [];
  return { blocks, problems: ctx.problems, syntax, hasError };
}

/** `config_file` wraps a `body`; an empty file has none. */
function bodyOf(root: SyntaxNode): SyntaxNode {
  for (const child of significantChildren(root)) if (child.type === 'body') return child;
  return root;
}

/** ERROR and MISSING nodes, outermost only, without recursion. */
function collectSyntaxProblems(root: SyntaxNode, base: number): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0 && out.length < 10 * MAX_PROBLEMS) {
    const node = stack.pop()!;
    if (node.missing) {
      out.push({ offset: base + node.start, end: base + node.start, missing: node.type });
      continue;
    }
    if (node.type === 'ERROR') {
      out.push({ offset: base + node.start, end: base + node.end, missing: undefined });
      continue;
    }
    if (!node.error) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}

/** Named grammar nodes that stand for one token when tree-sitter reports them missing. */
const MISSING_TOKENS: Record<string, string> = {
  quoted_template_end: '"',
  block_end: '}',
  object_end: '}',
  tuple_end: ']',
  template_interpolation_end: '}',
  block_start: '{',
  object_start: '{',
  tuple_start: '[',
};

function summarise(syntax: SyntaxProblem[], text: string): ParseProblem[] {
  const seen = new Set<string>();
  const sorted = [...syntax]
    .sort((a, b) => a.offset - b.offset)
    .filter((problem) => {
      const key = `${problem.offset}:${problem.missing ?? problem.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const shown = sorted.slice(0, MAX_PROBLEMS).map((problem): ParseProblem => {
    if (problem.missing !== undefined) {
      const token = MISSING_TOKENS[problem.missing] ?? problem.missing;
      const what = /^[a-z_]+$/.test(token) ? token.replace(/_/g, ' ') : `\`${token}\``;
      // Report it right after the last token rather than at the start of whatever follows.
      let offset = problem.offset;
      while (offset > 0 && /\s/.test(text[offset - 1])) offset--;
      return { span: { offset, length: 0 }, message: `Terraform syntax error: missing ${what}` };
    }
    const lineEnd = text.slice(problem.offset, problem.end).search(/\r?\n/);
    const end = lineEnd >= 0 ? problem.offset + lineEnd : problem.end;
    const snippet = text.slice(problem.offset, end).trim();
    // Quoted from the file: reports mask secret-looking text in it (reports/report.ts).
    const near = snippet.length > 30 ? `${snippet.slice(0, 30)}…` : snippet;
    const span = { offset: problem.offset, length: Math.max(end - problem.offset, problem.offset < text.length ? 1 : 0) };
    return { span, message: near ? `Terraform syntax error near \`${near}\`` : 'Terraform syntax error' };
  });
  if (sorted.length > MAX_PROBLEMS && shown.length > 0) {
    const last = shown[shown.length - 1];
    const more = sorted.length - MAX_PROBLEMS;
    last.message += ` (and ${more} more syntax error${more === 1 ? '' : 's'})`;
  }
  return shown;
}

interface Context {
  text: string;
  /** Offset of the parsed piece in `text`. */
  base: number;
  /** The piece has syntax errors: values broken by them become unknown. */
  errorMode: boolean;
  problems: ParseProblem[];
  reportedDepth: boolean;
}

function significantChildren(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((child) => child.type !== 'comment');
}

function spanOf(ctx: Context, node: SyntaxNode): Span {
  return { offset: ctx.base + node.start, length: node.end - node.start };
}

function between(ctx: Context, first: SyntaxNode, last: SyntaxNode): Span {
  return { offset: ctx.base + first.start, length: last.end - first.start };
}

function sourceOf(ctx: Context, node: SyntaxNode): string {
  return ctx.text.slice(ctx.base + node.start, ctx.base + node.end);
}

function unknown(span: Span, name: string, argument?: Node): UnknownNode {
  return { kind: 'unknown', name, argument, offset: span.offset, length: span.length };
}

function tooDeepNode(ctx: Context, span: Span): UnknownNode {
  if (!ctx.reportedDepth) {
    ctx.reportedDepth = true;
    ctx.problems.push(tooDeep(span.offset));
  }
  return unknown(span, 'too-deep');
}

// ---------------------------------------------------------------- blocks

interface BlockParts {
  type: SyntaxNode | undefined;
  labels: SyntaxNode[];
  open: SyntaxNode | undefined;
  body: SyntaxNode | undefined;
  close: SyntaxNode | undefined;
}

function blockParts(node: SyntaxNode): BlockParts {
  const parts: BlockParts = { type: undefined, labels: [], open: undefined, body: undefined, close: undefined };
  for (const child of significantChildren(node)) {
    switch (child.type) {
      case 'identifier':
        if (!parts.type) parts.type = child;
        else if (!parts.open) parts.labels.push(child);
        break;
      case 'string_lit':
        if (!parts.open) parts.labels.push(child);
        break;
      case 'block_start':
        parts.open = child;
        break;
      case 'body':
        parts.body = child;
        break;
      // Stryker disable next-line ConditionalExpression,StringLiteral: a block node ends with its block_end (zero-width when missing), so its own end is the same
      case 'block_end':
        parts.close = child;
        break;
    }
  }
  return parts;
}

function labelValue(ctx: Context, node: SyntaxNode): string {
  return node.type === 'string_lit' ? stringValue(ctx, node) : sourceOf(ctx, node);
}

function convertBlock(ctx: Context, node: SyntaxNode, depth: number): TfBlock {
  const parts = blockParts(node);
  const span = spanOf(ctx, node);
  return {
    blockType: parts.type ? sourceOf(ctx, parts.type) : '',
    labels: parts.labels.map((label) => labelValue(ctx, label)),
    labelSpans: parts.labels.map((label) => spanOf(ctx, label)),
    span,
    typeSpan: parts.type ? spanOf(ctx, parts.type) : { offset: span.offset, length: 0 },
    body: blockBody(ctx, node, parts, depth),
  };
}

/** The body of a block as a map spanning its braces. */
function blockBody(ctx: Context, node: SyntaxNode, parts: BlockParts, depth: number): MapNode {
  const first = parts.open ?? parts.body ?? node;
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a block node always has a block_end, its last child: both ends are the same
  const last = parts.close && parts.close.end > parts.close.start ? parts.close : node;
  const span = between(ctx, first, last);
  if (depth > MAX_SYNTAX_DEPTH) {
    tooDeepNode(ctx, span);
    return { kind: 'map', entries: [], ...span };
  }
  return { kind: 'map', entries: parts.body ? bodyEntries(ctx, parts.body, depth + 1) : [], ...span };
}

function bodyEntries(ctx: Context, body: SyntaxNode, depth: number): Entry[] {
  const entries: Entry[] = [];
  // Repeated nested blocks of one name share one entry, placed where the first one is.
  const groups = new Map<string, { entry: Entry; blocks: { node: SyntaxNode; value: Node }[] }>();
  for (const child of significantChildren(body)) {
    if (child.type === 'attribute') {
      const entry = attributeEntry(ctx, child, depth);
      if (entry) entries.push(entry);
    } else if (child.type === 'block') {
      const parts = blockParts(child);
      if (!parts.type) continue;
      const name = sourceOf(ctx, parts.type);
      if (name === 'dynamic' && parts.labels.length > 0) {
        entries.push(dynamicEntry(ctx, child, parts, depth));
        continue;
      }
      const value = labelledValue(ctx, child, parts, depth);
      const group = groups.get(name);
      if (!group) {
        const entry: Entry = { key: name, keySpan: spanOf(ctx, parts.type), value, span: spanOf(ctx, child) };
        groups.set(name, { entry, blocks: [{ node: child, value }] });
        entries.push(entry);
      } else group.blocks.push({ node: child, value });
    }
  }
  // Built once per name after the walk: rebuilding the list at every repeated block was quadratic (60,000 ingress blocks).
  for (const { entry, blocks } of groups.values()) {
    if (blocks.length < 2) continue;
    const items = blocks.map(({ node, value }) => ({ ...value, ...spanOf(ctx, node) }));
    const span = between(ctx, blocks[0].node, blocks[blocks.length - 1].node);
    const seq: SeqNode = { kind: 'seq', items, ...span };
    entry.value = seq;
    entry.span = span;
  }
  return entries;
}

/** `backend "s3" { … }` → `{ s3: { … } }`; a block without labels is just its body. */
function labelledValue(ctx: Context, node: SyntaxNode, parts: BlockParts, depth: number): Node {
  let value: Node = blockBody(ctx, node, parts, depth);
  for (let i = parts.labels.length - 1; i >= 0; i--) {
    const label = parts.labels[i];
    const keySpan = spanOf(ctx, label);
    const span = between(ctx, label, node);
    value = { kind: 'map', entries: [{ key: labelValue(ctx, label), keySpan, value, span }], ...span };
  }
  return value;
}

function dynamicEntry(ctx: Context, node: SyntaxNode, parts: BlockParts, depth: number): Entry {
  const label = parts.labels[0];
  let content: Node | undefined;
  if (parts.body) {
    for (const child of significantChildren(parts.body)) {
      if (child.type !== 'block') continue;
      const inner = blockParts(child);
      if (inner.type && sourceOf(ctx, inner.type) === 'content') content = blockBody(ctx, child, inner, depth + 1);
    }
  }
  const span = spanOf(ctx, node);
  return { key: labelValue(ctx, label), keySpan: spanOf(ctx, label), value: unknown(span, 'dynamic', content), span };
}

function attributeEntry(ctx: Context, node: SyntaxNode, depth: number): Entry | undefined {
  let key: SyntaxNode | undefined;
  let expression: SyntaxNode | undefined;
  let broken: SyntaxNode | undefined;
  for (const child of significantChildren(node)) {
    if (child.type === 'identifier' && !key) key = child;
    else if (child.type === 'ERROR') broken ??= child;
    else if (child.named && child.type !== 'identifier' && !expression) expression = child;
  }
  if (!key) return undefined;
  let value: Node | undefined;
  if (broken) {
    // `ami = "x" @@@ junk …`: what follows `=` is not a value we can trust.
    const end = node.end;
    value = unknown({ offset: ctx.base + broken.start, length: end - broken.start }, 'error');
  } else if (expression) {
    value = convertExpression(ctx, expression, depth + 1);
  }
  return { key: sourceOf(ctx, key), keySpan: spanOf(ctx, key), value, span: spanOf(ctx, node) };
}

// ----------------------------------------------------------- expressions

function convertExpression(ctx: Context, node: SyntaxNode, depth: number): Node {
  const span = spanOf(ctx, node);
  if (depth > MAX_SYNTAX_DEPTH) return tooDeepNode(ctx, span);
  if (node.missing || node.type === 'ERROR') return unknown(span, 'error');
  switch (node.type) {
    case 'expression': {
      const children = significantChildren(node);
      if (children[0] && !children[0].named && children[0].type === '(') {
        // `( expr )`
        const inner = children.find((child) => child.named);
        return inner ? convertExpression(ctx, inner, depth + 1) : unknown(span, 'error');
      }
      const named = children.filter((child) => child.named);
      if (named.length === 1) return convertExpression(ctx, named[0], depth + 1);
      if (named.length === 0) return unknown(span, 'error');
      // A primary followed by `.attr`, `[index]` or splats.
      if (named.some((child) => child.type === 'splat')) return unknown(span, 'splat', sourceScalar(ctx, node));
      return traversal(ctx, node, named[0]);
    }
    case 'literal_value':
    case 'collection_value':
    case 'template_expr':
    case 'for_expr':
    case 'operation': {
      const inner = significantChildren(node).find((child) => child.named);
      if (!inner) return unknown(span, 'error');
      if (node.type === 'for_expr') return unknown(span, 'for', sourceScalar(ctx, node));
      if (node.type === 'operation') return operation(ctx, node, inner);
      return convertExpression(ctx, inner, depth + 1);
    }
    case 'numeric_lit':
      return scalarNode(span, Number(sourceOf(ctx, node)));
    case 'bool_lit':
      return scalarNode(span, sourceOf(ctx, node) === 'true');
    case 'null_lit':
      return scalarNode(span, null);
    case 'string_lit':
      if (ctx.errorMode && !closedString(ctx, node)) return unknown(span, 'error');
      return scalarNode(span, stringValue(ctx, node));
    case 'tuple':
      return tuple(ctx, node, depth);
    case 'object':
      return object(ctx, node, depth);
    case 'quoted_template':
      return quotedTemplate(ctx, node, depth);
    case 'heredoc_template':
      return heredoc(ctx, node);
    case 'variable_expr':
      return traversal(ctx, node, node);
    case 'function_call':
      return functionCall(ctx, node, depth);
    case 'conditional':
      return unknown(span, 'conditional', sourceScalar(ctx, node));
    default:
      return unknown(span, node.error ? 'error' : node.type);
  }
}

function scalarNode(span: Span, value: string | number | boolean | null): ScalarNode {
  return { kind: 'scalar', value, offset: span.offset, length: span.length };
}

function sourceScalar(ctx: Context, node: SyntaxNode): ScalarNode {
  return scalarNode(spanOf(ctx, node), sourceOf(ctx, node));
}

/** `var.x`, `local.y`, `aws_s3_bucket.b.id`: unknown, with the source text as argument. */
function traversal(ctx: Context, node: SyntaxNode, primary: SyntaxNode): Node {
  const span = spanOf(ctx, node);
  let root = '';
  if (primary.type === 'variable_expr') root = sourceOf(ctx, primary).trim();
  const name = root === 'var' || root === 'local' ? root : 'reference';
  return unknown(span, name, sourceScalar(ctx, node));
}

function operation(ctx: Context, node: SyntaxNode, inner: SyntaxNode): Node {
  const span = spanOf(ctx, node);
  // `-1`: a negative number literal.
  if (inner.type === 'unary_operation') {
    const parts = significantChildren(inner);
    if (parts.length === 2 && parts[0].type === '-' && parts[1].type === 'literal_value') {
      const literal = significantChildren(parts[1])[0];
      if (literal?.type === 'numeric_lit') return scalarNode(span, -Number(sourceOf(ctx, literal)));
    }
  }
  return unknown(span, 'operation', sourceScalar(ctx, node));
}

/** In a broken file, a collection whose opening or closing token is missing is not trusted. */
function delimitersMissing(node: SyntaxNode): boolean {
  const children = node.children;
  const first = children[0];
  const last = children[children.length - 1];
  return !first || !last || first.end === first.start || last.end === last.start;
}

function tuple(ctx: Context, node: SyntaxNode, depth: number): Node {
  const span = spanOf(ctx, node);
  if (ctx.errorMode && delimitersMissing(node)) return unknown(span, 'error');
  const items: Node[] = [];
  for (const child of significantChildren(node)) {
    if (child.type === 'tuple_start' || child.type === 'tuple_end' || !child.named) continue;
    items.push(convertExpression(ctx, child, depth + 1));
  }
  return { kind: 'seq', items, ...span };
}

function object(ctx: Context, node: SyntaxNode, depth: number): Node {
  const span = spanOf(ctx, node);
  if (ctx.errorMode && delimitersMissing(node)) return unknown(span, 'error');
  const entries: Entry[] = [];
  for (const element of significantChildren(node)) {
    if (element.type !== 'object_elem') continue;
    const parts = significantChildren(element).filter((child) => child.named);
    const [keyNode, valueNode] = parts;
    if (!keyNode) continue;
    entries.push({
      key: objectKey(ctx, keyNode),
      keySpan: spanOf(ctx, keyNode),
      value: valueNode ? convertExpression(ctx, valueNode, depth + 1) : undefined,
      span: spanOf(ctx, element),
    });
  }
  return { kind: 'map', entries, ...span };
}

/** `Action = …`, `"Action" = …`; any other key expression is kept as written. */
function objectKey(ctx: Context, node: SyntaxNode): string {
  let current = node;
  for (;;) {
    const children = significantChildren(current);
    if (current.type === 'expression' && children.length === 1 && children[0].named) current = children[0];
    else if (current.type === 'literal_value' && children.length === 1) current = children[0];
    else break;
  }
  if (current.type === 'variable_expr' || current.type === 'identifier') return sourceOf(ctx, current);
  if (current.type === 'string_lit') return stringValue(ctx, current);
  return sourceOf(ctx, node);
}

function closedString(ctx: Context, node: SyntaxNode): boolean {
  const source = sourceOf(ctx, node);
  return source.length >= 2 && source.endsWith('"') && !/\r|\n/.test(source);
}

/** The value of a quoted literal: quotes removed, HCL escapes resolved. */
function stringValue(ctx: Context, node: SyntaxNode): string {
  const source = sourceOf(ctx, node);
  const inner = source.slice(source.startsWith('"') ? 1 : 0, source.length > 1 && source.endsWith('"') ? -1 : undefined);
  return unescapeHcl(inner);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

export function unescapeHcl(raw: string): string {
  if (!/[\\$%]/.test(raw)) return raw;
  return raw.replace(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))|\$\$\{|%%\{/gs, (match, u4?: string, u8?: string, single?: string) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    if (u4) return String.fromCharCode(parseInt(u4, 16));
    if (u8) {
      const code = parseInt(u8, 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return single !== undefined && single in SIMPLE_ESCAPES ? SIMPLE_ESCAPES[single] : match;
  });
}

/** `"${var.x}-y"`: unknown; a lone `"${expr}"` is the expression itself. */
function quotedTemplate(ctx: Context, node: SyntaxNode, depth: number): Node {
  const span = spanOf(ctx, node);
  const parts = significantChildren(node).filter((child) => child.type !== 'quoted_template_start' && child.type !== 'quoted_template_end');
  if (parts.length === 1 && parts[0].type === 'template_interpolation') {
    const inner = significantChildren(parts[0]).find((child) => child.type === 'expression');
    if (inner) {
      const value = convertExpression(ctx, inner, depth + 1);
      return { ...value, offset: span.offset, length: span.length } as Node;
    }
  }
  const source = sourceOf(ctx, node);
  const closed = source.length >= 2 && source.endsWith('"');
  const body: Span = { offset: span.offset + 1, length: Math.max(0, span.length - (closed ? 2 : 1)) };
  return unknown(span, 'interpolation', scalarNode(body, ctx.text.slice(body.offset, body.offset + body.length)));
}

/** A heredoc: its body as written; unknown when it interpolates. */
function heredoc(ctx: Context, node: SyntaxNode): Node {
  const span = spanOf(ctx, node);
  const children = significantChildren(node);
  const identifiers = children.filter((child) => child.type === 'heredoc_identifier');
  const text = ctx.text;
  const nodeEnd = span.offset + span.length;
  const opener = identifiers[0];
  const headerEnd = opener ? ctx.base + opener.end : span.offset;
  const newline = text.indexOf('\n', headerEnd);
  const bodyStart = newline >= 0 && newline < nodeEnd ? newline + 1 : nodeEnd;
  let bodyEnd = nodeEnd;
  if (identifiers.length >= 2) {
    const closer = identifiers[identifiers.length - 1];
    bodyEnd = text.lastIndexOf('\n', ctx.base + closer.start - 1) + 1;
    if (bodyEnd > bodyStart && text[bodyEnd - 1] === '\n') bodyEnd--;
    if (bodyEnd > bodyStart && text[bodyEnd - 1] === '\r') bodyEnd--;
  }
  if (bodyEnd < bodyStart) bodyEnd = bodyStart;
  const value = scalarNode({ offset: bodyStart, length: bodyEnd - bodyStart }, text.slice(bodyStart, bodyEnd));
  const templated = children.some((child) => child.type === 'template_interpolation' || child.type === 'template_directive');
  if (templated || (ctx.errorMode && identifiers.length < 2)) return unknown(span, templated ? 'interpolation' : 'error', value);
  return value;
}

function functionCall(ctx: Context, node: SyntaxNode, depth: number): Node {
  const span = spanOf(ctx, node);
  const children = significantChildren(node);
  const name = children[0]?.type === 'identifier' ? sourceOf(ctx, children[0]) : 'unknown';
  const args = children.find((child) => child.type === 'function_arguments');
  let argument: Node | undefined;
  if (args) {
    const parts = significantChildren(args);
    const expressions = parts.filter((child) => child.named);
    const expands = parts.some((child) => child.type === '...' || child.type === 'ellipsis');
    if (expressions.length === 1 && !expands) argument = convertExpression(ctx, expressions[0], depth + 1);
  }
  return unknown(span, `function:${name}`, argument);
}

// --------------------------------------------------------- Terraform JSON

/** Number of labels each block type takes in Terraform JSON. */
const JSON_LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  check: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  removed: 0,
};

/**
 * Blocks of a `.tf.json` file, from its already-parsed tree:
 * `{"resource": {"aws_s3_bucket": {"b": {…}}}}` → a `resource` block with labels
 * `["aws_s3_bucket", "b"]`. Strings holding `${…}` templates become unknown
 * values like their HCL equivalents.
 */
export function parseTerraformJson(root: Node): TerraformFile {
  const blocks: TfBlock[] = [];
  const errors: ParseProblem[] = [];
  if (root.kind !== 'map') {
    errors.push({ span: { offset: root.offset, length: root.length }, message: 'A Terraform JSON file must hold an object.' });
    return { blocks, errors };
  }
  for (const entry of root.entries) {
    if (entry.key === '//') continue;
    const labelCount = JSON_LABELS[entry.key] ?? 0;
    const typeSpan = entry.keySpan;
    const visit = (value: Node | undefined, labels: Entry[], wholeSpan: Span, depth: number): void => {
      if (!value || depth > MAX_DEPTH) return;
      if (value.kind === 'seq') {
        // Terraform JSON allows an array of objects wherever an object of labels or a body may be.
        for (const item of value.items) visit(item, labels, item, depth + 1);
        return;
      }
      if (value.kind !== 'map') return;
      if (labels.length === labelCount) {
        blocks.push({
          blockType: entry.key,
          labels: labels.map((label) => label.key),
          labelSpans: labels.map((label) => label.keySpan),
          span: { offset: wholeSpan.offset, length: wholeSpan.length },
          typeSpan,
          body: jsonBody(value, 0),
        });
        return;
      }
      for (const child of value.entries) {
        if (child.key === '//') continue;
        visit(child.value, [...labels, child], child.span, depth + 1);
      }
    };
    visit(entry.value, [], entry.span, 0);
  }
  return { blocks, errors };
}

function jsonBody(map: MapNode, depth: number): MapNode {
  return { ...map, entries: map.entries.filter((entry) => entry.key !== '//').map((entry) => ({ ...entry, value: entry.value && jsonValue(entry.value, depth + 1) })) };
}

function jsonValue(node: Node, depth: number): Node {
  if (depth > MAX_DEPTH) return node;
  switch (node.kind) {
    case 'map':
      return jsonBody(node, depth);
    case 'seq':
      return { ...node, items: node.items.map((item) => jsonValue(item, depth + 1)) };
    case 'scalar':
      return typeof node.value === 'string' ? jsonTemplate(node) : node;
    default:
      return node;
  }
}

/** A Terraform JSON string is a template: `"${var.x}"` is unknown. */
function jsonTemplate(node: ScalarNode): Node {
  const value = node.value as string;
  const template = /(?<!\$)\$\{|(?<!%)%\{/;
  if (!template.test(value)) return value.includes('$${') || value.includes('%%{') ? { ...node, value: value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') } : node;
  const span: Span = { offset: node.offset, length: node.length };
  // One interpolation and nothing else. Not a regex: `^\$\{\s*([\s\S]*?)\s*\}$` is cubic on `${` and a run of spaces.
  const expression = value.startsWith('${') && value.endsWith('}') && value.length >= 3 ? value.slice(2, -1).trim() : undefined;
  if (expression !== undefined && !expression.includes('${')) {
    const root = /^([A-Za-z_][\w-]*)\s*([.(])?/.exec(expression);
    if (root?.[2] === '(') return unknown(span, `function:${root[1]}`, node);
    if (root?.[1] === 'var' || root?.[1] === 'local') return unknown(span, root[1], node);
    return unknown(span, 'reference', node);
  }
  return unknown(span, 'interpolation', node);
}
