/**
 * examples/: one realistic example per format the product reads, each hardened (no findings)
 * and risky (real findings), as `npm start` opens them and the README describes them.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli } from './cliHelpers';

interface ReportFile {
  path: string;
  kind: string;
  settings: unknown[];
  findings: { ruleId: string; severity: string }[];
  errors: unknown[];
}

/** Folder of each format under examples/, and the kind the scan must report for it. */
const FORMATS: [string, string][] = [
  ['cloudformation', 'cloudformation'],
  ['sam', 'cloudformation'],
  ['terraform', 'terraform'],
  ['serverless', 'serverless'],
  ['kubernetes', 'kubernetes'],
  ['docker', 'dockerfile'],
  ['dotenv', 'dotenv'],
  ['app-config/spring', 'app-config'],
  ['app-config/aspnet', 'app-config'],
  ['app-config/node', 'app-config'],
];

describe('examples/', () => {
  let result: ReturnType<typeof runCli>;
  let files: ReportFile[];
  before(() => {
    result = runCli(['scan', '--format', 'json', '--no-config', '--fail-on', 'never', 'examples']);
    files = (JSON.parse(result.stdout) as { files: ReportFile[] }).files.map((file) => ({ ...file, path: file.path.split(path.sep).join('/') }));
  });

  it('every format has a hardened and a risky example, analysed as that format without errors', () => {
    assert.equal(result.status, 0, result.stderr);
    for (const [folder, kind] of FORMATS) {
      for (const variant of ['hardened', 'risky']) {
        const matching = files.filter((file) => file.path.startsWith(`examples/${folder}/`) && file.path.slice(`examples/${folder}/`.length).includes(variant));
        assert.equal(matching.length, 1, `one ${variant} example in examples/${folder}: ${matching.map((file) => file.path).join(', ')}`);
        assert.equal(matching[0].kind, kind, matching[0].path);
        assert.deepEqual(matching[0].errors, [], matching[0].path);
        assert.ok(matching[0].settings.length >= 7, `${matching[0].path} is a realistic file, not a stub`);
      }
    }
    assert.equal(files.length, FORMATS.length * 2, `no other analysed files: ${files.map((file) => file.path).join(', ')}`);
  });

  it('hardened examples have no findings; risky ones have findings, errors among them', () => {
    for (const file of files) {
      if (file.path.includes('hardened')) assert.deepEqual(file.findings.map((finding) => finding.ruleId), [], file.path);
      else {
        assert.ok(file.findings.length >= 3, `${file.path}: ${file.findings.length} findings`);
        assert.ok(file.findings.some((finding) => finding.severity === 'error'), `${file.path} has an error finding`);
      }
    }
  });

  it('a scan of the hardened examples passes CI, of the risky ones fails it', () => {
    const hardened = FORMATS.map(([folder]) => `examples/${folder}`).flatMap((folder) => files.filter((file) => file.path.startsWith(`${folder}/`) && file.path.includes('hardened')).map((file) => file.path));
    assert.equal(runCli(['scan', '--no-config', '--fail-on', 'warning', ...hardened]).status, 0);
    const risky = files.filter((file) => file.path.includes('risky')).map((file) => file.path);
    assert.equal(runCli(['scan', '--no-config', ...risky]).status, 1);
  });
});
