/**
 * A default that is written down is a value (issue 11, class 6): a
 * CloudFormation Ref to a parameter with a Default, and a Terraform `var.x`
 * or `local.x` with a value written in the folder (variable default,
 * terraform.tfvars, *.auto.tfvars, literal local), are judged with that
 * value; the finding says where it came from. Everything else stays unknown.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, readsSibling, readsSiblings } from '../../src/core';
import type { Analysis, SiblingFiles } from '../../src/core/types';
import { lineOf, prepareTerraform, readFixture, ROOT, slice } from './helpers';
import { runCli } from './cliHelpers';

const TF = 'test/fixtures/defaults/terraform';

/** The fixture folder as the CLI and the editor give it: every file beside, read on demand. */
function folder(relative: string, overrides: Record<string, string | undefined> = {}): SiblingFiles & { reads: string[] } {
  const dir = path.join(ROOT, relative);
  const reads: string[] = [];
  const names = [...new Set([...fs.readdirSync(dir), ...Object.keys(overrides)])].filter((name) => overrides[name] !== undefined || (!(name in overrides) && fs.statSync(path.join(dir, name)).isFile()));
  return {
    reads,
    list: () => names,
    read(name) {
      reads.push(name);
      if (name in overrides) return overrides[name];
      return fs.readFileSync(path.join(dir, name), 'utf8');
    },
  };
}

const byRule = (analysis: Analysis, ruleId: string) => analysis.findings.filter((finding) => finding.ruleId === ruleId);

