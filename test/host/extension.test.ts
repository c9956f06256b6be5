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

  it('hovering StorageEncrypted shows the customer badge, the row, the model and what to do', async () => {
    const document = await open('templates/risky-stack.yaml');
    const text = await hoverText(document, 'StorageEncrypted: false');
    assert.match(text, /\*\*Customer\*\*/);
    assert.match(text, /customer data/i);
    assert.match(text, /container model/);
    assert.match(text, /\*\*You:\*\*/);
    assert.ok(!text.includes('hunter2'), 'no secret leaks into the card');
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
    assert.match(open22.message, /Ensuring network security/);
    const code = open22.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.authority, 'docs.aws.amazon.com');
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
    const document = await open('not-a-template.yaml');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, 'password'));
    assert.ok(!hovers.some((hover) => hover.contents.some((c) => typeof c !== 'string' && 'value' in c && c.value.includes('Responsibility'))));
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
