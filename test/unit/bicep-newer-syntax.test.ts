import assert from 'node:assert/strict';
import { analyze, hoverMarkdown } from '../../src/core';
import { lowerBicep } from '../../src/core/parse/bicep-lowering';
import { fileReport } from '../../src/core/reports/report';
import { prepareBicepParser, slice } from './helpers';

// Syntax newer than tree-sitter-bicep 1.1.0, as Azure Verified Modules write it.
const NEWER = `import { lockType, roleAssignmentType } from 'br/public:avm/utl/types/avm-common-types:0.5.1'
import * as shared from './shared.bicep'
extension microsoftGraphV1

@description('Optional. Tags of the resource.')
param tags resourceInput<'Microsoft.Storage/storageAccounts@2023-05-01'>.tags?
param lock lockType?
param networkAcls resourceInput<'Microsoft.Storage/storageAccounts@2023-05-01'>.properties.networkAcls?
param workspaceId string?
var prefix string = 'st'
var oldestTls string = 'TLS1_0'
@export()
type ruleType = {
  @description('Required. The name.')
  name: string
  kind: 'a' | 'b'
}[]?
func nameOf(id string?, fallback string) string => last(split(id ?? fallback, '/'))!

resource store 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: '\${prefix}\${uniqueString(resourceGroup().id)}'
  location: resourceGroup().location
  tags: { ...tags, purpose: 'reports' }
  properties: {
    supportsHttpsTrafficOnly: false
    minimumTlsVersion: oldestTls
    networkAcls: networkAcls!
    allowedCopyScope: workspaceId != null ? 'AAD' : null
  }
}

output name string = nameOf(store.id, '//')
`;

describe('Bicep syntax newer than the grammar', () => {
  before(prepareBicepParser);

  it('parses without problems, and findings stay at the line and column a user sees', () => {
    const analysis = analyze(NEWER, 'main.bicep');
    assert.deepEqual(analysis.errors, []);
    const report = fileReport('main.bicep', NEWER, analysis);
    assert.deepEqual(
      report.findings.map((finding) => [finding.ruleId, finding.line, finding.column]),
      [
        ['azure-storage-https-only-off', 25, 5],
        ['azure-storage-min-tls', 26, 5],
      ],
    );
    // The variable's type does not hide its literal value.
    assert.match(analysis.findings.find((finding) => finding.ruleId === 'azure-storage-min-tls')!.message, /The value comes from variable oldestTls\.$/);
    const tls = report.settings.find((setting) => setting.key === 'properties.minimumTlsVersion')!;
    assert.deepEqual([tls.line, tls.column], [26, 5]);
    assert.match(hoverMarkdown(analysis, NEWER.indexOf('supportsHttpsTrafficOnly') + 2, NEWER)!, /\*\*Customer\*\*/);
  });

  it('a parameter with a resource-derived type is still a parameter: never judged as a literal', () => {
    const text = `param publicAccess resourceInput<'Microsoft.Storage/storageAccounts@2023-05-01'>.properties.allowBlobPublicAccess = true
resource store 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st'
  properties: { allowBlobPublicAccess: publicAccess }
}
`;
    const analysis = analyze(text, 'main.bicep');
    assert.deepEqual(analysis.errors, []);
    assert.ok(!analysis.findings.some((finding) => finding.ruleId === 'azure-storage-blob-public-access'));
  });

  it('a spread may supply a setting: no missing-setting finding, and none on a value it may replace', () => {
    const vault = (properties: string) => `param shared object
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv'
  properties: ${properties}
}
`;
    const rules = (properties: string) => {
      const analysis = analyze(vault(properties), 'main.bicep');
      assert.deepEqual(analysis.errors, []);
      return analysis.findings.map((finding) => finding.ruleId).sort();
    };
    // Without a spread the missing settings are findings ...
    assert.deepEqual(rules("{ tenantId: 'x' }"), ['azure-keyvault-public-network-access', 'azure-keyvault-purge-protection-off']);
    // ... with one they may be set there.
    assert.deepEqual(rules("{ ...shared, tenantId: 'x' }"), []);
    assert.deepEqual(rules("{ ...(empty(shared) ? {} : shared)\n    tenantId: 'x' }"), []);
    // A value written before a spread may be replaced by it; one written after it is what deploys.
    assert.deepEqual(rules("{ enablePurgeProtection: false, publicNetworkAccess: 'Disabled', ...shared }"), []);
    const after = vault("{ ...shared, enablePurgeProtection: false, publicNetworkAccess: 'Disabled' }");
    const analysis = analyze(after, 'main.bicep');
    assert.deepEqual(
      analysis.findings.map((finding) => [finding.ruleId, slice(after, finding.span)]),
      [['azure-keyvault-purge-protection-off', 'enablePurgeProtection: false']],
    );
    // The settings written beside a spread are still attributed.
    assert.ok(analysis.settings.some((setting) => setting.path === 'properties.publicNetworkAccess'));
    assert.ok(!analysis.settings.some((setting) => setting.path.includes('shared')));
  });

  it('a spread in a list is one item known at deploy time', () => {
    const text = `param extraRules array
resource nsg 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: 'nsg'
  properties: {
    securityRules: [
      ...extraRules
      {
        name: 'ssh'
        properties: { direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '*', destinationPortRange: '22', priority: 100 }
      }
    ]
  }
}
`;
    const analysis = analyze(text, 'main.bicep');
    assert.deepEqual(analysis.errors, []);
    const report = fileReport('main.bicep', text, analysis);
    assert.deepEqual(
      report.findings.map((finding) => [finding.ruleId, finding.line, finding.column]),
      [['azure-nsg-open-admin-port', 9, 79]],
    );
  });

  it('the non-null assertion is read through: a finding stays on the value; `!=` and `!x` keep their meaning', () => {
    const text = `param settings object
var open = !false
resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: settings.name!
  properties: {
    httpsOnly: settings.?httpsOnly! != null ? settings.httpsOnly : false
    clientCertEnabled: open
    siteConfig: { ftpsState: 'AllAllowed', minTlsVersion: last(split(settings!.tls, '/'))! }
  }
}
`;
    const analysis = analyze(text, 'main.bicep');
    assert.deepEqual(analysis.errors, []);
    const report = fileReport('main.bicep', text, analysis);
    assert.deepEqual(
      report.findings.map((finding) => [finding.ruleId, finding.line, finding.column]),
      [['azure-appservice-ftp', 8, 19]],
    );
  });

  it('syntax that is still broken is reported where it is, never skipped', () => {
    const text = "param tags resourceInput<'Microsoft.Resources/resourceGroups@2025-04-01'>.tags = {\nvar x = \n";
    const result = analyze(text, 'main.bicep');
    assert.equal(result.kind, 'bicep');
    assert.match(result.errors[0]?.message ?? '', /^Bicep syntax error/);
  });
});

