/**
 * What a hover card says about how sure an attribution is, and how CSV cells are written (the
 * spreadsheet a CSV report is opened in must never run a cell as a formula).
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { CSV_COLUMNS, csvCell, csvReport } from '../../src/core/reports/csv';
import { resourceCard, settingCard } from '../../src/core/reports/hover';
import { fileReport } from '../../src/core/reports/report';
import { setting } from './helpers';

const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  B:',
  '    Type: AWS::S3::Bucket',
  '    Properties:',
  '      ZqThing: 1',
  '      BucketName: x',
  '  W:',
  '    Type: AWS::Imaginary::Widget',
  '    Properties:',
  '      Colour: blue',
  '  Db:',
  '    Type: AWS::RDS::DBInstance',
  '    Properties:',
  '      StorageEncrypted: true',
  '',
].join('\n');
const analysis = analyze(TEMPLATE, 't.yaml');
const card = (resource: string, path: string) => settingCard(setting(analysis, resource, path), TEMPLATE);

const FALLBACK = '_Generic attribution: no curated or pattern rule covers this setting yet._';
const PURPOSE = '_Derived from what this resource is for: no rule or name pattern covers the setting itself._';
const NAME = '_Derived from the setting’s name; not individually curated._';

describe('hover cards say how an attribution was reached', () => {
  it('curated: no note', () => {
    const text = card('Db', 'Properties.StorageEncrypted');
    for (const note of [FALLBACK, PURPOSE, NAME]) assert.ok(!text.includes(note), note);
    assert.match(text, /^\$\(account\) \*\*Customer\*\* · /);
    assert.match(text, /`StorageEncrypted` on `AWS::RDS::DBInstance` · /);
  });

  it('derived from the name, from what the resource is for, or generic: one note each', () => {
    const byName = card('B', 'Properties.BucketName');
    assert.ok(byName.includes(NAME) && !byName.includes(PURPOSE) && !byName.includes(FALLBACK));
    const byPurpose = card('B', 'Properties.ZqThing');
    assert.ok(byPurpose.includes(PURPOSE) && !byPurpose.includes(NAME) && !byPurpose.includes(FALLBACK));
    const generic = card('W', 'Properties.Colour');
    assert.ok(generic.includes(FALLBACK) && !generic.includes(NAME) && !generic.includes(PURPOSE));
  });

  it('a row from the article’s prose says so; the setting’s key is shown without quotes', () => {
    const text = card('B', 'Properties.ZqThing');
    assert.match(text, /_Protecting customer data stored in AWS .*: a duty the source states in its text, not a row of its table\._/);
    const json = '{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "x"}}}}';
    const jsonAnalysis = analyze(json, 't.json');
    assert.match(settingCard(setting(jsonAnalysis, 'B', 'Properties.BucketName'), json), /^`BucketName` on `AWS::S3::Bucket`/m);
  });

  it('a resource of an unclassified service says its model is generic and counts its settings', () => {
    const widget = resourceCard(analysis.resources.find((resource) => resource.logicalId === 'W')!, analysis);
    assert.match(widget, /^\*\*W\*\* · `AWS::Imaginary::Widget`/);
    assert.match(widget, /^imaginary · \*\*abstracted\*\* model _\(generic: this service is not classified yet\)_$/m);
    assert.match(widget, /^Settings here: Customer 1 · Shared 0 · AWS 0$/m);
    const bucket = resourceCard(analysis.resources.find((resource) => resource.logicalId === 'B')!, analysis);
    assert.doesNotMatch(bucket, /generic: this service is not classified/);
    assert.match(bucket, /^Settings here: Customer 2 · Shared 0 · AWS 0$/m);
  });
});

describe('CSV cells and records', () => {
  it('a cell that a spreadsheet would run as a formula is prefixed with a quote', () => {
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) assert.ok(csvCell(formula).replace(/^"/, '').startsWith(`'${formula[0]}`), JSON.stringify(formula));
    assert.equal(csvCell('a-b=c'), 'a-b=c', 'only a leading character counts');
  });

  it('commas, quotes and line breaks are quoted; numbers and missing values are plain', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('one\ntwo'), '"one\ntwo"');
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell(42), '42');
    assert.equal(csvCell(undefined), '');
  });

  it('one record per setting, then per finding, then per suppressed finding', () => {
    const report = { version: 1 as const, files: [fileReport('t.yaml', TEMPLATE, analysis)] };
    const csv = csvReport(report, { suppressed: [{ path: 't.yaml', line: 3, ruleId: 'rds-minor-upgrade-off', reason: 'vendor, pinned' }] });
    assert.ok(csv.endsWith('\r\n'), 'records end with CRLF, as RFC 4180 has them');
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], CSV_COLUMNS.join(','));
    const records = lines.slice(1).map((line) => line.split(',')[0]);
    assert.deepEqual(records, [...analysis.settings.map(() => 'setting'), ...analysis.findings.map(() => 'finding'), 'suppressed']);
    const first = lines[1].split(',');
    const at = (column: string) => first[CSV_COLUMNS.indexOf(column as (typeof CSV_COLUMNS)[number])];
    assert.deepEqual([at('file'), at('line'), at('column'), at('resource'), at('key'), at('owner')], ['t.yaml', '6', '7', 'B', 'Properties.ZqThing', 'customer']);
    assert.match(lines.at(-1)!, /^suppressed,t\.yaml,3,.*rds-minor-upgrade-off.*"vendor, pinned"$/);
  });
});
