/**
 * The implementations the optimisations replaced, frozen: the benchmark
 * measures the new ones against them side by side, and the unit tests
 * (test/unit/robustness-equivalence.test.ts) check that both give the same
 * results.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { HoverTarget } from '../../src/core/engine/lookup';
import { MAX_DEPTH, tooDeep } from '../../src/core/parse/limits';
import type { Entry, Node } from '../../src/core/parse/tree';
import { longFormIntrinsic } from '../../src/core/parse/yaml';
import type { Analysis, ParseProblem, Span } from '../../src/core/types';

function within(span: Span, offset: number): boolean {
  return offset >= span.offset && offset <= span.offset + span.length;
}

/** targetAt before the index: a binary search, then a linear walk back. */
export function targetAtLinear(analysis: Analysis, offset: number): HoverTarget | undefined {
  const resource = analysis.resources.find((candidate) => within(candidate.typeSpan, offset) || within(candidate.key, offset));
  if (resource) return { resource };
  const settings = analysis.settings;
  let low = 0;
  let high = settings.length - 1;
  let last = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (settings[middle].key.offset <= offset) {
      last = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  for (let index = last; index >= 0; index--) if (within(settings[index].span, offset)) return { setting: settings[index] };
  return undefined;
}

/** parseJson before the event-built tree: jsonc-parser's parseTree, then a conversion. */
export function parseJsonOriginal(text: string): { root: Node | undefined; errors: ParseProblem[] } {
  const parseErrors: ParseError[] = [];
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  } catch (error) {
    const message = error instanceof RangeError ? 'JSON is nested too deeply to analyse.' : `JSON could not be parsed: ${String(error)}`;
    return { root: undefined, errors: [{ span: { offset: 0, length: 0 }, message }] };
  }
  const errors: ParseProblem[] = parseErrors.map((error) => ({
    span: { offset: error.offset, length: error.length },
    message: `JSON syntax error: ${printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`,
  }));
  const state = { reported: false };
  const convert = (node: JsonNode, depth: number): Node => {
    const { offset, length } = node;
    if (depth > MAX_DEPTH) {
      if (!state.reported) {
        state.reported = true;
        errors.push(tooDeep(offset));
      }
      return { kind: 'unknown', name: 'too-deep', argument: undefined, offset, length };
    }
    switch (node.type) {
      case 'object': {
        const entries: Entry[] = [];
        for (const property of node.children ?? []) {
          const [keyNode, valueNode] = property.children ?? [];
          if (!keyNode) continue;
          entries.push({ key: String(keyNode.value), keySpan: { offset: keyNode.offset, length: keyNode.length }, value: valueNode ? convert(valueNode, depth + 1) : undefined, span: { offset: property.offset, length: property.length } });
        }
        const map: Node = { kind: 'map', entries, offset, length };
        return longFormIntrinsic(map) ?? map;
      }
      case 'array':
        return { kind: 'seq', items: (node.children ?? []).map((child) => convert(child, depth + 1)), offset, length };
      default:
        return { kind: 'scalar', value: node.value as string | number | boolean | null, offset, length };
    }
  };
  return { root: tree ? convert(tree, 0) : undefined, errors };
}

