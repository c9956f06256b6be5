import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { analyze, cloudOfFile, hoverMarkdown } from '../../src/core';
import { applyEdits } from '../../src/core/engine/edits';
import { fileReport, textReport } from '../../src/core/reports/report';
import { sarifLog } from '../../src/core/reports/sarif';
import { azureMatrix, azureRuleData, azureServices, azureProperties, azureResourceTypes, azureTerraformMapping, publishedType } from '../../src/core/clouds/azure/knowledge';
import matrixSchema from '../../src/core/clouds/azure/knowledge/schema/matrix.schema.json';
import { prepareBicepParser, prepareTerraform, ROOT, ruleFixtures, slice } from './helpers';
import { runCli, tempDir } from './cliHelpers';
import { azureMatrixView } from '../../src/core/clouds/azure/matrix';
import { ownerSplit, ownerSplitText } from '../../src/core/clouds/aws/matrix';

const TEMPLATE = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "allowPublic": { "type": "bool", "defaultValue": true } },
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-01-01",
      "name": "[parameters('storageName')]",
      "location": "westeurope",
      "properties": {
        "allowBlobPublicAccess": "[parameters('allowPublic')]",
        "minimumTlsVersion": "TLS1_0",
        "networkAcls": { "defaultAction": "Deny" }
      }
    },
    {
      "type": "Microsoft.Sql/servers",
      "apiVersion": "2022-05-01-preview",
      "name": "sqlsrv",
      "location": "westeurope",
      "properties": { "administratorLogin": "sqladmin" },
      "resources": [
        {
          "type": "firewallRules",
          "apiVersion": "2022-05-01-preview",
          "name": "everyone",
          "properties": { "startIpAddress": "0.0.0.0", "endIpAddress": "255.255.255.255" }
        }
      ]
    },
    {
      "type": "Microsoft.Resources/deployments",
      "apiVersion": "2022-09-01",
      "name": "nested",
      "properties": {
        "mode": "Incremental",
        "template": {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [
            {
              "type": "Microsoft.ContainerRegistry/registries",
              "apiVersion": "2023-07-01",
              "name": "registry",
              "copy": { "name": "registries", "count": 2 },
              "properties": { "adminUserEnabled": true }
            }
          ]
        }
      }
    }
  ]
}
`;

describe('Azure: ARM templates with Microsoft’s matrix', () => {
  const analysis = analyze(TEMPLATE, 'azuredeploy.json');

  it('claims ARM templates by their $schema, as Azure files, and leaves other JSON alone', () => {
    assert.equal(analysis.kind, 'arm');
    assert.equal(analysis.cloud, 'azure');
    assert.deepEqual(analysis.errors, []);
    assert.equal(analyze('{"name": "x", "resources": []}', 'package.json').kind, undefined);
    assert.equal(cloudOfFile('azuredeploy.json', TEMPLATE), 'azure');
    assert.equal(cloudOfFile('template.yaml', 'AWSTemplateFormatVersion: 2010-09-09'), 'aws');
  });

  it('finds resources at every depth: child resources with relative types, nested deployments, copy loops', () => {
    assert.deepEqual(
      analysis.resources.map((resource) => [resource.logicalId, resource.type, resource.service, resource.model]),
      [
        ["[parameters('storageName')]", 'Microsoft.Storage/storageAccounts', 'storage', 'paas'],
        ['sqlsrv', 'Microsoft.Sql/servers', 'sql', 'paas'],
        ['everyone', 'Microsoft.Sql/servers/firewallRules', 'sql', 'paas'],
        ['nested', 'Microsoft.Resources/deployments', 'resources', 'paas'],
        ['registry', 'Microsoft.ContainerRegistry/registries', 'container-registry', 'paas'],
      ],
    );
    // The nested template's resources are settings of their own resource, not of the deployment.
    assert.ok(!analysis.settings.some((setting) => setting.resource === 'nested' && setting.path.startsWith('properties.template')));
  });

  it('attributes settings with exact positions, owners, rows and models from Microsoft’s matrix and the baselines', () => {
    const tls = analysis.settings.find((setting) => setting.path === 'properties.minimumTlsVersion')!;
    assert.equal(slice(TEMPLATE, tls.key), '"minimumTlsVersion"');
    assert.equal(slice(TEMPLATE, tls.span), '"minimumTlsVersion": "TLS1_0"');
    assert.deepEqual([tls.attribution.owner, tls.attribution.row, tls.attribution.model, tls.attribution.confidence], ['customer', 'configurations-and-settings', 'paas', 'curated']);
    assert.ok(tls.attribution.controls.includes('MCSB DP-3'));
    const acl = analysis.settings.find((setting) => setting.path === 'properties.networkAcls.defaultAction')!;
    assert.deepEqual([acl.attribution.owner, acl.attribution.row], ['customer', 'network-controls'], 'the baseline names network rules the customer’s to configure, though the row is shared for PaaS');
    const owners = new Set(['customer', 'shared', 'microsoft']);
    const rows = new Set(azureMatrix.rows.map((row) => row.id));
    for (const setting of analysis.settings) {
      assert.ok(owners.has(setting.attribution.owner), setting.path);
      assert.ok(rows.has(setting.attribution.row as never), setting.path);
      assert.ok(['iaas', 'paas', 'saas'].includes(setting.attribution.model), setting.path);
    }
  });

  it('network access and app settings that no entry curates are the customer’s to configure, as every baseline says', () => {
    const text = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    { "type": "Microsoft.DocumentDB/databaseAccounts", "name": "docs", "properties": { "publicNetworkAccess": "Enabled", "consistencyPolicy": { "defaultConsistencyLevel": "Session" } } },
    { "type": "Microsoft.Web/sites", "name": "web", "properties": { "siteConfig": { "appSettings": [ { "name": "MODE", "value": "fast" } ], "nodeVersion": "~20" } } }
  ]
}`;
    const settings = analyze(text, 'azuredeploy.json').settings;
    const owner = (path: string) => { const found = settings.find((s) => s.path === path)!; return [found.attribution.owner, found.attribution.row]; };
    assert.deepEqual(owner('properties.publicNetworkAccess'), ['customer', 'network-controls']);
    assert.match(settings.find((s) => s.path === 'properties.publicNetworkAccess')!.attribution.rationale, /baselines list this setting as the customer’s to configure/);
    assert.deepEqual(owner('properties.siteConfig.appSettings[0].value'), ['customer', 'applications']);
    assert.deepEqual(owner('properties.siteConfig.nodeVersion'), ['shared', 'applications'], 'the runtime is still shared');
  });

  it('owners that depend on the value: an upgrade channel of None or a custom container is the customer’s to patch', () => {
    const cluster = (channel: string) => `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "name": "aks",
      "properties": { "autoUpgradeProfile": { "upgradeChannel": "patch", "nodeOSUpgradeChannel": ${channel} } }
    },
    {
      "type": "Microsoft.Web/sites",
      "name": "web",
      "properties": { "siteConfig": { "linuxFxVersion": "DOCKER|contoso/web:1.4" } }
    },
    {
      "type": "Microsoft.Web/sites",
      "name": "api",
      "properties": { "siteConfig": { "linuxFxVersion": "NODE|20-lts" } }
    }
  ]
}`;
    const owner = (text: string, resource: string, key: string) => {
      const setting = analyze(text, 'azuredeploy.json').settings.find((candidate) => candidate.resource === resource && candidate.path.endsWith(key))!;
      return [setting.attribution.owner, setting.attribution.row];
    };
    assert.deepEqual(owner(cluster('"None"'), 'aks', 'nodeOSUpgradeChannel'), ['customer', 'operating-system']);
    assert.deepEqual(owner(cluster('"unmanaged"'), 'aks', 'nodeOSUpgradeChannel'), ['customer', 'operating-system']);
    assert.deepEqual(owner(cluster('"NodeImage"'), 'aks', 'nodeOSUpgradeChannel'), ['shared', 'operating-system']);
    assert.deepEqual(owner(cluster('"[parameters(\'channel\')]"'), 'aks', 'nodeOSUpgradeChannel'), ['shared', 'operating-system'], 'a deploy-time value keeps the entry’s owner');
    assert.deepEqual(owner(cluster('"None"'), 'aks', 'upgradeChannel'), ['shared', 'operating-system']);
    assert.match(analyze(cluster('"None"'), 'azuredeploy.json').settings.find((s) => s.path.endsWith('nodeOSUpgradeChannel'))!.attribution.rationale, /customer keeps the nodes patched/);
    assert.deepEqual(owner(cluster('"None"'), 'web', 'linuxFxVersion'), ['customer', 'applications']);
    assert.deepEqual(owner(cluster('"None"'), 'api', 'linuxFxVersion'), ['shared', 'applications']);
  });

  it('flags literal insecure values on their line, never deploy-time expressions', () => {
    assert.deepEqual(
      analysis.findings.map((finding) => [finding.ruleId, slice(TEMPLATE, finding.span)]),
      [
        ['azure-storage-min-tls', '"minimumTlsVersion": "TLS1_0"'],
        ['azure-sql-firewall-all-addresses', '"endIpAddress": "255.255.255.255"'],
        ['azure-acr-admin-user', '"adminUserEnabled": true'],
      ],
    );
    const tls = analysis.findings[0];
    assert.ok(tls.controls.includes('MCSB DP-3'));
    assert.match(tls.docUrl, /^https:\/\/learn\.microsoft\.com\/en-us\/security\/benchmark\/azure\/baselines\/storage-security-baseline#dp-3/);
  });

  it('quick fixes replace the value and re-analyse clean', () => {
    const fixed = applyEdits(TEMPLATE, [analysis.findings[0].fix!.edits, analysis.findings[2].fix!.edits].flat());
    assert.deepEqual(analyze(fixed, 'azuredeploy.json').findings.map((finding) => finding.ruleId), ['azure-sql-firewall-all-addresses']);
    assert.match(fixed, /"minimumTlsVersion": "TLS1_2"/);
    assert.match(fixed, /"adminUserEnabled": false/);
  });

  it('reports carry cloud azure, Microsoft’s rows and owners', () => {
    const report = fileReport('azuredeploy.json', TEMPLATE, analysis);
    assert.equal(report.cloud, 'azure');
    const text = textReport({ version: 1, files: [report] });
    assert.match(text, /\(arm\): \d+ settings · customer \d+ · shared \d+ · microsoft \d+/);
    assert.match(text, /azure-sql-firewall-all-addresses {2}\[Network controls\]/);
  });

  it('hover cards name Microsoft and the Azure row', () => {
    const offset = TEMPLATE.indexOf('"minimumTlsVersion"') + 2;
    const card = hoverMarkdown(analysis, offset, TEMPLATE)!;
    assert.match(card, /\*\*Customer\*\* · Configurations and settings/);
    assert.match(card, /PaaS model/);
    assert.match(card, /\*\*Microsoft:\*\*/);
    const resourceCard = hoverMarkdown(analysis, TEMPLATE.indexOf('"sqlsrv"') + 1, TEMPLATE)!;
    assert.match(resourceCard, /Azure SQL Database · \*\*PaaS\*\* model/);
    assert.match(resourceCard, /\*\*Microsoft\*\*: .*Operating system/);
  });

  it('strings that span lines (ARM accepts them) parse, with every position kept', () => {
    const text = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    { "type": "Microsoft.Resources/deploymentScripts", "name": "script", "properties": { "scriptContent": "
        Write-Output 'a \\"quoted\\" line'
        // not a comment
      " } },
    { "type": "Microsoft.ContainerRegistry/registries", "name": "registry", "properties": { "adminUserEnabled": true } }
  ]
}
`;
    const result = analyze(text, 'azuredeploy.json');
    assert.deepEqual(result.errors, []);
    assert.equal(slice(text, result.findings[0].span), '"adminUserEnabled": true');
  });

  it('a broken template gets one clear error and nothing is lost', () => {
    const broken = analyze(TEMPLATE.slice(0, 400), 'azuredeploy.json');
    assert.equal(broken.kind, 'arm');
    assert.equal(broken.errors.length, 1);
  });
});

describe('Azure knowledge data', () => {
  it('the matrix validates against its schema and is Microsoft’s table, with source and revision date', () => {
    const validate = new Ajv({ allErrors: true }).compile(matrixSchema);
    assert.ok(validate(azureMatrix), JSON.stringify(validate.errors));
    assert.equal(azureMatrix.source.revised, '2026-01');
    const owners = Object.fromEntries(azureMatrix.rows.map((row) => [row.id, [row.byModel.iaas.owner, row.byModel.paas.owner, row.byModel.saas.owner].join(' ')]));
    assert.deepEqual(owners, {
      'customer-data': 'customer customer customer',
      'configurations-and-settings': 'customer customer customer',
      'identities-and-users': 'customer customer customer',
      'client-devices': 'customer customer shared',
      applications: 'customer shared shared',
      'network-controls': 'customer shared microsoft',
      'operating-system': 'customer microsoft microsoft',
      'physical-hosts': 'microsoft microsoft microsoft',
      'physical-network': 'microsoft microsoft microsoft',
      'physical-datacenter': 'microsoft microsoft microsoft',
    });
  });

  it('every service, curated setting and rule cites a Microsoft page, and every rule an MCSB control', () => {
    for (const [id, service] of Object.entries(azureServices.services)) assert.match(service.baseline?.url ?? '', /^https:\/\/learn\.microsoft\.com\//, id);
    for (const rule of azureProperties.rules) {
      assert.ok(rule.sources.every((source) => source.url.startsWith('https://learn.microsoft.com/')), rule.paths[0]);
      assert.match(rule.retrieved, /^\d{4}-\d{2}-\d{2}$/);
    }
    for (const rule of azureRuleData.rules) {
      assert.ok(rule.controls.some((control) => /^MCSB [A-Z]{2}-\d+$/.test(control)), rule.id);
      assert.match(rule.docUrl, /^https:\/\/learn\.microsoft\.com\/en-us\/security\/benchmark\/azure\/baselines\//, rule.id);
    }
  });
});

describe('Azure resource types, generated from the Azure SDK’s management packages', () => {
  it('lists every published type of the covered providers with its service, and says where from', () => {
    const { source, types } = azureResourceTypes;
    assert.ok(Object.keys(source.packages).includes('@azure/arm-storage'));
    assert.match(source.generated, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(Object.keys(types).length > 500, `${Object.keys(types).length} types`);
    assert.equal(types['Microsoft.Storage/storageAccounts/blobServices/containers'], 'storage');
    assert.equal(types['Microsoft.Web/sites/config'], 'app-service');
    assert.equal(types['Microsoft.Authorization/roleAssignments'], 'authorization');
  });

  it('every type the hand-curated knowledge names is a published one (where its provider is covered)', () => {
    const curated = [
      ...Object.values(azureServices.services).flatMap((service) => service.types ?? []),
      ...Object.values(azureTerraformMapping.resources).map((resource) => resource.type),
      ...azureProperties.rules.flatMap((rule) => rule.types),
      ...azureRuleData.rules.flatMap((rule) => rule.check.types).filter((type) => type !== '*'),
    ];
    const wrong = [...new Set(curated)].filter((type) => {
      const published = publishedType(type);
      return published.covered && !published.known;
    });
    assert.deepEqual(wrong, []);
  });

  it('a misspelt type is a warning on its type line with a fix, and a type it cannot place is left alone', () => {
    const text = (type: string) => `{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": [\n    { "type": "${type}", "name": "data", "properties": {} }\n  ]\n}\n`;
    const typo = text('Microsoft.Storage/storageAcounts');
    const [finding] = analyze(typo, 'azuredeploy.json').findings.filter((f) => f.ruleId === 'azure-unknown-type');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /^Did you mean Microsoft\.Storage\/storageAccounts\? Microsoft\.Storage\/storageAcounts is not/);
    assert.equal(applyEdits(typo, finding.fix!.edits), text('Microsoft.Storage/storageAccounts'));
    assert.equal(finding.fix!.preferred, false);
    for (const type of ['Microsoft.Storage/storageAccounts', 'Microsoft.Storage/somethingNew', 'Contoso.Widgets/widgets', 'microsoft.storage/STORAGEACCOUNTS']) {
      assert.deepEqual(analyze(text(type), 'azuredeploy.json').findings.filter((f) => f.ruleId === 'azure-unknown-type'), [], type);
    }
  });
});