describe('Bicep lowering', () => {
  const cases = [
    NEWER,
    "var a = '''\n...x! // not code\n'''\nvar b = 'it\\'s ${c!} // no comment ${ {...d}.e }'\n",
    "/* import { x } from 'y' */\nparam p string // ...\n",
    'param broken resourceInput<',
    "var s = 'unterminated ${",
  ];

  it('keeps the length and every line break, so every position is the file’s own', () => {
    for (const text of cases) {
      const lowered = lowerBicep(text).text;
      assert.equal(lowered.length, text.length);
      assert.deepEqual([...lowered.matchAll(/\r|\n/g)].map((match) => match.index), [...text.matchAll(/\r|\n/g)].map((match) => match.index));
    }
  });

  it('leaves comments and strings alone, but for what the grammar reads as a comment in a string', () => {
    assert.equal(lowerBicep(cases[1]).text, "var a = '''\n...x! // not code\n'''\nvar b = 'it\\'s ${c } _/ no comment ${ {_: d}.e }'\n");
    assert.equal(lowerBicep(cases[2]).text, cases[2].replace('string', 'object'));
  });

  it('rewrites each newer form as a form the grammar knows', () => {
    const lowered = lowerBicep(NEWER).text.split('\n');
    assert.equal(lowered[0].trim(), '');
    assert.equal(lowered[2].trim(), '');
    assert.equal(lowered[5], "param tags object" + ' '.repeat(lowered[5].length - 17));
    assert.equal(lowered[6], 'param lock object   ');
    assert.equal(lowered[9], "var prefix        = 'st'");
    assert.equal(lowered[12].trimEnd(), 'type ruleType = o');
    assert.deepEqual(lowered.slice(13, 16).map((line) => line.trim()), ['', '', '']);
    assert.match(lowered[17], /^func nameOf\(id object , fallback object\) object => last\(split\(id \?\? fallback, '\/'\)\) $/);
    assert.equal(lowered[22], "  tags: { _: tags, purpose: 'reports' }");
    assert.equal(lowered[26], '    networkAcls: networkAcls ');
  });
});

describe('Bicep parameters files (.bicepparam)', () => {
  before(prepareBicepParser);

  const PARAMS = `using './main.bicep'

param prefix = 'GEN-UNIQUE-4'
param adminPassword = 'Pr0d-Adm1n!2024xyz'
param keyFromEnvironment = readEnvironmentVariable('ADMIN_KEY')
param rules = [
  { name: 'ssh', port: 22 }
]
`;

  it('are recognised, say where their values are judged, and report literal secrets at their line, masked', () => {
    const analysis = analyze(PARAMS, 'main.bicepparam');
    assert.equal(analysis.kind, 'bicep');
    assert.equal(analysis.cloud, 'azure');
    assert.deepEqual(
      analysis.errors.map((error) => [error.severity, slice(PARAMS, error.span), error.message]),
      [['info', "'./main.bicep'", 'Bicep parameters file: its values are judged in the template ./main.bicep, where the parameters are used; here they are checked for literal secrets only.']],
    );
    const report = fileReport('main.bicepparam', PARAMS, analysis);
    assert.deepEqual(
      report.findings.map((finding) => [finding.ruleId, finding.line, finding.column]),
      [['azure-literal-secret', 4, 7]],
    );
    assert.ok(!JSON.stringify(report).includes('Pr0d-Adm1n!2024xyz'));
    assert.match(analysis.findings[0].message, /this parameters file holds it as a literal in adminPassword/);
  });

  it('a syntax error in one is reported where it is', () => {
    const broken = PARAMS.replace("param prefix = 'GEN-UNIQUE-4'", 'param prefix = ');
    const analysis = analyze(broken, 'main.bicepparam');
    assert.ok(analysis.errors.some((error) => error.severity !== 'info' && /^Bicep syntax error/.test(error.message)));
  });
});
