#!/usr/bin/env node
/** responsibility-lens: the same core as the extension, from the command line. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { textReport, type FileReport, type JsonReport } from '../core/reports/report';
import { matrixJson, matrixText, matrixWithCounts, type WorkspaceMatrix } from '../core/clouds/aws/matrix';
import type { Analysis } from '../core/types';
import { sarifLog } from '../core/reports/sarif';
import { markdownReport, type SuppressedEntry } from '../core/reports/markdown';
import { csvReport } from '../core/reports/csv';
import packageJson from '../../package.json';
import { parseOptions, UsageError, USAGE, type Options } from './options';
import { changedFiles, GitError } from './files';
import { CANDIDATE, collectFiles, SKIPPED_DIRECTORIES } from '../node/files';
import { AnalysisPool, type Outcome } from '../node/pool';
import type { JobResult } from '../node/jobs';
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
      process.stderr.write(`responsibility-lens: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
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
      for (const target of missing) process.stderr.write(`responsibility-lens: no such file or directory: ${target}\n`);
      return 2;
    }
    const analysed = await analyseForMatrix(options);
    workspace = matrixWithCounts(analysed);
    counted = analysed.length;
  }
  const json = { ...matrixJson(workspace), ...(workspace ? { files: counted } : {}) };
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : `${matrixText(workspace)}${workspace ? `\n\n${counted} file(s) counted.` : ''}\n`);
  return 0;
}

/** The analyses of the files a scan of the paths would read; a file that cannot be analysed is reported on stderr. */
async function analyseForMatrix(options: Options): Promise<{ file: string; analysis: Analysis }[]> {
  const root = scanRoot(options.paths);
  const config = options.noConfig ? undefined : loadConfig(root, options.config)?.config;
  const files = collectFiles(options.paths, {
    candidate: CANDIDATE,
    skippedDirectories: SKIPPED_DIRECTORIES,
    root,
    include: options.include.length ? options.include : (config?.include ?? []),
    exclude: [...(config?.exclude ?? []), ...options.exclude],
    warn: (message) => process.stderr.write(`responsibility-lens: ${message}\n`),
  });
  const pool = new AnalysisPool({ workerFile: path.join(__dirname, 'worker.js') });
  try {
    const outcomes = await Promise.all(files.map((file) => pool.run({ kind: 'analyzeFile', file, config }, { budgetMs: options.timeBudgetMs })));
    const analysed: { file: string; analysis: Analysis }[] = [];
    outcomes.forEach((outcome, index) => {
      const shown = path.relative(process.cwd(), files[index]) || files[index];
      if (outcome.status !== 'done') {
        const why = outcome.status === 'over-budget' ? `longer than the time budget of ${outcome.budgetMs} ms` : outcome.status === 'failed' ? outcome.message.split('\n')[0] : 'cancelled';
        process.stderr.write(`responsibility-lens: ${shown}: not counted (${why})\n`);
      } else if ('error' in outcome.value) process.stderr.write(`responsibility-lens: cannot read ${shown}: ${outcome.value.error}\n`);
      else if (outcome.value.analysis?.kind) analysed.push({ file: shown, analysis: outcome.value.analysis });
    });
    return analysed;
  } finally {
    pool.dispose();
  }
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
    for (const target of missing) process.stderr.write(`responsibility-lens: no such file or directory: ${target}\n`);
    process.stderr.write('responsibility-lens: nothing was scanned\n');
    return 2;
  }
  const root = scanRoot(targets);
  const loaded = options.noConfig ? undefined : loadConfig(root, options.config);
  const config = loaded?.config;
  const only = options.changedSince ? changedFiles(options.changedSince, root) : undefined;
  const files = collectFiles(targets, {
    candidate: CANDIDATE,
    skippedDirectories: SKIPPED_DIRECTORIES,
    root,
    // --include replaces the config's include list; excludes add up.
    include: options.include.length ? options.include : (config?.include ?? []),
    exclude: [...(config?.exclude ?? []), ...options.exclude],
    only,
    warn: (message) => process.stderr.write(`responsibility-lens: ${message}\n`),
  });

  const progress = process.stderr.isTTY && files.length > 1 ? (done: number, file: string) => progressLine(done, files.length, file) : undefined;
  const report: JsonReport = { version: 1, files: [] };
  // Files are analysed on worker threads, each within the time budget; results keep the walk's order.
  let done = 0;
  // Results keep the walk's order.
  const outcomes: Outcome<JobResult<{ kind: 'report'; file: string; path: string }>>[] = await Promise.all(
    files.map((file) =>
      pool.run({ kind: 'report', file, path: path.relative(cwd, file) || file, config }, { budgetMs: options.timeBudgetMs }).then((outcome) => {
        progress?.(done++, file);
        return outcome;
      }),
    ),
  );
  if (progress) process.stderr.write('\r\u001b[K');
  outcomes.forEach((outcome, index) => {
    const file = files[index];
    const shown = path.relative(cwd, file) || file;
    if (outcome.status === 'done') {
      if (outcome.value.error !== undefined) process.stderr.write(`responsibility-lens: cannot read ${file}: ${outcome.value.error}\n`);
      else if (outcome.value.report) report.files.push(outcome.value.report);
      return;
    }
    const why =
      outcome.status === 'over-budget'
        ? `Not analysed: the analysis took longer than the time budget of ${outcome.budgetMs} ms (raise it with --time-budget).`
        : `Not analysed: ${outcome.status === 'failed' ? `the analysis failed (${outcome.message.split('\n')[0]})` : 'cancelled'}.`;
    process.stderr.write(`responsibility-lens: ${shown}: ${why}\n`);
    report.files.push(notAnalysed(shown, why));
  });

  if (report.files.length === 0) {
    const where = options.changedSince ? `among the files changed since ${options.changedSince}` : `in ${targets.join(', ')}`;
    const read = files.length ? ` (${files.length} file(s) read, none of a supported format)` : '';
    process.stderr.write(`responsibility-lens: no supported file found ${where}${read}\n`);
    if (options.requireFiles) return NO_FILES;
  }
  if (options.listSuppressions) {
    process.stdout.write(suppressionList(report, options.format === 'json' ? 'json' : 'text'));
    return 0;
  }
  // Every finding a suppression removed, with its reason (src/core/engine/suppressions.ts, applied inside analyze()).
  const suppressed: SuppressedEntry[] = suppressedEntries(report);
  if (options.writeBaseline) writeBaseline(options.writeBaseline, report);
  let shown = report;
  let baselineNote: { file: string; hidden: number } | undefined;
  if (options.baseline) {
    const filtered = applyBaseline(report, readBaseline(options.baseline));
    shown = filtered.report;
    baselineNote = { file: options.baseline, hidden: filtered.hidden };
  }
  process.stdout.write(render(shown, options, { suppressed, baseline: baselineNote }));
  return failed(shown, options.failOn) ? 1 : 0;
}

/** A report entry for a file the pool could not analyse: no settings or findings, one error saying why. */
function notAnalysed(shown: string, message: string): FileReport {
  return { path: shown, kind: 'unknown', settings: [], findings: [], errors: [{ line: 1, column: 1, message }] };
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
  const name = file.length > width ? `…${file.slice(-width + 1)}` : file;
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
