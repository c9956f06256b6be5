import assert from 'node:assert/strict';
import { analyze, suppressionEdit } from '../../src/core';
import { applyEdits, mergeEdits, preferredFixEdits } from '../../src/core/engine/edits';
import type { Finding } from '../../src/core/types';
import { analyzeFixture } from './helpers';
import { CIDR_PATTERN } from '../../src/core/clouds/aws/fixes';

/** The finding of a rule (on a resource), asserting there is exactly one. */
function finding(text: string, name: string, ruleId: string, resource?: string): Finding {
  const found = analyze(text, name).findings.filter((f) => f.ruleId === ruleId && (resource === undefined || f.resource === resource));
  assert.equal(found.length, 1, `one ${ruleId} in ${name}; have ${analyze(text, name).findings.map((f) => f.ruleId).join(', ')}`);
  return found[0];
}

/** Applies the finding's fix and checks the text, then that the finding is gone on re-analysis. */
function fixed(text: string, name: string, ruleId: string, resource?: string): { out: string; fix: NonNullable<Finding['fix']> } {
  const target = finding(text, name, ruleId, resource);
  assert.ok(target.fix, `${ruleId} has a fix`);
  const out = applyEdits(text, target.fix.edits);
  const after = analyze(out, name);
  assert.deepEqual(after.errors, [], 'the fixed text still parses');
  assert.ok(!after.findings.some((f) => f.ruleId === ruleId && f.resource === target.resource), `${ruleId} is gone after the fix`);
  return { out, fix: target.fix };
}

const HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';

