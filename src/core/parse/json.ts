/** JSON (with comments and trailing commas tolerated) → tree, with exact offsets. */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { ParseProblem } from '../types';
import type { Entry, Node } from './tree';
import { MAX_DEPTH, tooDeep } from './limits';
import { longFormIntrinsic } from './yaml';

export interface JsonResult {
  root: Node | undefined;
  errors: ParseProblem[];
}

export function parseJson(text: string): JsonResult {
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
    message: `JSON syntax error: ${describe(printParseErrorCode(error.error))}`,
  }));
  const state = { reportedDepth: false, errors };
  return { root: tree ? convert(tree, 0, state) : undefined, errors };
}

function describe(code: string): string {
  // "CommaExpected" → "comma expected"
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function convert(node: JsonNode, depth: number, state: { reportedDepth: boolean; errors: ParseProblem[] }): Node {
  const { offset, length } = node;
  if (depth > MAX_DEPTH) {
    if (!state.reportedDepth) {
      state.reportedDepth = true;
      state.errors.push(tooDeep(offset));
    }
    return { kind: 'unknown', name: 'too-deep', argument: undefined, offset, length };
  }
  switch (node.type) {
    case 'object': {
      const entries: Entry[] = [];
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode) continue;
        const value = valueNode ? convert(valueNode, depth + 1, state) : undefined;
        entries.push({
          key: String(keyNode.value),
          keySpan: { offset: keyNode.offset, length: keyNode.length },
          value,
          span: { offset: property.offset, length: property.length },
        });
      }
      const map: Node = { kind: 'map', entries, offset, length };
      return longFormIntrinsic(map) ?? map;
    }
    case 'array':
      return { kind: 'seq', items: (node.children ?? []).map((child) => convert(child, depth + 1, state)), offset, length };
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return { kind: 'scalar', value: node.value as string | number | boolean | null, offset, length };
    default:
      return { kind: 'unknown', name: 'invalid', argument: undefined, offset, length };
  }
}
