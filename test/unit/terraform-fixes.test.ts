import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze, prepareFormats, suppressionEdit } from '../../src/core';
import { applyEdits, preferredFixEdits } from '../../src/core/engine/edits';
import type { Analysis } from '../../src/core/types';
import { ROOT, readFixture, shared } from './helpers';

const WASM_DIR = path.join(ROOT, 'node_modules', 'web-tree-sitter');
const GRAMMAR_DIR = path.join(ROOT, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl');

function fix(text: string, ruleId: string, resource?: string, analysis = analyze(text, 'main.tf')): { out: string; title: string; preferred: boolean } {
  const found = analysis.findings.filter((f) => f.ruleId === ruleId && (resource === undefined || f.resource === resource));
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
    assert.equal(title, 'Set publicly_accessible = false (clients outside the VPC can no longer connect)');
    assert.equal(preferred, false, 'it cuts off clients');
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

  it('an existing variable of the same name that the fix did not write is not reused', () => {
    const text = 'variable "main_password" {\n  default = "x"\n}\n\nresource "aws_db_instance" "main" {\n  engine   = "postgres"\n  password = "hunter2-Correct-Horse"\n  storage_encrypted = true\n}\n';
    const secret = fix(text, 'literal-secret');
    assert.ok(secret.out.includes('password = var.main_password2'), secret.out);
  });

  it('a ForceNew attribute is never preferred and says so; an in-place one is', () => {
    const text = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  storage_encrypted = false\n  auto_minor_version_upgrade = false\n}\n';
    const encrypted = fix(text, 'rds-storage-unencrypted');
    assert.equal(encrypted.title, 'Set storage_encrypted = true (replaces the resource)');
    assert.equal(encrypted.preferred, false);
    const minor = fix(text, 'rds-minor-upgrade-off');
    assert.equal(minor.title, 'Set auto_minor_version_upgrade = true');
    assert.equal(minor.preferred, true);
  });

  it('suppressions: # and // comments and /* */ work in .tf; the quick fix inserts a # comment', () => {
    const text = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  storage_encrypted = true\n  deletion_protection = true\n  // responsibility-lens:ignore rds-publicly-accessible -- internal VPC only, reviewed 2026-01\n  publicly_accessible = true\n  auto_minor_version_upgrade = false /* responsibility-lens:ignore rds-minor-upgrade-off -- pinned for a vendor cert */\n  enabled_cloudwatch_logs_exports = ["postgresql"]\n}\n';
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

  // The tests on the risky file share its analysis: a mutant runs it once for both.
  describe('the risky file', () => {
    let risky: { text: string; analysis: Analysis };
    before(shared(() => {
      const text = readFixture('test/fixtures/terraform/risky.tf');
      risky = { text, analysis: analyze(text, 'main.tf') };
    }));

    it('world-open CIDR → a validated variable with no default; literal secret → a declared sensitive variable; neither preferred', () => {
      const { text, analysis } = risky;
      const target = analysis.findings.find((f) => f.ruleId === 'sg-world-open-admin-port')!;
      const cidr = fix(text, 'sg-world-open-admin-port', undefined, analysis);
      assert.ok(cidr.out.includes('cidr_blocks = ["10.0.0.0/8", var.open_ingress_cidr]'), cidr.out);
      assert.ok(
        cidr.out.endsWith(
          '\nvariable "open_ingress_cidr" {\n  description = "IPv4 range allowed in by aws_security_group.open (sg-world-open-admin-port): your admin network, never the whole internet"\n  type        = string\n  validation {\n    condition     = can(cidrhost(var.open_ingress_cidr, 0)) && !endswith(var.open_ingress_cidr, "/0")\n    error_message = "Must be a CIDR range narrower than the whole internet, such as 203.0.113.0/24."\n  }\n}\n',
        ),
        cidr.out,
      );
      assert.ok(!/default/.test(cidr.out.slice(text.length)), 'no default: the range is chosen when applying');
      assert.equal(cidr.title, 'Replace 0.0.0.0/0 with a variable open_ingress_cidr that is set when the configuration is applied');
      assert.equal(cidr.preferred, false);
      const select = target.fix!.select!;
      assert.equal(cidr.out.slice(select.offset, select.offset + select.length), 'open_ingress_cidr');
      const secret = fix(text, 'literal-secret', 'aws_db_instance.main', analysis);
      assert.ok(secret.out.includes('password            = var.main_password'));
      assert.ok(secret.out.endsWith('\nvariable "main_password" {\n  type      = string\n  sensitive = true\n}\n'), secret.out);
      assert.ok(!secret.out.includes('hunter2-Correct-Horse'));
      assert.equal(secret.preferred, false);
    });

    it('fix-all on the risky file removes every finding that has a preferred fix and keeps the file parseable', () => {
      const { text, analysis: before } = risky;
      const fixable = new Set(before.findings.filter((f) => f.fix?.preferred).map((f) => `${f.ruleId} ${f.resource}`));
      assert.deepEqual([...fixable].sort(), [
        'cloudtrail-logging-off aws_cloudtrail.trail',
        'cloudtrail-not-multi-region aws_cloudtrail.trail',
        'rds-deletion-protection-off aws_db_instance.main',
        'rds-minor-upgrade-off aws_db_instance.main',
      ]);
      const after = analyze(applyEdits(text, preferredFixEdits(before.findings)), 'main.tf');
      assert.deepEqual(after.errors, []);
      assert.deepEqual(after.findings.filter((f) => fixable.has(`${f.ruleId} ${f.resource}`)).map((f) => f.ruleId), []);
    });
  });
});
