/**
 * The analysis pipeline: the first format that claims a file analyses it
 * (within the size and binary limits), then its suppressions apply. The
 * formats and the rule book come from the composition root (src/core/index.ts).
 */
import type { Analysis, AnalysisContext, CloudId, NotAnalysedReason } from '../types';
import type { Format } from './format';
import type { RuleBook } from './rules';
import { applySuppressions } from './suppressions';

/** Files above this size get a notice instead of analysis (about 100,000 lines of template). */
export const MAX_ANALYSED_CHARS = 5_000_000;

export interface Pipeline {
  /** Asked in order; the first to claim a file analyses it. */
  formats: readonly Format[];
  /** The rules a suppression may name: every cloud's. */
  rules: RuleBook;
  /** The cloud of a file whose format does not say (the first cloud the composition root lists). */
  defaultCloud: CloudId;
}

const NOT_OURS: Analysis = Object.freeze({ kind: undefined, settings: [], findings: [], errors: [], resources: [] }) as Analysis;

export function analyzeWith(pipeline: Pipeline, original: string, fileName: string, context?: AnalysisContext): Analysis {
  const text = withLineFeeds(original);
  // Formats sniff the head with `^` anchors: a byte-order mark must not hide the first line from them.
  const head = text.slice(text.charCodeAt(0) === 0xfeff ? 1 : 0, 200_000);
  const format = pipeline.formats.find((candidate) => candidate.claims(fileName, head));
  if (!format) return NOT_OURS;
  const limit = format.maxChars ?? MAX_ANALYSED_CHARS;
  const cloud = format.cloud?.(fileName, head) ?? pipeline.defaultCloud;
  if (text.length > limit) {
    const size = (text.length / 1_000_000).toFixed(1);
    return notice(format.kind, cloud, `File is too large to analyse (${size} MB; the limit is ${limit / 1_000_000} MB).`, 'too-large');
  }
  if (head.includes('\u0000')) return notice(format.kind, cloud, 'File looks binary (it has a NUL byte); it was not analysed.', 'binary');
  let analysis = withSettingRows(format.analyze(text, fileName, context), pipeline.rules);
  // A format that reads its cloud from the content (Terraform: `aws_*` or `azurerm_*` resources) has set it already.
  if (!analysis.cloud) analysis = { ...analysis, cloud };
  // Fixes that need the fixed text analysed again (Terraform); templates get theirs while parsed.
  if (format.withFixes) analysis = format.withFixes(text, analysis, (fixed) => format.analyze(fixed, fileName, context));
  // Suppressions apply here so that every consumer (editor, CLI, reports) sees the same findings.
  analysis = applySuppressions(text, analysis, format, pipeline.rules).analysis;
  return text === original || original.includes('\n') ? analysis : withCarriageReturns(analysis);
}

/**
 * A lone CR ends a line for editors and for every position in this project
 * (parse/lines.ts, engine/suppressions.ts), but not for the YAML library or
 * tree-sitter's HCL grammar, so a file with old Mac line ends (CR only) read
 * as one broken line. Each lone CR becomes LF before parsing: one character
 * for one, so every offset and line stays exactly where it was in the file.
 */
function withLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** In a file whose lines end with CR alone, fixes insert CR too. */
function withCarriageReturns(analysis: Analysis): Analysis {
  if (!analysis.findings.some((finding) => finding.fix)) return analysis;
  const findings = analysis.findings.map((finding) =>
    finding.fix ? { ...finding, fix: { ...finding.fix, edits: finding.fix.edits.map((edit) => ({ ...edit, newText: edit.newText.replace(/\n/g, '\r') })) } } : finding,
  );
  return { ...analysis, findings };
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

function notice(kind: Analysis['kind'], cloud: CloudId, message: string, reason: NotAnalysedReason): Analysis {
  return { ...NOT_OURS, kind, cloud, errors: [{ span: { offset: 0, length: 0 }, message, notAnalysed: reason }] };
}
