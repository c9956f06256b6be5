#!/usr/bin/env node
/** responsibility-lens: the same core as the extension, from the command line. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze, matchesFileName, prepareFormats } from '../core';
import { fileReport, textReport, type JsonReport } from '../core/reports/report';
import { matrixJson, matrixText, matrixWithCounts } from '../core/clouds/aws/matrix';
import type { Analysis } from '../core/types';
import { applyConfig } from '../core/engine/config';
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
  if (options.command !== 'scan' && options.command !== 'matrix') return usage(options.command === undefined ? 0 : 2, options.command ? `Unknown command ${options.command}` : undefined);
  try {
    return options.command === 'matrix' ? printMatrix(options) : scan(options);
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
 * and findings of those files counted into both.
 */
function printMatrix(options: Options): number {
  let workspace: ReturnType<typeof matrixWithCounts> | undefined;
  const analysed: { file: string; analysis: Analysis }[] = [];
  if (options.paths.length) {
    const config = configFor(options, options.paths);
    for (const file of candidateFiles(options, options.paths)) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        process.stderr.write(`responsibility-lens: cannot read ${file}: ${(error as Error).message}\n`);
        continue;
      }
      const analysis = applyConfig(analyze(text, file), config);
      if (analysis.kind) analysed.push({ file: path.relative(process.cwd(), file) || file, analysis });
    }
    workspace = matrixWithCounts(analysed);
  }
  const json = { ...matrixJson(workspace), ...(workspace ? { files: analysed.length } : {}) };
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : `${matrixText(workspace)}${workspace ? `\n\n${analysed.length} file(s) counted.` : ''}\n`);
  return 0;
}

function configFor(options: Options, targets: string[]) {
  return options.noConfig ? undefined : loadConfig(scanRoot(targets), options.config)?.config;
}

/** The files a scan of `targets` reads: templates by extension and the files formats recognise by name, with the config's and the options' globs. */
function candidateFiles(options: Options, targets: string[]): string[] {
  const root = scanRoot(targets);
  const config = configFor(options, targets);
  const only = options.changedSince ? changedFiles(options.changedSince, root) : undefined;
  return collectFiles(targets, {
    candidate: { test: (file: string) => CANDIDATE.test(file) || matchesFileName(file) },
    skippedDirectories: SKIPPED_DIRECTORIES,
    root,
    include: options.include.length ? options.include : (config?.include ?? []),
    exclude: [...(config?.exclude ?? []), ...options.exclude],
    only,
    warn: (message) => process.stderr.write(`responsibility-lens: ${message}\n`),
  });
}

function scan(options: Options): number {
  const cwd = process.cwd();
  const targets = options.paths.length ? options.paths : ['.'];
  const root = scanRoot(targets);
  const loaded = options.noConfig ? undefined : loadConfig(root, options.config);
  const config = loaded?.config;
  const only = options.changedSince ? changedFiles(options.changedSince, root) : undefined;
  const files = collectFiles(targets, {
    // Templates by extension, plus the files formats recognise by name (Dockerfile, .env, application.yml …).
    candidate: { test: (file: string) => CANDIDATE.test(file) || matchesFileName(file) },
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
  files.forEach((file, index) => {
    progress?.(index, file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      process.stderr.write(`responsibility-lens: cannot read ${file}: ${(error as Error).message}\n`);
      return;
    }
    const analysis = applyConfig(analyze(text, file), config);
    if (analysis.kind) report.files.push(fileReport(path.relative(cwd, file) || file, text, analysis));
  });
  if (progress) process.stderr.write('\r\u001b[K');

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
  const name = file.length > width ? `…${file.slice(-width + 1)}` : file;
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
