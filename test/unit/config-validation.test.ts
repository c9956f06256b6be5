/**
 * What a user sees for each mistake in a .responsibility-lens.yaml (the exact
 * message and where it points), the limits at their boundaries, and what
 * applyConfig changes and counts, case by case on a small template.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { applyConfig, canWeaken, CONFIG_LIMITS, layerConfigs, parseConfig, type ConfigTally, type OrgConfig } from '../../src/core/engine/config';
import type { Analysis } from '../../src/core/types';

/** Each error as the text it points at (at least one character) and its message. */
function problems(text: string, fileName = '.responsibility-lens.yaml') {
  const result = parseConfig(text, fileName);
  return result.errors.map((error) => ({ at: text.slice(error.span.offset, error.span.offset + Math.max(1, error.span.length)), message: error.message }));
}

function config(text: string, file = '.responsibility-lens.yaml'): OrgConfig {
  const result = parseConfig(text, file);
  assert.deepEqual(result.errors, []);
  return result.config!;
}

describe('config validation: the message and place of each mistake', () => {
  const cases: [string, string, { at: string; message: string }[]][] = [
    ['an unknown top-level key, with the nearest allowed one', 'teams: x\n', [{ at: 'teams', message: 'Unknown key `teams` in the configuration (did you mean `team`?). Allowed: team, include, exclude, overrides.' }]],
    ['a key two edits away is still suggested', 'overrid: []\n', [{ at: 'overrid', message: 'Unknown key `overrid` in the configuration (did you mean `overrides`?). Allowed: team, include, exclude, overrides.' }]],
    ['a key three edits away is not', 'excl: []\n', [{ at: 'excl', message: 'Unknown key `excl` in the configuration. Allowed: team, include, exclude, overrides.' }]],
    ['case is ignored when suggesting', 'TEAM: x\n', [{ at: 'TEAM', message: 'Unknown key `TEAM` in the configuration (did you mean `team`?). Allowed: team, include, exclude, overrides.' }]],
    ['$schema is never suggested', '$schem: x\n', [{ at: '$schem', message: 'Unknown key `$schem` in the configuration. Allowed: team, include, exclude, overrides.' }]],
    ['overrides that are not a list', 'overrides:\n  type: AWS::S3::Bucket\n', [{ at: 'type: AWS::S3::Bucket\n', message: '`overrides` must be a list of overrides (each a map with a selector such as type, property or rule).' }]],
    ['an override that is not a map', 'overrides:\n  - AWS::S3::Bucket\n', [{ at: 'AWS::S3::Bucket', message: 'overrides[0] must be a map, e.g. { type: AWS::S3::Bucket, owner: customer }.' }]],
    ['a bad resource type', 'overrides:\n  - type: S3 bucket\n    owner: aws\n', [{ at: 'S3 bucket', message: 'overrides[0].type must be a resource type such as AWS::S3::Bucket, optionally with * wildcards (AWS::EC2::*); got "S3 bucket".' }]],
    ['a bad setting path', 'overrides:\n  - property: Properties..X\n    owner: aws\n', [{ at: 'Properties..X', message: 'overrides[0].property must be a setting path such as Properties.BucketEncryption or Properties.BucketEncryption.**; got "Properties..X".' }]],
    ['an index that is not a number', 'overrides:\n  - property: Properties.Rules[x]\n    owner: aws\n', [{ at: 'Properties.Rules[x]', message: 'overrides[0].property must be a setting path such as Properties.BucketEncryption or Properties.BucketEncryption.**; got "Properties.Rules[x]".' }]],
    ['an index further down that is not a number', 'overrides:\n  - property: Properties.Rules.Ports[x]\n    owner: aws\n', [{ at: 'Properties.Rules.Ports[x]', message: 'overrides[0].property must be a setting path such as Properties.BucketEncryption or Properties.BucketEncryption.**; got "Properties.Rules.Ports[x]".' }]],
    ['no selector', 'overrides:\n  - owner: aws\n', [{ at: 'o', message: 'overrides[0] needs at least one of type, property or rule to say what it applies to.' }]],
    ['no effect', 'overrides:\n  - type: AWS::S3::Bucket\n', [{ at: 't', message: 'overrides[0] changes nothing: give at least one of owner, severity, rationale or team.' }]],
    ['an unknown override key', 'overrides:\n  - type: AWS::S3::Bucket\n    owner: aws\n    why: x\n', [{ at: 'why', message: 'Unknown key `why` in overrides[0]. Allowed: type, property, rule, owner, severity, rationale, team.' }]],
    ['a severity that is not text', 'overrides:\n  - rule: x\n    severity: {a: 1}\n', [{ at: '{a: 1}', message: 'overrides[0].severity must be one of error, warning, info, off; got a non-text value.' }]],
    ['a severity out of the list', 'overrides:\n  - rule: x\n    severity: critical\n', [{ at: 'critical', message: 'overrides[0].severity must be one of error, warning, info, off; got "critical".' }]],
    ['a team that is a number', 'team: 3\n', [{ at: '3', message: '`team` must be a non-empty text.' }]],
    ['a team of spaces', 'team: " "\n', [{ at: '" "', message: '`team` must be a non-empty text.' }]],
    ['a rationale without a value', 'overrides:\n  - rule: x\n    severity: info\n    rationale:\n', [{ at: '\n', message: '`rationale` must be a non-empty text.' }]],
    ['include that is not a list', 'include: "**/*.yaml"\n', [{ at: '"**/*.yaml"', message: '`include` must be a list of glob patterns, e.g. ["**/*.yaml"].' }]],
    ['exclude without a value', 'exclude:\n', [{ at: '\n', message: '`exclude` must be a list of glob patterns, e.g. ["**/*.yaml"].' }]],
    ['an empty glob', 'include: [""]\n', [{ at: '""', message: 'Each entry of `include` must be a non-empty glob pattern text.' }]],
    ['a glob of spaces', 'exclude: ["  "]\n', [{ at: '"  "', message: 'Each entry of `exclude` must be a non-empty glob pattern text.' }]],
    ['a glob that is a number', 'include: [3]\n', [{ at: '3', message: 'Each entry of `include` must be a non-empty glob pattern text.' }]],
    ['a glob that expands too far', `include: ["${'{a,b}'.repeat(12)}"]\n`, [{ at: `"${'{a,b}'.repeat(12)}"`, message: 'This `include` pattern expands to more than 1,000 patterns ({a,b} groups multiply).' }]],
    ['a key given twice (JSON keeps both)', '{"team": "a", "team": "b"}', [{ at: '"team"', message: '`team` is given twice.' }]],
    ['a scalar root', 'hello\n', [{ at: 'hello', message: 'The configuration must be a map with keys such as team, include, exclude and overrides.' }]],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      const file = text.startsWith('{') ? '.responsibility-lens.json' : '.responsibility-lens.yaml';
      assert.deepEqual(problems(text, file), expected);
      assert.equal(parseConfig(text, file).config, undefined, 'nothing of a bad file applies');
    });
  }

  it('the second of two duplicate keys is the one reported', () => {
    const text = '{"team": "a", "team": "b"}';
    const [error] = parseConfig(text, '.responsibility-lens.json').errors;
    assert.equal(error.span.offset, text.lastIndexOf('"team"'));
  });

  it('"no selector" and "no effect" point at the start of the override', () => {
    const text = 'overrides:\n  - type: AWS::S3::Bucket\n';
    const [error] = parseConfig(text, '.responsibility-lens.yaml').errors;
    assert.deepEqual(error.span, { offset: text.indexOf('type'), length: 0 });
  });

  it('accepts what it documents: $schema, null sections, indexes of any length, a null root', () => {
    const withSchema = config('$schema: ./schemas/responsibility-lens.schema.json\noverrides:\ninclude: []\n');
    assert.equal(withSchema.team, undefined, '$schema is not read as anything else');
    assert.deepEqual(withSchema.overrides, []);
    assert.deepEqual(config('overrides: null\n').overrides, []);
    assert.deepEqual(config('~\n'), { file: '.responsibility-lens.yaml', include: [], exclude: [], overrides: [] });
    const paths = config('overrides:\n  - property: Properties.Rules[12].Ports[10]\n    owner: aws\n  - property: Properties.A[].B.**\n    owner: aws\n');
    assert.deepEqual(paths.overrides.map((override) => override.property), ['Properties.Rules[12].Ports[10]', 'Properties.A[].B.**']);
  });

  it('the file name decides JSON or YAML by its last extension', () => {
    assert.equal(config('team: x\n', 'team.json.yaml').team, 'x');
    assert.equal(config('{"team": "x"}', 'CONFIG.JSON').team, 'x');
    assert.equal(config('team: x\n', 'config/.responsibility-lens.yaml').file, '.responsibility-lens.yaml');
  });

  it('limits: the size, the overrides and the globs, at their boundary', () => {
    const padded = (chars: number) => {
      const head = 'team: x\n#';
      return head + 'x'.repeat(chars - head.length);
    };
    assert.deepEqual(parseConfig(padded(CONFIG_LIMITS.chars), 'c.yaml').errors, []);
    assert.deepEqual(problems(padded(CONFIG_LIMITS.chars + 1), 'c.yaml'), [{ at: 't', message: 'The configuration is 1.0 MB; the limit is 1 MB. It was not read.' }]);
    const overrides = (count: number) => JSON.stringify({ overrides: Array.from({ length: count }, () => ({ rule: 'a', severity: 'off' })) });
    assert.equal(config(overrides(CONFIG_LIMITS.overrides), 'c.json').overrides.length, CONFIG_LIMITS.overrides);
    assert.deepEqual(
      parseConfig(overrides(CONFIG_LIMITS.overrides + 1), 'c.json').errors.map((error) => error.message),
      ['`overrides` has 1,001 entries; the limit is 1,000.'],
    );
    const globs = (count: number) => JSON.stringify({ include: Array.from({ length: count }, (_, index) => `d${index}/**`) });
    assert.equal(config(globs(CONFIG_LIMITS.globs), 'c.json').include.length, CONFIG_LIMITS.globs);
    assert.deepEqual(
      parseConfig(globs(CONFIG_LIMITS.globs + 1), 'c.json').errors.map((error) => error.message),
      ['`include` has 1,001 patterns; the limit is 1,000.'],
    );
  });
});

