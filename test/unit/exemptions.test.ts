/**
 * Rules that exempt too much (issue 11, class 4): an exemption holds only for
 * the resource type whose property means it, and every item of a list is
 * judged on its own.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import findings from '../../src/core/clouds/aws/knowledge/findings.json';
import specTypes from '../../src/core/clouds/aws/knowledge/spec-types.json';
import { prepareTerraform, slice } from './helpers';

const template = (resources: string) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${resources}`;
const ruleHits = (text: string, file: string, ruleId: string) => analyze(text, file).findings.filter((finding) => finding.ruleId === ruleId);

describe('exemptions are per resource type and true to what the property means', () => {
  describe('rds-storage-unencrypted on CloudFormation', () => {
    it('a named Aurora cluster (DBClusterIdentifier is its own name) is judged; its member instances are not', () => {
      const text = template(`  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      DBClusterIdentifier: orders
      Engine: aurora-postgresql
  Writer:
    Type: AWS::RDS::DBInstance
    Properties:
      DBClusterIdentifier: !Ref Cluster
      Engine: aurora-postgresql
      DBInstanceClass: db.r6g.large
`);
      const hits = ruleHits(text, 't.yaml', 'rds-storage-unencrypted');
      assert.deepEqual(hits.map((hit) => hit.resource), ['Cluster']);
      assert.match(hits[0].message, /StorageEncrypted not set/);
    });

    it('an instance is exempt only for what makes its encryption come from elsewhere', () => {
      const instance = (extra: string) => template(`  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t3.micro\n${extra}`);
      for (const inherited of [
        '      SourceDBInstanceIdentifier: source-db\n',
        '      DBSnapshotIdentifier: !Ref Snapshot\n',
        '      SourceDbiResourceId: db-ABC\n',
        '      SourceDBInstanceAutomatedBackupsArn: arn:aws:rds:us-east-1:123456789012:auto-backup:ab-1\n',
        '      DBClusterSnapshotIdentifier: multi-az-snap\n',
        '      SourceDBClusterIdentifier: multi-az-cluster\n',
      ]) {
        assert.deepEqual(ruleHits(instance(inherited), 't.yaml', 'rds-storage-unencrypted'), [], inherited);
      }
      // Its own name is not an exemption; nor is a snapshot name a cluster would use.
      assert.equal(ruleHits(instance('      DBInstanceIdentifier: orders-db\n'), 't.yaml', 'rds-storage-unencrypted').length, 1);
      assert.equal(ruleHits(instance('      SnapshotIdentifier: not-an-instance-property\n'), 't.yaml', 'rds-storage-unencrypted').length, 1);
      // Aurora instances are governed by their cluster even when the template leaves DBClusterIdentifier to a condition.
      assert.deepEqual(ruleHits(template('  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: aurora-mysql\n'), 't.yaml', 'rds-storage-unencrypted'), []);
    });

    it('a cluster is exempt only when restored, cloned, replicated or Aurora Serverless v1', () => {
      const cluster = (extra: string) => template(`  Db:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-mysql\n${extra}`);
      for (const inherited of [
        '      SnapshotIdentifier: arn:aws:rds:us-east-1:123456789012:cluster-snapshot:s1\n',
        '      SourceDBClusterIdentifier: source\n      RestoreType: copy-on-write\n',
        '      ReplicationSourceIdentifier: arn:aws:rds:us-west-2:123456789012:cluster:primary\n',
        '      EngineMode: serverless\n',
        '      EngineMode: serverless\n      StorageEncrypted: false\n',
      ]) {
        assert.deepEqual(ruleHits(cluster(inherited), 't.yaml', 'rds-storage-unencrypted'), [], inherited);
      }
      for (const judged of ['      DBClusterIdentifier: named\n', '      EngineMode: provisioned\n', '      SourceDBInstanceIdentifier: an-instance-property\n', '      StorageEncrypted: false\n']) {
        assert.equal(ruleHits(cluster(judged), 't.yaml', 'rds-storage-unencrypted').length, 1, judged);
      }
    });
  });

  describe('rds-storage-unencrypted on Terraform', () => {
    before(prepareTerraform);

    it('a named aws_rds_cluster is judged; a restored or replicated one is not; cluster instances never are', () => {
      const hits = (body: string) => ruleHits(`resource "aws_rds_cluster" "db" {\n  engine = "aurora-postgresql"\n${body}}\n`, 'main.tf', 'rds-storage-unencrypted');
      const named = hits('  cluster_identifier = "orders"\n');
      assert.equal(named.length, 1);
      assert.match(named[0].message, /storage_encrypted not set, which defaults to off/);
      assert.deepEqual(hits('  cluster_identifier = "orders"\n  snapshot_identifier = "snap-1"\n'), []);
      assert.deepEqual(hits('  restore_to_point_in_time {\n    source_cluster_identifier = "source"\n  }\n'), []);
      assert.deepEqual(hits('  replication_source_identifier = "arn:aws:rds:us-west-2:123456789012:cluster:primary"\n'), []);
      assert.deepEqual(hits('  engine_mode = "serverless"\n'), []);
      assert.deepEqual(ruleHits('resource "aws_rds_cluster_instance" "w" {\n  cluster_identifier = aws_rds_cluster.db.id\n  instance_class = "db.r6g.large"\n  engine = "aurora-postgresql"\n}\n', 'main.tf', 'rds-storage-unencrypted'), []);
      assert.deepEqual(
        ruleHits('resource "aws_db_instance" "r" {\n  engine = "postgres"\n  restore_to_point_in_time {\n    source_db_instance_identifier = "source"\n  }\n}\n', 'main.tf', 'rds-storage-unencrypted'),
        [],
      );
    });
  });

  describe('ebs-volume-unencrypted: every block device judged on its own', () => {
    before(prepareTerraform);

    it('an unencrypted ebs_block_device is found beside an encrypted root volume, at its own line', () => {
      const text = `resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = true
  }
  ebs_block_device {
    device_name = "/dev/sdb"
    encrypted   = true
  }
  ebs_block_device {
    device_name = "/dev/sdc"
    encrypted   = false
  }
}
`;
      const hits = ruleHits(text, 'main.tf', 'ebs-volume-unencrypted');
      assert.deepEqual(hits.map((hit) => slice(text, hit.span)), ['encrypted   = false']);
      assert.match(hits[0].message, /\(encrypted = false\)/);
    });

    it('each ebs_block_device without encrypted takes the default on its own, unless it comes from a snapshot', () => {
      const text = `resource "aws_launch_configuration" "lc" {
  image_id      = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = true
  }
  ebs_block_device {
    device_name = "/dev/sdb"
    snapshot_id = "snap-0123456789abcdef0"
  }
  ebs_block_device {
    device_name = "/dev/sdc"
    volume_size = 50
  }
}
`;
      const hits = ruleHits(text, 'main.tf', 'ebs-volume-unencrypted');
      assert.equal(hits.length, 1);
      assert.equal(text.slice(0, hits[0].span.offset).split('\n').length, 11, 'on the second ebs_block_device');
      assert.match(hits[0].message, /encrypted not set, which defaults to false/);
    });

    it('a root volume without encrypted is encrypted as its AMI is: not a finding; a dynamic block hides no sibling', () => {
      assert.deepEqual(ruleHits('resource "aws_instance" "a" {\n  ami = "ami-1"\n  root_block_device {\n    volume_size = 20\n  }\n}\n', 'main.tf', 'ebs-volume-unencrypted'), []);
      const text = `resource "aws_instance" "a" {
  ami = "ami-1"
  dynamic "ebs_block_device" {
    for_each = var.disks
    content {
      device_name = ebs_block_device.value
    }
  }
  root_block_device {
    encrypted = false
  }
}
`;
      assert.deepEqual(ruleHits(text, 'main.tf', 'ebs-volume-unencrypted').map((hit) => slice(text, hit.span)), ['encrypted = false']);
    });

    it('CloudFormation block device mappings: one unencrypted mapping among encrypted ones is found', () => {
      const text = template(`  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      BlockDeviceMappings:
        - DeviceName: /dev/xvda
          Ebs:
            Encrypted: true
        - DeviceName: /dev/sdb
          Ebs:
            Encrypted: false
`);
      assert.deepEqual(ruleHits(text, 't.yaml', 'ebs-volume-unencrypted').map((hit) => slice(text, hit.span)), ['Encrypted: false']);
    });
  });

  it('knowledge: every exemption is a property of each type its rule covers, and says why', () => {
    const types = (specTypes as unknown as { types: Record<string, { properties: string[] }> }).types;
    for (const rule of findings.rules) {
      const check = rule.check as { kind: string; types?: string[]; unless?: { path?: string; because?: string }[] };
      for (const condition of check.unless ?? []) {
        assert.ok(condition.because && condition.because.length > 20, `${rule.id}: ${condition.path} says why it exempts`);
        const property = condition.path?.split('.')[1];
        for (const type of check.types ?? []) {
          if (!types[type]) continue;
          assert.ok(types[type].properties.includes(property!), `${rule.id}: ${condition.path} is not a property of ${type}`);
        }
      }
    }
  });
});
