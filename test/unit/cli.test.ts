import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core';
import { runCli, tempDir } from './cliHelpers';
import { assertNoSecret } from './secretLeaks';

const cli = (...args: string[]) => runCli(args);

describe('CLI', () => {
  it('scan --format json follows the version 1 contract', () => {
    const { status, stdout } = cli('scan', '--format', 'json', 'examples/cloudformation/risky-stack.yaml');
    assert.equal(status, 1, 'error-severity findings give exit code 1');
    const report = JSON.parse(stdout);
    assert.equal(report.version, 1);
    const [file] = report.files;
    assert.equal(file.path, path.join('examples', 'cloudformation', 'risky-stack.yaml'));
    assert.equal(file.kind, 'cloudformation');
    const encrypted = file.settings.find((s: { key: string; resource: string }) => s.resource === 'OrdersDatabase' && s.key === 'Properties.StorageEncrypted');
    assert.deepEqual(encrypted, {
      line: 47,
      column: 7,
      endLine: 47,
      endColumn: 30,
      resource: 'OrdersDatabase',
      resourceType: 'AWS::RDS::DBInstance',
      key: 'Properties.StorageEncrypted',
      service: 'rds',
      model: 'container',
      owner: 'customer',
      row: 'customer-data',
      confidence: 'curated',
    });
    const finding = file.findings.find((f: { ruleId: string }) => f.ruleId === 'rds-publicly-accessible');
    assert.deepEqual({ line: finding.line, column: finding.column, severity: finding.severity, row: finding.row }, { line: 46, column: 7, severity: 'error', row: 'network-security' });
    assert.deepEqual(file.errors, []);
    assertNoSecret(stdout, 'hunter2-very-secret');
  });

  it('walks directories, skips non-templates and exits 0 without error findings', () => {
    const { status, stdout } = cli('scan', 'examples/cloudformation/hardened-stack.yaml');
    assert.equal(status, 0);
    assert.match(stdout, /hardened-stack\.yaml \(cloudformation\)/);
    assert.match(stdout, /0 finding\(s\)/);
    const walked = JSON.parse(cli('scan', '--format=json', 'examples/cloudformation').stdout);
    assert.ok(walked.files.length >= 2);
    assert.ok(walked.files.every((f: { kind: string }) => f.kind === 'cloudformation'));
  });

  it('text output names the row of each finding', () => {
    const { stdout } = cli('scan', 'examples/cloudformation/risky-stack.yaml');
    assert.match(stdout, /risky-stack\.yaml:31:11 +error +sg-world-open-admin-port +\[Ensuring network security/);
  });

  it('matrix prints the 15 rows as text and JSON', () => {
    const text = cli('matrix').stdout;
    assert.match(text, /Database patching/);
    const json = JSON.parse(cli('matrix', '--format', 'json').stdout);
    assert.equal(json.rows.length, 15);
  });

  it('usage errors exit 2', () => {
    assert.equal(cli('scan', '--format', 'xml').status, 2);
    assert.equal(cli('frobnicate').status, 2);
  });

  it('a broken template is an errors entry, not a crash', () => {
    const { stdout } = cli('scan', '--format', 'json', 'test/fixtures/templates/broken.yaml');
    const [file] = JSON.parse(stdout).files;
    assert.equal(file.errors.length, 1);
    assert.equal(file.errors[0].line, 6, 'the unclosed flow map is reported where the file ends');
    assert.match(file.errors[0].message, /^YAML syntax error: /);
  });

  it('a YAML syntax error in the middle of a file is reported where it is, not where the file ends', () => {
    const { dir, cleanup } = tempDir();
    try {
      const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket: extra\n    Properties:\n      BucketName: ok\n  Queue:\n    Type: AWS::SQS::Queue\n';
      fs.writeFileSync(path.join(dir, 'middle.yaml'), text);
      const inProcess = analyze(text, 'middle.yaml').errors;
      assert.deepEqual(inProcess.map((error) => error.span.offset), [text.indexOf('AWS::S3::Bucket: extra')]);
      const { stdout } = cli('scan', '--format', 'json', path.join(dir, 'middle.yaml'));
      const [file] = JSON.parse(stdout).files;
      assert.deepEqual(file.errors.map((error: { line: number; column: number }) => [error.line, error.column]), [[4, 11]]);
      assert.match(file.errors[0].message, /^YAML syntax error: /);
      assert.match(cli('scan', path.join(dir, 'middle.yaml')).stdout, /middle\.yaml:4 +error +YAML syntax error/);
    } finally {
      cleanup();
    }
  });
});
