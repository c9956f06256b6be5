import assert from 'node:assert/strict';
import { parseTerraform } from '../../src/core/parse/hcl';
import { analyzeAzurerm, namesAzurerm } from '../../src/core/formats/terraform/azurerm';
import { prepareTerraform } from './helpers';

const blocksOf = (text: string) => parseTerraform(text).blocks;

describe('azurerm resources on the Azure model', () => {
  before(prepareTerraform);

  it('tells an azurerm file by its provider, an azurerm_ data source or required_providers', () => {
    assert.equal(namesAzurerm(blocksOf('provider "azurerm" {\n  features {}\n}')), true);
    assert.equal(namesAzurerm(blocksOf('provider "aws" {}')), false);
    assert.equal(namesAzurerm(blocksOf('data "azurerm_client_config" "c" {}')), true);
    assert.equal(namesAzurerm(blocksOf('data "aws_caller_identity" "c" {}')), false);
    assert.equal(namesAzurerm(blocksOf('terraform {\n  required_providers {\n    azurerm = { source = "hashicorp/azurerm" }\n  }\n}')), true);
    assert.equal(namesAzurerm(blocksOf('terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}')), false);
    assert.equal(namesAzurerm(blocksOf('terraform {\n  required_version = ">= 1.0"\n}')), false);
    assert.equal(namesAzurerm(blocksOf('variable "azurerm" {}\nprovider "aws" {}\ndata "azurerm_client_config" "c" {}')), true);
    assert.equal(namesAzurerm(blocksOf('module "azurerm" {}')), false);
  });

  it('settings keep Terraform paths: a list block written once has no index, twice it has; groups are not leaves; meta-arguments are not settings', () => {
    const text = `resource "azurerm_network_security_group" "one" {
  security_rule {
    name = "a"
  }
}
resource "azurerm_network_security_group" "two" {
  security_rule {
    name = "a"
  }
  security_rule {
    name = "b"
    source_address_prefix = "*"
  }
  count = 1
}
resource "azurerm_storage_account" "s" {
  tags = { a = "b" }
  network_rules { default_action = "Allow" }
}`;
    const { settings, resources } = analyzeAzurerm(blocksOf(text), (block) => block.labelSpans[0]);
    assert.deepEqual(
      settings.map((setting) => `${setting.resource} ${setting.path}${setting.leaf ? '' : ' (group)'} ${setting.attribution?.owner}`),
      [
        'azurerm_network_security_group.one security_rule (group) customer',
        'azurerm_network_security_group.one security_rule.name customer',
        'azurerm_network_security_group.two security_rule (group) customer',
        'azurerm_network_security_group.two security_rule[0].name customer',
        'azurerm_network_security_group.two security_rule[1].name customer',
        'azurerm_network_security_group.two security_rule[1].source_address_prefix customer',
        'azurerm_storage_account.s tags (group) customer',
        'azurerm_storage_account.s tags.a customer',
        'azurerm_storage_account.s network_rules (group) customer',
        'azurerm_storage_account.s network_rules.default_action customer',
      ],
    );
    assert.deepEqual(
      resources.map((resource) => [resource.logicalId, resource.type]),
      [
        ['azurerm_network_security_group.one', 'azurerm_network_security_group'],
        ['azurerm_network_security_group.two', 'azurerm_network_security_group'],
        ['azurerm_storage_account.s', 'azurerm_storage_account'],
      ],
    );
  });

  it('findings speak Terraform: attribute names and spellings, fixes aimed at the Terraform type', () => {
    const text = `resource "azurerm_storage_account" "s" {
  min_tls_version = "TLS1_0"
  https_traffic_only_enabled = false
}`;
    const { findings } = analyzeAzurerm(blocksOf(text), (block) => block.labelSpans[0]);
    assert.deepEqual(
      findings.map((finding) => [finding.ruleId, finding.resourceType, finding.message, finding.fix?.target, finding.fix?.edits]),
      [
        [
          'azure-storage-min-tls',
          'azurerm_storage_account',
          'Set min_tls_version to TLS1_2: azurerm_storage_account.s accepts TLS1_0, which Microsoft has retired for Azure Storage.',
          { resourceType: 'azurerm_storage_account', path: 'minimumTlsVersion' },
          [{ offset: text.indexOf('"TLS1_0"'), length: 8, newText: '"TLS1_2"' }],
        ],
        [
          'azure-storage-https-only-off',
          'azurerm_storage_account',
          'Set enable_https_traffic_only to true: azurerm_storage_account.s accepts unencrypted HTTP requests.',
          { resourceType: 'azurerm_storage_account', path: 'supportsHttpsTrafficOnly' },
          [{ offset: text.indexOf('false'), length: 5, newText: 'true' }],
        ],
      ],
    );
  });
});
