/**
 * The Responsibility Lens language server: every analysis runs on worker
 * threads (src/node/pool.ts) within a per-file time budget, so this thread
 * stays free to answer. Standard LSP carries diagnostics, hover, code actions
 * and CodeLens to any editor; src/protocol/messages.ts declares the few custom
 * messages the VS Code client uses for the matrix, the status bar, the
 * workspace scan and the list of suppressions.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
  type Position,
  type Range,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { ownerSplit, type MatrixFilter } from '../core/clouds/aws/matrix';
import { setSpecDocsProvider, type SpecDocsData } from '../core/clouds/aws/specDocs';
import { MAX_ANALYSED_CHARS, METADATA_KEY, readsSibling, readsSiblings } from '../core';
import { AnalysisPool } from '../node/pool';
import { Commands } from '../protocol/commands';
import {
  ClearScanResultsRequest,
  CloudMatrixRequest,
  ExportMatrixRequest,
  FileStatusNotification,
  FindingsRequest,
  HoverDetailsRequest,
  ListSuppressionsRequest,
  MatrixCellRequest,
  MatrixRequest,
  ScanResultsNotification,
  ScanWorkspaceRequest,
  TerraformReadyNotification,
  TrustNotification,
  type InitializationOptions,
  type ListedSuppression,
} from '../protocol/messages';
import { DEFAULT_SETTINGS, SECTION, settingsFromObject, type Settings } from '../protocol/settings';
import { DocumentAnalyses, type Result } from './analyses';
import { CONFIG_GLOB, OrgConfigs } from './config';
import { failedDiagnostic, overBudgetDiagnostic, Publisher, toDiagnostics, unanalysedDiagnostic } from './diagnostics';
import { FindingsIndex, listedFindings } from './findings';
import { RulePages, rulePagesDir } from './rulePages';
import { codeActions, codeLenses, completions, FIX_ALL_KIND, hover, hoverDetails, listedSuppressions, withoutSilenced } from './features';
import { cloudMatrixPanel, matrixCell, matrixExport, matrixView, type CountedFile } from './matrix';
import { textPositions } from './positions';
import { scanWorkspace, ScanStore, type Stored } from './workspaceScan';

export interface ServerOptions {
  /** The folder of the bundle: worker.js, the WebAssembly files and spec-docs.json are there. */
  bundleDir: string;
  /** Worker threads; default: one per core but one, at most four. */
  workers?: number;
}

/** Files whose changes on disk matter to analyses that read the files beside them (Terraform configuration and tfvars). */
const SIBLINGS_GLOB = '**/*.{tf,tf.json,tfvars,tfvars.json}';

const EXTENSION_BY_LANGUAGE: Record<string, string> = { yaml: '.yaml', json: '.json', jsonc: '.json' };

