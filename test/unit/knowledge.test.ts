import assert from 'node:assert/strict';
import Ajv from 'ajv';
import matrix from '../../src/core/clouds/aws/knowledge/matrix.json';
import services from '../../src/core/clouds/aws/knowledge/services.json';
import serviceModels from '../../src/core/clouds/aws/knowledge/service-models.json';
import properties from '../../src/core/clouds/aws/knowledge/properties.json';
import patterns from '../../src/core/clouds/aws/knowledge/patterns.json';
import lists from '../../src/core/clouds/aws/knowledge/lists.json';
import findings from '../../src/core/clouds/aws/knowledge/findings.json';
import matrixSchema from '../../src/core/clouds/aws/knowledge/schema/matrix.schema.json';
import servicesSchema from '../../src/core/clouds/aws/knowledge/schema/services.schema.json';
import propertiesSchema from '../../src/core/clouds/aws/knowledge/schema/properties.schema.json';
import patternsSchema from '../../src/core/clouds/aws/knowledge/schema/patterns.schema.json';
import listsSchema from '../../src/core/clouds/aws/knowledge/schema/lists.schema.json';
import type {
  ListsData,
  MatrixData,
  PatternRule,
  PatternsData,
  PropertiesData,
  ServicesData,
  ValueCondition,
} from '../../src/core/clouds/aws/knowledge/schema';

const matrixData = matrix as unknown as MatrixData;
const servicesData = services as unknown as ServicesData;
const propertiesData = properties as unknown as PropertiesData;
const patternsData = patterns as unknown as PatternsData;
const listsData = lists as unknown as ListsData;

const MODELS = ['infrastructure', 'container', 'abstracted'] as const;

/** Every value in a JSON tree, with its dotted location, for whole-file checks. */
function* walk(node: unknown, where: string): Generator<{ where: string; key: string; value: unknown }> {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* walk(item, `${where}[${index}]`);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      yield { where: `${where}.${key}`, key, value };
      yield* walk(value, `${where}.${key}`);
    }
  }
}

function conditionsOf(): { where: string; condition: ValueCondition }[] {
  const found: { where: string; condition: ValueCondition }[] = [];
  propertiesData.rules.forEach((rule, index) =>
    rule.byValue?.forEach((entry, at) =>
      entry.when.forEach((condition) => found.push({ where: `properties.rules[${index}].byValue[${at}]`, condition })),
    ),
  );
  return found;
}

/** First pattern whose name regex matches, as the analysis does (the `last` catch-all only when none does). */
function firstPattern(name: string): PatternRule | undefined {
  return patternsData.patterns.find((pattern) => !pattern.types && !pattern.last && new RegExp(pattern.name, 'i').test(name));
}

