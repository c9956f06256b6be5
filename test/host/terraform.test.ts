/**
 * Terraform in a real editor: the parser loads when the first .tf file
 * opens; then one hover and one diagnostic.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsFor, hoverDetails } from './helpers';

const workspace = () => vscode.workspace.workspaceFolders![0].uri;

describe('Terraform in a real editor', () => {
  let document: vscode.TextDocument;

  before(async () => {
    await vscode.extensions.getExtension('responsibility-lens.responsibility-lens')!.activate();
    document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), 'terraform/main.tf'));
    await vscode.window.showTextDocument(document);
  });

  it('hovering storage_encrypted names the owner, the Terraform type and its CloudFormation twin', async () => {
    const offset = document.getText().indexOf('storage_encrypted');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset + 2));
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
      .join('\n');
    assert.match(text, /\*\*Customer\*\* · Protecting customer data/);
    assert.match(text, /`storage_encrypted` on `aws_db_instance` · /);
    assert.match(await hoverDetails(text), /≙ `AWS::RDS::DBInstance\.StorageEncrypted` in CloudFormation/);
  });

  it('a world-open SSH rule and a public database are in the Problems panel on their lines', async () => {
    const deadline = Date.now() + 15_000;
    let diagnostics: vscode.Diagnostic[] = [];
    while (Date.now() < deadline) {
      diagnostics = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'Responsibility Lens');
      if (diagnostics.some((d) => codeOf(d) === 'sg-world-open-admin-port') && diagnostics.some((d) => codeOf(d) === 'rds-publicly-accessible')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ssh = diagnostics.find((d) => codeOf(d) === 'sg-world-open-admin-port');
    assert.ok(ssh, `diagnostics: ${diagnostics.map((d) => `${codeOf(d)} ${d.message}`).join('; ')}`);
    const lineOf = (text: string) => document.positionAt(document.getText().indexOf(text)).line;
    assert.equal(ssh.range.start.line, lineOf('cidr_blocks'));
    assert.equal(ssh.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostics.find((d) => codeOf(d) === 'rds-publicly-accessible')?.range.start.line, lineOf('publicly_accessible'));
    assert.ok(!diagnostics.some((d) => codeOf(d) === 'not-analysed'), 'the loading note is gone once the parser is ready');
  });

  it('a variable default in the folder is a value; editing it (unsaved) re-analyses the file that uses it', async () => {
    const main = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), 'terraform-values/main.tf'));
    await vscode.window.showTextDocument(main);
    const found = await diagnosticsFor(main.uri, (all) => all.some((d) => codeOf(d) === 'rds-storage-unencrypted'));
    const storage = found.find((d) => codeOf(d) === 'rds-storage-unencrypted');
    assert.ok(storage, `diagnostics: ${found.map((d) => `${codeOf(d)} ${d.message}`).join('; ')}`);
    assert.equal(storage.range.start.line, main.positionAt(main.getText().indexOf('storage_encrypted')).line);
    assert.match(storage.message, /The value comes from the default of variable encrypted \(variables\.tf\)\./);

    const variables = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), 'terraform-values/variables.tf'));
    const editor = await vscode.window.showTextDocument(variables);
    const at = variables.getText().indexOf('false');
    await editor.edit((edit) => edit.replace(new vscode.Range(variables.positionAt(at), variables.positionAt(at + 'false'.length)), 'true'));
    try {
      const after = await diagnosticsFor(main.uri, (all) => !all.some((d) => codeOf(d) === 'rds-storage-unencrypted'));
      assert.ok(!after.some((d) => codeOf(d) === 'rds-storage-unencrypted'), 'the unsaved default of true is what counts');
    } finally {
      await vscode.commands.executeCommand('undo');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
