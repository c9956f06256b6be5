import assert from 'node:assert/strict';
import { analyze, hoverMarkdown } from '../../src/core';
import type { Analysis, Setting } from '../../src/core/types';
import { azureRuleData } from '../../src/core/clouds/azure/knowledge';
import { prepareBicepParser, prepareTerraform, slice } from './helpers';

// SQL Server on an Azure VM is IaaS: who patches and backs up the engine depends on whether the SQL IaaS
// Agent extension's automated patching and backup are on. Azure SQL Database, beside it, is PaaS.
const ARM = (patching: string, backup = 'true') => `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "patching": { "type": "bool" }, "storageKey": { "type": "securestring" } },
  "resources": [
    {
      "type": "Microsoft.Compute/virtualMachines",
      "apiVersion": "2024-03-01",
      "name": "sqlhost",
      "properties": {
        "storageProfile": { "imageReference": { "publisher": "MicrosoftSQLServer", "offer": "sql2022-ws2022", "sku": "enterprise-gen2", "version": "latest" } }
      }
    },
    {
      "type": "Microsoft.Compute/virtualMachines",
      "apiVersion": "2024-03-01",
      "name": "webhost",
      "properties": {
        "storageProfile": { "imageReference": { "publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server", "version": "latest" } }
      }
    },
    {
      "type": "Microsoft.SqlVirtualMachine/sqlVirtualMachines",
      "apiVersion": "2023-10-01",
      "name": "sqlhost",
      "properties": {
        "virtualMachineResourceId": "[resourceId('Microsoft.Compute/virtualMachines', 'sqlhost')]",
        "sqlServerLicenseType": "PAYG",
        "autoPatchingSettings": {
          "enable": ${patching},
          "dayOfWeek": "Sunday",
          "maintenanceWindowStartingHour": 2,
          "maintenanceWindowDuration": 60
        },
        "autoBackupSettings": {
          "enable": ${backup},
          "retentionPeriod": 30,
          "storageAccountUrl": "https://backups.blob.core.windows.net/",
          "storageAccessKey": "[parameters('storageKey')]"
        },
        "serverConfigurationsManagementSettings": {
          "sqlConnectivityUpdateSettings": { "connectivityType": "PRIVATE", "port": 1433 }
        }
      }
    },
    {
      "type": "Microsoft.Sql/servers",
      "apiVersion": "2023-08-01-preview",
      "name": "paassql",
      "properties": { "minimalTlsVersion": "1.2", "publicNetworkAccess": "Disabled" }
    }
  ]
}
`;

function setting(analysis: Analysis, resource: string, path: string): Setting {
  const found = analysis.settings.find((candidate) => candidate.resource === resource && candidate.path === path);
  assert.ok(found, `${resource} ${path}: ${analysis.settings.filter((s) => s.resource === resource).map((s) => s.path).join(', ')}`);
  return found;
}

function seen(analysis: Analysis, resource: string, path: string): [string, string, string, string] {
  const { attribution } = setting(analysis, resource, path);
  return [attribution.owner, attribution.row, attribution.model, attribution.service];
}

/**
 * The hover a user gets on the setting's key, as read: Markdown escapes dropped, and each sentence the
 * first screen cuts with an ellipsis joined to the rest the detail carries on with.
 */
function hover(analysis: Analysis, text: string, resource: string, path: string): string {
  return readable(hoverMarkdown(analysis, setting(analysis, resource, path).key.offset + 1, text)!);
}

function readable(markdown: string): string {
  const card = markdown.replace(/\\(.)/g, '$1');
  const lines = card.split('\n');
  const cut = lines.filter((line) => line.endsWith('…') && !/^(\*\*You:\*\* )?…/.test(line));
  const rest = lines.filter((line) => /^(\*\*You:\*\* )?…/.test(line)).map((line) => line.replace(/^(\*\*You:\*\* )?…/, ''));
  return [card, ...cut.map((line, index) => `${line.slice(0, -1)} ${rest[index] ?? ''}`)].join('\n');
}

