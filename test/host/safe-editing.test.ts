/**
 * Issue 14 in a real editor: fixes that would replace a resource are never
 * applied by Fix all and say so; the 0.0.0.0/0 fix leaves the parameter it
 * introduced selected and invents no range; a misspelt property is flagged
 * with a working "did you mean" fix; property names complete with their
 * documentation. Edits stay in memory and are reverted.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'responsibility-lens.responsibility-lens';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const codeOf = (diagnostic: vscode.Diagnostic) => (typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code));
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'Responsibility Lens');

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

async function actionsFor(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind);
  return actions.filter((action): action is vscode.CodeAction => 'kind' in action || 'edit' in action);
}

/** What the light bulb does: apply the edit, then run the command. */
async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `edit of "${action.title}" applied`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

async function revert(document: vscode.TextDocument): Promise<void> {
  if (!document.isDirty) return;
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

/** The example a new user opens first (examples/, outside the test workspace). */
function example(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, relative);
}

async function untitled(content: string): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content });
  return { document, editor: await vscode.window.showTextDocument(document) };
}

async function closeUntitled(): Promise<void> {
  const closed: vscode.TextDocument[] = [];
  for (const editor of vscode.window.visibleTextEditors) {
    if (editor.document.uri.scheme !== 'untitled') continue;
    closed.push(editor.document);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  // Wait until the host has let them go: a later suite's untitled document may get the same name.
  await until(() => closed.every((document) => document.isClosed), (done) => done, 'the untitled documents to close');
}

describe('safe fixes, selections, unknown properties and completion in a real editor', () => {
  const opened: vscode.TextDocument[] = [];

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  afterEach(async () => {
    for (const document of opened.splice(0)) await revert(document);
    await closeUntitled();
  });

  it('Fix all on the risky example applies only safe fixes: no property that replaces the resource is written', async () => {
    const document = await vscode.workspace.openTextDocument(example('examples/cloudformation/risky-stack.yaml'));
    opened.push(document);
    await vscode.window.showTextDocument(document);
    const diagnostics = await until(() => ours(document.uri), (all) => all.some((d) => codeOf(d) === 'elasticache-at-rest-unencrypted'), 'the example’s findings');

    // Every quick fix of every finding, as the light bulb offers them (two findings on one line share a light bulb).
    const fixes = new Map<string, vscode.CodeAction>();
    for (const diagnostic of diagnostics) {
      for (const action of await actionsFor(document.uri, diagnostic.range)) if (!action.title.startsWith('Suppress ')) fixes.set(action.title, action);
    }
    const titles = [...fixes.keys()];
    // A replacing fix's title says so, and it is never the preferred one.
    const replacing = [...fixes].filter(([title]) => /\((may )?replace(s)? the resource\)/.test(title));
    assert.deepEqual(
      replacing.map(([title]) => title).sort(),
      [
        'Add AtRestEncryptionEnabled: true (replaces the resource)',
        'Set AutoMinorVersionUpgrade: true (may replace the resource)',
        'Set Encrypted: true (may replace the resource)',
        'Set StorageEncrypted: true (replaces the resource)',
      ],
      titles.join('\n'),
    );
    for (const [title, action] of replacing) assert.equal(action.isPreferred, false, title);
    assert.ok(titles.includes('Add TransitEncryptionEnabled: true (clients must connect with TLS)'), 'a fix that changes clients says so');
    assert.equal(fixes.get('Add TransitEncryptionEnabled: true (clients must connect with TLS)')!.isPreferred, false);

    const before = document.getText();
    const [fixAll] = await actionsFor(document.uri, new vscode.Range(0, 0, document.lineCount, 0), 'source.fixAll.responsibilityLens');
    assert.ok(fixAll, 'Fix all is offered');
    await apply(fixAll);
    const after = document.getText();
    // The safe fixes are applied …
    assert.match(after, /IsLogging: true/);
    assert.match(after, /SqsManagedSseEnabled: true/);
    assert.match(after, /EnableLogFileValidation: true/);
    assert.match(after, /PointInTimeRecoveryEnabled: true/);
    // … and every replacing or client-changing property is left as it was.
    assert.doesNotMatch(after, /AtRestEncryptionEnabled/);
    assert.doesNotMatch(after, /TransitEncryptionEnabled/);
    assert.match(after, /Ebs:\n {12}VolumeSize: 20\n {12}Encrypted: false\n/);
    assert.match(after, /StorageEncrypted: false/);
    assert.match(after, /AutoMinorVersionUpgrade: false/);
    assert.match(after, /PubliclyAccessible: true/);
    assert.notEqual(after, before);
    const left = await until(() => ours(document.uri).map(codeOf), (codes) => !codes.includes('sqs-sse-off'), 'the safe fixes’ findings to go');
    for (const rule of ['elasticache-at-rest-unencrypted', 'ebs-volume-unencrypted', 'rds-storage-unencrypted']) assert.ok(left.includes(rule), `${rule} is still reported`);
  });

  it('the 0.0.0.0/0 fix moves the range to a deploy-time parameter and selects it; a made-up default would bring the finding back', async () => {
    const document = await vscode.workspace.openTextDocument(example('examples/cloudformation/risky-stack.yaml'));
    opened.push(document);
    const editor = await vscode.window.showTextDocument(document);
    const open22 = (await until(() => ours(document.uri), (all) => all.some((d) => codeOf(d) === 'sg-world-open-admin-port'), 'the SSH finding')).find((d) => codeOf(d) === 'sg-world-open-admin-port')!;
    const fix = (await actionsFor(document.uri, open22.range)).find((action) => action.title === 'Replace 0.0.0.0/0 with a parameter AdminSecurityGroupIngressCidr that is set at deploy time');
    assert.ok(fix);
    assert.equal(fix.isPreferred, false);
    await apply(fix);

    // The parameter reference is selected, for the user to see (and rename) what now holds the range.
    await until(() => document.getText(editor.selection), (selected) => selected === 'AdminSecurityGroupIngressCidr', 'the parameter to be selected');
    assert.equal(document.lineAt(editor.selection.start.line).text.trim(), 'CidrIp: !Ref AdminSecurityGroupIngressCidr');
    // No range is invented: the parameter has no default, and its pattern refuses the whole internet.
    const text = document.getText();
    const declaration = /\n {2}AdminSecurityGroupIngressCidr:\n((?: {4}.*\n)+)/.exec(text)?.[1] ?? '';
    assert.match(declaration, /Type: String/);
    assert.doesNotMatch(declaration, /Default:/);
    const pattern = new RegExp(/AllowedPattern: '(.*)'/.exec(declaration)![1]);
    assert.ok(pattern.test('203.0.113.0/24') && !pattern.test('0.0.0.0/0'), `${pattern}`);
    await until(() => ours(document.uri).map(codeOf), (codes) => !codes.includes('sg-world-open-admin-port'), 'the finding to go with the literal range');

    // Nothing is silenced: a default of 0.0.0.0/0 is judged like the literal was.
    const at = document.positionAt(text.indexOf('    AllowedPattern:', text.indexOf('AdminSecurityGroupIngressCidr:')));
    await editor.edit((builder) => builder.insert(at, '    Default: 0.0.0.0/0\n'));
    const back = await until(() => ours(document.uri), (all) => all.some((d) => codeOf(d) === 'sg-world-open-admin-port'), 'the finding to come back');
    assert.match(back.find((d) => codeOf(d) === 'sg-world-open-admin-port')!.message, /Default of parameter AdminSecurityGroupIngressCidr/);
  });

  it('a misspelt property gets a warning, and its "did you mean" fix renames it so the real check applies', async () => {
    const { document } = await untitled(['Resources:', '  Orders:', '    Type: AWS::RDS::DBInstance', '    Properties:', '      Engine: postgres', '      StorageEncripted: false', ''].join('\n'));
    const warning = (await until(() => ours(document.uri), (all) => all.some((d) => codeOf(d) === 'unknown-property'), 'the unknown-property warning')).find((d) => codeOf(d) === 'unknown-property')!;
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(warning.range.start.line, 5);
    assert.match(warning.message, /StorageEncripted/);
    assert.match(warning.message, /StorageEncrypted/);
    const rename = (await actionsFor(document.uri, warning.range)).find((action) => /StorageEncrypted/.test(action.title) && !action.title.startsWith('Suppress'));
    assert.ok(rename, 'a did-you-mean fix');
    await apply(rename);
    assert.equal(document.lineAt(5).text, '      StorageEncrypted: false');
    const codes = await until(() => ours(document.uri).map(codeOf), (all) => !all.includes('unknown-property') && all.includes('rds-storage-unencrypted'), 'the real check to apply');
    assert.ok(codes.includes('rds-storage-unencrypted'));
  });

  it('completion offers the resource type’s property names with their documentation', async () => {
    const { document } = await untitled(['Resources:', '  Orders:', '    Type: AWS::RDS::DBInstance', '    Properties:', '      Engine: postgres', '      Stor', ''].join('\n'));
    await until(() => ours(document.uri), () => true, 'an analysis');
    // The first analysis says the file is a template; completion is served from then on.
    await sleep(500);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(5, 10), undefined, 50);
    const item = list.items.find((candidate) => (typeof candidate.label === 'string' ? candidate.label : candidate.label.label) === 'StorageEncrypted');
    assert.ok(item, list.items.map((candidate) => (typeof candidate.label === 'string' ? candidate.label : candidate.label.label)).join(', '));
    assert.equal(item.kind, vscode.CompletionItemKind.Property);
    assert.equal(item.detail, 'AWS::RDS::DBInstance property');
    const documentation = item.documentation instanceof vscode.MarkdownString ? item.documentation.value : String(item.documentation ?? '');
    assert.match(documentation, /encrypt/i);
    assert.ok(!list.items.some((candidate) => candidate.label === 'Engine' && candidate.detail === 'AWS::RDS::DBInstance property'), 'Engine is set already');
  });
});
