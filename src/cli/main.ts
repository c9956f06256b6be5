#!/usr/bin/env node
/** responsibility-lens: the same core as the extension, from the command line. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { textReport, type FileReport, type JsonReport } from '../core/reports/report';
import { matrixJson, matrixText, matrixWithCounts, type WorkspaceMatrix } from '../core/clouds/aws/matrix';
import { azureMatrixJson, azureMatrixText, azureMatrixWithCounts } from '../core/clouds/azure/matrix';
import { cloudOfFile } from '../core';
import type { Analysis } from '../core/types';
import type { ConfigTally, OrgConfig } from '../core/engine/config';
import { silencedReport, type UnanalysedReport } from '../core/reports/silenced';
import { showControlCharacters, singleLine } from '../core/engine/text';
import { sarifLog } from '../core/reports/sarif';
import { markdownReport, type SuppressedEntry } from '../core/reports/markdown';
import { csvReport } from '../core/reports/csv';
import packageJson from '../../package.json';
import { parseOptions, UsageError, USAGE, type Options } from './options';
import { changedFiles, GitError } from './files';
import { CANDIDATE, collectFiles, SKIPPED_DIRECTORIES, type Collected } from '../node/files';
import { AnalysisPool, type Outcome } from '../node/pool';
import type { JobResult, TallyEntries } from '../node/jobs';
import { applyBaseline, BaselineError, readBaseline, writeBaseline } from './baseline';
import { ConfigError, loadConfig } from './config';
import { suppressedEntries, suppressionList } from './suppressions';

async function main(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (error instanceof UsageError) return usage(2, error.message);
    throw error;
  }
  if (options.help) return usage(0);
  if (options.version) {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  if (options.command === 'matrix') return printMatrix(options);
  if (options.command === 'lsp') {
    // The language server on stdin/stdout, for editors other than VS Code (README: Other editors).
    const { startStdioServer } = await import('../server/main');
    startStdioServer(__dirname);
    return new Promise<number>(() => undefined);
  }
  if (options.command !== 'scan') return usage(options.command === undefined ? 0 : 2, options.command ? `Unknown command ${options.command}` : undefined);
  try {
    return await scan(options);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof BaselineError || error instanceof GitError) {
      // Config errors quote values from the file: shown, not sent to the terminal.
      process.stderr.write(`responsibility-lens: ${showControlCharacters(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}

/** `matrix --cloud azure`: Microsoft's matrix, with the Azure files among `analysed` counted in. */
function printAzureMatrix(options: Options, analysed?: { analysis: Analysis }[]): number {
  const workspace = analysed && azureMatrixWithCounts(analysed);
  const counted = analysed?.filter(({ analysis }) => analysis.cloud === 'azure').length ?? 0;
  const json = { ...azureMatrixJson(workspace), ...(workspace ? { files: counted } : {}) };
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : `${azureMatrixText(workspace)}${workspace ? `\n\n${counted} file(s) counted.` : ''}\n`);
  return 0;
}

/**
 * `matrix`: the matrix and AWS's IT-control view; with paths, the settings
 * and findings of those files (analysed on the worker pool, as a scan does)
 * counted into both.
 */
async function printMatrix(options: Options): Promise<number> {
  let workspace: WorkspaceMatrix | undefined;
  let counted = 0;
  if (options.paths.length) {
    const missing = options.paths.filter((target) => !exists(target));
    if (missing.length) {
      for (const target of missing) warn(`no such file or directory: ${target}`);
      return 2;
    }
    const analysed = await analyseForMatrix(options);
    if (options.cloud === 'azure') return printAzureMatrix(options, analysed);
    workspace = matrixWithCounts(analysed);
    counted = analysed.length;
  } else if (options.cloud === 'azure') return printAzureMatrix(options);
  const json = { ...matrixJson(workspace), ...(workspace ? { files: counted } : {}) };
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : `${matrixText(workspace)}${workspace ? `\n\n${counted} file(s) counted.` : ''}\n`);
  return 0;
}

/** The analyses of the files a scan of the paths would read; a file that cannot be analysed is reported on stderr. */
async function analyseForMatrix(options: Options): Promise<{ file: string; analysis: Analysis }[]> {
  const root = scanRoot(options.paths);
  const config = options.noConfig ? undefined : loadConfig(root, options.config)?.config;
  const { files, skipped } = collectFiles(options.paths, {
    candidate: CANDIDATE,
    skippedDirectories: SKIPPED_DIRECTORIES,
    root,
    include: options.include.length ? options.include : (config?.include ?? []),
    exclude: [...(config?.exclude ?? []), ...options.exclude],
  });
  const shownPath = (file: string) => path.relative(process.cwd(), file) || file;
  for (const skip of skipped) warn(`${shownPath(skip.path)} ${skip.message}`);
  const pool = new AnalysisPool({ workerFile: path.join(__dirname, 'worker.js') });
  try {
    const outcomes = await Promise.all(files.map(({ file, root: fileRoot }) => pool.run({ kind: 'analyzeFile', file, root: fileRoot, config }, { budgetMs: options.timeBudgetMs })));
    const analysed: { file: string; analysis: Analysis }[] = [];
    outcomes.forEach((outcome, index) => {
      const shown = shownPath(files[index].file);
      if (outcome.status !== 'done') {
        const why = outcome.status === 'over-budget' ? `longer than the time budget of ${outcome.budgetMs} ms` : outcome.status === 'failed' ? outcome.message.split('\n')[0] : 'cancelled';
        warn(`${shown}: not counted (${why})`);
      } else if ('problem' in outcome.value) warn(`${shown} ${outcome.value.message}; not counted`);
      else if (outcome.value.unanalysed) warn(`${shown}: not counted (${outcome.value.unanalysed.message})`);
      else if (outcome.value.analysis?.kind) analysed.push({ file: shown, analysis: outcome.value.analysis });
    });
    return analysed;
  } finally {
    pool.dispose();
  }
}

