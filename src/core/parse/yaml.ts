/**
 * YAML → tree, with exact offsets. CloudFormation short-form intrinsics
 * (`!Ref`, `!Sub` …) are registered as tags so they are never errors, and
 * become unknown values. Aliases are never expanded, so alias bombs cost
 * nothing.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, parseDocument, type ScalarTag, type CollectionTag, type DocumentOptions, type ParseOptions, type SchemaOptions, type YAMLError } from 'yaml';
import type { ParseProblem, Span } from '../types';
import type { Entry, Node } from './tree';
import { MAX_DEPTH, tooDeep, withinText } from './limits';

const INTRINSICS = [
  'Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select',
  'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString', 'ForEach', 'Rain::Embed',
];

/** Holds the tag name so the walker can tell intrinsics from plain values; a scalar one keeps its text (`!Sub '…'`, `!Ref X`). */
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
}

/** The options every YAML parse uses (also the benchmark's bare-parse floor). */
export function yamlParseOptions(): ParseOptions & DocumentOptions & SchemaOptions {
  cachedTags ??= intrinsicTags();
  return { customTags: cachedTags, uniqueKeys: false, keepSourceTokens: false, prettyErrors: false, strict: false };
}

export function parseYaml(text: string): YamlResult {
  let doc;
  try {
    doc = parseDocument(text, yamlParseOptions());
  } catch (error) {
    // The parser recurses; 10,000-deep flow collections can exhaust the stack.
    return { root: undefined, errors: [{ span: { offset: 0, length: 0 }, message: describeCrash(error) }] };
  }
  const errors: ParseProblem[] = [];
  const root = convertDocument(doc, errors);
  return { root, errors: withinText(errors, text.length) };
}

export interface YamlDocument {
  root: Node | undefined;
  /** From the first character of the document's content to its end (excluding `---`). */
  span: Span;
}

export interface YamlStreamResult {
  documents: YamlDocument[];
  errors: ParseProblem[];
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
    return { documents: [], errors: [{ span: { offset: 0, length: 0 }, message: describeCrash(error) }] };
  }
  const errors: ParseProblem[] = [];
  if ('empty' in docs) {
    for (const error of docs.errors) errors.push(syntaxError(error));
    return { documents: [], errors: withinText(errors, text.length) };
  }
  const documents: YamlDocument[] = docs.map((doc) => {
    const root = convertDocument(doc, errors);
    const [start, , end] = doc.range;
    return { root, span: { offset: start, length: Math.max(0, end - start) } };
  });
  return { documents, errors: withinText(errors, text.length) };
}

function convertDocument(doc: { errors: YAMLError[]; contents: unknown }, errors: ParseProblem[]): Node | undefined {
  for (const error of doc.errors) errors.push(syntaxError(error));
  const converter = new Converter(errors);
  return doc.contents ? converter.convert(doc.contents, 0) : undefined;
}

function syntaxError(error: YAMLError): ParseProblem {
  const [start, end] = error.pos;
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
  constructor(private readonly errors: ParseProblem[]) {}

  convert(node: unknown, depth: number): Node | undefined {
    const range = (node as Ranged).range;
    const offset = range ? range[0] : 0;
    const length = range ? range[1] - range[0] : 0;
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
        const argument: Node | undefined = value.text === undefined ? undefined : { kind: 'scalar', value: value.text, offset, length };
        return { kind: 'unknown', name: value.name, argument, offset, length };
      }
      if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        return { kind: 'scalar', value, offset, length };
      }
      // Dates, binary and other YAML 1.1 types: keep their source text.
      return { kind: 'scalar', value: String(value), offset, length };
    }
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
      if (!isPair(pair)) continue;
      const keyNode = pair.key as (Ranged & { value?: unknown }) | null;
      if (!keyNode || !keyNode.range) continue;
      const keyValue = isScalar(keyNode) ? keyNode.value : undefined;
      const key = keyValue === null || keyValue === undefined ? '' : String(keyValue);
      const keySpan = { offset: keyNode.range[0], length: keyNode.range[1] - keyNode.range[0] };
      const value = pair.value ? this.convert(pair.value, depth + 1) : undefined;
      const end = value ? value.offset + value.length : keySpan.offset + keySpan.length;
      entries.push({ key, keySpan, value, span: { offset: keySpan.offset, length: end - keySpan.offset } });
    }
    return { kind: 'map', entries, offset, length };
  }

  private convertSeq(items: unknown[], offset: number, length: number, depth: number): Node {
    const converted: Node[] = [];
    for (const item of items) {
      const node = item === null || item === undefined ? undefined : this.convert(item, depth + 1);
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
