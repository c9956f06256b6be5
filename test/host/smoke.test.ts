import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'responsibility-lens.responsibility-lens';

/** test/fixtures/workspace, seen from out/test/host/ (or as told by the launcher). */
const FIXTURE_WORKSPACE =
  process.env.RL_HOST_WORKSPACE ?? path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'workspace');

describe('smoke', () => {
  it('finds and activates the extension in the fixture workspace', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true, 'extension did not activate');

    const folders = vscode.workspace.workspaceFolders;
    assert.ok(folders && folders.length > 0, 'no workspace folder is open');
    assert.strictEqual(fs.realpathSync(folders[0].uri.fsPath), fs.realpathSync(FIXTURE_WORKSPACE));
  });
});
