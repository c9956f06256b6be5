import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse as parseYamlValue } from 'yaml';
import { applyConfig, parseConfig } from '../../src/core/engine/config';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { analyze } from '../../src/core';
import { analyzeFixture, ROOT, setting } from './helpers';

const RISKY = 'examples/cloudformation/risky-stack.yaml';

function errorsOf(text: string, fileName = '.responsibility-lens.yaml') {
  const result = parseConfig(text, fileName);
  return result.errors.map((error) => ({ at: text.slice(error.span.offset, error.span.offset + Math.max(1, error.span.length)), message: error.message }));
}

describe('organisation config (.responsibility-lens.yaml)', () => {
  it('parses a full file in YAML and in JSON', () => {
    const yaml = `team: platform team
include: ["**/*.yaml", "**/*.tf"]
exclude: ["cdk.out/**"]
overrides:
  - type: AWS::S3::Bucket
    property: Properties.BucketEncryption.**
    owner: shared
    rationale: Our platform team encrypts every bucket through a service control policy.
  - rule: rds-storage-unencrypted
    severity: error
`;
    const result = parseConfig(yaml, '/repo/.responsibility-lens.yaml');
    assert.deepEqual(result.errors, []);
    assert.equal(result.config!.file, '.responsibility-lens.yaml');
    assert.equal(result.config!.team, 'platform team');
    assert.deepEqual(result.config!.include, ['**/*.yaml', '**/*.tf']);
    assert.deepEqual(result.config!.exclude, ['cdk.out/**']);
    assert.equal(result.config!.overrides.length, 2);
    assert.deepEqual(result.config!.overrides[1], { index: 1, rule: 'rds-storage-unencrypted', severity: 'error' });
    const json = parseConfig(JSON.stringify(parseYamlValue(yaml)), '.responsibility-lens.json');
    assert.deepEqual(json.errors, []);
    assert.deepEqual({ ...json.config, file: '' }, { ...result.config, file: '' });
    assert.deepEqual(parseConfig('', '.responsibility-lens.yaml'), { config: { file: '.responsibility-lens.yaml', include: [], exclude: [], overrides: [] }, errors: [] });
  });

  it('reports each mistake at its key or value, and applies nothing from a bad file', () => {
    const text = `team: platform
overides: []
overrides:
  - type: AWS::S3::Bucket
    owner: customers
  - property: Properties.X
  - rule: Bad Rule
    severity: off
  - rule: literal-secret
    owner: aws
include: "**/*.yaml"
`;
    const errors = errorsOf(text);
    const result = parseConfig(text, '.responsibility-lens.yaml');
    assert.equal(result.config, undefined);
    const find = (pattern: RegExp) => errors.find((error) => pattern.test(error.message));
    assert.equal(find(/Unknown key `overides`/)?.at, 'overides');
    assert.match(find(/Unknown key `overides`/)!.message, /did you mean `overrides`/);
    assert.equal(find(/owner must be one of customer, aws, shared; got "customers"/)?.at, 'customers');
    assert.ok(find(/overrides\[1\] changes nothing/));
    assert.equal(find(/overrides\[2\]\.rule must be a finding rule id/)?.at, 'Bad Rule');
    assert.ok(find(/overrides\[3\] has both rule and owner/));
    assert.equal(find(/`include` must be a list/)?.at, '"**/*.yaml"');
    assert.equal(errors.filter((error) => /overrides\[0\]/.test(error.message)).length, 1, 'a bad value is reported once');
  });

  it('a syntax error is one error with its position; JSON files are parsed as JSON', () => {
    const yamlErrors = parseConfig('team: [unclosed\n', '.responsibility-lens.yaml').errors;
    assert.equal(yamlErrors.length, 1);
    assert.match(yamlErrors[0].message, /YAML syntax error/);
    const jsonErrors = parseConfig('{"team": "x",, }', '.responsibility-lens.json').errors;
    assert.equal(jsonErrors.length, 1);
    assert.equal(parseConfig('- a\n- b\n', '.responsibility-lens.yaml').errors[0].message, 'The configuration must be a map with keys such as team, include, exclude and overrides.');
  });

  describe('the hand validator and schemas/responsibility-lens.schema.json agree', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/responsibility-lens.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const examples: [string, unknown][] = [
      ['empty map', {}],
      ['team only', { team: 'platform team' }],
      ['globs', { include: ['**/*.yaml'], exclude: ['cdk.out/**', 'build/**'] }],
      ['type wildcard', { overrides: [{ type: 'AWS::EC2::*', owner: 'customer' }] }],
      ['any type', { overrides: [{ type: '*', property: 'Properties.Tags.**', team: 'finops' }] }],
      ['property with list', { overrides: [{ property: 'Properties.SecurityGroupIngress[].CidrIp', severity: 'off' }] }],
      ['rule severity', { overrides: [{ rule: 'literal-secret', severity: 'warning' }] }],
      ['rule with rationale', { overrides: [{ rule: 'sqs-sse-off', type: 'AWS::SQS::Queue', severity: 'info', rationale: 'test queues' }] }],
      ['$schema key', { $schema: './schemas/responsibility-lens.schema.json', team: 't' }],
      ['unknown top key', { teams: 'x' }],
      ['unknown override key', { overrides: [{ type: 'AWS::S3::Bucket', owner: 'aws', why: 'x' }] }],
      ['bad owner', { overrides: [{ type: 'AWS::S3::Bucket', owner: 'me' }] }],
      ['bad severity', { overrides: [{ rule: 'x', severity: 'critical' }] }],
      ['no selector', { overrides: [{ owner: 'aws' }] }],
      ['no effect', { overrides: [{ type: 'AWS::S3::Bucket' }] }],
      ['rule and owner', { overrides: [{ rule: 'literal-secret', owner: 'aws' }] }],
      ['bad type', { overrides: [{ type: 'S3 bucket', owner: 'aws' }] }],
      ['bad property', { overrides: [{ property: 'Properties..X', owner: 'aws' }] }],
      ['bad rule id', { overrides: [{ rule: 'Literal Secret', severity: 'off' }] }],
      ['empty team', { team: ' ' }],
      ['team not text', { team: 3 }],
      ['include not list', { include: '**/*.yaml' }],
      ['include item empty', { include: [''] }],
      ['overrides not list', { overrides: { type: 'AWS::S3::Bucket' } }],
      ['override not map', { overrides: ['AWS::S3::Bucket'] }],
      ['root is a list', ['team']],
    ];
    for (const [name, value] of examples) {
      it(name, () => {
        const handValid = parseConfig(JSON.stringify(value), '.responsibility-lens.json').errors.length === 0;
        assert.equal(handValid, validate(value), `hand validator ${handValid}, schema ${!handValid}: ${JSON.stringify(validate.errors)}`);
      });
    }
  });

  it('package.json contributes the schema for both file names', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const yaml = manifest.contributes.yamlValidation?.find((entry: { fileMatch: string | string[] }) => [entry.fileMatch].flat().includes('.responsibility-lens.yaml'));
    const json = manifest.contributes.jsonValidation?.find((entry: { fileMatch: string | string[] }) => [entry.fileMatch].flat().includes('.responsibility-lens.json'));
    assert.equal(yaml?.url, './schemas/responsibility-lens.schema.json');
    assert.equal(json?.url, './schemas/responsibility-lens.schema.json');
  });

  describe('applyConfig', () => {
    it('changes owner and rationale, names the team and says where the override came from', () => {
      const { text, analysis } = analyzeFixture(RISKY);
      const { config } = parseConfig(
        `team: platform team
overrides:
  - type: AWS::RDS::*
    property: Properties.StorageEncrypted
    owner: shared
    rationale: Our database platform encrypts storage through a service control policy.
    team: data platform
  - type: AWS::SQS::Queue
    owner: aws
`,
        '.responsibility-lens.yaml',
      );
      const changed = applyConfig(analysis, config);
      assert.notEqual(changed, analysis, 'a new analysis');
      const before = setting(analysis, 'OrdersDatabase', 'Properties.StorageEncrypted');
      const after = setting(changed, 'OrdersDatabase', 'Properties.StorageEncrypted');
      assert.equal(before.attribution.owner, 'customer', 'the original is untouched');
      assert.equal(after.attribution.owner, 'shared');
      assert.equal(after.attribution.team, 'data platform');
      assert.equal(after.attribution.override, '.responsibility-lens.yaml overrides[0]');
      assert.match(after.attribution.rationale, /service control policy/);
      const other = setting(changed, 'OrdersDatabase', 'Properties.PubliclyAccessible');
      assert.equal(other.attribution.team, 'platform team', 'the file-wide team applies where no override names one');
      assert.equal(other.attribution.override, undefined);
      const queue = changed.settings.filter((candidate) => candidate.resourceType === 'AWS::SQS::Queue');
      assert.ok(queue.length > 0);
      for (const candidate of queue) {
        assert.equal(candidate.attribution.owner, 'aws');
        assert.equal(candidate.attribution.team, undefined, 'no team on AWS-owned settings');
        assert.equal(candidate.attribution.override, '.responsibility-lens.yaml overrides[1]');
      }

      const hover = hoverMarkdown(changed, after.key.offset + 1, text)!;
      assert.match(hover, /\*\*Shared\*\* — data platform · /);
      assert.match(hover, /Organisation override: \\\.responsibility\\-lens\\\.yaml overrides\\\[0\\\]/);
      const plain = hoverMarkdown(changed, other.key.offset + 1, text)!;
      assert.match(plain, /\*\*Customer\*\* — platform team · /);
    });

    it('re-grades findings by rule, type or property, and drops them with severity off', () => {
      const { analysis } = analyzeFixture(RISKY);
      const { config } = parseConfig(
        `overrides:
  - rule: rds-publicly-accessible
    severity: warning
  - rule: literal-secret
    type: AWS::Lambda::Function
    severity: "off"
  - type: AWS::SQS::Queue
    property: Properties.SqsManagedSseEnabled
    severity: info
`,
        '.responsibility-lens.yaml',
      );
      const changed = applyConfig(analysis, config);
      const of = (a: typeof analysis, rule: string) => a.findings.filter((finding) => finding.ruleId === rule);
      assert.equal(of(changed, 'rds-publicly-accessible')[0].severity, 'warning');
      assert.equal(of(changed, 'rds-publicly-accessible')[0].override, '.responsibility-lens.yaml overrides[0]');
      assert.equal(of(analysis, 'literal-secret').filter((finding) => finding.resourceType === 'AWS::Lambda::Function').length, 2);
      assert.deepEqual(
        of(changed, 'literal-secret').map((finding) => finding.resourceType),
        of(analysis, 'literal-secret').filter((finding) => finding.resourceType !== 'AWS::Lambda::Function').map((finding) => finding.resourceType),
      );
      assert.equal(of(changed, 'sqs-sse-off')[0].severity, 'info');
      assert.equal(changed.findings.length, analysis.findings.length - 2);
    });

    it('returns the analysis unchanged without a config or with an empty one', () => {
      // Any analysis with a resource and a setting will do: the whole example would only add cost.
      const analysis = analyze('Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: false\n', 'template.yaml');
      assert.ok(analysis.resources.length && analysis.settings.length && analysis.findings.length);
      assert.equal(applyConfig(analysis, undefined), analysis);
      assert.equal(applyConfig(analysis, parseConfig('', 'x.yaml').config), analysis);
    });
  });
});
