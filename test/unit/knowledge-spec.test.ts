/**
 * Knowledge for every CloudFormation resource type and service: the data
 * generated from @aws-cdk/aws-service-spec, the classification of every
 * service, the pattern rules that generalise across services, and
 * value-dependent ownership.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { analyze } from '../../src/core';
import { hoverMarkdown, resourceCard, settingCard } from '../../src/core/reports/hover';
import { serviceOf, services } from '../../src/core/clouds/aws/knowledge';
import { propertyDoc, setSpecDocsProvider, specDocsLoaded, type SpecDocsData } from '../../src/core/clouds/aws/specDocs';
import type { Analysis, Setting } from '../../src/core/types';
import specServices from '../../src/core/clouds/aws/knowledge/spec-services.json';
import specTypes from '../../src/core/clouds/aws/knowledge/spec-types.json';
import serviceModels from '../../src/core/clouds/aws/knowledge/service-models.json';
import curatedServices from '../../src/core/clouds/aws/knowledge/services.json';
import serviceModelsSchema from '../../src/core/clouds/aws/knowledge/schema/service-models.schema.json';
import patternsJson from '../../src/core/clouds/aws/knowledge/patterns.json';
import patternsSchema from '../../src/core/clouds/aws/knowledge/schema/patterns.schema.json';
import type { PatternsData, ServiceModelsData, ServicesData } from '../../src/core/clouds/aws/knowledge/schema';
import { ROOT, setting } from './helpers';

interface SpecTypesData {
  source: { package: string; version: string };
  types: Record<string, { service: string; properties: string[]; enums?: Record<string, string[]> }>;
}
interface SpecServicesData {
  source: { package: string; version: string };
  services: Record<string, { shortName: string; namespace: string; types: number }>;
}

const types = specTypes as unknown as SpecTypesData;
const specServiceData = specServices as unknown as SpecServicesData;
const models = serviceModels as unknown as ServiceModelsData;
const curated = curatedServices as unknown as ServicesData;
const MODELS = new Set(['infrastructure', 'container', 'abstracted']);

function loadSpecDocs(): SpecDocsData {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'src/core/clouds/aws/knowledge/spec-docs.json'), 'utf8')) as SpecDocsData;
}

function yamlTemplate(resources: string): { text: string; analysis: Analysis } {
  const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${resources}`;
  return { text, analysis: analyze(text, 'template.yaml') };
}

describe('knowledge generated from @aws-cdk/aws-service-spec', () => {
  it('names its source package and version in every generated file', () => {
    for (const data of [types, specServiceData, loadSpecDocs()]) {
      assert.equal(data.source.package, '@aws-cdk/aws-service-spec');
      assert.match(data.source.version, /^\d+\.\d+\.\d+/);
    }
  });

  it('the checked-in knowledge has every service and resource type of the installed spec', function () {
    this.timeout(60_000);
    // Loaded through createRequire so that esbuild leaves the heavy package out of the test bundle.
    const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));
    let spec: { loadAwsServiceSpecSync(): { all(kind: string): { name: string; cloudFormationNamespace: string; cloudFormationType: string }[]; follow(rel: string, entity: unknown): { entity: { cloudFormationType: string } }[] } };
    try {
      spec = requireFromRoot('@aws-cdk/aws-service-spec');
    } catch {
      this.skip();
      return;
    }
    const installed = (requireFromRoot('@aws-cdk/aws-service-spec/package.json') as { version: string }).version;
    const db = spec.loadAwsServiceSpecSync();
    const missingServices: string[] = [];
    const missingTypes: string[] = [];
    for (const service of db.all('service')) {
      if (!specServiceData.services[service.name]) missingServices.push(`${service.name} (${service.cloudFormationNamespace})`);
      for (const { entity } of db.follow('hasResource', service)) {
        if (types.types[entity.cloudFormationType]?.service !== service.name) missingTypes.push(entity.cloudFormationType);
      }
    }
    const hint = `installed spec ${installed}, knowledge from ${types.source.version}: run npm run gen:knowledge and classify the new services in service-models.json`;
    assert.deepEqual(missingServices, [], `services missing from spec-services.json (${hint})`);
    assert.deepEqual(missingTypes, [], `resource types missing from spec-types.json (${hint})`);
  });

  it('every spec service is classified: a model, a rationale and a security page', () => {
    const unclassified: string[] = [];
    for (const [id, service] of Object.entries(specServiceData.services)) {
      const sample = Object.entries(types.types).find(([, entry]) => entry.service === id)?.[0];
      if (!sample) continue;
      const { info } = serviceOf(sample);
      if (!info || !MODELS.has(info.model) || !info.rationale || !info.securityDoc.url.startsWith('https://')) unclassified.push(`${id} (${service.namespace})`);
    }
    assert.deepEqual(unclassified, []);
  });

  it('service-models.json matches its schema and does not shadow a curated service', () => {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    const validate = ajv.compile(serviceModelsSchema);
    assert.ok(validate(models), ajv.errorsText(validate.errors, { separator: '\n' }));
    const curatedIds = new Set(Object.keys(curated.services));
    const curatedNamespaces = new Set(Object.values(curated.services).flatMap((info) => info.namespaces));
    for (const [id, info] of Object.entries(models.services)) {
      assert.ok(!curatedIds.has(id), `${id} is curated in services.json`);
      for (const namespace of info.namespaces) assert.ok(!curatedNamespaces.has(namespace), `${namespace} is curated in services.json`);
    }
  });

  it('records which security pages were confirmed and falls back to a confirmed page otherwise', () => {
    const entries = Object.values(models.services);
    const confirmed = entries.filter((info) => info.securityDocConfirmed);
    assert.ok(confirmed.length >= 75, `${confirmed.length} confirmed`);
    for (const info of confirmed) assert.match(info.securityDoc.url, /^https:\/\/docs\.aws\.amazon\.com\//);
    for (const info of entries.filter((candidate) => !candidate.securityDocConfirmed)) {
      assert.ok(
        /shared-responsibility-model|\/security[^/]*\.html$|-security\.html$/.test(info.securityDoc.url),
        `${info.name}: an unconfirmed entry points at the shared responsibility page or a confirmed related security page, not a guess (${info.securityDoc.url})`,
      );
    }
  });

  it('classifies the services the issue names with the AWS framing', () => {
    const model = (type: string) => serviceOf(type).info?.model;
    assert.equal(model('AWS::Lightsail::Instance'), 'infrastructure');
    assert.equal(model('AWS::WorkSpaces::Workspace'), 'infrastructure');
    assert.equal(model('AWS::DocDB::DBCluster'), 'container');
    assert.equal(model('AWS::Neptune::DBCluster'), 'container');
    assert.equal(model('AWS::AmazonMQ::Broker'), 'container');
    assert.equal(model('AWS::MSK::Cluster'), 'container');
    assert.equal(model('AWS::Events::Rule'), 'abstracted');
    assert.equal(model('AWS::StepFunctions::StateMachine'), 'abstracted');
    assert.equal(serviceOf('AWS::Athena::WorkGroup').info?.securityDoc.url, 'https://docs.aws.amazon.com/athena/latest/ug/security.html');
  });

  it('keeps the finer splits: ECS, EKS, Lambda, Elastic Beanstalk and databases on EC2', () => {
    const variants = (id: string) => (services.services[id]?.variants ?? []).map((variant) => `${variant.name}:${variant.model}`);
    assert.deepEqual(variants('ecs').length, 5);
    assert.equal(variants('eks').length, 5);
    assert.ok(variants('lambda').some((variant) => variant.startsWith('Container image')));
    assert.equal(variants('elasticbeanstalk').length, 2);
    assert.ok(variants('rds').some((variant) => /EC2/.test(variant)));
    assert.ok(variants('ec2').some((variant) => /Database/.test(variant)));
  });

  it('a template with one resource of every type in the spec scans without error; each gets a service and a model', function () {
    this.timeout(60_000);
    const entries = Object.entries(types.types);
    const resources: Record<string, unknown> = {};
    entries.forEach(([type, entry], index) => {
      const first = entry.properties.find((name) => name !== 'Tags');
      resources[`R${index}`] = { Type: type, Properties: first ? { [first]: 'example' } : {} };
    });
    const text = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Transform: 'AWS::Serverless-2016-10-31', Resources: resources }, null, 2);
    const analysis = analyze(text, 'every-type.json');
    assert.equal(analysis.kind, 'cloudformation');
    assert.deepEqual(analysis.errors, []);
    assert.equal(analysis.resources.length, entries.length);
    const unclassified = analysis.resources.filter((resource) => resource.confidence === 'fallback' || !MODELS.has(resource.model) || !services.services[resource.service]);
    assert.deepEqual(unclassified.map((resource) => resource.type), []);
    const settings = analysis.settings.filter((candidate) => candidate.path.startsWith('Properties.'));
    assert.ok(settings.length > entries.length * 0.9, `${settings.length} property settings`);
    for (const candidate of settings) assert.ok(MODELS.has(candidate.attribution.model), candidate.path);
  });

  it('custom resources belong to CloudFormation and their inputs to the customer\'s application', () => {
    const { analysis } = yamlTemplate('  Custom:\n    Type: Custom::Lookup\n    Properties:\n      ServiceToken: arn:aws:lambda:eu-west-1:111122223333:function:x\n      Region: eu-west-1\n');
    assert.equal(analysis.resources[0].service, 'cloudformation');
    const region = setting(analysis, 'Custom', 'Properties.Region').attribution;
    assert.equal(region.row, 'custom-applications');
    assert.equal(region.confidence, 'derived');
  });
});

describe('pattern rules across all services', () => {
  it('match their JSON schema (including type-scoped patterns)', () => {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    const validate = ajv.compile(patternsSchema);
    assert.ok(validate(patternsJson), ajv.errorsText(validate.errors, { separator: '\n' }));
    assert.ok((patternsJson as unknown as PatternsData).patterns.some((pattern) => pattern.types));
  });

  const cases: [string, string, string, string][] = [
    // [type, property (YAML), path, expected row]
    ['AWS::Kinesis::Stream', 'StreamEncryption:\n        EncryptionType: KMS', 'Properties.StreamEncryption.EncryptionType', 'customer-data'],
    ['AWS::Transfer::Server', 'SecurityPolicyName: TransferSecurityPolicy-2024-01', 'Properties.SecurityPolicyName', 'network-security'],
    ['AWS::MWAA::Environment', 'WebserverAccessMode: PUBLIC_ONLY', 'Properties.WebserverAccessMode', 'network-security'],
    ['AWS::AppSync::GraphQLApi', 'AuthenticationType: API_KEY', 'Properties.AuthenticationType', 'restrict-access'],
    ['AWS::StepFunctions::StateMachine', 'LoggingConfiguration:\n        Level: ALL', 'Properties.LoggingConfiguration.Level', 'account-compromise'],
    ['AWS::Neptune::DBCluster', 'PreferredMaintenanceWindow: sun:03:00-sun:04:00', 'Properties.PreferredMaintenanceWindow', 'database-patching'],
    ['AWS::DocDB::DBCluster', 'BackupRetentionPeriod: 7', 'Properties.BackupRetentionPeriod', 'business-continuity'],
    ['AWS::DocDB::DBCluster', 'DeletionProtection: true', 'Properties.DeletionProtection', 'business-continuity'],
    ['AWS::Athena::WorkGroup', 'Description: reports', 'Properties.Description', 'customer-data'],
    ['AWS::ElasticLoadBalancing::LoadBalancer', 'HealthCheck:\n        Interval: 30', 'Properties.HealthCheck.Interval', 'business-continuity'],
    ['AWS::EC2::EIP', 'Domain: vpc', 'Properties.Domain', 'network-security'],
    ['AWS::CodeBuild::Project', 'ServiceRole: arn:aws:iam::111122223333:role/build', 'Properties.ServiceRole', 'restrict-access'],
  ];
  for (const [type, property, settingPath, row] of cases) {
    it(`${type} ${settingPath} → ${row}`, () => {
      const { analysis } = yamlTemplate(`  R:\n    Type: ${type}\n    Properties:\n      ${property}\n`);
      const attribution = setting(analysis, 'R', settingPath).attribution;
      assert.equal(attribution.row, row);
      assert.notEqual(attribution.confidence, 'fallback');
      assert.ok(attribution.sources.length > 0);
    });
  }

  it('versions follow the service model: guest OS on infrastructure, database patching on container services', () => {
    const { analysis } = yamlTemplate(
      '  Box:\n    Type: AWS::Lightsail::Instance\n    Properties:\n      BlueprintId: amazon_linux_2023\n' +
        '  Graph:\n    Type: AWS::Neptune::DBCluster\n    Properties:\n      EngineVersion: 1.3.2.0\n',
    );
    const graph = setting(analysis, 'Graph', 'Properties.EngineVersion').attribution;
    assert.deepEqual([graph.row, graph.owner, graph.model], ['database-patching', 'shared', 'container']);
    assert.equal(analysis.resources.find((resource) => resource.logicalId === 'Box')?.model, 'infrastructure');
  });

  it('a type-scoped pattern does not apply to other types', () => {
    const { analysis } = yamlTemplate('  Search:\n    Type: AWS::OpenSearchService::Domain\n    Properties:\n      DomainName: logs\n  Addr:\n    Type: AWS::EC2::EIP\n    Properties:\n      Domain: vpc\n');
    assert.equal(setting(analysis, 'Addr', 'Properties.Domain').attribution.row, 'network-security');
    assert.notEqual(setting(analysis, 'Search', 'Properties.DomainName').attribution.rationale, setting(analysis, 'Addr', 'Properties.Domain').attribution.rationale);
  });
});

describe('value-dependent ownership', () => {
  const owner = (resources: string, resource: string, settingPath: string): string => setting(yamlTemplate(resources).analysis, resource, settingPath).attribution.owner;
  const lambda = (extra: string) => `  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n${extra}`;

  it('Lambda UpdateRuntimeOn: Manual hands runtime patching to the customer', () => {
    assert.equal(owner(lambda('      RuntimeManagementConfig:\n        UpdateRuntimeOn: Manual\n'), 'Fn', 'Properties.RuntimeManagementConfig.UpdateRuntimeOn'), 'customer');
    assert.equal(owner(lambda('      RuntimeManagementConfig:\n        UpdateRuntimeOn: Auto\n'), 'Fn', 'Properties.RuntimeManagementConfig.UpdateRuntimeOn'), 'aws');
  });

  it('a deprecated Lambda runtime is the customer\'s to move off; a supported one is patched by AWS', () => {
    assert.equal(owner(lambda('      Runtime: python3.8\n'), 'Fn', 'Properties.Runtime'), 'customer');
    assert.equal(owner(lambda('      Runtime: nodejs16.x\n'), 'Fn', 'Properties.Runtime'), 'customer');
    assert.equal(owner(lambda('      Runtime: python3.13\n'), 'Fn', 'Properties.Runtime'), 'aws');
  });

  it('AutoMinorVersionUpgrade: false makes engine patching the customer\'s (RDS, Neptune, MQ, DMS, MemoryDB); ElastiCache still gets critical security updates', () => {
    const elasticache = (value: string) => `  Db:\n    Type: AWS::ElastiCache::CacheCluster\n    Properties:\n      AutoMinorVersionUpgrade: ${value}\n`;
    assert.equal(owner(elasticache('false'), 'Db', 'Properties.AutoMinorVersionUpgrade'), 'shared');
    assert.equal(owner(elasticache('true'), 'Db', 'Properties.AutoMinorVersionUpgrade'), 'aws');
    for (const type of ['AWS::RDS::DBInstance', 'AWS::Neptune::DBInstance', 'AWS::AmazonMQ::Broker', 'AWS::DMS::ReplicationInstance', 'AWS::MemoryDB::Cluster']) {
      const resources = (value: string) => `  Db:\n    Type: ${type}\n    Properties:\n      AutoMinorVersionUpgrade: ${value}\n`;
      assert.equal(owner(resources('false'), 'Db', 'Properties.AutoMinorVersionUpgrade'), 'customer', `${type} false`);
      assert.equal(owner(resources('true'), 'Db', 'Properties.AutoMinorVersionUpgrade'), 'aws', `${type} true`);
    }
  });

  it('records the Security Hub control for automatic minor upgrades and shows it in the hover', () => {
    const { text, analysis } = yamlTemplate('  Mq:\n    Type: AWS::AmazonMQ::Broker\n    Properties:\n      AutoMinorVersionUpgrade: false\n');
    const target = setting(analysis, 'Mq', 'Properties.AutoMinorVersionUpgrade');
    assert.deepEqual(target.attribution.controls, ['SecurityHub MQ.3']);
    assert.match(settingCard(target, text), /Controls: SecurityHub MQ\\\.3/);
    const dms = yamlTemplate('  Dms:\n    Type: AWS::DMS::ReplicationInstance\n    Properties:\n      AutoMinorVersionUpgrade: true\n').analysis;
    assert.deepEqual(setting(dms, 'Dms', 'Properties.AutoMinorVersionUpgrade').attribution.controls, ['SecurityHub DMS.6']);
  });

  it('RDS Custom moves OS patching to the customer (Oracle) or shares it (SQL Server)', () => {
    const rds = (engine: string) => `  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: ${engine}\n      EngineVersion: '19.my_cev1'\n      CustomIAMInstanceProfile: AWSRDSCustomInstanceProfile\n`;
    assert.equal(owner(rds('custom-oracle-ee'), 'Db', 'Properties.EngineVersion'), 'customer');
    assert.equal(owner(rds('custom-sqlserver-ee'), 'Db', 'Properties.EngineVersion'), 'shared');
    assert.equal(owner('  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      EngineVersion: "16.3"\n', 'Db', 'Properties.EngineVersion'), 'aws');
  });

  it('an EKS node group with AmiType CUSTOM is patched by the customer', () => {
    const nodes = (ami: string) => `  Nodes:\n    Type: AWS::EKS::Nodegroup\n    Properties:\n      AmiType: ${ami}\n`;
    assert.equal(owner(nodes('CUSTOM'), 'Nodes', 'Properties.AmiType'), 'customer');
    assert.notEqual(owner(nodes('AL2023_x86_64_STANDARD'), 'Nodes', 'Properties.AmiType'), 'customer');
  });

  it('the deprecated-runtime list is data with its source and date, and matches the spec-independent identifiers', () => {
    const lists = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/core/clouds/aws/knowledge/lists.json'), 'utf8')) as { lists: Record<string, { entries: { value: string; date: string }[]; asOf: string; source: { url: string }; retrieved: string }> };
    const deprecated = lists.lists['deprecated-lambda-runtimes'];
    assert.equal(deprecated.source.url, 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html');
    assert.match(deprecated.retrieved, /^\d{4}-\d{2}-\d{2}$/);
    const inEffect = new Set(deprecated.entries.filter((entry) => entry.date <= deprecated.asOf).map((entry) => entry.value));
    for (const current of ['python3.13', 'nodejs22.x', 'java21']) assert.ok(!inEffect.has(current), current);
  });
});

describe('hovers for services classified from the spec', () => {
  afterEach(() => setSpecDocsProvider(undefined));

  it('the resource card of an uncurated service shows its model, rationale and security page', () => {
    const { text, analysis } = yamlTemplate('  Queries:\n    Type: AWS::Athena::WorkGroup\n    Properties:\n      Name: reports\n');
    const card = hoverMarkdown(analysis, text.indexOf('Queries'), text)!;
    assert.match(card, /Amazon Athena · \*\*abstracted\*\* model/);
    assert.match(card, /AWS operates the infrastructure/);
    assert.match(card, /not individually curated/);
    assert.match(card, /\[Security in Amazon Athena\]\(https:\/\/docs\.aws\.amazon\.com\/athena\/latest\/ug\/security\.html\)/);
    const resource = analysis.resources[0];
    assert.equal(resourceCard(resource, analysis), card);
  });

  it('a property hover shows the spec documentation line, escaped, once a provider is registered', () => {
    const { text, analysis } = yamlTemplate(lambdaManual());
    const target: Setting = setting(analysis, 'Fn', 'Properties.RuntimeManagementConfig.UpdateRuntimeOn');
    assert.ok(!settingCard(target, text).includes('_CloudFormation:_'), 'no docs without a provider');
    assert.equal(specDocsLoaded(), false, 'analysis alone never loads the docs');
    let loads = 0;
    setSpecDocsProvider(() => {
      loads++;
      return loadSpecDocs();
    });
    const card = settingCard(target, text);
    assert.match(card, /_CloudFormation:_ Specify the runtime update mode/);
    settingCard(setting(analysis, 'Fn', 'Properties.Handler'), text);
    assert.equal(loads, 1, 'loaded once, on first use');
    assert.ok(propertyDoc('AWS::Lambda::Function', 'Properties.VpcConfig.SubnetIds[0]'));
    assert.equal(propertyDoc('AWS::Lambda::Function', 'Properties.toString'), undefined);
  });

  it('spec documentation is escaped like any other text', () => {
    setSpecDocsProvider(() => ({ source: { package: 'p', version: '1' }, docs: { 'AWS::SQS::Queue': { QueueName: 'Name [click](https://evil.example) <b>x</b> $(alert)' } } }));
    const { text, analysis } = yamlTemplate('  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: q\n');
    const card = settingCard(setting(analysis, 'Q', 'Properties.QueueName'), text);
    const line = card.split('\n').find((candidate) => candidate.startsWith('_CloudFormation:_'))!;
    assert.ok(!/\]\(https:\/\/evil/.test(line), line);
    assert.ok(!line.includes('<b>'), line);
    assert.ok(!line.includes('$(alert)'), line);
  });
});

function lambdaManual(): string {
  return '  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n      RuntimeManagementConfig:\n        UpdateRuntimeOn: Manual\n';
}