describe('knowledge data', () => {
  describe('matches its JSON schema', () => {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    const cases: [string, object, unknown][] = [
      ['matrix.json', matrixSchema, matrix],
      ['services.json', servicesSchema, services],
      ['properties.json', propertiesSchema, properties],
      ['patterns.json', patternsSchema, patterns],
      ['lists.json', listsSchema, lists],
    ];
    for (const [name, schema, data] of cases) {
      it(name, () => {
        const validate = ajv.compile(schema);
        const valid = validate(data);
        assert.ok(valid, `${name}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
      });
    }

    it('schemas reject unknown properties and bad enums', () => {
      const validate = ajv.compile(propertiesSchema);
      const rule = propertiesData.rules[0];
      assert.equal(validate({ rules: [{ ...rule, extra: true }] }), false);
      assert.equal(validate({ rules: [{ ...rule, owner: 'nobody' }] }), false);
      assert.equal(validate({ rules: [{ ...rule, row: 'no-such-row' }] }), false);
    });
  });

  describe('matrix', () => {
    it('has the 13 rows of the source table and the 2 rows from its prose', () => {
      assert.equal(matrixData.rows.filter((row) => row.origin === 'table').length, 13);
      assert.deepEqual(
        matrixData.rows.filter((row) => row.origin === 'prose').map((row) => row.id).sort(),
        ['custom-applications', 'customer-data'],
      );
      const ids = matrixData.rows.map((row) => row.id);
      assert.equal(new Set(ids).size, ids.length, 'row ids are unique');
    });

    it('keeps the owners the source table gives', () => {
      const owners = Object.fromEntries(matrixData.rows.map((row) => [row.id, row.sourceOwner]));
      assert.equal(owners['compliant-use'], 'both');
      assert.equal(owners['network-security'], 'both');
      for (const id of ['account-compromise', 'insecure-user-behaviour', 'configure-services', 'restrict-access', 'guest-os-patching']) {
        assert.equal(owners[id], 'customer', id);
      }
      for (const id of ['configure-managed-services', 'physical-access', 'environmental-security', 'database-patching', 'zero-day-protection', 'business-continuity']) {
        assert.equal(owners[id], 'aws', id);
      }
      assert.equal(owners['customer-data'], 'customer');
      assert.equal(owners['custom-applications'], 'customer');
    });

    it('splits patching by service model', () => {
      const row = (id: string) => matrixData.rows.find((candidate) => candidate.id === id)!;
      assert.deepEqual(MODELS.map((model) => row('guest-os-patching').byModel[model].owner), ['customer', 'aws', 'aws']);
      assert.deepEqual(MODELS.map((model) => row('database-patching').byModel[model].owner), ['customer', 'aws', 'aws']);
      assert.deepEqual(MODELS.map((model) => row('network-security').byModel[model].owner), ['shared', 'shared', 'shared']);
      for (const model of MODELS) assert.ok(row(model === 'infrastructure' ? 'physical-access' : 'zero-day-protection').byModel[model].owner === 'aws');
    });

    it('describes the three service models, each cell with sources', () => {
      assert.deepEqual(matrixData.models.map((model) => model.id).sort(), [...MODELS].sort());
      for (const row of matrixData.rows) {
        for (const model of MODELS) assert.ok(row.byModel[model].sources.length > 0, `${row.id}/${model} has sources`);
      }
    });
  });

  describe('cross references', () => {
    const rowIds = new Set<string>(matrixData.rows.map((row) => row.id));

    it('every row id used anywhere exists in matrix.json', () => {
      const used: { where: string; row: string }[] = [];
      propertiesData.rules.forEach((rule, index) => {
        used.push({ where: `properties.rules[${index}]`, row: rule.row });
        rule.byValue?.forEach((entry, at) => entry.row && used.push({ where: `properties.rules[${index}].byValue[${at}]`, row: entry.row }));
      });
      patternsData.patterns.forEach((pattern) => {
        if (pattern.row !== 'by-model' && pattern.row !== 'purpose') used.push({ where: `patterns.${pattern.id}`, row: pattern.row });
        if (pattern.databaseRow) used.push({ where: `patterns.${pattern.id}.databaseRow`, row: pattern.databaseRow });
        for (const model of MODELS) {
          const byModel = pattern.rowByModel?.[model];
          if (byModel) used.push({ where: `patterns.${pattern.id}.rowByModel.${model}`, row: byModel });
        }
      });
      findings.rules.forEach((rule) => used.push({ where: `findings.${rule.id}`, row: rule.row }));
      const unknown = used.filter((entry) => !rowIds.has(entry.row));
      assert.deepEqual(unknown, []);
    });

    it('by-model patterns give a row and an owner for every model', () => {
      for (const pattern of patternsData.patterns) {
        if (pattern.row === 'by-model') for (const model of MODELS) assert.ok(pattern.rowByModel?.[model], `${pattern.id} rowByModel.${model}`);
        if (pattern.owner === 'by-model') for (const model of MODELS) assert.ok(pattern.ownerByModel?.[model], `${pattern.id} ownerByModel.${model}`);
      }
    });

    it('every list named by an inList condition exists', () => {
      for (const { where, condition } of conditionsOf()) {
        if (condition.inList) assert.ok(listsData.lists[condition.inList], `${where}: list ${condition.inList}`);
      }
    });

    it('every curated resource type belongs to a curated service', () => {
      // Curated rules may cover services classified in service-models.json too (e.g. AutoMinorVersionUpgrade on Neptune).
      const allServices = [...Object.values(servicesData.services), ...Object.values((serviceModels as unknown as ServicesData).services)];
      const namespaces = new Set(allServices.flatMap((info) => info.namespaces));
      const types = new Set(allServices.flatMap((info) => info.types ?? []));
      for (const rule of propertiesData.rules) {
        for (const type of rule.types) {
          if (type.includes('*')) continue;
          // Kubernetes kinds are attributed to Amazon EKS by src/core/formats/kubernetes/analyze.ts, not by namespace.
          if (type.startsWith('Kubernetes::')) {
            assert.ok(servicesData.services.eks, 'eks service for Kubernetes kinds');
            continue;
          }
          const namespace = type.split('::').slice(0, 2).join('::');
          assert.ok(types.has(type) || namespaces.has(namespace), `no service for ${type}`);
        }
      }
    });
  });

  describe('regular expressions', () => {
    it('every regex compiles', () => {
      for (const pattern of patternsData.patterns) assert.doesNotThrow(() => new RegExp(pattern.name, 'i'), pattern.id);
      for (const { where, condition } of conditionsOf()) {
        if (condition.matches !== undefined) assert.doesNotThrow(() => new RegExp(condition.matches!, 'i'), where);
      }
      for (const { where, key, value } of walk(findings, 'findings')) {
        if (key === 'matches' && typeof value === 'string') assert.doesNotThrow(() => new RegExp(value, 'i'), where);
      }
    });

    it('pattern ids are unique', () => {
      const ids = patternsData.patterns.map((pattern) => pattern.id);
      assert.equal(new Set(ids).size, ids.length);
    });

    const expected: Record<string, string> = {
      KmsKeyId: 'customer-data',
      SSESpecification: 'customer-data',
      StorageEncrypted: 'customer-data',
      SqsManagedSseEnabled: 'customer-data',
      MasterUserPassword: 'customer-data',
      CidrIp: 'network-security',
      CidrIpv6: 'network-security',
      PubliclyAccessible: 'network-security',
      SslPolicy: 'network-security',
      ViewerProtocolPolicy: 'network-security',
      EndpointPublicAccess: 'network-security',
      SecurityGroupIds: 'network-security',
      RoleArn: 'restrict-access',
      AuthorizationType: 'restrict-access',
      PolicyDocument: 'restrict-access',
      ManagedPolicyArns: 'restrict-access',
      Principal: 'restrict-access',
      LoggingConfiguration: 'account-compromise',
      EnableLogFileValidation: 'account-compromise',
      TracingConfig: 'account-compromise',
      EngineVersion: 'by-model',
      PreferredMaintenanceWindow: 'by-model',
      AutoMinorVersionUpgrade: 'by-model',
      BackupRetentionPeriod: 'business-continuity',
      MultiAZ: 'business-continuity',
      DeletionProtection: 'business-continuity',
      PointInTimeRecoverySpecification: 'business-continuity',
      Tags: 'compliant-use',
    };
    for (const [name, row] of Object.entries(expected)) {
      it(`"${name}" → ${row}`, () => assert.equal(firstPattern(name)?.row, row));
    }

    // Names that generalise across services since the spec-wide patterns (issue 3); type-scoped patterns are tested in knowledge-spec.test.ts.
    // Names, identifiers and descriptions take the row of what their resource is for ("purpose", issue 16).
    const general: Record<string, string> = {
      Description: 'purpose',
      BucketName: 'purpose',
      FunctionName: 'purpose',
      Namespace: 'purpose',
      KeyName: 'restrict-access',
      Ec2KeyName: 'restrict-access',
      KeyPairName: 'restrict-access',
      ImageId: 'guest-os-patching',
      CustomAmiId: 'guest-os-patching',
      InstanceType: 'business-continuity',
      Timeout: 'business-continuity',
      RedrivePolicy: 'business-continuity',
      AvailabilityZones: 'business-continuity',
      ReplicationGroupId: 'purpose',
      ContainerDefinitions: 'custom-applications',
      AlarmActions: 'account-compromise',
      VpcId: 'network-security',
    };
    for (const [name, row] of Object.entries(general)) {
      it(`"${name}" → ${row} (spec-wide pattern)`, () => assert.equal(firstPattern(name)?.row, row));
    }

    for (const name of ['Version', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition', 'Metadata', 'Enabled', 'Mode']) {
      it(`"${name}" matches no pattern`, () => assert.equal(firstPattern(name), undefined, firstPattern(name)?.id));
    }

    it('patching patterns follow the service model; only database services land in database patching', () => {
      const pattern = firstPattern('EngineVersion')!;
      assert.deepEqual(pattern.ownerByModel, { infrastructure: 'customer', container: 'shared', abstracted: 'shared' });
      assert.deepEqual(pattern.rowByModel, { infrastructure: 'guest-os-patching', container: 'guest-os-patching', abstracted: 'guest-os-patching' });
      assert.equal(pattern.databaseRow, 'database-patching');
      // Images are not engine versions (issue 16): they have their own pattern and never land in database patching.
      assert.notEqual(firstPattern('ImageId')?.id, pattern.id);
      assert.equal(firstPattern('ImageId')?.row, 'guest-os-patching');
    });

    it('a name never lands in customer data by itself (the "Name" catch-all is gone)', () => {
      for (const name of ['Name', 'FunctionName', 'QueueName', 'Description', 'LogGroupName', 'ACLName', 'StageName']) {
        assert.notEqual(firstPattern(name)?.row, 'customer-data', name);
      }
    });

    it('the catch-all takes the row of what the resource is for and runs last', () => {
      const last = patternsData.patterns.filter((pattern) => pattern.last);
      assert.deepEqual(last.map((pattern) => [pattern.id, pattern.row]), [['resource-purpose', 'purpose']]);
      assert.equal(patternsData.patterns[patternsData.patterns.length - 1].last, true);
    });
  });

  describe('sources', () => {
    const files: [string, unknown][] = [
      ['matrix', matrix],
      ['services', services],
      ['properties', properties],
      ['patterns', patterns],
      ['lists', lists],
    ];

    it('every source url is https', () => {
      const bad: string[] = [];
      for (const [name, data] of files) {
        for (const { where, key, value } of walk(data, name)) {
          if ((key === 'url' || key === 'docUrl') && (typeof value !== 'string' || !value.startsWith('https://'))) bad.push(`${where}: ${String(value)}`);
        }
      }
      assert.deepEqual(bad, []);
    });

    it('every curated rule and pattern cites at least one source', () => {
      propertiesData.rules.forEach((rule, index) => assert.ok(rule.sources.length > 0, `properties.rules[${index}]`));
      patternsData.patterns.forEach((pattern) => assert.ok(pattern.sources.length > 0, pattern.id));
    });

    it('control ids name their framework', () => {
      for (const { where, key, value } of walk(properties, 'properties')) {
        if (key !== 'controls') continue;
        for (const control of value as string[]) assert.match(control, /^SecurityHub [A-Za-z][A-Za-z0-9]*\.\d+$/, where);
      }
    });
  });

  describe('services', () => {
    it("every curated service's namespaces and types are unique across services", () => {
      const seen = new Map<string, string>();
      const clashes: string[] = [];
      for (const [id, info] of Object.entries(servicesData.services)) {
        if (!info.curated) continue;
        for (const key of [...info.namespaces.map((n) => `namespace ${n}`), ...(info.types ?? []).map((t) => `type ${t}`)]) {
          const other = seen.get(key);
          if (other) clashes.push(`${key} in ${other} and ${id}`);
          seen.set(key, id);
        }
      }
      assert.deepEqual(clashes, []);
    });

    it('every AWS::Serverless type ends up with a service', () => {
      const owners = Object.entries(servicesData.services);
      for (const type of ['AWS::Serverless::Function', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi', 'AWS::Serverless::SimpleTable', 'AWS::Serverless::LayerVersion', 'AWS::Serverless::StateMachine', 'AWS::Serverless::Application', 'AWS::Serverless::Connector', 'AWS::Serverless::GraphQLApi']) {
        const byType = owners.find(([, info]) => info.types?.includes(type));
        const byNamespace = owners.find(([, info]) => info.namespaces.includes('AWS::Serverless'));
        assert.ok(byType ?? byNamespace, type);
      }
    });

    it('security docs live on docs.aws.amazon.com', () => {
      for (const [id, info] of Object.entries(servicesData.services)) {
        assert.match(info.securityDoc.url, /^https:\/\/docs\.aws\.amazon\.com\//, id);
      }
    });
  });

  describe('acceptance examples', () => {
    const rulesFor = (type: string, path: string) =>
      propertiesData.rules.filter((rule) => rule.types.some((t) => t === type || t === '*' || (t.endsWith('*') && type.startsWith(t.slice(0, -1)))) && rule.paths.includes(path));

    const cases: [string, string, string, string][] = [
      ['AWS::EC2::Instance', 'Properties.ImageId', 'customer', 'guest-os-patching'],
      ['AWS::RDS::DBInstance', 'Properties.EngineVersion', 'aws', 'database-patching'],
      ['AWS::RDS::DBCluster', 'Properties.AutoMinorVersionUpgrade', 'aws', 'database-patching'],
      ['AWS::RDS::DBInstance', 'Properties.StorageEncrypted', 'customer', 'customer-data'],
      ['AWS::EC2::SecurityGroup', 'Properties.SecurityGroupIngress[].CidrIp', 'customer', 'network-security'],
      ['AWS::EC2::SecurityGroupIngress', 'Properties.CidrIp', 'customer', 'network-security'],
      ['AWS::RDS::DBInstance', 'Properties.PubliclyAccessible', 'customer', 'network-security'],
      ['AWS::Lambda::Function', 'Properties.Runtime', 'aws', 'guest-os-patching'],
      ['AWS::Serverless::Function', 'Properties.Runtime', 'aws', 'guest-os-patching'],
      ['AWS::CloudTrail::Trail', 'Properties.EnableLogFileValidation', 'customer', 'account-compromise'],
      ['AWS::DynamoDB::Table', 'Properties.DeletionProtectionEnabled', 'customer', 'business-continuity'],
      ['AWS::EKS::Cluster', 'Properties.Version', 'shared', 'guest-os-patching'],
      ['AWS::KMS::Key', 'Properties.EnableKeyRotation', 'customer', 'customer-data'],
    ];
    for (const [type, path, owner, row] of cases) {
      it(`${type} ${path} → ${owner} / ${row}`, () => {
        const rule = rulesFor(type, path)[0];
        assert.ok(rule, 'a curated rule exists');
        assert.equal(rule.owner, owner);
        assert.equal(rule.row, row);
      });
    }

    it('value overrides hand patching back to the customer', () => {
      const rds = rulesFor('AWS::RDS::DBInstance', 'Properties.AutoMinorVersionUpgrade')[0];
      assert.ok(rds.byValue?.some((entry) => entry.owner === 'customer' && entry.when.some((c) => c.path === 'Properties.AutoMinorVersionUpgrade' && c.equals === false)));
      assert.ok(rds.byValue?.some((entry) => entry.owner === 'customer' && entry.when.some((c) => c.path === 'Properties.CustomIAMInstanceProfile')));
      const runtime = rulesFor('AWS::Lambda::Function', 'Properties.Runtime')[0];
      assert.ok(runtime.byValue?.some((entry) => entry.owner === 'customer' && entry.when.some((c) => c.inList === 'deprecated-lambda-runtimes')));
      assert.ok(runtime.byValue?.some((entry) => entry.owner === 'customer' && entry.when.some((c) => c.equals === 'Manual')));
      const nodes = rulesFor('AWS::EKS::Nodegroup', 'Properties.AmiType')[0];
      assert.ok(nodes.byValue?.some((entry) => entry.owner === 'customer' && entry.when.some((c) => c.equals === 'CUSTOM')));
    });

    it('deprecated Lambda runtimes are dated entries in effect on asOf, supported ones are not', () => {
      const list = listsData.lists['deprecated-lambda-runtimes'];
      const deprecated = (runtime: string) => list.entries!.some((entry) => entry.value === runtime && entry.date <= list.asOf!);
      for (const runtime of ['nodejs12.x', 'nodejs16.x', 'nodejs20.x', 'python2.7', 'python3.8', 'python3.10', 'dotnetcore3.1', 'dotnet8', 'ruby2.7', 'ruby3.2', 'go1.x', 'java8']) {
        assert.ok(deprecated(runtime), runtime);
      }
      // Amazon Linux 2 runtimes whose deprecation AWS moved to 2027, checked against the language pages.
      for (const runtime of ['nodejs22.x', 'nodejs24.x', 'python3.11', 'python3.12', 'python3.13', 'java21', 'java8.al2', 'java11', 'java17', 'provided.al2023']) {
        assert.ok(!deprecated(runtime), runtime);
      }
      assert.equal(list.asOf, '2026-11-29');
    });

    it('every dated list entry has a date and a source, and no value twice', () => {
      for (const [name, list] of Object.entries(listsData.lists)) {
        assert.ok(list.values || (list.entries && list.asOf), name);
        const seen = new Set<string>();
        for (const entry of list.entries ?? []) {
          assert.match(entry.date, /^\d{4}-\d{2}-\d{2}$/, `${name} ${entry.value}`);
          assert.ok(!Number.isNaN(Date.parse(entry.date)), `${name} ${entry.value} has a real date`);
          assert.match(entry.source.url, /^https:\/\/docs\.aws\.amazon\.com\//, `${name} ${entry.value} cites an AWS page`);
          assert.ok(entry.source.title, `${name} ${entry.value}`);
          assert.ok(!seen.has(entry.value), `${name} ${entry.value} twice`);
          seen.add(entry.value);
        }
      }
    });
  });
});
