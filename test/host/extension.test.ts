/**
 * Runs in a real VS Code extension host (code-server here) and asserts what
 * a user sees: hover text and Problems-panel entries.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsFor, hoverText, open, positionOf } from './helpers';


describe('CloudFormation in a real editor', () => {
  before(async () => {
    await vscode.extensions.getExtension('responsibility-lens.responsibility-lens')!.activate();
  });

  it('hovering StorageEncrypted shows the customer badge, the row and the model under its Problems entry, which says what to do; the rest is behind a link', async () => {
    const document = await open('templates/risky-stack.yaml');
    const text = await hoverText(document, 'StorageEncrypted: false');
    assert.match(text, /\*\*Customer\*\*/);
    assert.match(text, /customer data/i);
    assert.match(text, /container model/);
    // The Problems entry shown above the card says what to do and why; the card does not repeat it.
    const entry = (await diagnosticsFor(document.uri, (all) => all.some((d) => codeOf(d) === 'rds-storage-unencrypted'))).find((d) => codeOf(d) === 'rds-storage-unencrypted')!;
    assert.match(entry.message, /^Turn on storage encryption/);
    assert.doesNotMatch(text, /\*\*You:\*\*/);
    assert.match(text, /\[\$\(book\) Details: [^\]]*\]\(command:responsibilityLens\.showHoverDetails\?/);
    assert.ok(!text.includes('hunter2'), 'no secret leaks into the card');
  });

  it('a setting without a finding says why and what you do in its card; the Details link opens the whole card beside the editor', async () => {
    const document = await open('templates/risky-stack.yaml');
    const text = await hoverText(document, 'EngineVersion');
    assert.match(text, /\*\*Customer\*\* · Database patching/);
    assert.match(text, /\*\*You:\*\*/);
    const link = /\(command:responsibilityLens\.showHoverDetails\?([^)]*)\)/.exec(text);
    assert.ok(link, text);
    const [uri, position] = JSON.parse(decodeURIComponent(link[1])) as [string, vscode.Position];
    const details = await vscode.commands.executeCommand<vscode.Uri>('responsibilityLens.showHoverDetails', uri, position);
    const card = (await vscode.workspace.openTextDocument(details)).getText();
    assert.match(card, /^\*\*Customer\*\* · Database patching/, 'theme icons are left out outside a hover');
    assert.match(card, /\*\*AWS:\*\*/);
    assert.match(card, /Sources: \[/);
    const preview = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label.includes('risky-stack.yaml, line'));
    assert.equal(preview.length, 1, 'the Markdown preview of the card is open');
    await vscode.window.tabGroups.close(preview);
  });

  it('hovering EngineVersion says AWS patches the database, unless minor upgrades are off', async () => {
    const hardened = await hoverText(await open('templates/hardened-stack.yaml'), 'EngineVersion');
    assert.match(hardened, /\*\*AWS\*\* · Database patching/);
    const risky = await hoverText(await open('templates/risky-stack.yaml'), 'EngineVersion');
    assert.match(risky, /\*\*Customer\*\* · Database patching/);
  });

  it('hovering a resource Type line shows the resource summary', async () => {
    const document = await open('templates/risky-stack.yaml');
    const text = await hoverText(document, 'AWS::EC2::Instance', 3);
    assert.match(text, /\*\*WebServer\*\*/);
    assert.match(text, /\*\*infrastructure\*\* model/);
  });

  it('the Problems panel lists findings with rule ids, rows and documentation links', async () => {
    const document = await open('templates/risky-stack.yaml');
    const diagnostics = await diagnosticsFor(document.uri, (all) => all.some((d) => codeOf(d) === 'sg-world-open-admin-port'));
    const open22 = diagnostics.find((d) => codeOf(d) === 'sg-world-open-admin-port');
    assert.ok(open22, 'world-open SSH is reported');
    assert.equal(open22.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(open22.range.start.line, positionOf(document, 'CidrIp: 0.0.0.0/0').line);
    assert.match(open22.message, /^Restrict the source .* \[Ensuring network security \(DoS, MITM, port scanning\)\]$/);
    assert.doesNotMatch(open22.message, /SecurityHub|CIS/, 'one list of controls per hover: the card’s');
    // The rule id links to the rule's page in the installed extension (no repository is published yet).
    const code = open22.code as { value: string; target: vscode.Uri };
    const page = vscode.Uri.joinPath(vscode.extensions.getExtension('responsibility-lens.responsibility-lens')!.extensionUri, 'docs', 'rules', 'sg-world-open-admin-port.md');
    assert.equal(code.target.toString(), page.toString());
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(code.target)), /^# `sg-world-open-admin-port`: [\s\S]*## What to do/);
    const secret = diagnostics.find((d) => codeOf(d) === 'literal-secret' && d.range.start.line === positionOf(document, 'MasterUserPassword').line);
    assert.ok(secret, 'literal password is reported');
    assert.ok(!diagnostics.some((d) => d.message.includes('hunter2-very-secret')), 'secrets are masked');
    assert.equal(diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Information && /^(Customer|AWS|Shared) responsibility/.test(d.message)).length, 0, 'ownership entries are off by default');
  });

  it('the ownership setting lists customer-owned settings, then all of them', async () => {
    const document = await open('templates/risky-stack.yaml');
    const config = vscode.workspace.getConfiguration('responsibilityLens');
    // Ownership entries, not the information-severity findings (hardening rules) beside them.
    const information = (all: vscode.Diagnostic[]) => all.filter((d) => d.severity === vscode.DiagnosticSeverity.Information && /^(Customer|AWS|Shared) responsibility/.test(d.message));
    try {
      await config.update('diagnostics.ownership', 'customer', vscode.ConfigurationTarget.Global);
      let diagnostics = information(await diagnosticsFor(document.uri, (all) => information(all).length > 0));
      const imageId = diagnostics.find((d) => d.range.start.line === positionOf(document, 'ImageId').line);
      assert.equal(imageId?.message, 'Customer responsibility: Updating guest operating systems and applying security patches (ec2, infrastructure model)');
      assert.ok(!diagnostics.some((d) => /^AWS responsibility/.test(d.message)));
      await config.update('diagnostics.ownership', 'all', vscode.ConfigurationTarget.Global);
      const hardened = await open('templates/hardened-stack.yaml');
      diagnostics = information(await diagnosticsFor(hardened.uri, (all) => all.some((d) => /^AWS responsibility/.test(d.message))));
      const engine = diagnostics.find((d) => d.range.start.line === positionOf(hardened, 'EngineVersion').line);
      assert.equal(engine?.message, 'AWS responsibility: Database patching (rds, container model)');
    } finally {
      await config.update('diagnostics.ownership', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('JSON templates get the same findings', async () => {
    const document = await open('templates/risky-stack.json');
    const diagnostics = await diagnosticsFor(document.uri, (all) => all.some((d) => codeOf(d) === 'rds-publicly-accessible'));
    assert.ok(diagnostics.some((d) => codeOf(d) === 'rds-publicly-accessible'));
  });

  it('an edit updates diagnostics after the debounce, and closing clears them', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      PubliclyAccessible: false\n      StorageEncrypted: true\n' });
    const editor = await vscode.window.showTextDocument(document);
    let diagnostics = await diagnosticsFor(document.uri, () => true);
    assert.ok(!diagnostics.some((d) => codeOf(d) === 'rds-publicly-accessible'));
    const line = document.lineAt(5);
    await editor.edit((edit) => edit.replace(line.range, '      PubliclyAccessible: true'));
    diagnostics = await diagnosticsFor(document.uri, (all) => all.some((d) => codeOf(d) === 'rds-publicly-accessible'));
    assert.ok(diagnostics.some((d) => codeOf(d) === 'rds-publicly-accessible'), 'the edit is analysed');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    diagnostics = await diagnosticsFor(document.uri, (all) => all.length === 0);
    assert.equal(diagnostics.length, 0, 'closing the file clears its diagnostics');
  });

  it('other YAML files get no hovers and no diagnostics', async () => {
    // Every card of ours opens with an owner badge ("$(account) **Customer** · row") or names the sides' duties.
    const cards = async (document: vscode.TextDocument, needle: string) => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, needle));
      return hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).filter((value) => /\*\*(?:Customer|AWS|Shared)\*\*|\*\*You:\*\*/.test(value));
    };
    // The same question on a template does find a card, so the check below can fail.
    assert.ok((await cards(await open('templates/risky-stack.yaml'), 'StorageEncrypted')).length > 0, 'a template gets a card');
    const document = await open('not-a-template.yaml');
    assert.deepEqual(await cards(document, 'password'), []);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Responsibility Lens').length, 0);
  });

  it('the matrix command opens one webview panel', async () => {
    await vscode.commands.executeCommand('responsibilityLens.showMatrix');
    await vscode.commands.executeCommand('responsibilityLens.showMatrix');
    const matrixTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label === 'Shared Responsibility Matrix');
    // The panel's tab appears once its data arrives from the language server: wait for it rather than a fixed time, then make sure no second one follows.
    for (const deadline = Date.now() + 15_000; matrixTabs().length === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(matrixTabs().length, 1);
  });
});
