/**
 * The language server as another editor runs it: `responsibility-lens lsp
 * --stdio` from the CLI bundle, driven over stdin/stdout by a minimal LSP
 * client (initialize, didOpen, publishDiagnostics, hover, code actions,
 * CodeLens). Asserts what a user of that editor sees.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, CodeLens, Diagnostic, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { ROOT } from './helpers';
import { tempDir } from './cliHelpers';
import { slowTemplate } from './slowTemplate';

interface Session {
  connection: MessageConnection;
  child: ChildProcessWithoutNullStreams;
  /** Diagnostics as last published, by URI. */
  diagnostics: Map<string, Diagnostic[]>;
  /** Resolves when `uri` has diagnostics that satisfy `done`. */
  published(uri: string, done: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  /** `settings` answers `workspace/configuration` for the section responsibilityLens. */
  stop(): Promise<void>;
}

async function startServer(folder: string, options: { settings?: Record<string, unknown>; trusted?: boolean } = {}): Promise<Session> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'lsp', '--stdio'], { cwd: folder });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const diagnostics = new Map<string, Diagnostic[]>();
  const waiters: (() => void)[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    diagnostics.set(params.uri, params.diagnostics);
    for (const waiter of waiters.splice(0)) waiter();
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (item.section === 'responsibilityLens' ? (options.settings ?? {}) : null)),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.onNotification('responsibilityLens/fileStatus', () => undefined);
  connection.onNotification('responsibilityLens/terraformReady', () => undefined);
  connection.listen();
  const folderUri = pathToFileURL(folder).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'workspace' }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {} } },
    initializationOptions: options.trusted === undefined ? {} : { trusted: options.trusted },
  });
  await connection.sendNotification('initialized', {});
  const published = (uri: string, done: (all: Diagnostic[]) => boolean) =>
    new Promise<Diagnostic[]>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(diagnostics.get(uri))}`)), 15_000);
      const check = () => {
        const current = diagnostics.get(uri);
        if (current && done(current)) {
          clearTimeout(timeout);
          resolve(current);
        } else waiters.push(check);
      };
      check();
    });
  const stop = async () => {
    await connection.sendRequest('shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    connection.dispose();
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const kill = setTimeout(() => child.kill(), 3000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
    });
  };
  return { connection, child, diagnostics, published, stop };
}

function open(session: Session, file: string, languageId: string, version = 1): { uri: string; text: string } {
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  void session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  return { uri, text };
}

function positionOf(text: string, needle: string, delta = 1): { line: number; character: number } {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

const hoverText = (hover: Hover | null) => (hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '');


describe('language server over stdio (responsibility-lens lsp --stdio)', function () {
  this.timeout(60_000);
  let session: Session | undefined;
  let workspace: { dir: string; cleanup(): void };

  beforeEach(() => {
    workspace = tempDir('rl-lsp-');
    fs.cpSync(path.join(ROOT, 'test/fixtures/workspace/templates'), path.join(workspace.dir, 'templates'), { recursive: true });
  });

  afterEach(async () => {
    await session?.stop();
    session = undefined;
    workspace.cleanup();
  });

  it('publishes findings with rule ids and documentation links, and answers hovers with the card', async () => {
    session = await startServer(workspace.dir);
    const { uri, text } = open(session, path.join(workspace.dir, 'templates/risky-stack.yaml'), 'yaml');
    const diagnostics = await session.published(uri, (all) => all.some((d) => d.code === 'sg-world-open-admin-port'));
    const ssh = diagnostics.find((d) => d.code === 'sg-world-open-admin-port')!;
    assert.equal(ssh.severity, 1, 'Error');
    assert.equal(ssh.source, 'Responsibility Lens');
    assert.equal(ssh.range.start.line, positionOf(text, 'CidrIp: 0.0.0.0/0').line);
    assert.match(ssh.message, /Ensuring network security/);
    assert.match(ssh.codeDescription!.href, /^https:\/\/docs\.aws\.amazon\.com\//);
    assert.ok(!diagnostics.some((d) => d.message.includes('hunter2-very-secret')), 'secrets are masked');

    const hover = await session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'StorageEncrypted: false') });
    const card = hoverText(hover);
    assert.match(card, /^\*\*Customer\*\*/, 'no $(icon) syntax for editors that do not render it');
    assert.match(card, /customer data/i);
    assert.match(card, /\*\*You:\*\*/);

    const lenses = await session.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const database = lenses.find((lens) => lens.range.start.line === positionOf(text, 'OrdersDatabase:').line);
    assert.match(database?.command?.title ?? '', /^Customer \d+ · Shared \d+ · AWS \d+ · 5 findings$/);

    const rds = diagnostics.find((d) => d.code === 'rds-storage-unencrypted')!;
    const actions = await session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: rds.range, context: { diagnostics: [rds] } });
    assert.ok(actions.some((action) => action.title === 'Suppress rds-storage-unencrypted with a reason' && action.command?.command === 'responsibilityLens.placeCursor'));
  });

  it('a file over its time budget gets one Information diagnostic, and hovers on another file still answer', async () => {
    fs.writeFileSync(path.join(workspace.dir, 'slow.yaml'), slowTemplate(8000));
    session = await startServer(workspace.dir, { settings: { analysis: { timeBudgetMs: 200 } } });
    const slow = open(session, path.join(workspace.dir, 'slow.yaml'), 'yaml');
    const other = open(session, path.join(workspace.dir, 'templates/hardened-stack.yaml'), 'yaml');
    const started = Date.now();
    const hover = await session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: other.uri }, position: positionOf(other.text, 'EngineVersion') });
    assert.match(hoverText(hover), /\*\*AWS\*\* · Database patching/);
    const noted = await session.published(slow.uri, (all) => all.length > 0);
    assert.equal(noted.length, 1);
    assert.equal(noted[0].severity, 3, 'Information');
    assert.equal(noted[0].code, 'over-budget');
    assert.match(noted[0].message, /time budget of 200 ms/);
    assert.match(noted[0].message, /responsibilityLens\.analysis\.timeBudgetMs/);
    assert.ok(Date.now() - started < 10_000);
    const none = await session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: slow.uri }, position: { line: 3, character: 8 } });
    assert.equal(none, null, 'no hover from an analysis that never finished');
  });

  it('a newer version supersedes the older one: the edit is what gets analysed', async () => {
    session = await startServer(workspace.dir, { settings: { diagnostics: { debounceMs: 0 } } });
    const file = path.join(workspace.dir, 'templates/hardened-stack.yaml');
    const { uri, text } = open(session, file, 'yaml');
    const edited = text.replace('PubliclyAccessible: false', 'PubliclyAccessible: true');
    assert.notEqual(edited, text);
    void session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    const diagnostics = await session.published(uri, (all) => all.some((d) => d.code === 'rds-publicly-accessible'));
    assert.equal(diagnostics.find((d) => d.code === 'rds-publicly-accessible')!.range.start.line, positionOf(edited, 'PubliclyAccessible: true').line);
  });

  it('an untrusted workspace does not apply its organisation config, and says so on the file', async () => {
    const config = ['overrides:', '  - rule: sg-world-open-admin-port', '    severity: "off"', ''].join('\n');
    fs.writeFileSync(path.join(workspace.dir, '.responsibility-lens.yaml'), config);
    const configUri = pathToFileURL(path.join(workspace.dir, '.responsibility-lens.yaml')).href;

    session = await startServer(workspace.dir, { trusted: false });
    const risky = open(session, path.join(workspace.dir, 'templates/risky-stack.yaml'), 'yaml');
    const note = await session.published(configUri, (all) => all.length > 0);
    assert.equal(note.length, 1);
    assert.equal(note[0].severity, 2, 'Warning');
    assert.match(note[0].message, /Not applied: this workspace is not trusted/);
    await session.published(risky.uri, (all) => all.some((d) => d.code === 'sg-world-open-admin-port'));

    // Trust arrives: the config applies (the rule is turned off) and the note goes.
    void session.connection.sendNotification('responsibilityLens/trust', { trusted: true });
    await session.published(configUri, (all) => all.length === 0);
    await session.published(risky.uri, (all) => all.length > 0 && !all.some((d) => d.code === 'sg-world-open-admin-port'));
  });
});
