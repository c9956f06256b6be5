import assert from 'node:assert/strict';
import Ajv from 'ajv';
import mapping from '../../src/core/clouds/aws/knowledge/terraform-mapping.json';
import mappingSchema from '../../src/core/clouds/aws/knowledge/schema/terraform-mapping.schema.json';
import prefixes from '../../src/core/clouds/aws/knowledge/terraform-service-prefixes.json';
import services from '../../src/core/clouds/aws/knowledge/services.json';
import {
  describeTerraformPath,
  mapTerraformPath,
  terraformCfnType,
  terraformDefault,
  terraformResourceMapping,
  terraformService,
  terraformTypes,
  toCloudFormationValue,
} from '../../src/core/clouds/aws/terraform-mapping';
import type { MapNode, Node } from '../../src/core/parse/tree';

/** A resource body with scalar attributes, as the HCL parser would give it. */
function body(values: Record<string, string | number | boolean>): MapNode {
  return {
    kind: 'map',
    offset: 0,
    length: 0,
    entries: Object.entries(values).map(([key, value]) => ({
      key,
      keySpan: { offset: 0, length: 0 },
      span: { offset: 0, length: 0 },
      value: { kind: 'scalar', value, offset: 0, length: 0 } as Node,
    })),
  };
}

describe('Terraform → CloudFormation mapping', () => {
  it('matches its JSON schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(mappingSchema);
    assert.ok(validate(mapping), JSON.stringify(validate.errors, null, 2));
  });

  it('maps plain attributes', () => {
    assert.deepEqual(mapTerraformPath('aws_db_instance', 'storage_encrypted'), { cfnType: 'AWS::RDS::DBInstance', cfnPath: 'Properties.StorageEncrypted' });
    assert.deepEqual(mapTerraformPath('aws_db_instance', 'maintenance_window'), { cfnType: 'AWS::RDS::DBInstance', cfnPath: 'Properties.PreferredMaintenanceWindow' });
    assert.deepEqual(mapTerraformPath('aws_db_instance', 'password'), { cfnType: 'AWS::RDS::DBInstance', cfnPath: 'Properties.MasterUserPassword' });
    assert.deepEqual(mapTerraformPath('aws_cloudtrail', 'enable_logging'), { cfnType: 'AWS::CloudTrail::Trail', cfnPath: 'Properties.IsLogging' });
    assert.deepEqual(mapTerraformPath('aws_lambda_function', 'runtime'), { cfnType: 'AWS::Lambda::Function', cfnPath: 'Properties.Runtime' });
    assert.deepEqual(mapTerraformPath('aws_kms_key', 'enable_key_rotation'), { cfnType: 'AWS::KMS::Key', cfnPath: 'Properties.EnableKeyRotation' });
    assert.deepEqual(mapTerraformPath('aws_api_gateway_method', 'authorization'), { cfnType: 'AWS::ApiGateway::Method', cfnPath: 'Properties.AuthorizationType' });
    assert.deepEqual(mapTerraformPath('aws_eks_node_group', 'ami_type'), { cfnType: 'AWS::EKS::Nodegroup', cfnPath: 'Properties.AmiType' });
  });

  it('repeated blocks and lists keep their indexes', () => {
    assert.deepEqual(mapTerraformPath('aws_security_group', 'ingress[1].cidr_blocks[0]'), {
      cfnType: 'AWS::EC2::SecurityGroup',
      cfnPath: 'Properties.SecurityGroupIngress[1].CidrIp',
    });
    assert.deepEqual(mapTerraformPath('aws_security_group', 'ingress[2].ipv6_cidr_blocks[0]')?.cfnPath, 'Properties.SecurityGroupIngress[2].CidrIpv6');
    assert.deepEqual(mapTerraformPath('aws_security_group', 'egress[0].from_port')?.cfnPath, 'Properties.SecurityGroupEgress[0].FromPort');
    // A single block (no index) is item 0; so is the list itself.
    assert.equal(mapTerraformPath('aws_security_group', 'ingress.from_port')?.cfnPath, 'Properties.SecurityGroupIngress[0].FromPort');
    assert.equal(mapTerraformPath('aws_security_group', 'ingress[3].cidr_blocks')?.cfnPath, 'Properties.SecurityGroupIngress[3].CidrIp');
    assert.equal(mapTerraformPath('aws_instance', 'ebs_block_device[2].encrypted')?.cfnPath, 'Properties.BlockDeviceMappings[2].Ebs.Encrypted');
    assert.equal(mapTerraformPath('aws_instance', 'root_block_device.encrypted')?.cfnPath, 'Properties.BlockDeviceMappings[0].Ebs.Encrypted');
    assert.equal(mapTerraformPath('aws_instance', 'metadata_options.http_tokens')?.cfnPath, 'Properties.MetadataOptions.HttpTokens');
    assert.equal(mapTerraformPath('aws_eks_cluster', 'vpc_config.public_access_cidrs[1]')?.cfnPath, 'Properties.ResourcesVpcConfig.PublicAccessCidrs[1]');
    assert.equal(mapTerraformPath('aws_eks_cluster', 'vpc_config.endpoint_public_access')?.cfnPath, 'Properties.ResourcesVpcConfig.EndpointPublicAccess');
    assert.equal(mapTerraformPath('aws_dynamodb_table', 'point_in_time_recovery.enabled')?.cfnPath, 'Properties.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled');
  });

  it('a block maps to the CloudFormation path its attributes share', () => {
    const ingress = describeTerraformPath('aws_security_group', 'ingress[1]');
    assert.deepEqual(ingress && { cfnPath: ingress.cfnPath, derived: ingress.derived }, { cfnPath: 'Properties.SecurityGroupIngress[1]', derived: true });
    assert.equal(mapTerraformPath('aws_instance', 'metadata_options')?.cfnPath, 'Properties.MetadataOptions');
    assert.equal(mapTerraformPath('aws_instance', 'root_block_device')?.cfnPath, 'Properties.BlockDeviceMappings[0].Ebs');
    assert.equal(mapTerraformPath('aws_eks_cluster', 'vpc_config')?.cfnPath, 'Properties.ResourcesVpcConfig');
  });

  it('policies carry their document path over unchanged', () => {
    assert.deepEqual(mapTerraformPath('aws_iam_policy', 'policy'), { cfnType: 'AWS::IAM::ManagedPolicy', cfnPath: 'Properties.PolicyDocument' });
    assert.deepEqual(mapTerraformPath('aws_iam_policy', 'policy.Statement[0].Action'), {
      cfnType: 'AWS::IAM::ManagedPolicy',
      cfnPath: 'Properties.PolicyDocument.Statement[0].Action',
    });
    assert.equal(mapTerraformPath('aws_iam_role', 'assume_role_policy.Statement[0].Principal.Service')?.cfnPath, 'Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service');
    assert.equal(mapTerraformPath('aws_iam_role', 'inline_policy[1].policy.Statement[2].Resource')?.cfnPath, 'Properties.Policies[1].PolicyDocument.Statement[2].Resource');
    assert.deepEqual(mapTerraformPath('aws_s3_bucket_policy', 'policy'), { cfnType: 'AWS::S3::BucketPolicy', cfnPath: 'Properties.PolicyDocument' });
    assert.deepEqual(mapTerraformPath('aws_kms_key', 'policy'), { cfnType: 'AWS::KMS::Key', cfnPath: 'Properties.KeyPolicy' });
    // An attribute that configures another CloudFormation type than its resource.
    assert.deepEqual(mapTerraformPath('aws_sqs_queue', 'policy.Statement[0].Effect'), { cfnType: 'AWS::SQS::QueuePolicy', cfnPath: 'Properties.PolicyDocument.Statement[0].Effect' });
    assert.equal(mapTerraformPath('aws_lambda_function', 'environment.variables.DB_PASSWORD')?.cfnPath, 'Properties.Environment.Variables.DB_PASSWORD');
  });

  it('split resources map onto the parent CloudFormation type', () => {
    assert.deepEqual(mapTerraformPath('aws_s3_bucket_public_access_block', 'block_public_acls'), {
      cfnType: 'AWS::S3::Bucket',
      cfnPath: 'Properties.PublicAccessBlockConfiguration.BlockPublicAcls',
    });
    assert.equal(terraformResourceMapping('aws_s3_bucket_public_access_block')?.splitOf?.resource, 'aws_s3_bucket');
    assert.equal(terraformResourceMapping('aws_s3_bucket_public_access_block')?.splitOf?.via, 'bucket');
    assert.deepEqual(mapTerraformPath('aws_s3_bucket_server_side_encryption_configuration', 'rule[0].apply_server_side_encryption_by_default.sse_algorithm'), {
      cfnType: 'AWS::S3::Bucket',
      cfnPath: 'Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm',
    });
    // Anything else under the rule lands on the encryption subtree.
    assert.equal(mapTerraformPath('aws_s3_bucket_server_side_encryption_configuration', 'rule.something_new')?.cfnPath, 'Properties.BucketEncryption');
    assert.deepEqual(mapTerraformPath('aws_secretsmanager_secret_version', 'secret_string'), { cfnType: 'AWS::SecretsManager::Secret', cfnPath: 'Properties.SecretString' });
  });

  it('security group rules: ingress by default, egress by value', () => {
    assert.deepEqual(mapTerraformPath('aws_security_group_rule', 'cidr_blocks[0]'), { cfnType: 'AWS::EC2::SecurityGroupIngress', cfnPath: 'Properties.CidrIp' });
    const egress = body({ type: 'egress' });
    assert.equal(terraformCfnType('aws_security_group_rule', egress), 'AWS::EC2::SecurityGroupEgress');
    assert.deepEqual(mapTerraformPath('aws_security_group_rule', 'source_security_group_id', egress), {
      cfnType: 'AWS::EC2::SecurityGroupEgress',
      cfnPath: 'Properties.DestinationSecurityGroupId',
    });
    assert.deepEqual(mapTerraformPath('aws_security_group_rule', 'from_port', egress), { cfnType: 'AWS::EC2::SecurityGroupEgress', cfnPath: 'Properties.FromPort' });
    assert.deepEqual(mapTerraformPath('aws_vpc_security_group_ingress_rule', 'cidr_ipv4'), { cfnType: 'AWS::EC2::SecurityGroupIngress', cfnPath: 'Properties.CidrIp' });
    assert.deepEqual(mapTerraformPath('aws_vpc_security_group_egress_rule', 'referenced_security_group_id'), {
      cfnType: 'AWS::EC2::SecurityGroupEgress',
      cfnPath: 'Properties.DestinationSecurityGroupId',
    });
  });

  it('inherited entries and common tags', () => {
    assert.deepEqual(mapTerraformPath('aws_default_security_group', 'ingress[0].cidr_blocks[0]'), { cfnType: 'AWS::EC2::SecurityGroup', cfnPath: 'Properties.SecurityGroupIngress[0].CidrIp' });
    assert.deepEqual(mapTerraformPath('aws_alb', 'internal'), { cfnType: 'AWS::ElasticLoadBalancingV2::LoadBalancer', cfnPath: 'Properties.Scheme' });
    assert.equal(mapTerraformPath('aws_s3_bucket', 'tags.Name')?.cfnPath, 'Properties.Tags');
    assert.equal(mapTerraformPath('aws_db_instance', 'tags')?.cfnPath, 'Properties.Tags');
  });

  it('unknown types and attributes map to nothing', () => {
    assert.equal(mapTerraformPath('aws_not_a_type', 'x'), undefined);
    assert.equal(mapTerraformPath('aws_db_instance', 'no_such_attribute'), undefined);
    assert.equal(mapTerraformPath('aws_db_instance', ''), undefined);
    assert.equal(mapTerraformPath('aws_security_group', 'ingress[0].self'), undefined);
  });

  it('defaults that matter for findings, and value translation', () => {
    const attribute = (tfType: string, tfPath: string) => describeTerraformPath(tfType, tfPath)?.attribute;
    assert.equal(attribute('aws_db_instance', 'storage_encrypted')?.default, false);
    assert.equal(attribute('aws_db_instance', 'publicly_accessible')?.default, false);
    assert.equal(attribute('aws_cloudtrail', 'enable_logging')?.default, true);
    assert.equal(attribute('aws_cloudtrail', 'enable_log_file_validation')?.default, false);
    assert.equal(attribute('aws_eks_cluster', 'vpc_config.endpoint_public_access')?.default, true);
    assert.deepEqual(attribute('aws_eks_cluster', 'vpc_config.public_access_cidrs[0]')?.default, ['0.0.0.0/0']);
    assert.equal(attribute('aws_dynamodb_table', 'point_in_time_recovery.enabled')?.default, false);
    assert.equal(attribute('aws_s3_bucket_public_access_block', 'restrict_public_buckets')?.default, false);
    const atRest = attribute('aws_elasticache_replication_group', 'at_rest_encryption_enabled')!;
    assert.equal(terraformDefault(atRest, body({ engine: 'redis' })), false);
    assert.equal(terraformDefault(atRest, body({ engine: 'valkey' })), true);
    assert.equal(terraformDefault(atRest), false);
    const internal = attribute('aws_lb', 'internal');
    assert.equal(toCloudFormationValue(internal, false), 'internet-facing');
    assert.equal(toCloudFormationValue(internal, true), 'internal');
    assert.equal(toCloudFormationValue(attribute('aws_db_instance', 'engine'), 'postgres'), 'postgres');
  });
});

