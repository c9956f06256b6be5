import assert from 'node:assert/strict';
import { azureAttribution, azureModelOf } from '../../src/core/clouds/azure/attribution';

const MODEL_SOURCE = 'https://learn.microsoft.com/en-us/azure/security/fundamentals/shared-responsibility';
const BASELINE = 'https://learn.microsoft.com/en-us/security/benchmark/azure/baselines/';

describe('Azure attribution of one setting', () => {
  describe('a service the knowledge does not list', () => {
    it('is taken as PaaS, with fallback confidence', () => {
      assert.deepEqual(azureModelOf('Contoso.Widgets/gadgets'), { service: 'contoso.widgets', model: 'paas', confidence: 'fallback' });
      assert.deepEqual(azureModelOf('Microsoft.Compute/virtualMachines'), { service: 'virtual-machines', model: 'iaas', confidence: 'curated' });
    });

    it('has its settings placed by the matrix alone: no baseline among the sources, no named-pattern basis', () => {
      const attribution = azureAttribution('Contoso.Widgets/gadgets', 'properties.subnetId');
      assert.equal(attribution.row, 'network-controls');
      assert.equal(attribution.owner, 'shared');
      assert.equal(attribution.confidence, 'fallback');
      assert.equal(attribution.basis, undefined);
      assert.deepEqual(
        attribution.sources.map((source) => source.url),
        [MODEL_SOURCE],
      );
    });
  });

  describe('a setting no entry curates, on a listed service', () => {
    it('takes the owner of the row its name points at, for the service’s model, and says which model', () => {
      const attribution = azureAttribution('Microsoft.Cache/redis', 'properties.subnetId');
      assert.equal(attribution.owner, 'shared');
      assert.equal(attribution.row, 'network-controls');
      assert.match(attribution.rationale, / \(Microsoft’s matrix, PaaS\.\)$/);
      assert.equal(attribution.providerAction, 'Does its part of this row for the service’s model.');
      assert.equal(attribution.customerAction, 'Expose the resource only to the networks that need it.');
      assert.deepEqual(attribution.controls, []);
      assert.equal(attribution.confidence, 'derived');
      assert.equal(attribution.basis, 'name-pattern');
      assert.deepEqual(
        attribution.sources.map((source) => source.url),
        [MODEL_SOURCE, `${BASELINE}azure-cache-for-redis-security-baseline`],
      );
    });

    it('is the customer’s in a row the customer owns, and says IaaS for an IaaS service', () => {
      const attribution = azureAttribution('Microsoft.Compute/disks', 'properties.publicNetworkAccess');
      assert.equal(attribution.owner, 'customer');
      assert.equal(attribution.row, 'network-controls');
      assert.match(attribution.rationale, / \(Microsoft’s matrix, IaaS\.\)$/);
      assert.doesNotMatch(attribution.rationale, /shares this row/);
      assert.equal(attribution.providerAction, 'Runs the service as its model says; this setting is the customer’s.');
    });

    it('is the customer’s when every baseline lists it as the customer’s to configure, though the row is shared', () => {
      const attribution = azureAttribution('Microsoft.Cache/redis', 'properties.publicNetworkAccess');
      assert.equal(attribution.owner, 'customer');
      assert.equal(attribution.row, 'network-controls');
      assert.match(attribution.rationale, /^Microsoft’s matrix shares this row for PaaS, but the service baselines list this setting as the customer’s to configure/);
      assert.equal(attribution.providerAction, 'Runs the service as its model says; this setting is the customer’s.');
    });

    it('is Microsoft’s where the matrix says so for the model', () => {
      const attribution = azureAttribution('Microsoft.Cache/redis', 'properties.patchSchedule');
      assert.equal(attribution.row, 'operating-system');
      assert.equal(attribution.owner, 'microsoft');
    });

    it('falls back to configurations and settings when its name points at no row', () => {
      const attribution = azureAttribution('Microsoft.Cache/redis', 'properties.redisConfiguration.maxclients');
      assert.equal(attribution.row, 'configurations-and-settings');
      assert.equal(attribution.owner, 'customer');
      assert.equal(attribution.confidence, 'fallback');
      assert.equal(attribution.basis, undefined);
    });
  });

  describe('a curated setting', () => {
    it('is found under list indexes of any length', () => {
      const attribution = azureAttribution('Microsoft.Network/networkSecurityGroups', 'properties.securityRules[12].properties.access');
      assert.equal(attribution.confidence, 'curated');
      assert.equal(attribution.row, 'network-controls');
    });

    it('is found through its nearest listed parent, and only a whole parent', () => {
      const type = 'Microsoft.Network/networkSecurityGroups/securityRules';
      assert.equal(azureAttribution(type, 'properties.access').confidence, 'curated');
      assert.notEqual(azureAttribution(type, 'propertiesOld').confidence, 'curated');
    });

    it('keeps the baseline once when its own source is a section of it', () => {
      const urls = azureAttribution('Microsoft.Storage/storageAccounts', 'properties.allowBlobPublicAccess').sources.map((source) => source.url);
      assert.equal(urls.length, 1);
      assert.match(urls[0], /storage-security-baseline#ns-2/);
    });

    it('adds the baseline when none of its sources is from it', () => {
      const urls = azureAttribution('Microsoft.SqlVirtualMachine/sqlVirtualMachines', 'properties.autoPatchingSettings').sources.map((source) => source.url);
      assert.equal(urls.length, 3);
      assert.ok(urls[2].startsWith(BASELINE));
    });

    it('adds no baseline when one of its sources is a section of it', () => {
      const urls = azureAttribution('Microsoft.ContainerService/managedClusters', 'properties.autoUpgradeProfile').sources.map((source) => source.url);
      assert.equal(urls.length, 2);
      assert.match(urls[0], /aks-security-baseline#/);
    });
  });

  describe('a curated setting whose owner depends on a value', () => {
    const AKS = 'Microsoft.ContainerService/managedClusters';

    it('reads its own value, whatever the blanks around it', () => {
      assert.equal(azureAttribution(AKS, 'properties.autoUpgradeProfile.upgradeChannel', ' None ').owner, 'customer');
      assert.equal(azureAttribution(AKS, 'properties.autoUpgradeProfile.upgradeChannel', 'stable').owner, 'shared');
    });

    it('ignores the value of a child setting that only its parent’s entry covers', () => {
      assert.equal(azureAttribution(AKS, 'properties.autoUpgradeProfile.somethingNew', 'None').owner, 'shared');
    });

    it('takes the entry’s own owner when the setting it depends on cannot be read', () => {
      const type = 'Microsoft.SqlVirtualMachine/sqlVirtualMachines';
      const path = 'properties.autoPatchingSettings.dayOfWeek';
      assert.equal(azureAttribution(type, path, 'Sunday').owner, 'customer');
      assert.equal(azureAttribution(type, path, 'Sunday', (at) => (at === 'properties.autoPatchingSettings.enable' ? 'true' : undefined)).owner, 'shared');
    });
  });
});
