import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze, prepareFormats, suppressionEdit } from '../../src/core';
import { applyEdits, preferredFixEdits } from '../../src/core/engine/edits';
import { ROOT, readFixture } from './helpers';

const WASM_DIR = path.join(ROOT, 'node_modules', 'web-tree-sitter');
const GRAMMAR_DIR = path.join(ROOT, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl');

function fix(text: string, ruleId: string, resource?: string): { out: string; title: string; preferred: boolean } {
  const found = analyze(text, 'main.tf').findings.filter((f) => f.ruleId === ruleId && (resource === undefined || f.resource === resource));
  assert.equal(found.length, 1, ruleId);
  assert.ok(found[0].fix, `${ruleId} has a fix`);
  const out = applyEdits(text, found[0].fix.edits);
  assert.ok(!analyze(out, 'main.tf').findings.some((f) => f.ruleId === ruleId && f.resource === found[0].resource), `${ruleId} gone`);
  return { out, title: found[0].fix.title, preferred: found[0].fix.preferred };
}

describe('Terraform quick fixes', () => {
  before(async function () {
    this.timeout(20000);
    await prepareFormats(WASM_DIR, GRAMMAR_DIR);
  });

  it('flips a boolean literal and nothing else (alignment and comments stay)', () => {
    const text = 'resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  storage_encrypted   = true\n  publicly_accessible = true # TODO: private subnet\n}\n';
    const { out, title, preferred } = fix(text, 'rds-publicly-accessible');
    assert.equal(out, text.replace('publicly_accessible = true #', 'publicly_accessible = false #'));
    assert.equal(title, 'Set publicly_accessible = false');
    assert.equal(preferred, true);
  });

  it('adds a missing attribute after the last argument, at its indentation, CRLF kept', () => {
    const text = 'resource "aws_cloudtrail" "trail" {\r\n    name           = "trail"\r\n    s3_bucket_name = "logs" // where logs go\r\n}\r\n';
    const { out, title } = fix(text, 'cloudtrail-log-validation-off');
    assert.equal(out, text.replace('// where logs go\r\n', '// where logs go\r\n    enable_log_file_validation = true\r\n'));
    assert.equal(title, 'Add enable_log_file_validation = true');
  });

  it('adds a nested block where the attribute lives in one', () => {
    const text = 'resource "aws_dynamodb_table" "t" {\n  name     = "t"\n  hash_key = "id"\n}\n';
    assert.equal(fix(text, 'dynamodb-pitr-off').out, text.replace('hash_key = "id"\n', 'hash_key = "id"\n  point_in_time_recovery {\n    enabled = true\n  }\n'));
  });

  it('world-open CIDR → placeholder and literal secret → var reference, neither preferred', () => {
    const text = readFixture('test/fixtures/terraform/risky.tf');
    const cidr = fix(text, 'sg-world-open-admin-port');
    assert.ok(cidr.out.includes('cidr_blocks = ["10.0.0.0/8", "10.0.0.0/8"]'));
    assert.equal(cidr.preferred, false);
    const secret = fix(text, 'literal-secret', 'aws_db_instance.main');
    assert.ok(secret.out.includes('password            = var.password'));
    assert.ok(!secret.out.includes('hunter2-Correct-Horse'));
    assert.equal(secret.preferred, false);
  });

  it('fix-all on the risky file removes every finding that has a preferred fix and keeps the file parseable', () => {
    const text = readFixture('test/fixtures/terraform/risky.tf');
    const before = analyze(text, 'main.tf');
    const fixable = new Set(before.findings.filter((f) => f.fix?.preferred).map((f) => `${f.ruleId} ${f.resource}`));
    assert.ok(fixable.size >= 5, [...fixable].join(', '));
    const after = analyze(applyEdits(text, preferredFixEdits(before.findings)), 'main.tf');
    assert.deepEqual(after.errors, []);
    assert.deepEqual(after.findings.filter((f) => fixable.has(`${f.ruleId} ${f.resource}`)).map((f) => f.ruleId), []);
  });

  it('suppressions: # and // comments and /* */ work in .tf; the quick fix inserts a # comment', () => {
    const text = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  storage_encrypted = true\n  // responsibility-lens:ignore rds-publicly-accessible -- internal VPC only, reviewed 2026-01\n  publicly_accessible = true\n  auto_minor_version_upgrade = false /* responsibility-lens:ignore rds-minor-upgrade-off -- pinned for a vendor cert */\n}\n';
    const analysis = analyze(text, 'main.tf');
    assert.deepEqual(analysis.findings.map((f) => f.ruleId), []);
    assert.deepEqual(analysis.suppressions?.map((s) => [s.ruleId, s.reason, s.appliedTo]), [
      ['rds-publicly-accessible', 'internal VPC only, reviewed 2026-01', 1],
      ['rds-minor-upgrade-off', 'pinned for a vendor cert', 1],
    ]);
    const plain = text.replace(/ *\/\/.*\n/, '').replace(/ \/\*.*\*\//, '');
    const target = analyze(plain, 'main.tf').findings.find((f) => f.ruleId === 'rds-publicly-accessible')!;
    const edit = suppressionEdit(plain, target, 'terraform')!;
    assert.equal(applyEdits(plain, edit.edits), plain.replace('  publicly_accessible', '  # responsibility-lens:ignore rds-publicly-accessible -- \n  publicly_accessible'));
  });
});
