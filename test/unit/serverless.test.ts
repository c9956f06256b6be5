import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { analyzeFixture, findingsBy, lineOf, setting, slice } from './helpers';

const RISKY = 'test/fixtures/serverless/risky/serverless.yml';
const SAFE = 'test/fixtures/serverless/safe/serverless.yml';

describe('Serverless Framework', () => {
  const { text, analysis } = analyzeFixture(RISKY);

  it('is recognised by file name, before CloudFormation, even with resources.Resources', () => {
    assert.equal(analysis.kind, 'serverless');
    assert.equal(analyze(text, 'deploy/serverless.yaml').kind, 'serverless');
    assert.notEqual(analyze(text, 'other.yml').kind, 'serverless', 'only serverless.yml / serverless.yaml are Serverless files');
    assert.deepEqual(analysis.errors, []);
  });

  it('Serverless variables are neither parse errors nor findings', () => {
    const safe = analyzeFixture(SAFE).analysis;
    assert.deepEqual(safe.errors, []);
    assert.deepEqual(findingsBy(safe), [], 'a safe serverless.yml has no findings');
    const variable = analyze('provider:\n  environment:\n    DB_PASSWORD: prefix-${ssm:/db/pw}\n', 'serverless.yml');
    assert.deepEqual(variable.findings, [], 'a value that is partly a variable is unknown, not a literal secret');
  });

  it('provider.runtime carries Lambda runtime patching; a deprecated runtime is the customer’s and a finding', () => {
    const runtime = setting(analysis, 'provider', 'runtime');
    assert.equal(slice(text, runtime.span), 'runtime: nodejs14.x');
    assert.equal(lineOf(text, runtime.key.offset), 6);
    assert.deepEqual([runtime.resourceType, runtime.attribution.owner, runtime.attribution.row, runtime.attribution.service], [
      'AWS::Lambda::Function',
      'customer',
      'guest-os-patching',
      'lambda',
    ]);
    const deprecated = analysis.findings.filter((finding) => finding.ruleId === 'lambda-deprecated-runtime');
    assert.deepEqual(
      deprecated.map((finding) => [finding.resource, lineOf(text, finding.span.offset)]),
      [
        ['provider', 6],
        ['function:createOrder', 39],
      ],
    );
  });

  it('a supported runtime is AWS-patched unless runtime updates are manual', () => {
    const auto = analyze('provider:\n  runtime: nodejs22.x\n', 'serverless.yml');
    assert.equal(setting(auto, 'provider', 'runtime').attribution.owner, 'aws');
    const manual = analyze('provider:\n  runtime: nodejs22.x\n  runtimeManagement: manual\nfunctions:\n  f:\n    handler: h.h\n', 'serverless.yml');
    assert.equal(setting(manual, 'provider', 'runtime').attribution.owner, 'customer');
    assert.equal(setting(manual, 'provider', 'runtimeManagement').attribution.owner, 'customer');
    const inherited = analyze('provider:\n  runtimeManagement: manual\nfunctions:\n  f:\n    runtime: nodejs22.x\n', 'serverless.yml');
    assert.equal(setting(inherited, 'function:f', 'runtime').attribution.owner, 'customer', 'the provider’s mode applies to the function');
  });

  it('IAM statements are restrict-access, and * on * is iam-admin-wildcard on the Action line', () => {
    const action = setting(analysis, 'provider', 'iam.role.statements[0].Action');
    assert.deepEqual([action.attribution.owner, action.attribution.row], ['customer', 'restrict-access']);
    const perFunction = setting(analysis, 'function:createOrder', 'iamRoleStatements[0].Action');
    assert.equal(perFunction.attribution.row, 'restrict-access');
    const wildcard = analysis.findings.filter((finding) => finding.ruleId === 'iam-admin-wildcard');
    assert.equal(wildcard.length, 1, 'only the *-on-* statement');
    assert.equal(slice(text, wildcard[0].span), "Action: '*'");
    assert.equal(lineOf(text, wildcard[0].span.offset), 26);
    const legacy = analyze("provider:\n  iamRoleStatements:\n    - Effect: Allow\n      Action: ['*']\n      Resource: '*'\n", 'serverless.yml');
    assert.deepEqual(findingsBy(legacy), ['provider:iam-admin-wildcard']);
  });

  it('environment secrets are findings with the value masked; variables and plain values are not', () => {
    const secrets = analysis.findings.filter((finding) => finding.ruleId === 'literal-secret');
    assert.deepEqual(
      secrets.map((finding) => slice(text, finding.span).split(':')[0]),
      ['DB_PASSWORD', 'STRIPE_SECRET_KEY'],
    );
    for (const finding of secrets) {
      assert.ok(!finding.message.includes('hunter2') && !finding.message.includes('sk_live_orders'), finding.message);
      assert.match(finding.message, /\*{8}/);
    }
    assert.match(secrets[0].message, /environment\.DB_PASSWORD/);
  });

  it('vpc, tracing and logs are attributed', () => {
    assert.equal(setting(analysis, 'provider', 'vpc.subnetIds').attribution.row, 'network-security');
    assert.equal(setting(analysis, 'provider', 'tracing.lambda').attribution.row, 'account-compromise');
    assert.equal(setting(analysis, 'provider', 'logs.restApi').attribution.row, 'account-compromise');
    assert.equal(setting(analysis, 'provider', 'apiGateway.apiKeys').attribution.row, 'restrict-access');
  });

  it('a function URL without an authorizer is public: attributed and flagged; aws_iam is not', () => {
    const url = setting(analysis, 'function:createOrder', 'url');
    assert.deepEqual([url.resourceType, url.attribution.row], ['AWS::Lambda::Url', 'restrict-access']);
    const urls = analysis.findings.filter((finding) => finding.ruleId === 'lambda-public-function-url');
    assert.deepEqual(urls.map((finding) => [finding.resource, slice(text, finding.span)]), [['function:createOrder', 'url: true']]);
  });

  it('resources.Resources gets everything templates get, at exact positions', () => {
    const sse = setting(analysis, 'OrdersQueue', 'Properties.SqsManagedSseEnabled');
    assert.equal(slice(text, sse.span), 'SqsManagedSseEnabled: false');
    assert.deepEqual(findingsBy(analysis).filter((id) => id.startsWith('Orders')), ['OrdersBucket:s3-access-logging-off', 'OrdersBucket:s3-versioning-off', 'OrdersQueue:sqs-sse-off']);
    assert.ok(analysis.resources.some((resource) => resource.logicalId === 'OrdersQueue' && resource.type === 'AWS::SQS::Queue'));
  });

  it('hovers on provider and function lines', () => {
    const runtimeCard = hoverMarkdown(analysis, text.indexOf('runtime: python3.7') + 2, text)!;
    assert.match(runtimeCard, /\*\*Customer\*\*/);
    assert.match(runtimeCard, /AWS Lambda/);
    const functionCard = hoverMarkdown(analysis, text.indexOf('createOrder:') + 2, text)!;
    // Escaped Markdown: `function\:createOrder` renders as function:createOrder.
    assert.match(functionCard, /\*\*function\\:createOrder\*\*/);
  });

  it('functions given as a list of maps are functions too', () => {
    const listed = analyze('functions:\n  - legacy:\n      handler: h.h\n      runtime: nodejs12.x\n', 'serverless.yml');
    assert.deepEqual(findingsBy(listed), ['function:legacy:lambda-deprecated-runtime']);
  });

  it('a service for another cloud is noted, not attributed to AWS; provider aws and a variable still are', () => {
    const other = analyze('service: s\nprovider:\n  name: tencent\n  runtime: Php7\n  credentials: ~/credentials\nfunctions:\n  hello:\n    handler: index.main\n', 'serverless.yml');
    assert.equal(other.kind, 'serverless');
    assert.deepEqual([other.settings.length, other.findings.length], [0, 0]);
    assert.deepEqual(other.errors.map((error) => [error.severity, error.message]), [['info', 'This Serverless service deploys to the "tencent" provider, not AWS, so its settings are not attributed.']]);
    assert.ok(analyze('provider:\n  name: aws\n  runtime: nodejs22.x\n', 'serverless.yml').settings.length > 0);
    assert.ok(analyze('provider:\n  name: ${opt:cloud}\n  runtime: nodejs22.x\n', 'serverless.yml').settings.length > 0);
  });

  it('broken YAML gives one clear error and keeps the kind', () => {
    const broken = analyze('provider:\n  runtime: [nodejs22.x\n', 'serverless.yml');
    assert.equal(broken.kind, 'serverless');
    assert.equal(broken.errors.length, 1);
  });
});
