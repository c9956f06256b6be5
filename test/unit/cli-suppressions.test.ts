import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir } from './cliHelpers';

const YAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      # responsibility-lens:ignore rds-storage-unencrypted -- restored from an encrypted snapshot
      StorageEncrypted: false
      PubliclyAccessible: true # responsibility-lens:ignore rds-publicly-accessible
      DeletionProtection: true
      EnableCloudwatchLogsExports: [postgresql]
`;

const JSON_TEMPLATE = `{
  "Resources": {
    "Trail": {
      "Type": "AWS::CloudTrail::Trail",
      "Metadata": { "responsibility-lens": { "ignore": [ { "rule": "cloudtrail-log-validation-off", "reason": "org trail validates \\u001b[31m" } ] } },
      "Properties": { "IsLogging": true, "S3BucketName": "logs" }
    }
  }
}
`;

describe('CLI: scan --list-suppressions', () => {
  let dir: string;
  let cleanup: () => void;
  before(() => {
    ({ dir, cleanup } = tempDir());
    fs.mkdirSync(path.join(dir, 'infra'));
    fs.writeFileSync(path.join(dir, 'infra', 'db.yaml'), YAML);
    fs.writeFileSync(path.join(dir, 'infra', 'trail.json'), JSON_TEMPLATE);
    fs.writeFileSync(path.join(dir, 'infra', 'plain.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n');
  });
  after(() => cleanup());

  it('text: file:line, rule, reason, and what each suppresses; exit code 0', () => {
    const { status, stdout, stderr } = runCli(['scan', '--list-suppressions', 'infra'], dir);
    assert.equal(stderr, '');
    assert.equal(status, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.deepEqual(lines, [
      'infra/db.yaml:7  rds-storage-unencrypted  "restored from an encrypted snapshot"  [suppresses 1 finding(s)]',
      'infra/db.yaml:9  rds-publicly-accessible  -  [NO REASON: suppresses nothing]',
      'infra/trail.json:5  cloudtrail-log-validation-off (Metadata of Trail)  "org trail validates \\x1B[31m"  [suppresses 1 finding(s)]',
      '',
      '3 suppression(s) in 2 file(s), 1 without a reason',
    ]);
  });

  it('json: one list with path, line, rule, reason, form and the suppressed findings', () => {
    const { status, stdout } = runCli(['scan', '--list-suppressions', '--format', 'json', 'infra'], dir);
    assert.equal(status, 0);
    const parsed = JSON.parse(stdout) as { version: number; suppressions: Record<string, unknown>[] };
    assert.equal(parsed.version, 1);
    assert.deepEqual(parsed.suppressions[0], {
      path: 'infra/db.yaml',
      line: 7,
      column: 7,
      ruleId: 'rds-storage-unencrypted',
      reason: 'restored from an encrypted snapshot',
      form: 'comment',
      appliedTo: 1,
      findings: [{ line: 8, column: 7, resource: 'Db' }],
    });
    assert.equal(parsed.suppressions[2].form, 'metadata');
    assert.equal(parsed.suppressions[2].resource, 'Trail');
    assert.equal(parsed.suppressions[2].reason, 'org trail validates \u001b[31m', 'JSON keeps the text exactly (escaped by JSON)');
  });

  it('the normal JSON report lists suppressions per file (additive field), and the missing reason is a finding', () => {
    const { stdout } = runCli(['scan', '--format', 'json', 'infra'], dir);
    const report = JSON.parse(stdout) as { files: { path: string; findings: { ruleId: string; line: number }[]; suppressions?: unknown[] }[] };
    const db = report.files.find((file) => file.path === 'infra/db.yaml')!;
    assert.deepEqual(db.findings.map((f) => `${f.line} ${f.ruleId}`), ['9 rds-publicly-accessible', '9 suppression-without-reason']);
    assert.equal(db.suppressions?.length, 2);
    assert.equal(report.files.find((file) => file.path === 'infra/plain.yaml')!.suppressions, undefined, 'absent when a file has none');
  });

  it('the Markdown report lists each suppressed finding with its reason', () => {
    const { stdout } = runCli(['scan', '--format', 'markdown', 'infra'], dir);
    assert.match(stdout, /### Suppressed findings/);
    assert.match(stdout, /`rds-storage-unencrypted` \| \[infra\/db\\?\.yaml:8\]/);
    assert.match(stdout, /restored from an encrypted snapshot/);
  });

  it('refuses formats other than text and json', () => {
    const { status, stderr } = runCli(['scan', '--list-suppressions', '--format', 'sarif', 'infra'], dir);
    assert.equal(status, 2);
    assert.match(stderr, /--list-suppressions prints text or json/);
  });
});
