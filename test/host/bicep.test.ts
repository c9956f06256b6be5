/**
 * A Bicep file in a real editor: Microsoft's model on hover, a finding in the Problems panel with
 * its benchmark control, its quick fix; then the matrix with both clouds' files, opened on Azure
 * from the Bicep file's CodeLens, and the Azure matrix exported with these files' counts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, diagnosticsFor, hoverDetails, hoverText, open, ours, workspaceUri } from './helpers';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');

/** The 0-based line of the first line holding `needle`. */
function lineOf(document: vscode.TextDocument, needle: string): number {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in ${document.fileName}`);
  return document.positionAt(offset).line;
}

/** Hovers until the card is the real one: the Bicep parser (WebAssembly) loads on the first .bicep file. */
async function settledHover(document: vscode.TextDocument, needle: string, expected: RegExp): Promise<string> {
  let text = '';
  for (const deadline = Date.now() + 30_000; !expected.test(text) && Date.now() < deadline; ) {
    text = await hoverText(document, needle, 2);
    if (!expected.test(text)) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return text;
}

function matrixTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label === 'Shared Responsibility Matrix');
}

describe('Bicep files in a real editor, and the matrix with the Azure switch', () => {
  let bicep: vscode.TextDocument;

  // Written into the workspace for this suite only: other suites count the workspace's findings by rule.
  const folder = () => vscode.Uri.joinPath(workspaceUri(), 'bicep');

  before(async () => {
    await vscode.extensions.getExtension('responsibility-lens.responsibility-lens')!.activate();
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), 'main.bicep'), fs.readFileSync(path.join(FIXTURES, 'bicep-editor.bicep')));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), 'azuredeploy.json'), fs.readFileSync(path.join(FIXTURES, 'arm-editor.json')));
    bicep = await open('bicep/main.bicep');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
  });

  it('hovering a setting names its owner, Microsoft’s row and the service model (once the parser has loaded)', async () => {
    const text = await settledHover(bicep, 'minimumTlsVersion', /\*\*Customer\*\*/);
    assert.match(text, /\*\*Customer\*\* · Configurations and settings/);
    assert.match(text, /PaaS model/);
    assert.doesNotMatch(text, /still loading/);
  });

  it('the registry’s admin user is a Problems entry on its line with its rule id, the hover gives its MCSB control, and the quick fix clears it', async () => {
    const line = lineOf(bicep, 'adminUserEnabled: true');
    const found = await diagnosticsFor(bicep.uri, (all) => all.some((d) => codeOf(d) === 'azure-acr-admin-user'));
    const admin = found.find((d) => codeOf(d) === 'azure-acr-admin-user');
    assert.ok(admin, `diagnostics: ${found.map((d) => `${codeOf(d)} ${d.message}`).join('; ')}`);
    assert.equal(admin.range.start.line, line);
    assert.deepEqual(found.map(codeOf), ['azure-acr-admin-user'], 'the storage account set securely and the parameter are not flagged');
    assert.match(admin.message, /admin/i);

    const hover = await hoverText(bicep, 'adminUserEnabled', 2);
    const card = /command:responsibilityLens\.showHoverDetails/.test(hover) ? await hoverDetails(hover) : hover;
    assert.match(card, /MCSB IM\\?-1/, card);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', bicep.uri, admin.range);
    const fix = actions.find((action) => action.edit && /admin user/i.test(action.title));
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(bicep.lineAt(line).text, /adminUserEnabled: false/);
    await diagnosticsFor(bicep.uri, (all) => !all.some((d) => codeOf(d) === 'azure-acr-admin-user'));
    assert.deepEqual(ours(bicep.uri).map(codeOf), []);
    // Back to the file as written, for the matrix below.
    await vscode.commands.executeCommand('undo');
    await diagnosticsFor(bicep.uri, (all) => all.some((d) => codeOf(d) === 'azure-acr-admin-user'));
  });

  it('the Bicep file’s CodeLens opens the matrix (on Azure: it names the file’s cloud)', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', bicep.uri);
    const registry = lenses.find((lens) => lens.range.start.line === lineOf(bicep, "resource registry '"));
    assert.ok(registry?.command, lenses.map((lens) => `${lens.range.start.line}: ${lens.command?.title}`).join(' | '));
    assert.match(registry.command.title, /^Customer \d+ · Shared \d+ · Microsoft \d+ · 1 finding$/);
    assert.deepEqual(registry.command.arguments?.[0], { file: bicep.uri.toString(), resource: 'registry', cloud: 'azure' });
    await vscode.commands.executeCommand(registry.command.command, ...(registry.command.arguments ?? []));
    for (const deadline = Date.now() + 15_000; matrixTabs().length === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(matrixTabs().length, 1);
    await vscode.window.tabGroups.close(matrixTabs());
  });

  it('with AWS and Azure files open, each cloud’s matrix exports with its own counts', async () => {
    // An AWS template and the ARM template open next to the Bicep file: both clouds are counted.
    await open('templates/risky-stack.yaml');
    const arm = await open('bicep/azuredeploy.json');
    await diagnosticsFor(arm.uri, (all) => all.some((d) => codeOf(d) === 'azure-storage-min-tls'));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-matrix-'));
    try {
      const azureMd = await vscode.commands.executeCommand<vscode.Uri>('responsibilityLens.exportMatrix', 'markdown', vscode.Uri.file(path.join(dir, 'azure.md')), 'azure');
      const markdown = fs.readFileSync(azureMd.fsPath, 'utf8');
      assert.match(markdown, /^# Microsoft Azure shared responsibility matrix: /);
      assert.match(markdown, /\(Microsoft, revised 2026\\-01\)/);
      const rows = markdown.split('\n').filter((line) => /^\| [A-Z]/.test(line) && !line.startsWith('| Responsibility') && !line.includes('| Resources |'));
      const table = rows.slice(0, 10).map((line) => line.slice(2, -2).split(' | '));
      assert.deepEqual(
        table.map((cells) => cells[0]),
        ['Customer data', 'Configurations and settings', 'Identities and users', 'Client devices', 'Applications', 'Network controls', 'Operating system', 'Physical hosts', 'Physical network', 'Physical datacenter'],
      );
      // The two Azure files' findings (the TLS floor of the ARM template, the registry's admin user) and Identities and
      // users' settings (the admin user, both accounts' Shared Key access). An earlier suite's Azure document can still be
      // open in the server (VS Code closes documents lazily), so these are lower bounds; the end-to-end test has exact ones.
      const cells = (title: string) => table.find((row) => row[0] === title)!.slice(1);
      assert.ok(Number(cells('Configurations and settings')[6]) >= 1, markdown);
      assert.deepEqual(cells('Identities and users').slice(0, 3), ['Customer', 'Customer', 'Customer']);
      assert.ok(Number(cells('Identities and users')[3]) >= 3 && Number(cells('Identities and users')[6]) >= 1, markdown);
      assert.deepEqual(cells('Physical datacenter'), ['Microsoft', 'Microsoft', 'Microsoft', '0', '0', '0', '0']);
      assert.ok(Number(/\n(\d+) files counted\.\n/.exec(markdown)?.[1]) >= 2, markdown);
      assert.match(markdown, /- \*\*PaaS\*\*: Container Registry \(1\), Storage accounts \(\d+\)\./);

      const awsCsv = await vscode.commands.executeCommand<vscode.Uri>('responsibilityLens.exportMatrix', 'csv', vscode.Uri.file(path.join(dir, 'aws.csv')), 'aws');
      const csv = fs.readFileSync(awsCsv.fsPath, 'utf8');
      assert.match(csv, /^id,responsibility,origin,table owner,infrastructure,container,abstracted,customer settings,shared settings,aws settings,findings\r\n/);
      const azureCsv = await vscode.commands.executeCommand<vscode.Uri>('responsibilityLens.exportMatrix', 'csv', vscode.Uri.file(path.join(dir, 'azure.csv')), 'azure');
      assert.match(fs.readFileSync(azureCsv.fsPath, 'utf8'), /^id,responsibility,iaas,paas,saas,customer settings,shared settings,microsoft settings,findings\r\n/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
