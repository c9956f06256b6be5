/**
 * YAML → tree, with exact offsets. CloudFormation short-form intrinsics
 * (`!Ref`, `!Sub` …) are registered as tags so they are never errors, and
 * become unknown values. Aliases are never expanded, so alias bombs cost
 * nothing.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, parseDocument, visit, type ScalarTag, type CollectionTag, type DocumentOptions, type ParseOptions, type SchemaOptions, type YAMLError } from 'yaml';
import type { ParseProblem, Span } from '../types';
import type { Entry, Node } from './tree';
import { MAX_DEPTH, tooDeep, withinText } from './limits';
import { relayout, type Relayout } from './yaml-relayout';

const INTRINSICS = [
  'Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select',
  'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString', 'ForEach', 'Rain::Embed',
];

/** Holds the tag name so the walker can tell intrinsics from plain values; a scalar tag keeps its text (`!Ref Name` → "Name", `!Sub '…'`). */
class Intrinsic {
  constructor(
    readonly name: string,
    readonly text?: string,
  ) {}
}

function intrinsicTags(): (ScalarTag | CollectionTag)[] {
  const tags: (ScalarTag | CollectionTag)[] = [];
  for (const name of INTRINSICS) {
    const tag = `!${name}`;
    const fullName = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
    tags.push({ tag, resolve: (text: string) => new Intrinsic(fullName, text) } as ScalarTag);
    // A collection keeps its items (`!If [C, a, b]`, `!Join ['', [...]]`): the walker makes it an unknown value holding them.
    tags.push({ tag, collection: 'seq', resolve: (collection: unknown) => collection } as unknown as CollectionTag);
    tags.push({ tag, collection: 'map', resolve: (collection: unknown) => collection } as unknown as CollectionTag);
  }
  return tags;
}

let cachedTags: (ScalarTag | CollectionTag)[] | undefined;

export interface YamlResult {
  root: Node | undefined;
  errors: ParseProblem[];
  /** Information, never an error: the file was read leniently, as PyYAML and js-yaml read it (yaml-relayout.ts). */
  notes: ParseProblem[];
}

/** The options every YAML parse uses (also the benchmark's bare-parse floor). */
export function yamlParseOptions(): ParseOptions & DocumentOptions & SchemaOptions {
  // Stryker disable next-line AssignmentOperator: a cache (with &&= a fresh process would register no tags, but Stryker's has them from earlier tests)
  cachedTags ??= intrinsicTags();
  // Stryker disable next-line BooleanLiteral: keepSourceTokens only keeps the CST tokens, which nothing reads; uniqueKeys, prettyErrors and strict are pinned by yaml-reading tests
  return { customTags: cachedTags, uniqueKeys: false, keepSourceTokens: false, prettyErrors: false, strict: false };
}

export function parseYaml(text: string): YamlResult {
  let doc;
  try {
    doc = parseDocument(text, yamlParseOptions());
  } catch (error) {
    // The parser recurses; 10,000-deep flow collections can exhaust the stack.
    return { root: undefined, errors: [{ span: { offset: 0, length: 0 }, message: describeCrash(error) }], notes: [] };
  }
  const lenient = doc.errors.length ? leniently(text, [doc], (relaid) => [parseDocument(relaid, yamlParseOptions())]) : undefined;
  const errors: ParseProblem[] = [];
  const root = convertDocument(lenient ? lenient.docs[0] : doc, errors, lenient?.layout.toOriginal ?? same);
  return { root, errors: withinText(errors, text.length), notes: lenient ? [lenientNote(lenient.layout)] : [] };
}

export interface YamlDocument {
  root: Node | undefined;
  /** From the first character of the document's content to its end (excluding `---`). */
  span: Span;
}

export interface YamlStreamResult {
  documents: YamlDocument[];
  errors: ParseProblem[];
  /** As in {@link YamlResult}. */
  notes: ParseProblem[];
}

/**
 * A stream of `---`-separated documents (Kubernetes manifests), with the same
 * tags, alias handling, depth guard and exact offsets as parseYaml.
 */
export function parseYamlDocuments(text: string): YamlStreamResult {
  let docs;
  try {
    docs = parseAllDocuments(text, yamlParseOptions());
  } catch (error) {
    return { documents: [], errors: [{ span: { offset: 0, length: 0 }, message: describeCrash(error) }], notes: [] };
  }
  const errors: ParseProblem[] = [];
  if ('empty' in docs) {
    for (const error of docs.errors) errors.push(syntaxError(error, same));
    return { documents: [], errors: withinText(errors, text.length), notes: [] };
  }
  const parseAll = (relaid: string) => {
    const all = parseAllDocuments(relaid, yamlParseOptions());
    // Stryker disable next-line StringLiteral: an empty stream is an empty array too
    return 'empty' in all ? [] : all;
  };
  const lenient = docs.some((doc) => doc.errors.length) ? leniently(text, docs, parseAll) : undefined;
  const at = lenient?.layout.toOriginal ?? same;
  const documents: YamlDocument[] = (lenient?.docs ?? docs).map((doc) => {
    const root = convertDocument(doc, errors, at);
    const start = at(doc.range[0]);
    const end = at(doc.range[2]);
    return { root, span: { offset: start, length: Math.max(0, end - start) } };
  });
  return { documents, errors: withinText(errors, text.length), notes: lenient ? [lenientNote(lenient.layout)] : [] };
}

