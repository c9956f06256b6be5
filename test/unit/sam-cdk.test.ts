import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { analyzeFixture, findingsBy, lineOf, setting, slice } from './helpers';

describe('SAM specifics', () => {
  const { text, analysis } = analyzeFixture('test/fixtures/sam/template.yaml');

  it('Globals sections are attributed as properties of every resource of their type', () => {
    assert.deepEqual(analysis.errors, []);
    const runtime = setting(analysis, 'Globals.Function', 'Properties.Runtime');
    assert.equal(slice(text, runtime.span), 'Runtime: python3.7');
    assert.equal(lineOf(text, runtime.key.offset), 7);
    assert.deepEqual([runtime.resourceType, runtime.attribution.owner, runtime.attribution.row], ['AWS::Serverless::Function', 'customer', 'guest-os-patching']);
    assert.equal(setting(analysis, 'Globals.Api', 'Properties.Auth.DefaultAuthorizer').attribution.row, 'restrict-access');
    const globalsResource = analysis.resources.find((resource) => resource.logicalId === 'Globals.Function')!;
    assert.equal(slice(text, globalsResource.key), 'Function');
  });

  it('a deprecated runtime or a literal secret in Globals is a finding on the Globals line', () => {
    const globals = analysis.findings.filter((finding) => finding.resource === 'Globals.Function');
    assert.deepEqual(globals.map((finding) => `${lineOf(text, finding.span.offset)} ${finding.ruleId}`), ['7 lambda-deprecated-runtime', '11 literal-secret']);
    assert.ok(!globals[1].message.includes('sam-Globals-fixture-key-7f3a9'));
  });

  it('functions inherit Globals for value-dependent rules', () => {
    const template = [
      'Transform: AWS::Serverless-2016-10-31',
      'Globals:',
      '  Function:',
      '    RuntimeManagementConfig:',
      '      UpdateRuntimeOn: Manual',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs22.x',
      '',
    ].join('\n');
    const inherited = analyze(template, 't.yaml');
    assert.equal(setting(inherited, 'Fn', 'Properties.Runtime').attribution.owner, 'customer', 'Manual updates from Globals make patching the customer’s');
    const auto = analyze(template.replace('Manual', 'Auto'), 't.yaml');
    assert.equal(setting(auto, 'Fn', 'Properties.Runtime').attribution.owner, 'aws');
  });

  it('Policies, AutoPublishAlias, DeploymentPreference, Events auth, Layers and PackageType are attributed', () => {
    const row = (resource: string, path: string) => setting(analysis, resource, path).attribution.row;
    assert.equal(row('OrdersFunction', 'Properties.Policies[0].DynamoDBReadPolicy'), 'restrict-access');
    assert.equal(row('OrdersFunction', 'Properties.AutoPublishAlias'), 'business-continuity');
    assert.equal(row('OrdersFunction', 'Properties.DeploymentPreference.Type'), 'business-continuity');
    assert.equal(row('OrdersFunction', 'Properties.Events.PublicPing.Properties.Auth.Authorizer'), 'restrict-access');
    assert.equal(row('OrdersFunction', 'Properties.Layers'), 'custom-applications');
    const image = setting(analysis, 'ImageFunction', 'Properties.PackageType').attribution;
    assert.deepEqual([image.owner, image.row], ['shared', 'guest-os-patching']);
    assert.equal(setting(analysis, 'OrdersFunction', 'Properties.AutoPublishAlias').attribution.confidence, 'curated');
  });

  it('inline policy statements with * on * and a FunctionUrlConfig with AuthType NONE are findings', () => {
    assert.deepEqual(findingsBy(analysis).filter((id) => id.startsWith('OrdersFunction') || id.startsWith('ImageFunction')), [
      'OrdersFunction:iam-admin-wildcard',
      'OrdersFunction:lambda-public-function-url',
    ]);
    const url = analysis.findings.find((finding) => finding.ruleId === 'lambda-public-function-url')!;
    assert.equal(slice(text, url.span), 'AuthType: NONE');
    assert.ok(url.sources.some((source) => source.url === 'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html'));
  });

  it('AWS::Lambda::Url with AuthType NONE is flagged in plain CloudFormation too', () => {
    const template = 'Resources:\n  Url:\n    Type: AWS::Lambda::Url\n    Properties:\n      AuthType: NONE\n      TargetFunctionArn: arn\n';
    assert.deepEqual(findingsBy(analyze(template, 'u.yaml')), ['Url:lambda-public-function-url']);
    assert.deepEqual(findingsBy(analyze(template.replace('NONE', 'AWS_IAM'), 'u.yaml')), []);
  });
});

describe('CDK synthesized templates', () => {
  const file = 'test/fixtures/cdk/cdk.out/OrdersStack.template.json';
  const { text, analysis } = analyzeFixture(file);

  it('are CloudFormation and work like any template', () => {
    assert.equal(analysis.kind, 'cloudformation');
    assert.deepEqual(analysis.errors, []);
    assert.deepEqual(findingsBy(analysis), ['OrdersTable6A5D8A8F:dynamodb-deletion-protection-off', 'OrdersTable6A5D8A8F:dynamodb-no-cmk', 'OrdersTable6A5D8A8F:dynamodb-pitr-off']);
    const pitr = analysis.findings.find((finding) => finding.ruleId === 'dynamodb-pitr-off')!;
    assert.equal(slice(text, pitr.span), '"PointInTimeRecoveryEnabled": false');
    assert.equal(setting(analysis, 'OrdersQueue3C1A2B7D', 'Properties.SqsManagedSseEnabled').attribution.row, 'customer-data');
  });

  it('the resource card names the construct path, escaped', () => {
    const table = analysis.resources.find((resource) => resource.logicalId === 'OrdersTable6A5D8A8F')!;
    assert.equal(table.constructPath, 'OrdersStack/Orders_Table*[evil](https://x.example)/Resource');
    const card = hoverMarkdown(analysis, text.indexOf('"AWS::DynamoDB::Table"') + 3, text)!;
    assert.match(card, /CDK construct: `OrdersStack\/Orders_Table\*\[evil\]\(https:\/\/x\.example\)\/Resource`/);
    assert.ok(!/(^|[^`])\[evil\]\(https:\/\/x\.example\)(?![^`]*`)/.test(card), 'the path is inside a code span, never a link');
    const queue = hoverMarkdown(analysis, text.indexOf('"AWS::SQS::Queue"') + 3, text)!;
    assert.match(queue, /CDK construct: `OrdersStack\/OrdersQueue\/Resource`/);
  });

  it('hand-written templates have no construct path', () => {
    const plain = analyze('Resources:\n  B:\n    Type: AWS::S3::Bucket\n', 'b.yaml');
    assert.equal(plain.resources[0].constructPath, undefined);
    assert.ok(!hoverMarkdown(plain, 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n'.indexOf('AWS::S3') + 2, 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n')!.includes('CDK construct'));
  });
});
