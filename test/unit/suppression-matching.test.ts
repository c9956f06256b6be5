/**
 * How suppressions are matched with findings (engine/suppressions.ts), on tiny
 * texts with findings placed by hand: which comments count, which lines and
 * resources they cover, the spans they report, and the findings about broken
 * ones.
 */
import assert from 'node:assert/strict';
import { applySuppressions } from '../../src/core';
import { applySuppressions as applyWith, type SuppressionSyntax } from '../../src/core/engine/suppressions';
import { ruleBook } from '../../src/core/engine/rules';
import { awsRules, findingRules } from '../../src/core/clouds/aws/knowledge';
import { applyEdits } from '../../src/core/engine/edits';
import type { Analysis, FileKind, Finding } from '../../src/core/types';
import { slice } from './helpers';

const STORAGE = 'rds-storage-unencrypted';
const PUBLIC = 'rds-publicly-accessible';

/** A finding of `ruleId` on the `nth` occurrence of `snippet` in `text`. */
function findingOn(text: string, ruleId: string, snippet: string, resource = 'Db', nth = 0): Finding {
  let offset = -1;
  for (let index = 0; index <= nth; index++) offset = text.indexOf(snippet, offset + 1);
  assert.ok(offset >= 0, `${snippet} in the text`);
  return awsRules.findingOf(ruleId, { offset, length: snippet.length }, resource, 'AWS::RDS::DBInstance', {})!;
}

function analysisOf(findings: Finding[], kind?: FileKind): Analysis {
  return { kind: kind ?? 'cloudformation', settings: [], findings, errors: [], resources: [] };
}

const ruleIds = (analysis: Analysis) => analysis.findings.map((finding) => finding.ruleId);

