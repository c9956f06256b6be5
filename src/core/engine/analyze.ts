/**
 * The analysis pipeline: the first format that claims a file analyses it
 * (within the size and binary limits), then its suppressions apply. The
 * formats and the rule book come from the composition root (src/core/index.ts).
 */
import type { Analysis, AnalysisContext } from '../types';
import type { Format } from './format';
import type { RuleBook } from './rules';
import { applySuppressions } from './suppressions';

/** Files above this size get a notice instead of analysis (about 100,000 lines of template). */
export const MAX_ANALYSED_CHARS = 5_000_000;

export interface Pipeline {
  /** Asked in order; the first to claim a file analyses it. */
  formats: readonly Format[];
  /** The rules a suppression may name. */
  rules: RuleBook;
}

const NOT_OURS: Analysis = Object.freeze({ kind: undefined, settings: [], findings: [], errors: [], resources: [] }) as Analysis;

export function analyzeWith(pipeline: Pipeline, text: string, fileName: string, context?: AnalysisContext): Analysis {
  // Formats sniff the head with `^` anchors: a byte-order mark must not hide the first line from them.
  const head = text.slice(text.charCodeAt(0) === 0xfeff ? 1 : 0, 200_000);
  const format = pipeline.formats.find((candidate) => candidate.claims(fileName, head));
  if (!format) return NOT_OURS;
  const limit = format.maxChars ?? MAX_ANALYSED_CHARS;
  if (text.length > limit) {
    const size = (text.length / 1_000_000).toFixed(1);
    return notice(format.kind, `File is too large to analyse (${size} MB; the limit is ${limit / 1_000_000} MB).`);
  }
  if (head.includes('\u0000')) return notice(format.kind, 'File looks binary; it was not analysed.');
  let analysis = withSettingRows(format.analyze(text, fileName, context), pipeline.rules);
  // Fixes that need the fixed text analysed again (Terraform); templates get theirs while parsed.
  if (format.withFixes) analysis = format.withFixes(text, analysis, (fixed) => format.analyze(fixed, fileName, context));
  // Suppressions apply here so that every consumer (editor, CLI, reports) sees the same findings.
  return applySuppressions(text, analysis, format, pipeline.rules).analysis;
}

/**
 * A finding of a rule that takes its row from the setting it sits on gets the
 * row that setting's attribution gives, so the Problems entry and the hover
 * card of the same line name the same row.
 */
function withSettingRows(analysis: Analysis, rules: RuleBook): Analysis {
  if (!analysis.findings.some((finding) => rules.rowFromSetting(finding.ruleId))) return analysis;
  const byEntry = new Map<number, Analysis['settings'][number]>();
  for (const setting of analysis.settings) byEntry.set(setting.span.offset, setting);
  const findings = analysis.findings.map((finding) => {
    if (!rules.rowFromSetting(finding.ruleId)) return finding;
    const setting = byEntry.get(finding.span.offset);
    return setting && setting.attribution.row !== finding.row ? { ...finding, row: setting.attribution.row } : finding;
  });
  return { ...analysis, findings };
}

function notice(kind: Analysis['kind'], message: string): Analysis {
  return { ...NOT_OURS, kind, errors: [{ span: { offset: 0, length: 0 }, message }] };
}