describe('quick fixes (core text edits)', () => {
  describe('YAML block style', () => {
    it('replaces only the value token, keeping the comment after it', () => {
      const text = `${HEAD}  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      StorageEncrypted: false   # TODO decide
`;
      const { out, fix } = fixed(text, 't.yaml', 'rds-storage-unencrypted');
      assert.equal(out, text.replace('StorageEncrypted: false   # TODO', 'StorageEncrypted: true   # TODO'));
      assert.equal(fix.title, 'Set StorageEncrypted: true (replaces the resource)');
      assert.equal(fix.replaces, 'yes');
      assert.deepEqual(fix.target, { resourceType: 'AWS::RDS::DBInstance', path: 'Properties.StorageEncrypted' });
      assert.equal(fix.preferred, false, 'encryption is chosen at creation: changing it replaces the database, so not applied by fix-all');
    });

    it('keeps the quotes of a quoted value', () => {
      const text = `${HEAD}  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      PubliclyAccessible: "true"\n      StorageEncrypted: 'true'\n`;
      const { out, fix } = fixed(text, 't.yaml', 'rds-publicly-accessible');
      assert.equal(out, text.replace('PubliclyAccessible: "true"', 'PubliclyAccessible: "false"'));
      assert.equal(fix.title, 'Set PubliclyAccessible: false (clients outside the VPC can no longer connect)');
      assert.equal(fix.clientEffect, 'clients outside the VPC can no longer connect');
      assert.equal(fix.preferred, false, 'it cuts off clients: never applied without review');
    });

    it('inserts a missing key after the last property, at the siblings’ indentation (4 spaces)', () => {
      const text = `${HEAD}    Trail:
        Type: AWS::CloudTrail::Trail
        Properties:
            IsLogging: true
            S3BucketName: !Ref Logs   # where logs go
        DeletionPolicy: Retain
`;
      const { out, fix } = fixed(text, 't.yaml', 'cloudtrail-log-validation-off');
      assert.equal(
        out,
        text.replace('S3BucketName: !Ref Logs   # where logs go\n', 'S3BucketName: !Ref Logs   # where logs go\n            EnableLogFileValidation: true\n'),
      );
      assert.equal(fix.title, 'Add EnableLogFileValidation: true');
    });

    it('inserts a nested block for DynamoDB point-in-time recovery', () => {
      const text = `${HEAD}  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      KeySchema:
        - AttributeName: id
          KeyType: HASH
Outputs: {}
`;
      const { out } = fixed(text, 't.yaml', 'dynamodb-pitr-off');
      assert.equal(
        out,
        text.replace('          KeyType: HASH\n', '          KeyType: HASH\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n'),
      );
    });

    it('sets a nested flag that is false, and fills in an existing map that lacks it', () => {
      const falseText = `${HEAD}  Table:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: false\n`;
      assert.equal(fixed(falseText, 't.yaml', 'dynamodb-pitr-off').out, falseText.replace('Enabled: false', 'Enabled: true'));
    });

    it('creates Properties when the resource has none', () => {
      const text = `${HEAD}  Queue:\n    Type: AWS::EC2::Volume\n    DeletionPolicy: Snapshot\n`;
      const { out } = fixed(text, 't.yaml', 'ebs-volume-unencrypted');
      assert.equal(out, `${HEAD}  Queue:\n    Type: AWS::EC2::Volume\n    DeletionPolicy: Snapshot\n    Properties:\n      Encrypted: true\n`);
    });

    it('keeps CRLF line ends', () => {
      const text = `${HEAD}  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: jobs\n      SqsManagedSseEnabled: false\n  Cache:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties:\n      ReplicationGroupDescription: cache\n`.replace(/\n/g, '\r\n');
      assert.equal(fixed(text, 't.yaml', 'sqs-sse-off').out, text.replace('SqsManagedSseEnabled: false', 'SqsManagedSseEnabled: true'));
      const { out } = fixed(text, 't.yaml', 'elasticache-at-rest-unencrypted');
      assert.equal(out, text.replace('ReplicationGroupDescription: cache\r\n', 'ReplicationGroupDescription: cache\r\n      AtRestEncryptionEnabled: true\r\n'));
      assert.ok(!/[^\r]\n/.test(out), 'no bare LF introduced');
    });

    it('moves a world-open CIDR to a parameter with a CIDR pattern and no default, and selects its name', () => {
      const text = `${HEAD}  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: admin
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0 }
        - IpProtocol: tcp
          FromPort: 3389
          ToPort: 3389
          CidrIpv6: "::/0"
`;
      const first = analyze(text, 't.yaml').findings.filter((f) => f.ruleId === 'sg-world-open-admin-port');
      assert.equal(first.length, 2);
      assert.ok(first.every((f) => f.fix && !f.fix.preferred));
      const fix = first[0].fix!;
      assert.equal(fix.title, 'Replace 0.0.0.0/0 with a parameter SgIngressCidr that is set at deploy time');
      const out = applyEdits(text, fix.edits);
      assert.ok(out.includes('CidrIp: !Ref SgIngressCidr }'), out);
      assert.ok(!/10\.0\.0\.0|fd00/.test(out), 'no invented range');
      assert.equal(out.slice(fix.select!.offset, fix.select!.offset + fix.select!.length), 'SgIngressCidr', 'the parameter name is selected');
      const parsed = analyze(out, 't.yaml');
      assert.deepEqual(parsed.errors, []);
      assert.ok(out.endsWith(`Parameters:
  SgIngressCidr:
    Type: String
    Description: 'IPv4 range allowed in by Sg (sg-world-open-admin-port): your admin network, never the whole internet'
    AllowedPattern: '${CIDR_PATTERN.ipv4}'
    ConstraintDescription: 'must be a CIDR range narrower than the whole internet, such as 203.0.113.0/24'
`), out);
      assert.ok(!/Default/.test(out), 'no default: the range is decided at deploy time');
      // The second fix, on the fixed text, adds its own IPv6 parameter under the same Parameters.
      const second = parsed.findings.find((f) => f.ruleId === 'sg-world-open-admin-port')!;
      const both = applyEdits(out, second.fix!.edits);
      assert.ok(both.includes('CidrIpv6: !Ref SgIngressIpv6Cidr'));
      assert.equal(both.match(/^Parameters:/gm)?.length, 1);
      assert.ok(!analyze(both, 't.yaml').findings.some((f) => f.ruleId === 'sg-world-open-admin-port'));
    });

    it('the CIDR patterns accept ranges and refuse the whole internet', () => {
      const v4 = new RegExp(CIDR_PATTERN.ipv4);
      const v6 = new RegExp(CIDR_PATTERN.ipv6);
      for (const good of ['203.0.113.0/24', '10.0.0.0/8', '192.0.2.7/32']) assert.ok(v4.test(good), good);
      for (const bad of ['0.0.0.0/0', '203.0.113.0', '256.1.1.1/24', '1.2.3.4/33', 'any']) assert.ok(!v4.test(bad), bad);
      assert.ok(v6.test('2001:db8::/56'));
      assert.ok(!v6.test('::/0'));
    });

    it('a JSON template gets the parameter as indented JSON and a Ref object', () => {
      const text = '{\n  "Resources": {\n    "Rule": {\n      "Type": "AWS::EC2::SecurityGroupIngress",\n      "Properties": { "GroupId": "sg-1", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0" }\n    }\n  }\n}\n';
      const target = analyze(text, 't.json').findings.find((f) => f.ruleId === 'sg-world-open-admin-port')!;
      assert.match(target.fix!.title, /^Replace 0\.0\.0\.0\/0 with a parameter RuleIngressCidr that is set at deploy time \(replaces the resource\)$/, 'a standalone ingress rule is replaced when its CidrIp changes');
      const out = applyEdits(text, target.fix!.edits);
      const parsed = JSON.parse(out) as { Parameters: Record<string, { AllowedPattern: string; Default?: string }>; Resources: { Rule: { Properties: { CidrIp: unknown } } } };
      assert.deepEqual(parsed.Resources.Rule.Properties.CidrIp, { Ref: 'RuleIngressCidr' });
      assert.equal(parsed.Parameters.RuleIngressCidr.AllowedPattern, CIDR_PATTERN.ipv4);
      assert.ok(out.includes('\n  "Parameters": {\n    "RuleIngressCidr": {\n      "Type": "String",\n'), out);
    });

    it('replaces a literal secret with a quoted dynamic reference placeholder', () => {
      const text = `${HEAD}  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: true\n      MasterUserPassword: hunter2-very-secret # rotate me\n`;
      const { out, fix } = fixed(text, 't.yaml', 'literal-secret');
      assert.equal(out, text.replace('hunter2-very-secret', "'{{resolve:secretsmanager:REPLACE-WITH-SECRET-NAME:SecretString:password}}'"));
      assert.equal(fix.preferred, false);
      assert.ok(!out.includes('hunter2'), 'the secret is gone from the text');
      assert.ok(!fix.title.includes('hunter2') && !JSON.stringify(fix).includes('hunter2'), 'the fix never repeats the secret');
    });
  });

  describe('YAML flow style', () => {
    it('adds a key inside a one-line flow map', () => {
      const text = `${HEAD}  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties: {IsLogging: true, S3BucketName: logs}\n`;
      const { out } = fixed(text, 't.yaml', 'cloudtrail-log-validation-off');
      assert.equal(out, text.replace('S3BucketName: logs}', 'S3BucketName: logs, EnableLogFileValidation: true}'));
    });

    it('fills an empty flow map and nests a flow map', () => {
      const text = `${HEAD}  Table:\n    Type: AWS::DynamoDB::Table\n    Properties: {}\n`;
      const { out } = fixed(text, 't.yaml', 'dynamodb-pitr-off');
      assert.equal(out, text.replace('Properties: {}', 'Properties: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }'));
    });
  });

  describe('JSON', () => {
    const json = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Trail": {
      "Type": "AWS::CloudTrail::Trail",
      "Properties": {
        "IsLogging": false,
        "S3BucketName": "logs"
      }
    },
    "Volume": { "Type": "AWS::EC2::Volume", "Properties": { "Size": 10 } }
  }
}
`;
    it('flips a boolean in place', () => {
      assert.equal(fixed(json, 't.json', 'cloudtrail-logging-off').out, json.replace('"IsLogging": false', '"IsLogging": true'));
    });

    it('inserts a quoted key on its own line with the siblings’ indentation and a comma', () => {
      assert.equal(
        fixed(json, 't.json', 'cloudtrail-log-validation-off').out,
        json.replace('"S3BucketName": "logs"\n', '"S3BucketName": "logs",\n        "EnableLogFileValidation": true\n'),
      );
    });

    it('inserts inline where the map is on one line', () => {
      assert.equal(fixed(json, 't.json', 'ebs-volume-unencrypted').out, json.replace('"Size": 10 }', '"Size": 10, "Encrypted": true }'));
    });

    it('the risky JSON fixture: every preferred fix at once leaves valid JSON and only findings without a safe fix', () => {
      const { text, analysis } = analyzeFixture('test/fixtures/workspace/templates/risky-stack.json');
      const out = applyEdits(text, preferredFixEdits(analysis.findings));
      assert.doesNotThrow(() => JSON.parse(out));
      const left = new Set(analyze(out, 'risky-stack.json').findings.map((f) => f.ruleId));
      for (const ruleId of ['cloudtrail-logging-off', 'cloudtrail-log-validation-off', 'dynamodb-pitr-off', 'sqs-sse-off']) {
        assert.ok(!left.has(ruleId), `${ruleId} fixed`);
      }
      // Replacing (storage and at-rest encryption, block device mappings, AutoMinorVersionUpgrade: 'maybe'), client-changing
      // (public access, in-transit encryption) and deploy-time fixes are never applied by fix-all.
      for (const ruleId of ['rds-storage-unencrypted', 'ebs-volume-unencrypted', 'rds-minor-upgrade-off', 'elasticache-at-rest-unencrypted', 'rds-publicly-accessible', 'elasticache-in-transit-unencrypted', 'sg-world-open-admin-port', 'literal-secret']) {
        assert.ok(left.has(ruleId), `${ruleId} is not preferred, so fix-all leaves it`);
      }
    });
  });

  it('the risky YAML example: all fixes together leave only findings that have no mechanical fix', () => {
    const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const out = applyEdits(text, analysis.findings.flatMap((f) => f.fix?.edits ?? []));
    const after = analyze(out, 'risky-stack.yaml');
    assert.deepEqual(after.errors, []);
    const withFix = new Set(analysis.findings.filter((f) => f.fix).map((f) => f.ruleId));
    assert.ok(withFix.size >= 10, [...withFix].join(', '));
    assert.deepEqual(after.findings.filter((f) => withFix.has(f.ruleId)).map((f) => f.ruleId), []);
    // Every line that was not edited is unchanged: comments and layout survive.
    const kept = text.split('\n').filter((line) => line.includes('#'));
    for (const line of kept) assert.ok(out.includes(line), line);
  });

  it('mergeEdits keeps same-offset inserts in order and drops overlaps', () => {
    assert.deepEqual(
      mergeEdits([
        { offset: 5, length: 0, newText: 'a' },
        { offset: 1, length: 3, newText: 'x' },
        { offset: 5, length: 0, newText: 'b' },
        { offset: 2, length: 1, newText: 'overlap' },
      ]),
      [
        { offset: 1, length: 3, newText: 'x' },
        { offset: 5, length: 0, newText: 'ab' },
      ],
    );
  });

  describe('suppression edits', () => {
    it('YAML: a comment on the line above, with the finding’s indentation; the cursor lands at the reason', () => {
      const text = `${HEAD}  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: true\n      DeletionProtection: true\n      PubliclyAccessible: true\n      EnableCloudwatchLogsExports: [postgresql]\n`;
      const target = finding(text, 't.yaml', 'rds-publicly-accessible');
      const edit = suppressionEdit(text, target, 'cloudformation')!;
      assert.equal(edit.title, 'Suppress rds-publicly-accessible with a reason');
      const out = applyEdits(text, edit.edits);
      assert.equal(out, text.replace('      PubliclyAccessible', '      # responsibility-lens:ignore rds-publicly-accessible -- \n      PubliclyAccessible'));
      assert.equal(out.slice(edit.cursor - 3, edit.cursor + 1), '-- \n', 'cursor right after "-- "');
      // Until a reason is typed the suppression is flagged and the finding stays.
      assert.deepEqual(analyze(out, 't.yaml').findings.map((f) => f.ruleId).sort(), ['rds-publicly-accessible', 'suppression-without-reason']);
      const typed = out.slice(0, edit.cursor) + 'internal ALB only' + out.slice(edit.cursor);
      assert.deepEqual(analyze(typed, 't.yaml').findings, []);
    });

    it('CRLF files get a CRLF after the comment', () => {
      const text = `${HEAD}  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: true\n      PubliclyAccessible: true\n`.replace(/\n/g, '\r\n');
      const edit = suppressionEdit(text, finding(text, 't.yaml', 'rds-publicly-accessible'), 'cloudformation')!;
      assert.equal(edit.edits[0].newText, '      # responsibility-lens:ignore rds-publicly-accessible -- \r\n');
    });

    it('CloudFormation JSON: a Metadata entry on the resource, cursor inside the empty reason', () => {
      const text = `{
  "Resources": {
    "Db": {
      "Type": "AWS::RDS::DBInstance",
      "Properties": { "StorageEncrypted": true, "DeletionProtection": true, "EnableCloudwatchLogsExports": ["postgresql"], "PubliclyAccessible": true }
    }
  }
}
`;
      const edit = suppressionEdit(text, finding(text, 't.json', 'rds-publicly-accessible'), 'cloudformation')!;
      const out = applyEdits(text, edit.edits);
      assert.equal(
        out,
        text.replace(
          '"PubliclyAccessible": true }\n',
          '"PubliclyAccessible": true },\n      "Metadata": {\n        "responsibility-lens": {\n          "ignore": [\n            {\n              "rule": "rds-publicly-accessible",\n              "reason": ""\n            }\n          ]\n        }\n      }\n',
        ),
      );
      assert.equal(out.slice(edit.cursor - 1, edit.cursor + 1), '""');
      const typed = out.slice(0, edit.cursor) + 'behind a VPN' + out.slice(edit.cursor);
      assert.deepEqual(analyze(typed, 't.json').findings, []);
      // What is inserted is indented JSON, not one long line.
      assert.ok(out.split('\n').every((line) => line.length < 80 || line.trimStart().startsWith('"Properties"')), out);
      // A second suppression on the same resource goes into the same list.
      const again = `{
  "Resources": {
    "Db": {
      "Type": "AWS::RDS::DBInstance",
      "Metadata": { "responsibility-lens": { "ignore": [ { "rule": "rds-minor-upgrade-off", "reason": "pinned" } ] } },
      "Properties": { "StorageEncrypted": true, "DeletionProtection": true, "EnableCloudwatchLogsExports": ["postgresql"], "PubliclyAccessible": true }
    }
  }
}
`;
      const second = suppressionEdit(again, finding(again, 't.json', 'rds-publicly-accessible'), 'cloudformation')!;
      assert.equal(
        applyEdits(again, second.edits),
        again.replace('"reason": "pinned" } ]', '"reason": "pinned" }, { "rule": "rds-publicly-accessible", "reason": "" } ]'),
      );
    });

    it('Dockerfile and .env get a # comment', () => {
      const docker = 'FROM node:20\nUSER root\n';
      const target = finding(docker, 'Dockerfile', 'docker-runs-as-root');
      assert.equal(applyEdits(docker, suppressionEdit(docker, target, 'dockerfile')!.edits), 'FROM node:20\n# responsibility-lens:ignore docker-runs-as-root -- \nUSER root\n');
      const env = 'DB_HOST=db.internal\nDB_PASSWORD=Xk9#vLq2mPz8wRt5\n';
      const secret = finding(env, '.env', 'literal-secret');
      const suppressed = applyEdits(env, suppressionEdit(env, secret, 'dotenv')!.edits);
      assert.equal(suppressed, 'DB_HOST=db.internal\n# responsibility-lens:ignore literal-secret -- \nDB_PASSWORD=Xk9#vLq2mPz8wRt5\n');
      const typed = suppressed.replace('-- \n', '-- rotated test credential\n');
      assert.ok(!analyze(typed, '.env').findings.some((f) => f.ruleId === 'literal-secret'), 'the comment suppresses the finding');
    });
  });
});
