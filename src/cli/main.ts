#!/usr/bin/env node
/** responsibility-lens: the same core as the extension, from the command line. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../core/analyze';
import { fileReport, textReport, type JsonReport } from '../core/report';
import { matrixText } from '../core/matrix';
import { matrix } from '../core/knowledge';

const USAGE = `Usage:
  responsibility-lens scan [--format text|json] [paths...]   attribute settings and report findings
  responsibility-lens matrix [--format text|json]            print the shared-responsibility matrix

Exit codes: 0 no error-severity findings, 1 error-severity findings, 2 usage or internal error.`;

const CANDIDATE = /\.(ya?ml|json|template)$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  let format = 'text';
  const paths: string[] = [];
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index];
    if (arg === '--format') format = rest[++index] ?? '';
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg === '--help' || arg === '-h') return usage(0);
    else if (arg.startsWith('-')) return usage(2, `Unknown option ${arg}`);
    else paths.push(arg);
  }
  if (!['text', 'json'].includes(format)) return usage(2, `Unknown format ${format}`);
  if (command === 'matrix') {
    process.stdout.write(format === 'json' ? `${JSON.stringify(matrix, null, 2)}\n` : `${matrixText()}\n`);
    return 0;
  }
  if (command !== 'scan') return usage(command === undefined || command === '--help' ? 0 : 2, command ? `Unknown command ${command}` : undefined);

  const report: JsonReport = { version: 1, files: [] };
  for (const file of collect(paths.length ? paths : ['.'])) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      process.stderr.write(`responsibility-lens: cannot read ${file}: ${(error as Error).message}\n`);
      continue;
    }
    const analysis = analyze(text, file);
    if (analysis.kind) report.files.push(fileReport(path.relative(process.cwd(), file) || file, text, analysis));
  }
  process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${textReport(report)}\n`);
  return report.files.some((file) => file.findings.some((finding) => finding.severity === 'error')) ? 1 : 0;
}

function collect(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (target: string, explicit: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      process.stderr.write(`responsibility-lens: no such file or directory: ${target}\n`);
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(target).sort()) {
        if (SKIPPED_DIRECTORIES.has(name)) continue;
        walk(path.join(target, name), false);
      }
    } else if (explicit || CANDIDATE.test(target)) files.push(target);
  };
  for (const target of paths) walk(target, true);
  return files;
}

function usage(code: number, problem?: string): number {
  if (problem) process.stderr.write(`responsibility-lens: ${problem}\n`);
  (code === 0 ? process.stdout : process.stderr).write(`${USAGE}\n`);
  return code;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`responsibility-lens: internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
}
