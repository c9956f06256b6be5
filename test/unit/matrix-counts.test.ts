/**
 * The AWS matrix with a workspace counted in (src/core/clouds/aws/matrix.ts), on small hand-made
 * analyses: the owner and model filters, the services list, the CodeLens split, the services on
 * each side of a row and a service's own column.
 */
import assert from 'node:assert/strict';
import { MATRIX_TITLE, isAwsAnalysis, itControlCounts, matrixMarkdown, matrixWithCounts, ownerSplit, serviceColumn, servicesByRow, type RowCounts } from '../../src/core/clouds/aws/matrix';
import { services as serviceKnowledge } from '../../src/core/clouds/aws/knowledge';
import type { Analysis, Attribution, AwsOwner, AwsRowId, AwsServiceModel, Finding, ResourceInfo, Setting } from '../../src/core/types';

const span = { offset: 0, length: 1 };

function resource(logicalId: string, service: string, model: AwsServiceModel): ResourceInfo {
  return { logicalId, type: `AWS::${service}::Thing`, key: span, typeSpan: span, service, model, confidence: 'curated' };
}

function setting(resource: string, owner: AwsOwner, row: AwsRowId, model: AwsServiceModel): Setting {
  const attribution = { owner, row, service: 's', model, rationale: '', customerAction: '', providerAction: '', sources: [], controls: [], confidence: 'curated' } as Attribution;
  return { key: span, span, resource, resourceType: 'T', path: `Properties.${owner}`, leaf: true, attribution };
}

function finding(resource: string, row: AwsRowId): Finding {
  return { ruleId: `rule-of-${resource}`, severity: 'warning', message: `m ${resource}`, row, span, resource, resourceType: 'T', sources: [], controls: [], docUrl: '' };
}

/** A database (container), a server (infrastructure) and two queues (abstracted), listed out of name order; one finding each on the database and the server. */
function workspace(cloud?: Analysis['cloud']): Analysis {
  return {
    kind: 'cloudformation',
    cloud,
    settings: [setting('Db', 'customer', 'customer-data', 'container'), setting('Web', 'shared', 'network-security', 'infrastructure'), setting('Queue', 'aws', 'configure-managed-services', 'abstracted')],
    findings: [finding('Db', 'customer-data'), finding('Web', 'network-security')],
    errors: [],
    resources: [resource('Queue', 'sqs', 'abstracted'), resource('Db', 'rds', 'container'), resource('Web', 'ec2', 'infrastructure'), resource('Queue2', 'sqs', 'abstracted')],
  };
}

const findingsOf = (counts: Record<AwsRowId, RowCounts>) => Object.values(counts).flatMap((row) => row.findingLocations.map((location) => location.resource));

describe('AWS matrix counts', () => {
  it('services are listed by name, each with its number of resources', () => {
    const view = matrixWithCounts([{ file: 'a.yaml', analysis: workspace('aws') }]);
    assert.deepEqual(view.services, [
      { service: 'ec2', model: 'infrastructure', resources: 1 },
      { service: 'rds', model: 'container', resources: 1 },
      { service: 'sqs', model: 'abstracted', resources: 2 },
    ]);
  });

  it('a model filter keeps the findings and services of that model’s resources only', () => {
    const view = matrixWithCounts([{ file: 'a.yaml', analysis: workspace('aws') }], { model: 'container' });
    assert.deepEqual(findingsOf(view.counts), ['Db']);
    assert.equal(view.counts['customer-data'].findings, 1);
    assert.equal(view.counts['network-security'].findings, 0);
    assert.deepEqual(view.services, [{ service: 'rds', model: 'container', resources: 1 }]);
  });

  it('a Customer owner filter keeps the findings (they are the customer’s settings)', () => {
    const view = matrixWithCounts([{ file: 'a.yaml', analysis: workspace('aws') }], { owner: 'customer' });
    assert.deepEqual(findingsOf(view.counts).sort(), ['Db', 'Web']);
    assert.equal(view.counts['customer-data'].customer, 1);
    assert.equal(view.counts['network-security'].shared, 0);
  });

  it('an analysis that names no cloud counts as AWS', () => {
    assert.equal(isAwsAnalysis(workspace(undefined)), true);
    assert.equal(isAwsAnalysis(workspace('azure')), false);
    assert.equal(matrixWithCounts([{ file: 'a.yaml', analysis: workspace(undefined) }]).counts['customer-data'].customer, 1);
  });

  it('ownerSplit without a resource counts every setting and finding of the file', () => {
    assert.deepEqual(ownerSplit(workspace('aws')), { customer: 1, shared: 1, aws: 1, findings: 2 });
  });

  it('the Markdown export without a scope starts with the bare title', () => {
    assert.equal(matrixMarkdown(matrixWithCounts([])).split('\n')[0], `# ${MATRIX_TITLE}`);
  });

  it('the IT-control kinds of an empty count are all zero', () => {
    const kinds = itControlCounts({} as Record<AwsRowId, Pick<RowCounts, AwsOwner | 'findings'>>);
    assert.equal(kinds.length, 3);
    for (const kind of kinds) assert.deepEqual([kind.customer, kind.shared, kind.aws, kind.findings], [0, 0, 0, 0], kind.kind);
  });

  it('servicesByRow names a known service by its name and an unknown one by its id', () => {
    const sides = servicesByRow([
      { service: 'rds', model: 'container', resources: 1 },
      { service: 'madeup', model: 'abstracted', resources: 1 },
    ])['customer-data'];
    const all = [...sides.customer, ...sides.shared, ...sides.aws];
    assert.deepEqual(all.map((side) => side.name).sort(), [serviceKnowledge.services.rds.name, 'madeup'].sort());
  });

  it('serviceColumn of an unknown service: the infrastructure model, no rationale, no variants', () => {
    const column = serviceColumn('madeup');
    assert.equal(column.model, 'infrastructure');
    assert.equal(column.rationale, '');
    assert.deepEqual(column.variants, []);
    const known = serviceColumn('ecs');
    assert.equal(known.rationale, serviceKnowledge.services.ecs.rationale);
    assert.deepEqual(known.variants, serviceKnowledge.services.ecs.variants);
    assert.ok(known.variants.length > 0);
  });

  it('a service’s column keeps the pages of other models’ services (VPC for a database)', () => {
    const rds = serviceColumn('rds');
    assert.ok(
      rds.rows.some((row) => row.basis === 'model' && row.sources.some((source) => source.url.startsWith('https://docs.aws.amazon.com/vpc/'))),
      'the container cells cite the VPC guide, a service of the infrastructure model',
    );
  });
});
