/**
 * Suppressions with a reason, in every format the core reads.
 *
 * - A comment, in the comment syntax of the file (`#` in YAML, Terraform,
 *   Dockerfiles, .env and .properties; `//` and `/* … *\/` in Terraform and
 *   JSONC):
 *
 *       # responsibility-lens:ignore <ruleId>[,<ruleId>…] -- <reason>
 *
 *   It applies to findings that start on its own line or on the line below.
 *   Whole-line suppression comments stack: a run of them applies to the first
 *   line after the run.
 * - In CloudFormation (YAML or JSON, where JSON has no comments), a resource
 *   `Metadata` entry that applies to every finding of that resource:
 *
 *       Metadata:
 *         responsibility-lens:
 *           ignore:
 *             - rule: <ruleId>
 *               reason: <text>
 *
 * The reason is required: a suppression without one suppresses nothing and is
 * itself a finding (`suppression-without-reason`), as is one that names a rule
 * that does not exist (`suppression-unknown-rule`). Both rules are data in the
 * rule book the caller passes (AWS: clouds/aws/knowledge/findings.json).
 *
 * Which comment openers a file may use, and whether it has a Metadata form,
 * is the format's to say (SuppressionSyntax, part of the Format interface);
 * the Metadata form itself is read in clouds/aws/suppressions.ts.
 */
import type { Analysis, Finding, Span, Suppression, TextEdit } from '../types';
import type { RuleBook } from './rules';
import { closestName } from './spelling';
import { layoutOf, lineStart } from './edits';

export const SUPPRESSION_MARKER = 'responsibility-lens:ignore';
/** Key of the Metadata form, under a resource's `Metadata`. */
export const METADATA_KEY = 'responsibility-lens';

export const WITHOUT_REASON_RULE = 'suppression-without-reason';
export const UNKNOWN_RULE_RULE = 'suppression-unknown-rule';

export interface SuppressionResult {
  /** The analysis without the suppressed findings, plus the findings about broken suppressions; `suppressions` set when there are any. */
  analysis: Analysis;
  suppressions: Suppression[];
}

/** How suppressions are written in one format's files; part of the Format interface. */
export interface SuppressionSyntax {
  /**
   * `all`: a comment may open with `#`, `//` or `/*` (Terraform); `slash`:
   * only `//` or `/*` (Bicep), and suppressions are written with `//`. By
   * default `#`, or `//` and `/*` in text that starts like JSON.
   */
  suppressionComments?: 'all' | 'slash';
  /** Suppressions written as data in the file (CloudFormation `Metadata`); asked only when the text has such a key. */
  metadataSuppressions?(text: string): SuppressionSite[];
  /** The edit that adds such a suppression, for JSON text where no comment can go. */
  metadataSuppressionEdit?(text: string, finding: Finding, title: string): SuppressionEdit | undefined;
}

/** One parsed suppression site (a comment or a Metadata item), before it is matched with findings. */
export interface SuppressionSite {
  ruleIds: string[];
  reason: string;
  span: Span;
  form: 'comment' | 'metadata';
  /** Comment form: 0-based lines whose findings it covers. */
  lines?: number[];
  /** Metadata form: the resource whose findings it covers. */
  resource?: { logicalId: string; type: string };
  /** Spans of each rule id (for precise findings about unknown ids). */
  idSpans: Span[];
}

/**
 * Applies the suppressions in `text` to the findings of its analysis;
 * `syntax` is the format that analysed it, `rules` says which rule ids exist.
 */
