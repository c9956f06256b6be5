/**
 * Public resource policies (issue 11, class 1): the whole document judged as
 * IAM evaluates it (src/core/clouds/aws/policy.ts), where each resource type
 * keeps its policy (knowledge/policies.json), in every format. Each case is a
 * minimal reproduction of a pattern seen in real repositories.
 */
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { analyze } from '../../src/core';
import policiesJson from '../../src/core/clouds/aws/knowledge/policies.json';
import policiesSchema from '../../src/core/clouds/aws/knowledge/schema/policies.schema.json';
import { globCovers, globsOverlap, judgeAllowCondition, publicGrants, readPolicy, type ConditionTest } from '../../src/core/clouds/aws/policy';
import { parseYaml } from '../../src/core/parse/yaml';
import { get } from '../../src/core/parse/tree';
import type { Finding } from '../../src/core/types';
import { lineOf, slice } from './helpers';
import { prepareFormats } from './robustnessFormats';

const RULE = 'policy-public-principal';

function publicFindings(text: string, fileName = 'template.yaml'): Finding[] {
  return analyze(text, fileName).findings.filter((finding) => finding.ruleId === RULE);
}

/** A template with one resource of `type` whose `property` holds `document` (YAML, indented for the property). */
function template(type: string, property: string, document: string, extra = ''): string {
  const indented = document
    .trim()
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n');
  return `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Thing:\n    Type: ${type}\n    Properties:\n${extra}      ${property}:\n${indented}\n`;
}

const bucketPolicy = (statements: string): string => template('AWS::S3::BucketPolicy', 'PolicyDocument', `Version: '2012-10-17'\nStatement:\n${statements.trim()}`, '      Bucket: my-bucket\n');

const ALLOW_GET = `
- Effect: Allow
  Principal: '*'
  Action: s3:GetObject
  Resource: arn:aws:s3:::my-bucket/*`;

