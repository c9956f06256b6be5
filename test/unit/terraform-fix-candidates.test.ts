import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze, prepareFormats } from '../../src/core';
import { applyEdits } from '../../src/core/engine/edits';
import { withTerraformFixes } from '../../src/core/formats/terraform/fixes';
import type { Analysis, Finding, Fix } from '../../src/core/types';
import { ROOT } from './helpers';

const WASM_DIR = path.join(ROOT, 'node_modules', 'web-tree-sitter');
const GRAMMAR_DIR = path.join(ROOT, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl');

const SG = (name: string, cidr: string) => `resource "aws_security_group" "${name}" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["${cidr}"]\n  }\n}\n`;
const CIDR_VALIDATION = (name: string) => `  validation {\n    condition     = can(cidrhost(var.${name}, 0)) && !endswith(var.${name}, "/0")\n    error_message = "x"\n  }\n`;

function fixOf(text: string, ruleId: string, file = 'main.tf'): Fix | undefined {
  const found = analyze(text, file).findings.filter((finding) => finding.ruleId === ruleId);
  assert.equal(found.length, 1, `one ${ruleId} finding`);
  return found[0].fix;
}

/** The fixed text's name for the world-open CIDR's variable, and whether the fix declares it. */
function cidrVariable(text: string): { name: string; declares: boolean } {
  const fix = fixOf(text, 'sg-world-open-admin-port')!;
  return { name: fix.edits[0].newText.replace(/^var\./, ''), declares: fix.edits.length === 2 };
}

/** The analysis without its fixes, for withTerraformFixes to compute them again. */
function unfixed(analysis: Analysis): Analysis {
  return { ...analysis, findings: analysis.findings.map(({ fix: _fix, ...finding }) => finding as Finding) };
}

describe('Terraform quick fix candidates', () => {
  before(async function () {
    this.timeout(20000);
    await prepareFormats(WASM_DIR, GRAMMAR_DIR);
  });

  describe('withTerraformFixes keeps only fixes that remove their finding', () => {
    const text = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  storage_encrypted = false\n  auto_minor_version_upgrade = false\n  deletion_protection = true\n  enabled_cloudwatch_logs_exports = ["postgresql"]\n}\n';
    const reanalyze = (fixed: string) => analyze(fixed, 'main.tf');
    const fixed = (analysis: Analysis) => analysis.findings.filter((finding) => finding.fix).map((finding) => finding.ruleId).sort();

    it('fixes every boolean finding whose fix works', () => {
      assert.deepEqual(fixed(withTerraformFixes(text, unfixed(analyze(text, 'main.tf')), reanalyze)), ['rds-minor-upgrade-off', 'rds-storage-unencrypted']);
    });

    it('leaves other kinds of file and files with errors alone, but not files with only notes', () => {
      const analysis = unfixed(analyze(text, 'main.tf'));
      const cloudformation = { ...analysis, kind: 'cloudformation' as const };
      assert.equal(withTerraformFixes(text, cloudformation, reanalyze), cloudformation);
      const problem = { message: 'x', span: { offset: 0, length: 1 } };
      const broken = { ...analysis, errors: [{ ...problem, severity: 'error' as const }] };
      assert.equal(withTerraformFixes(text, broken, reanalyze), broken);
      const noted = { ...analysis, errors: [{ ...problem, severity: 'info' as const }] };
      assert.deepEqual(fixed(withTerraformFixes(text, noted, reanalyze)), ['rds-minor-upgrade-off', 'rds-storage-unencrypted']);
      const none = { ...analysis, findings: [] };
      assert.equal(withTerraformFixes(text, none, reanalyze), none);
    });

    it('a fix whose finding is still there after all fixes is dropped; a fixed text that fails to parse drops them all', () => {
      const analysis = unfixed(analyze(text, 'main.tf'));
      const stays = analysis.findings.find((finding) => finding.ruleId === 'rds-minor-upgrade-off')!;
      const partly = withTerraformFixes(text, analysis, (fixedText) => ({ ...analyze(fixedText, 'main.tf'), findings: [stays] }));
      assert.deepEqual(fixed(partly), ['rds-storage-unencrypted']);
      const problem = { message: 'x', span: { offset: 0, length: 1 }, severity: 'error' as const };
      assert.equal(withTerraformFixes(text, analysis, (fixedText) => ({ ...analyze(fixedText, 'main.tf'), errors: [problem] })), analysis);
      const noted = withTerraformFixes(text, analysis, (fixedText) => ({ ...analyze(fixedText, 'main.tf'), errors: [{ ...problem, severity: 'info' as const }] }));
      assert.deepEqual(fixed(noted), ['rds-minor-upgrade-off', 'rds-storage-unencrypted']);
    });
  });

  describe('world-open CIDR', () => {
    it('IPv6: its own variable name, description and example; the selection is the name', () => {
      const text = SG('web-admin', '::/0');
      const fix = fixOf(text, 'sg-world-open-admin-port')!;
      assert.deepEqual(fix.edits, [
        { offset: text.indexOf('"::/0"'), length: '"::/0"'.length, newText: 'var.web_admin_ingress_ipv6_cidr' },
        {
          offset: text.length,
          length: 0,
          newText:
            '\nvariable "web_admin_ingress_ipv6_cidr" {\n  description = "IPv6 range allowed in by aws_security_group.web-admin (sg-world-open-admin-port): your admin network, never the whole internet"\n  type        = string\n  validation {\n    condition     = can(cidrhost(var.web_admin_ingress_ipv6_cidr, 0)) && !endswith(var.web_admin_ingress_ipv6_cidr, "/0")\n    error_message = "Must be a CIDR range narrower than the whole internet, such as 2001:db8::/56."\n  }\n}\n',
        },
      ]);
      assert.equal(fix.title, 'Replace ::/0 with a variable web_admin_ingress_ipv6_cidr that is set when the configuration is applied');
      assert.deepEqual(fix.target, { resourceType: 'aws_security_group', path: 'ingress.cidr_blocks' });
      const out = applyEdits(text, fix.edits);
      assert.equal(out.slice(fix.select!.offset, fix.select!.offset + fix.select!.length), 'web_admin_ingress_ipv6_cidr');
    });

    it('a file without a final newline gets one before the variable', () => {
      const text = SG('web', '0.0.0.0/0').trimEnd();
      assert.ok(fixOf(text, 'sg-world-open-admin-port')!.edits[1].newText.startsWith('\n\nvariable "web_ingress_cidr" {\n'));
    });

    it('Terraform JSON gets no variable fix, whatever whitespace comes before its brace', () => {
      const json = '\n  {"resource": {"aws_security_group": {"web": {"ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]}}}}\n';
      assert.equal(fixOf(json, 'sg-world-open-admin-port', 'main.tf.json'), undefined);
    });

    it("reuses a variable the fix wrote earlier, and never the user's own of that name", () => {
      const sg = SG('web', '0.0.0.0/0');
      // The fix's own variable, written by an earlier fix: reused, not declared again.
      assert.deepEqual(cidrVariable(`${sg}\nvariable "web_ingress_cidr" {\n  type = string\n${CIDR_VALIDATION('web_ingress_cidr')}}\n`), { name: 'web_ingress_cidr', declares: false });
      assert.deepEqual(cidrVariable(`${sg}\nvariable "web_ingress_cidr"{\n  type = string\n${CIDR_VALIDATION('web_ingress_cidr')}}\n`), { name: 'web_ingress_cidr', declares: false });
      // Declared twice (the user's, then the fix's): the fix's counts.
      assert.deepEqual(cidrVariable(`${sg}\nvariable "web_ingress_cidr" {}\nvariable "web_ingress_cidr" {\n${CIDR_VALIDATION('web_ingress_cidr')}}\n`), { name: 'web_ingress_cidr', declares: false });
      // The user's: a new name. Its block ends at its first `}`: a later mention of the validation is not in it.
      assert.deepEqual(cidrVariable(`${sg}\nvariable "web_ingress_cidr" {\n  type = string\n}\nvariable "other" {\n  # endswith(var.web_ingress_cidr, "/0")\n}\n`), { name: 'web_ingress_cidr2', declares: true });
      assert.deepEqual(cidrVariable(`${sg}\nvariable  "web_ingress_cidr" {\n  type = string\n}\n`), { name: 'web_ingress_cidr2', declares: true });
      // Only a declaration at the start of a line counts: not a comment.
      assert.deepEqual(cidrVariable(`${sg}\n#variable "web_ingress_cidr" is set in CI\n`), { name: 'web_ingress_cidr', declares: true });
      // A file that starts with a blank line.
      assert.deepEqual(cidrVariable(`\n${sg}\nvariable "web_ingress_cidr" {\n  type = string\n}\n`), { name: 'web_ingress_cidr2', declares: true });
    });
  });

  describe('literal secret', () => {
    const db = (password: string) => `resource "aws_db_instance" "main" {\n  engine = "postgres"\n  ${password}\n  storage_encrypted = true\n}\n`;

    it('becomes a sensitive variable: title, edits and the selection of its name', () => {
      const text = db('password = "hunter2-Correct-Horse"');
      const fix = fixOf(text, 'literal-secret')!;
      assert.equal(fix.title, 'Replace the literal secret with var.main_password (declared with sensitive = true; set it outside the repository)');
      assert.equal(fix.preferred, false);
      assert.deepEqual(fix.edits[0], { offset: text.indexOf('"hunter2'), length: '"hunter2-Correct-Horse"'.length, newText: 'var.main_password' });
      assert.deepEqual(fix.target, { resourceType: 'aws_db_instance', path: 'password' });
      const out = applyEdits(text, fix.edits);
      assert.equal(out.slice(fix.select!.offset, fix.select!.offset + fix.select!.length), 'main_password');
    });

    it('reuses a sensitive variable of that name, however its `sensitive = true` is spaced', () => {
      for (const sensitive of ['sensitive = true', 'sensitive=true']) {
        const text = `${db('password = "hunter2-Correct-Horse"')}\nvariable "main_password" {\n  ${sensitive}\n}\n`;
        const fix = fixOf(text, 'literal-secret')!;
        assert.deepEqual(fix.edits.map((edit) => edit.newText), ['var.main_password'], sensitive);
      }
    });

    it("a variable's own default gets no variable fix", () => {
      const text = 'variable "db_password" {\n  type    = string\n  default = "hunter2-Correct-Horse"\n}\n';
      assert.equal(fixOf(text, 'literal-secret'), undefined);
    });
  });

  describe('string and boolean attributes', () => {
    it('a string attribute gets the rule’s value, on its nested path', () => {
      const text = 'resource "aws_cloudfront_distribution" "cdn" {\n  default_cache_behavior {\n    viewer_protocol_policy = "allow-all"\n  }\n}\n';
      const fix = fixOf(text, 'cloudfront-viewer-http-allowed')!;
      assert.equal(fix.title, 'Set viewer_protocol_policy = "redirect-to-https"');
      assert.equal(fix.preferred, true);
      assert.deepEqual(fix.edits, [{ offset: text.indexOf('"allow-all"'), length: '"allow-all"'.length, newText: '"redirect-to-https"' }]);
      assert.deepEqual(fix.target, { resourceType: 'aws_cloudfront_distribution', path: 'default_cache_behavior.viewer_protocol_policy' });
    });

    it('a missing attribute in a nested block: its title and target name the whole path', () => {
      const text = 'resource "aws_dynamodb_table" "t" {\n  name     = "t"\n  hash_key = "id"\n}\n';
      const fix = fixOf(text, 'dynamodb-pitr-off')!;
      assert.equal(fix.title, 'Add point_in_time_recovery.enabled = true');
      assert.deepEqual(fix.target?.path, 'point_in_time_recovery.enabled');
    });

    it('a written nested boolean is flipped on its nested path', () => {
      const text = 'resource "aws_dynamodb_table" "t" {\n  name     = "t"\n  hash_key = "id"\n  point_in_time_recovery {\n    enabled = false\n  }\n}\n';
      const fix = fixOf(text, 'dynamodb-pitr-off')!;
      assert.deepEqual(fix.edits, [{ offset: text.indexOf('false'), length: 5, newText: 'true' }]);
      assert.deepEqual(fix.target?.path, 'point_in_time_recovery.enabled');
    });

    it('a missing attribute goes at the indentation of the first argument, after the last', () => {
      const text = 'resource "aws_cloudtrail" "trail" {\n    name = "trail"\n  s3_bucket_name = "logs"\n}\n';
      const fix = fixOf(text, 'cloudtrail-log-validation-off')!;
      assert.deepEqual(fix.edits, [{ offset: text.indexOf('\n}'), length: 0, newText: '\n    enable_log_file_validation = true' }]);
    });

    it('no missing-attribute fix where there is no argument to align with, or it does not start its line', () => {
      assert.equal(fixOf('resource "aws_cloudtrail" "trail" {\n}\n', 'cloudtrail-log-validation-off'), undefined);
      assert.equal(fixOf('resource "aws_cloudtrail" "trail" { name = "trail"\n  s3_bucket_name = "logs"\n}\n', 'cloudtrail-log-validation-off'), undefined);
    });
  });
});
