/**
 * Workspace features in a real extension host: CodeLens, Scan Workspace
 * (globs, .gitignore, Problems for files never opened), per-rule severity
 * overrides and the matrix export.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, ours } from './helpers';

const workspace = () => vscode.workspace.workspaceFolders![0].uri;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ScanSummary {
  scanned: number;
  analysed: number;
  findings: number;
  cancelled: boolean;
  uris: vscode.Uri[];
}

async function until<T>(get: () => T, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (ok(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

describe('Workspace view in a real editor', () => {
  const config = () => vscode.workspace.getConfiguration('responsibilityLens');
  const generated = () => path.join(workspace().fsPath, 'generated');

  before(async () => {
    await vscode.extensions.getExtension('responsibility-lens.responsibility-lens')!.activate();
    // Ignored by the fixture's .gitignore ("generated/"): the scan must skip it.
    fs.mkdirSync(generated(), { recursive: true });
    fs.copyFileSync(path.join(workspace().fsPath, 'scan', 'never-opened.yaml'), path.join(generated(), 'ignored-copy.yaml'));
  });

  after(async () => {
    fs.rmSync(generated(), { recursive: true, force: true });
    await config().update('workspaceScan.exclude', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('files').update('exclude', undefined, vscode.ConfigurationTarget.Global);
    await config().update('severity', undefined, vscode.ConfigurationTarget.Global);
    await config().update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('responsibilityLens.clearWorkspaceResults');
  });

  it('a CodeLens above each resource gives its owner split and opens the matrix on it', async () => {
    const uri = vscode.Uri.joinPath(workspace(), 'templates/risky-stack.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const ourLenses = lenses.filter((lens) => lens.command?.command === 'responsibilityLens.showMatrix');
    const resourceCount = (document.getText().match(/^ {2}\w+:\n {4}Type: AWS::/gm) ?? []).length;
    assert.equal(ourLenses.length, resourceCount, 'one lens per resource');
    const database = ourLenses.find((lens) => lens.range.start.line === document.positionAt(document.getText().indexOf('OrdersDatabase:')).line);
    assert.ok(database, 'a lens sits on the OrdersDatabase line');
    assert.match(database.command!.title, /^Customer \d+ · Shared \d+ · AWS \d+ · 5 findings$/);
    assert.deepEqual(database.command!.arguments, [{ file: uri.toString(), resource: 'OrdersDatabase' }]);
    await vscode.commands.executeCommand(database.command!.command, ...database.command!.arguments!);
    await sleep(300);
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label === 'Shared Responsibility Matrix');
    assert.equal(tabs.length, 1, 'the matrix opens');

    await config().update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    const none = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    assert.equal(none.filter((lens) => lens.command?.command === 'responsibilityLens.showMatrix').length, 0, 'the setting turns CodeLens off');
  });

  it('Scan Workspace fills the Problems panel for files never opened, skipping .gitignore and excluded globs', async () => {
    const neverOpened = vscode.Uri.joinPath(workspace(), 'scan/never-opened.yaml');
    const vendored = vscode.Uri.joinPath(workspace(), 'vendor/vendored-stack.yaml');
    const ignored = vscode.Uri.file(path.join(generated(), 'ignored-copy.yaml'));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === neverOpened.toString()), 'the file is not open');
    assert.equal(ours(neverOpened).length, 0, 'nothing is reported before a scan (no scan at start-up)');

    await config().update('workspaceScan.exclude', ['**/node_modules/**', 'templates/*.json'], vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('files').update('exclude', { '**/vendor': true }, vscode.ConfigurationTarget.Global);
    const summary = await vscode.commands.executeCommand<ScanSummary>('responsibilityLens.scanWorkspace');
    assert.equal(summary.cancelled, false);
    const scanned = summary.uris.map((uri) => vscode.workspace.asRelativePath(uri)).sort();
    assert.ok(scanned.includes('scan/never-opened.yaml'), scanned.join(', '));
    assert.ok(scanned.includes('templates/risky-stack.yaml'));
    assert.ok(!scanned.includes('templates/risky-stack.json'), 'excluded by responsibilityLens.workspaceScan.exclude');
    assert.ok(!scanned.includes('vendor/vendored-stack.yaml'), 'excluded by files.exclude');
    assert.ok(!scanned.some((file) => file.startsWith('generated/')), 'ignored by .gitignore');
    assert.ok(!scanned.includes('not-a-template.yaml'), 'plain YAML is read but not counted');

    const diagnostics = await until(() => ours(neverOpened), (all) => all.length > 0);
    const publicDb = diagnostics.find((d) => codeOf(d) === 'rds-publicly-accessible');
    assert.ok(publicDb, 'the finding of the never-opened file is in the Problems panel');
    const neverOpenedText = new TextDecoder().decode(await vscode.workspace.fs.readFile(neverOpened));
    assert.equal(publicDb.range.start.line, neverOpenedText.slice(0, neverOpenedText.indexOf('PubliclyAccessible')).split('\n').length - 1, 'on the PubliclyAccessible line');
    assert.equal(publicDb.range.start.character, 6);
    assert.equal(ours(vendored).length, 0);
    assert.equal(ours(ignored).length, 0);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === neverOpened.toString()), 'the scan opened no document');
  });

  it('per-rule severity overrides apply to open and scanned files', async () => {
    const neverOpened = vscode.Uri.joinPath(workspace(), 'scan/never-opened.yaml');
    await config().update('severity', { 'rds-publicly-accessible': 'info', 'rds-storage-unencrypted': 'off' }, vscode.ConfigurationTarget.Global);
    const scanned = await until(() => ours(neverOpened), (all) => all.some((d) => codeOf(d) === 'rds-publicly-accessible' && d.severity === vscode.DiagnosticSeverity.Information));
    assert.equal(scanned.find((d) => codeOf(d) === 'rds-publicly-accessible')?.severity, vscode.DiagnosticSeverity.Information);
    const risky = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), 'templates/risky-stack.yaml'));
    const open = await until(() => ours(risky.uri), (all) => !all.some((d) => codeOf(d) === 'rds-storage-unencrypted'));
    assert.ok(!open.some((d) => codeOf(d) === 'rds-storage-unencrypted'), '`off` hides the rule');
    assert.ok(open.some((d) => codeOf(d) === 'sg-world-open-admin-port' && d.severity === vscode.DiagnosticSeverity.Error), 'other rules keep their severity');
    await config().update('severity', undefined, vscode.ConfigurationTarget.Global);
    const restored = await until(() => ours(risky.uri), (all) => all.some((d) => codeOf(d) === 'rds-storage-unencrypted'));
    assert.ok(restored.some((d) => codeOf(d) === 'rds-storage-unencrypted'));
  });

  it('an opened scanned file shows its live analysis, and its scan result again once closed', async () => {
    const uri = vscode.Uri.joinPath(workspace(), 'scan/never-opened.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    // The edit both removes a finding and adds one the scan never had, so the live state is checked, not just an absence.
    await editor.edit((edit) => {
      edit.replace(document.lineAt(10).range, '      PubliclyAccessible: false');
      edit.replace(document.lineAt(11).range, '      StorageEncrypted: false');
    });
    const codesAndLines = (all: vscode.Diagnostic[]) => all.map((d) => `${codeOf(d)}:${d.range.start.line}`).sort();
    const live = await until(() => ours(uri), (all) => all.some((d) => codeOf(d) === 'rds-storage-unencrypted'));
    assert.ok(!live.some((d) => codeOf(d) === 'rds-publicly-accessible'), 'the unsaved edit wins over the stored scan');
    assert.ok(codesAndLines(live).includes('rds-storage-unencrypted:11'), `the edited text is what is analysed: ${codesAndLines(live).join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const stored = await until(() => ours(uri), (all) => all.some((d) => codeOf(d) === 'rds-publicly-accessible'));
    assert.ok(stored.some((d) => codeOf(d) === 'rds-publicly-accessible'), 'closing without saving brings back the scanned result');
    assert.ok(!stored.some((d) => codeOf(d) === 'rds-storage-unencrypted'), `and only the scanned result: ${codesAndLines(stored).join(', ')}`);
  });

  it('exports the matrix with the workspace counts as CSV and Markdown', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-export-'));
    try {
      const csvUri = await vscode.commands.executeCommand<vscode.Uri>('responsibilityLens.exportMatrix', 'csv', vscode.Uri.file(path.join(dir, 'm.csv')));
      const csv = fs.readFileSync(csvUri.fsPath, 'utf8').trimEnd().split('\r\n');
      assert.equal(csv[0], 'id,responsibility,origin,table owner,infrastructure,container,abstracted,customer settings,shared settings,aws settings,findings');
      assert.equal(csv.length, 16);
      const network = csv.find((l) => l.startsWith('network-security,'))!.split(',');
      assert.ok(Number(network.at(-1)) >= 2, 'findings of open and scanned files are counted');
      const mdUri = await vscode.commands.executeCommand<vscode.Uri>('responsibilityLens.exportMatrix', 'markdown', vscode.Uri.file(path.join(dir, 'm.md')));
      const markdown = fs.readFileSync(mdUri.fsPath, 'utf8');
      assert.match(markdown, /^# Shared responsibility matrix \(third-party summary of the AWS model\): /);
      assert.match(markdown, /\| Database patching \| AWS \| Customer \| AWS \| AWS \| \d+ \| \d+ \| \d+ \| \d+ \|/);
      assert.match(markdown, /\| rds \| container \| \d+ \|/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('clearing the scan results empties the Problems panel for files that are not open', async () => {
    // A file no other test opens, written for this test only.
    const file = path.join(workspace().fsPath, 'scan', 'written-for-clear-test.yaml');
    fs.copyFileSync(path.join(workspace().fsPath, 'scan', 'never-opened.yaml'), file);
    const uri = vscode.Uri.file(file);
    try {
      await vscode.commands.executeCommand('responsibilityLens.scanWorkspace');
      const before = await until(() => ours(uri), (all) => all.length > 0);
      assert.ok(before.length > 0, 'the scan reported the new file');
      await vscode.commands.executeCommand('responsibilityLens.clearWorkspaceResults');
      assert.equal((await until(() => ours(uri), (all) => all.length === 0)).length, 0);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
