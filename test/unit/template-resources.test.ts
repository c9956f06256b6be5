/**
 * The CloudFormation resource model (src/core/clouds/aws/resources.ts): which
 * entries of `Resources` are resources, what each records, and which of its
 * settings are leaves (a value) or groups (a map, or a list of maps).
 */
import assert from 'node:assert/strict';
import { resourceSettings, templateResources } from '../../src/core/clouds/aws/resources';
import { parseJson } from '../../src/core/parse/json';
import { parseYaml } from '../../src/core/parse/yaml';
import { slice } from './helpers';

const resources = (text: string) => templateResources(parseYaml(text).root!);

describe('template resources', () => {
  it('a resource needs a map with a string Type; its CDK construct path is kept when it is a string', () => {
    const text = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Metadata:
      aws:cdk:path: Stack/Bucket/Resource
  Queue:
    Type: AWS::SQS::Queue
    Metadata:
      aws:cdk:path: 3
  NoType:
    Properties: {}
  NumberType:
    Type: 3
  Scalar: text
`;
    const found = resources(text);
    assert.deepEqual(found.map((resource) => [resource.info.logicalId, resource.info.type, resource.info.service]), [
      ['Bucket', 'AWS::S3::Bucket', 's3'],
      ['Queue', 'AWS::SQS::Queue', 'sqs'],
    ]);
    assert.equal(found[0].info.constructPath, 'Stack/Bucket/Resource');
    assert.ok(!('constructPath' in found[1].info), 'a number is not a construct path');
    assert.equal(slice(text, found[0].info.typeSpan), 'Type: AWS::S3::Bucket');
  });

  it('no Resources map, or a resource with no value at all (JSON), gives no resource', () => {
    assert.deepEqual(resources('Parameters:\n  A: 1\n'), []);
    assert.deepEqual(templateResources(parseJson('{ "Resources": { "A": , "B": { "Type": } } }').root!), []);
  });
});

describe('resource settings', () => {
  it('maps and lists holding a map are groups; values, lists of values and empty values are leaves', () => {
    const text = `Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    DeletionPolicy: Retain
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - IpProtocol: tcp
      Tags: [1, { Key: a }]
      Names: [a, b]
      Empty:
      Map:
        Inner: 1
`;
    const [resource] = resources(text);
    const leaves = Object.fromEntries(resourceSettings(resource).map((setting) => [setting.path, setting.leaf]));
    assert.deepEqual(leaves, {
      DeletionPolicy: true,
      'Properties.GroupDescription': true,
      'Properties.SecurityGroupIngress': false,
      'Properties.SecurityGroupIngress[0].IpProtocol': true,
      'Properties.Tags': false,
      'Properties.Tags[1].Key': true,
      'Properties.Names': true,
      'Properties.Empty': true,
      'Properties.Map': false,
      'Properties.Map.Inner': true,
    });
  });

  it('a property with no value at all (JSON) is a leaf with nothing under it', () => {
    const [resource] = templateResources(parseJson('{ "Resources": { "Q": { "Type": "AWS::SQS::Queue", "Properties": { "A": } } } }').root!);
    assert.deepEqual(resourceSettings(resource).map((setting) => [setting.path, setting.leaf]), [['Properties.A', true]]);
    const [bare] = templateResources(parseJson('{ "Resources": { "Q": { "Type": "AWS::SQS::Queue", "Properties": } } }').root!);
    assert.deepEqual(resourceSettings(bare), []);
  });
});