/** One line on stderr; file names and messages quote the repository, so control characters are shown, not acted on. */
function warn(message: string): void {
  process.stderr.write(`responsibility-lens: ${singleLine(message)}\n`);
}

/** Exit code of a scan that found no file of a supported format, with --require-files. */
const NO_FILES = 3;

async function scan(options: Options): Promise<number> {
  // Files are analysed on worker threads, each within the time budget; the first thread starts while the files are listed.
  const pool = new AnalysisPool({
    workerFile: path.join(__dirname, 'worker.js'),
    // Without the Terraform parser (WebAssembly, next to the bundle) .tf files get a note and everything else works.
    onTerraformReady: (_ms, error) => {
      if (error) process.stderr.write(`responsibility-lens: cannot load the Terraform parser: ${error}\n`);
    },
  });
  pool.prestart(1);
  try {
    return await scanWith(pool, options);
  } finally {
    pool.dispose();
  }
}

async function scanWith(pool: AnalysisPool, options: Options): Promise<number> {
  const cwd = process.cwd();
  const targets = options.paths.length ? options.paths : ['.'];
  // A mistyped path must fail CI, in every format: nothing on stdout, so no report (or SARIF run) claims a clean scan.
  const missing = targets.filter((target) => !exists(target));
  if (missing.length) {
    for (const target of missing) warn(`no such file or directory: ${target}`);
    process.stderr.write('responsibility-lens: nothing was scanned\n');
    return 2;
  }
  const root = scanRoot(targets);
  const loaded = options.noConfig ? undefined : loadConfig(root, options.config);
  const config = loaded?.config;
  const only = options.changedSince ? changedFiles(options.changedSince, root) : undefined;
  // --include replaces the config's include list; excludes add up.
  const include = options.include.length ? options.include : (config?.include ?? []);
  const exclude = [...(config?.exclude ?? []), ...options.exclude];
  const collected: Collected = collectFiles(targets, {
    candidate: CANDIDATE,
    skippedDirectories: SKIPPED_DIRECTORIES,
    root,
    include,
    exclude,
    fromConfig: { include: !options.include.length && include.length > 0, exclude: new Set((config?.exclude ?? []).filter((glob) => !options.exclude.includes(glob))) },
    only,
  });
  const files = collected.files;
  const shown = (file: string) => path.relative(cwd, file) || file;
  const unanalysed: UnanalysedReport[] = collected.skipped.map((skip) => ({ path: shown(skip.path), reason: skip.reason, message: skip.message }));
  for (const entry of unanalysed) warn(`${entry.path} ${entry.message}`);

  const progress = process.stderr.isTTY && files.length > 1 ? (done: number, file: string) => progressLine(done, files.length, file) : undefined;
  const report: JsonReport = { version: 1, files: [] };
  const tally: ConfigTally = new Map();
  // Files are analysed on worker threads, each within the time budget; each is read inside the folder it was found in (no link out of it), its size checked before a byte is read.
  let done = 0;
  const outcomes: Outcome<JobResult<{ kind: 'report'; file: string; root: string; path: string }>>[] = await Promise.all(
    files.map(({ file, root: fileRoot }) =>
      pool.run({ kind: 'report', file, root: fileRoot, path: shown(file), config }, { budgetMs: options.timeBudgetMs }).then((outcome) => {
        progress?.(done++, file);
        return outcome;
      }),
    ),
  );
  if (progress) process.stderr.write('\r\u001b[K');
  // Results keep the walk's order.
  outcomes.forEach((outcome, index) => {
    const path = shown(files[index].file);
    if (outcome.status === 'done') {
      const { report: fileReport, unanalysed: notAnalysed, tally: effects } = outcome.value;
      if (fileReport) report.files.push(fileReport);
      if (notAnalysed) {
        unanalysed.push({ path, ...notAnalysed });
        // The core's notices are already in the file's errors; a file that was not read says why on stderr.
        if (!fileReport) warn(`${path} ${notAnalysed.message}`);
      }
      if (effects && config) addTally(tally, config, effects);
      return;
    }
    const why =
      outcome.status === 'over-budget'
        ? `Not analysed: the analysis took longer than the time budget of ${outcome.budgetMs} ms (raise it with --time-budget).`
        : `Not analysed: ${outcome.status === 'failed' ? `the analysis failed (${outcome.message.split('\n')[0]})` : 'cancelled'}.`;
    warn(`${path}: ${why}`);
    const reason = outcome.status === 'over-budget' ? 'over-budget' : 'analysis-failed';
    report.files.push(notAnalysedReport(path, why, reason));
    unanalysed.push({ path, reason, message: why });
  });
  if (config) report.silenced = silencedReport(config, tally, collected.configEffects);
  if (unanalysed.length) report.unanalysed = unanalysed;

  if (report.files.length === 0) {
    const where = options.changedSince ? `among the files changed since ${options.changedSince}` : `in ${targets.join(', ')}`;
    const read = files.length ? ` (${files.length} file(s) read, none of a supported format)` : '';
    warn(`no supported file found ${where}${read}`);
    if (options.requireFiles) return NO_FILES;
  }
  if (options.listSuppressions) {
    process.stdout.write(suppressionList(report, options.format === 'json' ? 'json' : 'text'));
    return 0;
  }
  // Every finding a suppression removed, with its reason (src/core/engine/suppressions.ts, applied inside analyze()).
  const suppressed: SuppressedEntry[] = suppressedEntries(report);
  if (options.writeBaseline) writeBaseline(options.writeBaseline, report);
  let result = report;
  let baselineNote: { file: string; hidden: number } | undefined;
  if (options.baseline) {
    const filtered = applyBaseline(report, readBaseline(options.baseline));
    result = filtered.report;
    baselineNote = { file: options.baseline, hidden: filtered.hidden };
  }
  process.stdout.write(render(result, options, { suppressed, baseline: baselineNote }));
  return failed(result, options.failOn) || (options.failOnUnanalysed && unanalysed.length > 0) ? 1 : 0;
}