export function applySuppressions(text: string, analysis: Analysis, syntax: SuppressionSyntax | undefined, rules: RuleBook): SuppressionResult {
  // Fast path: most files mention neither form.
  if (!analysis.kind || !text.includes(METADATA_KEY)) return { analysis, suppressions: [] };
  const lines = lineStarts(text);
  const sites = [...commentSites(text, lines, commentSyntax(text, syntax)), ...metadataSites(text, syntax)];
  if (!sites.length) return { analysis, suppressions: [] };

  const suppressions: Suppression[] = [];
  const problems: Finding[] = [];
  const removed = new Set<Finding>();
  // Findings by line and by resource, so matching costs one lookup per site.
  const byLine = new Map<number, Finding[]>();
  const byResource = new Map<string, Finding[]>();
  for (const finding of analysis.findings) {
    const line = lineOf(lines, finding.span.offset);
    // Stryker disable next-line ArrayDeclaration: these lists are read only through finding.ruleId, which an inserted string lacks, so it is skipped
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line)!.push(finding);
    // Stryker disable next-line ArrayDeclaration: these lists are read only through finding.ruleId, which an inserted string lacks, so it is skipped
    if (!byResource.has(finding.resource)) byResource.set(finding.resource, []);
    byResource.get(finding.resource)!.push(finding);
  }
  const candidates = (site: SuppressionSite): Finding[] =>
    // Stryker disable next-line ArrayDeclaration: candidates are read only through finding.ruleId, which an inserted string lacks, so it is skipped
    site.form === 'metadata' ? (byResource.get(site.resource!.logicalId) ?? []) : [...new Set(site.lines!)].flatMap((line) => byLine.get(line) ?? []);
  for (const site of sites) {
    const line = lineOf(lines, site.span.offset);
    const resource = site.resource?.logicalId ?? '';
    const resourceType = site.resource?.type ?? '';
    if (!site.ruleIds.length) {
      const problem = rules.findingOf(UNKNOWN_RULE_RULE, site.span, resource, resourceType, { value: 'no rule id' });
      if (problem) problems.push(problem);
      continue;
    }
    const validIds: string[] = [];
    site.ruleIds.forEach((ruleId, index) => {
      if (rules.has(ruleId)) validIds.push(ruleId);
      else {
        const span = site.idSpans[index] ?? site.span;
        const problem = rules.findingOf(UNKNOWN_RULE_RULE, span, resource, resourceType, { value: `"${ruleId}"` });
        if (problem) problems.push(withSpellingFix(text, problem, span, ruleId, rules));
      }
    });
    if (!site.reason && validIds.length) {
      const how = site.form === 'comment' ? 'write why after "--"' : 'give this entry a reason';
      const problem = rules.findingOf(WITHOUT_REASON_RULE, site.span, resource, resourceType, { value: validIds.join(', '), how });
      if (problem) problems.push(problem);
    }
    for (const ruleId of site.ruleIds) {
      const suppressed: Suppression['suppressed'] = [];
      if (site.reason && rules.has(ruleId)) {
        for (const finding of candidates(site)) {
          if (finding.ruleId !== ruleId) continue;
          removed.add(finding);
          suppressed.push({ ruleId, span: finding.span, resource: finding.resource });
        }
      }
      suppressions.push({
        ruleId,
        reason: site.reason,
        span: site.span,
        line: line + 1,
        form: site.form,
        ...(site.resource ? { resource: site.resource.logicalId } : {}),
        appliedTo: suppressed.length,
        suppressed,
      });
    }
  }
  const findings = [...analysis.findings.filter((finding) => !removed.has(finding)), ...problems].sort((a, b) => a.span.offset - b.span.offset);
  suppressions.sort((a, b) => a.span.offset - b.span.offset);
  return { analysis: { ...analysis, findings, suppressions }, suppressions };
}

/**
 * A suppression naming a rule that does not exist gets a fix to the one rule id
 * it most likely meant. Never preferred: it makes the suppression take effect.
 */
