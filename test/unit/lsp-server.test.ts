/**
 * The language server as another editor runs it: `responsibility-lens lsp
 * --stdio` from the CLI bundle, driven over stdin/stdout by a minimal LSP
 * client (initialize, didOpen, publishDiagnostics, hover, code actions,
 * CodeLens). Asserts what a user of that editor sees.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, Hover, MarkupContent, PublishDiagnosticsParams, Range, ShowDocumentParams, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ListedFinding, SuppressionList } from '../../src/protocol/messages';
import { ROOT } from './helpers';
import { tempDir } from './cliHelpers';
import { slowTemplate } from './slowTemplate';

interface Session {
  connection: MessageConnection;
  /** `window/showDocument` requests the server made (the client answers success). */
  shown: ShowDocumentParams[];
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
  const shown: ShowDocumentParams[] = [];
  connection.onRequest('window/showDocument', (params: ShowDocumentParams) => {
    shown.push(params);
    return { success: true };
  });
  connection.onNotification('responsibilityLens/findingsChanged', () => undefined);
  connection.onNotification('window/logMessage', () => undefined);
  connection.onNotification('responsibilityLens/fileStatus', () => undefined);
  connection.onNotification('responsibilityLens/terraformReady', () => undefined);
  connection.listen();
  const folderUri = pathToFileURL(folder).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'workspace' }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {} }, window: { showDocument: { support: true } } },
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
  return { connection, child, shown, diagnostics, published, stop };
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
    assert.match(ssh.message, /^Restrict the source .* \[Ensuring network security \(DoS, MITM, port scanning\)\]$/);
    assert.doesNotMatch(ssh.message, /SecurityHub|CIS/, 'controls are listed once, in the hover card');
    // No repository is published yet: the rule id links to the rule's page shipped next to the bundle.
    const page = path.join(ROOT, 'docs/rules/sg-world-open-admin-port.md');
    assert.equal(ssh.codeDescription!.href, pathToFileURL(page).href);
    assert.ok(fs.existsSync(page));
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
    const hover = await session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: other.uri }, position: positionOf(other.text, 'EngineVersion') });
    assert.match(hoverText(hover), /\*\*AWS\*\* · Database patching/);
    const noted = await session.published(slow.uri, (all) => all.length > 0);
    assert.equal(noted.length, 1);
    assert.equal(noted[0].severity, 3, 'Information');
    assert.equal(noted[0].code, 'over-budget');
    assert.match(noted[0].message, /time budget of 200 ms/);
    assert.match(noted[0].message, /responsibilityLens\.analysis\.timeBudgetMs/);
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

  it('Scan Workspace stays inside the folder and lists what it did not analyse: links out, loops, FIFOs, files over budget', async () => {
    const outside = tempDir('rl-lsp-outside-');
    try {
      const secret = 'q7Z3x9K1w4V8m2B6t5N0r8Y2h6J4p1L9';
      fs.writeFileSync(path.join(outside.dir, 'id_test'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${secret}\n-----END OPENSSH PRIVATE KEY-----\n`);
      fs.writeFileSync(path.join(outside.dir, 'variables.tf'), `variable "db_password" {\n  default = "${secret}"\n}\n${secret} {\n`);
      fs.symlinkSync(path.join(outside.dir, 'id_test'), path.join(workspace.dir, 'bootstrap.properties'));
      fs.symlinkSync('..', path.join(workspace.dir, 'templates/up'));
      fs.symlinkSync(outside.dir, path.join(workspace.dir, 'outside-folder'));
      fs.mkdirSync(path.join(workspace.dir, 'tf'));
      fs.writeFileSync(path.join(workspace.dir, 'tf/main.tf'), 'resource "aws_db_instance" "db" {\n  password            = var.db_password\n  publicly_accessible = true\n}\n');
      fs.symlinkSync(path.join(outside.dir, 'variables.tf'), path.join(workspace.dir, 'tf/variables.tf'));
      execFileSync('mkfifo', [path.join(workspace.dir, 'pipe.yaml')]);
      fs.writeFileSync(path.join(workspace.dir, 'slow.yaml'), slowTemplate(40_000));
      const logged: string[] = [];
      session = await startServer(workspace.dir, { settings: { analysis: { timeBudgetMs: 1000 } } });
      session.connection.onNotification('window/logMessage', (params: { message: string }) => logged.push(params.message));
      const summary = await session.connection.sendRequest<{ analysed: number; unanalysed: { path: string; reason: string }[] }>('responsibilityLens/scanWorkspace', {});
      const listed = summary.unanalysed.map((entry) => `${entry.path} ${entry.reason}`).sort();
      for (const expected of ['bootstrap.properties outside-root', 'outside-folder symlinked-folder', 'pipe.yaml not-a-file', 'slow.yaml over-budget', `${path.join('templates', 'up')} symlinked-folder`, `${path.join('tf', 'variables.tf')} outside-root`]) {
        assert.ok(listed.includes(expected), `${expected} in ${listed.join(', ')}`);
      }
      assert.ok(summary.analysed >= 3, 'the templates and tf/main.tf are analysed');
      const slowUri = pathToFileURL(path.join(workspace.dir, 'slow.yaml')).href;
      assert.equal((await session.published(slowUri, (all) => all.length > 0))[0].code, 'over-budget');
      const linkUri = pathToFileURL(path.join(workspace.dir, 'bootstrap.properties')).href;
      assert.match((await session.published(linkUri, (all) => all.length > 0))[0].message, /outside the scanned folder/);
      const terraform = await session.published(pathToFileURL(path.join(workspace.dir, 'tf/main.tf')).href, (all) => all.length > 0);
      assert.ok(terraform.some((d) => d.code === 'rds-publicly-accessible'));
      const everything = JSON.stringify([summary, [...session.diagnostics], logged]);
      for (let start = 0; start + 4 <= secret.length; start++) assert.ok(!everything.includes(secret.slice(start, start + 4)), `"${secret.slice(start, start + 4)}" from outside the folder appears`);
    } finally {
      outside.cleanup();
    }
  });

  it('an organisation config that links out of the folder is not read, and says why', async () => {
    const outside = tempDir('rl-lsp-outside-');
    try {
      fs.writeFileSync(path.join(outside.dir, 'org.yaml'), 'overrides:\n  - rule: sg-world-open-admin-port\n    severity: "off"\n');
      fs.symlinkSync(path.join(outside.dir, 'org.yaml'), path.join(workspace.dir, '.responsibility-lens.yaml'));
      const configUri = pathToFileURL(path.join(workspace.dir, '.responsibility-lens.yaml')).href;
      session = await startServer(workspace.dir);
      const risky = open(session, path.join(workspace.dir, 'templates/risky-stack.yaml'), 'yaml');
      const note = await session.published(configUri, (all) => all.length > 0);
      assert.equal(note[0].severity, 1, 'Error');
      assert.match(note[0].message, /outside the scanned folder.*not applied/);
      await session.published(risky.uri, (all) => all.some((d) => d.code === 'sg-world-open-admin-port'));
    } finally {
      outside.cleanup();
    }
  });

  it('completes CloudFormation property names with their documentation, where a property name goes', async () => {
    session = await startServer(workspace.dir);
    const file = path.join(workspace.dir, 'templates/typing.yaml');
    const text = ['Resources:', '  Orders:', '    Type: AWS::RDS::DBInstance', '    Properties:', '      Engine: postgres', '      Stor', ''].join('\n');
    fs.writeFileSync(file, text);
    const { uri } = open(session, file, 'yaml');
    await session.published(uri, () => true);
    const position = positionOf(text, '      Stor', '      Stor'.length);
    const items = await session.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
    const labels = items.map((item) => item.label);
    assert.ok(labels.includes('StorageEncrypted') && labels.includes('StorageType'), labels.join(', '));
    assert.ok(!labels.includes('Engine'), 'a property already set is not offered');
    const encrypted = items.find((item) => item.label === 'StorageEncrypted')!;
    assert.equal(encrypted.detail, 'AWS::RDS::DBInstance property');
    assert.match((encrypted.documentation as MarkupContent).value, /encrypt/i, 'the spec’s documentation');
    const edit = encrypted.textEdit as TextEdit;
    assert.equal(edit.newText, 'StorageEncrypted: ');
    assert.deepEqual(edit.range, { start: { line: 5, character: 6 }, end: { line: 5, character: 10 } }, 'replaces what was typed');
    // Elsewhere (a value, the top level) nothing is offered.
    const none = await session.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'postgres', 3) });
    assert.deepEqual(none, []);
  });

  it('the 0.0.0.0/0 quick fix carries a command that selects the parameter it introduced; nothing deployable is invented', async () => {
    session = await startServer(workspace.dir);
    const { uri, text } = open(session, path.join(workspace.dir, 'templates/risky-stack.yaml'), 'yaml');
    const diagnostics = await session.published(uri, (all) => all.some((d) => d.code === 'sg-world-open-admin-port'));
    const ssh = diagnostics.find((d) => d.code === 'sg-world-open-admin-port')!;
    const actions = await session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: ssh.range, context: { diagnostics: [ssh] } });
    const fix = actions.find((action) => /^Replace 0\.0\.0\.0\/0 with a parameter/.test(action.title));
    assert.ok(fix, actions.map((action) => action.title).join(' | '));
    assert.equal(fix.isPreferred, false);
    assert.equal(fix.command?.command, 'responsibilityLens.select');
    const [target, range] = fix.command!.arguments as [string, Range];
    assert.equal(target, uri);
    const edits = fix.edit!.changes![uri];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
    const lines = fixed.split('\n');
    const selected = lines[range.start.line].slice(range.start.character, range.end.character);
    assert.match(selected, /^AdminSecurityGroupIngressCidr$/);
    assert.match(lines[range.start.line], /CidrIp: !Ref AdminSecurityGroupIngressCidr$/);
    assert.match(fixed, /AdminSecurityGroupIngressCidr:\n\s+Type: String/);
    assert.doesNotMatch(fixed.replace(text, ''), /Default:/, 'no default range is invented');
    const cidrs = (source: string) => source.match(/CidrIp: .+/g) ?? [];
    assert.deepEqual(cidrs(fixed), ['CidrIp: !Ref AdminSecurityGroupIngressCidr', 'CidrIp: 0.0.0.0/0'], 'the SSH range is the parameter; no range is written in its place');
    // The client runs the command after the edit: the server asks it to show the document with that selection.
    await session.connection.sendRequest('workspace/executeCommand', { command: fix.command!.command, arguments: fix.command!.arguments });
    assert.deepEqual(session.shown.at(-1), { uri, takeFocus: true, selection: range });
  });

  it('lists findings for the Findings view with severity, resource and owner, and suppressions with their problems', async () => {
    session = await startServer(workspace.dir, { settings: { severity: { 'rds-minor-upgrade-off': 'off', 'sqs-sse-off': 'error' } } });
    const file = path.join(workspace.dir, 'templates/suppressed.yaml');
    const text = [
      'Resources:',
      '  Queue:',
      '    Type: AWS::SQS::Queue',
      '    Properties:',
      '      SqsManagedSseEnabled: false',
      '  Database:',
      '    Type: AWS::RDS::DBInstance',
      '    Properties:',
      '      Engine: postgres',
      '      # responsibility-lens:ignore rds-storage-unencripted -- encrypted by the platform team',
      '      StorageEncrypted: false',
      '      AutoMinorVersionUpgrade: false',
      '',
    ].join('\n');
    fs.writeFileSync(file, text);
    const { uri } = open(session, file, 'yaml');
    await session.published(uri, (all) => all.some((d) => d.code === 'sqs-sse-off'));
    const listed = await session.connection.sendRequest<ListedFinding[]>('responsibilityLens/findings');
    const sse = listed.find((finding) => finding.ruleId === 'sqs-sse-off');
    assert.ok(sse, JSON.stringify(listed));
    assert.deepEqual({ ...sse, message: undefined }, { uri, range: { start: { line: 4, character: 6 }, end: { line: 4, character: 33 } }, ruleId: 'sqs-sse-off', severity: 'error', message: undefined, resource: 'Queue', owner: 'customer' });
    assert.ok(!listed.some((finding) => finding.ruleId === 'rds-minor-upgrade-off'), 'a rule turned off is not listed');
    assert.ok(listed.some((finding) => finding.ruleId === 'rds-storage-unencrypted'), 'the misspelt suppression suppresses nothing');

    const suppressions = await session.connection.sendRequest<SuppressionList>('responsibilityLens/listSuppressions', {});
    assert.equal(suppressions.scanned, false);
    assert.equal(suppressions.entries.length, 1);
    const [entry] = suppressions.entries;
    assert.equal(entry.suppression.ruleId, 'rds-storage-unencripted');
    assert.match(entry.problem?.message ?? '', /rds-storage-unencripted/);
    assert.equal(entry.problem?.fix?.title, 'Did you mean rds-storage-unencrypted? Change the rule id');
    const edit = entry.problem!.fix!.edit.changes![uri];
    assert.equal(TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edit).split('\n')[9], '      # responsibility-lens:ignore rds-storage-unencrypted -- encrypted by the platform team');
  });
});
