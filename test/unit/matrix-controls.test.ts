/**
 * What a user reads about the matrix: the CLI's `matrix` command (text and
 * JSON, with a workspace counted in) and the hover cards whose model and
 * split follow the variant a resource's values select.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core';
import { MATRIX_TITLE } from '../../src/core/clouds/aws/matrix';
import { resourceCard, settingCard } from '../../src/core/reports/hover';
import { runCli } from './cliHelpers';
import { ROOT, setting } from './helpers';

interface MatrixJson {
  version: number;
  title: string;
  source: { kind: string; label: string; title: string; url?: string };
  aws: { url: string };
  rows: { id: string; sourceOwner: string; itControl: { kind: string }; awsGuidance?: { owner: string }; counts: Record<'customer' | 'shared' | 'aws' | 'findings', number> }[];
  itControls: { source: { url: string }; kinds: { kind: string; examples: string[]; rows: { row: string }[]; customer: number; shared: number; aws: number; findings: number }[] };
  files?: number;
}

describe('CLI matrix: the third-party table, AWS guidance and AWS’s IT-control view', () => {
  it('text says what the table is and shows the IT-control kinds with AWS’s examples', () => {
    const { status, stdout } = runCli(['matrix']);
    assert.equal(status, 0);
    assert.match(stdout, /^Shared responsibility matrix \(third-party summary of the AWS model\)/);
    assert.match(stdout, /Third-party summary table \(not published by AWS\)/);
    assert.match(stdout, /Business continuity management .*: table aws, AWS shared/);
    assert.match(stdout, /reliability-pillar\/shared-responsibility-model-for-resiliency\.html/);
    assert.match(stdout, /Inherited controls \(AWS examples: Physical and environmental controls\)/);
    assert.match(stdout, /Shared controls \(AWS examples: Patch management; Configuration management; Awareness and training\)/);
    assert.match(stdout, /Customer-specific controls \(AWS examples: Service and communications protection/);
    assert.doesNotMatch(stdout, /seed/i);
  });

  it('with paths, the settings and findings of those files are counted into rows and kinds (text and JSON)', () => {
    const text = runCli(['matrix', 'examples/cloudformation']).stdout;
    assert.match(text, /Customer-specific controls .*: customer [1-9]\d*, shared \d+, AWS \d+ setting\(s\), [1-9]\d* finding\(s\)/);
    assert.match(text, /\d+ file\(s\) counted\./);
    const json = JSON.parse(runCli(['matrix', '--format', 'json', 'examples/cloudformation']).stdout) as MatrixJson;
    assert.equal(json.version, 1);
    assert.equal(json.source.kind, 'third-party');
    assert.ok(!json.source.url?.includes('aws.amazon.com'));
    assert.equal(json.rows.length, 15);
    assert.equal(json.itControls.source.url, 'https://aws.amazon.com/compliance/shared-responsibility-model/');
    assert.ok((json.files ?? 0) >= 2);
    for (const owner of ['customer', 'shared', 'aws', 'findings'] as const) {
      const byRows = json.rows.reduce((sum, row) => sum + row.counts[owner], 0);
      assert.equal(json.itControls.kinds.reduce((sum, kind) => sum + kind[owner], 0), byRows, `every ${owner} setting falls in one kind`);
    }
    const kind = (id: string) => json.itControls.kinds.find((candidate) => candidate.kind === id)!;
    assert.deepEqual([kind('inherited').customer, kind('inherited').shared, kind('inherited').aws], [0, 0, 0]);
    assert.ok(kind('customer-specific').customer > 0 && kind('customer-specific').findings > 0);
    assert.ok(kind('shared').rows.some((row) => row.row === 'guest-os-patching'));
    // Without paths there are no counts to report, but the shape is the same.
    const bare = JSON.parse(runCli(['matrix', '--format', 'json']).stdout) as MatrixJson;
    assert.equal(bare.files, undefined);
    assert.ok(bare.rows.every((row) => row.counts.customer === 0));
  });

  it('the panel’s exports carry the same title (the client writes it out, loading no core code)', () => {
    const panel = fs.readFileSync(path.join(ROOT, 'src', 'extension', 'matrixPanel.ts'), 'utf8');
    assert.ok(panel.includes(`const MATRIX_TITLE = '${MATRIX_TITLE}';`));
  });
});

describe('hover cards follow the variant the values select', () => {
  const template = (resources: string) => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${resources}`;
    return { text, analysis: analyze(text, 'template.yaml') };
  };

  it('an ECS service on EC2: infrastructure model, guest OS patching on the customer’s side, agreeing with LaunchType', () => {
    const { text, analysis } = template('  Svc:\n    Type: AWS::ECS::Service\n    Properties:\n      LaunchType: EC2\n');
    const card = resourceCard(analysis.resources[0], analysis);
    assert.match(card, /\*\*infrastructure\*\* model \(EC2 launch type\)/);
    const customerLine = card.split('\n').find((line) => line.includes('**Customer**:'))!;
    assert.match(customerLine, /Updating guest operating systems/);
    const launchType = setting(analysis, 'Svc', 'Properties.LaunchType');
    assert.equal(launchType.attribution.owner, 'customer');
    assert.match(settingCard(launchType, text), /infrastructure model/);
  });

  it('an EKS managed node group: guest OS patching is shared in the card as in the AmiType hover, and says who does what', () => {
    const { text, analysis } = template('  Nodes:\n    Type: AWS::EKS::Nodegroup\n    Properties:\n      ClusterName: c\n      AmiType: AL2023_x86_64_STANDARD\n');
    const card = resourceCard(analysis.resources[0], analysis);
    const sharedLine = card.split('\n').find((line) => line.includes('**Shared**:'))!;
    assert.match(sharedLine, /Updating guest operating systems/);
    const hover = settingCard(setting(analysis, 'Nodes', 'Properties.AmiType'), text);
    assert.match(hover, /\*\*Shared\*\*/);
    assert.match(hover, /\*\*You:\*\* .*update/i);
    assert.match(hover, /\*\*AWS:\*\* .*AMI/);
  });

  it('an EKS cluster in Auto Mode: AWS patches the nodes', () => {
    const { analysis } = template('  Cluster:\n    Type: AWS::EKS::Cluster\n    Properties:\n      RoleArn: arn:aws:iam::111122223333:role/eks\n      ComputeConfig:\n        Enabled: true\n');
    const card = resourceCard(analysis.resources[0], analysis);
    assert.match(card, /\(Auto Mode\)/);
    assert.match(card.split('\n').find((line) => line.includes('**AWS**:'))!, /Updating guest operating systems/);
  });

  it('a setting known only by what its resource is for says so', () => {
    const { text, analysis } = template('  Search:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      IPAddressType: dualstack\n      AdvancedOptions:\n        rest.action.multi.allow_explicit_index: "true"\n');
    const target = setting(analysis, 'Search', 'Properties.AdvancedOptions');
    assert.equal(target.attribution.basis, 'resource-purpose');
    assert.match(settingCard(target, text), /Derived from what this resource is for/);
    assert.match(target.attribution.rationale, /OpenSearch domains hold and index the customer's data/);
  });

  it('a name takes the row of what its resource is for: Lambda::Permission FunctionName is access control', () => {
    const { analysis } = template('  Allow:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Fn\n      Action: lambda:InvokeFunction\n      Principal: s3.amazonaws.com\n');
    const name = setting(analysis, 'Allow', 'Properties.FunctionName').attribution;
    assert.deepEqual([name.row, name.confidence, name.basis], ['restrict-access', 'derived', 'name-pattern']);
  });
});