function withSpellingFix(text: string, problem: Finding, span: Span, ruleId: string, rules: RuleBook): Finding {
  const meant = closestName(ruleId, rules.ids());
  if (!meant) return problem;
  // A Metadata entry's id may be quoted: replace what is inside the quotes.
  const written = text.slice(span.offset, span.offset + span.length);
  const quoted = /^(["']).*\1$/s.test(written) ? 1 : 0;
  return {
    ...problem,
    fix: { title: `Did you mean ${meant}? Change the rule id`, preferred: false, edits: [{ offset: span.offset + quoted, length: span.length - 2 * quoted, newText: meant }] },
  };
}

/* ---------------------------------------------------------------- comments */

/**
 * A comment opener, then the marker; the opener starts the line or follows
 * whitespace (so `a#b` and URLs are not comments). Which openers count
 * depends on the language: `#` in YAML, Dockerfiles, .env and .properties;
 * `#`, `//` and `/*` in Terraform; `//` and `/*` in JSON with comments.
 */
const COMMENTS = {
  hash: /(^|[ \t])(#)[ \t]*responsibility-lens:ignore(?![\w-])/,
  slash: /(^|[ \t])(\/\/|\/\*)[ \t]*responsibility-lens:ignore(?![\w-])/,
  any: /(^|[ \t])(#|\/\/|\/\*)[ \t]*responsibility-lens:ignore(?![\w-])/,
};

function commentSyntax(text: string, syntax: SuppressionSyntax | undefined): RegExp {
  if (syntax?.suppressionComments === 'all') return COMMENTS.any;
  if (syntax?.suppressionComments === 'slash') return COMMENTS.slash;
  return /^\uFEFF?\s*[{[]/.test(text) ? COMMENTS.slash : COMMENTS.hash;
}

interface Comment {
  line: number;
  /** Offset of the opener. */
  start: number;
  end: number;
  /** Text after the marker (without a closing `*\/`), with its offset. */
  rest: string;
  restOffset: number;
  /** Nothing but whitespace before the opener. */
  wholeLine: boolean;
}

function commentSites(text: string, lines: number[], syntax: RegExp): SuppressionSite[] {
  const comments = new Map<number, Comment>();
  let from = 0;
  for (;;) {
    const at = text.indexOf(SUPPRESSION_MARKER, from);
    if (at < 0) break;
    from = at + SUPPRESSION_MARKER.length;
    const line = lineOf(lines, at);
    // Stryker disable next-line ConditionalExpression: a second marker on a line finds the same comment again; the check only saves that work
    if (comments.has(line)) continue;
    const comment = commentOn(text, lines, line, syntax);
    if (comment) comments.set(line, comment);
  }
  // Where a run of whole-line comments ends, computed from the last line up: walking forward from each
  // comment of a run was quadratic (40,000 stacked comments took 14 s).
  const runEnd = new Map<number, number>();
  for (const line of [...comments.keys()].sort((a, b) => b - a)) {
    const next = comments.get(line + 1);
    runEnd.set(line, next?.wholeLine ? runEnd.get(line + 1)! : line + 1);
  }
  const sites: SuppressionSite[] = [];
  for (const comment of comments.values()) {
    const parsed = parseBody(comment.rest, comment.restOffset);
    const target = comment.wholeLine ? runEnd.get(comment.line)! : comment.line + 1;
    sites.push({
      ruleIds: parsed.ids.map((id) => id.text),
      idSpans: parsed.ids.map((id) => id.span),
      reason: parsed.reason,
      span: { offset: comment.start, length: comment.end - comment.start },
      form: 'comment',
      lines: [comment.line, target],
    });
  }
  return sites;
}

function commentOn(text: string, lines: number[], line: number, syntax: RegExp): Comment | undefined {
  const lineStart = lines[line];
  let lineEnd = line + 1 < lines.length ? lines[line + 1] : text.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the line holds the marker, so stripping its line end stops long before its start
  while (lineEnd > lineStart && (text[lineEnd - 1] === '\n' || text[lineEnd - 1] === '\r')) lineEnd--;
  const content = text.slice(lineStart, lineEnd);
  const match = syntax.exec(content);
  if (!match) return undefined;
  const openerAt = match.index + match[1].length;
  const start = lineStart + openerAt;
  const restStart = match.index + match[0].length;
  let rest = content.slice(restStart);
  let end = lineEnd;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: the marker's last letter, just before restStart, already stops the trimming
  while (end > lineStart + restStart && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  if (match[2] === '/*') {
    const close = rest.indexOf('*/');
    if (close >= 0) {
      rest = rest.slice(0, close);
      end = lineStart + restStart + close + 2;
    }
  }
  return { line, start, end, rest, restOffset: lineStart + restStart, wholeLine: content.slice(0, openerAt).trim() === '' };
}

/** `<id>[, <id>…] -- <reason>`; the separator is `--` at the start or after whitespace. */
function parseBody(rest: string, offset: number): { ids: { text: string; span: Span }[]; reason: string } {
  // Stryker disable next-line Regex: rest starts right after the marker, which (?![\w-]) keeps from being followed by '-', so `--` never starts it
  const separator = /(^|\s)--(?=\s|$)/.exec(rest);
  const idsPart = separator ? rest.slice(0, separator.index) : rest;
  const reason = separator ? rest.slice(separator.index + separator[0].length).trim() : '';
  const ids: { text: string; span: Span }[] = [];
  for (const match of idsPart.matchAll(/[^\s,]+/g)) ids.push({ text: match[0], span: { offset: offset + match.index!, length: match[0].length } });
  return { ids, reason };
}

/* ---------------------------------------------------------------- Metadata */

/** `responsibility-lens:` as a mapping key (the comment form is `responsibility-lens:ignore`, with no space). */
const METADATA_HINT = /["']?responsibility-lens["']?[ \t]*:(?!ignore)/;

function metadataSites(text: string, syntax: SuppressionSyntax | undefined): SuppressionSite[] {
  if (!syntax?.metadataSuppressions || !METADATA_HINT.test(text)) return [];
  return syntax.metadataSuppressions(text);
}

/* ------------------------------------------------------------------- edits */

export interface SuppressionEdit {
  title: string;
  edits: TextEdit[];
  /** Where the reason goes, as an offset in the text after the edits. */
  cursor: number;
}

/**
 * The edit that suppresses one finding: a comment on the line above it, or in
 * JSON (which has no comments) what the format offers instead (a `Metadata`
 * entry in CloudFormation). The reason is left empty for the user to type:
 * until they do, the suppression is itself flagged, so an unfinished one never
 * hides a finding.
 */
export function suppressionEdit(text: string, finding: Finding, syntax: SuppressionSyntax | undefined): SuppressionEdit | undefined {
  const title = `Suppress ${finding.ruleId} with a reason`;
  const slash = syntax?.suppressionComments === 'slash';
  if (!slash && /^\uFEFF?\s*[{[]/.test(text)) return syntax?.metadataSuppressionEdit?.(text, finding, title);
  const layout = layoutOf(text);
  const start = lineStart(text, finding.span.offset);
  // Stryker disable next-line Regex: the slice starts at the line start, where an unanchored match of optional blanks also begins
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  const comment = `${indent}${slash ? '//' : '#'} ${SUPPRESSION_MARKER} ${finding.ruleId} -- `;
  return { title, edits: [{ offset: start, length: 0, newText: `${comment}${layout.eol}` }], cursor: start + comment.length };
}

/* ------------------------------------------------------------------- lines */

/** Offsets where lines start (\n, \r\n and \r end lines, as in editors). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  // Stryker disable next-line EqualityOperator: the character code past the end is NaN, which ends no line
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 10) starts.push(index + 1);
    else if (char === 13 && text.charCodeAt(index + 1) !== 10) starts.push(index + 1);
  }
  return starts;
}

/** 0-based line of an offset. */
export function lineOf(starts: number[], offset: number): number {
  let low = 0;
  // Stryker disable next-line ArithmeticOperator: indexes past the end read undefined, which is never <= offset, so the search ends at the same line
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
