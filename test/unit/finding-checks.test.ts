/**
 * The kinds of check findings.json names, each pinned by what a user sees
 * (src/core/clouds/aws/findings.ts): exemptions by value, name and
 * reference; list-contains; identity policies inside roles; conditional
 * grants; name/value pairs; and findings in file order.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import type { Finding } from '../../src/core/types';
import { slice } from './helpers';

function found(text: string, ruleId: string): Finding[] {
  return analyze(text, 'template.yaml').findings.filter((finding) => finding.ruleId === ruleId);
}

const template = (resources: string): string => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${resources}`;
const bucket = (id: string, properties = ''): string => `  ${id}:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration: {Status: Enabled}\n${properties}`;

describe('finding checks', () => {
  describe('a bucket without access logging, and the buckets that are log destinations', () => {
    const logging = (text: string): string[] => found(text, 's3-access-logging-off').map((finding) => `${finding.resource} ${slice(text, finding.span)}`);

    it('a bucket without LoggingConfiguration is reported on its logical id, with the default named', () => {
      const text = template(bucket('Data'));
      const [finding] = found(text, 's3-access-logging-off');
      assert.equal(slice(text, finding.span), 'Data');
      assert.match(finding.message, /LoggingConfiguration not set: server access logging is off by default/);
      assert.deepEqual(logging(template(bucket('Data', '      LoggingConfiguration: {DestinationBucketName: logs}\n'))), []);
    });

    it('the LogDeliveryWrite ACL, or one known only at deploy time, exempts it', () => {
      assert.deepEqual(logging(template(bucket('Data', '      AccessControl: LogDeliveryWrite\n'))), []);
      assert.deepEqual(logging(template(bucket('Data', '      AccessControl: !Ref Acl\n'))), []);
      assert.deepEqual(logging(template(bucket('Data', '      AccessControl: Private\n'))), ['Data Data']);
    });

    it('a bucket named for logs is exempt; a deploy-time name exempts nothing', () => {
      assert.deepEqual(logging(template(bucket('Data', '      BucketName: my-access-logs\n'))), []);
      assert.deepEqual(logging(template(bucket('Data', "      BucketName: !Sub '${AWS::StackName}-assets'\n"))), ['Data Data']);
      assert.deepEqual(logging(template(bucket('Data', '      BucketName: catalog\n'))), ['Data Data']);
    });

    it('a logical id that says logs exempts it, case-sensitively', () => {
      assert.deepEqual(logging(template(bucket('AppLogs'))), []);
      assert.deepEqual(logging(template(bucket('Catalog'))), ['Catalog Catalog']);
    });

    it('a bucket other resources send logs to is exempt, however they name it', () => {
      const sender = (destination: string): string => `${bucket('Source', `      LoggingConfiguration: {DestinationBucketName: ${destination}}\n`)}`;
      assert.deepEqual(logging(template(`${bucket('Data')}${sender('!Ref Data')}`)), []);
      const flowLog = (destination: string): string => `  Flow:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceId: vpc-1\n      ResourceType: VPC\n      LogDestinationType: s3\n      LogDestination: ${destination}\n`;
      assert.deepEqual(logging(template(`${bucket('Data')}${flowLog('!GetAtt Data.Arn')}`)), []);
      assert.deepEqual(logging(template(`${bucket('Data')}${flowLog('!GetAtt [Data, Arn]')}`)), []);
      assert.deepEqual(logging(template(`${bucket('Data')}${flowLog('!ImportValue shared-logs')}`)), [], 'an import may name it');
      assert.deepEqual(logging(template(`${bucket('Data')}${flowLog('arn:aws:s3:::elsewhere')}`)), ['Data Data']);
      assert.deepEqual(logging(template(`${bucket('Data')}${flowLog('!GetAtt Other.Arn')}`)), ['Data Data']);
      assert.deepEqual(logging(template(`${bucket('Data')}${sender('!Ref LogBucketName')}`)), ['Data Data'], 'a Ref to a parameter names no bucket of the template');
    });
  });

  describe('list-contains', () => {
    it('an administrator policy among a role’s managed policies is reported on the list, naming the policy', () => {
      const role = (arns: string): string => template(`  Admin:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: []}\n      ManagedPolicyArns: ${arns}\n`);
      const text = role('[arn:aws:iam::aws:policy/ReadOnlyAccess, arn:aws:iam::aws:policy/AdministratorAccess]');
      const [finding] = found(text, 'iam-admin-policy-attached');
      assert.equal(slice(text, finding.span), 'ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess, arn:aws:iam::aws:policy/AdministratorAccess]');
      assert.match(finding.message, /Admin gets full administrative access \(ManagedPolicyArns: arn:aws:iam::aws:policy\/AdministratorAccess\)/);
      assert.deepEqual(found(role('[arn:aws:iam::aws:policy/ReadOnlyAccess, ~, !Ref Extra]'), 'iam-admin-policy-attached'), []);
      assert.deepEqual(found(role('!Ref Policies'), 'iam-admin-policy-attached'), []);
      assert.deepEqual(found(role('arn:aws:iam::aws:policy/AdministratorAccess'), 'iam-admin-policy-attached'), [], 'a list is required');
      const policy = template('  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: {Statement: []}\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]\n');
      assert.deepEqual(found(policy, 'iam-admin-policy-attached'), [], 'only the types the rule names');
    });
  });

  describe('identity policies', () => {
    it('inline policies of a role are read for PassRole escalation, and Action "*" in a Resource list', () => {
      const role = (statement: string): string =>
        template(`  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {Statement: []}\n      Policies:\n        - PolicyName: a\n          PolicyDocument: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}\n        - PolicyName: b\n          PolicyDocument:\n            Statement:\n${statement}`);
      const text = role("              - Effect: Allow\n                Action: [!Ref Extra, iam:PassRole, ec2:RunInstances, lambda:CreateFunction, ecs:RunTask]\n                Resource: [arn:aws:iam::111122223333:role/x, '*']\n");
      const [finding] = found(text, 'iam-passrole-escalation');
      assert.equal(slice(text, finding.span), 'iam:PassRole');
      assert.match(finding.message, /together with ec2:RunInstances, lambda:CreateFunction, ecs:RunTask, so/, 'three actions, no ellipsis');
      assert.deepEqual(found(role("              - Effect: Allow\n                Action: '*'\n                Resource: [arn:aws:s3:::b]\n"), 'iam-admin-wildcard'), []);
      assert.equal(found(role("              - Effect: Allow\n                Action: '*'\n                Resource: [arn:aws:s3:::b, '*']\n"), 'iam-admin-wildcard').length, 1);
    });

    it('a resource policy is not an identity policy: PassRole there is not escalation', () => {
      const text = template(
        "  BP:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: {AWS: arn:aws:iam::111122223333:root}\n            Action: [iam:PassRole, ec2:RunInstances]\n            Resource: '*'\n",
      );
      assert.deepEqual(found(text, 'iam-passrole-escalation'), []);
    });
  });

  describe('resource policies', () => {
    it('a grant of several actions names them all; one under nested !If names every condition', () => {
      const policy = (statement: string): string => template(`  BP:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument:\n        Statement:\n${statement}`);
      const [both] = found(policy("          - Effect: Allow\n            Principal: '*'\n            Action: [s3:GetObject, s3:PutObject]\n            Resource: arn:aws:s3:::b/*\n"), 'policy-public-principal');
      assert.match(both.message, /grants s3:GetObject, s3:PutObject to everyone/);
      const [conditional] = found(policy("          - !If\n            - Outer\n            - !If [Inner, {Effect: Allow, Principal: '*', Action: s3:GetObject, Resource: 'arn:aws:s3:::b/*'}, !Ref AWS::NoValue]\n            - !Ref AWS::NoValue\n"), 'policy-public-principal');
      assert.equal(conditional.severity, 'warning');
      assert.match(conditional.message, /responsibility\. The statement is deployed only when the template condition Outer and Inner holds, so this is a warning/);
    });
  });

  describe('resources without the property a check reads', () => {
    it('a security group without ingress, a policy given by reference and a permission without a principal are judged without error and report nothing', () => {
      const text = template([
        '  Open:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: no ingress written\n',
        '  Referenced:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      PolicyDocument: !Ref Document\n      Roles: [r]\n',
        '  Invoke:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: f\n      Action: lambda:InvokeFunction\n',
      ].join(''));
      const analysis = analyze(text, 'template.yaml');
      assert.deepEqual(analysis.errors, []);
      assert.deepEqual(analysis.findings.filter((finding) => ['sg-world-open-admin-port', 'sg-world-open-database-port', 'policy-public-principal', 'iam-passrole-escalation'].includes(finding.ruleId)), []);
      assert.deepEqual(analysis.resources.map((resource) => resource.logicalId), ['Open', 'Referenced', 'Invoke']);
    });
  });

  describe('literal secrets in name/value pairs', () => {
    const secrets = (text: string): string[] => found(text, 'literal-secret').map((finding) => `${slice(text, finding.span)} | ${/literal secret in (.*) \(/.exec(finding.message)?.[1]}`);
    const task = (environment: string): string => template(`  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: app\n          Image: nginx:1.27\n          Environment:\n${environment}`);

    it('the Value of a pair is named by its Name; the Name itself is not a value', () => {
      assert.deepEqual(secrets(task('            - Name: DB_PASSWORD\n              Value: Tr0ub4dor-and-3\n')), [
        'Value: Tr0ub4dor-and-3 | Properties.ContainerDefinitions[0].Environment[0].Value (DB_PASSWORD)',
      ]);
      assert.deepEqual(secrets(task('            - Name: MODE\n              Value: Tr0ub4dor-and-3\n')), [], 'a pair named for nothing secret');
    });

    it('a pair that names a parameter store or secrets manager entry holds a name, an SSM SecureString a secret', () => {
      const build = (variable: string): string =>
        template(`  Build:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Environment:\n        Type: LINUX_CONTAINER\n        EnvironmentVariables:\n          - ${variable}\n`);
      assert.deepEqual(secrets(build('{Name: DB_PASSWORD, Type: PARAMETER_STORE, Value: /prod/db/password}')), []);
      assert.deepEqual(secrets(build('{Name: DB_PASSWORD, Type: secrets_manager, Value: prod/db:password}')), []);
      assert.equal(secrets(build('{Name: DB_PASSWORD, Type: PLAINTEXT, Value: Tr0ub4dor-and-3}')).length, 1);
      const ssm = template('  Param:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Name: greeting\n      Type: SecureString\n      Value: Xk9vLq2mPz8wRt5\n');
      assert.deepEqual(secrets(ssm), ['Value: Xk9vLq2mPz8wRt5 | Properties.Value (SecureString secret)']);
    });

    it('tags are labels, not name/value secrets, however many there are', () => {
      const tags = Array.from({ length: 11 }, (_, index) => `        - {Key: tag${index}, Value: v}`).join('\n');
      const text = template(`${bucket('Data', `      Tags:\n${tags}\n        - {Key: DB_PASSWORD, Value: Tr0ub4dor-and-3}\n`)}`);
      assert.deepEqual(secrets(text), []);
    });

    it('only scripts are read for NAME=value assignments', () => {
      const instance = (key: string): string => template(`  Box:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-1\n      ${key}: |\n        echo start\n        DB_PASSWORD=Tr0ub4dor-and-3\n`);
      assert.deepEqual(secrets(instance('UserData')), ['Tr0ub4dor-and-3 | Properties.UserData (DB_PASSWORD)']);
      assert.deepEqual(secrets(instance('Notes')), []);
    });

    it('everything under AWS::CloudFormation::Init metadata is read as a script, each secret at its characters', () => {
      const text = template(
        '  Box:\n    Type: AWS::EC2::Instance\n    Metadata:\n      AWS::CloudFormation::Init:\n        config:\n          files:\n            /etc/app.conf:\n              content: |\n                mode=prod\n                DB_PASSWORD=Tr0ub4dor-and-3\n          commands:\n            setup:\n              command: echo x\n              env:\n                NOTE: |\n                  line\n                  API_TOKEN=Tr0ub4dor-and-3-xyz\n    Properties:\n      ImageId: ami-1\n',
      );
      assert.deepEqual(secrets(text), [
        'Tr0ub4dor-and-3 | Metadata.AWS::CloudFormation::Init.config.files./etc/app.conf.content (DB_PASSWORD)',
        'Tr0ub4dor-and-3-xyz | Metadata.AWS::CloudFormation::Init.config.commands.setup.env.NOTE (API_TOKEN)',
      ]);
    });
  });

  it('findings come in file order: a parameter’s secret before the resources', () => {
    const text = `Parameters:\n  DbPassword:\n    Type: String\n    Default: Tr0ub4dor-and-3\nResources:\n${bucket('Data')}`;
    const findings = analyze(text, 'template.yaml').findings;
    assert.deepEqual(
      findings.map((finding) => finding.span.offset),
      [...findings.map((finding) => finding.span.offset)].sort((a, b) => a - b),
    );
    assert.equal(findings[0].ruleId, 'literal-secret');
  });
});
