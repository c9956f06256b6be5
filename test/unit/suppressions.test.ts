import { applyEdits } from '../../src/core/engine/edits';
import { closestName, editDistance } from '../../src/core/engine/spelling';
import assert from 'node:assert/strict';
import { analyze, applySuppressions } from '../../src/core';
import { findingRules } from '../../src/core/clouds/aws/knowledge';
import { slice } from './helpers';

const RDS = (before: string, inline = '') => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
${before}      StorageEncrypted: false${inline}
      PubliclyAccessible: true
      DeletionProtection: true
      EnableCloudwatchLogsExports: [postgresql]
`;

const ids = (text: string, name = 't.yaml') => analyze(text, name).findings.map((finding) => finding.ruleId).sort();

describe('suppressions', () => {
  it('without a suppression the findings are reported and no suppressions are listed', () => {
    const analysis = analyze(RDS(''), 't.yaml');
    assert.deepEqual(analysis.findings.map((f) => f.ruleId).sort(), ['rds-publicly-accessible', 'rds-storage-unencrypted']);
    assert.equal(analysis.suppressions, undefined);
  });

  it('a comment on the line above suppresses that line’s finding, and only that rule', () => {
    const text = RDS('      # responsibility-lens:ignore rds-storage-unencrypted -- snapshot restored from an encrypted source\n');
    const analysis = analyze(text, 't.yaml');
    assert.deepEqual(analysis.findings.map((f) => f.ruleId), ['rds-publicly-accessible']);
    assert.equal(analysis.suppressions?.length, 1);
    const [suppression] = analysis.suppressions!;
    assert.equal(suppression.ruleId, 'rds-storage-unencrypted');
    assert.equal(suppression.reason, 'snapshot restored from an encrypted source');
    assert.equal(suppression.line, 7);
    assert.equal(suppression.form, 'comment');
    assert.equal(suppression.appliedTo, 1);
    assert.equal(slice(text, suppression.span), '# responsibility-lens:ignore rds-storage-unencrypted -- snapshot restored from an encrypted source');
    assert.equal(slice(text, suppression.suppressed[0].span), 'StorageEncrypted: false');
  });

  it('a trailing comment on the same line suppresses too', () => {
    const text = RDS('', '  # responsibility-lens:ignore rds-storage-unencrypted -- test fixture only');
    assert.deepEqual(ids(text), ['rds-publicly-accessible']);
  });

  it('a comment two lines above does not apply', () => {
    const text = RDS('      # responsibility-lens:ignore rds-storage-unencrypted -- too far away\n      DBInstanceClass: db.t3.micro\n');
    assert.deepEqual(ids(text), ['rds-publicly-accessible', 'rds-storage-unencrypted']);
    assert.equal(analyze(text, 't.yaml').suppressions?.[0].appliedTo, 0, 'listed, but applied to nothing');
  });

  it('several rule ids, comma separated, with or without spaces', () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # responsibility-lens:ignore rds-storage-unencrypted,rds-publicly-accessible , rds-minor-upgrade-off -- lab database, torn down nightly
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      PubliclyAccessible: true
      DeletionProtection: true
      EnableCloudwatchLogsExports: [postgresql]
`;
    // The missing StorageEncrypted is reported on the logical id, which the comment is above; PubliclyAccessible is further down.
    const analysis = analyze(text, 't.yaml');
    assert.deepEqual(analysis.findings.map((f) => f.ruleId), ['rds-publicly-accessible']);
    assert.deepEqual(analysis.suppressions?.map((s) => [s.ruleId, s.appliedTo]), [
      ['rds-storage-unencrypted', 1],
      ['rds-publicly-accessible', 0],
      ['rds-minor-upgrade-off', 0],
    ]);
    assert.ok(analysis.suppressions?.every((s) => s.reason === 'lab database, torn down nightly'));
  });

  it('stacked whole-line comments all apply to the line after them', () => {
    const text = RDS(
      '      # responsibility-lens:ignore rds-publicly-accessible -- wrong line on purpose\n      # responsibility-lens:ignore rds-storage-unencrypted -- encrypted at the volume level by the platform\n',
    );
    assert.deepEqual(ids(text), ['rds-publicly-accessible']);
  });

  it('a suppression without a reason suppresses nothing and is itself a warning', () => {
    for (const comment of ['# responsibility-lens:ignore rds-storage-unencrypted', '# responsibility-lens:ignore rds-storage-unencrypted --', '# responsibility-lens:ignore rds-storage-unencrypted --   ']) {
      const text = RDS(`      ${comment}\n`);
      const analysis = analyze(text, 't.yaml');
      assert.deepEqual(analysis.findings.map((f) => f.ruleId).sort(), ['rds-publicly-accessible', 'rds-storage-unencrypted', 'suppression-without-reason'], comment);
      const problem = analysis.findings.find((f) => f.ruleId === 'suppression-without-reason')!;
      assert.equal(problem.severity, 'warning');
      assert.equal(slice(text, problem.span), comment.trimEnd());
      assert.match(problem.message, /^Give a reason: write why after "--"\. This suppression of rds-storage-unencrypted has none/);
      assert.match(problem.message, /after "--"/);
      assert.equal(analysis.suppressions?.[0].reason, '');
      assert.equal(analysis.suppressions?.[0].appliedTo, 0);
    }
  });

  it('an unknown rule id is a warning pointing at the id, and the known ids still apply', () => {
    const text = RDS('      # responsibility-lens:ignore rds-storage-unencryptd, rds-storage-unencrypted -- platform default\n');
    const analysis = analyze(text, 't.yaml');
    assert.deepEqual(analysis.findings.map((f) => f.ruleId).sort(), ['rds-publicly-accessible', 'suppression-unknown-rule']);
    const problem = analysis.findings.find((f) => f.ruleId === 'suppression-unknown-rule')!;
    assert.equal(slice(text, problem.span), 'rds-storage-unencryptd');
    assert.match(problem.message, /"rds-storage-unencryptd", which is not a Responsibility Lens rule/);
  });

  it('a marker with no rule id is flagged', () => {
    const text = RDS('      # responsibility-lens:ignore -- because\n');
    assert.deepEqual(ids(text), ['rds-publicly-accessible', 'rds-storage-unencrypted', 'suppression-unknown-rule']);
  });

  it('the marker inside a value or glued to text is not a comment', () => {
    const text = RDS('      Description: "see responsibility-lens:ignore rds-storage-unencrypted -- no"\n      Note: a#responsibility-lens:ignore rds-storage-unencrypted -- no\n');
    // (Description and Note are not DBInstance properties: the unknown-property warnings are beside the point here.)
    assert.deepEqual(ids(text).filter((id) => id !== 'unknown-property'), ['rds-publicly-accessible', 'rds-storage-unencrypted']);
  });

  it('keeps CRLF line ends straight', () => {
    const text = RDS('      # responsibility-lens:ignore rds-storage-unencrypted -- CRLF file\n').replace(/\n/g, '\r\n');
    const analysis = analyze(text, 't.yaml');
    assert.deepEqual(analysis.findings.map((f) => f.ruleId), ['rds-publicly-accessible']);
    assert.equal(analysis.suppressions?.[0].reason, 'CRLF file', 'no stray \\r in the reason');
    assert.equal(analysis.suppressions?.[0].line, 7);
  });

  describe('CloudFormation Metadata form', () => {
    const json = (ignore: string) => `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Db": {
      "Type": "AWS::RDS::DBInstance",
      "Metadata": { "responsibility-lens": { "ignore": ${ignore} } },
      "Properties": { "Engine": "postgres", "StorageEncrypted": false, "PubliclyAccessible": true, "DeletionProtection": true, "EnableCloudwatchLogsExports": ["postgresql"] }
    },
    "Other": {
      "Type": "AWS::RDS::DBInstance",
      "Properties": { "Engine": "postgres", "StorageEncrypted": false, "DeletionProtection": true, "EnableCloudwatchLogsExports": ["postgresql"] }
    }
  }
}
`;

    it('suppresses the rule for every finding of that resource only (JSON)', () => {
      const text = json('[ { "rule": "rds-storage-unencrypted", "reason": "restored from an encrypted snapshot" } ]');
      const analysis = analyze(text, 't.json');
      assert.deepEqual(analysis.findings.map((f) => `${f.resource}:${f.ruleId}`), ['Db:rds-publicly-accessible', 'Other:rds-storage-unencrypted']);
      const [suppression] = analysis.suppressions!;
      assert.deepEqual([suppression.form, suppression.resource, suppression.ruleId, suppression.reason, suppression.appliedTo, suppression.line], [
        'metadata', 'Db', 'rds-storage-unencrypted', 'restored from an encrypted snapshot', 1, 6,
      ]);
      assert.equal(slice(text, suppression.span), '{ "rule": "rds-storage-unencrypted", "reason": "restored from an encrypted snapshot" }');
    });

    it('YAML block form, with a list of rules in one entry', () => {
      const text = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Metadata:
      responsibility-lens:
        ignore:
          - rules: [rds-storage-unencrypted, rds-publicly-accessible]
            reason: Sandbox account, no customer data
    Properties:
      Engine: postgres
      PubliclyAccessible: true
      DeletionProtection: true
      EnableCloudwatchLogsExports: [postgresql]
`;
      const analysis = analyze(text, 't.yaml');
      assert.deepEqual(analysis.findings, []);
      assert.deepEqual(analysis.suppressions?.map((s) => [s.ruleId, s.appliedTo, s.line]), [
        ['rds-storage-unencrypted', 1, 8],
        ['rds-publicly-accessible', 1, 8],
      ]);
    });

    it('an entry without a reason, or a bare rule id, is flagged and suppresses nothing', () => {
      for (const ignore of ['[ { "rule": "rds-storage-unencrypted" } ]', '[ "rds-storage-unencrypted" ]', '{ "rule": "rds-storage-unencrypted", "reason": "" }']) {
        const text = json(ignore);
        const analysis = analyze(text, 't.json');
        assert.deepEqual(analysis.findings.map((f) => `${f.resource}:${f.ruleId}`).sort(), ['Db:rds-publicly-accessible', 'Db:rds-storage-unencrypted', 'Db:suppression-without-reason', 'Other:rds-storage-unencrypted'], ignore);
        assert.match(analysis.findings.find((f) => f.ruleId === 'suppression-without-reason')!.message, /give this entry a reason/);
      }
    });

    it('an unknown rule id in Metadata is flagged on the id', () => {
      const text = json('[ { "rule": "no-such-rule", "reason": "x" } ]');
      const problem = analyze(text, 't.json').findings.find((f) => f.ruleId === 'suppression-unknown-rule')!;
      assert.equal(slice(text, problem.span), '"no-such-rule"');
    });
  });

  it('works in other formats with their comment syntax (Dockerfile, .env)', () => {
    const docker = 'FROM node:20\n# responsibility-lens:ignore docker-runs-as-root -- the base image drops privileges in its entrypoint\nUSER root\n';
    const before = analyze(docker.replace(/#.*\n/, ''), 'Dockerfile').findings.map((f) => f.ruleId);
    assert.ok(before.includes('docker-runs-as-root'), `precondition: ${before.join(', ')}`);
    assert.ok(!analyze(docker, 'Dockerfile').findings.some((f) => f.ruleId === 'docker-runs-as-root'));
    const env = 'DB_HOST=db.internal\n# responsibility-lens:ignore literal-secret -- a throwaway local credential\nDB_PASSWORD=Xk9#vLq2mPz8wRt5\n';
    const unsuppressed = analyze(env.replace(/#.*\n/, ''), '.env').findings.map((f) => f.ruleId);
    assert.ok(unsuppressed.includes('literal-secret'), `precondition: ${unsuppressed.join(', ')}`);
    const suppressed = analyze(env, '.env');
    assert.ok(!suppressed.findings.some((f) => f.ruleId === 'literal-secret'));
    assert.deepEqual(
      suppressed.suppressions?.map(({ ruleId, reason, line, form, appliedTo }) => ({ ruleId, reason, line, form, appliedTo })),
      [{ ruleId: 'literal-secret', reason: 'a throwaway local credential', line: 2, form: 'comment', appliedTo: 1 }],
    );
  });

  it('is a no-op, returning the same analysis, on files without the marker', () => {
    const analysis = analyze(RDS(''), 't.yaml');
    assert.equal(applySuppressions(RDS(''), analysis).analysis, analysis);
  });

  it('both suppression rules are documented as data', () => {
    for (const id of ['suppression-without-reason', 'suppression-unknown-rule']) {
      const rule = findingRules.rules.find((candidate) => candidate.id === id);
      assert.ok(rule, id);
      assert.equal(rule.severity, 'warning');
      assert.ok(rule.sources.length && rule.sources.every((source) => source.url.startsWith('https://docs.aws.amazon.com/')));
    }
  });
});

describe('a suppression naming a rule that does not exist', () => {
  it('gets a "did you mean" fix to the closest rule id, never preferred; applying it makes the suppression work', () => {
    const text = 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: true\n      DeletionProtection: true\n      # responsibility-lens:ignore rds-publicly-accesible -- behind the VPN, reviewed 2026-01\n      PubliclyAccessible: true\n      EnableCloudwatchLogsExports: [postgresql]\n';
    const unknown = analyze(text, 't.yaml').findings.find((f) => f.ruleId === 'suppression-unknown-rule')!;
    assert.ok(unknown.fix, 'a fix');
    assert.equal(unknown.fix.title, 'Did you mean rds-publicly-accessible? Change the rule id');
    assert.equal(unknown.fix.preferred, false);
    const fixed = applyEdits(text, unknown.fix.edits);
    assert.ok(fixed.includes('ignore rds-publicly-accessible -- behind'));
    assert.deepEqual(analyze(fixed, 't.yaml').findings, []);
  });

  it('in JSON Metadata the quotes stay; a name close to nothing gets no suggestion', () => {
    const text = '{"Resources": {"Db": {"Type": "AWS::RDS::DBInstance", "Metadata": {"responsibility-lens": {"ignore": [{"rule": "rds-minor-upgrad-off", "reason": "pinned"}, {"rule": "made-up", "reason": "x"}]}}, "Properties": {"StorageEncrypted": true, "AutoMinorVersionUpgrade": false}}}}';
    const unknown = analyze(text, 't.json').findings.filter((f) => f.ruleId === 'suppression-unknown-rule');
    assert.equal(unknown.length, 2);
    assert.equal(applyEdits(text, unknown[0].fix!.edits), text.replace('rds-minor-upgrad-off', 'rds-minor-upgrade-off'));
    assert.equal(unknown[1].fix, undefined);
  });
});

describe('spelling: closestName', () => {
  it('suggests one confident name and nothing when unsure', () => {
    assert.equal(closestName('StorageEncripted', ['StorageEncrypted', 'StorageType', 'KmsKeyId']), 'StorageEncrypted');
    assert.equal(closestName('PubliclyAcessible', ['PubliclyAccessible', 'Port']), 'PubliclyAccessible');
    assert.equal(closestName('storageencrypted', ['StorageEncrypted']), 'StorageEncrypted', 'case alone');
    assert.equal(closestName('Tagz', ['Tags', 'Tag']), undefined, 'two equally close');
    assert.equal(closestName('Foo', ['Bar', 'Baz']), undefined);
    assert.equal(closestName('Tags', ['Tags']), undefined, 'a known name needs no suggestion');
    assert.equal(editDistance('ab', 'ba'), 1, 'a swap is one edit');
  });
});
