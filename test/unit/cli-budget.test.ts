/**
 * The CLI's per-file time budget (--time-budget, default 2000 ms): a file
 * whose analysis overruns is stopped on its worker and listed with an error in
 * every output format, and the other files are analysed as usual.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';
import { runCli, tempDir } from './cliHelpers';
import { slowTemplate } from './slowTemplate';

/** Several seconds of analysis: far over the 1000 ms budget, which an ordinary file fits even on a loaded machine (300 ms did not). */
const SLOW_BUCKETS = 40_000;


describe('CLI time budget', function () {
  this.timeout(60_000);
  let folder: { dir: string; cleanup(): void };

  before(() => {
    folder = tempDir('rl-budget-');
    fs.writeFileSync(path.join(folder.dir, 'slow.yaml'), slowTemplate(SLOW_BUCKETS));
    fs.copyFileSync(path.join(ROOT, 'examples/cloudformation/risky-stack.yaml'), path.join(folder.dir, 'risky-stack.yaml'));
  });
  after(() => folder.cleanup());

  it('lists the file over budget in the JSON errors and still analyses the others', () => {
    const { stdout, stderr } = runCli(['scan', '--format', 'json', '--time-budget', '1000', '.'], folder.dir);
    const report = JSON.parse(stdout) as { files: { path: string; kind: string; findings: unknown[]; errors: { line: number; message: string }[] }[] };
    const slow = report.files.find((file) => file.path === 'slow.yaml');
    assert.ok(slow, report.files.map((file) => file.path).join(', '));
    assert.equal(slow.findings.length, 0);
    assert.equal(slow.errors.length, 1);
    assert.equal(slow.errors[0].line, 1);
    assert.match(slow.errors[0].message, /^Not analysed: the analysis took longer than the time budget of 1000 ms \(raise it with --time-budget\)\.$/);
    const risky = report.files.find((file) => file.path === 'risky-stack.yaml');
    assert.equal(risky?.kind, 'cloudformation');
    assert.ok(risky.findings.length > 0);
    assert.match(stderr, /slow\.yaml: Not analysed/);
  });

  it('says so in every format', () => {
    for (const format of ['text', 'markdown', 'csv', 'sarif']) {
      const { stdout } = runCli(['scan', '--format', format, '--time-budget', '1000', 'slow.yaml'], folder.dir);
      assert.match(stdout, /time budget of 1000 ms/, format);
    }
  });

  it('the default budget of 2000 ms lets ordinary files through, and a bad value is a usage error', () => {
    const { stdout } = runCli(['scan', '--format', 'json', 'risky-stack.yaml'], folder.dir);
    assert.deepEqual(JSON.parse(stdout).files[0].errors, []);
    const bad = runCli(['scan', '--time-budget', 'soon', '.'], folder.dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--time-budget takes a number of milliseconds/);
    const lsp = runCli(['lsp'], folder.dir);
    assert.equal(lsp.status, 2);
    assert.match(lsp.stderr, /lsp needs --stdio/);
  });
});