describe('Azure rule fixtures (test/fixtures/azure-rules/<rule-id>/fail|pass: ARM, Bicep and azurerm Terraform)', () => {
  before(prepareTerraform);
  before(prepareBicepParser);
  const fixtures = ruleFixtures(path.join(ROOT, 'test/fixtures/azure-rules'));

  it('every Azure rule has a failing and a passing example, and every folder names one', () => {
    const ids = new Set(azureRuleData.rules.map((rule) => rule.id));
    assert.deepEqual([...ids].filter((id) => !fixtures.some((f) => f.ruleId === id && f.verdict === 'fail') || !fixtures.some((f) => f.ruleId === id && f.verdict === 'pass')), []);
    assert.deepEqual([...new Set(fixtures.map((f) => f.ruleId))].filter((id) => !ids.has(id)), []);
    assert.ok(fs.existsSync(path.join(ROOT, 'test/fixtures/azure-rules')));
    // One rule set for every Azure format: each rule is shown failing and passing in ARM, Bicep and Terraform.
    // A misspelt type cannot be written in Terraform: there the ARM type comes from the azurerm mapping.
    const notInTerraform = new Set(azureRuleData.rules.filter((rule) => rule.check.kind === 'unknown-type').map((rule) => rule.id));
    for (const kind of ['azuredeploy.json', 'main.bicep', 'main.tf']) {
      assert.deepEqual([...ids].filter((id) => !(kind === 'main.tf' && notInTerraform.has(id))).filter((id) => !fixtures.some((f) => f.ruleId === id && f.verdict === 'fail' && f.name === kind) || !fixtures.some((f) => f.ruleId === id && f.verdict === 'pass' && f.name === kind)), [], kind);
    }
  });

  for (const fixture of fixtures) {
    it(`${fixture.ruleId}: ${fixture.verdict}/${fixture.name} ${fixture.verdict === 'fail' ? 'yields exactly that rule' : 'yields no finding'}`, () => {
      const result = analyze(fixture.text, fixture.name);
      assert.equal(result.cloud, 'azure', fixture.file);
      assert.deepEqual(result.errors, [], `${fixture.file} parses`);
      const ids = [...new Set(result.findings.map((finding) => finding.ruleId))];
      assert.deepEqual(ids, fixture.verdict === 'fail' ? [fixture.ruleId] : [], `${fixture.file}: ${result.findings.map((f) => `${f.ruleId}: ${f.message}`).join(' | ')}`);
    });
  }
});

