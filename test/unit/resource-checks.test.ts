/**
 * The checks of src/core/clouds/aws/findings.ts called directly on tiny
 * templates: which resource another names, what is reported where and with
 * what words, how far lists and deploy-time values are followed, and where
 * literal secrets are found and how they are masked.
 */
import assert from 'node:assert/strict';
import { checkResources, templateReferences } from '../../src/core/clouds/aws/findings';
import { templateResources, type TemplateResource } from '../../src/core/clouds/aws/resources';
import { analyzeTemplateRoot } from '../../src/core/clouds/aws/template';
import { parseJson } from '../../src/core/parse/json';
import { parseYaml } from '../../src/core/parse/yaml';
import type { Node } from '../../src/core/parse/tree';
import type { Finding } from '../../src/core/types';
import { slice } from './helpers';

/** YAML, or JSON when the text starts with `{`: a JSON property with nothing after its colon has no value at all (YAML's is null). */
function parsed(text: string): { root: Node; resources: TemplateResource[] } {
  const root = (text.startsWith('{') ? parseJson(text) : parseYaml(text)).root!;
  return { root, resources: templateResources(root) };
}

/** Every finding of a template as `rule-id [flagged text] message`, in the order returned. */
function check(text: string, options: { partial?: boolean; rule?: string } = {}): string[] {
  const { root, resources } = parsed(text);
  return checkResources(resources, root, { partial: options.partial ?? false, text })
    .filter((finding) => options.rule === undefined || finding.ruleId === options.rule)
    .map((finding: Finding) => `${finding.ruleId} [${slice(text, finding.span)}] ${finding.message}`);
}

const resource = (id: string, type: string, properties: string): string => `  ${id}:\n    Type: ${type}\n    Properties:\n${properties}`;
const template = (...resources: string[]): string => `Resources:\n${resources.join('')}`;

