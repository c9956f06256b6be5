import assert from 'node:assert/strict';
import { analyze, suppressionEdit } from '../../src/core';
import { applyEdits, mergeEdits, preferredFixEdits } from '../../src/core/engine/edits';
import type { Finding } from '../../src/core/types';
import { analyzeFixture } from './helpers';

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
      assert.equal(fix.title, 'Set StorageEncrypted: true');
      assert.equal(fix.preferred, false, 'encryption is chosen at creation: changing it replaces the database, so not applied by fix-all');
    });

    it('keeps the quotes of a quoted value', () => {
      const text = `${HEAD}  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      PubliclyAccessible: "true"\n      StorageEncrypted: 'true'\n`;
      const { out, fix } = fixed(text, 't.yaml', 'rds-publicly-accessible');
      assert.equal(out, text.replace('PubliclyAccessible: "true"', 'PubliclyAccessible: "false"'));
      assert.equal(fix.preferred, true);
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

    it('restricts a world-open admin CIDR to a placeholder, never preferred', () => {
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
      assert.match(first[0].fix!.title, /placeholder range 10\.0\.0\.0\/8/);
      const out = applyEdits(text, first.flatMap((f) => f.fix!.edits));
      assert.equal(out, text.replace('CidrIp: 0.0.0.0/0', 'CidrIp: 10.0.0.0/8').replace('CidrIpv6: "::/0"', 'CidrIpv6: "fd00::/8"'));
      assert.ok(!analyze(out, 't.yaml').findings.some((f) => f.ruleId === 'sg-world-open-admin-port'));
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
      for (const ruleId of ['ebs-volume-unencrypted', 'rds-publicly-accessible', 'rds-minor-upgrade-off', 'cloudtrail-logging-off', 'cloudtrail-log-validation-off', 'dynamodb-pitr-off', 'elasticache-at-rest-unencrypted', 'elasticache-in-transit-unencrypted', 'sqs-sse-off']) {
        assert.ok(!left.has(ruleId), `${ruleId} fixed`);
      }
      for (const ruleId of ['rds-storage-unencrypted', 'sg-world-open-admin-port', 'literal-secret']) assert.ok(left.has(ruleId), `${ruleId} is not preferred, so fix-all leaves it`);
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
      const text = `${HEAD}  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: true\n      PubliclyAccessible: true\n`;
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
      "Properties": { "StorageEncrypted": true, "PubliclyAccessible": true }
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
          '"PubliclyAccessible": true },\n      "Metadata": { "responsibility-lens": { "ignore": [ { "rule": "rds-publicly-accessible", "reason": "" } ] } }\n',
        ),
      );
      assert.equal(out.slice(edit.cursor - 1, edit.cursor + 1), '""');
      const typed = out.slice(0, edit.cursor) + 'behind a VPN' + out.slice(edit.cursor);
      assert.deepEqual(analyze(typed, 't.json').findings, []);
      // A second suppression on the same resource goes into the same list.
      const again = `{
  "Resources": {
    "Db": {
      "Type": "AWS::RDS::DBInstance",
      "Metadata": { "responsibility-lens": { "ignore": [ { "rule": "rds-minor-upgrade-off", "reason": "pinned" } ] } },
      "Properties": { "StorageEncrypted": true, "PubliclyAccessible": true }
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
    });
  });
});
