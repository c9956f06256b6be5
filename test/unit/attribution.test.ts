/**
 * How an AWS setting gets its owner (src/core/clouds/aws/attribution.ts), one
 * step of the order at a time: a curated rule, the meaning of the setting's
 * name, what the resource is for, and the generic fallback for services the
 * knowledge does not have. Each asserts what the hover shows: owner, row,
 * model, confidence, basis and the sources it links.
 */
import assert from 'node:assert/strict';
import { attribute } from '../../src/core/clouds/aws/attribution';
import type { Attribution } from '../../src/core/types';

const of = (resourceType: string, path: string): Attribution => attribute({ resourceType, path, value: undefined, resource: undefined });
const urls = (attribution: Attribution) => attribution.sources.map((source) => source.url);
const times = (list: string[], wanted: string) => list.filter((entry) => entry === wanted).length;

describe('attribution: curated, by name, by purpose, fallback', () => {
  it('a curated setting links its own sources, then its service’s security page, once', () => {
    const encryption = of('AWS::S3::Bucket', 'Properties.BucketEncryption');
    assert.deepEqual([encryption.owner, encryption.row, encryption.model, encryption.confidence, encryption.basis], ['customer', 'customer-data', 'abstracted', 'curated', undefined]);
    assert.equal(urls(encryption).at(-1), 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security.html');
    assert.ok(urls(encryption).length > 1, 'the rule’s own sources come first');
    // ElastiCache's rule already links the service's page (encryption): it is not linked twice.
    const engine = of('AWS::ElastiCache::CacheCluster', 'Properties.EngineVersion');
    assert.equal(engine.confidence, 'curated');
    assert.equal(times(urls(engine), 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/encryption.html'), 1);
  });

  it('a version on a managed database is database patching, shared, by its name', () => {
    const version = of('AWS::DocDB::DBCluster', 'Properties.EngineVersion');
    assert.deepEqual([version.owner, version.row, version.model, version.confidence, version.basis], ['shared', 'database-patching', 'container', 'derived', 'name-pattern']);
    assert.equal(urls(version).at(-1), 'https://docs.aws.amazon.com/documentdb/latest/developerguide/security.html');
  });

  it('a descriptive name inside a group means what the group means, at any index', () => {
    for (const path of ['Properties.SecurityGroupIngress[0].Description', 'Properties.SecurityGroupIngress[12].Description']) {
      const description = of('AWS::EC2::SecurityGroup', path);
      assert.deepEqual([description.owner, description.row, description.basis], ['customer', 'network-security', 'name-pattern'], path);
    }
  });

  it('a name no pattern knows takes what the resource is for', () => {
    const onInstance = of('AWS::EC2::Instance', 'Properties.Colour');
    assert.deepEqual([onInstance.owner, onInstance.row, onInstance.model, onInstance.confidence, onInstance.basis], ['customer', 'custom-applications', 'infrastructure', 'derived', 'resource-purpose']);
    const onTopic = of('AWS::SNS::Topic', 'Properties.Colour');
    assert.deepEqual([onTopic.row, onTopic.model, onTopic.basis], ['customer-data', 'abstracted', 'resource-purpose']);
    assert.equal(urls(onTopic).at(-1), 'https://docs.aws.amazon.com/sns/latest/dg/sns-security.html');
  });

  it('a service the knowledge does not have falls back to the customer, and says so', () => {
    const unknown = of('AWS::Foo::Bar', 'Properties.Colour');
    assert.deepEqual([unknown.owner, unknown.row, unknown.model, unknown.confidence, unknown.basis, unknown.service], ['customer', 'configure-services', 'abstracted', 'fallback', undefined, 'foo']);
    assert.equal(unknown.rationale, 'No specific rule covers this foo setting yet, so it is attributed generically: configuring an AWS service securely is the customer\'s job.');
    assert.equal(unknown.customerAction, 'Review this setting against the service’s security documentation.');
    assert.equal(unknown.providerAction, 'Operates foo itself according to its service model.');
    assert.deepEqual([unknown.sources, unknown.controls], [[], []]);
  });

  it('the same query answers the same, and the answer cannot be changed by its reader', () => {
    const first = of('AWS::S3::Bucket', 'Properties.BucketEncryption');
    assert.equal(of('AWS::S3::Bucket', 'Properties.BucketEncryption'), first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.sources) && Object.isFrozen(first.controls));
  });
});
