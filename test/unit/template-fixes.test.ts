/**
 * Quick fixes of template resources (withTemplateFixes in src/core/clouds/aws/fixes.ts), called
 * directly on a parsed template with a finding placed by hand: which findings get a fix, its
 * title, edits, target path and selection, for property, world-open CIDR and literal-secret rules.
 */
import assert from 'node:assert/strict';
import { SECRET_PLACEHOLDER, uniqueName, withSafety, withTemplateFixes } from '../../src/core/clouds/aws/fixes';
import { applyEdits } from '../../src/core/engine/edits';
import { parseJson } from '../../src/core/parse/json';
import { getEntry, type Node } from '../../src/core/parse/tree';
import { parseYaml } from '../../src/core/parse/yaml';
import type { Finding, Fix } from '../../src/core/types';

/** Where the finding sits: the resource's logical id, or the first occurrence of a piece of text (`nth` counts from 0). */
type At = 'logical id' | string | { text: string; nth?: number; plus?: number };

function offsetOf(text: string, root: Node, resource: string, at: At): number {
  if (at === 'logical id') return getEntry(getEntry(root, 'Resources')!.value, resource)!.keySpan.offset;
  const { text: needle, nth = 0, plus = 0 } = typeof at === 'string' ? { text: at } : at;
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} in the text`);
  return offset + plus;
}

function findingAt(text: string, root: Node, ruleId: string, resource: string, resourceType: string, at: At): Finding {
  const span = { offset: offsetOf(text, root, resource, at), length: 1 };
  return { ruleId, severity: 'warning', message: 'm', row: 'configure-services', span, resource, resourceType, sources: [], controls: [], docUrl: '' };
}

/** The fix withTemplateFixes gives the finding, or undefined. */
function fixFor(text: string, ruleId: string, resource: string, resourceType: string, at: At, template = true): Fix | undefined {
  const root = (text.trimStart().startsWith('{') ? parseJson(text) : parseYaml(text)).root!;
  const [fixed] = withTemplateFixes(text, root, [findingAt(text, root, ruleId, resource, resourceType, at)], template);
  return fixed.fix;
}

const resource = (name: string, type: string, properties: string) => `Resources:\n  ${name}:\n    Type: ${type}\n    Properties:\n${properties}`;

describe('template quick fixes (withTemplateFixes)', () => {
  describe('which findings get a fix', () => {
    it('a template without a Resources map, or a resource without a body, keeps its findings as they are', () => {
      const text = 'Parameters:\n  X:\n    Type: String\n';
      const root = parseYaml(text).root!;
      const finding = findingAt(text, root, 'rds-storage-unencrypted', 'Db', 'AWS::RDS::DBInstance', 'X');
      assert.deepEqual(withTemplateFixes(text, root, [finding]), [finding]);
      const empty = 'Resources: { Db, Other: { Type: AWS::SQS::Queue } }\n';
      assert.equal(fixFor(empty, 'rds-storage-unencrypted', 'Db', 'AWS::RDS::DBInstance', 'logical id'), undefined);
    });

    it('a rule without a mechanical fix, or of another kind, gets none', () => {
      const text = resource('Db', 'AWS::RDS::DBInstance', '      StorageEncrypted: false\n');
      assert.equal(fixFor(text, 'no-such-rule', 'Db', 'AWS::RDS::DBInstance', 'StorageEncrypted'), undefined);
      assert.equal(fixFor(text, 'policy-public-principal', 'Db', 'AWS::RDS::DBInstance', 'StorageEncrypted'), undefined);
    });

    it('a property rule of another resource type gives no fix', () => {
      const text = resource('Bucket', 'AWS::S3::Bucket', '      StorageEncrypted: false\n');
      assert.equal(fixFor(text, 'rds-storage-unencrypted', 'Bucket', 'AWS::S3::Bucket', 'StorageEncrypted'), undefined);
      assert.equal(fixFor(text, 'rds-storage-unencrypted', 'Bucket', 'AWS::S3::Bucket', 'logical id'), undefined);
    });
  });

  describe('property rules', () => {
    it('an insecure entry is set to the secure value, with the path to it', () => {
      const text = resource('Trail', 'AWS::CloudTrail::Trail', '      IsLogging: true\n      EnableLogFileValidation: false\n');
      const fix = fixFor(text, 'cloudtrail-log-validation-off', 'Trail', 'AWS::CloudTrail::Trail', 'EnableLogFileValidation')!;
      assert.deepEqual(fix, {
        title: 'Set EnableLogFileValidation: true',
        edits: [{ offset: text.indexOf('false'), length: 5, newText: 'true' }],
        preferred: true,
        target: { resourceType: 'AWS::CloudTrail::Trail', path: 'Properties.EnableLogFileValidation' },
      });
    });

    it('the rule’s fixValue is what a string property is set to', () => {
      const text = resource('Api', 'AWS::AppSync::GraphQLApi', '      Name: api\n      LogConfig:\n        FieldLogLevel: NONE\n');
      const fix = fixFor(text, 'appsync-field-logging-off', 'Api', 'AWS::AppSync::GraphQLApi', 'FieldLogLevel')!;
      assert.equal(fix.title, 'Set FieldLogLevel: ERROR');
      assert.equal(applyEdits(text, fix.edits), text.replace('NONE', 'ERROR'));
      assert.equal(fix.target?.path, 'Properties.LogConfig.FieldLogLevel');
    });

    it('a missing property is added under its whole path; a fixValue (a string) is not', () => {
      const table = resource('Table', 'AWS::DynamoDB::Table', '      BillingMode: PAY_PER_REQUEST\n');
      const pitr = fixFor(table, 'dynamodb-pitr-off', 'Table', 'AWS::DynamoDB::Table', 'logical id')!;
      assert.equal(pitr.title, 'Add PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true');
      assert.equal(pitr.target?.path, 'Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled');
      assert.equal(applyEdits(table, pitr.edits), `${table}      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n`);
      const api = resource('Api', 'AWS::AppSync::GraphQLApi', '      Name: api\n');
      assert.equal(fixFor(api, 'appsync-field-logging-off', 'Api', 'AWS::AppSync::GraphQLApi', 'logical id'), undefined, 'which log level is for the user to choose');
    });

    it('a finding on another entry of the resource, or on a value that is not a scalar, gets no fix', () => {
      const text = resource('Db', 'AWS::RDS::DBInstance', '      Engine: postgres\n      StorageEncrypted: {Ref: Encrypt}\n      MultiAZ: [true]\n      Other: { DeletionProtection }\n');
      assert.equal(fixFor(text, 'rds-minor-upgrade-off', 'Db', 'AWS::RDS::DBInstance', 'Engine'), undefined);
      assert.equal(fixFor(text, 'rds-storage-unencrypted', 'Db', 'AWS::RDS::DBInstance', 'StorageEncrypted'), undefined);
      assert.equal(fixFor(text, 'rds-multi-az-off', 'Db', 'AWS::RDS::DBInstance', 'MultiAZ'), undefined);
      assert.equal(fixFor(text, 'rds-deletion-protection-off', 'Db', 'AWS::RDS::DBInstance', 'DeletionProtection'), undefined);
    });

    it('the rule of the resource’s own type is used: a missing setting inside a list is not filled in', () => {
      // ebs-volume-unencrypted is Properties.Encrypted on a volume, Properties.BlockDeviceMappings[].Ebs.Encrypted on an instance.
      const instance = resource('Web', 'AWS::EC2::Instance', '      ImageId: ami-12345678\n');
      assert.equal(fixFor(instance, 'ebs-volume-unencrypted', 'Web', 'AWS::EC2::Instance', 'logical id'), undefined);
      const volume = resource('Disk', 'AWS::EC2::Volume', '      Size: 8\n');
      assert.equal(fixFor(volume, 'ebs-volume-unencrypted', 'Disk', 'AWS::EC2::Volume', 'logical id')?.title.split(' (')[0], 'Add Encrypted: true');
      // A type that merely starts like one of the rule's types is another type.
      const attachment = resource('Disk', 'AWS::EC2::VolumeAttachment', '      Size: 8\n');
      assert.equal(fixFor(attachment, 'ebs-volume-unencrypted', 'Disk', 'AWS::EC2::VolumeAttachment', 'logical id'), undefined);
    });

    it('a rule of several types fixes each; a type pattern ending in * matches the types it starts', () => {
      const cluster = resource('Db', 'AWS::RDS::DBCluster', '      Engine: aurora-postgresql\n      AutoMinorVersionUpgrade: false\n');
      assert.equal(fixFor(cluster, 'rds-minor-upgrade-off', 'Db', 'AWS::RDS::DBCluster', 'AutoMinorVersionUpgrade')?.title, 'Set AutoMinorVersionUpgrade: true');
      const pod = 'Resources:\n  Pod:\n    Type: Kubernetes::Pod\n    podSpec:\n      hostNetwork: true\n';
      const fix = fixFor(pod, 'k8s-host-network', 'Pod', 'Kubernetes::Pod', 'hostNetwork')!;
      assert.equal(fix.title, 'Set hostNetwork: false');
      assert.deepEqual(fix.target, { resourceType: 'Kubernetes::Pod', path: 'podSpec.hostNetwork' });
    });

    it('an entry inside lists is named by its indexes, the first item included', () => {
      const text = resource(
        'Web',
        'AWS::EC2::Instance',
        '      Tags:\n      BlockDeviceMappings:\n        - DeviceName: /dev/sda1\n          Ebs:\n            Encrypted: false\n        - DeviceName: /dev/sdb\n          Ebs: {Encrypted: false}\n',
      );
      const first = fixFor(text, 'ebs-volume-unencrypted', 'Web', 'AWS::EC2::Instance', 'Encrypted')!;
      assert.equal(first.target?.path, 'Properties.BlockDeviceMappings[0].Ebs.Encrypted');
      assert.equal(applyEdits(text, first.edits), text.replace('Encrypted: false', 'Encrypted: true'));
      const second = fixFor(text, 'ebs-volume-unencrypted', 'Web', 'AWS::EC2::Instance', { text: 'Encrypted', nth: 1 })!;
      assert.equal(second.target?.path, 'Properties.BlockDeviceMappings[1].Ebs.Encrypted');
      // Each key on the way first in its map, a list in a list, and a key without a value before them.
      const nested = 'Resources:\n  Web:\n    Properties:\n      BlockDeviceMappings:\n        - - Ebs:\n              Encrypted: false\n      UserData: { Flag }\n    Type: AWS::EC2::Instance\n';
      assert.equal(fixFor(nested, 'ebs-volume-unencrypted', 'Web', 'AWS::EC2::Instance', 'Encrypted')?.target?.path, 'Properties.BlockDeviceMappings[0][0].Ebs.Encrypted');
    });
  });

  describe('safety of a fix (withSafety)', () => {
    const fix: Fix = { title: 'Set X: true', edits: [], preferred: true };

    it('a fix that neither replaces nor changes clients stays preferred and carries no notes', () => {
      assert.deepEqual(withSafety(fix, 'no', undefined), fix);
    });

    it('both notes go into the title, separated by a semicolon', () => {
      assert.deepEqual(withSafety(fix, 'yes', 'clients must use TLS'), {
        title: 'Set X: true (replaces the resource; clients must use TLS)',
        edits: [],
        preferred: false,
        replaces: 'yes',
        clientEffect: 'clients must use TLS',
      });
      assert.deepEqual(withSafety(fix, 'maybe', undefined), { title: 'Set X: true (may replace the resource)', edits: [], preferred: false, replaces: 'maybe' });
    });
  });

  describe('world-open CIDR ranges', () => {
    const group = (rule: string, parameters = '') =>
      `AWSTemplateFormatVersion: "2010-09-09"\n${parameters}Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: admin\n      SecurityGroupIngress:\n${rule}`;
    const ssh = '        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0\n';
    const cidr = (text: string, at: At = 'CidrIp', template = true, resourceName = 'Sg') =>
      fixFor(text, 'sg-world-open-admin-port', resourceName, 'AWS::EC2::SecurityGroup', at, template);

    it('IPv4: a parameter named for the resource, the reference selected, the path through the list', () => {
      const text = group(ssh);
      const fix = cidr(text)!;
      assert.equal(fix.title, 'Replace 0.0.0.0/0 with a parameter SgIngressCidr that is set at deploy time');
      assert.equal(fix.preferred, false);
      assert.deepEqual(fix.target, { resourceType: 'AWS::EC2::SecurityGroup', path: 'Properties.SecurityGroupIngress[0].CidrIp' });
      const out = applyEdits(text, fix.edits);
      assert.ok(out.includes('          CidrIp: !Ref SgIngressCidr\n'), out);
      assert.equal(out.slice(fix.select!.offset, fix.select!.offset + fix.select!.length), 'SgIngressCidr');
      assert.ok(out.includes("    Description: 'IPv4 range allowed in by Sg (sg-world-open-admin-port): your admin network, never the whole internet'\n"), out);
    });

    it('JSON, even after blank lines: the reference is a Ref object', () => {
      const text = '\n  {"Resources": {"Rule": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}}}}\n';
      const fix = fixFor(text, 'sg-world-open-admin-port', 'Rule', 'AWS::EC2::SecurityGroupIngress', '"CidrIp"')!;
      assert.deepEqual(fix.edits[1], { offset: text.indexOf('"0.0.0.0/0"'), length: 11, newText: '{ "Ref": "RuleIngressCidr" }' });
    });

    it('IPv6: its own parameter, description and example range', () => {
      const text = group('        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIpv6: ::/0\n');
      const fix = cidr(text, 'CidrIpv6')!;
      assert.equal(fix.title, 'Replace ::/0 with a parameter SgIngressIpv6Cidr that is set at deploy time');
      const out = applyEdits(text, fix.edits);
      assert.ok(out.includes('CidrIpv6: !Ref SgIngressIpv6Cidr\n'), out);
      assert.ok(out.includes("    Description: 'IPv6 range allowed in by Sg (sg-world-open-admin-port): your admin network, never the whole internet'\n"), out);
      assert.ok(out.includes("    ConstraintDescription: 'must be a CIDR range narrower than the whole internet, such as 2001:db8::/56'\n"), out);
    });

    it('the parameter name keeps only the letters and digits of the resource name', () => {
      const text = group(ssh).replace('  Sg:', '  web-sg_1:');
      assert.match(cidr(text, 'CidrIp', true, 'web-sg_1')!.title, / websg1IngressCidr /);
    });

    it('a name the user already declared is not reused; a parameter this fix added before is', () => {
      const mine = group(ssh, 'Parameters:\n  SgIngressCidr:\n    Type: String\n');
      const fresh = cidr(mine)!;
      assert.match(fresh.title, / SgIngressCidr2 /);
      assert.equal(fresh.edits.length, 2);
      const added = group(ssh, `Parameters:\n  SgIngressCidr:\n    Type: String\n    AllowedPattern: '^x$'\n`);
      const reused = cidr(added)!;
      assert.match(reused.title, / SgIngressCidr /);
      assert.deepEqual(reused.edits, [{ offset: added.indexOf('0.0.0.0/0'), length: 9, newText: '!Ref SgIngressCidr' }]);
    });

    it('no fix outside a whole template, on another entry, on a value that is not a literal, or under a Parameters that is not a map', () => {
      assert.equal(cidr(group(ssh), 'CidrIp', false), undefined, 'a Serverless resources section cannot take Parameters');
      assert.equal(cidr(group(ssh), 'FromPort'), undefined);
      assert.equal(cidr(group(ssh), 'logical id'), undefined);
      assert.equal(cidr(group(ssh.replace('0.0.0.0/0', '!Ref Open'))), undefined);
      assert.equal(cidr(group('        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp }\n')), undefined);
      assert.equal(cidr(group(ssh, 'Parameters:\n')), undefined);
      assert.equal(cidr(group(ssh, 'Parameters: [a]\n')), undefined);
      assert.equal(cidr(group(ssh, '? Parameters\n')), undefined);
    });
  });

  describe('literal secrets', () => {
    const db = (line: string) => resource('Db', 'AWS::RDS::DBInstance', `      Engine: postgres\n${line}`);
    const secret = (text: string, at: At) => fixFor(text, 'literal-secret', 'Db', 'AWS::RDS::DBInstance', at);
    const reference = (key: string) => `{{resolve:secretsmanager:${SECRET_PLACEHOLDER}:SecretString:${key}}}`;

    it('the value becomes a quoted dynamic reference, its placeholder selected', () => {
      const text = db('      MasterUserPassword: hunter2-very-secret\n');
      const fix = secret(text, 'MasterUserPassword')!;
      const value = text.indexOf('hunter2');
      assert.deepEqual(fix, {
        title: 'Replace the literal secret with a Secrets Manager dynamic reference (fill in the secret name)',
        preferred: false,
        edits: [{ offset: value, length: 'hunter2-very-secret'.length, newText: `'${reference('password')}'` }],
        target: { resourceType: 'AWS::RDS::DBInstance', path: 'Properties.MasterUserPassword' },
        select: { offset: value + 1 + '{{resolve:secretsmanager:'.length, length: SECRET_PLACEHOLDER.length },
      });
      const out = applyEdits(text, fix.edits);
      assert.equal(out.slice(fix.select!.offset, fix.select!.offset + fix.select!.length), SECRET_PLACEHOLDER);
    });

    it('keeps double quotes from the file, and uses them in JSON', () => {
      const quoted = db('      MasterUserPassword: "hunter2"\n');
      assert.equal(secret(quoted, 'MasterUserPassword')!.edits[0].newText, `"${reference('password')}"`);
      const inner = db('      MasterUserPassword: hunter"2"\n');
      assert.equal(secret(inner, 'MasterUserPassword')!.edits[0].newText, `'${reference('password')}'`);
      const json = '\n  {"Resources": {"Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"MasterUserPassword": "hunter2"}}}}\n';
      const fix = secret(json, '"MasterUserPassword"')!;
      assert.deepEqual(fix.edits, [{ offset: json.indexOf('"hunter2"'), length: 9, newText: `"${reference('password')}"` }]);
      assert.equal(fix.select?.offset, json.indexOf('"hunter2"') + 1 + '{{resolve:secretsmanager:'.length);
    });

    it('the key inside the secret: password, username, else the property name', () => {
      const key = (name: string) => secret(db(`      ${name}: s3cr3t\n`), `${name}:`)!.edits[0].newText.slice(1, -1);
      assert.equal(key('DbPasswd'), reference('password'));
      assert.equal(key('AdminPwd'), reference('password'));
      assert.equal(key('MasterUsername'), reference('username'));
      assert.equal(key('DbUser'), reference('username'));
      assert.equal(key('UserPoolToken'), reference('UserPoolToken'));
      assert.equal(key('"Api.Key"'), reference('ApiKey'));
      assert.equal(key('"$$"'), reference('value'));
    });

    it('no fix for one line inside a value, or for a value that is not a literal', () => {
      const script = db('      UserData: |\n        #!/bin/sh\n        export PASSWORD=hunter2\n');
      assert.equal(secret(script, 'export'), undefined);
      assert.equal(secret(db('      MasterUserPassword: !Ref Pw\n'), 'MasterUserPassword'), undefined);
      assert.equal(secret(db('      Other: { MasterUserPassword }\n'), 'MasterUserPassword'), undefined);
    });
  });

  it('uniqueName: the base, else the first free numbered name', () => {
    const taken = new Set(['x', 'x2']);
    assert.equal(uniqueName('y', (name) => taken.has(name)), 'y');
    assert.equal(uniqueName('x', (name) => taken.has(name)), 'x3');
  });
});
