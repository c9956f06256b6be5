import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze, formatsReady, prepareFormats } from '../../src/core';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { fileReport } from '../../src/core/reports/report';
import type { Analysis } from '../../src/core/types';
import { ROOT, readFixture, setting, shared, slice, lineOf } from './helpers';
import { runCli } from './cliHelpers';

const WASM_DIR = path.join(ROOT, 'node_modules', 'web-tree-sitter');
const GRAMMAR_DIR = path.join(ROOT, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl');

function run(relative: string, transform: (text: string) => string = (text) => text): { text: string; analysis: Analysis } {
  const text = transform(readFixture(relative));
  return { text, analysis: analyze(text, relative) };
}

/** `# risky: rule-id` / `# finding: rule-id` comments (several on a line for several findings): the line → rule ids expected there. */
function expectedFindings(text: string): Map<number, string[]> {
  const expected = new Map<number, string[]>();
  text.split(/\r?\n/).forEach((line, index) => {
    for (const match of line.matchAll(/#\s*(?:risky|finding):\s*([\w-]+)/g)) expected.set(index + 1, [...(expected.get(index + 1) ?? []), match[1]].sort());
  });
  return expected;
}

function actualFindings(text: string, analysis: Analysis): Map<number, string[]> {
  const actual = new Map<number, string[]>();
  for (const finding of analysis.findings) {
    const line = lineOf(text, finding.span.offset);
    actual.set(line, [...(actual.get(line) ?? []), finding.ruleId].sort());
  }
  return actual;
}

function ownerAt(text: string, analysis: Analysis, line: number): string {
  const found = analysis.settings.filter((s) => lineOf(text, s.key.offset) === line);
  assert.ok(found.length, `no setting on line ${line}`);
  return found.map((s) => `${s.path}=${s.attribution.owner}/${s.attribution.row}`).join(' ');
}

describe('Terraform analysis', () => {
  before(async function () {
    this.timeout(20000);
    await prepareFormats(WASM_DIR, GRAMMAR_DIR);
  });

  it('prepareFormats is idempotent', async () => {
    await Promise.all([prepareFormats(WASM_DIR, GRAMMAR_DIR), prepareFormats(WASM_DIR, GRAMMAR_DIR)]);
    assert.ok(formatsReady());
  });

  it('the safe twin has no findings, and AWS owns what AWS patches', () => {
    const { text, analysis } = run('test/fixtures/terraform/safe.tf');
    assert.deepEqual(analysis.errors, []);
    assert.deepEqual(analysis.findings.map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId}`), []);
    const line = (needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    assert.equal(ownerAt(text, analysis, line('engine ')), 'engine=aws/database-patching');
    assert.equal(ownerAt(text, analysis, line('runtime ')), 'runtime=aws/guest-os-patching');
    assert.equal(ownerAt(text, analysis, line('auto_minor_version_upgrade')), 'auto_minor_version_upgrade=aws/database-patching');
  });

  it('a syntax error mid-file: one diagnostic, later blocks still attributed and checked', () => {
    const { text, analysis } = run('test/fixtures/terraform/broken.tf');
    assert.equal(analysis.kind, 'terraform');
    assert.equal(analysis.errors.length, 1);
    assert.match(analysis.errors[0].message, /Terraform syntax error/);
    assert.equal(lineOf(text, analysis.errors[0].span.offset), 9);
    assert.deepEqual(
      analysis.resources.map((r) => r.logicalId),
      ['aws_db_instance.before', 'aws_instance.half_typed', 'aws_security_group.after', 'aws_ebs_volume.after'],
    );
    assert.equal(setting(analysis, 'aws_security_group.after', 'ingress.cidr_blocks').attribution.row, 'network-security');
    // Findings on values still fire; findings about a missing attribute wait until the file parses.
    assert.deepEqual(
      analysis.findings.map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId}`),
      ['3 rds-publicly-accessible', '16 sg-world-open-admin-port'],
    );
  });

  it('Terraform JSON (.tf.json)', () => {
    const { text, analysis } = run('test/fixtures/terraform/main.tf.json');
    assert.equal(analysis.kind, 'terraform');
    assert.deepEqual(analysis.errors, []);
    assert.deepEqual(
      analysis.findings.map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId}`),
      ['6 rds-storage-unencrypted', '8 literal-secret', '15 iam-admin-wildcard', '21 sg-world-open-admin-port'],
    );
    assert.equal(setting(analysis, 'aws_db_instance.main', 'storage_encrypted').cfn?.path, 'Properties.StorageEncrypted');
  });

  it('scan walks .tf and .tf.json files and reports kind terraform (built CLI)', () => {
    const { status, stdout } = runCli(['scan', '--format', 'json', '--no-config', 'test/fixtures/terraform']);
    assert.equal(status, 1);
    const report = JSON.parse(stdout) as { version: number; files: { path: string; kind: string; findings: { ruleId: string; line: number }[] }[] };
    assert.equal(report.version, 1);
    assert.deepEqual(
      report.files.map((file) => `${path.basename(file.path)} ${file.kind}`),
      ['broken.tf terraform', 'main.tf.json terraform', 'nested.tf terraform', 'risky.tf terraform', 'safe.tf terraform'],
    );
    const risky = report.files.find((file) => file.path.endsWith('risky.tf'))!;
    assert.ok(risky.findings.some((f) => f.ruleId === 'cloudtrail-logging-off' && f.line === 72));
    assert.ok(!stdout.includes('hunter2'));
  });

  it('Key/Value list items and map keys given by a value: load balancer attributes, OpenSearch log types', () => {
    const text = [
      'resource "aws_lb" "web" {',
      '  enable_deletion_protection = true',
      '  drop_invalid_header_fields = false',
      '  access_logs {',
      '    bucket = "logs"',
      '  }',
      '}',
      'resource "aws_opensearch_domain" "search" {',
      '  log_publishing_options {',
      '    log_type                 = "AUDIT_LOGS"',
      '    cloudwatch_log_group_arn = "arn:aws:logs:us-east-1:123456789012:log-group:audit"',
      '    enabled                  = false',
      '  }',
      '}',
      'resource "aws_lb" "by_variable" {',
      '  enable_deletion_protection = true',
      '  drop_invalid_header_fields = var.drop_invalid',
      '  access_logs {',
      '    bucket  = "logs"',
      '    enabled = var.logs_enabled',
      '  }',
      '}',
      'resource "aws_lb" "dynamic_logs" {',
      '  enable_deletion_protection = true',
      '  drop_invalid_header_fields = true',
      '  dynamic "access_logs" {',
      '    for_each = var.log_buckets',
      '    content {',
      '      bucket  = access_logs.value',
      '      enabled = true',
      '    }',
      '  }',
      '}',
      'resource "aws_opensearch_domain" "by_variable" {',
      '  log_publishing_options {',
      '    log_type                 = var.log_type',
      '    cloudwatch_log_group_arn = "arn:aws:logs:us-east-1:123456789012:log-group:audit"',
      '  }',
      '}',
    ].join('\n');
    const analysis = analyze(text, 'main.tf');
    const at = (resource: string, ruleId: string) => analysis.findings.filter((f) => f.resource === resource && f.ruleId === ruleId).map((f) => slice(text, f.span));
    // An explicit false is reported where it is written; a bucket alone leaves the logs off (enabled defaults to false).
    assert.deepEqual(at('aws_lb.web', 'alb-invalid-headers-kept').length, 1);
    assert.deepEqual(at('aws_lb.web', 'elb-access-logs-off').length, 1);
    assert.deepEqual(setting(analysis, 'aws_lb.web', 'drop_invalid_header_fields').cfn, { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', path: 'Properties.LoadBalancerAttributes[0]' });
    assert.deepEqual(at('aws_opensearch_domain.search', 'opensearch-audit-logs-off'), ['enabled                  = false']);
    assert.deepEqual(setting(analysis, 'aws_opensearch_domain.search', 'log_publishing_options.enabled').cfn, {
      type: 'AWS::OpenSearchService::Domain',
      path: 'Properties.LogPublishingOptions.AUDIT_LOGS.Enabled',
    });
    // Values and blocks known at plan time only may turn the attribute on: not judged.
    assert.deepEqual(analysis.findings.filter((f) => f.resource === 'aws_lb.by_variable' || f.resource === 'aws_lb.dynamic_logs').map((f) => f.ruleId), []);
    // A log type known at plan time only may be AUDIT_LOGS: not judged.
    assert.deepEqual(at('aws_opensearch_domain.by_variable', 'opensearch-audit-logs-off'), []);
  });

  it('null leaves an argument unset: no finding for what it nulls, and the default applies', () => {
    const text = [
      'resource "aws_iam_policy_attachment" "to_nobody" {',
      '  name       = "reporting"',
      '  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"',
      '  users      = null',
      '}',
      'resource "aws_db_instance" "db" {',
      '  engine                      = "postgres"',
      '  manage_master_user_password = true',
      '  storage_encrypted           = null',
      '}',
    ].join('\n');
    const analysis = analyze(text, 'main.tf');
    assert.ok(!analysis.findings.some((f) => f.ruleId === 'iam-user-direct-policy'));
    assert.match(analysis.findings.find((f) => f.ruleId === 'rds-storage-unencrypted')?.message ?? '', /storage_encrypted not set, which defaults to off/);
  });

  it('broken input never throws', () => {
    for (const text of ['resource "aws_s3_bucket" {', '}}}}', 'resource "aws_iam_policy" "p" { policy = jsonencode({ Statement = [{ Action = ', '\u0000', '{"resource": [1, 2]}']) {
      for (const name of ['x.tf', 'x.tf.json']) assert.equal(analyze(text, name).kind, 'terraform');
    }
  });

  // The tests on one fixture share its analysis: a mutant runs it once for all of them.
  describe('risky.tf', () => {
    let risky: { text: string; analysis: Analysis };
    before(shared(() => (risky = run('test/fixtures/terraform/risky.tf'))));

    it('done criterion: every risky line has its finding, no other line has one', () => {
      const { text, analysis } = risky;
      assert.equal(analysis.kind, 'terraform');
      assert.deepEqual(analysis.errors, []);
      const expected = expectedFindings(text);
      assert.equal(expected.size, 14);
      assert.deepEqual(actualFindings(text, analysis), expected);
    });

    it('done criterion: the right owner on each line', () => {
      const { text, analysis } = risky;
      const line = (needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
      assert.equal(ownerAt(text, analysis, line('ami ')), 'ami=customer/guest-os-patching');
      assert.equal(ownerAt(text, analysis, line('encrypted = false')), 'root_block_device.encrypted=customer/customer-data');
      assert.equal(ownerAt(text, analysis, line('"0.0.0.0/0"]')), 'ingress.cidr_blocks=customer/network-security');
      assert.equal(ownerAt(text, analysis, line('storage_encrypted')), 'storage_encrypted=customer/customer-data');
      assert.equal(ownerAt(text, analysis, line('publicly_accessible')), 'publicly_accessible=customer/network-security');
      // Minor upgrades off: engine patching is the customer's job.
      assert.equal(ownerAt(text, analysis, line('engine ')), 'engine=customer/database-patching');
      assert.equal(ownerAt(text, analysis, line('block_public_acls')), 'block_public_acls=customer/restrict-access');
      assert.equal(ownerAt(text, analysis, line('Action   = "*"')), 'policy.Statement[0].Action=customer/restrict-access');
      assert.equal(ownerAt(text, analysis, line('runtime ')), 'runtime=customer/guest-os-patching');
      assert.equal(ownerAt(text, analysis, line('enable_logging')), 'enable_logging=customer/account-compromise');
      // Resources: the Terraform address, the Terraform type, the service of its CloudFormation twin.
      const db = analysis.resources.find((r) => r.logicalId === 'aws_db_instance.main');
      assert.deepEqual(db && { type: db.type, cfnType: db.cfnType, service: db.service, model: db.model, key: slice(text, db.key), header: slice(text, db.typeSpan) }, {
        type: 'aws_db_instance',
        cfnType: 'AWS::RDS::DBInstance',
        service: 'rds',
        model: 'container',
        key: '"main"',
        header: 'resource "aws_db_instance" "main"',
      });
    });

    it('messages speak Terraform and mask secrets', () => {
      const { analysis } = risky;
      const message = (ruleId: string): string => analysis.findings.find((f) => f.ruleId === ruleId)!.message;
      assert.match(message('rds-storage-unencrypted'), /^Turn on storage encryption.* aws_db_instance\.main stores .*\(storage_encrypted = false\)/);
      assert.match(message('cloudtrail-logging-off'), /\(enable_logging = false\)/);
      assert.match(message('literal-secret'), /password \(\*+\)/);
      assert.ok(!JSON.stringify(analysis).includes('hunter2'));
      for (const finding of analysis.findings) assert.ok(finding.resourceType.startsWith('aws_'), finding.resourceType);
    });

    it('CRLF line ends give the same lines and spans', () => {
      const lf = risky;
      const crlf = run('test/fixtures/terraform/risky.tf', (text) => text.replace(/\r?\n/g, '\r\n'));
      assert.deepEqual(actualFindings(crlf.text, crlf.analysis), actualFindings(lf.text, lf.analysis));
      assert.deepEqual(
        crlf.analysis.settings.map((s) => `${lineOf(crlf.text, s.key.offset)} ${slice(crlf.text, s.key)}`),
        lf.analysis.settings.map((s) => `${lineOf(lf.text, s.key.offset)} ${slice(lf.text, s.key)}`),
      );
    });

    it('hovers show the Terraform type and the CloudFormation property it configures', () => {
      const { text, analysis } = risky;
      const at = text.indexOf('storage_encrypted') + 2;
      const card = hoverMarkdown(analysis, at, text)!;
      assert.match(card, /\*\*Customer\*\*/);
      assert.match(card, /`storage_encrypted` on `aws_db_instance` · /);
      assert.match(card, /≙ `AWS::RDS::DBInstance\.StorageEncrypted` in CloudFormation/);
      const resource = hoverMarkdown(analysis, text.indexOf('"aws_db_instance"') + 3, text)!;
      assert.match(resource, /\*\*aws\\_db\\_instance\\\.main\*\* · `aws_db_instance` ≙ `AWS::RDS::DBInstance`/);
    });

    it('the CLI report uses kind terraform and the same contract', () => {
      const { text, analysis } = risky;
      const report = fileReport('risky.tf', text, analysis);
      assert.equal(report.kind, 'terraform');
      const encrypted = report.settings.find((s) => s.key === 'storage_encrypted');
      assert.deepEqual(encrypted && { resource: encrypted.resource, resourceType: encrypted.resourceType, owner: encrypted.owner, line: encrypted.line }, {
        resource: 'aws_db_instance.main',
        resourceType: 'aws_db_instance',
        owner: 'customer',
        line: 31,
      });
    });
  });

  describe('nested.tf', () => {
    let nested: { text: string; analysis: Analysis };
    before(shared(() => (nested = run('test/fixtures/terraform/nested.tf'))));

    it('nested blocks, every CIDR of a list, split rules, heredoc and jsonencode policies, data policy documents', () => {
      const { text, analysis } = nested;
      assert.deepEqual(analysis.errors, []);
      const expected = expectedFindings(text);
      // A heredoc holds JSON, where a comment cannot mark the line.
      expected.set(lineOf(text, text.indexOf('"Action": "*"')), ['iam-admin-wildcard']);
      assert.deepEqual(actualFindings(text, analysis), expected);
      // The heredoc's JSON keeps exact offsets into the file.
      const heredoc = analysis.findings.find((f) => f.resource === 'aws_iam_role_policy.heredoc')!;
      assert.equal(slice(text, heredoc.span), '"Action": "*"');
      const action = setting(analysis, 'aws_iam_role_policy.heredoc', 'policy.Statement[0].Action');
      assert.equal(slice(text, action.key), '"Action"');
      assert.deepEqual(action.cfn, { type: 'AWS::IAM::RolePolicy', path: 'Properties.PolicyDocument.Statement[0].Action' });
      // Every item of a list is a setting with its own span.
      assert.equal(slice(text, setting(analysis, 'aws_security_group.mixed', 'ingress[1].cidr_blocks').span), 'cidr_blocks = [var.admin_cidr, local.open]');
    });

    it('variables without a written value, references and interpolations are unknown, never findings; a literal local is a value', () => {
      const { text, analysis } = nested;
      const resources = new Set(analysis.findings.map((f) => f.resource));
      for (const quiet of ['aws_db_instance.from_vars', 'aws_iam_role_policy.templated', 'aws_security_group_rule.egress_all', 'aws_rds_cluster.serverless']) {
        assert.ok(!resources.has(quiet), `${quiet} has ${analysis.findings.filter((f) => f.resource === quiet).map((f) => f.ruleId).join(', ')}`);
      }
      // The second ingress mixes a variable without a default (unknown) and a local set to "0.0.0.0/0": the local opens SSH.
      const ssh = analysis.findings.find((f) => f.resource === 'aws_security_group.mixed' && f.message.includes('SSH (port 22)'))!;
      assert.equal(slice(text, ssh.span), 'local.open');
      assert.match(ssh.message, /The value comes from local open \(nested\.tf\)\.$/);
      // Other providers are not AWS services.
      assert.ok(!analysis.resources.some((r) => r.type === 'random_password'));
    });

    it('split resources count as their parent: service, row and CloudFormation property', () => {
      const { analysis } = nested;
      const sse = setting(analysis, 'aws_s3_bucket_server_side_encryption_configuration.data', 'rule.apply_server_side_encryption_by_default.sse_algorithm');
      assert.equal(sse.attribution.service, 's3');
      assert.equal(sse.cfn?.type, 'AWS::S3::Bucket');
      assert.match(sse.cfn?.path ?? '', /^Properties\.BucketEncryption\.ServerSideEncryptionConfiguration\[0\]\.ServerSideEncryptionByDefault\.SSEAlgorithm$/);
      assert.equal(sse.attribution.row, 'customer-data');
      const rule = analysis.resources.find((r) => r.logicalId === 'aws_security_group_rule.rdp');
      assert.equal(rule?.cfnType, 'AWS::EC2::SecurityGroupIngress');
      assert.equal(analysis.resources.find((r) => r.logicalId === 'aws_security_group_rule.egress_all')?.cfnType, 'AWS::EC2::SecurityGroupEgress');
    });

    it('policy documents written as blocks are attributed as IAM policy JSON', () => {
      const { analysis } = nested;
      const actions = setting(analysis, 'data.aws_iam_policy_document.admin', 'statement.actions');
      assert.deepEqual(actions.cfn, { type: 'AWS::IAM::ManagedPolicy', path: 'Properties.PolicyDocument.Statement[0].Action' });
      assert.equal(actions.attribution.confidence, 'curated');
      assert.equal(actions.attribution.row, 'restrict-access');
    });

    it('unmapped types are attributed through their service and the name patterns', () => {
      const { analysis } = nested;
      const repository = setting(analysis, 'aws_ecr_repository_policy.public', 'policy.Statement[0].Principal');
      assert.equal(repository.attribution.service, 'ecr');
      assert.notEqual(repository.attribution.confidence, 'fallback');
      assert.equal(repository.cfn, undefined);
    });
  });
});

describe('s3-public-access-block-off on CloudFormation', () => {
  it('flags each Block Public Access flag turned off in PublicAccessBlockConfiguration', () => {
    const text = [
      'Resources:',
      '  Site:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      PublicAccessBlockConfiguration:',
      '        BlockPublicAcls: false',
      '        BlockPublicPolicy: true',
      '        IgnorePublicAcls: "false"',
      '        RestrictPublicBuckets: true',
      '',
    ].join('\n');
    const analysis = analyze(text, 'site.yaml');
    assert.deepEqual(
      analysis.findings.filter((f) => f.ruleId === 's3-public-access-block-off').map((f) => `${lineOf(text, f.span.offset)} ${f.controls.join(',')}`),
      ['6 SecurityHub S3.8', '8 SecurityHub S3.8'],
    );
  });
});