describe('a default that is written down is a value', () => {
  describe('CloudFormation parameters', () => {
    const file = 'test/fixtures/defaults/cloudformation/parameters.yaml';
    const text = readFixture(file);
    const analysis = analyze(text, file);

    it('a Ref to a parameter whose Default opens SSH to the world is found on the Ref, naming the parameter', () => {
      const [ssh, ...others] = byRule(analysis, 'sg-world-open-admin-port');
      assert.deepEqual(others, [], 'the office range and the parameter without a default are not findings');
      assert.equal(slice(text, ssh.span), 'CidrIp: !Ref AllowedCidr');
      assert.match(ssh.message, /allows ingress from 0\.0\.0\.0\/0 to SSH \(port 22\)[;.].* The value comes from the Default of parameter AllowedCidr\.$/);
      assert.equal(ssh.fix, undefined, 'the place to change is the Default, not the Ref');
    });

    it('every rule sees the default: storage encryption, deprecated runtimes', () => {
      const [storage] = byRule(analysis, 'rds-storage-unencrypted');
      assert.equal(slice(text, storage.span), 'StorageEncrypted: !Ref Encrypt');
      assert.match(storage.message, /\(StorageEncrypted: false\).* The value comes from the Default of parameter Encrypt\.$/);
      const [runtime] = byRule(analysis, 'lambda-deprecated-runtime');
      assert.equal(slice(text, runtime.span), 'Runtime: !Ref Runtime');
      assert.match(runtime.message, /python2\.7/);
    });

    it('a secret Default is reported once, where it is written; SSM parameters, pseudo parameters and other intrinsics stay unknown', () => {
      const secrets = byRule(analysis, 'literal-secret');
      assert.deepEqual(
        secrets.map((finding) => lineOf(text, finding.span.offset)),
        [lineOf(text, text.indexOf('Default: Tr0ub4dor'))],
      );
      assert.ok(!analysis.findings.some((finding) => finding.resource === 'Host'), 'ImageId from SSM and AvailabilityZone from AWS::Region');
    });

    it('JSON templates with {"Ref": …} are judged the same way', () => {
      const json = JSON.stringify({
        AWSTemplateFormatVersion: '2010-09-09',
        Parameters: { Cidr: { Type: 'String', Default: '::/0' } },
        Resources: { Sg: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: 'sg-1', IpProtocol: '-1', CidrIpv6: { Ref: 'Cidr' } } } },
      });
      const [finding] = byRule(analyze(json, 'stack.json'), 'sg-world-open-admin-port');
      assert.match(finding.message, /from ::\/0 to all ports.* The value comes from the Default of parameter Cidr\.$/);
    });
  });

  describe('Terraform variables, tfvars and locals of the same folder', () => {
    before(prepareTerraform);
    const text = readFixture(`${TF}/main.tf`);

    it('defaults, terraform.tfvars over them and *.auto.tfvars over that, each finding naming its source', () => {
      const analysis = analyze(text, path.join(ROOT, TF, 'main.tf'), { siblings: folder(TF) });
      const ssh = byRule(analysis, 'sg-world-open-admin-port');
      assert.deepEqual(
        ssh.map((finding) => slice(text, finding.span)),
        ['var.admin_cidrs'],
        'terraform.tfvars narrows office_cidr, so the RDP rule on the literal local port is fine',
      );
      assert.match(ssh[0].message, /The value comes from the default of variable admin_cidrs \(variables\.tf\)\.$/);
      const [storage] = byRule(analysis, 'rds-storage-unencrypted');
      assert.equal(slice(text, storage.span), 'storage_encrypted   = var.encrypted');
      assert.match(storage.message, /\(storage_encrypted = false\).* The value comes from variable encrypted as set in terraform\.tfvars\.$/);
      const [open] = byRule(analysis, 'rds-publicly-accessible');
      assert.match(open.message, /The value comes from variable public as set in prod\.auto\.tfvars\.$/);
    });

    it('module calls, computed locals, null defaults and sensitive defaults are not guessed at', () => {
      const analysis = analyze(text, path.join(ROOT, TF, 'main.tf'), { siblings: folder(TF) });
      assert.ok(!analysis.findings.some((finding) => finding.resource === 'aws_security_group_rule.from_module'));
      assert.ok(!analysis.findings.some((finding) => finding.resource === 'aws_ebs_volume.scratch'), 'default = null leaves encrypted unknown');
      assert.deepEqual(byRule(analysis, 'literal-secret'), [], 'a variable default is not a literal in the resource');
    });

    it('without the folder, every variable and the locals of other files stay unknown', () => {
      const alone = analyze(text, path.join(ROOT, TF, 'main.tf'));
      assert.deepEqual(
        alone.findings.map((finding) => finding.ruleId),
        [],
      );
    });

    it('the file being edited wins over its saved copy, and a changed sibling is read again', () => {
      const file = path.join(ROOT, TF, 'main.tf');
      const siblings = folder(TF, { 'terraform.tfvars': 'encrypted = true\n' });
      assert.deepEqual(byRule(analyze(text, file, { siblings }), 'rds-storage-unencrypted'), []);
      const edited = text.replace('var.encrypted', 'local.off');
      const withLocal = analyze(`${edited}\nlocals {\n  off = false\n}\n`, file, { siblings });
      assert.match(byRule(withLocal, 'rds-storage-unencrypted')[0].message, /The value comes from local off \(main\.tf\)\.$/);
      // The same siblings object answering with new text: the core parses it again.
      let tfvars = 'encrypted = true\n';
      const live: SiblingFiles = { list: () => siblings.list(), read: (name) => (name === 'terraform.tfvars' ? tfvars : siblings.read(name)) };
      assert.deepEqual(byRule(analyze(text, file, { siblings: live }), 'rds-storage-unencrypted'), []);
      tfvars = 'encrypted = false\n';
      assert.equal(byRule(analyze(text, file, { siblings: live }), 'rds-storage-unencrypted').length, 1);
    });

    it('reads only Terraform configuration and tfvars beside it, each once per folder object', () => {
      assert.equal(readsSiblings('main.tf'), true);
      assert.equal(readsSiblings('template.yaml'), false);
      assert.equal(readsSibling('main.tf', 'variables.tf'), true);
      assert.equal(readsSibling('main.tf', 'main.tf'), false);
      assert.equal(readsSibling('main.tf', 'secrets.env'), false);
      assert.equal(readsSibling('main.tf', 'dev.tfvars'), false, 'only files Terraform loads by itself');
      const siblings = folder(TF, { 'README.md': '# not read', 'variables.tf.json': JSON.stringify({ variable: { extra: { default: '0.0.0.0/0' } } }) });
      for (let round = 0; round < 3; round++) analyze(text, path.join(ROOT, TF, 'main.tf'), { siblings });
      assert.ok(!siblings.reads.includes('README.md'));
      const counts = siblings.reads.reduce((map, name) => map.set(name, (map.get(name) ?? 0) + 1), new Map<string, number>());
      assert.ok([...counts.values()].every((count) => count === 3), 'read each time (the owner caches reads), parsed once');
      assert.ok(counts.has('variables.tf.json'));
    });

    it('a sibling that cannot be read or parsed is left out, never an error', () => {
      const siblings = folder(TF, { 'variables.tf': undefined, 'broken.tf': 'variable "x" {', 'binary.auto.tfvars': '\u0000\u0001' });
      const analysis = analyze(text, path.join(ROOT, TF, 'main.tf'), { siblings });
      assert.deepEqual(analysis.errors, []);
    });

    it('the CLI reads the files beside each scanned file', () => {
      const { stdout, status } = runCli(['scan', '--no-config', '--format', 'json', '--fail-on', 'never', TF]);
      assert.equal(status, 0);
      const report = JSON.parse(stdout) as { files: { path: string; findings: { ruleId: string; message: string }[] }[] };
      const main = report.files.find((entry) => entry.path.endsWith('main.tf'))!;
      assert.deepEqual(main.findings.map((finding) => finding.ruleId).sort(), ['rds-publicly-accessible', 'rds-storage-unencrypted', 'sg-world-open-admin-port']);
      assert.ok(main.findings.every((finding) => /The value comes from/.test(finding.message)));
    });
  });
});
