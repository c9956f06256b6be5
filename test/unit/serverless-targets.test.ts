/**
 * Where each Serverless setting lands in CloudFormation (src/core/formats/serverless/analyze.ts):
 * the resource type whose knowledge attributes it, the row and owner that
 * gives, and which keys are blocks rather than values, key by key.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { isServerlessFileName } from '../../src/core/formats/serverless/analyze';

const SERVICE = `service: s
provider:
  name: aws
  stage: dev
  runtime: nodejs14.x
  runtimeManagement: manual
  logRetentionInDays: 7
  logs:
    restApi: true
  deploymentBucket:
    serverSideEncryption: AES256
    blockPublicAccess: true
    name: b
  apiGateway:
    disableDefaultEndpoint: true
    apiKeys: [k]
    usagePlan:
      quota: {limit: 5}
    minimumCompressionSize: 1024
  httpApi:
    cors: true
  stackTags:
    a: b
  tracing:
    lambda: true
  memorySize: 512
functions:
  f:
    name: x
    description: d
    handler: h.main
    role: arn:aws:iam::1:role/r
    kmsKeyArn: arn:k
    layers: [arn:l]
    image: uri
    tracing: Active
    runtimeManagement:
      mode: auto
    timeout: 10
    tags: {t: v}
    vpc:
      securityGroupIds: [sg-1]
    url:
      authorizer: aws_iam
      cors:
        allowedOrigins: ['*']
      invokeMode: RESPONSE_STREAM
    events:
      - http:
          path: /x
          private: true
          authorizer: aws_iam
      - schedule: rate(1 minute)
      - s3: bucket
      - websocket:
          route: $connect
    environment:
      A: b
  g:
    image:
      name: img
      command: [x]
    runtime: python3.12
`;

describe('Serverless settings, key by key', () => {
  it('each provider and function key is attributed through the CloudFormation type it becomes', () => {
    const analysis = analyze(SERVICE, 'serverless.yml');
    assert.deepEqual(
      // The confidence says whether the CloudFormation property a key becomes is one the knowledge curates:
      // a key mapped to the wrong property would fall back to a derived attribution.
      analysis.settings.map((setting) => `${setting.path} ${setting.resourceType} ${setting.attribution.row} ${setting.attribution.owner} ${setting.leaf} ${setting.attribution.confidence}${setting.attribution.basis ? ` ${setting.attribution.basis}` : ''}`),
      [
      'runtime AWS::Lambda::Function guest-os-patching customer true curated',
      'runtimeManagement AWS::Lambda::Function guest-os-patching customer true curated',
      'logRetentionInDays AWS::Logs::LogGroup account-compromise customer true curated',
      'logs AWS::ApiGateway::Stage account-compromise customer false curated',
      'logs.restApi AWS::ApiGateway::Stage account-compromise customer true curated',
      'deploymentBucket AWS::S3::Bucket customer-data customer false derived resource-purpose',
      'deploymentBucket.serverSideEncryption AWS::S3::Bucket customer-data customer true curated',
      'deploymentBucket.blockPublicAccess AWS::S3::Bucket restrict-access customer true curated',
      'deploymentBucket.name AWS::S3::Bucket customer-data customer true derived name-pattern',
      'apiGateway AWS::ApiGateway::RestApi custom-applications customer false derived resource-purpose',
      'apiGateway.disableDefaultEndpoint AWS::ApiGateway::RestApi network-security customer true curated',
      'apiGateway.apiKeys AWS::ApiGateway::ApiKey restrict-access customer true curated',
      'apiGateway.usagePlan AWS::ApiGateway::UsagePlan restrict-access customer false curated',
      'apiGateway.usagePlan.quota AWS::ApiGateway::UsagePlan restrict-access customer false curated',
      'apiGateway.usagePlan.quota.limit AWS::ApiGateway::UsagePlan restrict-access customer true curated',
      'apiGateway.minimumCompressionSize AWS::ApiGateway::RestApi custom-applications customer true derived resource-purpose',
      'httpApi AWS::ApiGatewayV2::Api custom-applications customer false derived resource-purpose',
      'httpApi.cors AWS::ApiGatewayV2::Api custom-applications customer true derived name-pattern',
      'stackTags AWS::Lambda::Function compliant-use customer false curated',
      'stackTags.a AWS::Lambda::Function compliant-use customer true curated',
      'tracing AWS::Lambda::Function account-compromise customer false curated',
      'tracing.lambda AWS::Lambda::Function account-compromise customer true curated',
      'memorySize AWS::Lambda::Function business-continuity customer true derived name-pattern',
      'handler AWS::Lambda::Function custom-applications customer true curated',
      'role AWS::Lambda::Function restrict-access customer true curated',
      'kmsKeyArn AWS::Lambda::Function customer-data customer true curated',
      'layers AWS::Lambda::Function custom-applications customer true curated',
      'image AWS::Lambda::Function guest-os-patching shared true curated',
      'tracing AWS::Lambda::Function account-compromise customer true curated',
      'runtimeManagement AWS::Lambda::Function guest-os-patching shared false curated',
      'runtimeManagement.mode AWS::Lambda::Function guest-os-patching shared true curated',
      'timeout AWS::Lambda::Function business-continuity customer true derived name-pattern',
      'tags AWS::Lambda::Function compliant-use customer false curated',
      'tags.t AWS::Lambda::Function compliant-use customer true curated',
      'vpc AWS::Lambda::Function network-security customer false curated',
      'vpc.securityGroupIds AWS::Lambda::Function network-security customer true curated',
      'url AWS::Lambda::Url restrict-access customer false curated',
      'url.authorizer AWS::Lambda::Url restrict-access customer true curated',
      'url.cors AWS::Lambda::Url restrict-access customer false curated',
      'url.cors.allowedOrigins AWS::Lambda::Url restrict-access customer true curated',
      'url.invokeMode AWS::Lambda::Url custom-applications customer true derived resource-purpose',
      'events AWS::Lambda::Function custom-applications customer false derived resource-purpose',
      'events[0].http AWS::ApiGateway::Method custom-applications customer false derived resource-purpose',
      'events[0].http.path AWS::ApiGateway::Method custom-applications customer true derived resource-purpose',
      'events[0].http.private AWS::ApiGateway::Method restrict-access customer true curated',
      'events[0].http.authorizer AWS::ApiGateway::Method restrict-access customer true curated',
      'events[1].schedule AWS::Events::Rule custom-applications customer true derived resource-purpose',
      'events[2].s3 AWS::Lambda::Permission restrict-access customer true derived resource-purpose',
      'events[3].websocket AWS::ApiGatewayV2::Route custom-applications customer false derived resource-purpose',
      'events[3].websocket.route AWS::ApiGatewayV2::Route custom-applications customer true derived resource-purpose',
      'environment AWS::Lambda::Function customer-data customer false curated',
      'environment.A AWS::Lambda::Function customer-data customer true curated',
      'image AWS::Lambda::Function guest-os-patching shared false curated',
      'image.name AWS::Lambda::Function guest-os-patching shared true curated',
      'image.command AWS::Lambda::Function guest-os-patching shared true curated',
      'runtime AWS::Lambda::Function guest-os-patching customer true curated',
      ],
    );
    assert.deepEqual(analysis.resources.map((resource) => resource.logicalId), ['provider', 'function:f', 'function:g']);
    assert.deepEqual(analysis.findings.map((finding) => `${finding.ruleId} ${finding.resource}`), ['lambda-deprecated-runtime provider']);
  });

  it('is recognised as serverless.yml or .yaml in any folder, in any case', () => {
    assert.equal(isServerlessFileName('serverless.yml'), true);
    assert.equal(isServerlessFileName('svc\\Serverless.YAML'), true);
    assert.equal(isServerlessFileName('app/serverless.yaml'), true);
    assert.equal(isServerlessFileName('my-serverless.yml'), false);
    assert.equal(isServerlessFileName('serverless.yml.bak'), false);
  });
});

describe('Serverless sections', () => {
  /** Resources, settings and findings of a service, as a user sees them in order. */
  function service(text: string): { resources: string[]; settings: string[]; findings: string[]; errors: string[] } {
    const analysis = analyze(text, 'serverless.yml');
    const at = (span: { offset: number; length: number }): string => text.slice(span.offset, span.offset + span.length).split('\n')[0];
    return {
      resources: analysis.resources.map((resource) => `${resource.logicalId}@${at(resource.key)}`),
      settings: analysis.settings.map((setting) => `${setting.resource}:${setting.path}`),
      findings: analysis.findings.map((finding) => `${finding.ruleId} ${finding.resource} [${at(finding.span)}] ${finding.severity}`),
      errors: analysis.errors.map((error) => `${error.severity ?? 'error'} ${at(error.span)}`),
    };
  }

  it('functions as a list of maps, resources as a list of templates, everything in file order', () => {
    assert.deepEqual(
      service('service: s\nfunctions:\n  - f:\n      handler: a.b\n  - g:\n      handler: c.d\n  - just-text\nresources:\n  - Resources:\n      Q:\n        Type: AWS::SQS::Queue\n        Properties: {SqsManagedSseEnabled: false}\n  - ${file(extra.yml)}\n  - Outputs: {}\nprovider:\n  name: aws\n  runtime: nodejs20.x\n'),
      {
        resources: ['function:f@f', 'function:g@g', 'Q@Q', 'provider@provider'],
        settings: ['function:f:handler', 'function:g:handler', 'Q:Properties.SqsManagedSseEnabled', 'provider:runtime'],
        findings: ['sqs-sse-off Q [SqsManagedSseEnabled: false] warning', 'lambda-deprecated-runtime provider [runtime: nodejs20.x] warning'],
        errors: [],
      },
    );
  });

  it('resources as one template get everything templates get; a broken file makes them partial', () => {
    assert.deepEqual(service('service: s\nprovider:\n  name: aws\nresources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n').findings, ['s3-access-logging-off B [B] warning', 's3-versioning-off B [B] info']);
    const broken = service('service: s\nprovider:\n  name: aws\n  resourcePolicy:\n    - Effect: Allow\n      Principal: "*"\n      Action: execute-api:Invoke\nresources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n      Properties: [\n');
    assert.deepEqual(broken.findings, ['policy-public-principal ApiGatewayRestApi [Principal: "*"] error'], 'nothing reported missing from a partial template; the old provider.resourcePolicy is judged');
    assert.deepEqual(broken.resources, ['provider@provider', 'B@B']);
    assert.equal(broken.errors.length, 1);
  });

  it('a provider or function that is not a map is not one', () => {
    assert.deepEqual(service('service: s\nprovider: aws\nfunctions:\n  f: a.b\n  g:\n    handler: x\n'), { resources: ['function:g@g'], settings: ['function:g:handler'], findings: [], errors: [] });
    assert.deepEqual(service('- just\n- a list\n'), { resources: [], settings: [], findings: [], errors: [] });
  });

  it('another cloud is noted on its name and nothing is attributed; a variable name is still AWS', () => {
    assert.deepEqual(service('service: s\nprovider:\n  name: Azure\n  runtime: nodejs20.x\nfunctions:\n  f:\n    handler: a\n'), { resources: [], settings: [], findings: [], errors: ['info Azure'] });
    assert.deepEqual(service('service: s\nprovider:\n  name: ${opt:cloud}\n  runtime: nodejs20.x\n').resources, ['provider@provider']);
  });

  it('IAM statements, environment secrets, the API resource policy and public function URLs', () => {
    const text =
      'service: s\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: "*"\n          Resource: "*"\n  iamRoleStatements:\n    - Effect: Allow\n      Action: "*"\n      Resource: "*"\n  environment:\n    DB_PASSWORD: Tr0ub4dor-and-3\n    AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n    TOKEN: ${ssm:/x}\n  apiGateway:\n    resourcePolicy:\n      - Effect: Allow\n        Principal: "*"\n        Action: execute-api:Invoke\n        Resource: execute-api:/*\nfunctions:\n  f:\n    handler: a\n    url: true\n  g:\n    handler: b\n    url:\n      authorizer: none\n  h:\n    handler: c\n    url:\n      cors: true\n  i:\n    handler: d\n    url:\n      authorizer: aws_iam\n  j:\n    handler: e\n    url: "TRUE"\n  k:\n    handler: e\n    url: false\n';
    assert.deepEqual(service(text).findings, [
      'iam-admin-wildcard provider [Action: "*"] error',
      'iam-admin-wildcard provider [Action: "*"] error',
      'literal-secret provider [DB_PASSWORD: Tr0ub4dor-and-3] error',
      'literal-secret provider [AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE] warning',
      'policy-public-principal ApiGatewayRestApi [Principal: "*"] error',
      'lambda-public-function-url function:f [url: true] warning',
      'lambda-public-function-url function:g [url:] warning',
      'lambda-public-function-url function:h [url:] warning',
      'lambda-public-function-url function:j [url: "TRUE"] warning',
    ]);
    const messages = analyze(text, 'serverless.yml').findings.filter((finding) => finding.ruleId === 'lambda-public-function-url').map((finding) => /\(([^)]*)\)/.exec(finding.message.slice(finding.message.indexOf('function:')))?.[1]);
    assert.deepEqual(messages, ['url: true', 'authorizer not set', 'authorizer not set', 'url: TRUE']);
  });
});