describe('Azure from the command line', () => {
  it('`matrix --cloud azure` prints Microsoft’s matrix with its source and revision, and counts Azure files', () => {
    const { dir, cleanup } = tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'azuredeploy.json'), TEMPLATE);
      const text = runCli(['matrix', '--cloud', 'azure', dir]);
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /^Shared responsibility in the cloud \(Microsoft, revised 2026-01\)$/m);
      assert.match(text.stdout, /^Network controls +Customer +Shared +Microsoft /m);
      assert.match(text.stdout, /^1 file\(s\) counted\.$/m);
      const json = JSON.parse(runCli(['matrix', '--cloud', 'azure', '--format', 'json']).stdout) as { cloud: string; rows: { id: string; byModel: Record<string, string> }[] };
      assert.equal(json.cloud, 'azure');
      assert.deepEqual(json.rows.find((row) => row.id === 'operating-system')!.byModel, { iaas: 'customer', paas: 'microsoft', saas: 'microsoft' });
      const scan = JSON.parse(runCli(['scan', '--format', 'json', dir]).stdout) as { files: { kind: string; cloud: string; findings: { ruleId: string; line: number }[] }[] };
      assert.deepEqual([scan.files[0].kind, scan.files[0].cloud], ['arm', 'azure']);
      assert.deepEqual(scan.files[0].findings.map((finding) => finding.ruleId), ['azure-storage-min-tls', 'azure-sql-firewall-all-addresses', 'azure-acr-admin-user']);
      assert.equal(runCli(['matrix', '--cloud', 'gcp']).status, 2);
    } finally {
      cleanup();
    }
  });

  it('every AWS file in the JSON report says cloud aws', () => {
    const scan = JSON.parse(runCli(['scan', '--format', 'json', 'examples']).stdout) as { files: { cloud: string }[] };
    assert.ok(scan.files.length > 10);
    assert.deepEqual([...new Set(scan.files.map((file) => file.cloud))], ['aws']);
  });
});

