/**
 * The source layout's dependency rules (docs/architecture.md), checked on the
 * import statements of every .ts file under src/. Type-only imports count:
 * they couple files as much as value imports do.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const SRC = path.join(ROOT, 'src');

interface Edge {
  from: string;
  /** Repository-relative file for relative specifiers, else the bare module name ("vscode", "yaml"). */
  to: string;
  /** The specifier as written, and its line, for the failure message. */
  specifier: string;
  line: number;
  /** `import type …` / `export type … from`: erased at build time, so no code is loaded. */
  typeOnly: boolean;
}

/**
 * `import … from '…'`, `export … from '…'` (with or without `type`, over
 * several lines), `import '…'`, `import x = require('…')`, `import('…')` and
 * `require('…')`. The clause before `from` may hold only names, braces,
 * commas and `*`, so code that merely contains the word "from" never matches.
 */
const IMPORT_PATTERNS = [
  /^[ \t]*(?:import|export)\s+(?:type\s+)?[\w\s{},*$]*?\bfrom\s*(['"])([^'"\n]+)\1/gm,
  /^[ \t]*import\s*(['"])([^'"\n]+)\1/gm,
  /^[ \t]*import\s+\w+\s*=\s*require\(\s*(['"])([^'"\n]+)\1\s*\)/gm,
  /\b(?:import|require)\(\s*(['"])([^'"\n]+)\1\s*\)/g,
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const relative = (file: string): string => path.relative(ROOT, file).split(path.sep).join('/');

function resolve(fromFile: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return relative(candidate);
  }
  throw new Error(`${relative(fromFile)} imports '${specifier}', which resolves to no file`);
}

function importsOf(file: string): Edge[] {
  const text = fs.readFileSync(file, 'utf8');
  const edges = new Map<string, Edge>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const specifier = match[2];
      const at = match.index! + match[0].lastIndexOf(specifier);
      const line = text.slice(0, at).split('\n').length;
      const to = resolve(file, specifier);
      const typeOnly = /^\s*(?:import|export)\s+type\b/.test(match[0]);
      const known = edges.get(to);
      if (!known) edges.set(to, { from: relative(file), to, specifier, line, typeOnly });
      else known.typeOnly &&= typeOnly;
    }
  }
  return [...edges.values()];
}

const files = sourceFiles(SRC).map(relative).sort();
const edges = files.flatMap((file) => importsOf(path.join(ROOT, file)));
const bySource = new Map<string, Edge[]>();
for (const edge of edges) {
  if (!bySource.has(edge.from)) bySource.set(edge.from, []);
  bySource.get(edge.from)!.push(edge);
}

const show = (edge: Edge): string => `${edge.from}:${edge.line} imports '${edge.specifier}' (${edge.to})`;
const under = (file: string, folder: string): boolean => file.startsWith(`${folder}/`);
const CORE = 'src/core';

/** The folder (or top-level file) of src/core a file belongs to: "engine", "formats/terraform", "clouds/aws", "types.ts" … */
function area(file: string): string | undefined {
  if (!under(file, CORE)) return undefined;
  const parts = file.slice(CORE.length + 1).split('/');
  if ((parts[0] === 'formats' || parts[0] === 'clouds') && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts[0];
}

function violations(rule: (edge: Edge) => boolean): string[] {
  return edges.filter(rule).map(show);
}

function assertNone(found: string[], what: string): void {
  if (found.length) assert.fail(`${what}:\n  ${found.join('\n  ')}`);
}

/** One cycle per tangle (strongly connected component, by Tarjan's algorithm), as a readable path. */
function cycles(): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const { to } of bySource.get(file) ?? []) {
      if (!bySource.has(to) && !files.includes(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(file, Math.min(low.get(file)!, index.get(to)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      const selfImport = (bySource.get(file) ?? []).some((edge) => edge.to === file);
      if (component.length > 1 || selfImport) components.push(component);
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  return components.map((component) => {
    const cycle = pathThrough(component);
    const others = component.filter((file) => !cycle.includes(file));
    const rest = others.length ? ` (tangled with ${others.length} more: ${others.sort().join(', ')})` : '';
    return cycle.join(' → ') + rest;
  });
}

/** One concrete cycle inside a strongly connected component, as a readable path. */
function pathThrough(component: string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const seen = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const file = queue.shift()!;
    for (const { to } of bySource.get(file) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const chain = [file];
        while (chain[0] !== start) chain.unshift(seen.get(chain[0])!);
        return [...chain, start];
      }
      if (!seen.has(to)) {
        seen.set(to, file);
        queue.push(to);
      }
    }
  }
  return component;
}

describe('architecture: import rules of src/', () => {
  it('the scanner sees value, type-only, multi-line and require imports', () => {
    const has = (from: string, to: string): boolean => (bySource.get(from) ?? []).some((edge) => edge.to === to);
    assert.ok(files.length > 50, `only ${files.length} files found under src/`);
    assert.ok(has('src/core/index.ts', 'src/core/formats/index.ts'), 'value import');
    assert.ok(has('src/core/engine/format.ts', 'src/core/types.ts'), 'type-only import');
    assert.ok(has('src/core/formats/terraform/analyze.ts', 'src/core/clouds/aws/terraform-mapping.ts'), 'import over several lines');
    assert.ok(has('src/core/parse/hcl.ts', 'web-tree-sitter'), 'import = require()');
    assert.ok(has('src/extension/extension.ts', 'vscode'), 'bare module');
    assert.ok(bySource.get('src/extension/statusBar.ts')?.some((edge) => edge.to === 'src/core/clouds/aws/matrix.ts' && edge.typeOnly), 'type-only import');
    assert.ok(bySource.get('src/cli/main.ts')?.some((edge) => edge.to === 'src/server/main.ts' && !edge.typeOnly), 'import()');
  });

  it('has no import cycles', () => {
    assertNone(cycles(), 'Import cycles (break each by moving the shared piece into a file both can import)');
  });

  it('src/core never imports vscode, src/extension, src/cli, src/server, src/protocol or src/node', () => {
    assertNone(
      violations(
        (edge) =>
          under(edge.from, CORE) &&
          (edge.to === 'vscode' || ['src/extension', 'src/cli', 'src/server', 'src/protocol', 'src/node'].some((folder) => under(edge.to, folder))),
      ),
      'src/core must stay pure (no editor, CLI, server or Node runtime code)',
    );
  });

  it('the language server (src/server) never imports vscode, the client or the CLI', () => {
    assertNone(
      violations((edge) => under(edge.from, 'src/server') && (edge.to === 'vscode' || under(edge.to, 'src/extension') || under(edge.to, 'src/cli'))),
      'src/server runs outside VS Code: no vscode, src/extension or src/cli',
    );
  });

  it('the client (src/extension) never imports the server, the Node runtime or the CLI, and loads no analysis code', () => {
    assertNone(
      violations((edge) => under(edge.from, 'src/extension') && ['src/server', 'src/node', 'src/cli'].some((folder) => under(edge.to, folder))),
      'src/extension talks to the server only through src/protocol',
    );
    // Types are erased; the only core code the extension host may load is text escaping.
    assertNone(
      violations((edge) => under(edge.from, 'src/extension') && under(edge.to, CORE) && !edge.typeOnly && edge.to !== 'src/core/engine/text.ts'),
      'src/extension must not load src/core (analysis runs in the language server); import types with `import type`',
    );
  });

  it('src/protocol holds only declarations both sides share: no vscode, client, server, CLI or Node runtime, and only types from src/core', () => {
    assertNone(
      violations(
        (edge) =>
          under(edge.from, 'src/protocol') &&
          (edge.to === 'vscode' ||
            edge.to.startsWith('vscode-languageclient') ||
            edge.to.startsWith('vscode-languageserver/') ||
            edge.to === 'vscode-languageserver' ||
            ['src/extension', 'src/server', 'src/cli', 'src/node'].some((folder) => under(edge.to, folder)) ||
            (under(edge.to, CORE) && !edge.typeOnly)),
      ),
      'src/protocol is imported by the client and the server alike',
    );
  });

  it('the Node runtime (src/node) shared by the CLI and the server imports neither, nor vscode or LSP', () => {
    assertNone(
      violations(
        (edge) =>
          under(edge.from, 'src/node') &&
          (edge.to === 'vscode' || edge.to.startsWith('vscode-language') || ['src/extension', 'src/server', 'src/cli', 'src/protocol'].some((folder) => under(edge.to, folder))),
      ),
      'src/node is plain Node on top of src/core',
    );
  });

  it('the CLI never imports vscode or the client', () => {
    assertNone(violations((edge) => under(edge.from, 'src/cli') && (edge.to === 'vscode' || under(edge.to, 'src/extension'))), 'src/cli runs without VS Code');
  });

  it('only consumers import the composition root src/core/index.ts', () => {
    assertNone(violations((edge) => under(edge.from, CORE) && edge.to === 'src/core/index.ts'), 'Files inside src/core importing src/core/index.ts');
  });

  it('engine/ knows no format, cloud or report', () => {
    assertNone(
      violations((edge) => area(edge.from) === 'engine' && ['formats', 'clouds', 'reports'].includes(area(edge.to)?.split('/')[0] ?? '')),
      'src/core/engine must not import formats/, clouds/ or reports/ (pass what it needs in from src/core/index.ts)',
    );
  });

  it('a format imports only itself, engine/, parse/, clouds/ and types.ts', () => {
    assertNone(
      violations((edge) => {
        const from = area(edge.from);
        const to = area(edge.to);
        if (!from?.startsWith('formats/') || to === undefined) return false;
        return !(to === from || to === 'engine' || to === 'parse' || to.startsWith('clouds/') || to === 'types.ts');
      }),
      'A format imports another format, the registry or reports (formats/a must not import formats/b)',
    );
  });

  it('parse/ imports only parse/ and types.ts', () => {
    assertNone(
      violations((edge) => area(edge.from) === 'parse' && area(edge.to) !== undefined && area(edge.to) !== 'parse' && area(edge.to) !== 'types.ts'),
      'src/core/parse must stay format-neutral',
    );
  });

  it('reports/ never imports formats/', () => {
    assertNone(violations((edge) => area(edge.from) === 'reports' && area(edge.to)?.startsWith('formats') === true), 'reports/ importing formats/');
  });

  it('a cloud imports only itself, engine/, parse/ and types.ts', () => {
    assertNone(
      violations((edge) => {
        const from = area(edge.from);
        const to = area(edge.to);
        if (!from?.startsWith('clouds/') || to === undefined) return false;
        return !(to === from || to === 'engine' || to === 'parse' || to === 'types.ts');
      }),
      'A cloud imports another cloud, a format or reports',
    );
  });
});