const same = (offset: number): number => offset;

interface ParsedDocument {
  errors: YAMLError[];
  contents: unknown;
}

/**
 * The documents of the relaid text (yaml-relayout.ts), when reading them so
 * gets further than the strict reading and every moved line lies inside a
 * quoted scalar or flow collection of the result: the relayout then changed
 * no structure, only indentation that the value folds away.
 */
function leniently<D extends ParsedDocument>(text: string, strict: D[], parse: (relaid: string) => D[]): { docs: D[]; layout: Relayout } | undefined {
  const layout = relayout(text);
  // Stryker disable next-line ConditionalExpression: without a layout, reading layout.text below throws inside the try, which returns undefined too
  if (!layout) return undefined;
  let docs: D[];
  try {
    docs = parse(layout.text);
    // Stryker disable next-line ConditionalExpression: with no documents, movedInsideValues finds no value around the relayout's first insertion (it always has one) and refuses too
    if (docs.length === 0 || firstError(docs, layout.toOriginal) <= firstError(strict, same)) return undefined;
    if (!movedInsideValues(docs, layout)) return undefined;
  } catch {
    return undefined;
  }
  return { docs, layout };
}

function firstError(docs: ParsedDocument[], at: (offset: number) => number): number {
  let first = Infinity;
  for (const doc of docs) for (const error of doc.errors) first = Math.min(first, at(error.pos[0]));
  return first;
}

/** Whether every line the relayout moved starts inside a quoted scalar or a flow collection of `docs`. */
function movedInsideValues(docs: ParsedDocument[], layout: Relayout): boolean {
  const ranges: [number, number][] = [];
  const add = (node: { range?: [number, number, number] | null }) => {
    if (node.range) ranges.push([node.range[0], node.range[1]]);
  };
  for (const doc of docs) {
    visit(doc as Parameters<typeof visit>[0], {
      Scalar: (_key, node) => {
        if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') add(node);
      },
      Map: (_key, node) => {
        if (node.flow) add(node);
      },
      Seq: (_key, node) => {
        if (node.flow) add(node);
      },
    });
  }
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: visit walks each document in source order, parents before children, so the ranges already arrive sorted by start
  ranges.sort((a, b) => a[0] - b[0]);
  let next = 0;
  // Stryker disable next-line UnaryOperator: an insertion starts a continuation line, so it is never before offset 2, and a reach of -1 or 1 refuses it alike
  let reach = -1;
  for (const insertion of layout.insertions) {
    while (next < ranges.length && ranges[next][0] < insertion.relaidOffset) reach = Math.max(reach, ranges[next++][1]);
    if (reach <= insertion.relaidOffset) return false;
  }
  return true;
}

function lenientNote(layout: Relayout): ParseProblem {
  const [first] = layout.insertions;
  const more = layout.insertions.length - 1;
  return {
    span: { offset: first.offset, length: 0 },
    severity: 'info',
    message:
      `YAML read leniently: line ${first.line}${more ? ` and ${more} more` : ''} continue${more ? '' : 's'} a quoted or bracketed value without indenting it past its key, ` +
      'as YAML 1.2 asks. PyYAML, js-yaml and cfn-lint read such lines as part of the value, and so does this analysis.',
  };
}

function convertDocument(doc: ParsedDocument, errors: ParseProblem[], at: (offset: number) => number): Node | undefined {
  for (const error of doc.errors) errors.push(syntaxError(error, at));
  const converter = new Converter(errors, at);
  return doc.contents ? converter.convert(doc.contents, 0) : undefined;
}

function syntaxError(error: YAMLError, at: (offset: number) => number): ParseProblem {
  const [start, end] = error.pos.map(at);
  // The yaml library turns a stack overflow on deep flow collections into a document error.
  if (/Maximum call stack size exceeded/.test(error.message)) return { span: { offset: start, length: Math.max(0, end - start) }, message: 'YAML is nested too deeply to analyse.' };
  return { span: { offset: start, length: Math.max(0, end - start) }, message: `YAML syntax error: ${firstLine(error.message)}` };
}

