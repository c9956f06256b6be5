#!/usr/bin/env node
/** responsibility-lens: the same core as the extension, from the command line. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze, matchesFileName, prepareFormats } from '../core';
import { fileReport, textReport, type JsonReport } from '../core/reports/report';
import { matrixText } from '../core/clouds/aws/matrix';
import { matrix } from '../core/clouds/aws/knowledge';
import { applyConfig, type ConfigTally } from '../core/engine/config';
import { silencedReport, type UnanalysedReport } from '../core/reports/silenced';
import { showControlCharacters, singleLine } from '../core/engine/text';
import { readInsideRoot } from '../node/read';
import { sarifLog } from '../core/reports/sarif';
import { markdownReport, type SuppressedEntry } from '../core/reports/markdown';
import { csvReport } from '../core/reports/csv';
import packageJson from '../../package.json';
import { parseOptions, UsageError, USAGE, type Options } from './options';
import { changedFiles, collectFiles, GitError } from './files';
import { applyBaseline, BaselineError, readBaseline, writeBaseline } from './baseline';
import { ConfigError, loadConfig } from './config';
import { suppressedEntries, suppressionList } from './suppressions';

const CANDIDATE = /\.(ya?ml|json|template)$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);

function main(argv: string[]): number {
  let options: Options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (error instanceof UsageError) return usage(2, error.message);
    throw error;
  }
  if (options.help) return usage(0);
  if (options.command === 'matrix') {
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(matrix, null, 2)}\n` : `${matrixText()}\n`);
    return 0;
  }
  if (options.command !== 'scan') return usage(options.command === undefined ? 0 : 2, options.command ? `Unknown command ${options.command}` : undefined);
  try {
    return scan(options);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof BaselineError || error instanceof GitError) {
      // Config errors quote values from the file: shown, not sent to the terminal.
      process.stderr.write(`responsibility-lens: ${showControlCharacters(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}

function scan(options: Options): number {
  const cwd = process.cwd();
  const targets = options.paths.length ? options.paths : ['.'];
  const root = scanRoot(targets);
  const loaded = options.noConfig ? undefined : loadConfig(root, options.config);
  const config = loaded?.config;
  const only = options.changedSince ? changedFiles(options.changedSince, root) : undefined;
  const shown = (file: string) => path.relative(cwd, file) || file;
  const warn = (message: string) => process.stderr.write(`responsibility-lens: ${singleLine(message)}\n`);
  // --include replaces the config's include list; excludes add up.
  const include = options.include.length ? options.include : (config?.include ?? []);
  const exclude = [...(config?.exclude ?? []), ...options.exclude];
  const collected = collectFiles(targets, {
    // Templates by extension, plus the files formats recognise by name (Dockerfile, .env, application.yml …).
    candidate: { test: (file: string) => CANDIDATE.test(file) || matchesFileName(file) },
    skippedDirectories: SKIPPED_DIRECTORIES,
    root,
    include,
    exclude,
    fromConfig: { include: !options.include.length && include.length > 0, exclude: new Set((config?.exclude ?? []).filter((glob) => !options.exclude.includes(glob))) },
    only,
  });
  const files = collected.files;
  const unanalysed: UnanalysedReport[] = collected.skipped.map((skip) => ({ path: shown(skip.path), reason: skip.reason, message: skip.message }));
  for (const entry of unanalysed) warn(`${entry.path} ${entry.message}`);

  const progress = process.stderr.isTTY && files.length > 1 ? (done: number, file: string) => progressLine(done, files.length, file) : undefined;
  const report: JsonReport = { version: 1, files: [] };
  const tally: ConfigTally = new Map();
  files.forEach(({ file, root: fileRoot }, index) => {
    progress?.(index, file);
    // Inside the folder it was found in (no link out of it), and the size checked before a byte is read.
    const read = readInsideRoot(file, fileRoot);
    if ('problem' in read) {
      unanalysed.push({ path: shown(file), reason: read.problem, message: read.message });
      warn(`${shown(file)} ${read.message}`);
      return;
    }
    const text = read.text;
    const analysis = applyConfig(analyze(text, file), config, tally);
    if (analysis.kind) report.files.push(fileReport(shown(file), text, analysis));
    const notAnalysed = analysis.errors.find((error) => error.notAnalysed);
    if (notAnalysed) unanalysed.push({ path: shown(file), reason: notAnalysed.notAnalysed!, message: notAnalysed.message });
    // A NUL byte hides a file from the formats that would otherwise claim it: say so rather than skip it silently.
    else if (!analysis.kind && text.slice(0, 200_000).includes('\u0000')) unanalysed.push({ path: shown(file), reason: 'binary', message: 'File looks binary (it has a NUL byte); it was not analysed.' });
  });
  if (progress) process.stderr.write('\r\u001b[K');
  if (config) report.silenced = silencedReport(config, tally, collected.configEffects);
  if (unanalysed.length) report.unanalysed = unanalysed;

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

function render(report: JsonReport, options: Options, extras: { suppressed?: SuppressedEntry[]; baseline?: { file: string; hidden: number } }): string {
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(
        sarifLog(report, { toolVersion: packageJson.version, informationUri: informationUri(), srcRoot: `${pathToFileURL(process.cwd()).href.replace(/\/?$/, '/')}` }),
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

// The Terraform parser (WebAssembly, next to the bundle) loads before anything is analysed,
// because analyze() is synchronous. Without it, .tf files get a note and everything else works.
void prepareFormats(__dirname)
  .catch((error: unknown) => process.stderr.write(`responsibility-lens: cannot load the Terraform parser: ${(error as Error).message ?? String(error)}\n`))
  .then(() => {
    try {
      process.exitCode = main(process.argv.slice(2));
    } catch (error) {
      process.stderr.write(`responsibility-lens: internal error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 2;
    }
  });