/** Adds what a worker's analysis did per override (by index: override objects do not cross threads) to the scan's tally. */
function addTally(tally: ConfigTally, config: OrgConfig, entries: TallyEntries): void {
  for (const [index, effect] of entries) {
    const override = config.overrides[index];
    if (!override) continue;
    const total = tally.get(override) ?? { removed: 0, lowered: 0, movedFromCustomer: 0, refused: 0 };
    total.removed += effect.removed;
    total.lowered += effect.lowered;
    total.movedFromCustomer += effect.movedFromCustomer;
    total.refused += effect.refused;
    tally.set(override, total);
  }
}

/** A report entry for a file the pool could not analyse: no settings or findings, one error saying why, marked as not analysed. */
function notAnalysedReport(shown: string, message: string, reason: UnanalysedReport['reason']): FileReport {
  return { path: shown, kind: 'unknown', cloud: cloudOfFile(shown), settings: [], findings: [], errors: [{ line: 1, column: 1, message, notAnalysed: reason }] };
}

function render(report: JsonReport, options: Options, extras: { suppressed?: SuppressedEntry[]; baseline?: { file: string; hidden: number } }): string {
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(
        sarifLog(report, { toolVersion: packageJson.version, informationUri: informationUri(), srcRoot: `${pathToFileURL(process.cwd()).href.replace(/\/?$/, '/')}`, rulePage }),
        null,
        2,
      )}\n`;
    case 'markdown':
      return markdownReport(report, { ...extras, linkBase: options.linkBase });
    case 'csv':
      return csvReport(report, extras);
    case 'text':
      return `${textReport(report)}\n`;
  }
}

function failed(report: JsonReport, failOn: Options['failOn']): boolean {
  if (failOn === 'never') return false;
  const levels = failOn === 'warning' ? ['error', 'warning'] : ['error'];
  return report.files.some((file) => file.findings.some((finding) => levels.includes(finding.severity)));
}

function exists(target: string): boolean {
  try {
    fs.statSync(target);
    return true;
  } catch {
    return false;
  }
}

/** The folder the config and the globs are relative to: the one directory scanned, else the working directory. */
function scanRoot(targets: string[]): string {
  if (targets.length === 1) {
    try {
      if (fs.statSync(targets[0]).isDirectory()) return path.resolve(targets[0]);
    } catch {
      // reported when the files are collected
    }
  }
  return process.cwd();
}

/** A rule's page of the rule reference, shipped in the package next to dist/ (docs/rules/<rule-id>.md). */
function rulePage(ruleId: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(ruleId)) return undefined;
  try {
    return fs.readFileSync(path.join(__dirname, '..', 'docs', 'rules', `${ruleId}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

function informationUri(): string | undefined {
  const candidate = (packageJson as { homepage?: string }).homepage;
  return candidate && /^https:\/\//.test(candidate) ? candidate : undefined;
}

function progressLine(done: number, total: number, file: string): void {
  const width = Math.max(20, (process.stderr.columns ?? 80) - 20);
  const shown = singleLine(file);
  const name = shown.length > width ? `…${shown.slice(-width + 1)}` : shown;
  process.stderr.write(`\r\u001b[K[${done + 1}/${total}] ${name}`);
}

function usage(code: number, problem?: string): number {
  if (problem) process.stderr.write(`responsibility-lens: ${problem}\n`);
  (code === 0 ? process.stdout : process.stderr).write(`${USAGE}\n`);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`responsibility-lens: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
