import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, applySuppressions, hoverMarkdown, suppressionEdit } from '../../src/core';
import { applyEdits } from '../../src/core/engine/edits';
import { fileReport, textReport } from '../../src/core/reports/report';
import { sarifLog } from '../../src/core/reports/sarif';
import { prepareBicepParser, slice } from './helpers';
import { runCli, tempDir } from './cliHelpers';

// Non-ASCII text before the resources (UTF-16 offsets) and every Bicep form the analysis reads.
const BICEP = `// Speicher für Berichte 📦
@secure()
param adminPassword string
param location string = resourceGroup().location
param allowPublic bool = true
param minimumTls string
var oldestTls = 'TLS1_0'
var tlsAlias = oldestTls

resource store 'Microsoft.Storage/storageAccounts@2023-01-01' = if (!empty(location)) {
  name: 'st\${uniqueString(resourceGroup().id)}'
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowBlobPublicAccess: allowPublic
    minimumTlsVersion: tlsAlias
    supportsHttpsTrafficOnly: false
    allowSharedKeyAccess: contains(location, 'eu')
  }

  resource blobs 'blobServices' = {
    name: 'default'
    properties: { deleteRetentionPolicy: { enabled: true, days: 7 } }
  }
}

resource others 'Microsoft.Storage/storageAccounts@2023-01-01' = [for i in range(0, 2): {
  name: 'other\${i}'
  location: location
  properties: { minimumTlsVersion: minimumTls }
}]

resource firewall 'Microsoft.Sql/servers/firewallRules@2023-08-01' = {
  parent: sql
  name: 'everyone'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '255.255.255.255' }
}

resource sql 'Microsoft.Sql/servers@2023-08-01' existing = {
  name: 'shared-sql'
}

module network './network.bicep' = {
  name: 'network'
  params: { allowBlobPublicAccess: true }
}

output storeId string = store.id
`;

