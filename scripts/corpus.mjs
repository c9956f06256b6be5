// Precision harness: `npm run corpus -- DIR… [options]`.
//
// Scans any folders with the built CLI (dist/cli.js, as a user would run it) and
// prints every finding with its rule, file:line and source line, grouped by rule,
// for a person to review. With --labels it also measures precision against a
// file of verdicts, so "are the findings right?" becomes a number that a later
// run can be compared with.
//
//   npm run build && npm run corpus -- ~/src/my-stacks ~/src/my-modules
//   npm run corpus -- DIR --severity error               only error findings
//   npm run corpus -- DIR --rule literal-secret          one rule
//   npm run corpus -- DIR --labels verdicts.json         precision per rule
//   npm run corpus -- DIR --labels verdicts.json --write-labels
//                                                        add unlabelled findings to the file as "?" for review
//
// A verdicts file maps `path:line:ruleId` (path as printed, starting with the scanned folder's name) to "right", "wrong"
// or "?" (not reviewed yet). Literal secrets are never printed: their source line
// is cut at the key.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');

const { values: options, positionals: folders } = parseArgs({
  allowPositionals: true,
  options: {
    rule: { type: 'string', multiple: true, default: [] },
    severity: { type: 'string', multiple: true, default: [] },
    labels: { type: 'string' },
    'write-labels': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (options.help || folders.length === 0) {
  process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').filter((line) => line.startsWith('//')).map((line) => line.slice(3)).join('\n') + '\n');
  process.exit(folders.length === 0 && !options.help ? 2 : 0);
}
if (!fs.existsSync(cli)) {
  process.stderr.write('corpus: dist/cli.js is missing; run `npm run build` first.\n');
  process.exit(2);
}

const findings = [];
const problems = [];
let fileCount = 0;
for (const folder of folders) {
  if (!fs.existsSync(folder)) {
    process.stderr.write(`corpus: no such folder: ${folder}\n`);
    process.exit(2);
  }
  // Run from the folder's parent so that paths (and verdict keys) start with the folder's own name, wherever the harness runs.
  const cwd = path.dirname(path.resolve(folder));
  const result = spawnSync(process.execPath, [cli, 'scan', '--no-config', '--format', 'json', '--fail-on', 'never', path.basename(path.resolve(folder))], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 2 ** 31 - 1,
  });
  if (result.status !== 0) {
    process.stderr.write(`corpus: the scan of ${folder} failed (exit ${result.status ?? result.signal}):\n${result.stderr}`);
    process.exit(2);
  }
  const report = JSON.parse(result.stdout);
  fileCount += report.files.length;
  for (const file of report.files) {
    const lines = file.findings.length || file.errors.length ? readLines(path.join(cwd, file.path)) : [];
    for (const finding of file.findings) {
      if (options.rule.length && !options.rule.includes(finding.ruleId)) continue;
      if (options.severity.length && !options.severity.includes(finding.severity)) continue;
      findings.push({ ...finding, path: file.path, source: sourceLine(lines, finding) });
    }
    for (const error of file.errors ?? []) problems.push({ path: file.path, line: error.line, severity: error.severity ?? 'error', message: error.message });
  }
}

function readLines(file) {
  try {
    return fs.readFileSync(file, 'utf8').split(/\r\n|\r|\n/);
  } catch {
    return [];
  }
}

/** The finding's first line, trimmed; for secrets only what comes before the value. */
function sourceLine(lines, finding) {
  const line = (lines[finding.line - 1] ?? '').trim();
  const shown = finding.ruleId === 'literal-secret' ? `${line.split(/[:=]/)[0]}: ‹value hidden›` : line;
  return shown.length > 160 ? `${shown.slice(0, 157)}…` : shown;
}

const labelKey = (finding) => `${finding.path}:${finding.line}:${finding.ruleId}`;
const labels = options.labels && fs.existsSync(options.labels) ? JSON.parse(fs.readFileSync(options.labels, 'utf8')) : {};

const byRule = new Map();
for (const finding of findings) {
  const group = byRule.get(finding.ruleId) ?? [];
  group.push(finding);
  byRule.set(finding.ruleId, group);
}
const rules = [...byRule.keys()].sort((a, b) => byRule.get(b).length - byRule.get(a).length || a.localeCompare(b));

const out = [];
if (!options.quiet) {
  for (const rule of rules) {
    const group = byRule.get(rule);
    out.push(`\n## ${rule} (${group.length}, ${group[0].severity})`);
    for (const finding of group.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line)) {
      const verdict = labels[labelKey(finding)];
      out.push(`${verdict ? `[${verdict}] ` : ''}${finding.path}:${finding.line}:${finding.column}  ${finding.resource}`);
      out.push(`    ${finding.source}`);
      out.push(`    → ${finding.message}`);
    }
  }
  if (problems.length) {
    out.push(`\n## files that could not be analysed fully (${problems.length})`);
    for (const problem of problems) out.push(`${problem.path}:${problem.line ?? 1}  [${problem.severity}] ${problem.message}`);
  }
}

out.push(`\n## summary: ${fileCount} files, ${findings.length} findings, ${problems.length} file problems`);
const severities = ['error', 'warning', 'info'];
for (const severity of severities) {
  const count = findings.filter((finding) => finding.severity === severity).length;
  if (count) out.push(`  ${severity}: ${count}`);
}
if (options.labels) {
  const tally = (group) => {
    const verdicts = group.map((finding) => labels[labelKey(finding)] ?? '?');
    const right = verdicts.filter((verdict) => verdict === 'right').length;
    const wrong = verdicts.filter((verdict) => verdict === 'wrong').length;
    return { right, wrong, unreviewed: verdicts.length - right - wrong };
  };
  const percent = ({ right, wrong }) => (right + wrong ? `${((100 * right) / (right + wrong)).toFixed(1)}%` : 'n/a');
  out.push('\n  precision (right / reviewed)     rule');
  for (const rule of rules) {
    const counts = tally(byRule.get(rule));
    out.push(`  ${percent(counts).padStart(6)}  ${String(counts.right).padStart(4)} right ${String(counts.wrong).padStart(4)} wrong ${String(counts.unreviewed).padStart(4)} unreviewed   ${rule}`);
  }
  for (const severity of severities) {
    const group = findings.filter((finding) => finding.severity === severity);
    if (group.length) out.push(`  ${percent(tally(group)).padStart(6)}  all ${severity} findings`);
  }
  out.push(`  ${percent(tally(findings)).padStart(6)}  all findings`);
  if (options['write-labels']) {
    const next = { ...labels };
    for (const finding of findings) next[labelKey(finding)] ??= '?';
    fs.writeFileSync(options.labels, `${JSON.stringify(next, Object.keys(next).sort(), 2)}\n`);
    out.push(`\n  wrote ${Object.keys(next).length} labels to ${options.labels}`);
  }
}
process.stdout.write(`${out.join('\n')}\n`);
