/**
 * The organisation config in a real editor: the file at the workspace root
 * is picked up by its watcher, changes hovers, and a bad file shows its
 * mistakes as diagnostics in the file and is not applied.
 *
 * The override is narrow (one property of one bucket) and the file is removed
 * afterwards, so other suites' hovers and diagnostics are unaffected.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hoverDetails } from './helpers';

const workspace = () => vscode.workspace.workspaceFolders![0].uri;
const configUri = () => vscode.Uri.joinPath(workspace(), '.responsibility-lens.yaml');

async function hoverAt(document: vscode.TextDocument, needle: string): Promise<string> {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not found`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset + 1));
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

async function eventually<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function write(text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(configUri(), new TextEncoder().encode(text));
}

describe('organisation config (.responsibility-lens.yaml) in a real editor', () => {
  before(async () => {
    await vscode.extensions.getExtension('responsibility-lens.responsibility-lens')!.activate();
  });

  after(async () => {
    try {
      await vscode.workspace.fs.delete(configUri());
    } catch {
      // already gone
    }
  });

  it('applies an override with its team to hovers, flags a bad file in place, and reverts when removed', async () => {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspace(), 'templates/risky-stack.yaml'));
    await vscode.window.showTextDocument(document);
    const builtIn = await hoverAt(document, 'BucketName');
    assert.doesNotMatch(builtIn, /storage platform/);

    await write(`overrides:
  - type: AWS::S3::Bucket
    property: Properties.BucketName
    owner: shared
    team: storage platform
    rationale: Bucket names are assigned by the storage platform team's naming service.
`);
    const overridden = await eventually(() => hoverAt(document, 'BucketName'), (text) => text.includes('storage platform'), 'the override to reach the hover');
    assert.match(overridden, /\*\*Shared\*\* — storage platform · /);
    assert.match(overridden, /naming service/);
    assert.match(await hoverDetails(overridden), /Organisation override: \\\.responsibility\\-lens\\\.yaml overrides\\\[0\\\]/);

    await write(`overrides:
  - type: AWS::S3::Bucket
    owner: someone-else
`);
    const problems = await eventually(
      () => vscode.languages.getDiagnostics(configUri()).filter((d) => d.source === 'Responsibility Lens'),
      (all) => all.length > 0,
      'a diagnostic in the config file',
    );
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(problems[0].range.start.line, 2, 'on the owner value');
    assert.equal(problems[0].range.start.character, 11);
    assert.match(problems[0].message, /overrides\[0\]\.owner must be one of customer, aws, shared; got "someone-else"/);
    await eventually(() => hoverAt(document, 'BucketName'), (text) => !text.includes('storage platform'), 'a bad config to stop applying');

    await vscode.workspace.fs.delete(configUri());
    await eventually(() => vscode.languages.getDiagnostics(configUri()).length, (count) => count === 0, 'the config diagnostics to clear');
    assert.equal(await hoverAt(document, 'BucketName'), builtIn);
  });
});
