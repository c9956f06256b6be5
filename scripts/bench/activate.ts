/**
 * Child process of the benchmark: loads dist/extension.js against a stub of
 * the `vscode` API and times require, activate() and the first hover. The stub
 * answers any API the extension touches with an inert value, records the
 * registered hover providers, and returns defaults for configuration.
 */
import * as path from 'node:path';
import Module from 'node:module';
import { cloudFormationYaml } from './generate';

const ROOT = path.resolve(__dirname, '../..');

type Any = Record<string | symbol, unknown>;
const hoverProviders: { provideHover(document: unknown, position: unknown, token: unknown): unknown }[] = [];

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
        registerHoverProvider: (_selector: unknown, provider: (typeof hoverProviders)[number]) => {
          hoverProviders.push(provider);
          return new Disposable();
        },
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

function fakeDocument(text: string) {
  const starts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === '\n') starts.push(index + 1);
  return {
    uri: uri('/bench/template.yaml'),
    fileName: '/bench/template.yaml',
    languageId: 'yaml',
    version: 1,
    isUntitled: false,
    lineCount: starts.length,
    getText: () => text,
    offsetAt: (position: Position) => starts[position.line] + position.character,
    positionAt: (offset: number) => {
      let line = 0;
      while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
      return new Position(line, offset - starts[line]);
    },
    lineAt: (line: number) => ({ range: new Range(line, 0, line, (starts[line + 1] ?? text.length) - starts[line]) }),
  };
}

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
const activated = extension.activate(context);
const activateMs = performance.now() - start;

void Promise.resolve(activated).then(async () => {
  const document = fakeDocument(text);
  const line = text.split('\n').findIndex((candidate) => /^\s+InstanceType:|^\s+Engine:|^\s+BucketName:/.test(candidate));
  const token = { isCancellationRequested: false, onCancellationRequested: () => new Disposable() };
  start = performance.now();
  let hover: unknown;
  // Providers may be async (the Terraform grammar loads on first use): await each answer.
  for (const provider of hoverProviders) hover ??= await provider.provideHover(document, new Position(Math.max(line, 0), 8), token);
  const firstHoverMs = performance.now() - start;
  if (!hover) throw new Error('no hover from the activated extension');
  const markdown = (hover as { contents?: { value?: string } }).contents?.value ?? "";
  if (process.env.BENCH_DEBUG) process.stderr.write(`${markdown.slice(0, 200)}\n`);
  process.stdout.write(JSON.stringify({ requireMs, activateMs, firstHoverMs, hoverChars: markdown.length }));
  process.exit(0);
});
