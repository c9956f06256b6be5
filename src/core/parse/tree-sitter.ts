/**
 * web-tree-sitter, shared by the parsers that use it (Terraform's HCL,
 * Bicep): one initialisation of the runtime, grammars loaded on demand, and
 * syntax trees copied into plain objects. When web-tree-sitter parses a
 * JavaScript string its indexes are UTF-16 code units, the offsets the rest
 * of the core uses.
 */
// `import … = require` makes bundlers pick the package's CommonJS build: its ES
// module build needs `import.meta.url`, which a CommonJS bundle does not have.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import TreeSitter = require('web-tree-sitter');

const { Language, Parser } = TreeSitter;

/**
 * tree-sitter's nodes as plain objects. Every property read on a
 * web-tree-sitter node is a call into WebAssembly, so the tree is copied
 * once, with one cursor walk, before it is converted.
 */
export interface SyntaxNode {
  type: string;
  start: number;
  end: number;
  named: boolean;
  missing: boolean;
  /** An ERROR node, a MISSING one, or one that contains either. */
  error: boolean;
  /** The grammar's field name of this node in its parent (`body`, `function`), if any. */
  field?: string;
  children: SyntaxNode[];
}

const typeCache = new WeakMap<TreeSitter.Language, Map<number, { type: string; named: boolean }>>();

/** Copies a tree without recursion, so any depth is safe. */
export function copyTree(tree: TreeSitter.Tree): SyntaxNode {
  const language = tree.language;
  let types = typeCache.get(language);
  if (!types) typeCache.set(language, (types = new Map()));
  const cursor = tree.walk();
  const make = (): SyntaxNode => {
    const id = cursor.nodeTypeId;
    let kind = types.get(id);
    // Stryker disable next-line ConditionalExpression: a cache of node types; reading the type again gives the same one
    if (!kind) types.set(id, (kind = { type: cursor.nodeType, named: cursor.nodeIsNamed }));
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    // Only zero-width nodes can be MISSING: skip the call for the rest.
    const missing = start === end && cursor.nodeIsMissing;
    const node: SyntaxNode = { type: kind.type, start, end, named: kind.named, missing, error: missing || kind.type === 'ERROR', children: [] };
    const field = cursor.currentFieldName;
    if (field) node.field = field;
    return node;
  };
  try {
    const root = make();
    const stack: SyntaxNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node = make();
      stack[stack.length - 1].children.push(node);
      if (node.error) {
        // Mark the ancestors up to the first one already marked.
        for (let i = stack.length - 1; i >= 0 && !stack[i].error; i--) stack[i].error = true;
      }
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        stack.pop();
        // Stryker disable next-line ConditionalExpression: the stack empties only when the cursor is back at the root, where the next gotoNextSibling and gotoParent both fail and return the root anyway
        if (stack.length === 0) return root;
      }
    }
  } finally {
    cursor.delete();
  }
}

let runtime: Promise<void> | undefined;

/** "dir///" → "dir" (a loop, not `/[\\/]+$/`, which is quadratic on a long run of slashes). */
function withoutTrailingSeparators(path: string): string {
  let end = path.length;
  while (end > 0 && (path[end - 1] === '/' || path[end - 1] === '\\')) end--;
  return path.slice(0, end);
}

/**
 * A parser for the grammar `file` in `grammarDir`, after initialising the
 * runtime (`tree-sitter.wasm` from `wasmDir`) once for every grammar: the
 * first call's folder wins; a failed initialisation may be retried.
 */
export async function loadGrammar(wasmDir: string, grammarDir: string, file: string): Promise<TreeSitter.Parser> {
  if (!runtime) {
    const dir = withoutTrailingSeparators(wasmDir);
    runtime = Parser.init({ locateFile: (name: string) => `${dir}/${name}` });
    runtime.catch(() => {
      runtime = undefined;
    });
  }
  await runtime;
  const language = await Language.load(`${withoutTrailingSeparators(grammarDir)}/${file}`);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