export function startServer(connection: Connection, options: ServerOptions): void {
  // CloudFormation property docs ship next to the bundle and are read on the first hover that shows one.
  setSpecDocsProvider(() => JSON.parse(readFileSync(path.join(options.bundleDir, 'spec-docs.json'), 'utf8')) as SpecDocsData);

  const documents = new TextDocuments(TextDocument);
  const publisher = new Publisher(connection);
  const findings = new FindingsIndex(connection);
  const store = new ScanStore();
  const rulePages = new RulePages(rulePagesDir(options.bundleDir));
  let capabilities: ClientCapabilities = {};
  let initOptions: InitializationOptions = {};
  let folders: string[] = [];
  /** Settings pushed by clients that cannot be asked (`workspace/configuration`). */
  let pushedSettings: unknown;

  const pool = new AnalysisPool({
    workerFile: path.join(options.bundleDir, 'worker.js'),
    wasmDir: options.bundleDir,
    size: options.workers,
    log: (message) => connection.console.info(message),
    onTerraformReady: (ms, error) => {
      if (error) connection.console.error(`cannot load the Terraform parser: ${error}`);
      else connection.console.info(`Terraform parser loaded in ${ms.toFixed(1)} ms`);
      void connection.sendNotification(TerraformReadyNotification, { ms, ...(error ? { error } : {}) });
    },
  });

  async function settingsFor(uri?: string): Promise<Settings> {
    if (capabilities.workspace?.configuration) {
      try {
        return settingsFromObject(await connection.workspace.getConfiguration({ scopeUri: uri, section: SECTION }));
      } catch {
        return { ...DEFAULT_SETTINGS };
      }
    }
    return settingsFromObject((pushedSettings as Record<string, unknown> | undefined)?.[SECTION]);
  }

  async function filesExclude(folder: string): Promise<string[]> {
    if (!capabilities.workspace?.configuration) return [];
    const value: unknown = await connection.workspace.getConfiguration({ scopeUri: folder, section: 'files.exclude' }).catch(() => undefined);
    if (!value || typeof value !== 'object') return [];
    return Object.entries(value as Record<string, unknown>)
      .filter(([, on]) => on === true)
      .map(([glob]) => glob);
  }

  const configs = new OrgConfigs(publisher, () => analyses.rerun(), true);

  const analyses: DocumentAnalyses = new DocumentAnalyses({
    pool,
    documents,
    fileNameOf,
    configFor: (uri) => configs.configFor(uri),
    siblingsOf,
    budgetFor: async (uri) => (await settingsFor(uri))['analysis.timeBudgetMs'],
    onResult: (uri) => void render(uri),
    log: (message) => connection.console.debug(message),
  });

  /** Problems and status-bar counts of an open document, from its last analysis (if it is of the current version). */
  async function render(uri: string): Promise<void> {
    const current = () => {
      const document = documents.get(uri);
      const result = analyses.last(uri);
      return document && result && result.version === document.version ? { document, result } : undefined;
    };
    if (!current()) return;
    const settings = await settingsFor(uri);
    const now = current();
    if (!now) return;
    const { document, result } = now;
    show(uri, 'document', document, result, settings);
    const analysis = result.status === 'done' ? result.analysis : undefined;
    void connection.sendNotification(FileStatusNotification, {
      uri,
      version: document.version,
      kind: analysis?.kind,
      ...(analysis?.cloud ? { cloud: analysis.cloud } : {}),
      ...(analysis?.kind ? { split: ownerSplit(withoutSilenced(analysis, settings.severity)) } : {}),
      ...(result.status === 'over-budget' ? { overBudget: true } : {}),
    });
  }

  /** A file's Problems entries and Findings-view entries from one origin. */
  function show(uri: string, origin: 'document' | 'scan', document: TextDocument, result: Result | Stored, settings: Settings): void {
    publisher.set(uri, origin, diagnosticsOf(document, result, settings));
    findings.set(uri, origin, result.status === 'done' ? listedFindings(uri, document, result.analysis, settings.severity) : []);
  }

  function hide(uri: string, origin: 'document' | 'scan'): void {
    publisher.clear(uri, origin);
    findings.clear(uri, origin);
  }

  function diagnosticsOf(document: TextDocument, result: Result | Stored, settings: Settings) {
    if (result.status === 'over-budget') return [overBudgetDiagnostic(document, result.budgetMs)];
    if (result.status === 'failed') return [failedDiagnostic(document, result.message)];
    if (result.status === 'unanalysed') return [unanalysedDiagnostic(document, result.message)];
    return toDiagnostics(document, result.analysis, settings, (finding) => rulePages.href(finding));
  }

  /** Scan results of files that are not open (an open document's live analysis wins). */
  async function publishStored(uris: string[]): Promise<void> {
    for (const uri of uris) {
      if (documents.get(uri)) continue;
      const stored = store.get(uri);
      if (!stored) hide(uri, 'scan');
      else show(uri, 'scan', stored.document, stored, await settingsFor(uri));
    }
    void connection.sendNotification(ScanResultsNotification, { files: store.size });
  }

  /**
   * Open documents whose analysis reads `changed` (a Terraform file reads the variables, tfvars and
   * locals beside it): they are analysed again when it changes, on disk or in an editor.
   */
  function readersOf(changed: string): string[] {
    const uri = URI.parse(changed);
    if (uri.scheme !== 'file') return [];
    const folder = path.dirname(uri.fsPath);
    const name = path.basename(uri.fsPath);
    return documents
      .all()
      .filter((document) => document.uri !== changed)
      .filter((document) => {
        const fileName = fileNameOf(document);
        return URI.parse(document.uri).scheme === 'file' && path.dirname(fileName) === folder && readsSibling(fileName, name);
      })
      .map((document) => document.uri);
  }

  /**
   * The siblings a file on disk reads, with the unsaved texts of those open in editors (the worker reads the
   * rest), and the root no sibling read may leave: the innermost workspace folder holding the file, else the
   * file's own folder (a file opened from outside the workspace reads no further than its folder).
   */
  function siblingsOf(document: TextDocument, fileName: string): { open: Record<string, string>; root: string } | undefined {
    if (URI.parse(document.uri).scheme !== 'file' || !readsSiblings(fileName)) return undefined;
    const folder = path.dirname(fileName);
    const open: Record<string, string> = {};
    for (const other of documents.all()) {
      const uri = URI.parse(other.uri);
      if (other === document || uri.scheme !== 'file' || path.dirname(uri.fsPath) !== folder) continue;
      const name = path.basename(uri.fsPath);
      if (readsSibling(fileName, name)) open[name] = other.getText();
    }
    return { open, root: workspaceFolderOf(fileName) ?? folder };
  }

  /** The innermost workspace folder (a path) that holds `file`. */
  function workspaceFolderOf(file: string): string | undefined {
    let best: string | undefined;
    for (const folder of folders) {
      const root = URI.parse(folder);
      if (root.scheme !== 'file') continue;
      const relative = path.relative(root.fsPath, file);
      if (relative && !relative.startsWith('..') && !path.isAbsolute(relative) && (!best || root.fsPath.length > best.length)) best = root.fsPath;
    }
    return best;
  }

  function fileNameOf(document: TextDocument): string {
    const uri = URI.parse(document.uri);
    if (uri.scheme === 'file') return uri.fsPath;
    // Formats are chosen by file name; an untitled buffer is named after its language.
    const extension = path.posix.extname(uri.path) ? '' : (EXTENSION_BY_LANGUAGE[document.languageId] ?? '');
    return `${uri.path}${extension}`;
  }

  /** The analysis of the version the client sees, or nothing (not ours, over budget, or superseded). */
  async function analysisOf(uri: string) {
    const document = documents.get(uri);
    if (!document) return undefined;
    const result = await analyses.forVersion(document);
    if (result?.status !== 'done' || document.version !== result.version) return undefined;
    return { document, analysis: result.analysis };
  }

  /** Whether edits name the document version they apply to (the client refuses them once the text moved on). */
  function versionedEdits(): boolean {
    return capabilities.workspace?.workspaceEdit?.documentChanges === true;
  }

  /** Open documents (their current analyses) and then stored scan results. */
  async function countedFiles(): Promise<CountedFile[]> {
    const files: CountedFile[] = [];
    const open = new Set<string>();
    for (const document of documents.all()) {
      open.add(document.uri);
      const found = await analysisOf(document.uri);
      if (found?.analysis.kind) files.push({ uri: document.uri, analysis: found.analysis, positions: found.document, open: true });
    }
    for (const uri of store.uris()) {
      const stored = store.get(uri)!;
      if (!open.has(uri) && stored.status === 'done') files.push({ uri, analysis: stored.analysis, positions: stored.document, open: false });
    }
    return files;
  }

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    initOptions = (params.initializationOptions ?? {}) as InitializationOptions;
    configs.setTrusted(initOptions.trusted !== false);
    folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        codeLensProvider: { resolveProvider: false },
        // `"` starts a key in JSON; in YAML a key starts with a letter, which clients complete on anyway.
        completionProvider: { triggerCharacters: ['"'] },
        executeCommandProvider: { commands: [Commands.placeCursor, Commands.select] },
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
          fileOperations: { didDelete: { filters: [{ pattern: { glob: '**' } }] }, didRename: { filters: [{ pattern: { glob: '**' } }] } },
        },
      },
      serverInfo: { name: 'responsibility-lens' },
    };
  });

  connection.onInitialized(() => {
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: CONFIG_GLOB }, { globPattern: SIBLINGS_GLOB }] });
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((folder) => folder.uri));
        folders = [...folders.filter((folder) => !removed.has(folder)), ...event.added.map((folder) => folder.uri)];
        void configs.setFolders(folders);
      });
    }
    void configs.setFolders(folders);
  });

  connection.onDidChangeConfiguration((change) => {
    pushedSettings = change.settings;
    // Severities and ownership notes are applied when showing results; a new budget may let a stopped file through.
    for (const document of documents.all()) void render(document.uri);
    void publishStored(store.uris());
    analyses.rerun((result) => result?.status === 'over-budget');
    if (capabilities.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type);
  });

  connection.onDidChangeWatchedFiles((change) => {
    for (const event of change.changes) {
      if (configs.isConfigFile(event.uri)) void configs.changed(event.uri);
      else analyses.invalidate(readersOf(event.uri));
    }
  });

  connection.onNotification(TrustNotification, ({ trusted }) => configs.setTrusted(trusted));

  documents.onDidOpen(({ document }) => {
    hide(document.uri, 'scan');
    if (configs.isConfigFile(document.uri)) configs.validate(document.uri, document.getText());
    analyses.schedule(document, 0);
  });

  documents.onDidChangeContent(async ({ document }) => {
    // Typing in a variables or tfvars file changes what the Terraform files beside it see.
    const readers = readersOf(document.uri);
    if (readers.length) analyses.invalidate(readers);
    if (document.version === analyses.last(document.uri)?.version) return;
    if (configs.isConfigFile(document.uri)) configs.validate(document.uri, document.getText());
    // The first version is analysed at once (onDidOpen); later ones after a pause in typing.
    const delay = (await settingsFor(document.uri))['diagnostics.debounceMs'];
    if (documents.get(document.uri) === document) analyses.schedule(document, delay);
  });

  documents.onDidSave(async ({ document }) => {
    analyses.schedule(document, 0);
    if (configs.isConfigFile(document.uri)) void configs.changed(document.uri);
    // A saved file the scan knows keeps its stored result current for when it closes.
    if (!store.has(document.uri)) return;
    const text = document.getText();
    const result = await analyses.forVersion(document);
    if (result?.status !== 'done') return;
    store.set(document.uri, { status: 'done', analysis: result.analysis, document: textPositions(document.uri, text) });
    void connection.sendNotification(ScanResultsNotification, { files: store.size });
  });

  documents.onDidClose(({ document }) => {
    analyses.close(document.uri);
    // Closed without saving: the text on disk is what the files beside it see again.
    const readers = readersOf(document.uri);
    if (readers.length) analyses.invalidate(readers);
    hide(document.uri, 'document');
    if (configs.isConfigFile(document.uri)) void configs.changed(document.uri);
    // A scanned file goes back to its scan result when it is closed.
    if (store.has(document.uri)) void publishStored([document.uri]);
  });

  connection.workspace.onDidDeleteFiles((event) => void publishStored(store.deleteUnder(event.files.map((file) => file.uri))));
  connection.workspace.onDidRenameFiles((event) => void publishStored(store.deleteUnder(event.files.map((file) => file.oldUri))));

  connection.onHover(async (params) => {
    const found = await analysisOf(params.textDocument.uri);
    return found ? hover(found.document, found.analysis, params, { themeIcons: initOptions.themeIcons === true, detailsLink: initOptions.hoverDetailsLink === true }) : null;
  });

  connection.onRequest(HoverDetailsRequest, async (params) => {
    const found = await analysisOf(params.textDocument.uri);
    return found ? hoverDetails(found.document, found.analysis, params.position) : null;
  });

  connection.onCodeAction(async (params) => {
    const found = await analysisOf(params.textDocument.uri);
    if (!found) return [];
    return codeActions(found.document, found.analysis, params, await settingsFor(params.textDocument.uri), versionedEdits());
  });

  connection.onCodeLens(async (params) => {
    const found = await analysisOf(params.textDocument.uri);
    return found ? codeLenses(found.document, found.analysis, await settingsFor(params.textDocument.uri)) : [];
  });

  connection.onCompletion((params) => {
    const document = documents.get(params.textDocument.uri);
    // Only where the last analysis found a CloudFormation template (of any version: typing goes on), and within the analysed size.
    const last = analyses.last(params.textDocument.uri);
    if (!document || last?.status !== 'done' || last.analysis.kind !== 'cloudformation' || document.getText().length > MAX_ANALYSED_CHARS) return [];
    return completions(document, params.position);
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command !== Commands.placeCursor && params.command !== Commands.select) return;
    const [uri, where] = (params.arguments ?? []) as [unknown, unknown];
    const range = params.command === Commands.placeCursor ? (isPosition(where) ? { start: where, end: where } : undefined) : isRange(where) ? where : undefined;
    if (typeof uri !== 'string' || !range) return;
    await connection.window.showDocument({ uri, takeFocus: true, selection: { start: copyPosition(range.start), end: copyPosition(range.end) } });
  });

  connection.onRequest(MatrixRequest, async ({ filter, service }) => matrixView(await countedFiles(), (filter ?? {}) as MatrixFilter, service));
  connection.onRequest(CloudMatrixRequest, async ({ cloud, filter }) => cloudMatrixPanel(await countedFiles(), cloud, filter ?? {}));
  connection.onRequest(MatrixCellRequest, async ({ filter, row, owner, cloud }) => matrixCell(await countedFiles(), filter ?? {}, row, owner, cloud));
  connection.onRequest(ExportMatrixRequest, async ({ format, filter, scope, cloud }) => matrixExport(await countedFiles(), format, filter ?? {}, typeof scope === 'string' ? scope : '', cloud));

  let scanning: Promise<unknown> | undefined;
  /** Whether the store holds a scan's results (a cancelled scan's too: what it read is there). */
  let scanned = false;
  connection.onRequest(ScanWorkspaceRequest, async (params, token) => {
    // One scan at a time: a second request waits for the first.
    while (scanning) await scanning.catch(() => undefined);
    const reporter = params.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(params.workDoneToken) : await connection.window.createWorkDoneProgress();
    const run = scanWorkspace(
      {
        pool,
        store,
        folders: () => folders,
        settingsFor,
        filesExclude,
        configGlobs: (folder) => {
          const config = configs.configFor(folder.endsWith('/') ? folder : `${folder}/`);
          return { include: config?.include ?? [], exclude: config?.exclude ?? [] };
        },
        configFor: (uri) => configs.configFor(uri),
        changed: (uris) => void publishStored(uris),
        log: (message) => connection.console.info(message),
      },
      token,
      reporter,
    );
    scanning = run;
    try {
      const summary = await run;
      scanned = true;
      return summary;
    } finally {
      scanning = undefined;
    }
  });

  connection.onRequest(ClearScanResultsRequest, () => {
    scanned = false;
    return publishStored(store.clear());
  });

  /** Open documents (their current analyses) and then the last scan's results: nothing is read from disk. */
  connection.onRequest(ListSuppressionsRequest, async () => {
    const entries: ListedSuppression[] = [];
    const open = new Set<string>();
    for (const document of documents.all()) {
      open.add(document.uri);
      if (!document.getText().includes(METADATA_KEY)) continue;
      const found = await analysisOf(document.uri);
      if (found) entries.push(...listedSuppressions(document.uri, found.document, found.analysis, versionedEdits()));
    }
    for (const uri of store.uris()) {
      const stored = store.get(uri)!;
      if (!open.has(uri) && stored.status === 'done') entries.push(...listedSuppressions(uri, stored.document, stored.analysis, false));
    }
    const sorted = entries.sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return { entries: sorted, scanned };
  });

  connection.onRequest(FindingsRequest, () => findings.all());

  connection.onShutdown(() => {
    findings.dispose();
    pool.dispose();
  });
  connection.onExit(() => pool.dispose());

  documents.listen(connection);
  connection.listen();
}

function isPosition(value: unknown): value is Position {
  const position = value as Partial<Position> | undefined;
  return typeof position?.line === 'number' && typeof position.character === 'number';
}

function isRange(value: unknown): value is Range {
  const range = value as Partial<Range> | undefined;
  return isPosition(range?.start) && isPosition(range?.end);
}

function copyPosition(position: Position): Position {
  return { line: position.line, character: position.character };
}
