/**
 * Every quick fix the rules produce, checked against the replacement data:
 * a fix whose setting replaces the resource (CloudFormation causesReplacement,
 * Terraform ForceNew) or changes its clients says so in its title and is never
 * preferred, so fix-all and fix-on-save (README: codeActionsOnSave) leave it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { analyze, prepareFormats } from '../../src/core';
import { findingRules, withRuleDocs } from '../../src/core/clouds/aws/knowledge';
import { cfnReplacement, replacementWords, specReplacement, terraformReplacement, terraformReplacementOf } from '../../src/core/clouds/aws/replacement';
import { terraformResourceMapping } from '../../src/core/clouds/aws/terraform-mapping';
import { preferredFixEdits } from '../../src/core/engine/edits';
import type { Finding } from '../../src/core/types';
import { ROOT, ruleFixtures } from './helpers';

const EXTRA_FILES = [
  'examples/cloudformation/risky-stack.yaml',
  'test/fixtures/templates/risky-stack.json',
  'test/fixtures/terraform/risky.tf',
  'test/fixtures/sam/template.yaml',
  'test/fixtures/workspace/fixes/fixable-stack.yaml',
  'test/fixtures/workspace/fixes/fixable-stack.json',
];

function allFixes(): { file: string; kind: string; finding: Finding }[] {
  const out: { file: string; kind: string; finding: Finding }[] = [];
  const files = [...ruleFixtures().filter((f) => f.verdict === 'fail').map((f) => ({ file: f.file, name: f.name, text: f.text })), ...EXTRA_FILES.map((file) => ({ file, name: path.basename(file), text: fs.readFileSync(path.join(ROOT, file), 'utf8') }))];
  for (const { file, name, text } of files) {
    const analysis = analyze(text, name);
    for (const finding of analysis.findings) if (finding.fix) out.push({ file, kind: analysis.kind!, finding });
  }
  return out;
}

describe('fix safety: every fix against the replacement data', () => {
  before(async function () {
    this.timeout(20000);
    await prepareFormats(path.join(ROOT, 'node_modules/web-tree-sitter'), path.join(ROOT, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl'));
  });

  it('every fix names its setting, and its replacement, title and preference agree with the data', () => {
    const fixes = allFixes();
    assert.ok(fixes.length >= 40, `${fixes.length} fixes`);
    const kinds = new Set(fixes.map((f) => f.kind));
    assert.ok(kinds.has('cloudformation') && kinds.has('terraform'), [...kinds].join());
    const problems: string[] = [];
    for (const { file, kind, finding } of fixes) {
      const fix = finding.fix!;
      // A suppression's fix edits a comment or Metadata entry, never a setting of the resource.
      if (finding.ruleId === 'suppression-unknown-rule') continue;
      const where = `${file} ${finding.ruleId}: “${fix.title}”`;
      if (!fix.target) {
        problems.push(`${where} names no target setting`);
        continue;
      }
      const expected = kind === 'terraform' ? terraformReplacementOf(fix.target.resourceType, fix.target.path).replaces : cfnReplacement(fix.target.resourceType, fix.target.path);
      if ((fix.replaces ?? 'no') !== expected) problems.push(`${where} replaces=${fix.replaces ?? 'no'}, data says ${expected}`);
      const words = replacementWords(expected);
      if (words && !fix.title.includes(`(${words}`) && !fix.title.includes(`; ${words}`)) problems.push(`${where} does not say “${words}”`);
      if (words && fix.preferred) problems.push(`${where} replaces the resource but is preferred`);
      const effect = findingRules.rules.find((rule) => rule.id === finding.ruleId && rule.fixEffect)?.fixEffect;
      if (effect && (!fix.title.includes(effect) || fix.preferred)) problems.push(`${where} changes clients (${effect}) but does not say so, or is preferred`);
    }
    assert.deepEqual(problems, []);
  });

  it('fix-all applies no fix that replaces a resource or changes its clients, on every fixture', () => {
    for (const { finding } of allFixes()) {
      const applied = preferredFixEdits([finding]).length > 0;
      if (finding.fix!.replaces || finding.fix!.clientEffect || finding.fix!.select) assert.equal(applied, false, `${finding.ruleId}: ${finding.fix!.title}`);
    }
  });

  it('the issue’s examples: ElastiCache at-rest encryption replaces, an instance’s block device mapping may replace', () => {
    assert.equal(cfnReplacement('AWS::ElastiCache::ReplicationGroup', 'Properties.AtRestEncryptionEnabled'), 'yes');
    assert.equal(cfnReplacement('AWS::EC2::Instance', 'Properties.BlockDeviceMappings[0].Ebs.Encrypted'), 'maybe');
    assert.equal(cfnReplacement('AWS::RDS::DBInstance', 'Properties.StorageEncrypted'), 'yes');
    assert.equal(cfnReplacement('AWS::RDS::DBInstance', 'Properties.PubliclyAccessible'), 'no');
    assert.equal(cfnReplacement('AWS::EC2::SecurityGroupIngress', 'Properties.CidrIp'), 'yes');
    assert.equal(cfnReplacement('AWS::EC2::SecurityGroup', 'Properties.SecurityGroupIngress[0].CidrIp'), 'no');
    assert.equal(cfnReplacement('Custom::Anything', 'Properties.X'), 'no');
    const risky = fs.readFileSync(path.join(ROOT, 'examples/cloudformation/risky-stack.yaml'), 'utf8');
    const preferred = analyze(risky, 'risky-stack.yaml').findings.filter((f) => f.fix?.preferred).map((f) => f.ruleId);
    assert.ok(!preferred.includes('elasticache-at-rest-unencrypted') && !preferred.includes('ebs-volume-unencrypted'), preferred.join());
  });

  it('Terraform: ForceNew facts win, unmapped facts fall back to the CloudFormation property, never surer than maybe', () => {
    assert.deepEqual(terraformReplacementOf('aws_db_instance', 'storage_encrypted'), { replaces: 'yes', basis: 'provider' });
    assert.deepEqual(terraformReplacementOf('aws_db_instance', 'auto_minor_version_upgrade'), { replaces: 'no', basis: 'provider' });
    assert.deepEqual(terraformReplacementOf('aws_security_group_rule', 'cidr_blocks[0]'), { replaces: 'yes', basis: 'provider' });
    assert.deepEqual(terraformReplacementOf('aws_instance', 'root_block_device.encrypted'), { replaces: 'maybe', basis: 'cloudformation' });
    assert.deepEqual(terraformReplacementOf('aws_security_group', 'ingress[0].cidr_blocks[1]'), { replaces: 'no', basis: 'cloudformation' });
  });

  it('the Terraform facts name their source file, and every type and attribute they name is mapped or a real attribute', () => {
    for (const [type, facts] of Object.entries(terraformReplacement.types)) {
      assert.match(facts.file, /^internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go$/, type);
      assert.ok(facts.commit === null ? Boolean(facts.note) : /^[0-9a-f]{40}$/.test(facts.commit), `${type}: a commit, or a note why there is none`);
      assert.ok(terraformResourceMapping(type), `${type} is in terraform-mapping.json`);
      for (const value of Object.values(facts.attributes)) assert.ok(['yes', 'maybe', 'no'].includes(value));
    }
    assert.equal(terraformReplacement.source.repo, 'hashicorp/terraform-provider-aws');
  });

  it('spec-replacement.json is generated from the installed spec (npm run gen:knowledge -- --check)', function () {
    this.timeout(60_000);
    try {
      createRequire(path.join(ROOT, 'package.json')).resolve('@aws-cdk/aws-service-spec');
    } catch {
      this.skip();
    }
    assert.equal(specReplacement.source.package, '@aws-cdk/aws-service-spec');
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/gen-knowledge.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  it('a finding links to its rule page once the package names a repository, keeping the AWS page as a source', () => {
    const data = { rules: findingRules.rules.filter((rule) => rule.id === 'rds-storage-unencrypted') };
    const linked = withRuleDocs(data, 'https://github.com/example/responsibility-lens/blob/main/docs/rules/');
    assert.equal(linked.rules[0].docUrl, 'https://github.com/example/responsibility-lens/blob/main/docs/rules/rds-storage-unencrypted.md');
    assert.ok(linked.rules[0].sources.some((source) => source.url === data.rules[0].docUrl));
    assert.equal(withRuleDocs(data, null), data);
  });
});