describe('Bicep: resources as the ARM resources they deploy', () => {
  before(prepareBicepParser);
  let analysis: ReturnType<typeof analyze>;
  before(() => {
    analysis = analyze(BICEP, 'main.bicep');
  });

  it('claims .bicep files as Azure files and parses them without problems', () => {
    assert.equal(analysis.kind, 'bicep');
    assert.equal(analysis.cloud, 'azure');
    assert.deepEqual(analysis.errors, []);
  });

  it('finds resources under conditions, in loops and nested, with full types; not existing ones or modules', () => {
    assert.deepEqual(
      analysis.resources.map((resource) => [resource.logicalId, resource.type, slice(BICEP, resource.key), slice(BICEP, resource.typeSpan)]),
      [
        ['store', 'Microsoft.Storage/storageAccounts', 'store', "'Microsoft.Storage/storageAccounts@2023-01-01'"],
        ['blobs', 'Microsoft.Storage/storageAccounts/blobServices', 'blobs', "'blobServices'"],
        ['others', 'Microsoft.Storage/storageAccounts', 'others', "'Microsoft.Storage/storageAccounts@2023-01-01'"],
        ['firewall', 'Microsoft.Sql/servers/firewallRules', 'firewall', "'Microsoft.Sql/servers/firewallRules@2023-08-01'"],
      ],
    );
    // `name` and `parent` place a resource; they are not its settings.
    assert.ok(!analysis.settings.some((setting) => setting.path === 'name' || setting.path === 'parent'));
  });

  it('attributes settings with exact spans, as ARM paths, from the same knowledge as ARM', () => {
    const tls = analysis.settings.find((setting) => setting.resource === 'store' && setting.path === 'properties.minimumTlsVersion')!;
    assert.equal(slice(BICEP, tls.key), 'minimumTlsVersion');
    assert.equal(slice(BICEP, tls.span), 'minimumTlsVersion: tlsAlias');
    assert.deepEqual([tls.attribution.owner, tls.attribution.row, tls.attribution.model, tls.attribution.confidence], ['customer', 'configurations-and-settings', 'paas', 'curated']);
    const arm = analyze(
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-01-01', name: 'x', properties: { minimumTlsVersion: 'TLS1_2' } }],
      }),
      'azuredeploy.json',
    ).settings.find((setting) => setting.path === 'properties.minimumTlsVersion')!;
    assert.deepEqual(tls.attribution, arm.attribution);
    const retention = analysis.settings.find((setting) => setting.resource === 'blobs' && setting.path === 'properties.deleteRetentionPolicy.days')!;
    assert.equal(slice(BICEP, retention.span), 'days: 7');
  });

  it('flags literal insecure values, also through variables; never parameters, calls or interpolation', () => {
    assert.deepEqual(
      analysis.findings.map((finding) => [finding.ruleId, finding.resource, slice(BICEP, finding.span)]),
      [
        ['azure-storage-min-tls', 'store', 'minimumTlsVersion: tlsAlias'],
        ['azure-storage-https-only-off', 'store', 'supportsHttpsTrafficOnly: false'],
        ['azure-sql-firewall-all-addresses', 'firewall', "endIpAddress: '255.255.255.255'"],
      ],
    );
    const throughVariable = analysis.findings[0];
    assert.match(throughVariable.message, /accepts TLS1_0, .* The value comes from variable tlsAlias\.$/);
    // The value to change is the variable's, not the reference: no mechanical fix.
    assert.equal(throughVariable.fix, undefined);
  });

  it('quick fixes write Bicep literals and re-analyse clean', () => {
    const text = BICEP.replace('minimumTlsVersion: tlsAlias', "minimumTlsVersion: 'TLS1_1'");
    const findings = analyze(text, 'main.bicep').findings;
    const edits = findings.filter((finding) => finding.fix).flatMap((finding) => finding.fix!.edits);
    const fixed = applyEdits(text, edits);
    assert.match(fixed, /minimumTlsVersion: 'TLS1_2'\n/);
    assert.match(fixed, /supportsHttpsTrafficOnly: true\n/);
    assert.deepEqual(
      analyze(fixed, 'main.bicep').findings.map((finding) => finding.ruleId),
      ['azure-sql-firewall-all-addresses'],
    );
  });

  it('hover cards name Microsoft and the Azure row, on the setting and on the resource', () => {
    const card = hoverMarkdown(analysis, BICEP.indexOf('supportsHttpsTrafficOnly') + 3, BICEP)!;
    assert.match(card, /\*\*Customer\*\* · Configurations and settings/);
    assert.match(card, /PaaS model/);
    const resourceCard = hoverMarkdown(analysis, BICEP.indexOf("'Microsoft.Sql/servers/firewallRules") + 3, BICEP)!;
    assert.match(resourceCard, /Azure SQL Database · \*\*PaaS\*\* model/);
  });

  it('reports carry cloud azure and the bicep kind; SARIF points at the exact line and column', () => {
    const report = fileReport('main.bicep', BICEP, analysis);
    assert.equal(report.cloud, 'azure');
    assert.equal(report.kind, 'bicep');
    assert.match(textReport({ version: 1, files: [report] }), /main\.bicep \(bicep\): \d+ settings · customer \d+ · shared \d+ · microsoft \d+/);
    const https = report.findings.find((finding) => finding.ruleId === 'azure-storage-https-only-off')!;
    assert.deepEqual([https.line, https.column], [18, 5]);
    const sarif = JSON.stringify(sarifLog({ version: 1, files: [report] }, { toolVersion: '0', informationUri: 'https://example.invalid', srcRoot: 'file:///ws/' }));
    assert.match(sarif, /"ruleId":"azure-storage-https-only-off".*?"startLine":18,"startColumn":5/);
  });

  it('suppressions are // comments, and the suppress action writes one', () => {
    const finding = analysis.findings[1];
    const edit = suppressionEdit(BICEP, finding, 'bicep')!;
    const edited = applyEdits(BICEP, edit.edits);
    assert.match(edited, /\n {4}\/\/ responsibility-lens:ignore azure-storage-https-only-off -- \n {4}supportsHttpsTrafficOnly: false/);
    const reasoned = edited.replace('azure-storage-https-only-off -- ', 'azure-storage-https-only-off -- served through Front Door');
    const result = applySuppressions(reasoned, analyze(reasoned, 'main.bicep'));
    assert.ok(!result.analysis.findings.some((found) => found.ruleId === 'azure-storage-https-only-off'));
  });

  it('a syntax error is reported where it is, and the resources around it are still analysed', () => {
    const broken = BICEP.replace("kind: 'StorageV2'", "kind: 'StorageV2' +");
    const result = analyze(broken, 'main.bicep');
    assert.ok(result.errors.length >= 1);
    assert.match(result.errors[0].message, /^Bicep syntax error/);
    const line = broken.slice(0, result.errors[0].span.offset).split('\n').length;
    assert.ok(line >= 13 && line <= 14, `error on line ${line}`);
    assert.ok(result.findings.some((finding) => finding.ruleId === 'azure-sql-firewall-all-addresses'));
  });

  it('syntax newer than the grammar parses (bicep-newer-syntax.test.ts has each form)', () => {
    const text = "param tags resourceInput<'Microsoft.Resources/resourceGroups@2025-04-01'>.tags = {}\n";
    const result = analyze(text, 'main.bicep');
    assert.equal(result.kind, 'bicep');
    assert.deepEqual(result.errors, []);
  });

  it('from the command line: scan reports the file as bicep/azure, and matrix --cloud azure counts it', () => {
    const { dir, cleanup } = tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'main.bicep'), BICEP);
      const scan = JSON.parse(runCli(['scan', '--format', 'json', '--fail-on', 'never', dir]).stdout) as { files: { kind: string; cloud: string; findings: { ruleId: string; line: number }[] }[] };
      assert.deepEqual([scan.files[0].kind, scan.files[0].cloud], ['bicep', 'azure']);
      assert.deepEqual(
        scan.files[0].findings.map((finding) => [finding.ruleId, finding.line]),
        [
          ['azure-storage-min-tls', 17],
          ['azure-storage-https-only-off', 18],
          ['azure-sql-firewall-all-addresses', 37],
        ],
      );
      const matrix = runCli(['matrix', '--cloud', 'azure', dir]);
      assert.equal(matrix.status, 0, matrix.stderr);
      assert.match(matrix.stdout, /^1 file\(s\) counted\.$/m);
    } finally {
      cleanup();
    }
  });
});
