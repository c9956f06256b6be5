/**
 * Child process of the benchmark: loads dist/extension.js (the language
 * client) against a stub of the `vscode` API and times require and the
 * synchronous part of activate(); then times the first hover as the server
 * gives it: dist/server.js started over stdio, initialize, didOpen of a
 * template and a hover (server start-up, the first analysis on a worker and
 * the card). The stub answers any API the extension touches with an inert
 * value and returns defaults for configuration.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { cloudFormationYaml } from './generate';

const ROOT = path.resolve(__dirname, '../..');

type Any = Record<string | symbol, unknown>;

/** Anything: a callable, constructible, awaitable-free object whose members are more of the same. */
function inert(name: string): unknown {
  const members = new Map<string | symbol, unknown>();
  const target = function () {} as unknown as Any;
  return new Proxy(target, {
    get(_target, property) {
      if (property === 'then') return undefined;
      if (property === Symbol.toPrimitive) return () => 0;
      if (property === Symbol.iterator) return function* () {};
      if (property === 'dispose') return () => undefined;
      if (!members.has(property)) members.set(property, inert(`${name}.${String(property)}`));
      return members.get(property);
    },
    set(_target, property, value) {
      members.set(property, value);
      return true;
    },
    apply() {
      return inert(`${name}()`);
    },
    construct() {
      return inert(`new ${name}`) as object;
    },
  });
}

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}
class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
  }
  get isSingleLine(): boolean {
    return this.start.line === this.end.line;
  }
}
class Disposable {
  constructor(private readonly callback: () => void = () => undefined) {}
  dispose(): void {
    this.callback();
  }
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
}
class EventEmitter {
  event = () => new Disposable();
  fire(): void {}
  dispose(): void {}
}
class MarkdownString {
  isTrusted = false;
  supportHtml = false;
  constructor(
    public value = '',
    readonly supportThemeIcons = false,
  ) {}
  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
}
class Hover {
  constructor(
    readonly contents: MarkdownString,
    readonly range?: Range,
  ) {}
}

const uri = (value: string) => ({ scheme: 'file', fsPath: value, path: value, toString: () => `file://${value}`, with: () => uri(value) });

/**
 * esbuild's `import * as vscode` copies the module's own keys once, so every
 * name the extension may use must exist up front; unknown ones are inert.
 */
const API_NAMES = [
  'commands', 'window', 'env', 'extensions', 'debug', 'tasks', 'scm', 'tests', 'notebooks', 'authentication', 'l10n', 'comments',
  'Selection', 'Location', 'Diagnostic', 'DiagnosticRelatedInformation', 'DiagnosticTag', 'CodeAction', 'CodeActionKind', 'WorkspaceEdit', 'TextEdit',
  'CodeLens', 'StatusBarAlignment', 'ThemeColor', 'ThemeIcon', 'ViewColumn', 'RelativePattern', 'FileType', 'ProgressLocation', 'TreeItem',
  'TreeItemCollapsibleState', 'CancellationTokenSource', 'ConfigurationTarget', 'SymbolKind', 'DocumentSymbol', 'SnippetString', 'DocumentLink',
  'FileSystemError', 'LogLevel', 'ExtensionMode', 'TextEditorRevealType', 'OverviewRulerLane', 'DecorationRangeBehavior', 'QuickPickItemKind',
];

const vscodeStub = new Proxy(
  {
    ...Object.fromEntries(API_NAMES.map((name) => [name, inert(name)])),
    Position,
    Range,
    Disposable,
    EventEmitter,
    MarkdownString,
    Hover,
    Uri: { file: uri, parse: (value: string) => uri(value.replace(/^file:\/\//, '')), joinPath: (base: { path: string }, ...parts: string[]) => uri(path.join(base.path, ...parts)) },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    languages: new Proxy(
      {
        registerHoverProvider: () => new Disposable(),
        match: () => 10,
      } as Any,
      { get: (target, property) => target[property] ?? (target[property] = inert(`languages.${String(property)}`)) },
    ),
    workspace: new Proxy(
      {
        textDocuments: [],
        workspaceFolders: undefined,
        getConfiguration: () => ({ get: (_key: string, fallback: unknown) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined }),
      } as Any,
      { get: (target, property) => (property in target ? target[property] : (target[property] = inert(`workspace.${String(property)}`))) },
    ),
  } as Any,
  { get: (target, property) => (property in target ? target[property] : (target[property] = inert(String(property)))) },
);

const moduleWithPrivates = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const originalLoad = moduleWithPrivates._load;
moduleWithPrivates._load = function (request, parent, isMain) {
  if (request === 'vscode') return vscodeStub;
  return originalLoad.call(this, request, parent, isMain);
};

const text = cloudFormationYaml(200, 3);
const context = new Proxy({ subscriptions: [] as unknown[], extensionUri: uri(ROOT), extensionPath: ROOT } as Any, {
  get: (target, property) => (property in target ? target[property] : (target[property] = inert(`context.${String(property)}`))),
});

let start = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require(path.join(ROOT, 'dist/extension.js')) as { activate(context: unknown): unknown };
const requireMs = performance.now() - start;
start = performance.now();
// Its promise waits for the language client to start, which the stub cannot do: only the synchronous part is timed.
void Promise.resolve(extension.activate(context)).catch(() => undefined);
const activateMs = performance.now() - start;

async function firstHover(): Promise<{ serverReadyMs: number; firstHoverMs: number; hoverChars: number }> {
  const server = spawn(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio']);
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onNotification(() => undefined);
  connection.listen();
  const begin = performance.now();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  await connection.sendNotification('initialized', {});
  const serverReadyMs = performance.now() - begin;
  const uri = pathToFileURL('/bench/template.yaml').href;
  const line = text.split('\n').findIndex((candidate) => /^\s+InstanceType:|^\s+Engine:|^\s+BucketName:/.test(candidate));
  const hoverStart = performance.now();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const hover = await connection.sendRequest<{ contents?: { value?: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: Math.max(line, 0), character: 8 } });
  const firstHoverMs = performance.now() - hoverStart;
  server.kill();
  if (!hover) throw new Error('no hover from the language server');
  const markdown = hover.contents?.value ?? '';
  if (process.env.BENCH_DEBUG) process.stderr.write(`${markdown.slice(0, 200)}\n`);
  return { serverReadyMs, firstHoverMs, hoverChars: markdown.length };
}

void firstHover().then((hover) => {
  process.stdout.write(JSON.stringify({ requireMs, activateMs, ...hover }));
  process.exit(0);
});
