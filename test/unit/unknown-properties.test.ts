import assert from 'node:assert/strict';
import { analyze, propertyCompletions } from '../../src/core';
import { applyEdits } from '../../src/core/engine/edits';
import { setSpecDocsProvider } from '../../src/core/clouds/aws/specDocs';
import { readFixture } from './helpers';

const HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\n';
const unknown = (text: string, name = 't.yaml') => analyze(text, name).findings.filter((f) => f.ruleId === 'unknown-property');

describe('unknown properties of known CloudFormation types', () => {
  it('the issue’s misspellings: a warning on the key with a “did you mean” fix that renames it', () => {
    const text = `${HEAD}Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncripted: false\n      PubliclyAcessible: true\n      ManageMasterUserPassword: true\n      DeletionProtection: true\n      EnableCloudwatchLogsExports: [error]\n`;
    const found = unknown(text);
    assert.deepEqual(found.map((f) => [f.severity, text.slice(f.span.offset, f.span.offset + f.span.length)]), [['warning', 'StorageEncripted'], ['warning', 'PubliclyAcessible']]);
    assert.match(found[0].message, /^Did you mean StorageEncrypted\? Rename it: AWS::RDS::DBInstance has no property StorageEncripted in the CloudFormation spec/);
    assert.equal(found[0].fix!.title, 'Rename StorageEncripted to StorageEncrypted (replaces the resource)', 'the rename sets StorageEncrypted, which replaces a database');
    assert.equal(found[1].fix!.title, 'Rename PubliclyAcessible to PubliclyAccessible');
    assert.ok(found.every((f) => !f.fix!.preferred));
    const fixed = applyEdits(text, found.flatMap((f) => f.fix!.edits));
    assert.ok(fixed.includes('StorageEncrypted: false') && fixed.includes('PubliclyAccessible: true'));
    const after = analyze(fixed, 't.yaml').findings.map((f) => f.ruleId).sort();
    assert.deepEqual(after, ['rds-publicly-accessible', 'rds-storage-unencrypted'], 'the typos hid two real findings');
  });

  it('JSON keeps the key’s quotes; a name close to nothing gets a warning without a fix', () => {
    const text = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueNme": "jobs", "Frobnicate": 1}}}}';
    const found = unknown(text, 't.json');
    assert.equal(found.length, 2);
    assert.equal(applyEdits(text, found[0].fix!.edits), text.replace('"QueueNme"', '"QueueName"'));
    assert.equal(found[1].fix, undefined);
    assert.match(found[1].message, /^Check the name Frobnicate: AWS::SQS::Queue has no property Frobnicate/);
  });

  it('never flags what the spec does not cover: custom resources, SAM, Fn:: keys, deploy-time maps, macros, broken files, Metadata', () => {
    const quiet = [
      `${HEAD}Resources:\n  Seed:\n    Type: Custom::Seed\n    Properties:\n      ServiceToken: arn\n      Anything: 1\n  Raw:\n    Type: AWS::CloudFormation::CustomResource\n    Properties:\n      ServiceToken: arn\n      Whatever: 2\n`,
      `${HEAD}Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      AccessLogSettings:\n        DestinationArn: arn\n        Format: x\n`,
      `${HEAD}Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Fn::Transform:\n        Name: AWS::Include\n        Parameters:\n          Location: s3://bucket/queue.yaml\n`,
      `${HEAD}Conditions:\n  C: !Equals [a, b]\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: !If [C, {QueueName: a}, {Unknown: b}]\n`,
      `${HEAD}Transform: MyMacro\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      MacroOnlyProperty: 1\n`,
      `${HEAD}Transform: [AWS::LanguageExtensions, MyMacro]\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      MacroOnlyProperty: 1\n`,
      `${HEAD}Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n      Anything: 1\n    Properties:\n      QueueName: a\n      Broken: [\n`,
      `${HEAD}Resources:\n  Q:\n    Type: Vendor::Made::Up\n    Properties:\n      Anything: 1\n`,
    ];
    for (const text of quiet) assert.deepEqual(unknown(text), [], text);
    // AWS::LanguageExtensions alone rewrites no property names: still checked.
    assert.equal(unknown(`${HEAD}Transform: AWS::LanguageExtensions\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueNme: a\n`).length, 1);
  });

  it('the hardened and risky examples have no unknown property', () => {
    for (const file of ['examples/cloudformation/hardened-stack.yaml', 'examples/cloudformation/risky-stack.yaml', 'test/fixtures/templates/risky-stack.json', 'test/fixtures/sam/template.yaml']) {
      assert.deepEqual(unknown(readFixture(file), file), [], file);
    }
  });
});

describe('property-name completion (CloudFormation)', () => {
  const yaml = `${HEAD}Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      Stor\n  Other:\n    Type: AWS::SQS::Queue\n`;

  it('offers the type’s properties that start with what was typed, not the ones already set, with the spec’s documentation', () => {
    setSpecDocsProvider(() => ({ source: { package: 'p', version: '1' }, docs: { 'AWS::RDS::DBInstance': { StorageEncrypted: 'A value that indicates whether the DB instance is encrypted.' } } }));
    try {
      const offset = yaml.indexOf('Stor') + 4;
      const items = propertyCompletions(yaml, offset);
      assert.ok(items.some((item) => item.label === 'StorageEncrypted'));
      assert.ok(items.every((item) => item.label.startsWith('Stor')));
      const encrypted = items.find((item) => item.label === 'StorageEncrypted')!;
      assert.equal(encrypted.insertText, 'StorageEncrypted: ');
      assert.deepEqual(encrypted.replace, { offset: yaml.indexOf('Stor'), length: 4 });
      assert.equal(encrypted.documentation, 'A value that indicates whether the DB instance is encrypted.');
      assert.equal(encrypted.detail, 'AWS::RDS::DBInstance property');
      const empty = `${HEAD}Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      \n`;
      const all = propertyCompletions(empty, empty.lastIndexOf('      ') + 6).map((item) => item.label);
      assert.ok(all.includes('StorageEncrypted') && !all.includes('Engine'), 'Engine is set already');
    } finally {
      setSpecDocsProvider(undefined);
    }
  });

  it('offers nothing on a value, outside Properties, or for custom resources', () => {
    assert.deepEqual(propertyCompletions(yaml, yaml.indexOf('postgres') + 3), []);
    assert.deepEqual(propertyCompletions(yaml, yaml.indexOf('Type: AWS::RDS') + 2), []);
    const custom = `${HEAD}Resources:\n  Seed:\n    Type: Custom::Seed\n    Properties:\n      Se\n`;
    assert.deepEqual(propertyCompletions(custom, custom.indexOf('Se\n') + 2), []);
  });

  it('JSON: at a key under Properties, with quotes', () => {
    const json = '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "a", "Kms"}}}}';
    const items = propertyCompletions(json, json.indexOf('"Kms"') + 4);
    assert.deepEqual(items.map((item) => item.label).sort(), ['KmsDataKeyReusePeriodSeconds', 'KmsMasterKeyId']);
    assert.equal(items[0].insertText.startsWith('"Kms'), true);
  });
});