describe('public resource policies', () => {
  before(async () => {
    await prepareFormats();
  });

  describe('knowledge', () => {
    it('policies.json matches its schema', () => {
      const validate = new Ajv({ allErrors: true }).compile(policiesSchema);
      assert.ok(validate(policiesJson), new Ajv().errorsText(validate.errors));
    });
  });

  describe('the whole document, as IAM evaluates it', () => {
    it('an Allow to everyone with no Condition is public, and the finding sits on the principal', () => {
      const text = bucketPolicy(ALLOW_GET);
      const [finding] = publicFindings(text);
      assert.equal(slice(text, finding.span), "Principal: '*'");
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /^Name the accounts, roles or services that need access, .*\. Thing grants s3:GetObject to everyone \(Principal "\*"\) with no Condition\./, 'the action first, then what was found');
    });

    it('the standard private API policy (Deny execute-api:Invoke unless aws:SourceVpce) is not public', () => {
      const text = template(
        'AWS::ApiGateway::RestApi',
        'Policy',
        `
Statement:
  - Effect: Allow
    Principal: '*'
    Action: execute-api:Invoke
    Resource: execute-api:/*
  - Effect: Deny
    Principal: '*'
    Action: execute-api:Invoke
    Resource: execute-api:/*
    Condition:
      StringNotEquals:
        aws:sourceVpce: vpce-0123456789abcdef0`,
      );
      assert.deepEqual(publicFindings(text), []);
    });

    for (const [name, operator, key, value] of [
      ['a source IP range', 'NotIpAddress', 'aws:SourceIp', '203.0.113.0/24'],
      ['a VPC', 'StringNotEquals', 'aws:SourceVpc', 'vpc-0abc'],
      ['an organization', 'StringNotEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'],
      ['an account (IfExists)', 'StringNotEqualsIfExists', 'aws:PrincipalAccount', '111122223333'],
    ]) {
      it(`a Deny to everyone outside ${name} removes the exposure`, () => {
        const text = bucketPolicy(`${ALLOW_GET}
- Effect: Deny
  Principal: '*'
  Action: 's3:*'
  Resource: arn:aws:s3:::my-bucket/*
  Condition:
    ${operator}:
      ${key}: ${value}`);
        assert.deepEqual(publicFindings(text), []);
      });
    }

    it('a Deny that shuts out nobody (NotIpAddress 0.0.0.0/0, aws:SecureTransport, ForAnyValue) leaves it public', () => {
      for (const condition of ['NotIpAddress:\n      aws:SourceIp: 0.0.0.0/0', 'Bool:\n      aws:SecureTransport: "false"', 'ForAnyValue:StringNotEquals:\n      aws:PrincipalOrgPaths: o-a1/r-b2/ou-c3/']) {
        const text = bucketPolicy(`${ALLOW_GET}
- Effect: Deny
  Principal: '*'
  Action: 's3:*'
  Resource: arn:aws:s3:::my-bucket/*
  Condition:
    ${condition}`);
        assert.equal(publicFindings(text).length, 1, condition);
      }
    });

    it('a Deny covers only the actions it names: what it leaves is still public, and the message says so', () => {
      const text = bucketPolicy(`
- Effect: Allow
  Principal: '*'
  Action: 's3:*'
  Resource: arn:aws:s3:::my-bucket/*
- Effect: Deny
  Principal: '*'
  Action: s3:PutObject
  Resource: arn:aws:s3:::my-bucket/*
  Condition:
    StringNotEquals:
      aws:SourceVpce: vpce-1`);
      const [finding] = publicFindings(text);
      assert.match(finding.message, /grants s3:\* \(except s3:PutObject\) to everyone/);
    });

    it('actions match with wildcards: a Deny of s3:* covers s3:Get*, one of s3:GetObject does not', () => {
      const allowGetStar = ALLOW_GET.replace('s3:GetObject', "'s3:Get*'");
      const deny = (action: string): string => `
- Effect: Deny
  Principal: '*'
  Action: '${action}'
  Resource: '*'
  Condition:
    StringNotEquals:
      aws:SourceVpce: vpce-1`;
      assert.deepEqual(publicFindings(bucketPolicy(allowGetStar + deny('s3:*'))), []);
      assert.equal(publicFindings(bucketPolicy(allowGetStar + deny('s3:GetObject'))).length, 1);
      assert.ok(globCovers('s3:*', 's3:Get*'));
      assert.ok(!globCovers('s3:GetObject', 's3:Get*'));
      assert.ok(globsOverlap('s3:GetObject', 's3:Get*'));
      assert.ok(!globsOverlap('sqs:*', 's3:*'));
    });

    it('a Deny on other resources does not cover the Allow', () => {
      const text = bucketPolicy(`${ALLOW_GET}
- Effect: Deny
  Principal: '*'
  Action: 's3:*'
  Resource: arn:aws:s3:::other-bucket/*
  Condition:
    StringNotEquals:
      aws:SourceVpce: vpce-1`);
      assert.equal(publicFindings(text).length, 1);
    });

    it('a Deny to everyone but named principals (NotPrincipal) is a boundary', () => {
      const text = bucketPolicy(`${ALLOW_GET}
- Effect: Deny
  NotPrincipal:
    AWS: arn:aws:iam::111122223333:role/reader
  Action: 's3:*'
  Resource: '*'`);
      assert.deepEqual(publicFindings(text), []);
    });

    it('actions outside the resource policy’s service are not granted by it: Action "*" on a bucket is s3:*', () => {
      const text = bucketPolicy(ALLOW_GET.replace('s3:GetObject', "'*'"));
      assert.match(publicFindings(text)[0].message, /grants s3:\* to everyone/);
      assert.deepEqual(publicFindings(bucketPolicy(ALLOW_GET.replace('s3:GetObject', 'sqs:SendMessage'))), []);
    });
  });

  describe('principals', () => {
    for (const principal of ["Principal: '*'", "Principal:\n    AWS: '*'", "Principal:\n    AWS:\n      - arn:aws:iam::111122223333:root\n      - '*'", 'NotPrincipal:\n    AWS: arn:aws:iam::111122223333:root']) {
      it(`${principal.split('\n').join(' ')} is everyone`, () => {
        const text = bucketPolicy(`
- Effect: Allow
  ${principal}
  Action: s3:GetObject
  Resource: arn:aws:s3:::my-bucket/*`);
        const [finding] = publicFindings(text);
        assert.ok(finding, principal);
        assert.ok(slice(text, finding.span).startsWith(principal.split(':')[0]));
      });
    }

    for (const principal of ["Principal:\n    AWS: arn:aws:iam::111122223333:root", 'Principal:\n    Service: cloudfront.amazonaws.com', 'Principal: !Ref Reader']) {
      it(`${principal.split('\n').join(' ')} is not everyone`, () => {
        const text = bucketPolicy(`
- Effect: Allow
  ${principal}
  Action: s3:GetObject
  Resource: arn:aws:s3:::my-bucket/*`);
        assert.deepEqual(publicFindings(text), []);
      });
    }
  });

  describe('conditions, judged by key and value', () => {
    const test = (operator: string, key: string, ...values: string[]): ConditionTest => ({
      operator,
      key,
      values: values.map((text) => ({ text, unknown: text.includes('${'), span: { offset: 0, length: 0 } })),
      span: { offset: 0, length: 0 },
    });

    it('keys that restrict who, with fixed values, restrict', () => {
      for (const condition of [
        test('StringEquals', 'aws:SourceVpce', 'vpce-1'),
        test('StringEquals', 'aws:SourceVpc', 'vpc-1'),
        test('IpAddress', 'aws:SourceIp', '198.51.100.0/24'),
        test('StringEquals', 'aws:PrincipalOrgID', 'o-1'),
        test('ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', 'o-1/r-2/ou-3/*'),
        test('StringEquals', 'aws:PrincipalAccount', '111122223333'),
        test('StringEquals', 'aws:SourceAccount', '111122223333'),
        test('ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-1:111122223333:topic'),
        test('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::my-bucket'),
        test('ArnLike', 'aws:SourceArn', 'arn:aws:s3:*:*:my-bucket'),
        test('StringEquals', 'aws:SourceOwner', '111122223333'),
        test('ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/app'),
        test('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/*'),
        test('StringEquals', 'kms:CallerAccount', '111122223333'),
        test('StringEquals', 'kms:ViaService', 's3.us-east-1.amazonaws.com'),
        test('StringEquals', 'aws:SourceVpce', '${Endpoint}'),
      ]) {
        assert.equal(judgeAllowCondition(condition).restricts, true, `${condition.operator} ${condition.key}`);
      }
    });

    it('keys and values that restrict nobody do not, and say why', () => {
      for (const [condition, why] of [
        [test('Bool', 'aws:SecureTransport', 'true'), /aws:SecureTransport says nothing about who calls/],
        [test('StringLike', 'aws:UserAgent', 'curl*'), /says nothing/],
        [test('DateGreaterThan', 'aws:CurrentTime', '2024-01-01T00:00:00Z'), /says nothing/],
        [test('StringLike', 'aws:Referer', 'https://example.com/*'), /says nothing/],
        [test('StringLike', 'aws:SourceArn', '*'), /StringLike "\*" on aws:SourceArn matches every caller/],
        [test('IpAddress', 'aws:SourceIp', '0.0.0.0/0'), /0\.0\.0\.0\/0 is the whole internet/],
        [test('ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/admin'), /matches any account/],
        [test('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::*'), /matches any account/],
        [test('StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1'), /lets requests without aws:SourceVpce through/],
        [test('ForAllValues:StringEquals', 'aws:PrincipalOrgPaths', 'o-1/r-2/'), /ForAllValues holds for requests without/],
        [test('Null', 'aws:SourceVpce', 'false'), /Null only tests whether aws:SourceVpce is present/],
        [test('StringNotEquals', 'aws:SourceVpce', 'vpce-1'), /lets every other value in/],
        [test('StringLike', 'aws:PrincipalOrgID', 'o-*'), /matches callers in any account/],
      ] as const) {
        const judgement = judgeAllowCondition(condition);
        assert.equal(judgement.restricts, false, `${condition.operator} ${condition.key}`);
        assert.match(judgement.why ?? '', why);
      }
    });

    it('a policy public despite its Condition is caught, and the message says why the Condition restricts nobody', () => {
      const text = bucketPolicy(`${ALLOW_GET}
  Condition:
    Bool:
      aws:SecureTransport: 'true'
    StringLike:
      aws:Referer: https://www.example.com/*`);
      const [finding] = publicFindings(text);
      assert.match(finding.message, /its Condition restricts nobody: aws:SecureTransport says nothing about who calls; aws:Referer says nothing about who calls/);
    });

    it('one restricting condition among others restricts (conditions are all required)', () => {
      const text = bucketPolicy(`${ALLOW_GET}
  Condition:
    Bool:
      aws:SecureTransport: 'true'
    StringEquals:
      aws:SourceAccount: '111122223333'`);
      assert.deepEqual(publicFindings(text), []);
    });

    it('a value known only at deploy time restricts: never a finding', () => {
      const text = bucketPolicy(`${ALLOW_GET}
  Condition:
    IpAddress:
      aws:SourceIp: !Ref OfficeCidr`);
      assert.deepEqual(publicFindings(text), []);
    });

    it('a parameter Default is a value written down: a world-wide default is public and says where it came from, a narrow one restricts', () => {
      const withDefault = (value: string) =>
        `Parameters:\n  OfficeCidr:\n    Type: String\n    Default: ${value}\n${bucketPolicy(`${ALLOW_GET}
  Condition:
    IpAddress:
      aws:SourceIp: !Ref OfficeCidr`)}`;
      assert.deepEqual(publicFindings(withDefault('203.0.113.0/24')), []);
      const [finding] = publicFindings(withDefault('0.0.0.0/0'));
      assert.match(finding.message, /aws:SourceIp 0\.0\.0\.0\/0 is the whole internet/);
      const everyone = `Parameters:\n  Reader:\n    Type: String\n    Default: '*'\n${bucketPolicy(ALLOW_GET.replace("Principal: '*'", 'Principal: !Ref Reader'))}`;
      const [fromDefault] = publicFindings(everyone);
      assert.equal(slice(everyone, fromDefault.span), 'Principal: !Ref Reader');
      assert.match(fromDefault.message, /The value comes from the Default of parameter Reader\.$/);
      assert.equal(fromDefault.fix, undefined);
    });
  });

  describe('where the policy decides it', () => {
    it('a VPC endpoint policy is not public exposure', () => {
      const text = template('AWS::EC2::VPCEndpoint', 'PolicyDocument', "Statement:\n  - Effect: Allow\n    Principal: '*'\n    Action: '*'\n    Resource: '*'", '      VpcId: vpc-1\n      ServiceName: com.amazonaws.us-east-1.s3\n');
      assert.deepEqual(publicFindings(text), []);
      assert.deepEqual(analyze(text, 'template.yaml').findings.map((finding) => finding.ruleId), [], 'the default endpoint policy (Action "*" on Resource "*") grants nothing, so it is no administrator policy either');
    });

    it('an OpenSearch or Elasticsearch domain in a VPC with an open policy is not public; without VPCOptions it is', () => {
      const open = "Statement:\n  - Effect: Allow\n    Principal:\n      AWS: '*'\n    Action: 'es:ESHttp*'\n    Resource: '*'";
      for (const type of ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain']) {
        assert.deepEqual(publicFindings(template(type, 'AccessPolicies', open, '      VPCOptions:\n        SubnetIds: [subnet-1]\n')), [], type);
        assert.equal(publicFindings(template(type, 'AccessPolicies', open)).length, 1, type);
      }
    });

    it('a Lambda permission to "*" without a source condition is public; with SourceArn or SourceAccount it is not', () => {
      const permission = (extra: string): string =>
        `Resources:\n  Allow:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: my-function\n      Action: lambda:InvokeFunction\n      Principal: '*'\n${extra}`;
      const [finding] = publicFindings(permission(''));
      assert.match(finding.message, /grants lambda:InvokeFunction to everyone/);
      assert.deepEqual(publicFindings(permission('      SourceArn: arn:aws:s3:::my-bucket\n')), []);
      assert.deepEqual(publicFindings(permission("      SourceAccount: '111122223333'\n")), []);
      assert.deepEqual(publicFindings(permission('      FunctionUrlAuthType: NONE\n')), [], 'a function URL is judged by lambda-public-function-url');
    });

    it('a role anyone can assume is public', () => {
      const text = template('AWS::IAM::Role', 'AssumeRolePolicyDocument', "Statement:\n  - Effect: Allow\n    Principal:\n      AWS: '*'\n    Action: sts:AssumeRole");
      assert.match(publicFindings(text)[0].message, /grants sts:AssumeRole to everyone/);
    });

    it('queues, topics, keys and repositories are checked; identity policies name no principal', () => {
      for (const [type, property, action] of [
        ['AWS::SQS::QueuePolicy', 'PolicyDocument', 'sqs:SendMessage'],
        ['AWS::SNS::TopicPolicy', 'PolicyDocument', 'sns:Publish'],
        ['AWS::KMS::Key', 'KeyPolicy', 'kms:Decrypt'],
        ['AWS::ECR::Repository', 'RepositoryPolicyText', 'ecr:BatchGetImage'],
        ['AWS::SecretsManager::ResourcePolicy', 'ResourcePolicy', 'secretsmanager:GetSecretValue'],
      ]) {
        const text = template(type, property, `Statement:\n  - Effect: Allow\n    Principal: '*'\n    Action: ${action}\n    Resource: '*'`);
        assert.equal(publicFindings(text).length, 1, type);
      }
    });

    it('a key policy limited to the account and a service (kms:CallerAccount, kms:ViaService) is not public', () => {
      const text = template(
        'AWS::KMS::Key',
        'KeyPolicy',
        `Statement:
  - Effect: Allow
    Principal:
      AWS: '*'
    Action: ['kms:Encrypt', 'kms:Decrypt']
    Resource: '*'
    Condition:
      StringEquals:
        kms:CallerAccount: '111122223333'
        kms:ViaService: s3.us-east-1.amazonaws.com`,
      );
      assert.deepEqual(publicFindings(text), []);
    });

    it('statements inside !If branches are read, as a warning that names the template condition; a !Ref AWS::NoValue branch adds nothing', () => {
      const text = bucketPolicy(`
- !If
  - IsPublic
  - Effect: Allow
    Principal: '*'
    Action: s3:GetObject
    Resource: arn:aws:s3:::my-bucket/*
  - !Ref AWS::NoValue`);
      const [finding, ...rest] = publicFindings(text);
      assert.deepEqual(rest, []);
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, /deployed only when the template condition IsPublic holds/);
    });
  });

  describe('policies written as strings', () => {
    it('CloudFormation JSON in a string (PolicyDocument: \'{…}\'), with the finding inside the string', () => {
      const text = template('AWS::SQS::QueuePolicy', 'PolicyDocument', `'{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]}'`).replace('PolicyDocument:\n        ', 'PolicyDocument: ');
      const [finding] = publicFindings(text);
      assert.equal(slice(text, finding.span), '"Principal": "*"');
    });

    it('!Sub JSON with ${…}: each interpolation is one unknown value, not a reason to skip the document', () => {
      const text = template(
        'AWS::SNS::TopicPolicy',
        'PolicyDocument',
        `!Sub |
  {
    "Statement": [{
      "Effect": "Allow",
      "Principal": {"AWS": "*"},
      "Action": "sns:Publish",
      "Resource": "arn:aws:sns:\${AWS::Region}:\${AWS::AccountId}:alerts"
    }]
  }`,
      );
      const [finding] = publicFindings(text);
      assert.equal(slice(text, finding.span), '"Principal": {"AWS": "*"}');
      assert.equal(lineOf(text, finding.span.offset), 11);
      const restricted = text.replace('"Action"', '"Condition": {"StringEquals": {"aws:SourceAccount": "${AWS::AccountId}"}}, "Action"');
      assert.deepEqual(publicFindings(restricted), [], 'an interpolated condition value restricts');
    });

    it('Fn::Join that rebuilds JSON from pieces', () => {
      const text = template(
        'AWS::SQS::QueuePolicy',
        'PolicyDocument',
        `Fn::Join:
  - ''
  - - '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "'
    - !GetAtt Queue.Arn
    - '"}]}'`,
      );
      const [finding] = publicFindings(text);
      assert.equal(slice(text, finding.span), '"Principal": "*"');
    });

    it('Fn::ToJsonString holds the document itself', () => {
      const text = template('AWS::ApiGateway::DomainNameV2', 'Policy', "Fn::ToJsonString:\n  Statement:\n    - Effect: Allow\n      Principal: '*'\n      Action: execute-api:Invoke\n      Resource: execute-api:/*");
      assert.equal(publicFindings(text).length, 1);
    });

    it('CloudFormation JSON templates', () => {
      const document = {
        Resources: {
          Policy: {
            Type: 'AWS::S3::BucketPolicy',
            Properties: {
              Bucket: 'b',
              PolicyDocument: {
                Statement: [
                  { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
                  { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } } },
                ],
              },
            },
          },
        },
      };
      assert.deepEqual(publicFindings(JSON.stringify(document, null, 2), 'template.json'), []);
      document.Resources.Policy.Properties.PolicyDocument.Statement.pop();
      const text = JSON.stringify(document, null, 2);
      const [finding] = publicFindings(text, 'template.json');
      assert.equal(slice(text, finding.span), '"Principal": "*"');
    });
  });

  describe('Terraform', () => {
    it('aws_iam_policy_document with principals type "*" or AWS "*", judged with its condition blocks', () => {
      const document = (extra: string): string => `data "aws_iam_policy_document" "api" {
  statement {
    effect    = "Allow"
    actions   = ["execute-api:Invoke"]
    resources = ["execute-api:/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
${extra}}
`;
      const text = document('');
      const [finding] = publicFindings(text, 'main.tf');
      assert.ok(slice(text, finding.span).startsWith('principals {'));
      const boundary = document(`  statement {
    effect    = "Deny"
    actions   = ["execute-api:Invoke"]
    resources = ["execute-api:/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpce"
      values   = [var.vpce_id]
    }
  }
`);
      assert.deepEqual(publicFindings(boundary, 'main.tf'), []);
    });

    it('a heredoc policy with ${…} is read, with the finding on its principal line', () => {
      const text = `resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = <<EOF
{
  "Statement": [{
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "Resource": "\${aws_s3_bucket.site.arn}/*"
  }]
}
EOF
}
`;
      const [finding] = publicFindings(text, 'main.tf');
      assert.equal(slice(text, finding.span), '"Principal": "*"');
      assert.equal(lineOf(text, finding.span.offset), 7);
    });

    it('a policy document used only as a VPC endpoint policy is not exposure; used by a bucket as well, it is', () => {
      const text = (user: string): string => `data "aws_iam_policy_document" "endpoint" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id       = aws_vpc.main.id
  service_name = "com.amazonaws.us-east-1.s3"
  policy       = data.aws_iam_policy_document.endpoint.json
}
module "endpoints" {
  source    = "terraform-aws-modules/vpc/aws//modules/vpc-endpoints"
  endpoints = { s3 = { policy = data.aws_iam_policy_document.endpoint.json } }
}
${user}`;
      assert.deepEqual(publicFindings(text(''), 'main.tf'), []);
      const everything = text('').replace('actions   = ["s3:GetObject"]', 'actions   = ["*"]');
      assert.deepEqual(analyze(everything, 'main.tf').findings.map((finding) => finding.ruleId), [], 'Action "*" on Resource "*" in an endpoint policy is no administrator policy');
      const endpoint = 'resource "aws_vpc_endpoint" "d" {\n  vpc_id       = "vpc-1"\n  service_name = "com.amazonaws.us-east-1.dynamodb"\n  policy       = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "*", Resource = "*" }] })\n}\n';
      assert.deepEqual(analyze(endpoint, 'main.tf').findings.map((finding) => finding.ruleId), []);
      const shared = text('resource "aws_s3_bucket_policy" "b" {\n  bucket = "b"\n  policy = data.aws_iam_policy_document.endpoint.json\n}\n');
      assert.equal(publicFindings(shared, 'main.tf').length, 1);
    });

    it('jsonencode policies, Lambda permissions, VPC endpoints and OpenSearch domains in a VPC', () => {
      const text = `resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.q.arn
    }]
  })
}
resource "aws_lambda_permission" "any" {
  function_name = aws_lambda_function.f.function_name
  action        = "lambda:InvokeFunction"
  principal     = "*"
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id       = aws_vpc.main.id
  service_name = "com.amazonaws.us-east-1.s3"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "*", Resource = "*" }]
  })
}
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
  vpc_options {
    subnet_ids = [aws_subnet.a.id]
  }
  access_policies = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "es:*", Resource = "*" }]
  })
}
`;
      assert.deepEqual(
        publicFindings(text, 'main.tf').map((finding) => `${lineOf(text, finding.span.offset)} ${finding.resource}`),
        ['6 aws_sqs_queue_policy.q', '15 aws_lambda_permission.any'],
      );
    });

    it('an Elasticsearch or OpenSearch domain with vpc_options is not public, also through a split domain policy and its document', () => {
      const text = (vpc: string): string => `resource "aws_elasticsearch_domain" "logs" {
  domain_name = "logs"
${vpc}}
data "aws_iam_policy_document" "open" {
  statement {
    actions   = ["es:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}
resource "aws_elasticsearch_domain_policy" "logs" {
  domain_name     = aws_elasticsearch_domain.logs.domain_name
  access_policies = data.aws_iam_policy_document.open.json
}
resource "aws_opensearch_domain" "search" {
  domain_name = "search"
${vpc}  access_policies = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "es:ESHttpGet", Resource = "*" }] })
}
`;
      assert.deepEqual(publicFindings(text('  vpc_options {\n    subnet_ids = [aws_subnet.a.id]\n  }\n'), 'main.tf'), []);
      assert.deepEqual(
        publicFindings(text(''), 'main.tf').map((finding) => finding.resource),
        ['data.aws_iam_policy_document.open', 'aws_opensearch_domain.search'],
      );
    });

    it('split policy resources the mapping does not translate: ECR repository policies, layer permissions', () => {
      const text = `resource "aws_ecr_repository_policy" "r" {
  repository = aws_ecr_repository.r.name
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }]
  })
}
resource "aws_lambda_layer_version_permission" "any" {
  layer_name     = aws_lambda_layer_version.l.layer_arn
  version_number = 1
  statement_id   = "everyone"
  action         = "lambda:GetLayerVersion"
  principal      = "*"
}
resource "aws_lambda_layer_version_permission" "org" {
  layer_name      = aws_lambda_layer_version.l.layer_arn
  version_number  = 1
  statement_id    = "org"
  action          = "lambda:GetLayerVersion"
  principal       = "*"
  organization_id = "o-a1b2c3d4e5"
}
`;
      assert.deepEqual(
        publicFindings(text, 'main.tf').map((finding) => `${lineOf(text, finding.span.offset)} ${finding.resource}`),
        ['4 aws_ecr_repository_policy.r', '12 aws_lambda_layer_version_permission.any'],
      );
    });
  });

  describe('SAM and Serverless', () => {
    it('SAM Auth.ResourcePolicy: CustomStatements to everyone are public unless an allow-list (IpRangeWhitelist …) bounds them', () => {
      const api = (extra: string): string => `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ResourcePolicy:
          CustomStatements:
            - Effect: Allow
              Principal: '*'
              Action: execute-api:Invoke
              Resource: execute-api:/*
${extra}`;
      assert.equal(publicFindings(api('')).length, 1);
      assert.deepEqual(publicFindings(api('          IpRangeWhitelist:\n            - 198.51.100.0/24\n')), []);
    });

    it('Serverless provider.apiGateway.resourcePolicy is judged like a template policy', () => {
      const file = (condition: string): string => `service: api
provider:
  name: aws
  runtime: nodejs20.x
  apiGateway:
    resourcePolicy:
      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: execute-api:/*/*/*
${condition}functions:
  hello:
    handler: handler.hello
`;
      const [finding] = publicFindings(file(''), 'serverless.yml');
      assert.equal(finding.resource, 'ApiGatewayRestApi');
      assert.deepEqual(publicFindings(file('        Condition:\n          IpAddress:\n            aws:SourceIp: [198.51.100.0/24]\n'), 'serverless.yml'), []);
      assert.equal(publicFindings(file('        Condition:\n          IpAddress:\n            aws:SourceIp: [0.0.0.0/0]\n'), 'serverless.yml').length, 1);
    });
  });

  describe('reading documents directly', () => {
    it('a document only known at deploy time, or with a statement that is, gives nothing', () => {
      assert.equal(readPolicy(get(parseYaml('p: !Ref PolicyParameter\n').root, 'p')), undefined);
      const partly = readPolicy(get(parseYaml("p:\n  Statement:\n    - !ImportValue shared-deny\n    - Effect: Allow\n      Principal: '*'\n      Action: s3:GetObject\n").root, 'p'));
      assert.ok(partly?.incomplete);
      assert.deepEqual(publicGrants(partly!), []);
    });
  });
});
