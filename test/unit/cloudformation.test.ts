import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { analyzeFixture, findingsBy, lineOf, setting, slice } from './helpers';
import { assertNoSecret } from './secretLeaks';

describe('template detection', () => {
  it('recognises templates by AWSTemplateFormatVersion or AWS:: resource types', () => {
    assert.equal(analyze('AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n', 't.yaml').kind, 'cloudformation');
    assert.equal(analyze('Resources:\n  F:\n    Type: AWS::Serverless::Function\n', 'sam.yaml').kind, 'cloudformation');
    assert.equal(analyze('{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}', 't.json').kind, 'cloudformation');
  });

  it('leaves other YAML and JSON alone', () => {
    assert.equal(analyze('{"name": "pkg", "version": "1.0.0"}', 'package.json').kind, undefined);
    assert.equal(analyze('apiVersion: v1\nkind: Pod\n', 'pod.yaml').kind, 'kubernetes', 'a manifest is Kubernetes, not a template');
    assert.equal(analyze('Resources:\n  X:\n    Type: Custom::Thing # mentions AWS::S3::Bucket\n', 'x.yaml').kind, undefined);
    assert.equal(analyze('foo: [\n', 'broken.yaml').kind, undefined);
  });
});

describe('attribution of the risky example stack', () => {
  const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');

  it('parses without errors', () => assert.deepEqual(analysis.errors, []));

  it('ImageId on an EC2 instance is the customer’s guest OS patching', () => {
    const imageId = setting(analysis, 'WebServer', 'Properties.ImageId');
    assert.equal(slice(text, imageId.key), 'ImageId');
    assert.equal(lineOf(text, imageId.key.offset), 13);
    assert.deepEqual([imageId.attribution.owner, imageId.attribution.row, imageId.attribution.model], ['customer', 'guest-os-patching', 'infrastructure']);
    assert.equal(imageId.attribution.confidence, 'curated');
  });

  it('RDS engine version is AWS’s database patching, but turning minor upgrades off hands it to the customer', () => {
    const hardened = analyzeFixture('examples/cloudformation/hardened-stack.yaml').analysis;
    const version = setting(hardened, 'OrdersDatabase', 'Properties.EngineVersion').attribution;
    assert.deepEqual([version.owner, version.row, version.model], ['aws', 'database-patching', 'container']);
    assert.match(version.customerAction, /version/i);
    assert.match(version.customerAction, /window/i);
    const unpatched = setting(analysis, 'OrdersDatabase', 'Properties.EngineVersion').attribution;
    assert.equal(unpatched.owner, 'customer', 'with minor upgrades off, keeping the engine patched is the customer’s job');
    const upgrade = setting(analysis, 'OrdersDatabase', 'Properties.AutoMinorVersionUpgrade').attribution;
    assert.equal(upgrade.row, 'database-patching');
    assert.equal(upgrade.owner, 'customer', 'AutoMinorVersionUpgrade: false makes patching the customer’s');
    const safe = analyze(text.replace('AutoMinorVersionUpgrade: false', 'AutoMinorVersionUpgrade: true'), 'x.yaml');
    assert.equal(setting(safe, 'OrdersDatabase', 'Properties.AutoMinorVersionUpgrade').attribution.owner, 'aws');
  });

  it('StorageEncrypted is customer data', () => {
    const encrypted = setting(analysis, 'OrdersDatabase', 'Properties.StorageEncrypted').attribution;
    assert.deepEqual([encrypted.owner, encrypted.row], ['customer', 'customer-data']);
    assert.ok(encrypted.sources.some((source) => source.url.startsWith('https://docs.aws.amazon.com/')));
  });

  it('CidrIp in a security group is the customer’s side of network security', () => {
    const cidr = setting(analysis, 'AdminSecurityGroup', 'Properties.SecurityGroupIngress[0].CidrIp');
    assert.equal(slice(text, cidr.span), 'CidrIp: 0.0.0.0/0');
    assert.deepEqual([cidr.attribution.owner, cidr.attribution.row], ['customer', 'network-security']);
  });

  it('Lambda runtime is AWS-patched unless updates are manual or the runtime is deprecated', () => {
    const deprecated = setting(analysis, 'LegacyFunction', 'Properties.Runtime').attribution;
    assert.equal(deprecated.owner, 'customer');
    const manual = setting(analysis, 'PinnedFunction', 'Properties.Runtime').attribution;
    assert.equal(manual.owner, 'customer');
    const auto = analyze(text.replace('UpdateRuntimeOn: Manual', 'UpdateRuntimeOn: Auto'), 'x.yaml');
    assert.equal(setting(auto, 'PinnedFunction', 'Properties.Runtime').attribution.owner, 'aws');
  });

  it('every setting has a service, a model and a known row', () => {
    for (const item of analysis.settings) {
      assert.ok(item.attribution.service, item.path);
      assert.match(item.attribution.model, /^(infrastructure|container|abstracted)$/);
    }
  });

  it('a resource of an uncurated type gets a fallback attribution, not a crash', () => {
    const result = analyze('Resources:\n  X:\n    Type: AWS::Imaginary::Widget\n    Properties:\n      Colour: blue\n', 'x.yaml');
    const colour = setting(result, 'X', 'Properties.Colour').attribution;
    assert.equal(colour.confidence, 'fallback');
    assert.equal(result.resources[0].confidence, 'fallback');
    // What a user reads: the customer configures an unknown service, and the card says it is generic.
    assert.deepEqual(
      { owner: colour.owner, row: colour.row, service: colour.service, model: colour.model, sources: colour.sources, basis: colour.basis },
      { owner: 'customer', row: 'configure-services', service: 'imaginary', model: 'abstracted', sources: [], basis: undefined },
    );
    assert.match(colour.rationale, /^No specific rule covers this imaginary setting yet, so it is attributed generically/);
  });
});

