import assert from 'node:assert/strict';
import { analyzeBicep, bicepLiteral, isBicepFileName } from '../../src/core/formats/bicep/analyze';
import type { Finding } from '../../src/core/types';
import { prepareBicepParser, slice } from './helpers';

const TLS = 'azure-storage-min-tls';

function findingsOf(text: string, ruleId: string, fileName?: string): Finding[] {
  return analyzeBicep(text, fileName).findings.filter((finding) => finding.ruleId === ruleId);
}

/** A storage account whose minimum TLS version is this Bicep expression, after these declarations. */
function storage(tls: string, declarations = ''): string {
  return `${declarations}
resource store 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'st'
  properties: {
    minimumTlsVersion: ${tls}
  }
}
`;
}

describe('Bicep analysis of a file', () => {
  before(prepareBicepParser);

  it('is for templates and parameters files by their extension', () => {
    assert.equal(isBicepFileName('main.bicep'), true);
    assert.equal(isBicepFileName('prod.BICEPPARAM'), true);
    assert.equal(isBicepFileName('main.bicep.bak'), false);
    assert.equal(isBicepFileName('main.bicepparam.orig'), false);
  });

  it('writes a rule’s fix value as a Bicep literal', () => {
    assert.equal(bicepLiteral('false'), 'false');
    assert.equal(bicepLiteral('"TLS1_2"'), "'TLS1_2'");
    assert.equal(bicepLiteral(JSON.stringify("C:\\logs it's ${x}")), "'C:\\\\logs it\\'s \\${x}'");
  });

  it('is an Azure analysis of kind bicep', () => {
    const analysis = analyzeBicep(storage("'TLS1_2'"));
    assert.equal(analysis.kind, 'bicep');
    assert.equal(analysis.cloud, 'azure');
  });

  describe('of a template', () => {
    it('reads a template named like a parameters file before its extension as a template', () => {
      assert.equal(findingsOf(storage("'TLS1_0'"), TLS, 'main.bicepparam.bicep').length, 1);
    });

    it('keeps a nested declaration’s full type, and a top-level type as written', () => {
      const text = `resource store 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'st'
  resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
    name: 'default'
  }
}
resource odd 'widgets@2023-01-01' = {
  name: 'w'
}
`;
      assert.deepEqual(
        analyzeBicep(text).resources.map((resource) => resource.type),
        ['Microsoft.Storage/storageAccounts', 'Microsoft.Storage/storageAccounts/blobServices', 'widgets'],
      );
    });

    it('leaves out a resource declared existing', () => {
      const text = `resource store 'Microsoft.Storage/storageAccounts@2023-01-01' existing = {
  name: 'st'
}
`;
      assert.deepEqual(analyzeBicep(text).resources, []);
      assert.deepEqual(analyzeBicep(text).settings, []);
    });

    it('gives its settings in the order of the text, a parent’s after a child declared before them', () => {
      const text = `resource server 'Microsoft.Sql/servers@2022-05-01-preview' = {
  name: 'sql'
  resource everyone 'firewallRules' = {
    name: 'all'
    properties: { startIpAddress: '0.0.0.0' }
  }
  properties: { minimalTlsVersion: '1.2' }
}
`;
      const offsets = analyzeBicep(text).settings.map((setting) => setting.key.offset);
      assert.ok(offsets.length >= 2);
      assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
    });
  });

  describe('of a variable used as a value', () => {
    it('judges the variable’s literal where it is used, in a list too', () => {
      const text = `var everyone = '*'
resource nsg 'Microsoft.Network/networkSecurityGroups@2023-04-01' = {
  name: 'nsg'
  properties: {
    securityRules: [
      {
        name: 'ssh'
        properties: { direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefixes: [ everyone ], destinationPortRange: '22' }
      }
    ]
  }
}
`;
      const [finding] = findingsOf(text, 'azure-nsg-open-admin-port');
      assert.equal(slice(text, finding.span), 'everyone');
    });

    it('follows a variable through up to eight names, never round a cycle', () => {
      const chain = (steps: number) =>
        Array.from({ length: steps }, (_, index) => `var v${index} = v${index + 1}`)
          .concat(`var v${steps} = 'TLS1_0'`)
          .join('\n');
      assert.equal(findingsOf(storage('v0', chain(7)), TLS).length, 1);
      assert.deepEqual(findingsOf(storage('v0', chain(8)), TLS), []);
      assert.deepEqual(findingsOf(storage('a', "var a = b\nvar b = a"), TLS), []);
    });

    it('never takes a parameter for a variable of the same name', () => {
      assert.deepEqual(findingsOf(storage('tls', "param tls string\nvar tls = 'TLS1_0'"), TLS), []);
    });
  });

  describe('of a parameters file', () => {
    const PARAMETERS = `using './main.bicep'
param location = 'westeurope'
param adminPassword = 'hunter2-Very-Secret'
`;

    it('reports a literal secret on its whole declaration, for the deployment it feeds', () => {
      const [finding, ...rest] = findingsOf(PARAMETERS, 'azure-literal-secret', 'prod.bicepparam');
      assert.deepEqual(rest, []);
      assert.equal(slice(PARAMETERS, finding.span), "adminPassword = 'hunter2-Very-Secret'");
      assert.equal(finding.resourceType, 'Microsoft.Resources/deployments');
      const analysis = analyzeBicep(PARAMETERS, 'prod.bicepparam');
      assert.deepEqual(analysis.resources, []);
      assert.equal(analysis.cloud, 'azure');
    });

    it('says where its values are judged, also without a using line', () => {
      const note = (text: string) => analyzeBicep(text, 'prod.bicepparam').errors.find((error) => error.severity === 'info');
      assert.match(note(PARAMETERS)!.message, /judged in the template \.\/main\.bicep,/);
      const alone = note("param adminPassword = 'hunter2-Very-Secret'\n")!;
      assert.match(alone.message, /judged in its template,/);
      assert.deepEqual(alone.span, { offset: 0, length: 0 });
    });

    it('passes over a parameter written without a value', () => {
      const analysis = analyzeBicep("using './main.bicep'\nparam adminPassword =\nparam other = 'x'\n", 'prod.bicepparam');
      assert.deepEqual(analysis.findings, []);
    });
  });
});
