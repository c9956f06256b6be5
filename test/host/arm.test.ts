/**
 * An Azure Resource Manager template in a real editor: Microsoft's model on hover, a finding with
 * its benchmark control in the Problems panel, its quick fix, and the CodeLens split with
 * Microsoft's side.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, diagnosticsFor, hoverText, open, ours, workspaceUri } from './helpers';

describe('Azure Resource Manager templates in a real editor', () => {
  let document: vscode.TextDocument;

  // The template is written into the workspace for this suite only: the fixture workspace's other
  // suites (and the end-to-end test's Findings view) count the workspace's findings rule by rule.
  const folder = () => vscode.Uri.joinPath(workspaceUri(), 'azure');

  before(async () => {
    await vscode.extensions.getExtension('responsibility-lens.responsibility-lens')!.activate();
    const template = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'arm-editor.json');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), 'azuredeploy.json'), fs.readFileSync(template));
    document = await open('azure/azuredeploy.json');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder(), { recursive: true, useTrash: false });
  });

  it('hovering a setting names the customer, Microsoft’s row and model, and what Microsoft does', async () => {
    const text = await hoverText(document, '"minimumTlsVersion"', 2);
    assert.match(text, /\*\*Customer\*\* · Configurations and settings/);
    assert.match(text, /PaaS model/);
  });

  it('a TLS 1.0 floor is a warning on its line with the benchmark control, and its quick fix clears it', async () => {
    const found = await diagnosticsFor(document.uri, (all) => all.some((d) => codeOf(d) === 'azure-storage-min-tls'));
    const tls = found.find((d) => codeOf(d) === 'azure-storage-min-tls');
    assert.ok(tls, `diagnostics: ${found.map((d) => `${codeOf(d)} ${d.message}`).join('; ')}`);
    assert.equal(tls.range.start.line, 15);
    assert.equal(tls.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(found.map(codeOf), ['azure-storage-min-tls'], 'the secure settings and the parameter are not flagged');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, tls.range);
    const fix = actions.find((action) => action.edit && /TLS 1\.2/.test(action.title));
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(document.lineAt(15).text, /"minimumTlsVersion": "TLS1_2"/);
    await diagnosticsFor(document.uri, (all) => !all.some((d) => codeOf(d) === 'azure-storage-min-tls'));
    assert.deepEqual(ours(document.uri).map(codeOf), []);
  });

  it('the CodeLens above the resource splits its settings with Microsoft’s side', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    assert.ok(titles.some((title) => /^Customer \d+ · Shared \d+ · Microsoft \d+/.test(title)), titles.join(' | '));
  });
});
