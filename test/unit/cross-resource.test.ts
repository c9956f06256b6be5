/**
 * Checks that depend on another resource: a VPC and the flow log that names
 * it (`referenced-by`), a Terraform bucket and the parts other resources of
 * its module set (aws_s3_bucket_versioning, aws_s3_bucket_logging), a bucket
 * that receives other resources' logs, and SAM Globals that set a property
 * for every resource of a kind.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import type { SiblingFiles } from '../../src/core/types';
import { prepareTerraform } from './helpers';

const folder = (files: Record<string, string>): SiblingFiles => ({ list: () => Object.keys(files), read: (name) => files[name] });
const ids = (text: string, name: string, files?: Record<string, string>) =>
  analyze(text, name, files ? { siblings: folder({ [name]: text, ...files }) } : undefined)
    .findings.map((finding) => `${finding.resource}:${finding.ruleId}`)
    .sort();

const BUCKET = 'resource "aws_s3_bucket" "data" {\n  bucket = "example-data"\n}\n';
const VERSIONING = (bucket: string) => `resource "aws_s3_bucket_versioning" "data" {\n  bucket = ${bucket}\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n`;
const LOGGING = 'resource "aws_s3_bucket_logging" "data" {\n  bucket        = aws_s3_bucket.data.id\n  target_bucket = "example-logs"\n}\n';

describe('checks across resources', () => {
  before(prepareTerraform);

  describe('Terraform parts written as resources of their own', () => {
    it('a part in another file of the module counts for its bucket; without the folder it is not seen', () => {
      assert.deepEqual(ids(BUCKET, 'main.tf', { 'versioning.tf': VERSIONING('aws_s3_bucket.data.id'), 'logging.tf': LOGGING }), []);
      assert.deepEqual(ids(BUCKET, 'main.tf'), ['aws_s3_bucket.data:s3-access-logging-off', 'aws_s3_bucket.data:s3-versioning-off']);
    });

    it('a part for another bucket does not count; one whose bucket is a variable or indexed may be this one', () => {
      const files = { 'logging.tf': LOGGING };
      assert.deepEqual(ids(BUCKET, 'main.tf', { ...files, 'versioning.tf': VERSIONING('aws_s3_bucket.other.id') }), ['aws_s3_bucket.data:s3-versioning-off']);
      assert.deepEqual(ids(BUCKET, 'main.tf', { ...files, 'versioning.tf': VERSIONING('var.bucket_id') }), []);
      assert.deepEqual(ids(BUCKET, 'main.tf', { ...files, 'versioning.tf': VERSIONING('aws_s3_bucket.data[0].id') }), []);
      assert.deepEqual(ids(BUCKET, 'main.tf', { ...files, 'versioning.tf': VERSIONING('"example-data"') }), [], 'the bucket by its literal name');
      assert.deepEqual(ids(BUCKET, 'main.tf', { ...files, 'versioning.tf': VERSIONING('"example-other"') }), ['aws_s3_bucket.data:s3-versioning-off']);
    });

    it('a part in Terraform JSON names its bucket with a "${…}" string', () => {
      const json = JSON.stringify({ resource: { aws_s3_bucket_versioning: { data: { bucket: '${aws_s3_bucket.data.id}', versioning_configuration: { status: 'Enabled' } } } } });
      assert.deepEqual(ids(BUCKET, 'main.tf', { 'logging.tf': LOGGING, 'versioning.tf.json': json }), []);
    });

    it('a part that suspends versioning is flagged on itself', () => {
      const suspended = VERSIONING('aws_s3_bucket.data.id').replace('Enabled', 'Suspended');
      assert.deepEqual(ids(suspended, 'versioning.tf', { 'main.tf': BUCKET, 'logging.tf': LOGGING }), ['aws_s3_bucket_versioning.data:s3-versioning-off']);
    });
  });

  describe('a bucket that receives logs is not asked to log itself', () => {
    it('CloudFormation: the target of another bucket\'s logs, a bucket named for logs; not the bucket a trail writes to', () => {
      const template = (receiver: string, name = 'Audit') => `Resources:
  ${name}:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration: {Status: Enabled}
${receiver}`;
      const source = '  Source:\n    Type: AWS::S3::Bucket\n    Properties: {VersioningConfiguration: {Status: Enabled}, LoggingConfiguration: {DestinationBucketName: !Ref Audit}}\n';
      assert.deepEqual(ids(template(source), 't.yaml'), []);
      // CIS AWS Foundations 3.4 (v3.0) asks for access logging on the bucket CloudTrail writes to: it is not exempt.
      const trail = '  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties: {S3BucketName: !Ref Audit, IsLogging: true, IsMultiRegionTrail: true, EnableLogFileValidation: true, KMSKeyId: alias/trail}\n';
      assert.deepEqual(ids(template(trail), 't.yaml'), ['Audit:s3-access-logging-off']);
      assert.deepEqual(ids(template(''), 't.yaml'), ['Audit:s3-access-logging-off']);
      assert.deepEqual(ids(template('', 'AccessLogsBucket'), 't.yaml'), []);
      assert.deepEqual(ids(template('', 'Catalog'), 't.yaml'), ['Catalog:s3-access-logging-off'], 'log inside a word is no log bucket');
    });

    it('Terraform: the target_bucket of an aws_s3_bucket_logging in the module', () => {
      const receiver = 'resource "aws_s3_bucket" "audit" {\n  bucket = "example-audit"\n  versioning {\n    enabled = true\n  }\n}\n';
      const logging = 'resource "aws_s3_bucket_logging" "x" {\n  bucket        = aws_s3_bucket.other.id\n  target_bucket = aws_s3_bucket.audit.id\n}\n';
      assert.deepEqual(ids(receiver, 'main.tf', { 'logging.tf': logging }), []);
      assert.deepEqual(ids(receiver, 'main.tf'), ['aws_s3_bucket.audit:s3-access-logging-off']);
    });
  });

  describe('VPC flow logs', () => {
    const VPC = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n';
    const FLOW = (vpc: string) => `resource "aws_flow_log" "main" {\n  vpc_id       = ${vpc}\n  traffic_type = "ALL"\n}\n`;

    it('Terraform: a flow log anywhere in the module that names the VPC, or may', () => {
      assert.deepEqual(ids(VPC, 'main.tf', { 'flow.tf': FLOW('aws_vpc.main.id') }), []);
      assert.deepEqual(ids(VPC, 'main.tf', { 'flow.tf': FLOW('local.vpc_id') }), []);
      assert.deepEqual(ids(VPC, 'main.tf', { 'flow.tf': FLOW('aws_vpc.other.id') }), ['aws_vpc.main:vpc-flow-logs-off']);
      assert.deepEqual(ids(VPC, 'main.tf'), ['aws_vpc.main:vpc-flow-logs-off']);
    });

    it('CloudFormation: a Ref or GetAtt names the VPC; an import may name any; a parameter names none of the template', () => {
      const template = (resourceId: string) => `Parameters:
  VpcId: {Type: AWS::EC2::VPC::Id}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Flow:
    Type: AWS::EC2::FlowLog
    Properties: {ResourceType: VPC, ResourceId: ${resourceId}, TrafficType: ALL}
`;
      assert.deepEqual(ids(template('!Ref Vpc'), 't.yaml'), []);
      assert.deepEqual(ids(template('!GetAtt Vpc.VpcId'), 't.yaml'), []);
      assert.deepEqual(ids(template('!ImportValue network-vpc'), 't.yaml'), []);
      assert.deepEqual(ids(template('!Ref VpcId'), 't.yaml'), ['Vpc:vpc-flow-logs-off']);
    });
  });

  it('SAM Globals: a property set for every API is not missing on each', () => {
    const template = (globals: string) => `Transform: AWS::Serverless-2016-10-31
${globals}Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      AccessLogSetting: {DestinationArn: arn:aws:logs:eu-west-1:111122223333:log-group:api, Format: $context.requestId}
`;
    assert.deepEqual(ids(template('Globals:\n  Api:\n    TracingEnabled: true\n'), 't.yaml'), []);
    assert.deepEqual(ids(template(''), 't.yaml'), ['Api:apigw-tracing-off']);
  });

  it('Terraform: a rule for declared values only ignores the default', () => {
    const db = (extra: string) => `resource "aws_db_instance" "db" {\n  engine = "postgres"\n  storage_encrypted = true\n  deletion_protection = true\n  enabled_cloudwatch_logs_exports = ["postgresql"]\n${extra}}\n`;
    assert.deepEqual(ids(db(''), 'main.tf'), []);
    assert.deepEqual(ids(db('  multi_az = false\n'), 'main.tf'), ['aws_db_instance.db:rds-multi-az-off']);
  });
});
