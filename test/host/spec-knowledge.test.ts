/**
 * Knowledge for every CloudFormation service, as a user sees it in a real
 * editor: CloudFormation property documentation in hovers (read from
 * dist/spec-docs.json on the first hover, not at activation) and the service
 * card of a service classified from the spec.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverDetails } from './helpers';

async function hoverText(document: vscode.TextDocument, needle: string): Promise<string> {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the document`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset + 1));
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

describe('Knowledge for every CloudFormation service in a real editor', () => {
  let document: vscode.TextDocument;

  before(async () => {
    await vscode.extensions.getExtension('responsibility-lens.responsibility-lens')!.activate();
    // An untitled document with a name of its own: an "Untitled-N" an earlier suite just closed may still be held by the host.
    const uri = vscode.Uri.from({ scheme: 'untitled', path: 'spec-knowledge.yaml' });
    const content = [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  Queries:',
      '    Type: AWS::Athena::WorkGroup',
      '    Properties:',
      '      Name: reports',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Handler: index.handler',
      '      RuntimeManagementConfig:',
      '        UpdateRuntimeOn: Manual',
      '',
    ].join('\n');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), content);
    assert.ok(await vscode.workspace.applyEdit(edit));
    document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'yaml');
    await vscode.window.showTextDocument(document);
  });

  it('a property hover shows the CloudFormation documentation line and who patches the runtime', async () => {
    const text = await hoverText(document, 'UpdateRuntimeOn');
    assert.match(text, /\*\*Customer\*\*/);
    assert.match(await hoverDetails(text), /_CloudFormation:_ Specify the runtime update mode/);
  });

  it('the Type line of a service classified from the spec shows its model, rationale and security page', async () => {
    const text = await hoverText(document, 'Queries');
    assert.match(text, /Amazon Athena · \*\*abstracted\*\* model/);
    assert.match(await hoverDetails(text), /athena\/latest\/ug\/security\.html/);
  });
});