describe('applyConfig, case by case', () => {
  // One queue (its settings are the customer's) and one database with two findings.
  const TEMPLATE = [
    'Resources:',
    '  Queue:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    '      KmsMasterKeyId: alias/aws/sqs',
    '      Tags:',
    '        - Key: a',
    '          Value: b',
    '        - Key: c',
    '          Value: d',
    '  Db:',
    '    Type: AWS::RDS::DBInstance',
    '    Properties:',
    '      StorageEncrypted: false',
    '      PubliclyAccessible: true',
    '',
  ].join('\n');
  let analysis: Analysis;
  before(() => {
    analysis = analyze(TEMPLATE, 'template.yaml');
  });
  const setting = (result: Analysis, path: string) => result.settings.find((candidate) => candidate.path === path)!;
  const finding = (result: Analysis, rule: string) => result.findings.find((candidate) => candidate.ruleId === rule);

  it('the template has what the cases need', () => {
    assert.equal(setting(analysis, 'Properties.KmsMasterKeyId').attribution.owner, 'customer');
    assert.equal(finding(analysis, 'rds-storage-unencrypted')?.severity, 'warning');
    assert.equal(finding(analysis, 'rds-publicly-accessible')?.severity, 'error');
  });

  it('a team alone names the team on customer settings', () => {
    const changed = applyConfig(analysis, config('team: platform\n'));
    assert.notEqual(changed, analysis);
    assert.equal(setting(changed, 'Properties.KmsMasterKeyId').attribution.team, 'platform');
  });

  it('without a team anywhere, no setting gets a team key', () => {
    const changed = applyConfig(analysis, config('overrides:\n  - type: AWS::SQS::Queue\n    rationale: Our queues.\n'));
    for (const candidate of changed.settings) assert.equal('team' in candidate.attribution, false, candidate.path);
  });

  it('a rationale alone keeps the owner; an owner alone keeps the rationale', () => {
    const before = setting(analysis, 'Properties.KmsMasterKeyId').attribution;
    const rationale = setting(applyConfig(analysis, config('overrides:\n  - type: AWS::SQS::Queue\n    rationale: Our queues.\n')), 'Properties.KmsMasterKeyId').attribution;
    assert.equal(rationale.owner, before.owner);
    assert.equal(rationale.rationale, 'Our queues.');
    assert.equal(rationale.override, '.responsibility-lens.yaml overrides[0]');
    const owner = setting(applyConfig(analysis, config('overrides:\n  - type: AWS::SQS::Queue\n    owner: shared\n')), 'Properties.KmsMasterKeyId').attribution;
    assert.equal(owner.owner, 'shared');
    assert.equal(owner.rationale, before.rationale);
  });

  it('a team alone on an override names that team', () => {
    const changed = applyConfig(analysis, config('team: all\noverrides:\n  - type: AWS::SQS::Queue\n    team: queues\n'));
    assert.equal(setting(changed, 'Properties.KmsMasterKeyId').attribution.team, 'queues');
    assert.equal(setting(changed, 'Properties.StorageEncrypted').attribution.team, 'all');
  });

  it('an override with a rule never touches settings, one with only a severity never touches them either', () => {
    const ruled = applyConfig(analysis, config('overrides:\n  - rule: rds-storage-unencrypted\n    severity: error\n    rationale: Encrypt.\n'));
    assert.notEqual(setting(ruled, 'Properties.StorageEncrypted').attribution.rationale, 'Encrypt.');
    assert.equal(setting(ruled, 'Properties.StorageEncrypted').attribution.override, undefined);
    const graded = applyConfig(analysis, config('overrides:\n  - type: AWS::RDS::DBInstance\n    severity: info\n'));
    assert.equal(setting(graded, 'Properties.StorageEncrypted').attribution.override, undefined);
    assert.equal(finding(graded, 'rds-storage-unencrypted')?.severity, 'info');
  });

  it('an owner override never re-grades findings', () => {
    const changed = applyConfig(analysis, config('overrides:\n  - type: AWS::RDS::DBInstance\n    owner: shared\n'));
    assert.deepEqual(changed.findings, analysis.findings);
  });

  it('a property override matches by index-free path and by .** prefix', () => {
    const indexed = applyConfig(analysis, config('overrides:\n  - property: Properties.Tags[12].Key\n    rationale: Listed.\n'));
    assert.deepEqual(
      indexed.settings.filter((candidate) => candidate.attribution.rationale === 'Listed.').map((candidate) => candidate.path),
      ['Properties.Tags[0].Key', 'Properties.Tags[1].Key'],
    );
    const prefix = applyConfig(analysis, config('overrides:\n  - property: Properties.Tags.**\n    rationale: Tagged.\n'));
    assert.deepEqual(
      prefix.settings.filter((candidate) => candidate.attribution.rationale === 'Tagged.').map((candidate) => candidate.path),
      ['Properties.Tags', 'Properties.Tags[0].Key', 'Properties.Tags[0].Value', 'Properties.Tags[1].Key', 'Properties.Tags[1].Value'],
    );
  });

  it('tally: moved, lowered and removed, counted per override', () => {
    const tally: ConfigTally = new Map();
    const org = config(
      'overrides:\n  - type: AWS::SQS::Queue\n    owner: shared\n  - type: AWS::RDS::DBInstance\n    owner: customer\n  - rule: rds-publicly-accessible\n    severity: warning\n  - type: AWS::RDS::DBInstance\n    severity: "off"\n',
    );
    const changed = applyConfig(analysis, org, tally);
    const queueSettings = analysis.settings.filter((candidate) => candidate.resourceType === 'AWS::SQS::Queue' && candidate.attribution.owner === 'customer').length;
    assert.deepEqual(tally.get(org.overrides[0]), { removed: 0, lowered: 0, movedFromCustomer: queueSettings, refused: 0 });
    assert.deepEqual(tally.get(org.overrides[1]), undefined, 'customer to customer moves nothing');
    assert.deepEqual(tally.get(org.overrides[2]), { removed: 0, lowered: 1, movedFromCustomer: 0, refused: 0 });
    assert.deepEqual(tally.get(org.overrides[3]), { removed: analysis.findings.length - 1, lowered: 0, movedFromCustomer: 0, refused: 0 });
    assert.deepEqual(changed.findings.map((candidate) => [candidate.ruleId, candidate.severity]), [['rds-publicly-accessible', 'warning']]);
  });

  it('tally: raising a severity is neither lowering nor refused', () => {
    const tally: ConfigTally = new Map();
    const layered = layerConfigs(config('team: org\n', 'org.yaml'), config('overrides:\n  - rule: rds-storage-unencrypted\n    severity: error\n  - rule: rds-publicly-accessible\n    severity: error\n'));
    const changed = applyConfig(analysis, layered, tally);
    assert.equal(finding(changed, 'rds-storage-unencrypted')?.severity, 'error');
    assert.equal(tally.get(layered.overrides[0]), undefined, 'raised: nothing to count');
    assert.equal(tally.get(layered.overrides[1]), undefined, 'the same severity: not refused');
  });

  it('a property override leaves findings that point at no setting alone', () => {
    const missing = analyze('Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n', 'template.yaml');
    const unset = missing.findings.filter((candidate) => !missing.settings.some((s) => s.key.offset === candidate.span.offset));
    assert.ok(unset.length > 0, 'the template has a finding for a missing setting');
    const changed = applyConfig(missing, config('overrides:\n  - property: Properties.**\n    severity: info\n'));
    for (const original of unset) assert.equal(changed.findings.find((candidate) => candidate.ruleId === original.ruleId)?.severity, original.severity);
  });

  it('layering: the organisation first, the repository under it, its globs refused', () => {
    const org = config('overrides:\n  - rule: a\n    severity: error\n', 'org.yaml');
    const repo = config('team: repo team\noverrides:\n  - rule: b\n    severity: info\n');
    const layered = layerConfigs(org, repo);
    assert.equal(layered.origin, 'organisation');
    assert.equal(layered.team, 'repo team', 'the repository names the team when the organisation does not');
    assert.equal(layerConfigs(config('team: org team\n', 'org.yaml'), repo).team, 'org team');
    assert.deepEqual(layered.refusedGlobs, [], 'no globs, nothing refused');
    assert.deepEqual(
      layered.overrides.map((override) => [override.rule, override.source, override.origin, override.mayNotWeaken]),
      [
        ['a', 'org.yaml', 'organisation', undefined],
        ['b', '.responsibility-lens.yaml', 'repository', true],
      ],
    );
    const globbed = layerConfigs(org, config('include: ["a/**"]\nexclude: ["b/**"]\n'));
    assert.deepEqual(globbed.refusedGlobs, [
      { source: '.responsibility-lens.yaml', key: 'include', globs: ['a/**'] },
      { source: '.responsibility-lens.yaml', key: 'exclude', globs: ['b/**'] },
    ]);
    assert.deepEqual(layerConfigs(org, config('exclude: ["b/**"]\n')).refusedGlobs?.map((refused) => refused.key), ['exclude']);
  });

  it('canWeaken: a severity or an owner other than the customer', () => {
    assert.equal(canWeaken({ index: 0, owner: 'customer' }), false);
    assert.equal(canWeaken({ index: 0, owner: 'shared' }), true);
    assert.equal(canWeaken({ index: 0, severity: 'error' }), true);
    assert.equal(canWeaken({ index: 0, rationale: 'x' }), false);
  });
});