describe('findings', () => {
  it('flags each risky setting in the risky example', () => {
    const { analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    assert.deepEqual(findingsBy(analysis), [
      'AdminPolicy:iam-admin-wildcard',
      'AdminSecurityGroup:sg-world-open-admin-port',
      'AssetsBucket:s3-access-logging-off',
      'AssetsBucket:s3-versioning-off',
      'AssetsBucketPolicy:policy-public-principal',
      'AuditTrail:cloudtrail-log-validation-off',
      'AuditTrail:cloudtrail-logging-off',
      'AuditTrail:cloudtrail-no-cmk',
      'AuditTrail:cloudtrail-not-multi-region',
      'Cache:elasticache-at-rest-unencrypted',
      'Cache:elasticache-backups-off',
      'Cache:elasticache-in-transit-unencrypted',
      'Cluster:eks-audit-logging-off',
      'Cluster:eks-public-endpoint',
      'Cluster:eks-secrets-no-cmk',
      'JobsQueue:sqs-sse-off',
      'LegacyFunction:lambda-deprecated-runtime',
      'LegacyFunction:lambda-env-no-cmk',
      'LegacyFunction:literal-secret',
      'LegacyFunction:literal-secret',
      'OrdersDatabase:literal-secret',
      'OrdersDatabase:rds-deletion-protection-off',
      'OrdersDatabase:rds-log-exports-off',
      'OrdersDatabase:rds-minor-upgrade-off',
      'OrdersDatabase:rds-publicly-accessible',
      'OrdersDatabase:rds-storage-unencrypted',
      'SessionsTable:dynamodb-deletion-protection-off',
      'SessionsTable:dynamodb-no-cmk',
      'SessionsTable:dynamodb-pitr-off',
      'WebServer:ebs-volume-unencrypted',
      'WebServer:ec2-imdsv1-allowed',
    ]);
  });

  it('reports findings on the offending line, naming the matrix row', () => {
    const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const open = analysis.findings.find((finding) => finding.ruleId === 'sg-world-open-admin-port')!;
    assert.equal(slice(text, open.span), 'CidrIp: 0.0.0.0/0');
    assert.equal(open.severity, 'error');
    assert.equal(open.row, 'network-security');
    assert.match(open.message, /SSH \(port 22\)/);
    const pitr = analysis.findings.find((finding) => finding.ruleId === 'dynamodb-pitr-off')!;
    assert.equal(slice(text, pitr.span), 'SessionsTable', 'a missing setting is reported on its resource');
  });

  it('flags nothing in the hardened example', () => {
    const { analysis } = analyzeFixture('examples/cloudformation/hardened-stack.yaml');
    assert.deepEqual(analysis.errors, []);
    assert.deepEqual(findingsBy(analysis), []);
  });

  it('world-open ingress: RDP, all ports and IPv6, but not HTTPS or unknown ports', () => {
    const sg = (rule: string) => analyze(`Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n        - ${rule}\n`, 't.yaml');
    assert.match(sg('{IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: 0.0.0.0/0}').findings[0].message, /RDP/);
    assert.match(sg('{IpProtocol: "-1", CidrIpv6: "::/0"}').findings[0].message, /all ports/);
    assert.match(sg('{IpProtocol: tcp, FromPort: 0, ToPort: 65535, CidrIp: 0.0.0.0/0}').findings[0].message, /all ports/);
    assert.match(sg('{IpProtocol: tcp, FromPort: 20, ToPort: 25, CidrIp: 0.0.0.0/0}').findings[0].message, /SSH/);
    assert.equal(sg('{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}').findings.length, 0);
    assert.equal(sg('{IpProtocol: tcp, FromPort: !Ref P, ToPort: !Ref P, CidrIp: 0.0.0.0/0}').findings.length, 0);
    assert.equal(sg('{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8}').findings.length, 0);
    const standalone = analyze('Resources:\n  In:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties: {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0, GroupId: sg-1}\n', 't.yaml');
    assert.equal(standalone.findings[0]?.ruleId, 'sg-world-open-admin-port');
  });

  it('RDS encryption: Aurora members and snapshot restores inherit, clusters are checked', () => {
    const db = (props: string, type = 'AWS::RDS::DBInstance') => findingsBy(analyze(`Resources:\n  Db:\n    Type: ${type}\n    Properties: {DeletionProtection: true, EnableCloudwatchLogsExports: [error], ${props}}\n`, 't.yaml'));
    assert.deepEqual(db('Engine: mysql'), ['Db:rds-storage-unencrypted']);
    assert.deepEqual(db('Engine: aurora-mysql, DBClusterIdentifier: !Ref C'), []);
    assert.deepEqual(db('DBSnapshotIdentifier: snap'), []);
    assert.deepEqual(db('Engine: aurora-postgresql', 'AWS::RDS::DBCluster'), ['Db:rds-storage-unencrypted']);
    assert.deepEqual(db('StorageEncrypted: !Ref Encrypt'), []);
    assert.deepEqual(db('StorageEncrypted: "true"'), []);
  });

  it('policies: admin wildcard in lists and roles, public principal only without a condition', () => {
    const role = analyze(
      'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]}\n      Policies:\n        - PolicyName: all\n          PolicyDocument: {Statement: [{Effect: Allow, Action: ["s3:*", "*"], Resource: ["*"]}]}\n',
      't.yaml',
    );
    assert.deepEqual(findingsBy(role), ['R:iam-admin-wildcard']);
    const deny = analyze('Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Properties: {PolicyDocument: {Statement: [{Effect: Deny, Action: "*", Resource: "*"}]}}\n', 't.yaml');
    assert.deepEqual(findingsBy(deny), []);
    const queue = analyze('Resources:\n  Q:\n    Type: AWS::SQS::QueuePolicy\n    Properties: {PolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: "*"}, Action: "sqs:SendMessage"}]}}\n', 't.yaml');
    assert.deepEqual(findingsBy(queue), ['Q:policy-public-principal']);
  });

  it('EKS endpoint: restricted CIDRs or a private endpoint are fine', () => {
    const eks = (vpc: string) => findingsBy(analyze(`Resources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Logging: {ClusterLogging: {EnabledTypes: [{Type: audit}]}}\n      EncryptionConfig: [{Resources: [secrets], Provider: {KeyArn: k}}]\n      ResourcesVpcConfig: {${vpc}}\n`, 't.yaml'));
    assert.deepEqual(eks('SubnetIds: [a]'), ['C:eks-public-endpoint']);
    assert.deepEqual(eks('EndpointPublicAccess: true, PublicAccessCidrs: [203.0.113.0/24]'), []);
    assert.deepEqual(eks('EndpointPublicAccess: true, PublicAccessCidrs: [0.0.0.0/0]'), ['C:eks-public-endpoint']);
    assert.deepEqual(eks('EndpointPublicAccess: false'), []);
  });

  it('literal secrets: flagged and masked; dynamic references and parameters are not', () => {
    const { analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const secrets = analysis.findings.filter((finding) => finding.ruleId === 'literal-secret');
    const all = JSON.stringify(analysis.findings);
    assertNoSecret(all, 'hunter2-very-secret', 'sk-live-0123456789abcdef', 'AKIAIOSFODNN7EXAMPLE');
    assert.ok(secrets.some((finding) => finding.message.includes('AKIA************')));
    const parameter = analyze('Parameters:\n  DbPassword: {Type: String, NoEcho: true, Default: letmein123}\nResources:\n  B: {Type: AWS::S3::Bucket, Properties: {VersioningConfiguration: {Status: Enabled}, LoggingConfiguration: {DestinationBucketName: logs}}}\n', 't.yaml');
    assert.deepEqual(parameter.findings.map((finding) => finding.ruleId), ['literal-secret']);
    assertNoSecret(JSON.stringify(parameter), 'letmein123');
  });

  it('a NoEcho parameter is a secret whatever its name; without NoEcho an ordinary name is not', () => {
    const template = (noEcho: string, value = 'Xk9vLq2mPz8wRt5') => `Parameters:\n  Greeting: {Type: String, ${noEcho}Default: ${value}}\nResources:\n  B: {Type: AWS::S3::Bucket}\n`;
    for (const noEcho of ['NoEcho: true, ', "NoEcho: 'True', "]) {
      const text = template(noEcho);
      // Only the secret rule: the bucket in the template may have findings of its own (access logging).
      const [finding, ...others] = analyze(text, 't.yaml').findings.filter((f) => f.ruleId === 'literal-secret');
      assert.deepEqual(others, [], noEcho);
      assert.deepEqual({ ruleId: finding.ruleId, severity: finding.severity, resource: finding.resource, at: slice(text, finding.span) }, { ruleId: 'literal-secret', severity: 'error', resource: 'Greeting', at: 'Default: Xk9vLq2mPz8wRt5' }, noEcho);
      assert.match(finding.message, /Parameter Greeting holds a literal secret in Default \(\*+\)/);
      assertNoSecret(JSON.stringify(finding), 'Xk9vLq2mPz8wRt5');
    }
    for (const noEcho of ['', 'NoEcho: false, ']) assert.deepEqual(analyze(template(noEcho), 't.yaml').findings.filter((f) => f.ruleId === 'literal-secret'), [], `"${noEcho}"`);
  });

  it('the same template in JSON gives the same findings', () => {
    const { analysis: yaml } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const { analysis: json } = analyzeFixture('test/fixtures/templates/risky-stack.json');
    assert.deepEqual(findingsBy(json), findingsBy(yaml));
  });
});

describe('bad input never crashes', () => {
  it('broken YAML in a template gives exactly one clear error', () => {
    const result = analyze('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {\n', 't.yaml');
    assert.equal(result.kind, 'cloudformation');
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /YAML syntax error/);
  });

  it('broken JSON in a template gives exactly one clear error', () => {
    const result = analyze('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket",}}', 't.json');
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /JSON syntax error/);
  });

  it('a huge template gets a too-large notice', () => {
    const result = analyze(`AWSTemplateFormatVersion: "2010-09-09"\n# ${'x'.repeat(6_000_000)}\n`, 'big.yaml');
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /too large/);
  });

  it('a binary file is not analysed', () => {
    const result = analyze('AWSTemplateFormatVersion\u0000\u0001\u0002', 'bin.yaml');
    assert.match(result.errors[0].message, /binary/);
  });

  it('deep nesting inside a template is cut off with a note', () => {
    const deep = `Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const result = analyze(deep, 'deep.yaml');
    assert.equal(result.kind, 'cloudformation');
    assert.equal(result.errors.length, 1, 'exactly one note, not none and not one per level');
    assert.match(result.errors[0].message, /nested too deeply|Nested more than 200 levels/);
    assert.equal(deep.slice(0, result.errors[0].span.offset).split('\n').length, 5, 'on the Tags line');
    assert.ok(result.settings.some((setting) => setting.path.endsWith('Tags')), 'the rest of the template is still analysed');
  });
});
