/**
 * How a Terraform path finds its CloudFormation path
 * (src/core/clouds/aws/terraform-mapping.ts), one matching step at a time:
 * indexes on blocks written once, paths below an attribute, blocks whose
 * attributes lie at different depths, and conditional defaults.
 */
import assert from 'node:assert/strict';
import { describeTerraformPath, terraformDefault, terraformResourceMapping, terraformService, toCloudFormationValue, type TfAttributeMapping } from '../../src/core/clouds/aws/terraform-mapping';
import { parseJson } from '../../src/core/parse/json';

const cfnPath = (tfType: string, tfPath: string) => describeTerraformPath(tfType, tfPath)?.cfnPath;

describe('Terraform path matching', () => {
  it('a data source name finds its service asked as a resource, and a resource name asked as a data source', () => {
    assert.equal(terraformService('aws_ami_ids'), 'ec2');
    assert.equal(terraformService('aws_ami_ids', 'data'), 'ec2');
    assert.equal(terraformService('aws_accessanalyzer_analyzer', 'data'), 'accessanalyzer');
    assert.equal(terraformService('aws_accessanalyzer_analyzer'), 'accessanalyzer');
  });

  it('a resource keeps its own documentation link', () => {
    assert.equal(terraformResourceMapping('aws_s3_bucket')?.doc, 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket');
  });

  it('an index on a block that appears once is tolerated; a path below a plain attribute maps to nothing', () => {
    assert.equal(cfnPath('aws_instance', 'metadata_options[0].http_tokens'), 'Properties.MetadataOptions.HttpTokens');
    assert.equal(cfnPath('aws_instance', 'metadata_options.http_tokens.extra'), undefined);
  });

  it('each list index fills its own slot', () => {
    assert.equal(cfnPath('aws_mq_broker', 'user[1].groups[2]'), 'Properties.Users[1].Groups[2]');
    assert.equal(describeTerraformPath('aws_mq_broker', 'user[1].groups[2]')?.pattern, 'user[].groups[]');
  });

  it('an attribute or a document path is matched, not derived, and the result is shared read-only', () => {
    const exact = describeTerraformPath('aws_db_instance', 'storage_encrypted')!;
    assert.equal(exact.derived, false);
    assert.ok(Object.isFrozen(exact));
    const below = describeTerraformPath('aws_iam_policy', 'policy.Statement')!;
    assert.deepEqual([below.cfnPath, below.pattern, below.derived], ['Properties.PolicyDocument.Statement', 'policy.**', false]);
  });

  it('a block maps onto the deepest path all its attributes share', () => {
    // Its attributes lie in LogsConfig.CloudWatchLogs and LogsConfig.S3Logs.
    assert.equal(cfnPath('aws_codebuild_project', 'logs_config'), 'Properties.LogsConfig');
    // ExecuteCommandConfiguration, and LogConfiguration below it.
    assert.equal(cfnPath('aws_ecs_cluster', 'configuration'), 'Properties.Configuration.ExecuteCommandConfiguration');
    // A policy document (below the item) and the item's name.
    assert.equal(cfnPath('aws_iam_role', 'inline_policy[1]'), 'Properties.Policies[1]');
  });

  it('a value with no curated attribute, or none to translate, is kept as written', () => {
    assert.equal(toCloudFormationValue(undefined, true), true);
    assert.equal(toCloudFormationValue({ cfn: 'Properties.X' }, 'abc'), 'abc');
  });
});

describe('Terraform conditional defaults', () => {
  const body = parseJson('{ "engine": "valkey", "mode": "serverless" }').root;
  const mapping = (when: TfAttributeMapping['defaultWhen']): TfAttributeMapping => ({ cfn: 'Properties.X', default: 'plain', defaultWhen: when });

  it('a condition holds when the attribute is set to the value, or to one of the values', () => {
    assert.equal(terraformDefault(mapping([{ attribute: 'engine', equals: 'valkey', value: 'equal' }]), body), 'equal');
    assert.equal(terraformDefault(mapping([{ attribute: 'engine', in: ['redis', 'valkey'], value: 'listed' }]), body), 'listed');
    assert.equal(terraformDefault(mapping([{ attribute: 'engine', value: 'set' }]), body), 'set');
  });

  it('it fails for another value, a value not listed, or an attribute not set', () => {
    assert.equal(terraformDefault(mapping([{ attribute: 'engine', equals: 'redis', value: 'x' }]), body), 'plain');
    assert.equal(terraformDefault(mapping([{ attribute: 'engine', in: ['redis'], value: 'x' }]), body), 'plain');
    assert.equal(terraformDefault(mapping([{ attribute: 'missing', value: 'x' }]), body), 'plain');
    assert.equal(terraformDefault(mapping([{ attribute: 'engine', equals: 'valkey', value: 'x' }])), 'plain');
  });
});