function describeCrash(error: unknown): string {
  if (error instanceof RangeError) return 'YAML is nested too deeply to analyse.';
  return `YAML could not be parsed: ${firstLine(error instanceof Error ? error.message : String(error))}`;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

interface Ranged {
  range?: [number, number, number] | null;
}

class Converter {
  private reportedDepth = false;
  constructor(
    private readonly errors: ParseProblem[],
    /** Offset in the parsed text → offset in the file (they differ when the text was relaid). */
    private readonly at: (offset: number) => number,
  ) {}

  convert(node: unknown, depth: number): Node | undefined {
    const range = (node as Ranged).range;
    const offset = range ? this.at(range[0]) : 0;
    const length = range ? this.at(range[1]) - offset : 0;
    if (depth > MAX_DEPTH) {
      if (!this.reportedDepth) {
        this.reportedDepth = true;
        this.errors.push(tooDeep(offset));
      }
      return { kind: 'unknown', name: 'too-deep', argument: undefined, offset, length };
    }
    if (isAlias(node)) return { kind: 'unknown', name: 'alias', argument: undefined, offset, length };
    if (isScalar(node)) {
      const value = node.value;
      if (value instanceof Intrinsic) {
        // The argument spans the whole tagged scalar: where its text starts is not kept by the parser.
        // Stryker disable next-line ConditionalExpression: the yaml library always passes a scalar tag its source text
        const argument = value.text === undefined ? undefined : ({ kind: 'scalar', value: value.text, offset, length } as const);
        return { kind: 'unknown', name: value.name, argument, offset, length };
      }
      // Stryker disable next-line StringLiteral: with 'string' emptied, a string goes to String(value) below, which returns it unchanged
      if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        return { kind: 'scalar', value, offset, length };
      }
      // Dates, binary and other YAML 1.1 types: keep their source text.
      return { kind: 'scalar', value: String(value), offset, length };
    }
    // Stryker disable next-line ConditionalExpression: contents and items are always scalars, aliases, maps or sequences, and the first two returned above
    if (isMap(node) || isSeq(node)) {
      const tag = node.tag;
      const intrinsicName = tag && tag.startsWith('!') ? intrinsicFullName(tag.slice(1)) : undefined;
      const converted = isMap(node) ? this.convertMap(node.items, offset, length, depth) : this.convertSeq(node.items, offset, length, depth);
      if (intrinsicName) return { kind: 'unknown', name: intrinsicName, argument: converted, offset, length };
      return longFormIntrinsic(converted) ?? converted;
    }
    return undefined;
  }

  private convertMap(items: unknown[], offset: number, length: number, depth: number): Node {
    const entries: Entry[] = [];
    for (const pair of items) {
      // Stryker disable next-line ConditionalExpression: the yaml library builds maps of pairs only
      if (!isPair(pair)) continue;
      const keyNode = pair.key as (Ranged & { value?: unknown }) | null;
      // Stryker disable next-line ConditionalExpression,LogicalOperator: the yaml library gives every pair a key node with a range (an empty key is a null scalar)
      if (!keyNode || !keyNode.range) continue;
      const keyValue = isScalar(keyNode) ? keyNode.value : undefined;
      const key = keyValue === null || keyValue === undefined ? '' : String(keyValue);
      const keyStart = this.at(keyNode.range[0]);
      const keySpan = { offset: keyStart, length: this.at(keyNode.range[1]) - keyStart };
      const value = pair.value ? this.convert(pair.value, depth + 1) : undefined;
      const end = value ? value.offset + value.length : keySpan.offset + keySpan.length;
      entries.push({ key, keySpan, value, span: { offset: keySpan.offset, length: end - keySpan.offset } });
    }
    return { kind: 'map', entries, offset, length };
  }

  private convertSeq(items: unknown[], offset: number, length: number, depth: number): Node {
    const converted: Node[] = [];
    for (const item of items) {
      // Stryker disable next-line ConditionalExpression,LogicalOperator: the yaml library never leaves a sequence item null (an empty item is a null scalar)
      const node = item === null || item === undefined ? undefined : this.convert(item, depth + 1);
      // Stryker disable next-line ConditionalExpression: convert returns a node for every scalar, alias, map or sequence
      if (node) converted.push(node);
    }
    return { kind: 'seq', items: converted, offset, length };
  }
}

function intrinsicFullName(name: string): string | undefined {
  if (!INTRINSICS.includes(name)) return undefined;
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** `{Ref: X}` or `{"Fn::Sub": …}` (JSON and long-form YAML) is a deploy-time value. */
export function longFormIntrinsic(node: Node): Node | undefined {
  if (node.kind !== 'map' || node.entries.length !== 1) return undefined;
  const [entry] = node.entries;
  if (entry.key !== 'Ref' && !entry.key.startsWith('Fn::')) return undefined;
  return { kind: 'unknown', name: entry.key, argument: entry.value, offset: node.offset, length: node.length };
}