describe('Terraform types → services', () => {
  it('every aws_* resource type of the provider has a service', () => {
    const types = Object.entries(terraformTypes.types);
    assert.ok(types.length > 1500, `only ${types.length} types`);
    const without = types.filter(([, service]) => !service).map(([type]) => type);
    assert.deepEqual(without, [], `types without a service: ${without.join(', ')}`);
    const unmatched = (terraformTypes as unknown as { unmatched: { resourceTypes: string[]; dataSources: string[] } }).unmatched;
    assert.deepEqual(unmatched.resourceTypes, [], `types the generator could not place: ${unmatched.resourceTypes.join(', ')}`);
    assert.ok(types.every(([type]) => type.startsWith('aws_')));
  });

  it('every data source has a service too', () => {
    const without = Object.entries(terraformTypes.dataSources).filter(([, service]) => !service);
    assert.deepEqual(without, []);
  });

  it('the common types land on the same services as their CloudFormation types', () => {
    const expected: Record<string, string> = {
      aws_s3_bucket: 's3',
      aws_s3_bucket_public_access_block: 's3',
      aws_instance: 'ec2',
      aws_launch_template: 'ec2',
      aws_ami: 'ec2',
      aws_security_group: 'vpc',
      aws_security_group_rule: 'vpc',
      aws_vpc_security_group_ingress_rule: 'vpc',
      aws_vpc: 'vpc',
      aws_subnet: 'vpc',
      aws_route_table: 'vpc',
      aws_internet_gateway: 'vpc',
      aws_nat_gateway: 'vpc',
      aws_network_acl_rule: 'vpc',
      aws_ebs_volume: 'ebs',
      aws_volume_attachment: 'ebs',
      aws_db_instance: 'rds',
      aws_rds_cluster: 'rds',
      aws_iam_role: 'iam',
      aws_lambda_function: 'lambda',
      aws_dynamodb_table: 'dynamodb',
      aws_eks_cluster: 'eks',
      aws_ecs_service: 'ecs',
      aws_elasticache_replication_group: 'elasticache',
      aws_sqs_queue: 'sqs',
      aws_sns_topic: 'sns',
      aws_kms_key: 'kms',
      aws_cloudtrail: 'cloudtrail',
      aws_cloudfront_distribution: 'cloudfront',
      aws_api_gateway_method: 'apigateway',
      aws_secretsmanager_secret: 'secretsmanager',
      aws_lb: 'elb',
      aws_alb: 'elb',
      aws_elb: 'elb',
      aws_lb_listener: 'elb',
      aws_cloudwatch_log_group: 'cloudwatch',
      aws_kinesis_video_stream: 'kinesisvideo',
      aws_vpclattice_service: 'vpclattice',
      aws_route53_zone: 'route53',
    };
    const actual = Object.fromEntries(Object.keys(expected).map((type) => [type, terraformService(type)]));
    assert.deepEqual(actual, expected);
    assert.equal(terraformService('aws_iam_policy_document', 'data'), 'iam');
    assert.equal(terraformService('aws_not_a_type'), undefined);
  });

  it('service ids agree with services.json where it knows the namespace', () => {
    const core = (services as unknown as { services: Record<string, { namespaces: string[] }> }).services;
    const owner = new Map<string, string>();
    for (const [id, info] of Object.entries(core)) for (const ns of info.namespaces) owner.set(ns, id);
    const problems: string[] = [];
    for (const [id, info] of Object.entries(terraformTypes.services)) {
      if (id === 'vpc' || id === 'ebs') continue;
      for (const ns of info.cfnNamespaces) {
        const expected = owner.get(ns);
        if (expected && expected !== id) problems.push(`${id} has ${ns}, which services.json gives to ${expected}`);
      }
    }
    assert.deepEqual(problems, [], 'terraform-types.json is stale: run node scripts/gen-terraform-knowledge.mjs');
  });

  it('every mapped Terraform type is a real provider type', () => {
    const unknown = Object.keys(mapping.resources).filter((type) => !terraformTypes.types[type]);
    assert.deepEqual(unknown, []);
  });

  it('the checked-in service table keeps its provenance', () => {
    assert.equal(prefixes.source.repo, 'hashicorp/terraform-provider-aws');
    assert.equal(prefixes.source.path, 'names/data/names_data.csv');
    assert.match(prefixes.source.commit, /^[0-9a-f]{40}$/);
    assert.equal(terraformTypes.source.package, '@cdktf/provider-aws');
  });
});