describe('Azure: SQL Server on a VM against Azure SQL (ARM)', () => {
  const on = ARM('true');
  const off = ARM('false', 'false');
  const deployTime = ARM('"[parameters(\'patching\')]"');

  it('the SQL virtual machine is its own IaaS service, Azure SQL Database beside it PaaS', () => {
    const analysis = analyze(on, 'azuredeploy.json');
    assert.deepEqual(analysis.errors, []);
    const model = Object.fromEntries(analysis.resources.map((resource) => [`${resource.logicalId} ${resource.type}`, [resource.service, resource.model, resource.confidence]]));
    assert.deepEqual(model['sqlhost Microsoft.SqlVirtualMachine/sqlVirtualMachines'], ['sql-virtual-machines', 'iaas', 'curated']);
    assert.deepEqual(model['paassql Microsoft.Sql/servers'], ['sql', 'paas', 'curated']);
    const sqlVmCard = readable(hoverMarkdown(analysis, on.indexOf('"sqlhost"', on.indexOf('Microsoft.SqlVirtualMachine')) + 1, on)!);
    assert.match(sqlVmCard, /SQL Server on Azure Virtual Machines · \*\*IaaS\*\* model/);
    assert.match(sqlVmCard, /SQL Server on an Azure VM is IaaS: the customer runs the operating system and the SQL Server engine, and decides when to patch,? back up and upgrade them, unlike Azure SQL Database and Managed Instance,? where Microsoft patches the engine\./);
    assert.match(sqlVmCard, /\*\*Customer\*\*: .*Operating system/);
    const paasCard = readable(hoverMarkdown(analysis, on.indexOf('"paassql"') + 1, on)!);
    assert.match(paasCard, /Azure SQL Database · \*\*PaaS\*\* model/);
    assert.match(paasCard, /Microsoft patches and runs the database engine/);
    assert.match(paasCard, /\*\*Microsoft\*\*: .*Operating system/);
  });

  it('automated patching on: patching is shared, for every setting of the block, and the hover says what stays the customer’s', () => {
    const analysis = analyze(on, 'azuredeploy.json');
    for (const path of ['properties.autoPatchingSettings', 'properties.autoPatchingSettings.enable', 'properties.autoPatchingSettings.dayOfWeek', 'properties.autoPatchingSettings.maintenanceWindowDuration']) {
      assert.deepEqual(seen(analysis, 'sqlhost', path), ['shared', 'operating-system', 'iaas', 'sql-virtual-machines'], path);
    }
    const card = hover(analysis, on, 'sqlhost', 'properties.autoPatchingSettings.enable');
    assert.match(card, /\*\*Shared\*\* · Operating system/);
    assert.match(card, /SQL Server on Azure Virtual Machines · IaaS model/);
    assert.match(card, /Automated Patching is on/);
    assert.match(card, /Important or Critical/);
    assert.match(card, /cumulative updates, stay the customer's/);
    assert.match(card, /with Azure SQL Database, Microsoft patches the engine itself/);
    assert.match(card, /automated-patching/, 'cites Microsoft’s Automated Patching page');
    assert.ok(setting(analysis, 'sqlhost', 'properties.autoPatchingSettings.enable').attribution.controls.includes('MCSB PV-6'));
  });

  it('automated patching off: the engine is the customer’s to patch, unlike Azure SQL', () => {
    const analysis = analyze(off, 'azuredeploy.json');
    assert.deepEqual(seen(analysis, 'sqlhost', 'properties.autoPatchingSettings.enable'), ['customer', 'operating-system', 'iaas', 'sql-virtual-machines']);
    assert.deepEqual(seen(analysis, 'sqlhost', 'properties.autoPatchingSettings.dayOfWeek'), ['customer', 'operating-system', 'iaas', 'sql-virtual-machines']);
    const card = hover(analysis, off, 'sqlhost', 'properties.autoPatchingSettings.enable');
    assert.match(card, /\*\*Customer\*\* · Operating system/);
    assert.match(card, /Automated Patching is off: Windows and the SQL Server engine on this VM are the customer's to patch, unlike Azure SQL Database and Managed Instance, where Microsoft patches the engine\./);
  });

  it('a deploy-time switch keeps the customer’s owner and says it is undecided', () => {
    const analysis = analyze(deployTime, 'azuredeploy.json');
    assert.deepEqual(seen(analysis, 'sqlhost', 'properties.autoPatchingSettings.enable'), ['customer', 'operating-system', 'iaas', 'sql-virtual-machines']);
    assert.match(setting(analysis, 'sqlhost', 'properties.autoPatchingSettings.dayOfWeek').attribution.rationale, /off by default.*decided at deploy time/);
  });

  it('automated backup: shared when on, the customer’s when off; its secrets are always the customer’s', () => {
    const onAnalysis = analyze(on, 'azuredeploy.json');
    assert.deepEqual(seen(onAnalysis, 'sqlhost', 'properties.autoBackupSettings.retentionPeriod'), ['shared', 'customer-data', 'iaas', 'sql-virtual-machines']);
    assert.match(hover(onAnalysis, on, 'sqlhost', 'properties.autoBackupSettings.enable'), /Automated Backup is on[\s\S]*Azure SQL Database would back up by itself/);
    assert.deepEqual(seen(onAnalysis, 'sqlhost', 'properties.autoBackupSettings.storageAccessKey'), ['customer', 'identities-and-users', 'iaas', 'sql-virtual-machines']);
    const offAnalysis = analyze(off, 'azuredeploy.json');
    assert.deepEqual(seen(offAnalysis, 'sqlhost', 'properties.autoBackupSettings.retentionPeriod'), ['customer', 'customer-data', 'iaas', 'sql-virtual-machines']);
    assert.match(hover(offAnalysis, off, 'sqlhost', 'properties.autoBackupSettings.enable'), /unlike Azure SQL Database and Managed Instance,? whose backups are built in/);
  });

  it('the SQL VM’s other settings explain the contrast; Azure SQL’s own settings stay PaaS', () => {
    const analysis = analyze(on, 'azuredeploy.json');
    assert.deepEqual(seen(analysis, 'sqlhost', 'properties.sqlServerLicenseType'), ['customer', 'configurations-and-settings', 'iaas', 'sql-virtual-machines']);
    assert.match(hover(analysis, on, 'sqlhost', 'properties.sqlServerLicenseType'), /SQL Server engine are the customer's to run, patch and back up, unlike Azure SQL Database and Managed Instance/);
    assert.deepEqual(seen(analysis, 'sqlhost', 'properties.serverConfigurationsManagementSettings.sqlConnectivityUpdateSettings.connectivityType'), ['customer', 'network-controls', 'iaas', 'sql-virtual-machines']);
    assert.deepEqual(seen(analysis, 'paassql', 'properties.minimalTlsVersion'), ['customer', 'configurations-and-settings', 'paas', 'sql']);
  });

  it('a VM from a SQL Server image says the engine on it is the customer’s; another image does not', () => {
    const analysis = analyze(on, 'azuredeploy.json');
    const sqlImage = setting(analysis, 'sqlhost', 'properties.storageProfile.imageReference.publisher');
    assert.deepEqual([sqlImage.attribution.owner, sqlImage.attribution.row, sqlImage.attribution.model], ['customer', 'operating-system', 'iaas']);
    assert.match(hover(analysis, on, 'sqlhost', 'properties.storageProfile.imageReference.publisher'), /A SQL Server image: the SQL Server engine runs on this VM.*unlike Azure SQL Database and Managed Instance/);
    const other = setting(analysis, 'webhost', 'properties.storageProfile.imageReference.publisher');
    assert.equal(other.attribution.owner, 'customer');
    assert.doesNotMatch(other.attribution.rationale, /SQL/);
  });

  it('property names are case-insensitive, as Azure reads them (quickstart templates write AutoPatchingSettings.Enable)', () => {
    const pascal = on.replace('"autoPatchingSettings": {\n          "enable": true', '"AutoPatchingSettings": {\n          "Enable": true').replace('"sqlConnectivityUpdateSettings": { "connectivityType": "PRIVATE"', '"SQLConnectivityUpdateSettings": { "ConnectivityType": "PUBLIC"');
    const analysis = analyze(pascal, 'azuredeploy.json');
    assert.deepEqual(seen(analysis, 'sqlhost', 'properties.AutoPatchingSettings.dayOfWeek'), ['shared', 'operating-system', 'iaas', 'sql-virtual-machines']);
    assert.equal(setting(analysis, 'sqlhost', 'properties.AutoPatchingSettings.Enable').attribution.confidence, 'curated');
    assert.deepEqual(analysis.findings.map((finding) => [finding.ruleId, slice(pascal, finding.span)]), [['azure-sqlvm-public-connectivity', '"ConnectivityType": "PUBLIC"']]);
  });

  it('the SQL IaaS Agent extension set on the VM itself (as older templates do) reads the same way', () => {
    const extension = (enable: string) => `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    {
      "type": "Microsoft.Compute/virtualMachines/extensions",
      "apiVersion": "2015-06-15",
      "name": "sqlhost/SqlIaasExtension",
      "properties": {
        "type": "SqlIaaSAgent",
        "publisher": "Microsoft.SqlServer.Management",
        "settings": {
          "AutoPatchingSettings": { "PatchCategory": "WindowsMandatoryUpdates", "Enable": ${enable}, "DayOfWeek": "Sunday" },
          "AutoBackupSettings": { "Enable": ${enable}, "RetentionPeriod": 30 }
        }
      }
    }
  ]
}`;
    const on = extension('true');
    const analysis = analyze(on, 'azuredeploy.json');
    assert.deepEqual(seen(analysis, 'sqlhost/SqlIaasExtension', 'properties.settings.AutoPatchingSettings.DayOfWeek'), ['shared', 'operating-system', 'iaas', 'virtual-machines']);
    assert.deepEqual(seen(analysis, 'sqlhost/SqlIaasExtension', 'properties.settings.AutoBackupSettings.RetentionPeriod'), ['shared', 'customer-data', 'iaas', 'virtual-machines']);
    assert.match(hover(analysis, on, 'sqlhost/SqlIaasExtension', 'properties.settings.AutoPatchingSettings.Enable'), /\*\*Shared\*\* · Operating system[\s\S]*Automated Patching is on/);
    const off = analyze(extension('false'), 'azuredeploy.json');
    assert.deepEqual(seen(off, 'sqlhost/SqlIaasExtension', 'properties.settings.AutoPatchingSettings.DayOfWeek'), ['customer', 'operating-system', 'iaas', 'virtual-machines']);
  });

  it('no finding on a private SQL VM; PUBLIC connectivity is a warning with a fix that is not preferred', () => {
    assert.deepEqual(analyze(on, 'azuredeploy.json').findings.map((finding) => finding.ruleId), []);
    const open = on.replace('"connectivityType": "PRIVATE"', '"connectivityType": "PUBLIC"');
    const [finding] = analyze(open, 'azuredeploy.json').findings;
    assert.equal(finding.ruleId, 'azure-sqlvm-public-connectivity');
    assert.equal(finding.severity, 'warning');
    assert.equal(slice(open, finding.span), '"connectivityType": "PUBLIC"');
    assert.deepEqual(finding.controls, ['MCSB NS-1']);
    assert.equal(finding.fix!.preferred, false);
    assert.equal(finding.fix!.edits[0].newText, '"PRIVATE"');
  });
});

describe('Azure: SQL Server on a VM against Azure SQL (Bicep)', () => {
  before(prepareBicepParser);
  const bicep = (patching: string) => `param patching bool

resource sqlVm 'Microsoft.SqlVirtualMachine/sqlVirtualMachines@2023-10-01' = {
  name: 'sqlhost'
  location: 'westeurope'
  properties: {
    virtualMachineResourceId: resourceId('Microsoft.Compute/virtualMachines', 'sqlhost')
    autoPatchingSettings: {
      enable: ${patching}
      dayOfWeek: 'Sunday'
      maintenanceWindowStartingHour: 2
      maintenanceWindowDuration: 60
    }
    autoBackupSettings: {
      enable: ${patching}
      retentionPeriod: 30
    }
  }
}
`;

  it('owner, row and model follow the enable switch, and the hover explains it', () => {
    const on = bicep('true');
    const analysis = analyze(on, 'main.bicep');
    assert.deepEqual(analysis.errors, []);
    assert.deepEqual(seen(analysis, 'sqlVm', 'properties.autoPatchingSettings.dayOfWeek'), ['shared', 'operating-system', 'iaas', 'sql-virtual-machines']);
    assert.deepEqual(seen(analysis, 'sqlVm', 'properties.autoBackupSettings.retentionPeriod'), ['shared', 'customer-data', 'iaas', 'sql-virtual-machines']);
    assert.match(hover(analysis, on, 'sqlVm', 'properties.autoPatchingSettings.enable'), /\*\*Shared\*\* · Operating system[\s\S]*Automated Patching is on/);
    const off = bicep('false');
    const offAnalysis = analyze(off, 'main.bicep');
    assert.deepEqual(seen(offAnalysis, 'sqlVm', 'properties.autoPatchingSettings.dayOfWeek'), ['customer', 'operating-system', 'iaas', 'sql-virtual-machines']);
    assert.match(hover(offAnalysis, off, 'sqlVm', 'properties.autoPatchingSettings.enable'), /\*\*Customer\*\*[\s\S]*unlike Azure SQL Database and Managed Instance, where Microsoft patches the engine/);
    const param = analyze(bicep('patching'), 'main.bicep');
    assert.deepEqual(seen(param, 'sqlVm', 'properties.autoPatchingSettings.dayOfWeek'), ['customer', 'operating-system', 'iaas', 'sql-virtual-machines'], 'a parameter is a deploy-time value');
  });
});

describe('Azure: SQL Server on a VM against Azure SQL (Terraform azurerm)', () => {
  before(prepareTerraform);
  const WITH_BLOCKS = `resource "azurerm_mssql_virtual_machine" "sql" {
  virtual_machine_id    = azurerm_windows_virtual_machine.sql.id
  sql_license_type      = "PAYG"
  sql_connectivity_type = "PRIVATE"

  auto_patching {
    day_of_week                            = "Sunday"
    maintenance_window_duration_in_minutes = 60
    maintenance_window_starting_hour       = 2
  }

  auto_backup {
    retention_period_in_days   = 30
    storage_blob_endpoint      = azurerm_storage_account.backups.primary_blob_endpoint
    storage_account_access_key = azurerm_storage_account.backups.primary_access_key

    manual_schedule {
      full_backup_frequency           = "Weekly"
      full_backup_start_hour          = 1
      full_backup_window_in_hours     = 2
      log_backup_frequency_in_minutes = 60
    }
  }
}
`;
  const WITHOUT_BLOCKS = `resource "azurerm_mssql_virtual_machine" "sql" {
  virtual_machine_id    = azurerm_windows_virtual_machine.sql.id
  sql_license_type      = "PAYG"
  sql_connectivity_type = "PUBLIC"
}
`;

  it('an auto_patching or auto_backup block turns the feature on (azurerm sends enable true), so the work is shared', () => {
    const analysis = analyze(WITH_BLOCKS, 'main.tf');
    assert.equal(analysis.cloud, 'azure');
    assert.deepEqual(analysis.errors, []);
    assert.deepEqual(analysis.resources.map((resource) => [resource.logicalId, resource.service, resource.model]), [['azurerm_mssql_virtual_machine.sql', 'sql-virtual-machines', 'iaas']]);
    for (const path of ['auto_patching', 'auto_patching.day_of_week', 'auto_patching.maintenance_window_duration_in_minutes']) {
      assert.deepEqual(seen(analysis, 'azurerm_mssql_virtual_machine.sql', path), ['shared', 'operating-system', 'iaas', 'sql-virtual-machines'], path);
    }
    for (const path of ['auto_backup.retention_period_in_days', 'auto_backup.manual_schedule.full_backup_frequency']) {
      assert.deepEqual(seen(analysis, 'azurerm_mssql_virtual_machine.sql', path), ['shared', 'customer-data', 'iaas', 'sql-virtual-machines'], path);
    }
    assert.deepEqual(seen(analysis, 'azurerm_mssql_virtual_machine.sql', 'auto_backup.storage_account_access_key'), ['customer', 'identities-and-users', 'iaas', 'sql-virtual-machines']);
    const card = hover(analysis, WITH_BLOCKS, 'azurerm_mssql_virtual_machine.sql', 'auto_patching.day_of_week');
    assert.match(card, /\*\*Shared\*\* · Operating system/);
    assert.match(card, /`day_of_week` on `azurerm_mssql_virtual_machine` · SQL Server on Azure Virtual Machines · IaaS model/);
    assert.match(card, /Automated Patching is on/);
    assert.deepEqual(analysis.findings, []);
  });

  it('without the blocks, the engine is the customer’s; PUBLIC connectivity is flagged in Terraform’s words', () => {
    const analysis = analyze(WITHOUT_BLOCKS, 'main.tf');
    assert.deepEqual(seen(analysis, 'azurerm_mssql_virtual_machine.sql', 'sql_license_type'), ['customer', 'configurations-and-settings', 'iaas', 'sql-virtual-machines']);
    assert.match(hover(analysis, WITHOUT_BLOCKS, 'azurerm_mssql_virtual_machine.sql', 'sql_license_type'), /unlike Azure SQL Database and Managed Instance, where Microsoft patches and upgrades the engine/);
    assert.deepEqual(seen(analysis, 'azurerm_mssql_virtual_machine.sql', 'sql_connectivity_type'), ['customer', 'network-controls', 'iaas', 'sql-virtual-machines']);
    const [finding] = analysis.findings;
    assert.equal(finding.ruleId, 'azure-sqlvm-public-connectivity');
    assert.match(finding.message, /^Set sql_connectivity_type to PRIVATE \(or LOCAL\): SQL Server on azurerm_mssql_virtual_machine\.sql accepts connections from the internet/);
    assert.equal(slice(WITHOUT_BLOCKS, finding.span), 'sql_connectivity_type = "PUBLIC"');
  });

  it('a VM from a SQL Server image says the engine on it is the customer’s', () => {
    const text = `resource "azurerm_windows_virtual_machine" "sql" {
  name = "sqlhost"
  source_image_reference {
    publisher = "MicrosoftSQLServer"
    offer     = "sql2022-ws2022"
    sku       = "enterprise-gen2"
    version   = "latest"
  }
}
`;
    const analysis = analyze(text, 'main.tf');
    assert.deepEqual(seen(analysis, 'azurerm_windows_virtual_machine.sql', 'source_image_reference.publisher'), ['customer', 'operating-system', 'iaas', 'virtual-machines']);
    assert.match(hover(analysis, text, 'azurerm_windows_virtual_machine.sql', 'source_image_reference.publisher'), /A SQL Server image/);
  });
});

describe('Azure rule controls that Microsoft’s own mapping confirms', () => {
  it('each names the control the MCSB initiative files its built-in policy under, and cites that mapping', () => {
    const confirmed: Record<string, string> = {
      'azure-vm-password-auth': 'IM-6',
      'azure-appservice-remote-debugging': 'PV-2',
      'azure-aks-rbac-off': 'PA-7',
      'azure-aks-api-server-open': 'NS-2',
      'azure-sqlvm-public-connectivity': 'NS-1',
    };
    for (const [id, control] of Object.entries(confirmed)) {
      const rule = azureRuleData.rules.find((candidate) => candidate.id === id)!;
      assert.deepEqual(rule.controls, [`MCSB ${control}`], id);
      assert.ok(rule.sources.some((source) => source.url.endsWith('/AzureSecurityCenter.json') && source.title.endsWith(`is in its group ${control}`)), id);
    }
  });
});
