/**
 * The steps of AWS attribution that the hover shows without saying so
 * (src/core/clouds/aws/attribution.ts): the service facts a resource type
 * gives, which setting name along a path decides the pattern, and the service
 * a caller names (Kubernetes kinds on EKS).
 */
import assert from 'node:assert/strict';
import { attribute, serviceFacts } from '../../src/core/clouds/aws/attribution';

const of = (resourceType: string, path: string, service?: string) => attribute({ resourceType, path, value: undefined, resource: undefined, service });
const summary = (resourceType: string, path: string, service?: string) => {
  const attribution = of(resourceType, path, service);
  return [attribution.row, attribution.confidence, attribution.basis];
};

describe('attribution steps', () => {
  it('service facts: named service, curated or derived, database or not, and the fallback for an unknown type', () => {
    const named = serviceFacts('Deployment', 'eks');
    assert.deepEqual([named.service, named.model, named.confidence, named.database], ['eks', 'container', 'curated', false]);
    const docdb = serviceFacts('AWS::DocDB::DBCluster');
    assert.deepEqual([docdb.service, docdb.confidence, docdb.database], ['docdb', 'derived', true]);
    const unknown = serviceFacts('AWS::Unknown::Thing');
    assert.deepEqual([unknown.model, unknown.confidence, unknown.database, unknown.purpose], ['abstracted', 'fallback', false, undefined]);
  });

  it('a service named by the caller is not mixed up with the same type and path without one', () => {
    assert.deepEqual([of('AWS::SQS::Queue', 'Properties.Zzz').service, of('AWS::SQS::Queue', 'Properties.Zzz', 'eks').service], ['sqs', 'eks']);
    assert.equal(of('AWS::SQS::Queue', 'Properties.Zzz', 'eks').row, 'custom-applications');
    // Nor with the same type and path on another service.
    assert.deepEqual([of('Deployment', 'spec.replicas', 'eks').service, of('Deployment', 'spec.replicas', 'ecs').service], ['eks', 'ecs']);
  });

  it('a rule that already links its service’s security page does not link it twice', () => {
    const image = of('AWS::EC2::Instance', 'Properties.ImageId');
    assert.equal(image.sources.filter((source) => source.url === 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-security.html').length, 1);
  });

  it('a purpose-only name on a service with no known purpose falls back', () => {
    const description = of('AWS::Unknown::Thing', 'Properties.Description');
    assert.deepEqual([description.owner, description.row, description.confidence, description.sources], ['customer', 'configure-services', 'fallback', []]);
  });

  it('a version on a service that is not a database is not database patching', () => {
    assert.deepEqual(summary('AWS::EKS::Cluster', 'Properties.KubernetesVersion'), ['guest-os-patching', 'derived', 'name-pattern']);
  });

  it('the resource’s purpose brings that row’s actions, and its security page once', () => {
    const queue = of('AWS::SQS::Queue', 'Properties.Zzz');
    assert.deepEqual([queue.row, queue.basis], ['customer-data', 'resource-purpose']);
    assert.match(queue.customerAction, /^Protect the data this resource holds/);
    const security = 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security.html';
    assert.equal(queue.sources.filter((source) => source.url === security).length, 1);
    assert.equal(queue.sources.at(-1)?.url, security);
  });

  it('an index at the end of a path does not hide the setting’s name', () => {
    assert.deepEqual(summary('AWS::EC2::Instance', 'Properties.AvailabilityZones[10]'), ['business-continuity', 'derived', 'name-pattern']);
  });

  it('outside Properties the first name counts too', () => {
    assert.deepEqual(summary('AWS::SQS::Queue', 'Tags'), ['compliant-use', 'derived', 'name-pattern']);
    assert.deepEqual(summary('AWS::SQS::Queue', 'Tags.Foo'), ['compliant-use', 'derived', 'name-pattern']);
    // A custom resource's input is the application's, Properties itself included.
    assert.deepEqual(summary('Custom::Foo', 'Properties'), ['custom-applications', 'derived', 'name-pattern']);
  });

  it('a purpose-only name takes the meaning of its group, unless the group holds anything', () => {
    assert.deepEqual(summary('AWS::SQS::Queue', 'Properties.VpcConfig.Description'), ['network-security', 'derived', 'name-pattern']);
    assert.deepEqual(summary('AWS::SQS::Queue', 'Properties.Code.Name'), ['customer-data', 'derived', 'name-pattern']);
  });
});
