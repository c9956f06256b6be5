import assert from 'node:assert/strict';
import { analyzeArm } from '../../src/core/formats/arm/analyze';
import type { Finding } from '../../src/core/types';

/** An ARM template of these resources, and its findings (a format's entry point: the checks' own input is its resource model). */
function template(...resources: object[]): string {
  return JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', resources }, null, 2);
}

function findingsOf(text: string, ruleId?: string): Finding[] {
  const findings = analyzeArm(text).findings;
  return ruleId ? findings.filter((finding) => finding.ruleId === ruleId) : findings;
}

function at(text: string, finding: Finding): string {
  return text.slice(finding.span.offset, finding.span.offset + finding.span.length);
}

const NSG = 'Microsoft.Network/networkSecurityGroups';
const OPEN_PORT = 'azure-nsg-open-admin-port';

/** A network security group with one rule of these properties. */
function nsg(properties: object): string {
  return template({ type: NSG, apiVersion: '2023-04-01', name: 'nsg', properties: { securityRules: [{ name: 'rule', properties }] } });
}

const INBOUND_ALLOW = { direction: 'Inbound', access: 'Allow', protocol: 'Tcp' };

describe('Azure checks on the resource model', () => {
  describe('a value rule', () => {
    it('says which insecure value it found, and its fix replaces exactly that value as the rule writes it', () => {
      const text = template({ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'st', properties: { minimumTlsVersion: 'TLS1_0' } });
      const [finding] = findingsOf(text, 'azure-storage-min-tls');
      assert.match(finding.message, /accepts TLS1_0,/);
      assert.equal(at(text, finding), '"minimumTlsVersion": "TLS1_0"');
      const fix = finding.fix!;
      assert.equal(fix.title, 'Require TLS 1.2');
      assert.equal(fix.preferred, true);
      assert.deepEqual(fix.target, { resourceType: 'Microsoft.Storage/storageAccounts', path: 'minimumTlsVersion' });
      assert.equal(fix.edits.length, 1);
      const edit = fix.edits[0];
      assert.equal(text.slice(edit.offset, edit.offset + edit.length), '"TLS1_0"');
      assert.equal(edit.newText, '"TLS1_2"');
    });

    it('keeps a rule’s fix that is not the preferred one unpreferred', () => {
      const text = template({ type: 'Microsoft.Sql/servers', apiVersion: '2022-05-01-preview', name: 'sql', properties: { publicNetworkAccess: 'Enabled' } });
      assert.equal(findingsOf(text, 'azure-sql-public-network-access')[0].fix?.preferred, false);
    });
  });

  describe('a value rule’s conditions on other settings', () => {
    const vault = (properties: object) => template({ type: 'Microsoft.KeyVault/vaults', apiVersion: '2023-02-01', name: 'kv', properties: { enablePurgeProtection: true, ...properties } });
    const firewall = (properties: object) =>
      template({ type: 'Microsoft.Sql/servers/firewallRules', apiVersion: '2022-05-01-preview', name: 'sql/everyone', properties: { endIpAddress: '255.255.255.255', ...properties } });
    const SQL_ALL = 'azure-sql-firewall-all-addresses';

    it('hold when the setting has a listed value or is absent where absence counts', () => {
      assert.equal(findingsOf(vault({ publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Allow' } }), 'azure-keyvault-public-network-access').length, 1);
      assert.equal(findingsOf(vault({ publicNetworkAccess: 'Enabled' }), 'azure-keyvault-public-network-access').length, 1);
      assert.equal(findingsOf(vault({ publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Deny' } }), 'azure-keyvault-public-network-access').length, 0);
      assert.equal(findingsOf(firewall({ startIpAddress: '0.0.0.0' }), SQL_ALL).length, 1);
    });

    it('never hold when a deploy-time value is on the way to the setting', () => {
      assert.deepEqual(findingsOf(vault({ publicNetworkAccess: 'Enabled', networkAcls: "[parameters('acls')]" }), 'azure-keyvault-public-network-access'), []);
    });

    it('do not hold when the setting is absent and absence does not count', () => {
      assert.deepEqual(findingsOf(firewall({}), SQL_ALL), []);
    });

    it('hold for a list only when the condition names an empty list and the list is empty', () => {
      assert.deepEqual(findingsOf(firewall({ startIpAddress: [] }), SQL_ALL), []);
      const cluster = (profile: object) =>
        template({ type: 'Microsoft.ContainerService/managedClusters', apiVersion: '2023-05-01', name: 'aks', properties: { apiServerAccessProfile: { enablePrivateCluster: false, ...profile } } });
      assert.equal(findingsOf(cluster({ authorizedIPRanges: [] }), 'azure-aks-api-server-open').length, 1);
      assert.deepEqual(findingsOf(cluster({ authorizedIPRanges: ['10.0.0.0/8'] }), 'azure-aks-api-server-open'), []);
      // A single range written as a string: a value, and no listed value matches it.
      assert.deepEqual(findingsOf(cluster({ authorizedIPRanges: '10.0.0.0/8' }), 'azure-aks-api-server-open'), []);
    });

    it('do not hold for a setting written without a value', () => {
      const text = firewall({ startIpAddress: 'PLACEHOLDER' }).replace('"PLACEHOLDER"', '');
      assert.deepEqual(analyzeArm(text).errors.map((error) => error.message), ['JSON syntax error: value expected']);
      assert.deepEqual(findingsOf(text, SQL_ALL), []);
    });

    it('do not hold for a map, whatever values the condition lists', () => {
      assert.deepEqual(findingsOf(firewall({ startIpAddress: { value: '0.0.0.0' } }), SQL_ALL), []);
    });
  });

  describe('a misspelt resource type', () => {
    it('gets a fix that rewrites the type where the template writes it whole', () => {
      const text = template({ type: 'Microsoft.Storage/storageAcounts', apiVersion: '2023-01-01', name: 'st' });
      const [finding] = findingsOf(text, 'azure-unknown-type');
      assert.equal(finding.fix?.title, 'Change the type to Microsoft.Storage/storageAccounts');
      assert.equal(finding.fix?.preferred, false);
      const [edit] = finding.fix!.edits;
      assert.equal(text.slice(edit.offset, edit.offset + edit.length), 'Microsoft.Storage/storageAcounts');
      assert.equal(edit.newText, 'Microsoft.Storage/storageAccounts');
    });

    it('gets no fix when the template writes it relative to its parent’s', () => {
      const text = template({
        type: 'Microsoft.Sql/servers',
        apiVersion: '2022-05-01-preview',
        name: 'sql',
        resources: [{ type: 'firewallRule', apiVersion: '2022-05-01-preview', name: 'everyone' }],
      });
      const [finding] = findingsOf(text, 'azure-unknown-type');
      assert.match(finding.message, /Did you mean Microsoft\.Sql\/servers\/firewallRules\?/);
      assert.equal(finding.fix, undefined);
    });
  });

  describe('literal secrets', () => {
    const SECRET = 'azure-literal-secret';
    const site = (properties: object, extra: object = {}) => template({ type: 'Microsoft.Web/sites', apiVersion: '2022-09-01', name: 'app', properties, ...extra });

    it('name an app setting by its name, on its value', () => {
      const text = site({ siteConfig: { appSettings: [{ name: 'PLAIN', value: 'x' }, { name: 'DB_PASSWORD', value: 'hunter2-Very-Secret' }] } });
      const [finding, ...rest] = findingsOf(text, SECRET);
      assert.deepEqual(rest, []);
      assert.equal(at(text, finding), '"value": "hunter2-Very-Secret"');
      assert.match(finding.message, / in properties\.siteConfig\.appSettings\[1\]\.value \(DB_PASSWORD\) \(\*{8}\)/);
    });

    it('read only the value of a name-value pair by the pair’s name', () => {
      const text = site({ siteConfig: { appSettings: [{ name: 'DB_PASSWORD', value: "[parameters('db')]", previous: 'hunter2-Very-Secret' }] } });
      assert.deepEqual(findingsOf(text, SECRET), []);
    });

    it('name a secret-named key by its own path', () => {
      const text = site({ siteConfig: { password: 'hunter2-Very-Secret' } });
      const [finding] = findingsOf(text, SECRET);
      assert.match(finding.message, / in properties\.siteConfig\.password \(\*{8}\)/);
    });

    it('mask only the credential found inside a longer value', () => {
      const text = site({ description: 'deploys with AKIAZ7QRSTUVWXY23456 for now' });
      const [finding] = findingsOf(text, SECRET);
      assert.match(finding.message, / in properties\.description \(AKIA\*{12}\)/);
      const [whole] = findingsOf(site({ accessKey: 'AKIAZ7QRSTUVWXY23456' }), SECRET);
      assert.match(whole.message, / in properties\.accessKey \(AKIA\*{12}\)/);
    });

    it('skip the keys that name or place the resource, at its top level only', () => {
      const key = 'AKIAZ7QRSTUVWXY23456';
      assert.deepEqual(findingsOf(site({}, { kind: key }), SECRET), []);
      const text = site({ kind: key });
      assert.equal(at(text, findingsOf(text, SECRET)[0]), `"kind": "${key}"`);
    });

    it('stop looking after 20 in a resource', () => {
      // The limit is checked as each map or list is entered.
      const settings = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`app${index}`, { password: `hunter2-Very-Secret-${index}` }]));
      assert.equal(findingsOf(site(settings(21)), SECRET).length, 20);
      assert.equal(findingsOf(site(settings(20)), SECRET).length, 20);
    });

    it('are looked for 64 levels deep, maps and lists alike, and no deeper', () => {
      // The resource is level 0 and `properties` level 1.
      const inMaps = (levels: number): object => (levels === 1 ? { password: 'hunter2-Very-Secret' } : { inner: inMaps(levels - 1) });
      assert.equal(findingsOf(site(inMaps(64)), SECRET).length, 1);
      assert.deepEqual(findingsOf(site(inMaps(65)), SECRET), []);
      const inLists = (levels: number): unknown => (levels === 0 ? { password: 'hunter2-Very-Secret' } : [inLists(levels - 1)]);
      assert.equal(findingsOf(site({ list: inLists(62) }), SECRET).length, 1);
      assert.deepEqual(findingsOf(site({ list: inLists(63) }), SECRET), []);
    });
  });

  describe('a network security rule open to the internet', () => {
    it('is found in a group’s rules, on its source, naming the administration port it reaches', () => {
      const text = nsg({ ...INBOUND_ALLOW, sourceAddressPrefix: '*', destinationPortRange: '22' });
      const [finding] = findingsOf(text, OPEN_PORT);
      assert.equal(at(text, finding), '"sourceAddressPrefix": "*"');
      assert.match(finding.message, /allows port 22 from \* to reach/);
    });

    it('is found as a resource of its own', () => {
      const text = template({ type: `${NSG}/securityRules`, apiVersion: '2023-04-01', name: 'nsg/rdp', properties: { ...INBOUND_ALLOW, sourceAddressPrefix: 'Internet', destinationPortRange: '3389' } });
      const [finding] = findingsOf(text, OPEN_PORT);
      assert.match(finding.message, /allows port 3389 from Internet to reach/);
    });

    it('says “every port” for a rule to any port', () => {
      const [finding] = findingsOf(nsg({ ...INBOUND_ALLOW, sourceAddressPrefix: 'Any', destinationPortRange: '*' }), OPEN_PORT);
      assert.match(finding.message, /allows every port from Any to reach/);
    });

    it('reads the list forms of source and port, each on its own item', () => {
      const text = nsg({ ...INBOUND_ALLOW, sourceAddressPrefixes: ['10.0.0.0/8', '0.0.0.0/0'], destinationPortRanges: ['443', '20-30'] });
      const [finding] = findingsOf(text, OPEN_PORT);
      assert.equal(at(text, finding), '"0.0.0.0/0"');
      assert.match(finding.message, /allows port 22 from 0\.0\.0\.0\/0 to reach/);
    });

    it('trims the source it reads', () => {
      const [finding] = findingsOf(nsg({ ...INBOUND_ALLOW, sourceAddressPrefix: ' Internet ', destinationPortRange: '22' }), OPEN_PORT);
      assert.match(finding.message, /from Internet to reach/);
    });

    it('is not found for outbound or deny rules, other ports, or a source known only at deploy time', () => {
      const open = { sourceAddressPrefix: '*', destinationPortRange: '22' };
      assert.deepEqual(findingsOf(nsg({ ...INBOUND_ALLOW, ...open, direction: 'Outbound' }), OPEN_PORT), []);
      assert.deepEqual(findingsOf(nsg({ ...INBOUND_ALLOW, ...open, access: 'Deny' }), OPEN_PORT), []);
      assert.deepEqual(findingsOf(nsg({ ...INBOUND_ALLOW, sourceAddressPrefix: '*', destinationPortRange: '25' }), OPEN_PORT), []);
      assert.deepEqual(findingsOf(nsg({ ...INBOUND_ALLOW, sourceAddressPrefix: '*', destinationPortRange: '8000-9000' }), OPEN_PORT), []);
      assert.deepEqual(findingsOf(nsg({ ...INBOUND_ALLOW, sourceAddressPrefix: "[parameters('source')]", destinationPortRange: '22' }), OPEN_PORT), []);
    });

    it('is not looked for where the group, its rules or a rule’s direction are missing', () => {
      assert.deepEqual(findingsOf(template({ type: NSG, apiVersion: '2023-04-01', name: 'nsg' }), OPEN_PORT), []);
      assert.deepEqual(findingsOf(template({ type: NSG, apiVersion: '2023-04-01', name: 'nsg', properties: {} }), OPEN_PORT), []);
      assert.deepEqual(findingsOf(nsg({ access: 'Allow', sourceAddressPrefix: '*', destinationPortRange: '22' }), OPEN_PORT), []);
    });
  });
});
