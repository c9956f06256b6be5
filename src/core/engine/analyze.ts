/** The one entry point every consumer uses: text in, plain analysis out. */
import type { Analysis } from '../types';
import { FORMATS } from '../formats/index';
import { applySuppressions } from './suppressions';
import { withTerraformFixes } from '../formats/terraform/fixes';

/** Files above this size get a notice instead of analysis (about 100,000 lines of template). */
export const MAX_ANALYSED_CHARS = 5_000_000;

const NOT_OURS: Analysis = Object.freeze({ kind: undefined, settings: [], findings: [], errors: [], resources: [] }) as Analysis;

export function analyze(text: string, fileName: string): Analysis {
  // Formats sniff the head with `^` anchors: a byte-order mark must not hide the first line from them.
  const head = text.slice(text.charCodeAt(0) === 0xfeff ? 1 : 0, 200_000);
  const format = FORMATS.find((candidate) => candidate.claims(fileName, head));
  if (!format) return NOT_OURS;
  const limit = format.maxChars ?? MAX_ANALYSED_CHARS;
  if (text.length > limit) {
    const size = (text.length / 1_000_000).toFixed(1);
    return notice(format.kind, `File is too large to analyse (${size} MB; the limit is ${limit / 1_000_000} MB).`);
  }
  if (head.includes('\u0000')) return notice(format.kind, 'File looks binary; it was not analysed.');
  let analysis = format.analyze(text, fileName);
  // Terraform fixes are checked by analysing the fixed text again (terraformFixes.ts); templates get theirs while parsed (fixes.ts).
  if (analysis.kind === 'terraform') analysis = withTerraformFixes(text, analysis, (fixed) => format.analyze(fixed, fileName));
  // Suppressions apply here so that every consumer (editor, CLI, reports) sees the same findings.
  return applySuppressions(text, analysis).analysis;
}

function notice(kind: Analysis['kind'], message: string): Analysis {
  return { ...NOT_OURS, kind, errors: [{ span: { offset: 0, length: 0 }, message }] };
}
