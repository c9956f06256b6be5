import assert from 'node:assert/strict';
import { analyzeTerraform } from '../../src/core/formats/terraform/analyze';
import type { Analysis } from '../../src/core/types';
import { lineOf, prepareTerraform, slice } from './helpers';

/** `line ruleId resource: the text the finding underlines`. */
function findingsOf(text: string, analysis: Analysis): string[] {
  return analysis.findings.map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId} ${f.resource}: ${slice(text, f.span)}`);
}

function messageOf(analysis: Analysis, ruleId: string, resource: string): string {
  const found = analysis.findings.find((f) => f.ruleId === ruleId && f.resource === resource);
  assert.ok(found, `no ${ruleId} on ${resource}; have ${analysis.findings.map((f) => `${f.ruleId} ${f.resource}`).join(', ')}`);
  return found.message;
}

describe('Terraform resources judged in their CloudFormation form', () => {
  before(prepareTerraform);

  it('messages quote the value as the file writes it, or the Terraform default the rule judged', () => {
    const text = `resource "aws_db_instance" "a" {
  storage_encrypted   = false
  publicly_accessible = true
}
resource "aws_db_instance" "b" {
  engine = "mysql"
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(findingsOf(text, analysis), [
      '1 rds-log-exports-off aws_db_instance.a: "a"',
      '1 rds-deletion-protection-off aws_db_instance.a: "a"',
      '2 rds-storage-unencrypted aws_db_instance.a: storage_encrypted   = false',
      '3 rds-publicly-accessible aws_db_instance.a: publicly_accessible = true',
      '5 rds-storage-unencrypted aws_db_instance.b: "b"',
      '5 rds-log-exports-off aws_db_instance.b: "b"',
      '5 rds-deletion-protection-off aws_db_instance.b: "b"',
    ]);
    assert.equal(
      messageOf(analysis, 'rds-storage-unencrypted', 'aws_db_instance.a'),
      'Turn on storage encryption; on a deployed database this replaces it (snapshot, then restore encrypted). aws_db_instance.a stores its data unencrypted (storage_encrypted = false). Protecting customer data, including choosing encryption, is the customer\'s responsibility.',
    );
    assert.match(messageOf(analysis, 'rds-publicly-accessible', 'aws_db_instance.a'), / is publicly accessible \(publicly_accessible = true\); network exposure/);
    assert.match(messageOf(analysis, 'rds-storage-unencrypted', 'aws_db_instance.b'), / stores its data unencrypted \(storage_encrypted not set, which defaults to off\)\. Protecting/);
    assert.match(messageOf(analysis, 'rds-deletion-protection-off', 'aws_db_instance.b'), /\(deletion_protection not set, which defaults to off\)/);
    // A property no Terraform attribute of the type spells is named as CloudFormation names it.
    assert.match(messageOf(analysis, 'rds-log-exports-off', 'aws_db_instance.b'), /\(EnableCloudwatchLogsExports not set: no database log/);
  });

  it('a policy that only limits a VPC endpoint, a vpc-endpoints module or a domain reached through its VPC grants nothing to judge; a document also used elsewhere is judged', () => {
    const open = `    principals {
      type        = "*"
      identifiers = ["*"]
    }`;
    const text = `data "aws_iam_policy_document" "endpoint" {
  statement {
    actions   = ["*"]
    resources = ["*"]
${open}
  }
}
resource "aws_vpc_endpoint" "s3" {
  vpc_id = "vpc-1"
  policy = data.aws_iam_policy_document.endpoint.json
}
data "aws_iam_policy_document" "both" {
  statement {
    not_actions   = ["iam:*"]
    not_resources = ["arn:aws:s3:::x"]
${open}
  }
}
resource "aws_vpc_endpoint" "s3b" {
  policy = data.aws_iam_policy_document.both.json
}
resource "aws_s3_bucket_policy" "p" {
  bucket = "x"
  policy = data.aws_iam_policy_document.both.json
}
resource "aws_opensearch_domain" "pub" {
  domain_name = "pub"
}
resource "aws_opensearch_domain_policy" "pubp" {
  domain_name     = aws_opensearch_domain.pub.domain_name
  access_policies = data.aws_iam_policy_document.pubdoc.json
}
data "aws_iam_policy_document" "pubdoc" {
  statement {
    effect  = "Allow"
    actions = ["es:ESHttpGet"]
${open}
  }
}
resource "aws_opensearch_domain" "d" {
  domain_name = "d"
  vpc_options {
    subnet_ids = ["s"]
  }
  encrypt_at_rest {
    enabled = true
  }
  domain_endpoint_options {
    enforce_https = true
  }
  log_publishing_options {
    log_type = "AUDIT_LOGS"
  }
}
resource "aws_opensearch_domain_policy" "dp" {
  domain_name     = aws_opensearch_domain.d.domain_name
  access_policies = data.aws_iam_policy_document.dom.json
}
data "aws_iam_policy_document" "dom" {
  statement {
    actions = ["es:*"]
${open}
  }
}
data "aws_iam_policy_document" "deny" {
  statement {
    effect  = "Deny"
    actions = ["s3:*"]
${open}
  }
}
resource "aws_s3_bucket_policy" "p2" {
  bucket = "y"
  policy = data.aws_iam_policy_document.deny.json
}
module "endpoints" {
  source = "terraform-aws-modules/vpc/aws//modules/VPC-Endpoints"
  policy = data.aws_iam_policy_document.mod.json
}
data "aws_iam_policy_document" "mod" {
  statement {
    actions = ["s3:*"]
${open}
  }
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(
      analysis.findings.filter((f) => f.ruleId.startsWith('policy-') || f.ruleId.startsWith('iam-')).map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId} ${f.resource}`),
      ['19 policy-public-principal data.aws_iam_policy_document.both', '43 policy-public-principal data.aws_iam_policy_document.pubdoc'],
    );
    assert.match(messageOf(analysis, 'policy-public-principal', 'data.aws_iam_policy_document.both'), / grants \* \(except iam:\*\) to everyone \(Principal "\*"\) with no Condition\./);
  });

  it('the values a resource is written with select its model, and who owns its settings; types the mapping does not know keep their service', () => {
    const text = `resource "aws_ecs_service" "ec2" {
  name        = "h"
  launch_type = "EC2"
}
resource "aws_ecs_service" "fargate" {
  name        = "i"
  launch_type = "FARGATE"
}
resource "aws_eks_cluster" "auto" {
  name = "j"
  compute_config {
    enabled = true
  }
}
resource "aws_glue_job" "glue" {
  name = "b"
}
resource "aws_made_up_thing" "made_up" {
  name = "c"
}
data "aws_caller_identity" "me" {}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(
      analysis.resources.map((r) => `${r.logicalId} ${r.service} ${r.model} ${r.confidence} ${r.cfnType ?? '-'} ${r.variant ?? '-'}`),
      [
        'aws_ecs_service.ec2 ecs infrastructure curated AWS::ECS::Service EC2 launch type',
        'aws_ecs_service.fargate ecs container curated AWS::ECS::Service Fargate launch type',
        'aws_eks_cluster.auto eks container curated AWS::EKS::Cluster Auto Mode',
        'aws_glue_job.glue glue abstracted derived - -',
        'aws_made_up_thing.made_up aws_made_up_thing abstracted fallback - -',
        'data.aws_caller_identity.me sts abstracted fallback - -',
      ],
    );
    const owners = analysis.settings.map((s) => `${s.resource} ${s.path} ${s.attribution.owner} ${s.attribution.service} ${s.attribution.row} ${s.attribution.confidence}`);
    assert.deepEqual(owners, [
      'aws_ecs_service.ec2 name customer ecs custom-applications derived',
      'aws_ecs_service.ec2 launch_type customer ecs guest-os-patching curated',
      'aws_ecs_service.fargate name customer ecs custom-applications derived',
      'aws_ecs_service.fargate launch_type aws ecs guest-os-patching curated',
      'aws_eks_cluster.auto name customer eks custom-applications derived',
      'aws_eks_cluster.auto compute_config customer eks custom-applications derived',
      'aws_eks_cluster.auto compute_config.enabled aws eks guest-os-patching curated',
      'aws_glue_job.glue name customer glue customer-data derived',
      'aws_made_up_thing.made_up name customer aws_made_up_thing configure-services fallback',
    ]);
  });

  it('a block written empty still sets its CloudFormation property: an empty map, or a list of one empty item', () => {
    const text = `resource "aws_s3_bucket" "logged" {
  bucket = "b"
  logging {}
}
resource "aws_s3_bucket" "unlogged" {
  bucket = "c"
}
resource "aws_eks_cluster" "e" {
  name = "e"
  encryption_config {}
}
resource "aws_cloudfront_distribution" "c" {
  enabled = true
  logging_config {}
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(findingsOf(text, analysis), [
      '1 s3-versioning-off aws_s3_bucket.logged: "logged"',
      '5 s3-access-logging-off aws_s3_bucket.unlogged: "unlogged"',
      '5 s3-versioning-off aws_s3_bucket.unlogged: "unlogged"',
      '8 eks-public-endpoint aws_eks_cluster.e: "e"',
      '8 eks-audit-logging-off aws_eks_cluster.e: "e"',
      '10 eks-secrets-no-cmk aws_eks_cluster.e: encryption_config {}',
      '12 cloudfront-no-waf aws_cloudfront_distribution.c: "c"',
    ]);
    assert.match(messageOf(analysis, 'eks-secrets-no-cmk', 'aws_eks_cluster.e'), /\(EncryptionConfig: a list of 1 item\)/);
  });

  it('a map written inside a block fills the map the block made room for; each CIDR of a rule is judged on its own', () => {
    const text = `resource "aws_lambda_function" "f" {
  function_name = "f"
  environment {
    variables = {
      DB_PASSWORD = "Zq8#mWv2Lp9xRt4K"
      MODE        = "prod"
    }
  }
}
resource "aws_security_group" "g" {
  ingress {
    from_port        = 22
    to_port          = 22
    protocol         = "tcp"
    cidr_blocks      = ["10.0.0.0/8", "0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(findingsOf(text, analysis), [
      '1 lambda-env-no-cmk aws_lambda_function.f: "f"',
      '5 literal-secret aws_lambda_function.f: DB_PASSWORD = "Zq8#mWv2Lp9xRt4K"',
      '15 sg-world-open-admin-port aws_security_group.g: "0.0.0.0/0"',
      '16 sg-world-open-admin-port aws_security_group.g: "::/0"',
    ]);
    assert.match(
      messageOf(analysis, 'literal-secret', 'aws_lambda_function.f'),
      /^Set the secret outside the repository: a variable with sensitive = true and no default, or a Secrets Manager data source\. aws_lambda_function\.f holds a literal secret in environment\.variables\.DB_PASSWORD \(\*+\); it is kept in the repository and in the Terraform state/,
    );
    assert.match(messageOf(analysis, 'lambda-env-no-cmk', 'aws_lambda_function.f'), /\(KmsKeyArn not set: environment variables are encrypted with the AWS managed key aws\/lambda\): a variable there is named like a secret/);
  });

  it('a map key given by a value is taken only when it is a plain name: a log type with a space leaves the map unknown', () => {
    const text = `resource "aws_opensearch_domain" "typo" {
  domain_name = "d"
  log_publishing_options {
    log_type = "AUDIT LOGS"
    enabled  = false
  }
}
resource "aws_opensearch_domain" "off" {
  domain_name = "e"
  log_publishing_options {
    log_type = "AUDIT_LOGS"
    enabled  = false
  }
}
resource "aws_opensearch_domain" "none" {
  domain_name = "f"
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(
      findingsOf(text, analysis).filter((f) => f.includes('opensearch-audit-logs-off')),
      ['12 opensearch-audit-logs-off aws_opensearch_domain.off: enabled  = false', '15 opensearch-audit-logs-off aws_opensearch_domain.none: "none"'],
    );
    assert.deepEqual(
      analysis.settings.filter((s) => s.path.startsWith('log_publishing_options')).map((s) => `${s.resource} ${s.path} ${s.cfn?.path ?? '-'}`),
      [
        'aws_opensearch_domain.typo log_publishing_options Properties.LogPublishingOptions',
        'aws_opensearch_domain.typo log_publishing_options.log_type -',
        'aws_opensearch_domain.typo log_publishing_options.enabled Properties.LogPublishingOptions',
        'aws_opensearch_domain.off log_publishing_options Properties.LogPublishingOptions.AUDIT_LOGS',
        'aws_opensearch_domain.off log_publishing_options.log_type -',
        'aws_opensearch_domain.off log_publishing_options.enabled Properties.LogPublishingOptions.AUDIT_LOGS.Enabled',
      ],
    );
  });

  it('an owner that depends on another attribute reads the resource as CloudFormation spells it: a pinned engine version is the customer\'s to patch', () => {
    const text = `resource "aws_db_instance" "pinned" {
  engine_version             = "8.0.35"
  auto_minor_version_upgrade = false
}
resource "aws_db_instance" "auto" {
  engine_version = "8.0.35"
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(
      analysis.settings.map((s) => `${s.resource} ${s.path} ${s.attribution.owner} ${s.attribution.row}`),
      [
        'aws_db_instance.pinned engine_version customer database-patching',
        'aws_db_instance.pinned auto_minor_version_upgrade customer database-patching',
        'aws_db_instance.auto engine_version aws database-patching',
      ],
    );
  });

  it('the attribute that names the parent of a part written as a resource of its own takes the row of that part', () => {
    const text = `resource "aws_security_group_rule" "r" {
  type              = "ingress"
  security_group_id = aws_security_group.g.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = "r"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    const naming = new Set(['security_group_id', 'bucket', 'role']);
    assert.deepEqual(
      analysis.settings.filter((s) => naming.has(s.path)).map((s) => `${s.resource} ${s.path} ${s.cfn?.type} ${s.cfn?.path} ${s.attribution.row}`),
      [
        'aws_security_group_rule.r security_group_id AWS::EC2::SecurityGroupIngress Properties.SecurityGroupIngress[0] network-security',
        'aws_s3_bucket_versioning.v bucket AWS::S3::Bucket Properties.VersioningConfiguration business-continuity',
        'aws_iam_role_policy_attachment.a role AWS::IAM::Role Properties.ManagedPolicyArns[0] restrict-access',
      ],
    );
  });

  it('a rule on a type the mapping does not translate reads the attribute by its Terraform name and quotes it so', () => {
    const text = `resource "aws_ami_launch_permission" "p" {
  image_id = "ami-1"
  group    = "all"
}
resource "aws_route53domains_registered_domain" "d" {
  domain_name   = "example.com"
  transfer_lock = false
}
resource "aws_s3_access_point" "ap" {
  bucket = "b"
  name   = "ap"
  public_access_block_configuration {
    block_public_acls = false
  }
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(findingsOf(text, analysis), [
      '3 ami-public-launch-permission aws_ami_launch_permission.p: group    = "all"',
      '7 route53-domain-transfer-lock-off aws_route53domains_registered_domain.d: transfer_lock = false',
      '13 s3-access-point-public-access-block-off aws_s3_access_point.ap: block_public_acls = false',
    ]);
    assert.match(messageOf(analysis, 'ami-public-launch-permission', 'aws_ami_launch_permission.p'), /^Remove the public launch permission of aws_ami_launch_permission\.p \(group = all\)\. Every AWS account/);
    assert.match(messageOf(analysis, 'route53-domain-transfer-lock-off', 'aws_route53domains_registered_domain.d'), / to another registrar \(transfer_lock = false\), the first step/);
    assert.match(messageOf(analysis, 's3-access-point-public-access-block-off', 'aws_s3_access_point.ap'), / Block Public Access \(block_public_acls = false\), so /);
  });
});
