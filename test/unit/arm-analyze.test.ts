import assert from 'node:assert/strict';
import { analyzeArm, mightBeArmTemplate } from '../../src/core/formats/arm/analyze';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function template(resources: unknown): string {
  return JSON.stringify({ $schema: SCHEMA, resources }, null, 2);
}

/** Each resource the analysis found, as `name type`. */
function resourcesOf(text: string): string[] {
  return analyzeArm(text).resources.map((resource) => `${resource.logicalId} ${resource.type}`);
}

describe('ARM templates: which resources a template holds', () => {
  it('are recognised by a $schema that names the deployment template schema, and by nothing less', () => {
    assert.equal(mightBeArmTemplate(`{ "$schema": "${SCHEMA}" }`), true);
    assert.equal(mightBeArmTemplate('{ "$schema": "https://json.schemastore.org/package.json" }'), false);
    assert.equal(mightBeArmTemplate('{ "description": "see deploymentTemplate.json" }'), false);
  });

  it('are an Azure analysis of kind arm', () => {
    const analysis = analyzeArm(template([]));
    assert.equal(analysis.kind, 'arm');
    assert.equal(analysis.cloud, 'azure');
  });

  it('report the first syntax error only, at its place', () => {
    const text = '{ "resources": [ { "type": "Microsoft.Storage/storageAccounts", "name": } ] ';
    const { errors } = analyzeArm(text);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].message, 'JSON syntax error: value expected');
    assert.equal(errors[0].span.offset, text.indexOf('}'));
  });

  it('are none in text that is not a JSON object, or an object with no resources', () => {
    assert.deepEqual(resourcesOf(''), []);
    assert.deepEqual(resourcesOf('{ "$schema": "x" }'), []);
  });

  it('are the items of the resources array, named by their name, or by their type when they have none', () => {
    const text = template([{ type: 'Microsoft.Storage/storageAccounts', name: 'st' }, { type: 'Microsoft.KeyVault/vaults' }]);
    assert.deepEqual(resourcesOf(text), ['st Microsoft.Storage/storageAccounts', 'Microsoft.KeyVault/vaults Microsoft.KeyVault/vaults']);
    const [, unnamed] = analyzeArm(text).resources;
    assert.equal(text.slice(unnamed.key.offset, unnamed.key.offset + unnamed.key.length), '"type": "Microsoft.KeyVault/vaults"');
  });

  it('are the entries of a symbolic-name resources map, named by their symbol', () => {
    const text = JSON.stringify({ $schema: SCHEMA, languageVersion: '2.0', resources: { store: { type: 'Microsoft.Storage/storageAccounts', name: 'st' } } });
    assert.deepEqual(resourcesOf(text), ['store Microsoft.Storage/storageAccounts']);
    assert.deepEqual(resourcesOf('{ "resources": { "store": } }'), []);
  });

  it('keep a type as written: a full type at any depth, a type known only at deploy time, a top-level type without a provider', () => {
    const text = template([
      { type: 'Microsoft.Sql/servers', name: 'sql', resources: [{ type: 'Microsoft.Sql/servers/firewallRules', name: 'sql/all' }] },
      { type: "[variables('type')]", name: 'dynamic' },
      { type: 'storageAccounts', name: 'bare' },
    ]);
    assert.deepEqual(resourcesOf(text), ['sql Microsoft.Sql/servers', 'sql/all Microsoft.Sql/servers/firewallRules', "dynamic [variables('type')]", 'bare storageAccounts']);
  });

  it('skip an item without a type, or with one that is not a value, and a resource marked existing', () => {
    const text = template([{ name: 'untyped' }, { type: { name: 'x' }, name: 'odd' }, { type: 'Microsoft.Storage/storageAccounts', name: 'elsewhere', existing: true }]);
    assert.deepEqual(resourcesOf(text), []);
    assert.deepEqual(resourcesOf(template([{ type: 'Microsoft.Storage/storageAccounts', name: 'here', existing: false }])), ['here Microsoft.Storage/storageAccounts']);
  });

  it('include the resources of a nested deployment’s inline template, and no other template', () => {
    const deployment = (properties?: object) => ({ type: 'Microsoft.Resources/deployments', name: 'nested', ...(properties ? { properties } : {}) });
    const inner = { resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 'inner' }] };
    assert.deepEqual(resourcesOf(template([deployment({ template: inner })])), ['nested Microsoft.Resources/deployments', 'inner Microsoft.Storage/storageAccounts']);
    assert.deepEqual(resourcesOf(template([deployment({ template: { resources: [{ type: 'registries', name: 'bare' }] } })])), ['nested Microsoft.Resources/deployments', 'bare registries']);
    assert.deepEqual(resourcesOf(template([deployment()])), ['nested Microsoft.Resources/deployments']);
    assert.deepEqual(resourcesOf(template([deployment({ templateLink: { uri: 'https://example.com/t.json' } })])), ['nested Microsoft.Resources/deployments']);
    assert.deepEqual(resourcesOf(template([deployment({ template: {} })])), ['nested Microsoft.Resources/deployments']);
    // A blueprint artifact carries a template that a blueprint assignment deploys, not this one.
    assert.deepEqual(resourcesOf(template([{ type: 'Microsoft.Blueprint/blueprints/artifacts', name: 'artifact', properties: { template: inner } }])), [
      'artifact Microsoft.Blueprint/blueprints/artifacts',
    ]);
  });

  it('give their settings in the order of the text, a parent’s after its children written before them', () => {
    const text = template([
      {
        type: 'Microsoft.Sql/servers',
        name: 'sql',
        resources: [{ type: 'firewallRules', name: 'all', properties: { startIpAddress: '0.0.0.0' } }],
        properties: { minimalTlsVersion: '1.2' },
      },
    ]);
    const offsets = analyzeArm(text).settings.map((setting) => setting.key.offset);
    assert.ok(offsets.length >= 2);
    assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
  });
});
