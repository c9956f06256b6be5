/**
 * The generic cloud matrix view (engine/matrixView.ts) as Azure gives it: the matrix panel's Azure
 * view and its Markdown and CSV export, asserted as a user reads them.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { azureMatrixSpec, azureMatrixView, azureMatrixWithCounts } from '../../src/core/clouds/azure/matrix';
import { cloudMatrixCsv, cloudMatrixMarkdown, tallyMatrix } from '../../src/core/engine/matrixView';
import { CLOUDS } from '../../src/core/clouds';
import { cloudMatrixPanel, cloudsOf, matrixCell, matrixExport, matrixView, type CountedFile } from '../../src/server/matrix';
import { textPositions } from '../../src/server/positions';
import { prepareBicepParser } from './helpers';

// A storage account with a TLS 1.0 floor (a finding) and two secure settings, and a VM (IaaS) with a password.
const ARM = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-01-01",
      "name": "contosodata",
      "location": "westeurope",
      "properties": {
        "minimumTlsVersion": "TLS1_0",
        "supportsHttpsTrafficOnly": true,
        "allowBlobPublicAccess": false
      }
    }
  ]
}
`;

const BICEP = `resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'contosoregistry'
  location: 'westeurope'
  sku: { name: 'Standard' }
  properties: {
    adminUserEnabled: true
  }
}
`;

const AWS = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: reports\n';

/** The Markdown table line of a row, split into its cells. */
function markdownRow(markdown: string, title: string): string[] {
  const line = markdown.split('\n').find((candidate) => candidate.startsWith(`| ${title} |`));
  assert.ok(line, `no row ${title} in\n${markdown}`);
  return line.slice(2, -2).split(' | ');
}

