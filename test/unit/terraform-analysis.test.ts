import assert from 'node:assert/strict';
import * as path from 'node:path';
import { prepareFormats } from '../../src/core';
import { analyzeTerraform, isTerraformFileName, pascalPath } from '../../src/core/formats/terraform/analyze';
import { ROOT, lineOf, setting, slice } from './helpers';

const WASM_DIR = path.join(ROOT, 'node_modules', 'web-tree-sitter');
const GRAMMAR_DIR = path.join(ROOT, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl');

const OPEN_SSH = `resource "aws_security_group" "sg" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;

describe('Terraform analysis: settings, spans and order', () => {
  before(async function () {
    this.timeout(20000);
    await prepareFormats(WASM_DIR, GRAMMAR_DIR);
  });

  it('a setting is a leaf unless it holds a map, a list with a map in it, or a dynamic block, whose content is walked', () => {
    const text = `resource "aws_security_group" "sg" {
  tags = { Name = "web" }
  ingress {
    from_port   = 22
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    x = [1, { a = 1 }]
  }
  dynamic "egress" {
    for_each = var.rules
    content {
      from_port = egress.value
    }
  }
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    const leaves = analysis.settings.map((s) => `${s.path} ${s.leaf ? 'leaf' : 'group'}`);
    assert.deepEqual(leaves, [
      'tags group',
      'tags.Name leaf',
      'ingress group',
      'ingress[0].from_port leaf',
      'ingress[0].cidr_blocks leaf',
      'ingress[1].x group',
      'ingress[1].x[1].a leaf',
      'egress group',
      'egress.from_port leaf',
    ]);
    assert.equal(slice(text, setting(analysis, 'aws_security_group.sg', 'egress.from_port').key), 'from_port');
    assert.equal(setting(analysis, 'aws_security_group.sg', 'egress.from_port').cfn?.path, 'Properties.SecurityGroupEgress[0].FromPort');
  });

  it('pascalPath spells each name of a path in PascalCase, from the first one on', () => {
    assert.equal(pascalPath('ingress[0].cidr_blocks'), 'Ingress[0].CidrBlocks');
    assert.equal(pascalPath('kms-key_id'), 'KmsKeyId');
  });

  it('findings come in file order: a variable default secret above a resource finding comes first', () => {
    const text = `variable "db_password" {\n  default = "Zq8#mWv2Lp9xRt4K"\n}\n${OPEN_SSH}`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(
      analysis.findings.map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId} ${f.resource}`),
      ['2 literal-secret var.db_password', '9 sg-world-open-admin-port aws_security_group.sg'],
    );
  });

  it('azurerm and AWS resources in one file: merged in file order, and Azure only when azurerm has more resources', () => {
    const registry = `resource "azurerm_container_registry" "registry" {\n  admin_enabled = true\n}\n`;
    const text = registry + OPEN_SSH;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.equal(analysis.kind, 'terraform');
    assert.equal(analysis.cloud, undefined, 'as many AWS resources as azurerm ones');
    assert.deepEqual(analysis.resources.map((r) => r.logicalId), ['azurerm_container_registry.registry', 'aws_security_group.sg']);
    assert.deepEqual(analysis.settings.slice(0, 2).map((s) => `${s.resource} ${s.path}`), ['azurerm_container_registry.registry admin_enabled', 'aws_security_group.sg ingress']);
    assert.deepEqual(analysis.findings.map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId}`), ['2 azure-acr-admin-user', '9 sg-world-open-admin-port']);
    const azure = analyzeTerraform(registry + registry.replace('"registry" {', '"second" {') + OPEN_SSH, 'main.tf');
    assert.equal(azure.kind, 'terraform');
    assert.equal(azure.cloud, 'azure');
  });

  it('aws_iam_policy_document arguments take the IAM JSON path they spell; principals and condition blocks take their element', () => {
    const text = `data "aws_iam_policy_document" "d" {
  version = "2012-10-17"
  override_policy_documents = []
  statement {
    actions = ["s3:GetObject"]
    principals {
      type = "*"
    }
    condition {
      test = "StringEquals"
    }
    foo = 1
  }
  statement {
    not_resources = ["*"]
  }
}
resource "aws_ami_launch_permission" "p" {
  version = "1"
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(
      analysis.settings.map((s) => `${s.resource} ${s.path} ${s.cfn?.path ?? '-'}`),
      [
        'data.aws_iam_policy_document.d version Properties.PolicyDocument.Version',
        'data.aws_iam_policy_document.d override_policy_documents -',
        'data.aws_iam_policy_document.d statement Properties.PolicyDocument.Statement[0]',
        'data.aws_iam_policy_document.d statement[0].actions Properties.PolicyDocument.Statement[0].Action',
        'data.aws_iam_policy_document.d statement[0].principals Properties.PolicyDocument.Statement[0].Principal',
        'data.aws_iam_policy_document.d statement[0].principals.type Properties.PolicyDocument.Statement[0].Principal',
        'data.aws_iam_policy_document.d statement[0].condition Properties.PolicyDocument.Statement[0].Condition',
        'data.aws_iam_policy_document.d statement[0].condition.test Properties.PolicyDocument.Statement[0].Condition',
        'data.aws_iam_policy_document.d statement[0].foo Properties.PolicyDocument.Statement[0]',
        'data.aws_iam_policy_document.d statement[1].not_resources Properties.PolicyDocument.Statement[1].NotResource',
        'aws_ami_launch_permission.p version -',
      ],
    );
  });

  it('aws_iam_policy_document: each statement block is judged, not_principals included', () => {
    const text = `data "aws_iam_policy_document" "e" {
  version = "2012-10-17"
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::b"]
  }
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root"]
    }
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "x"
  policy = data.aws_iam_policy_document.e.json
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(
      analysis.findings.map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId} ${f.resource}`),
      ['10 policy-public-principal data.aws_iam_policy_document.e'],
    );
    assert.match(analysis.findings[0].message, /grants s3:GetObject to everyone \(NotPrincipal\)/);
  });

  it('secrets written into the aws provider and into variable defaults: by name, or any literal when sensitive', () => {
    const key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8sL3kT9v';
    const text = `provider "aws" {
  region     = "eu-west-1"
  secret_key = "${key}"
}
provider "google" {
  secret_key = "${key}"
}
module "aws" {
  source     = "./m"
  secret_key = "${key}"
}
variable "plain" {
  sensitive = true
  default   = "Zq8#mWv2Lp9xRt4K"
}
variable "plain2" {
  sensitive = false
  default   = "Zq8#mWv2Lp9xRt4K"
}
variable "db_password" {
  default = ["Zq8#mWv2Lp9xRt4K"]
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(
      analysis.findings.map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId} ${f.resource} ${f.resourceType}`),
      ['3 literal-secret provider.aws provider', '14 literal-secret var.plain variable'],
    );
    assert.equal(slice(text, analysis.findings[0].span), `secret_key = "${key}"`);
    assert.match(analysis.findings[0].message, /^Set the secret outside the repository: a variable with sensitive = true and no default.* provider\.aws holds a literal secret in secret_key \(\*+\);/);
    assert.match(analysis.findings[1].message, /var\.plain holds a literal secret in default \(\*+\);/);
    assert.ok(!analysis.findings.some((f) => f.message.includes(key) || f.message.includes('Zq8#')), 'secrets are masked');
  });

  it('file names: .tf and .tf.json at the end only; a .json name is read as Terraform JSON', () => {
    assert.equal(isTerraformFileName('main.tf'), true);
    assert.equal(isTerraformFileName('MAIN.TF.JSON'), true);
    assert.equal(isTerraformFileName('main.tf.bak'), false);
    assert.equal(isTerraformFileName('main.tf.json.orig'), false);
    // Only a name ending in .json is JSON: HCL in `x.json.tf` parses as HCL.
    const hcl = analyzeTerraform(OPEN_SSH, 'x.json.tf');
    assert.deepEqual(hcl.errors, []);
    assert.deepEqual(hcl.resources.map((r) => r.logicalId), ['aws_security_group.sg']);
  });

  it('Terraform JSON: a resource header on one line spans type and name, one across lines its type key', () => {
    const text = `{
  "resource": {
    "aws_security_group": {
      "sg": {
        "ingress": [{ "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"] }]
      }
    }
  },
  "data": { "aws_iam_policy_document": { "d": { "statement": { "actions": ["*"] } } } }
}
`;
    const analysis = analyzeTerraform(text, 'main.tf.json');
    assert.deepEqual(analysis.errors, []);
    assert.deepEqual(
      analysis.resources.map((r) => `${r.logicalId} ${slice(text, r.typeSpan!)} ${slice(text, r.key)}`),
      ['aws_security_group.sg "aws_security_group" "sg"', 'data.aws_iam_policy_document.d "data": { "aws_iam_policy_document": { "d" "d"'],
    );
    assert.deepEqual(analysis.findings.map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId}`), ['5 sg-world-open-admin-port']);
    const broken = analyzeTerraform('{ "resource": ', 'main.tf.json');
    assert.equal(broken.errors.length, 1);
    assert.deepEqual(broken.resources, []);
  });

  it('only resource and data blocks with a type and a name are resources; an aws provider next to azurerm keeps an AWS file AWS', () => {
    const text = `ephemeral "aws_secretsmanager_secret_version" "db" {
  secret_id = "x"
}
resource "aws_s3_bucket" {
  bucket = "x"
}
resource "google_storage_bucket" "g" {
  name = "x"
}
provider "azurerm" {
  features {}
}
${OPEN_SSH}`;
    const analysis = analyzeTerraform(text, 'main.tf');
    assert.deepEqual(analysis.resources.map((r) => r.logicalId), ['aws_security_group.sg']);
    assert.equal(analysis.cloud, undefined);
    assert.equal(analyzeTerraform('provider "azurerm" {\n  features {}\n}\n', 'main.tf').cloud, 'azure');
  });

  it('JSON in a heredoc keeps exact offsets; in an escaped string every span is the string; invalid JSON stays a string', () => {
    const text = `resource "aws_iam_policy" "heredoc" {
  policy = <<EOT
{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
EOT
}
resource "aws_iam_policy" "quoted" {
  policy = "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"*\\", \\"Resource\\": \\"*\\"}]}"
}
resource "aws_iam_policy" "invalid" {
  policy = "{\\"Statement\\": [}"
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    const keys = (resource: string): string[] => analysis.settings.filter((s) => s.resource === resource).map((s) => `${s.path} ${s.leaf ? 'leaf' : 'group'} ${slice(text, s.key)}`);
    assert.deepEqual(keys('aws_iam_policy.heredoc'), [
      'policy group policy',
      'policy.Statement group "Statement"',
      'policy.Statement[0].Effect leaf "Effect"',
      'policy.Statement[0].Action leaf "Action"',
      'policy.Statement[0].Resource leaf "Resource"',
    ]);
    const quoted = text.split('\n')[6].slice('  policy = '.length);
    assert.deepEqual(keys('aws_iam_policy.quoted'), [
      'policy group policy',
      `policy.Statement group ${quoted}`,
      `policy.Statement[0].Effect leaf ${quoted}`,
      `policy.Statement[0].Action leaf ${quoted}`,
      `policy.Statement[0].Resource leaf ${quoted}`,
    ]);
    assert.deepEqual(keys('aws_iam_policy.invalid'), ['policy leaf policy']);
    assert.deepEqual(
      analysis.findings.map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId} ${f.resource} ${slice(text, f.span).length}`),
      ['3 iam-admin-wildcard aws_iam_policy.heredoc 13', `7 iam-admin-wildcard aws_iam_policy.quoted ${quoted.length}`],
    );
  });

  it('each block CloudFormation spells as an item of one list is judged on its own: only the unencrypted EBS block is flagged', () => {
    const text = `resource "aws_instance" "web" {
  ami           = "ami-1"
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
  }
}
`;
    const analysis = analyzeTerraform(text, 'main.tf');
    const unencrypted = analysis.findings.filter((f) => f.ruleId === 'ebs-volume-unencrypted');
    assert.deepEqual(unencrypted.map((f) => `${lineOf(text, f.span.offset)} ${slice(text, f.span)}`), ['11 ebs_block_device']);
    assert.deepEqual(
      analysis.settings.filter((s) => s.path.includes('block_device')).map((s) => `${s.path} ${s.cfn?.path}`),
      [
        'root_block_device Properties.BlockDeviceMappings[0].Ebs',
        'root_block_device.encrypted Properties.BlockDeviceMappings[0].Ebs.Encrypted',
        'ebs_block_device Properties.BlockDeviceMappings[0]',
        'ebs_block_device[0].device_name Properties.BlockDeviceMappings[0].DeviceName',
        'ebs_block_device[0].encrypted Properties.BlockDeviceMappings[0].Ebs.Encrypted',
        'ebs_block_device[1].device_name Properties.BlockDeviceMappings[1].DeviceName',
      ],
    );
  });
});
