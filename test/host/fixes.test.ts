/**
 * Quick fixes, fix-all and suppressions in a real editor: the code actions
 * that VS Code asks for on a diagnostic, applied the way the light bulb
 * applies them. Fixture files (test/fixtures/workspace/fixes/) are edited in
 * memory only and reverted afterwards, so other suites see them unchanged.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ListedSuppression } from '../../src/extension/suppressionList';

const workspace = () => vscode.workspace.workspaceFolders![0].uri;
const fixture = (name: string) => vscode.Uri.joinPath(workspace(), 'fixes', name);

const codeOf = (diagnostic: vscode.Diagnostic) => (typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code));
const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'Responsibility Lens');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await sleep(100);
  }
}

async function open(name: string): Promise<{ document: vscode.TextDocument; editor: vscode.TextEditor }> {
  const document = await vscode.workspace.openTextDocument(fixture(name));
  const editor = await vscode.window.showTextDocument(document);
  return { document, editor };
}

/** Throws the in-memory edits away (the fixture on disk was never written). */
async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(document.isDirty, false);
}

async function diagnostic(uri: vscode.Uri, ruleId: string): Promise<vscode.Diagnostic> {
  const all = await until(() => ours(uri), (list) => list.some((d) => codeOf(d) === ruleId), `${ruleId} on ${uri.path}`);
  return all.find((d) => codeOf(d) === ruleId)!;
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

describe('quick fixes and suppressions in a real editor', () => {
  before(async () => {
    await vscode.extensions.getExtension('responsibility-lens.responsibility-lens')!.activate();
  });

  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments) if (document.isDirty && document.uri.path.includes('/fixes/')) await revert(document);
  });

  it('a diagnostic offers its quick fix (linked to it); applying it removes the diagnostic and keeps the comment', async () => {
    const { document } = await open('fixable-stack.yaml');
    const target = await diagnostic(document.uri, 'rds-publicly-accessible');
    const actions = await actionsFor(document.uri, target.range);
    const fix = actions.find((action) => action.title === 'Set PubliclyAccessible: false (clients outside the VPC can no longer connect)');
    assert.ok(fix, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(fix.isPreferred, false, 'it changes what clients can do: never applied without review');
    // (vscode.executeCodeActionProvider does not hand back `diagnostics`; the provider sets it, see codeActions.ts.)
    assert.ok(actions.some((action) => action.title === 'Suppress rds-publicly-accessible with a reason'));

    await apply(fix);
    assert.match(document.getText(), /^ {6}PubliclyAccessible: false {3}# the quick fix flips this value and keeps this comment$/m);
    await until(() => ours(document.uri).map(codeOf), (codes) => !codes.includes('rds-publicly-accessible'), 'the diagnostic to go');
  });

  it('the suppression action inserts the comment above and puts the cursor at the reason; typing one suppresses the finding', async () => {
    const { document, editor } = await open('fixable-stack.yaml');
    const target = await diagnostic(document.uri, 'cloudtrail-log-validation-off');
    const action = (await actionsFor(document.uri, target.range)).find((a) => a.title === 'Suppress cloudtrail-log-validation-off with a reason');
    assert.ok(action);
    assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
    await apply(action);

    const line = document.lineAt(target.range.start.line).text;
    assert.equal(line, '  # responsibility-lens:ignore cloudtrail-log-validation-off -- ');
    assert.ok(editor.selection.isEmpty);
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [target.range.start.line, line.length], 'cursor at the reason');
    // Until a reason is typed, the suppression is itself flagged and the finding stays.
    await until(() => ours(document.uri).map(codeOf), (codes) => codes.includes('suppression-without-reason') && codes.includes('cloudtrail-log-validation-off'), 'the reason warning');

    await editor.edit((builder) => builder.insert(editor.selection.active, 'the organisation trail validates log files'));
    await until(
      () => ours(document.uri).map(codeOf),
      (codes) => !codes.includes('suppression-without-reason') && !codes.includes('cloudtrail-log-validation-off'),
      'the finding to be suppressed',
    );
  });

  it('source.fixAll.responsibilityLens applies every preferred fix at once', async () => {
    const { document } = await open('fixable-stack.yaml');
    await diagnostic(document.uri, 'cloudtrail-logging-off');
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await actionsFor(document.uri, whole, 'source.fixAll.responsibilityLens');
    assert.equal(actions.length, 1, actions.map((a) => a.title).join(' | '));
    assert.equal(actions[0].kind?.value, 'source.fixAll.responsibilityLens');
    await apply(actions[0]);
    const text = document.getText();
    assert.match(text, /PubliclyAccessible: true/, 'a fix that cuts off clients is left for review');
    assert.match(text, /IsLogging: true/);
    assert.match(text, /S3BucketName: audit-logs\n {6}EnableLogFileValidation: true\n/);
    // Left: the fix that cuts off clients, and a CloudTrail KMS key, which has no one-value fix.
    await until(() => ours(document.uri).map(codeOf), (codes) => [...codes].sort().join() === 'cloudtrail-no-cmk,rds-publicly-accessible', 'every finding with a safe fix fixed');
  });

  it('CloudFormation JSON: the quick fix flips the value, and the suppression goes into the resource Metadata', async () => {
    const { document, editor } = await open('fixable-stack.json');
    const target = await diagnostic(document.uri, 'sqs-sse-off');
    const actions = await actionsFor(document.uri, target.range);
    const fix = actions.find((a) => a.title === 'Set SqsManagedSseEnabled: true');
    const suppress = actions.find((a) => a.title === 'Suppress sqs-sse-off with a reason');
    assert.ok(fix && suppress);

    await apply(suppress);
    assert.match(document.getText(), /"Metadata": \{\n\s+"responsibility-lens": \{\n\s+"ignore": \[\n\s+\{\n\s+"rule": "sqs-sse-off",\n\s+"reason": ""\n\s+\}\n\s+\]\n\s+\}\n\s+\}/);
    const cursor = document.offsetAt(editor.selection.active);
    assert.equal(document.getText().slice(cursor - 1, cursor + 1), '""', 'cursor inside the empty reason');
    await revert(document);

    await apply(fix);
    assert.match(document.getText(), /"SqsManagedSseEnabled": true/);
    await until(() => ours(document.uri).map(codeOf), (codes) => !codes.includes('sqs-sse-off'), 'the diagnostic to go');
  });

  it('List Suppressions finds saved suppressions in files that are not open (from the workspace scan), with their reasons, and reveals the picked one', async () => {
    // The command: a QuickPick of what the server holds (open files and the scan's results; it scans first when
    // there are none); accepting the first entry opens the file at the suppression. The fixture workspace has
    // saved suppressions only in files no test opens: fixes/suppressed-stack.yaml first.
    let settled = false;
    const picked = vscode.commands.executeCommand<ListedSuppression | undefined>('responsibilityLens.listSuppressions').then((entry) => {
      settled = true;
      return entry;
    });
    for (let waited = 0; !settled && waited < 30_000; waited += 300) {
      await sleep(300);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const entry = await picked;
    assert.ok(entry, 'an entry was picked');
    assert.ok(entry.uri.path.endsWith('/fixes/suppressed-stack.yaml'), entry.uri.path);
    assert.equal(entry.suppression.ruleId, 'dynamodb-pitr-off');
    assert.equal(entry.suppression.reason, 'cache table, rebuilt from the source of truth');
    assert.equal(entry.suppression.appliedTo, 1);
    assert.equal(entry.range.start.line, 14);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), entry.uri.toString());
    assert.ok(editor.selection.isEqual(entry.range), 'the suppression is selected');
    assert.match(editor.document.getText(editor.selection), /responsibility-lens/);
    // The scan it ran leaves results; later suites start from none.
    await vscode.commands.executeCommand('responsibilityLens.clearWorkspaceResults');
  });
});