describe('The cloud matrix view (Azure): counts, per-model view and export', () => {
  before(prepareBicepParser);
  let files: { file: string; analysis: ReturnType<typeof analyze> }[];
  before(() => {
    files = [
      { file: 'azure/azuredeploy.json', analysis: analyze(ARM, 'azuredeploy.json') },
      { file: 'azure/main.bicep', analysis: analyze(BICEP, 'main.bicep') },
      { file: 'templates/bucket.yaml', analysis: analyze(AWS, 'bucket.yaml') },
    ];
  });

  it('shows Microsoft’s ten rows with their IaaS/PaaS/SaaS owners, the source and its revision date', () => {
    const view = azureMatrixView([]);
    assert.equal(view.rows.length, 10);
    assert.deepEqual(
      view.models.map((model) => model.title),
      ['IaaS', 'PaaS', 'SaaS'],
    );
    assert.deepEqual(
      view.owners.map((owner) => owner.title),
      ['Customer', 'Shared', 'Microsoft'],
    );
    const owners = (id: string) => view.models.map((model) => view.rows.find((row) => row.id === id)!.byModel[model.id].owner);
    assert.deepEqual(owners('client-devices'), ['customer', 'customer', 'shared']);
    assert.deepEqual(owners('network-controls'), ['customer', 'shared', 'microsoft']);
    assert.deepEqual(owners('operating-system'), ['customer', 'microsoft', 'microsoft']);
    assert.deepEqual(owners('physical-datacenter'), ['microsoft', 'microsoft', 'microsoft']);
    assert.equal(view.source.publisher, 'Microsoft');
    assert.equal(view.source.revised, '2026-01');
    assert.equal(view.files, 0);
  });

  it('counts only the Azure files, every Azure setting once under its row and owner, and the findings of each row', () => {
    const view = azureMatrixView(files);
    assert.equal(view.files, 2, 'the AWS template is not counted');
    const azureSettings = files.filter(({ analysis }) => analysis.cloud === 'azure').flatMap(({ analysis }) => analysis.settings);
    const counted = view.rows.reduce((sum, row) => sum + Object.values(row.counts).reduce((a, b) => a + b, 0), 0);
    assert.equal(counted, azureSettings.length);
    for (const setting of azureSettings) {
      const row = view.rows.find((candidate) => candidate.id === setting.attribution.row);
      assert.ok(row && row.counts[setting.attribution.owner] > 0, `${setting.path} counted under ${setting.attribution.row}/${setting.attribution.owner}`);
    }
    const findings = Object.fromEntries(view.rows.filter((row) => row.findings).map((row) => [row.id, row.findings]));
    const expected: Record<string, number> = {};
    for (const { analysis } of files.filter((file) => file.analysis.cloud === 'azure')) for (const finding of analysis.findings) expected[finding.row] = (expected[finding.row] ?? 0) + 1;
    assert.deepEqual(findings, expected);
    assert.equal(
      view.rows.reduce((sum, row) => sum + row.findings, 0),
      2,
      'the TLS floor and the admin user; the S3 bucket’s findings are in AWS’s matrix',
    );
    assert.ok(files[2].analysis.findings.length > 0);
  });

  it('drills a cell down to its settings: the file, the resource and the setting’s path', () => {
    const tally = tallyMatrix(files, azureMatrixSpec);
    const tls = files[0].analysis.settings.find((setting) => setting.path === 'properties.minimumTlsVersion')!;
    const cell = tally.rows[tls.attribution.row].locations[tls.attribution.owner];
    const place = cell.find((location) => location.key === 'properties.minimumTlsVersion');
    assert.ok(place, JSON.stringify(cell));
    assert.equal(place.file, 'azure/azuredeploy.json');
    assert.equal(place.resource, 'contosodata');
    assert.equal(ARM.slice(place.span.offset, place.span.offset + place.span.length), '"minimumTlsVersion"');
    const findings = Object.values(tally.rows).flatMap((row) => row.findingLocations);
    assert.deepEqual(findings.map((finding) => [finding.file, finding.ruleId]).sort(), [
      ['azure/azuredeploy.json', 'azure-storage-min-tls'],
      ['azure/main.bicep', 'azure-acr-admin-user'],
    ]);
  });

  it('filters by owner, model and file; a filter on Microsoft hides the findings, which are the customer’s', () => {
    const microsoft = azureMatrixView(files, { owner: 'microsoft' });
    assert.ok(microsoft.rows.every((row) => row.counts.customer === 0 && row.counts.shared === 0 && row.findings === 0));
    const bicepOnly = azureMatrixView(files, { file: 'azure/main.bicep' });
    assert.equal(bicepOnly.files, 1);
    assert.deepEqual(
      bicepOnly.services.map((entry) => entry.name),
      ['Container Registry'],
    );
    const iaas = azureMatrixView(files, { model: 'iaas' });
    assert.equal(iaas.rows.reduce((sum, row) => sum + row.findings + Object.values(row.counts).reduce((a, b) => a + b, 0), 0), 0, 'no IaaS resources in these files');
    const resource = azureMatrixView(files, { file: 'azure/azuredeploy.json', resource: 'contosodata' });
    assert.equal(resource.rows.reduce((sum, row) => sum + row.findings, 0), 1);
  });

  it('the per-model view lists this workspace’s services under their model and says who does each row for them', () => {
    const view = azureMatrixView(files);
    const paas = view.perModel.find((model) => model.model === 'paas')!;
    assert.deepEqual(
      paas.services.map((entry) => `${entry.name} (${entry.resources})`),
      ['Container Registry (1)', 'Storage accounts (1)'],
    );
    assert.deepEqual(view.perModel.find((model) => model.model === 'iaas')!.services, []);
    const network = paas.rows.find((row) => row.row === 'network-controls')!;
    assert.equal(network.owner, 'shared');
    assert.ok(network.reason.length > 20);
  });

  it('exports Markdown with Microsoft’s table, these counts, the source with its revision, and the services per model', () => {
    const view = azureMatrixView(files);
    const markdown = cloudMatrixMarkdown(view, 'contoso [demo](https://evil.example)');
    assert.match(markdown, /^# Microsoft Azure shared responsibility matrix: contoso \\\[demo\\\]\\\(https\\:\/\/evil\\\.example\\\)\n/);
    assert.match(markdown, /\| Responsibility \| IaaS \| PaaS \| SaaS \| Customer settings \| Shared settings \| Microsoft settings \| Findings \|/);
    assert.match(markdown, /Source: \[Shared responsibility in the cloud\]\(https:\/\/learn\.microsoft\.com\/en-us\/azure\/security\/fundamentals\/shared-responsibility\) \(Microsoft, revised 2026\\-01\)/);
    const network = view.rows.find((row) => row.id === 'network-controls')!;
    assert.deepEqual(markdownRow(markdown, 'Network controls'), ['Network controls', 'Customer', 'Shared', 'Microsoft', ...['customer', 'shared', 'microsoft'].map((owner) => String(network.counts[owner])), String(network.findings)]);
    assert.deepEqual(markdownRow(markdown, 'Physical datacenter').slice(1, 4), ['Microsoft', 'Microsoft', 'Microsoft']);
    assert.match(markdown, /\n2 files counted\.\n/);
    assert.match(markdown, /- \*\*PaaS\*\*: Container Registry \(1\), Storage accounts \(1\)\. /);
    assert.match(markdown, /- \*\*IaaS\*\*: no services in these files\. /);
    assert.match(markdown, /\| Storage accounts \| PaaS \| 1 \|/);
  });

  it('the Markdown export, line by line: title, source, the table with its alignment, the count of files, the models, the services', () => {
    const view = azureMatrixView(files);
    const lines = cloudMatrixMarkdown(view).split('\n');
    assert.equal(lines[0], '# Microsoft Azure shared responsibility matrix');
    assert.equal(lines[1], '');
    assert.match(lines[2], /^Source: /);
    assert.equal(lines[3], '');
    assert.equal(lines[5], '|---|---|---|---|---:|---:|---:|---:|');
    assert.equal(lines.slice(6, 16).filter((line) => line.startsWith('| ')).length, 10);
    assert.deepEqual(lines.slice(16, 21), ['', '2 files counted.', '', '## By service model', '']);
    assert.deepEqual(lines.slice(21, 24).map((line) => line.replace(/\. .*$/, '')), ['- **IaaS**: no services in these files', '- **PaaS**: Container Registry (1), Storage accounts (1)', '- **SaaS**: no services in these files']);
    assert.deepEqual(lines.slice(24), ['', '## Services', '', '| Service | Model | Resources |', '|---|---|---:|', '| Container Registry | PaaS | 1 |', '| Storage accounts | PaaS | 1 |', '']);
    const one = cloudMatrixMarkdown(azureMatrixView(files, { file: 'azure/main.bicep' })).split('\n');
    assert.ok(one.includes('1 file counted.'));
    const none = cloudMatrixMarkdown(azureMatrixView([]));
    assert.match(none, /\n0 files counted\.\n/);
    assert.doesNotMatch(none, /## Services/, 'no services table without services');
  });

  it('a filter on a resource or a model counts only its settings, findings and services', () => {
    const storage = azureMatrixView(files, { resource: 'contosodata' });
    const storageSettings = files[0].analysis.settings.length;
    assert.equal(storage.rows.reduce((sum, row) => sum + Object.values(row.counts).reduce((a, b) => a + b, 0), 0), storageSettings);
    assert.deepEqual(storage.services.map((entry) => entry.name), ['Storage accounts']);
    assert.equal(storage.rows.reduce((sum, row) => sum + row.findings, 0), 1);
    const paas = azureMatrixView(files, { model: 'paas' });
    const all = azureMatrixView(files);
    assert.deepEqual(paas.rows.map((row) => [row.id, row.findings]), all.rows.map((row) => [row.id, row.findings]), 'both resources are PaaS');
    assert.deepEqual(paas.services.map((entry) => entry.name), ['Container Registry', 'Storage accounts']);
    const customer = azureMatrixView(files, { owner: 'customer' });
    assert.equal(customer.rows.reduce((sum, row) => sum + row.findings, 0), 2, 'findings are the customer’s');
    assert.ok(customer.rows.every((row) => row.counts.shared === 0 && row.counts.microsoft === 0));
    assert.equal(customer.rows.reduce((sum, row) => sum + row.counts.customer, 0), all.rows.reduce((sum, row) => sum + row.counts.customer, 0));
    const saas = azureMatrixView(files, { model: 'saas' });
    assert.equal(saas.rows.reduce((sum, row) => sum + row.findings + Object.values(row.counts).reduce((a, b) => a + b, 0), 0), 0);
    assert.deepEqual(saas.services, []);
  });

  it('exports CSV: one line per row with the owners by model and these counts, formulas defused', () => {
    const view = azureMatrixView(files);
    const lines = cloudMatrixCsv(view).split('\r\n');
    assert.equal(lines[0], 'id,responsibility,iaas,paas,saas,customer settings,shared settings,microsoft settings,findings');
    assert.equal(lines.length, 1 + 10 + 1, 'a header, ten rows and the final line break');
    const configurations = view.rows.find((row) => row.id === 'configurations-and-settings')!;
    assert.equal(lines.find((line) => line.startsWith('configurations-and-settings,')), `configurations-and-settings,Configurations and settings,customer,customer,customer,${configurations.counts.customer},${configurations.counts.shared},${configurations.counts.microsoft},${configurations.findings}`);
    assert.equal(lines.find((line) => line.startsWith('physical-hosts,')), 'physical-hosts,Physical hosts,microsoft,microsoft,microsoft,0,0,0,0');
  });

  it('the CLI’s counts (`matrix --cloud azure`) are the view’s counts', () => {
    const view = azureMatrixView(files);
    const cli = azureMatrixWithCounts(files);
    for (const row of view.rows) assert.deepEqual(cli.counts[row.id], { customer: row.counts.customer, shared: row.counts.shared, microsoft: row.counts.microsoft, findings: row.findings });
  });

  it('only clouds that give a matrix spec have the generic view; AWS keeps its own panel', () => {
    assert.deepEqual(
      CLOUDS.filter((cloud) => cloud.matrix).map((cloud) => cloud.id),
      ['azure'],
    );
  });
});

describe('The matrix panel’s data for each cloud (language server)', () => {
  before(prepareBicepParser);
  const counted = (uri: string, text: string, name: string, open = true): CountedFile => ({ uri, analysis: analyze(text, name), positions: textPositions(uri, text), open });
  let both: CountedFile[];
  before(() => {
    both = [counted('file:///w/azure/main.bicep', BICEP, 'main.bicep'), counted('file:///w/azure/azuredeploy.json', ARM, 'azuredeploy.json', false), counted('file:///w/bucket.yaml', AWS, 'bucket.yaml')];
  });

  it('names the clouds of the counted files for the switch, AWS first', () => {
    assert.deepEqual(cloudsOf(both), [
      { id: 'aws', name: 'AWS', files: 1 },
      { id: 'azure', name: 'Microsoft Azure', files: 2 },
    ]);
    assert.deepEqual(cloudsOf(both.slice(0, 2)), [{ id: 'azure', name: 'Microsoft Azure', files: 2 }]);
    assert.deepEqual(
      matrixView(both, {}, undefined).files.map((file) => file.cloud),
      ['azure', 'azure', 'aws'],
    );
  });

  it('Azure’s panel data: its files only, each row’s places with findings first and editor ranges', () => {
    const panel = cloudMatrixPanel(both, 'azure', {})!;
    assert.deepEqual(
      panel.files.map((file) => [file.uri, file.open]),
      [
        ['file:///w/azure/main.bicep', true],
        ['file:///w/azure/azuredeploy.json', false],
      ],
    );
    const identities = panel.places['identities-and-users'];
    assert.equal(identities.items[0].kind, 'finding');
    assert.equal(identities.items[0].ruleId, 'azure-acr-admin-user');
    const admin = identities.items.find((item) => item.kind === 'customer' && item.key === 'properties.adminUserEnabled')!;
    assert.deepEqual(admin.range.start, { line: 5, character: 4 }, 'the line of adminUserEnabled in main.bicep');
    assert.equal(cloudMatrixPanel(both, 'aws', {}), null, 'AWS has its own panel data');
    assert.equal(cloudMatrixPanel(both, 'gcp' as never, {}), null);
  });

  it('a cell of Azure’s matrix lists its settings; a row or owner Azure does not have lists nothing', () => {
    const cell = matrixCell(both, {}, 'identities-and-users', 'customer', 'azure');
    assert.deepEqual(
      cell.map((place) => `${place.resource} · ${place.key}`),
      ['registry · properties.adminUserEnabled'],
    );
    assert.deepEqual(matrixCell(both, {}, 'identities-and-users', 'aws', 'azure'), []);
    assert.deepEqual(matrixCell(both, {}, '__proto__' as never, 'customer', 'azure'), []);
    assert.deepEqual(matrixCell(both, {}, 'identities-and-users', 'constructor' as never, 'azure'), []);
  });

  it('exports the cloud asked for; without one, the workspace’s first cloud', () => {
    assert.match(matrixExport(both, 'markdown', {}, 'w', 'azure'), /^# Microsoft Azure shared responsibility matrix: w\n/);
    assert.match(matrixExport(both, 'markdown', {}, 'w'), /^# Shared responsibility matrix \(third-party summary of the AWS model\): w\n/);
    assert.match(matrixExport(both.slice(0, 2), 'csv', {}, 'w'), /^id,responsibility,iaas,paas,saas,/);
    assert.match(matrixExport([], 'csv', {}, 'w'), /^id,responsibility,origin,table owner,/, 'no files: AWS’s matrix, as before');
  });
});
