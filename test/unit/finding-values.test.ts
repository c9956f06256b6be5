/**
 * What a CloudFormation finding says it found (src/core/clouds/aws/findings.ts):
 * the value a property finding names, the default it falls back to when the
 * property is left out, the secret in a parameter's Default, and the
 * wildcard and PassRole grants of identity policies, each at its span.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import type { Finding } from '../../src/core/types';
import { slice } from './helpers';

function findings(text: string, ruleId: string): Finding[] {
  return analyze(text, 'template.yaml').findings.filter((finding) => finding.ruleId === ruleId);
}

const resource = (type: string, properties: string): string => `Resources:\n  Thing:\n    Type: ${type}\n    Properties:\n${properties}`;

describe('what a finding names', () => {
  describe('a property rule', () => {
    /** `span → (value)` of each finding of the rule. */
    const found = (text: string, ruleId: string): string[] => findings(text, ruleId).map((finding) => `${slice(text, finding.span)} → ${/\(([^()]*(?:\([^()]*\)[^()]*)*)\)/.exec(finding.message.slice(finding.message.indexOf('Thing')))?.[1]}`);

    it('names a list by its plain items, or by how many items it has', () => {
      const docdb = (exports: string): string[] => found(resource('AWS::DocDB::DBCluster', `      KmsKeyId: k\n      EnableCloudwatchLogsExports: ${exports}\n`), 'docdb-audit-log-export-off');
      assert.deepEqual(docdb('[profiler]'), ['EnableCloudwatchLogsExports: [profiler] → EnableCloudwatchLogsExports: [profiler]']);
      assert.deepEqual(docdb('[profiler, slowquery]'), ['EnableCloudwatchLogsExports: [profiler, slowquery] → EnableCloudwatchLogsExports: [profiler, slowquery]']);
      assert.deepEqual(docdb('[audit]'), []);
      const insights = (settings: string): string[] => found(resource('AWS::ECS::Cluster', `      ClusterSettings: ${settings}\n`), 'ecs-container-insights-off');
      assert.deepEqual(insights('[{Name: containerInsights, Value: disabled}]'), ['ClusterSettings: [{Name: containerInsights, Value: disabled}] → ClusterSettings: a list of 1 item']);
      assert.deepEqual(insights('[{Name: other, Value: x}, {Name: containerInsights, Value: disabled}]'), [
        'ClusterSettings: [{Name: other, Value: x}, {Name: containerInsights, Value: disabled}] → ClusterSettings: a list of 2 items',
      ]);
    });

    it('a property left out is named by the rule’s words, or as off by default', () => {
      const docdb = resource('AWS::DocDB::DBCluster', '      KmsKeyId: k\n');
      assert.deepEqual(found(docdb, 'docdb-audit-log-export-off'), ['Thing → EnableCloudwatchLogsExports not set, so no logs are published']);
      const volume = resource('AWS::EC2::Volume', '      Size: 10\n');
      assert.deepEqual(found(volume, 'ebs-volume-unencrypted'), ['Thing → Encrypted not set, which defaults to off']);
      assert.deepEqual(found(resource('AWS::EC2::Volume', '      Encrypted: false\n'), 'ebs-volume-unencrypted'), ['Encrypted: false → Encrypted: false']);
      assert.deepEqual(found(resource('AWS::EC2::Volume', '      Encrypted: true\n'), 'ebs-volume-unencrypted'), []);
    });
  });

  describe('a secret in a parameter’s Default', () => {
    const parameter = (name: string, fields: string): string => `Parameters:\n  ${name}:\n${fields}Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n`;

    it('is reported on the Default, masked, under the parameter’s name', () => {
      const text = parameter('DbPassword', '    Type: String\n    Default: Tr0ub4dor-and-3\n');
      const [finding] = findings(text, 'literal-secret');
      assert.equal(slice(text, finding.span), 'Default: Tr0ub4dor-and-3');
      assert.equal(finding.resource, 'DbPassword');
      assert.equal(finding.resourceType, 'Parameter');
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /Parameter DbPassword holds a literal secret in Default \(\*{8}\);/);
      assert.ok(!finding.message.includes('Tr0ub4dor'));
      assert.ok(finding.message.endsWith("protecting credentials is the customer's responsibility."), 'no note on a real secret');
    });

    it('a flag or an empty Default is not a secret', () => {
      assert.deepEqual(findings(parameter('DbPassword', '    Type: String\n    Default: true\n'), 'literal-secret'), []);
      assert.deepEqual(findings(parameter('DbPassword', '    Type: String\n    Default: ~\n'), 'literal-secret'), []);
      assert.deepEqual(findings(parameter('DbPassword', '    Type: String\n'), 'literal-secret'), []);
    });

    it('parameters typed as AWS resources or SSM names, or offering a fixed choice, hold no secret', () => {
      assert.deepEqual(findings(parameter('DbPassword', '    Type: AWS::SSM::Parameter::Value<String>\n    Default: Tr0ub4dor-and-3\n'), 'literal-secret'), []);
      assert.deepEqual(findings(parameter('DbPassword', '    Type: List<AWS::EC2::KeyPair::KeyName>\n    Default: Tr0ub4dor-and-3\n'), 'literal-secret'), []);
      assert.deepEqual(findings(parameter('DbPassword', '    Type: String\n    AllowedValues: [Tr0ub4dor-and-3]\n    Default: Tr0ub4dor-and-3\n'), 'literal-secret'), []);
      assert.equal(findings(parameter('DbPassword', '    Type: MyAWS::Thing\n    Default: Tr0ub4dor-and-3\n'), 'literal-secret').length, 1, 'AWS:: only at the start');
    });

    it('NoEcho makes any name a secret, written as a flag or as a string in any case', () => {
      const noEcho = (value: string): number => findings(parameter('Greeting', `    Type: String\n    NoEcho: ${value}\n    Default: Xk9vLq2mPz8wRt5\n`), 'literal-secret').length;
      assert.equal(noEcho('true'), 1);
      assert.equal(noEcho("'True'"), 1);
      assert.equal(noEcho('false'), 0);
      assert.equal(noEcho("'yes'"), 0);
    });

    it('the AWS documentation’s example key is a warning that says so', () => {
      const text = parameter('AccessKeyId', '    Type: String\n    Default: AKIAIOSFODNN7EXAMPLE\n');
      const [finding] = findings(text, 'literal-secret');
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, /\(AKIA\*{12}\);.* This is the example key printed in the AWS documentation/);
    });

    it('only a map of parameters is read', () => {
      assert.deepEqual(findings('Parameters: [DbPassword]\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n', 'literal-secret'), []);
    });
  });

  describe('identity policies', () => {
    const role = (statement: string): string => resource('AWS::IAM::Policy', `      PolicyName: p\n      Roles: [r]\n      PolicyDocument:\n        Statement:\n${statement}`);

    it('Action "*" on Resource "*" is reported on the Action, in a list or alone, only in an Allow', () => {
      const text = role('          - Effect: Allow\n            Action: [s3:GetObject, "*"]\n            Resource: "*"\n');
      const [finding] = findings(text, 'iam-admin-wildcard');
      assert.equal(slice(text, finding.span), 'Action: [s3:GetObject, "*"]');
      assert.ok(finding.message.endsWith("least privilege is the customer's responsibility."), 'no note on a finding at its rule’s severity');
      assert.equal(findings(role('          - Effect: Allow\n            Action: "*"\n            Resource: [arn:aws:s3:::b, "*"]\n'), 'iam-admin-wildcard').length, 1);
      assert.deepEqual(findings(role('          - Effect: Allow\n            Action: "*"\n            Resource: arn:aws:s3:::b\n'), 'iam-admin-wildcard'), []);
      assert.deepEqual(findings(role('          - Effect: Allow\n            Action: s3:*\n            Resource: "*"\n'), 'iam-admin-wildcard'), []);
      assert.deepEqual(findings(role('          - Effect: Deny\n            Action: "*"\n            Resource: "*"\n'), 'iam-admin-wildcard'), []);
      assert.deepEqual(findings(role('          - Effect: Allow\n            NotAction: "*"\n            Resource: "*"\n'), 'iam-admin-wildcard'), []);
    });

    it('a single statement written as a map is read too', () => {
      const text = resource('AWS::IAM::Policy', '      PolicyName: p\n      Roles: [r]\n      PolicyDocument:\n        Statement:\n          Effect: Allow\n          Action: "*"\n          Resource: "*"\n');
      assert.equal(findings(text, 'iam-admin-wildcard').length, 1);
    });

    it('iam:PassRole on every role next to actions that start compute names up to three of them', () => {
      const text = role('          - Effect: Allow\n            Action: [iam:PassRole, ec2:RunInstances, lambda:CreateFunction, ecs:RunTask, glue:CreateJob]\n            Resource: "*"\n');
      const [finding] = findings(text, 'iam-passrole-escalation');
      assert.equal(slice(text, finding.span), 'iam:PassRole');
      assert.match(finding.message, /allows iam:PassRole on Resource "\*" together with ec2:RunInstances, lambda:CreateFunction, ecs:RunTask …, so/);
      const three = role('          - Effect: Allow\n            Action: [iam:Pass*, ec2:RunInstances]\n            Resource: "*"\n');
      const [wildcard] = findings(three, 'iam-passrole-escalation');
      assert.equal(slice(three, wildcard.span), 'iam:Pass*');
      assert.match(wildcard.message, /allows iam:Pass\* on Resource "\*" together with ec2:RunInstances, so/);
    });

    it('PassRole on named roles, under a Condition, without compute, or as Action "*" is not escalation', () => {
      const none = (statement: string): void => assert.deepEqual(findings(role(statement), 'iam-passrole-escalation'), [], statement);
      none('          - Effect: Allow\n            Action: [iam:PassRole, ec2:RunInstances]\n            Resource: arn:aws:iam::111122223333:role/app\n');
      none('          - Effect: Allow\n            Action: [iam:PassRole, ec2:RunInstances]\n            Resource: "*"\n            Condition: {StringEquals: {iam:PassedToService: ec2.amazonaws.com}}\n');
      none('          - Effect: Allow\n            Action: [iam:PassRole, s3:GetObject]\n            Resource: "*"\n');
      none('          - Effect: Allow\n            Action: "*"\n            Resource: "*"\n');
      none('          - Effect: Deny\n            Action: [iam:PassRole, ec2:RunInstances]\n            Resource: "*"\n');
    });

    it('the compute may be allowed by another statement of the same policy', () => {
      const text = role('          - Effect: Allow\n            Action: iam:PassRole\n            Resource: "*"\n          - Effect: Allow\n            Action: lambda:*\n            Resource: arn:aws:lambda:*:*:function:x\n');
      const [finding] = findings(text, 'iam-passrole-escalation');
      assert.match(finding.message, /together with lambda:CreateFunction, lambda:UpdateFunctionConfiguration, so/);
    });
  });
});
