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

  it('an inbound Allow rule from anywhere to an administration port is flagged on its source; others are not', () => {
    const rule = (name: string, body: string) => `resource "azurerm_network_security_rule" "${name}" {\n  direction = "Inbound"\n  access = "Allow"\n${body}\n}\n`;
    const text = [
      rule('ssh', '  source_address_prefix = " * "\n  destination_port_range = "22"'),
      rule('range', '  source_address_prefixes = ["10.0.0.0/8", "Internet"]\n  destination_port_ranges = ["20-30"]'),
      rule('every', '  source_address_prefix = "0.0.0.0/0"\n  destination_port_range = "*"'),
      rule('closed', '  source_address_prefix = "*"\n  destination_port_range = "80"'),
      rule('low', '  source_address_prefix = "*"\n  destination_port_range = "23-3388"'),
      rule('private', '  source_address_prefix = "10.0.0.0/8"\n  destination_port_range = "22"'),
      `resource "azurerm_network_security_rule" "out" {\n  direction = "Outbound"\n  access = "Allow"\n  source_address_prefix = "*"\n  destination_port_range = "22"\n}\n`,
      `resource "azurerm_network_security_rule" "deny" {\n  direction = "Inbound"\n  access = "Deny"\n  source_address_prefix = "*"\n  destination_port_range = "22"\n}\n`,
      `resource "azurerm_network_security_group" "g" {\n  security_rule {\n    direction = "Inbound"\n    access = "Allow"\n    source_address_prefix = "*"\n    destination_port_range = "3389"\n  }\n}\n`,
    ].join('');
    const { findings } = analyzeAzurerm(blocksOf(text), (block) => block.labelSpans[0]);
    const says = (resource: string, what: string) => `Limit the source of this rule: ${resource} allows ${what} to reach the network it guards.`;
    assert.deepEqual(
      findings.map((finding) => [finding.ruleId, finding.message, text.slice(finding.span.offset, finding.span.offset + finding.span.length)]),
      [
        ['azure-nsg-open-admin-port', says('azurerm_network_security_rule.ssh', 'port 22 from *'), 'source_address_prefix = " * "'],
        ['azure-nsg-open-admin-port', says('azurerm_network_security_rule.range', 'port 22 from Internet'), '"Internet"'],
        ['azure-nsg-open-admin-port', says('azurerm_network_security_rule.every', 'every port from 0.0.0.0/0'), 'source_address_prefix = "0.0.0.0/0"'],
        ['azure-nsg-open-admin-port', says('azurerm_network_security_group.g', 'port 3389 from *'), 'source_address_prefix = "*"'],
      ],
    );
  });
});
