/**
 * The analysis pipeline around the formats (src/core/engine/analyze.ts): the size and binary
 * notices a user sees instead of findings, the cloud a file gets when its format does not say,
 * and old Mac line ends (CR alone), read as line ends and kept in the fixes.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import type { Analysis } from '../../src/core/types';
import { readFixture, shared } from './helpers';

/** A Dockerfile of exactly `length` characters: one instruction, then comment lines. */
function dockerfileOf(length: number): string {
  const head = 'FROM node:20\nUSER root\n';
  const line = `#${'x'.repeat(98)}\n`;
  const body = line.repeat(Math.floor((length - head.length) / line.length));
  return (head + body).padEnd(length, '#');
}

describe('the analysis pipeline', () => {
  it('a file over its format’s size limit gets a notice with both sizes; a file at the limit is analysed', () => {
    // Dockerfiles have a limit of their own, 1 MB (the Dockerfile format's maxChars).
    const atLimit = analyze(dockerfileOf(1_000_000), 'Dockerfile');
    assert.equal(atLimit.errors.length, 0);
    assert.deepEqual(
      atLimit.findings.map((finding) => finding.ruleId),
      ['docker-runs-as-root'],
    );
    const over = analyze(dockerfileOf(1_000_001), 'Dockerfile');
    assert.equal(over.kind, 'dockerfile');
    assert.equal(over.cloud, 'aws');
    assert.deepEqual(over.errors, [{ span: { offset: 0, length: 0 }, message: 'File is too large to analyse (1.0 MB; the limit is 1 MB).', notAnalysed: 'too-large' }]);
    assert.deepEqual([over.settings, over.findings, over.resources], [[], [], []]);
  });

  it('a file with a NUL byte is reported as binary, not analysed', () => {
    const binary = analyze('FROM node:20\nUSER root\n\u0000\n', 'Dockerfile');
    assert.equal(binary.kind, 'dockerfile');
    assert.deepEqual(binary.errors, [{ span: { offset: 0, length: 0 }, message: 'File looks binary (it has a NUL byte); it was not analysed.', notAnalysed: 'binary' }]);
    assert.deepEqual(binary.findings, []);
  });

  it('a format that names no cloud gets the first cloud: a Dockerfile is AWS’s', () => {
    assert.equal(analyze('FROM node:20\nUSER root\n', 'Dockerfile').cloud, 'aws');
  });

  describe('line ends', () => {
    const lf = readFixture('examples/cloudformation/risky-stack.yaml').replace(/\r\n/g, '\n');
    const where = (analysis: Analysis) => analysis.findings.map((finding) => `${finding.ruleId}@${finding.span.offset}+${finding.span.length}`).sort();
    const insertedLines = (analysis: Analysis) =>
      analysis.findings
        .flatMap((finding) => finding.fix?.edits ?? [])
        .map((edit) => edit.newText)
        .filter((newText) => /[\r\n]/.test(newText));
    // Both tests compare with the LF analysis: a mutant runs it once for both.
    let withLf: Analysis;
    before(shared(() => (withLf = analyze(lf, 'risky-stack.yaml'))));

    it('CR alone ends a line: the same findings at the same offsets as with LF, and fixes insert CR', () => {
      const cr = analyze(lf.replace(/\n/g, '\r'), 'risky-stack.yaml');
      assert.ok(where(withLf).length > 5);
      assert.deepEqual(where(cr), where(withLf));
      const inserted = insertedLines(cr);
      assert.ok(inserted.length >= 3, `${inserted.length} fixes insert lines`);
      for (const newText of inserted) assert.ok(newText.includes('\r') && !newText.includes('\n'), JSON.stringify(newText));
    });

    it('LF, and a mix of CR with LF, keep the fixes’ line ends as they are', () => {
      for (const newText of insertedLines(withLf)) assert.ok(!newText.includes('\r'), JSON.stringify(newText));
      const mixed = analyze(lf.replace('\n', '\r'), 'risky-stack.yaml');
      assert.deepEqual(where(mixed), where(withLf));
      for (const newText of insertedLines(mixed)) assert.ok(!newText.includes('\r'), JSON.stringify(newText));
    });
  });
});
