/**
 * The counts behind every report's matrix (Markdown table, text summary): settings per row and
 * owner, and findings per row, asserted directly (the reports that print them run as CLI tests,
 * where a mutation run cannot see them).
 */
import assert from 'node:assert/strict';
import { countByRow, rowTitle } from '../../src/core/reports/common';
import type { FileReport } from '../../src/core/reports/report';

function file(settings: [row: string, owner: string][], findingRows: string[], cloud: FileReport['cloud'] = 'aws'): FileReport {
  const at = { line: 1, column: 1, endLine: 1, endColumn: 2 };
  return {
    path: 'template.yaml',
    kind: 'cloudformation',
    cloud,
    settings: settings.map(([row, owner]) => ({ ...at, resource: 'Bucket', resourceType: 'AWS::S3::Bucket', key: 'Key', service: 's3', model: 'abstract', owner, row, confidence: 'curated' })),
    findings: findingRows.map((row) => ({ ...at, row }) as unknown as FileReport['findings'][number]),
    errors: [],
  };
}

describe('report counts per matrix row', () => {
  it('counts each owner per row over all files, and findings per row; every matrix row is present, even at zero', () => {
    const counts = countByRow([
      file([['customer-data', 'customer'], ['customer-data', 'customer'], ['customer-data', 'shared'], ['network-security', 'aws']], ['customer-data']),
      file([['customer-data', 'aws'], ['network-security', 'customer']], ['customer-data', 'network-security']),
    ]);
    assert.deepEqual(counts.get('customer-data'), { customer: 2, shared: 1, aws: 1, findings: 2 });
    assert.deepEqual(counts.get('network-security'), { customer: 1, shared: 0, aws: 1, findings: 1 });
    assert.deepEqual(counts.get('account-compromise'), { customer: 0, shared: 0, aws: 0, findings: 0 });
  });

  it('a row the matrix does not know (a newer report) gets its own counts; an owner that is none of the three counts nowhere', () => {
    const counts = countByRow([file([['future-row', 'customer'], ['future-row', 'unknown']], ['future-row', 'future-row'])]);
    assert.deepEqual(counts.get('future-row'), { customer: 1, shared: 0, aws: 0, findings: 2 });
  });

  it("another cloud's files count in that cloud's matrix, not in AWS's", () => {
    const counts = countByRow([file([['customer-data', 'customer']], ['customer-data']), file([['customer-data', 'customer']], ['customer-data'], 'azure')]);
    assert.deepEqual(counts.get('customer-data'), { customer: 1, shared: 0, aws: 0, findings: 1 });
  });

  it("a row's title comes from the matrix; an unknown id is shown as is", () => {
    assert.equal(rowTitle('account-compromise'), 'Preventing or detecting when an AWS account has been compromised');
    assert.equal(rowTitle('future-row'), 'future-row');
  });
});