describe('suppressions matched with findings', () => {
  it('a file of no known kind is returned as it is, suppressions and all', () => {
    const text = '# responsibility-lens:ignore made-up-rule -- why\nx: 1\n';
    const analysis = { ...analysisOf([]), kind: undefined };
    const result = applySuppressions(text, analysis);
    assert.equal(result.analysis, analysis);
    assert.deepEqual(result.suppressions, []);
  });

  it('a mention of responsibility-lens that is no suppression leaves the analysis as it is', () => {
    const text = 'Description: checked with responsibility-lens\nStorageEncrypted: false\n';
    const analysis = analysisOf([findingOn(text, STORAGE, 'StorageEncrypted')]);
    const result = applySuppressions(text, analysis);
    assert.equal(result.analysis, analysis);
    assert.deepEqual(result.suppressions, []);
    assert.equal(result.analysis.suppressions, undefined);
  });

  it('a comment suppresses its rule among several findings on the line below', () => {
    const text = '# responsibility-lens:ignore rds-storage-unencrypted -- encrypted by the platform\nProperties: { StorageEncrypted: false, PubliclyAccessible: true }\n';
    const analysis = analysisOf([findingOn(text, STORAGE, 'StorageEncrypted: false'), findingOn(text, PUBLIC, 'PubliclyAccessible: true')]);
    const result = applySuppressions(text, analysis);
    assert.deepEqual(ruleIds(result.analysis), [PUBLIC]);
    assert.deepEqual(result.suppressions.map((s) => [s.ruleId, s.appliedTo, s.line]), [[STORAGE, 1, 1]]);
    assert.equal(slice(text, result.suppressions[0].suppressed[0].span), 'StorageEncrypted: false');
  });

  it('findings about broken comments have no resource; about broken Metadata, the resource and its type', () => {
    const text = `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Metadata:
      responsibility-lens:
        note: nothing to ignore
    Properties:
      # responsibility-lens:ignore rds-storage-unencryptd -- typo
      StorageEncrypted: false
`;
    const result = applySuppressions(text, analysisOf([findingOn(text, STORAGE, 'StorageEncrypted')]));
    const [metadata, comment] = result.analysis.findings.filter((finding) => finding.ruleId === 'suppression-unknown-rule');
    assert.deepEqual([metadata.resource, metadata.resourceType, slice(text, metadata.span)], ['Db', 'AWS::RDS::DBInstance', 'responsibility-lens']);
    assert.match(metadata.message, /This suppression names no rule id, which is not/);
    assert.deepEqual([comment.resource, comment.resourceType, slice(text, comment.span)], ['', '', 'rds-storage-unencryptd']);
    assert.deepEqual(ruleIds(result.analysis), ['suppression-unknown-rule', 'suppression-unknown-rule', STORAGE], 'in the order of the text');
  });

  it('a reason missing for several rules names them all', () => {
    const text = '# responsibility-lens:ignore rds-storage-unencrypted, rds-publicly-accessible\nx: 1\n';
    const [problem] = applySuppressions(text, analysisOf([])).analysis.findings;
    assert.equal(problem.ruleId, 'suppression-without-reason');
    assert.match(problem.message, /This suppression of rds-storage-unencrypted, rds-publicly-accessible has none/);
  });

  it('a rule book without the rules about suppressions gets no findings about them', () => {
    const rules = ruleBook(findingRules.rules.filter((rule) => !rule.id.startsWith('suppression-')));
    const text = '# responsibility-lens:ignore -- no id\n# responsibility-lens:ignore made-up -- unknown\n# responsibility-lens:ignore rds-storage-unencrypted\nStorageEncrypted: false\n';
    const analysis = analysisOf([findingOn(text, STORAGE, 'StorageEncrypted')]);
    const result = applyWith(text, analysis, undefined, rules);
    assert.deepEqual(ruleIds(result.analysis), [STORAGE]);
    assert.deepEqual(result.suppressions.map((s) => [s.ruleId, s.appliedTo]), [['made-up', 0], [STORAGE, 0]]);
  });

  it('suppressions are listed in the order of the text, Metadata and comments mixed', () => {
    const text = `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Metadata:
      responsibility-lens:
        ignore:
          - rule: rds-storage-unencrypted
            reason: restored from an encrypted snapshot
  Other:
    Type: AWS::RDS::DBInstance
    Properties:
      # responsibility-lens:ignore rds-publicly-accessible -- behind the VPN
      PubliclyAccessible: true
`;
    const analysis = analysisOf([findingOn(text, PUBLIC, 'PubliclyAccessible', 'Other'), findingOn(text, STORAGE, 'Db:')]);
    const result = applySuppressions(text, analysis);
    assert.deepEqual(result.analysis.findings, []);
    assert.deepEqual(result.suppressions.map((s) => [s.form, s.ruleId, s.line, s.appliedTo]), [['metadata', STORAGE, 7, 1], ['comment', PUBLIC, 12, 1]]);
    assert.deepEqual(result.analysis.suppressions, result.suppressions);
  });

  it('the "did you mean" fix replaces a comment id whole, quotes and all, unless it is quoted end to end', () => {
    for (const [written, fixed] of [
      ['rds-publicly-accessibl"e"', 'rds-publicly-accessible'],
      ['"rds-publicly-accessible".', 'rds-publicly-accessible'],
    ]) {
      const text = `# responsibility-lens:ignore ${written} -- behind the VPN\nPubliclyAccessible: true\n`;
      const problem = applySuppressions(text, analysisOf([findingOn(text, PUBLIC, 'PubliclyAccessible')])).analysis.findings.find((f) => f.ruleId === 'suppression-unknown-rule')!;
      assert.equal(applyEdits(text, problem.fix!.edits), text.replace(written, fixed), written);
    }
  });

  describe('comment openers', () => {
    const yaml = (opener: string) => `${opener} responsibility-lens:ignore rds-storage-unencrypted -- encrypted by the platform\nStorageEncrypted: false\n`;
    const suppressed = (text: string, syntax: SuppressionSyntax | undefined) => applyWith(text, analysisOf([findingOn(text, STORAGE, 'StorageEncrypted')]), syntax, awsRules).suppressions.length === 1;

    it('by default # only, and no format needed', () => {
      assert.equal(suppressed(yaml('#'), undefined), true);
      assert.equal(suppressed(yaml('//'), undefined), false);
      assert.equal(suppressed(yaml('/*'), {}), false);
    });

    it('// and /* in text that starts like JSON, with or without blanks before it', () => {
      for (const start of ['{\n', '\n  {\n', '\uFEFF[\n']) {
        assert.equal(suppressed(start + yaml('//'), undefined), true, JSON.stringify(start));
        assert.equal(suppressed(start + yaml('#'), undefined), false, JSON.stringify(start));
      }
    });

    it('"slash" allows // and /* only; "all" allows all three', () => {
      assert.deepEqual(['#', '//', '/*'].map((opener) => suppressed(yaml(opener), { suppressionComments: 'slash' })), [false, true, true]);
      assert.deepEqual(['#', '//', '/*'].map((opener) => suppressed(yaml(opener), { suppressionComments: 'all' })), [true, true, true]);
    });
  });

  describe('the lines a comment covers', () => {
    it('a marker at the very start of the text, not in a comment, does not hide the comments after it', () => {
      const text = 'responsibility-lens:ignore: a key, not a comment\n# responsibility-lens:ignore rds-storage-unencrypted -- encrypted by the platform\nStorageEncrypted: false\n';
      const result = applySuppressions(text, analysisOf([findingOn(text, STORAGE, 'StorageEncrypted')]));
      assert.deepEqual(ruleIds(result.analysis), []);
      assert.deepEqual(result.suppressions.map((s) => s.line), [2]);
    });

    it('a run of indented whole-line comments applies each of them to the line after the run', () => {
      const text = `Db:
  # responsibility-lens:ignore rds-storage-unencrypted -- encrypted by the platform
  # responsibility-lens:ignore rds-publicly-accessible -- behind the VPN
  Properties: { StorageEncrypted: false, PubliclyAccessible: true }
`;
      const result = applySuppressions(text, analysisOf([findingOn(text, STORAGE, 'StorageEncrypted: false'), findingOn(text, PUBLIC, 'PubliclyAccessible: true')]));
      assert.deepEqual(ruleIds(result.analysis), []);
      assert.deepEqual(result.suppressions.map((s) => [s.ruleId, s.appliedTo]), [[STORAGE, 1], [PUBLIC, 1]]);
    });

    it('a trailing comment covers its line and the next one, not the line after a comment below it', () => {
      const text = `Db:
  Engine: postgres  # responsibility-lens:ignore rds-storage-unencrypted -- trailing
  # responsibility-lens:ignore rds-publicly-accessible -- whole line
  Properties: { StorageEncrypted: false, PubliclyAccessible: true }
  Other: { StorageEncrypted: false }  # responsibility-lens:ignore rds-publicly-accessible -- next line too
  PubliclyAccessible: true
`;
      const analysis = analysisOf([
        findingOn(text, STORAGE, 'StorageEncrypted: false'),
        findingOn(text, PUBLIC, 'PubliclyAccessible: true'),
        findingOn(text, PUBLIC, 'PubliclyAccessible: true', 'Db', 1),
      ]);
      const result = applySuppressions(text, analysis);
      assert.deepEqual(ruleIds(result.analysis), [STORAGE]);
      assert.deepEqual(result.suppressions.map((s) => [s.ruleId, s.appliedTo]), [[STORAGE, 0], [PUBLIC, 1], [PUBLIC, 1]]);
    });
  });

  describe('the span of a comment', () => {
    const spanOf = (text: string, syntax?: SuppressionSyntax) => {
      const [suppression] = applyWith(text, analysisOf([]), syntax, awsRules).suppressions;
      return [slice(text, suppression.span), suppression.reason];
    };

    it('ends before CRLF, a lone CR, and trailing blanks', () => {
      assert.deepEqual(spanOf('x: 1\r\n  # responsibility-lens:ignore rds-storage-unencrypted -- reason\r\ny: 2\r\n'), ['# responsibility-lens:ignore rds-storage-unencrypted -- reason', 'reason']);
      assert.deepEqual(spanOf('x: 1\r  # responsibility-lens:ignore rds-storage-unencrypted -- reason\ry: 2'), ['# responsibility-lens:ignore rds-storage-unencrypted -- reason', 'reason']);
      assert.deepEqual(spanOf('  # responsibility-lens:ignore rds-storage-unencrypted -- reason \t\n  y: 2\n'), ['# responsibility-lens:ignore rds-storage-unencrypted -- reason', 'reason']);
    });

    it('on the last line, without a line end, runs to the end of the text', () => {
      assert.deepEqual(spanOf('x: 1\ny: 2 # responsibility-lens:ignore rds-storage-unencrypted -- last'), ['# responsibility-lens:ignore rds-storage-unencrypted -- last', 'last']);
    });

    it('a block comment ends at */, or at the line end when it is not closed there; a # comment does not end at */', () => {
      const all: SuppressionSyntax = { suppressionComments: 'all' };
      assert.deepEqual(spanOf('a = 1 /* responsibility-lens:ignore rds-storage-unencrypted -- closed */ b = 2\n', all), ['/* responsibility-lens:ignore rds-storage-unencrypted -- closed */', 'closed']);
      assert.deepEqual(spanOf('/* responsibility-lens:ignore rds-storage-unencrypted -- open\n*/\n', all), ['/* responsibility-lens:ignore rds-storage-unencrypted -- open', 'open']);
      assert.deepEqual(spanOf('# responsibility-lens:ignore rds-storage-unencrypted -- see a */ b\n', all), ['# responsibility-lens:ignore rds-storage-unencrypted -- see a */ b', 'see a */ b']);
    });

    it('a block comment closed right after the marker names no rule', () => {
      const text = 'a = 1 /* responsibility-lens:ignore*/\n';
      const [problem] = applyWith(text, analysisOf([]), { suppressionComments: 'all' }, awsRules).analysis.findings;
      assert.equal(slice(text, problem.span), '/* responsibility-lens:ignore*/');
      assert.match(problem.message, /This suppression names no rule id/);
    });
  });

  it('a Metadata key in a file whose format has no Metadata form is no suppression', () => {
    const text = 'Metadata:\n  responsibility-lens:\n    ignore: [rds-storage-unencrypted]\nStorageEncrypted: false\n';
    const analysis = analysisOf([findingOn(text, STORAGE, 'StorageEncrypted')]);
    const result = applyWith(text, analysis, undefined, awsRules);
    assert.equal(result.analysis, analysis);
    assert.deepEqual(result.suppressions, []);
  });
});