describe('Azure: Terraform azurerm resources', () => {
  let analysis: ReturnType<typeof analyze>;
  before(async function () {
    await prepareTerraform.call(this);
    analysis = analyze(TF, 'main.tf');
  });
  const TF = `resource "azurerm_storage_account" "data" {
  name                          = "datastore"
  location                      = "westeurope"
  min_tls_version               = "TLS1_0"
  public_network_access_enabled = true
  network_rules {
    default_action = "Deny"
  }
}

resource "azurerm_sql_server" "db" {
  name                          = "db"
  public_network_access_enabled = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
`;

  it('maps azurerm resources onto the ARM types they create, and a file with more of them is an Azure file', () => {
    assert.equal(analysis.cloud, 'azure');
    const byId = Object.fromEntries(analysis.resources.map((resource) => [resource.logicalId, [resource.type, resource.service, resource.model]]));
    assert.deepEqual(byId['azurerm_storage_account.data'], ['azurerm_storage_account', 'storage', 'paas']);
    assert.deepEqual(byId['azurerm_sql_server.db'], ['azurerm_sql_server', 'sql', 'paas']);
    assert.ok(byId['aws_s3_bucket.logs'], 'the AWS resource of the same file is still analysed');
  });

  it('attributes attributes as the ARM properties they set, at the Terraform positions', () => {
    const acl = analysis.settings.find((setting) => setting.path === 'network_rules.default_action')!;
    assert.equal(slice(TF, acl.span), 'default_action = "Deny"');
    assert.deepEqual([acl.attribution.owner, acl.attribution.row, acl.attribution.confidence], ['customer', 'network-controls', 'curated']);
    const tls = analysis.settings.find((setting) => setting.path === 'min_tls_version')!;
    assert.ok(tls.attribution.controls.includes('MCSB DP-3'));
  });

  it('findings speak Terraform: attribute names and spellings; a translated value gets no ARM-spelled fix', () => {
    const byRule = Object.fromEntries(analysis.findings.map((finding) => [finding.ruleId, finding]));
    assert.match(byRule['azure-storage-min-tls'].message, /^Set min_tls_version to TLS1_2/);
    assert.equal(byRule['azure-storage-min-tls'].resourceType, 'azurerm_storage_account');
    assert.equal(applyEdits(TF, byRule['azure-storage-min-tls'].fix!.edits).includes('min_tls_version               = "TLS1_2"'), true);
    const sql = byRule['azure-sql-public-network-access'];
    assert.match(sql.message, /^Set public_network_access_enabled to false/);
    assert.equal(sql.fix, undefined);
    assert.equal(slice(TF, sql.span), 'public_network_access_enabled = true');
  });

  it('a file without resources is Azure’s when it names only the azurerm provider', () => {
    assert.equal(analyze('terraform {\n  required_providers {\n    azurerm = { source = "hashicorp/azurerm" }\n  }\n}\n', 'versions.tf').cloud, 'azure');
    assert.equal(analyze('provider "azurerm" {\n  features {}\n}\n', 'providers.tf').cloud, 'azure');
  });

  it('a literal password is an error that names the Terraform attribute and never shows the value', () => {
    const text = 'resource "azurerm_mssql_server" "sql" {\n  administrator_login          = "sqladmin"\n  administrator_login_password = "Qz7!vR2#mW9pL4xT"\n}\n';
    const [finding] = analyze(text, 'main.tf').findings;
    assert.equal(finding.ruleId, 'azure-literal-secret');
    assert.equal(finding.severity, 'error');
    assert.equal(slice(text, finding.span), 'administrator_login_password = "Qz7!vR2#mW9pL4xT"');
    assert.match(finding.message, /holds it as a literal in administrator_login_password \(\*+\)/);
    assert.ok(!finding.message.includes('Qz7!'));
  });

  it('an owner that depends on the value reads the Terraform value', () => {
    const owner = (channel: string) => analyze(`resource "azurerm_kubernetes_cluster" "aks" {\n  node_os_upgrade_channel = ${channel}\n}\n`, 'main.tf').settings.find((s) => s.path === 'node_os_upgrade_channel')?.attribution.owner;
    assert.deepEqual([owner('"None"'), owner('"NodeImage"'), owner('var.channel')], ['customer', 'shared', 'shared']);
  });

  it('values known only at plan time are never flagged', () => {
    const dynamic = analyze('resource "azurerm_container_registry" "r" {\n  admin_enabled = var.admin\n}\n', 'main.tf');
    assert.deepEqual(dynamic.findings, []);
    assert.equal(dynamic.cloud, 'azure');
  });
});