describe('resource checks', () => {
  describe('which resource another one names', () => {
    const flowLog = { type: 'AWS::EC2::FlowLog', path: 'Properties.ResourceId' };
    const references = (value: string, extra = ''): ReturnType<typeof templateReferences> =>
      templateReferences(parsed(template(resource('Flow', 'AWS::EC2::FlowLog', `      ResourceId: ${value}\n${extra}`))).resources);

    it('a Ref or a GetAtt, short or as a list, names its resource: yes', () => {
      assert.equal(references('!Ref Net').to('Net', flowLog), 'yes');
      assert.equal(references('!GetAtt Net.VpcId').to('Net', flowLog), 'yes');
      assert.equal(references('!GetAtt [Net, VpcId]').to('Net', flowLog), 'yes');
      assert.equal(references('!GetAtt [Net, VpcId]').to('Other', flowLog), 'no');
    });

    it('a literal names none: no; a Ref or GetAtt whose name is not text, or an import: maybe', () => {
      assert.equal(references('vpc-0123').to('Net', flowLog), 'no');
      assert.equal(references('!Ref [Net]').to('Net', flowLog), 'maybe');
      assert.equal(references('!GetAtt [[Net], VpcId]').to('Net', flowLog), 'maybe');
      assert.equal(references('!ImportValue shared-vpc').to('Net', flowLog), 'maybe');
    });

    it('a referrer that does not meet its conditions names nothing', () => {
      const when = [{ path: 'Properties.ResourceType', equals: 'VPC' }];
      assert.equal(references('!Ref Net', '      ResourceType: Subnet\n').to('Net', { ...flowLog, when }), 'no');
      assert.equal(references('!Ref Net', '      ResourceType: VPC\n').to('Net', { ...flowLog, when }), 'yes');
    });
  });

  describe('findings in file order', () => {
    it('whatever order the rules run in, and with a parameter’s secret first', () => {
      const group = resource(
        'Open',
        'AWS::EC2::SecurityGroup',
        '      GroupDescription: g\n      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 0.0.0.0/0}\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n        - {IpProtocol: tcp, FromPort: 3306, ToPort: 3306, CidrIp: 0.0.0.0/0}\n',
      );
      const text = `Parameters:\n  DbPassword:\n    Type: String\n    Default: Tr0ub4dor-and-3\n${template(group)}`;
      assert.deepEqual(
        check(text).map((line) => line.split(']')[0]),
        ['literal-secret [Default: Tr0ub4dor-and-3', 'sg-world-open-database-port [CidrIp: 0.0.0.0/0', 'sg-world-open-admin-port [CidrIp: 0.0.0.0/0', 'sg-world-open-database-port [CidrIp: 0.0.0.0/0'],
      );
      const { root, resources } = parsed(text);
      const offsets = checkResources(resources, root, { partial: false, text }).map((finding) => finding.span.offset);
      assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
      assert.equal(new Set(offsets).size, 4);
    });
  });

  describe('property checks: how the path is followed', () => {
    const table = (properties: string): string => template(resource('Orders', 'AWS::DynamoDB::Table', properties));

    it('a missing property is named by its last segment, in the message and on the logical id', () => {
      assert.deepEqual(check(table('      BillingMode: PAY_PER_REQUEST\n'), { rule: 'dynamodb-pitr-off' }), [
        'dynamodb-pitr-off [Orders] Turn on point-in-time recovery. Orders has it off (PointInTimeRecoveryEnabled not set, which defaults to off); AWS keeps the service available, backing up your table is your side of continuity.',
      ]);
      assert.deepEqual(check(table('      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: false\n'), { rule: 'dynamodb-pitr-off' }), [
        'dynamodb-pitr-off [PointInTimeRecoveryEnabled: false] Turn on point-in-time recovery. Orders has it off (PointInTimeRecoveryEnabled: false); AWS keeps the service available, backing up your table is your side of continuity.',
      ]);
    });

    it('a step that is not a map, or has no value, holds nothing to report; a deploy-time step is not judged', () => {
      assert.deepEqual(check(table('      PointInTimeRecoverySpecification: true\n'), { rule: 'dynamodb-pitr-off' }), []);
      assert.deepEqual(check(table('      PointInTimeRecoverySpecification: [a]\n'), { rule: 'dynamodb-pitr-off' }), []);
      assert.deepEqual(check(table('      PointInTimeRecoverySpecification:\n'), { rule: 'dynamodb-pitr-off' }), []);
      assert.deepEqual(check(table('      PointInTimeRecoverySpecification: !Ref Spec\n'), { rule: 'dynamodb-pitr-off' }), []);
      assert.deepEqual(check(template('  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n'), { rule: 'dynamodb-pitr-off' }), []);
    });

    it('a list step with no list, an empty entry or a deploy-time list reports nothing; each item is judged', () => {
      const instance = (mappings: string): string[] => check(template(resource('Box', 'AWS::EC2::Instance', `      ImageId: ami-1\n${mappings}`)), { rule: 'ebs-volume-unencrypted' });
      assert.deepEqual(instance(''), []);
      assert.deepEqual(instance('      BlockDeviceMappings:\n'), []);
      assert.deepEqual(instance('      BlockDeviceMappings: !Ref Mappings\n'), []);
      assert.deepEqual(
        instance('      BlockDeviceMappings:\n        - !Ref One\n        - DeviceName: /dev/sdb\n          Ebs: {Encrypted: false}\n').map((line) => line.split(']')[0]),
        ['ebs-volume-unencrypted [Encrypted: false'],
      );
    });

    it('a type pattern ending in * covers only types that start with the rest', () => {
      const pod = (type: string): string[] => check(`Resources:\n  P:\n    Type: ${type}\n    podSpec:\n      containers:\n        - securityContext: {privileged: true}\n`, { rule: 'k8s-privileged-container' });
      assert.equal(pod('Kubernetes::Pod').length, 1);
      assert.deepEqual(pod('Kustom::Pod'), []);
    });
  });

  describe('exemptions', () => {
    it('one that a deploy-time value on its path may meet exempts; one a literal misses does not', () => {
      const project = (s3Logs: string): string[] =>
        check(template(resource('Build', 'AWS::CodeBuild::Project', `      LogsConfig:\n        CloudWatchLogs: {Status: DISABLED}\n        S3Logs: ${s3Logs}\n`)), { rule: 'codebuild-logs-off' }).map((line) => line.split(']')[0]);
      assert.deepEqual(project('{Status: ENABLED, Location: b/logs}'), []);
      assert.deepEqual(project('!Ref S3Logs'), []);
      assert.deepEqual(project('{Status: !Ref S3LogsStatus}'), []);
      assert.deepEqual(project('{Status: DISABLED}'), ['codebuild-logs-off [Status: DISABLED']);
    });
  });

  describe('properties SAM Globals give an API', () => {
    /** The rules that find something missing on the API, with Globals.Api as given. */
    const missing = (globals: string): string[] => {
      const text = `Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Api:\n${globals}Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n`;
      return analyzeTemplateRoot(parseYaml(text).root!, { partial: false })
        .findings.filter((finding) => finding.resource === 'Api')
        .map((finding) => finding.ruleId)
        .sort();
    };

    it('are not missing on it; what Globals leave out still is', () => {
      assert.deepEqual(missing('    Cors: "*"\n'), ['apigw-access-logging-off', 'apigw-tracing-off']);
      assert.deepEqual(missing('    TracingEnabled: true\n'), ['apigw-access-logging-off']);
      assert.deepEqual(missing('    AccessLogSetting: {DestinationArn: arn:aws:logs:eu-west-1:111122223333:log-group:api}\n'), ['apigw-tracing-off']);
    });

    it('a deploy-time value on the way may hold it; a value that is no map holds nothing under it', () => {
      assert.deepEqual(missing('    AccessLogSetting: !Ref Logging\n'), ['apigw-tracing-off']);
      assert.deepEqual(missing('    AccessLogSetting: on\n'), ['apigw-access-logging-off', 'apigw-tracing-off']);
    });
  });

  describe('security group ingress', () => {
    const group = (rule: string): string[] =>
      check(template(resource('Sg', 'AWS::EC2::SecurityGroup', `      GroupDescription: g\n      SecurityGroupIngress:\n        - {CidrIp: 0.0.0.0/0, ${rule}}\n`)), { rule: 'sg-world-open-admin-port' });

    it('a port range that is not finite numbers is not judged', () => {
      assert.equal(group('IpProtocol: tcp, FromPort: 22, ToPort: 22').length, 1);
      assert.deepEqual(group('IpProtocol: tcp, FromPort: -.inf, ToPort: .inf'), []);
      assert.deepEqual(group('IpProtocol: tcp, FromPort: -.inf, ToPort: 22'), []);
      assert.deepEqual(group('IpProtocol: tcp, FromPort: 22, ToPort: !Ref Top'), []);
    });
  });

  describe('a public EKS endpoint', () => {
    const cluster = (config: string, partial = false): string[] =>
      check(template(resource('Eks', 'AWS::EKS::Cluster', `      RoleArn: arn:aws:iam::111122223333:role/eks\n${config}`)), { rule: 'eks-public-endpoint', partial }).map((line) => line.split(' exposes')[0]);

    it('an empty VPC config or an empty EndpointPublicAccess is the public default, on the key', () => {
      assert.deepEqual(cluster('      ResourcesVpcConfig:\n'), ['eks-public-endpoint [ResourcesVpcConfig] Make the Kubernetes API endpoint private, or limit its public access to known CIDR ranges. Eks']);
      assert.deepEqual(cluster('      ResourcesVpcConfig:\n        SubnetIds: [a]\n        EndpointPublicAccess:\n'), ['eks-public-endpoint [EndpointPublicAccess:] Make the Kubernetes API endpoint private, or limit its public access to known CIDR ranges. Eks']);
    });

    it('in a partial template only a written EndpointPublicAccess is judged', () => {
      assert.deepEqual(cluster('      ResourcesVpcConfig:\n        SubnetIds: [a]\n', true), []);
      assert.equal(cluster('      ResourcesVpcConfig:\n        SubnetIds: [a]\n', false).length, 1);
      assert.deepEqual(cluster('      ResourcesVpcConfig:\n        SubnetIds: [a]\n        EndpointPublicAccess: true\n', true), ['eks-public-endpoint [EndpointPublicAccess: true] Make the Kubernetes API endpoint private, or limit its public access to known CIDR ranges. Eks']);
    });
  });

  describe('identity policy statements', () => {
    const policy = (statement: string, extra = ''): string => template(resource('P', 'AWS::IAM::Policy', `      PolicyName:\n${extra}      PolicyDocument:\n        Statement:\n${statement}`));

    it('Action "*" needs Resource "*" to be administrator access; empty keys elsewhere are passed over', () => {
      assert.deepEqual(check(policy("          - {Effect: Allow, Action: '*', Resource: '*'}\n"), { rule: 'iam-admin-wildcard' }).map((line) => line.split(']')[0]), ["iam-admin-wildcard [Action: '*'"]);
      assert.deepEqual(check(policy("          - {Effect: Allow, Action: '*'}\n"), { rule: 'iam-admin-wildcard' }), []);
      assert.deepEqual(check(policy("          - {Effect: Allow, Action: ['*'], Resource: [arn:aws:s3:::b]}\n"), { rule: 'iam-admin-wildcard' }), []);
    });

    it('PassRole escalation needs Resource "*": a statement without Resource is not one', () => {
      const passRole = (resources: string): string[] => check(policy(`          - Effect: Allow\n            Action: [iam:PassRole, ec2:RunInstances]\n${resources}`), { rule: 'iam-passrole-escalation' }).map((line) => line.split(' allows')[0]);
      assert.deepEqual(passRole("            Resource: '*'\n"), ['iam-passrole-escalation [iam:PassRole] Limit iam:PassRole to the ARNs of the roles this principal must pass (and add an iam:PassedToService condition). P']);
      assert.deepEqual(passRole(''), []);
    });
  });

  describe('resource policies', () => {
    it('a domain with VPCOptions, null included, is reached through its VPC; without it, or without its value, an open policy is public', () => {
      const domain = (vpc: string): string[] =>
        check(template(resource('Search', 'AWS::OpenSearchService::Domain', `${vpc}      AccessPolicies:\n        Statement:\n          - {Effect: Allow, Principal: '*', Action: 'es:*', Resource: '*'}\n`)), { rule: 'policy-public-principal' }).map((line) => line.split(']')[0]);
      assert.deepEqual(domain(''), ["policy-public-principal [Principal: '*'"]);
      assert.deepEqual(domain('      VPCOptions:\n'), []);
      const json = (vpc: string): string => `{"Resources": {"Search": {"Type": "AWS::OpenSearchService::Domain", "Properties": {${vpc}"AccessPolicies": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "es:*", "Resource": "*"}]}}}}}`;
      assert.deepEqual(check(json('"VPCOptions": , '), { rule: 'policy-public-principal' }).map((line) => line.split(']')[0]), ['policy-public-principal ["Principal": "*"'], 'VPCOptions without a value places it in no VPC');
      assert.deepEqual(domain('      VPCOptions: {SubnetIds: [s]}\n'), []);
    });
  });

  describe('a Lambda permission for everyone', () => {
    it('names every action it grants', () => {
      const text = template(resource('Invoke', 'AWS::Lambda::Permission', "      FunctionName: f\n      Principal: '*'\n      Action: [lambda:InvokeFunction, lambda:GetFunction]\n"));
      assert.deepEqual(check(text, { rule: 'policy-public-principal' }).map((line) => /grants [^(]*/.exec(line)![0]), ['grants lambda:InvokeFunction, lambda:GetFunction to everyone ']);
    });
  });

  describe('secrets in parameter defaults', () => {
    const parameter = (lines: string): string[] => check(`Parameters:\n  DbPassword:\n${lines}Resources: {}\n`, { rule: 'literal-secret' }).map((line) => line.replace(/\)?;.*/, ''));

    it('a parameter without a Default, or with an empty one, holds no secret', () => {
      assert.deepEqual(parameter('    Type: String\n'), []);
      assert.deepEqual(parameter('    Type: String\n    Default:\n'), []);
      assert.deepEqual(parameter('    Type: String\n    Default: true\n'), []);
    });

    it('a NoEcho Default is a chosen secret, however short; a key id in a Default is masked to itself', () => {
      assert.deepEqual(check('Parameters:\n  Word:\n    Type: String\n    NoEcho: true\n    Default: abc12\nResources: {}\n', { rule: 'literal-secret' }).map((line) => /\[[^\]]*\]|\(value[^)]*\)|\*+/g.exec(line)?.[0]), ['[Default: abc12]']);
      const keyId = check('Parameters:\n  DbPassword:\n    Type: String\n    Default: id=AKIAZ3MHALF2KQ7XV4PN\nResources: {}\n', { rule: 'literal-secret' });
      assert.deepEqual(keyId.map((line) => /in Default \(([^)]*)\)/.exec(line)?.[1]), ['AKIA************']);
      const noEchoKeyId = check('Parameters:\n  PublicKey:\n    Type: String\n    NoEcho: true\n    Default: AKIAZ3MHALF2KQ7XV4PN\nResources: {}\n', { rule: 'literal-secret' });
      assert.deepEqual(noEchoKeyId.map((line) => /in Default \(([^)]*)\)/.exec(line)?.[1]), ['AKIA************'], 'NoEcho makes even a public-sounding name secret');
    });
  });

  describe('a managed policy list', () => {
    it('an empty list entry holds no policy', () => {
      assert.deepEqual(check(template(resource('R', 'AWS::IAM::Role', '      AssumeRolePolicyDocument: {Statement: []}\n      ManagedPolicyArns:\n')), { rule: 'iam-admin-policy-attached' }), []);
    });
  });

  describe('a JSON property with no value after its colon', () => {
    const json = (type: string, properties: string): string => `{"Resources": {"R": {"Type": "${type}", "Properties": {${properties}}}}}`;
    const flagged = (text: string, rule: string): string[] => check(text, { rule }).map((line) => line.split('] ')[0] + ']');

    it('is no value to follow, to read as a list, or to find a policy in', () => {
      assert.deepEqual(flagged(json('AWS::DynamoDB::Table', '"PointInTimeRecoverySpecification": '), 'dynamodb-pitr-off'), []);
      assert.deepEqual(flagged(json('AWS::EC2::Instance', '"ImageId": "ami-1", "BlockDeviceMappings": '), 'ebs-volume-unencrypted'), []);
      assert.deepEqual(flagged(json('AWS::IAM::Role', '"ManagedPolicyArns": '), 'iam-admin-policy-attached'), []);
      assert.deepEqual(flagged(json('AWS::IAM::Policy', '"PolicyName": , "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'), 'iam-admin-wildcard'), ['iam-admin-wildcard ["Action": "*"]']);
    });

    it('is a property that is there but is no VPC, a value not known here', () => {
      assert.deepEqual(check(json('AWS::OpenSearchService::Domain', '"VPCOptions": '), { rule: 'opensearch-not-in-vpc' }).map((line) => /R has a public endpoint \([^)]*\)/.exec(line)?.[0]), ['R has a public endpoint (VPCOptions: a deploy-time value)']);
    });

    it('leaves an EKS endpoint at its public default', () => {
      assert.deepEqual(flagged(json('AWS::EKS::Cluster', '"RoleArn": "r", "ResourcesVpcConfig": '), 'eks-public-endpoint'), ['eks-public-endpoint ["ResourcesVpcConfig"]']);
      assert.deepEqual(flagged(json('AWS::EKS::Cluster', '"RoleArn": "r", "ResourcesVpcConfig": {"SubnetIds": ["a"], "EndpointPublicAccess": }'), 'eks-public-endpoint').map((line) => line.slice(0, 44)), ['eks-public-endpoint ["EndpointPublicAccess":']);
    });
  });

  describe('what a finding says a value is', () => {
    const group = (name: string): string[] =>
      check(template(resource('Asg', 'AWS::AutoScaling::AutoScalingGroup', `      MaxSize: '1'\n      MinSize: '0'\n      LaunchConfigurationName: ${name}\n`)), { rule: 'autoscaling-launch-configuration' }).map((line) => /\(([^)]*)\)/.exec(line)![1]);

    it('a list by its items when all are plain values, by its length otherwise', () => {
      const replicas = (items: string): string[] =>
        check(template(resource('Global', 'AWS::DynamoDB::GlobalTable', `      Replicas: ${items}\n`)), { rule: 'dynamodb-pitr-off' }).map((line) => /\(([^)]*)\)/.exec(line)![1]);
      const off = '{Region: eu-west-1, PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: false}}';
      assert.deepEqual(replicas(`[${off}]`), ['Replicas: a list of 1 item']);
      assert.deepEqual(replicas(`[us-east-1, ${off}]`), ['Replicas: a list of 2 items']);
    });

    it('a literal by itself, a deploy-time value as such', () => {
      assert.deepEqual(group('legacy'), ['LaunchConfigurationName: legacy']);
      assert.deepEqual(group('!Ref Config'), ['LaunchConfigurationName: a deploy-time value']);
    });
  });

  describe('a VPC without flow logs', () => {
    const vpc = resource('Net', 'AWS::EC2::VPC', '      CidrBlock: 10.0.0.0/16\n');

    it('is reported on its logical id, naming what is missing; a flow log that names it, or may, settles it', () => {
      assert.deepEqual(check(template(vpc), { rule: 'vpc-flow-logs-off' }), [
        'vpc-flow-logs-off [Net] Add a flow log for the VPC. Net has no flow log in this template or Terraform module that refers to it. Turning on the logs AWS offers, and reading them, is the customer\'s part of detecting misuse.',
      ]);
      assert.deepEqual(check(template(vpc, resource('Flow', 'AWS::EC2::FlowLog', '      ResourceId: !Ref Net\n')), { rule: 'vpc-flow-logs-off' }), []);
      assert.deepEqual(check(template(vpc, resource('Flow', 'AWS::EC2::FlowLog', '      ResourceId: !ImportValue x\n')), { rule: 'vpc-flow-logs-off' }), []);
      assert.deepEqual(check(template(vpc), { rule: 'vpc-flow-logs-off', partial: true }), [], 'a partial template may have its flow log elsewhere');
    });
  });
});
