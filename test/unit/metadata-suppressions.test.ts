/**
 * The CloudFormation `Metadata` form of suppressions, read and written
 * directly (src/core/clouds/aws/suppressions.ts): which rule ids, reason,
 * spans and resource each entry yields, and the edit that adds one to a JSON
 * template.
 */
import assert from 'node:assert/strict';
import { metadataSuppressionEdit, metadataSuppressions } from '../../src/core/clouds/aws/suppressions';
import { applyEdits } from '../../src/core/engine/edits';
import { get, type Node } from '../../src/core/parse/tree';
import type { Finding } from '../../src/core/types';
import { slice } from './helpers';

const templateResources = (root: Node | undefined) => get(root, 'Resources');
const sites = (text: string) => metadataSuppressions(text, templateResources);
const finding = (resource: string, ruleId = 's3-public-read') => ({ resource, ruleId }) as Finding;

describe('Metadata suppressions: reading', () => {
  it('reads each form of entry with its ids, id spans, trimmed reason and resource', () => {
    const text = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Metadata:
      responsibility-lens:
        ignore:
          - rule: "  s3-public-read  "
            reason: "  public website  "
          - rules: [s3-no-logging, 7, "   "]
            reason: 42
          - "  s3-versioning-off  "
          - reason: no rule at all
`;
    const found = sites(text);
    assert.deepEqual(
      found.map((site) => [site.ruleIds, site.reason, site.form, site.resource]),
      [
        [['s3-public-read'], 'public website', 'metadata', { logicalId: 'Bucket', type: 'AWS::S3::Bucket' }],
        [['s3-no-logging'], '42', 'metadata', { logicalId: 'Bucket', type: 'AWS::S3::Bucket' }],
        [['s3-versioning-off'], '', 'metadata', { logicalId: 'Bucket', type: 'AWS::S3::Bucket' }],
        [[], 'no rule at all', 'metadata', { logicalId: 'Bucket', type: 'AWS::S3::Bucket' }],
      ],
    );
    assert.deepEqual(found[0].idSpans.map((span) => slice(text, span)), ['"  s3-public-read  "']);
    assert.deepEqual(found[1].idSpans.map((span) => slice(text, span)), ['s3-no-logging']);
    assert.deepEqual(found[2].idSpans.map((span) => slice(text, span)), ['"  s3-versioning-off  "']);
    assert.equal(slice(text, found[2].span), '"  s3-versioning-off  "');
  });

  it('a block without ignore, or with an empty ignore, is one site with no rule, at its key', () => {
    const text = `Resources:
  A:
    Type: 12
    Metadata:
      responsibility-lens:
        note: none
  B:
    Metadata:
      responsibility-lens:
        ignore: []
  C:
    Type: AWS::SQS::Queue
    Metadata:
      other: 1
  D: just text
  E:
`;
    const found = sites(text);
    assert.deepEqual(
      found.map((site) => [site.ruleIds, site.reason, site.resource, slice(text, site.span)]),
      [
        [[], '', { logicalId: 'A', type: '' }, 'responsibility-lens'],
        [[], '', { logicalId: 'B', type: '' }, 'ignore'],
      ],
    );
  });

  it('reads JSON templates as JSON, comments and all, with or without a byte order mark or leading blank lines', () => {
    const json = `{
  // a comment YAML cannot read
  "Resources": { "Q": { "Type": "AWS::SQS::Queue", "Metadata": { "responsibility-lens": { "ignore": [ { "rule": "sqs-unencrypted", "reason": "test" } ] } } } }
}`;
    for (const text of [json, `\n  ${json}`, `\uFEFF${json}`]) {
      assert.deepEqual(sites(text).map((site) => [site.ruleIds, site.reason]), [[['sqs-unencrypted'], 'test']], JSON.stringify(text.slice(0, 4)));
    }
  });

  it('an ignore with no value at all, in JSON, is one site with no rule, at its key', () => {
    const text = '{ "Resources": { "A": , "B": { "Metadata": { "responsibility-lens": { "ignore": } } } } }';
    assert.deepEqual(sites(text).map((site) => [site.ruleIds, slice(text, site.span)]), [[[], '"ignore"']]);
  });

  it('finds nothing when there is no resources map', () => {
    assert.deepEqual(sites('Parameters:\n  A: 1\n'), []);
    assert.deepEqual(metadataSuppressions('Resources: 3\n', templateResources), []);
  });
});

describe('Metadata suppressions: the JSON edit', () => {
  const template = (metadata: string) => `{
  "Resources": {
    "Bucket": {
      "Type": "AWS::S3::Bucket"${metadata}
    },
    "Text": "not a resource"
  }
}`;
  const edited = (text: string, resource = 'Bucket') => {
    const edit = metadataSuppressionEdit(text, finding(resource), 'Suppress');
    if (!edit) return undefined;
    const after = applyEdits(text, edit.edits);
    // The cursor sits between the quotes of the empty reason.
    assert.match(after.slice(0, edit.cursor + 1), /"reason": ?""$/);
    return after;
  };

  it('adds Metadata, the block, or ignore, whichever is missing', () => {
    const none = edited(template(''))!;
    assert.deepEqual(JSON.parse(none).Resources.Bucket.Metadata, { 'responsibility-lens': { ignore: [{ rule: 's3-public-read', reason: '' }] } });
    const metadataOnly = edited(template(',\n      "Metadata": { "other": 1 }'))!;
    assert.deepEqual(JSON.parse(metadataOnly).Resources.Bucket.Metadata, { other: 1, 'responsibility-lens': { ignore: [{ rule: 's3-public-read', reason: '' }] } });
    const blockOnly = edited(template(',\n      "Metadata": { "responsibility-lens": { "note": 1 } }'))!;
    assert.deepEqual(JSON.parse(blockOnly).Resources.Bucket.Metadata, { 'responsibility-lens': { note: 1, ignore: [{ rule: 's3-public-read', reason: '' }] } });
  });

  it('appends to an ignore list, empty, on one line, or one entry per line', () => {
    const empty = edited(template(',\n      "Metadata": { "responsibility-lens": { "ignore": [] } }'))!;
    assert.ok(empty.includes('"ignore": [ { "rule": "s3-public-read", "reason": "" } ]'), empty);
    const oneLine = edited(template(',\n      "Metadata": { "responsibility-lens": { "ignore": [ "a" ] } }'))!;
    assert.ok(oneLine.includes('"ignore": [ "a", { "rule": "s3-public-read", "reason": "" } ]'), oneLine);
    const multiLine = edited(template(',\n      "Metadata": { "responsibility-lens": { "ignore": [\n        "a"\n      ] } }'))!;
    assert.ok(multiLine.includes('[\n        "a",\n        {\n          "rule": "s3-public-read",\n          "reason": ""\n        }\n      ]'), multiLine);
  });

  it('offers nothing where it cannot write a well-formed entry', () => {
    assert.equal(edited(template(''), 'Missing'), undefined);
    assert.equal(edited(template(''), 'Text'), undefined);
    assert.equal(edited(template(',\n      "Metadata": { "responsibility-lens": { "ignore": "a" } }')), undefined);
    assert.equal(edited(template(',\n      "Metadata": { "responsibility-lens": { "ignore": } }')), undefined);
    assert.equal(edited(template(',\n      "Metadata": { "responsibility-lens": 1 }')), undefined);
    assert.equal(edited(template(',\n      "Metadata": 1')), undefined);
    // An unclosed Metadata map: there is no brace to write inside.
    assert.equal(edited('{ "Resources": { "Bucket": { "Type": "AWS::S3::Bucket", "Metadata": {'), undefined);
  });
});