describe('Azure in the matrix panel’s data', () => {
  it('shows Microsoft’s matrix with the Azure files counted, and no Azure file counted when there are none', () => {
    const azureFile = { analysis: analyze(TEMPLATE, 'azuredeploy.json') };
    const awsFile = { analysis: analyze('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n', 'template.yaml') };
    assert.equal(azureMatrixView([awsFile]).files, 0);
    const panel = azureMatrixView([awsFile, azureFile]);
    assert.equal(panel.files, 1);
    assert.equal(panel.source.revised, '2026-01');
    const network = panel.rows.find((row) => row.id === 'network-controls')!;
    assert.deepEqual(Object.fromEntries(Object.entries(network.byModel).map(([model, cell]) => [model, cell.owner])), { iaas: 'customer', paas: 'shared', saas: 'microsoft' });
    assert.equal(network.findings, 1);
    const settings = panel.rows.reduce((sum, row) => sum + row.counts.customer + row.counts.shared + row.counts.microsoft, 0);
    assert.equal(settings, azureFile.analysis.settings.length);
  });
});

describe('Azure in the CodeLens and status bar split', () => {
  it('counts Microsoft’s side for an Azure file, and leaves AWS files as they were', () => {
    const azureSplit = ownerSplit(analyze(TEMPLATE, 'azuredeploy.json'));
    assert.equal(azureSplit.aws, 0);
    assert.ok(azureSplit.microsoft !== undefined);
    assert.match(ownerSplitText(azureSplit), /^Customer \d+ · Shared \d+ · Microsoft \d+ · 3 findings$/);
    const awsSplit = ownerSplit(analyze('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n', 'template.yaml'));
    assert.equal('microsoft' in awsSplit, false);
  });
});

describe('Azure in SARIF', () => {
  it('describes Azure rules as the customer’s side of Microsoft’s model, with the Azure row', () => {
    const log = sarifLog({ version: 1, files: [fileReport('azuredeploy.json', TEMPLATE, analyze(TEMPLATE, 'azuredeploy.json'))] }, { toolVersion: '0', informationUri: 'https://example.invalid', srcRoot: 'file:///ws/' });
    const rule = log.runs[0].tool.driver.rules.find((candidate) => candidate.id === 'azure-acr-admin-user')!;
    assert.equal(rule.fullDescription.text, 'azure-acr-admin-user: customer’s side of the Microsoft shared responsibility model, matrix row "Identities and users".'.replace('’', "'"));
  });
});
