/**
 * What a worker does: the jobs of the analysis pool, as plain data in and out
 * (they cross a thread boundary by structured clone). The only place where
 * the CLI and the language server call the core's `analyze()`.
 */
import * as fs from 'node:fs';
import { analyze, isTerraformFileName, MAX_ANALYSED_CHARS } from '../core';
import { applyConfig, type OrgConfig } from '../core/engine/config';
import { fileReport, type FileReport } from '../core/reports/report';
import type { Analysis } from '../core/types';
import { folderFiles, type FolderScan } from './files';

export type Job =
  /** An open document's text (language server). */
  | { kind: 'analyze'; text: string; fileName: string; config?: OrgConfig }
  /** A file on disk, read by the worker (workspace scan, list of suppressions); `onlyIf` skips files that lack the text. */
  | { kind: 'analyzeFile'; file: string; config?: OrgConfig; onlyIf?: string }
  /** A file on disk as a CLI report entry, `path` as the report shows it. */
  | { kind: 'report'; file: string; path: string; config?: OrgConfig }
  /** The files of a workspace folder to scan. */
  | { kind: 'list'; scan: FolderScan };

export type FileRead = { text: string } | { error: string } | { tooLarge: number };

export interface JobResults {
  analyze: Analysis;
  analyzeFile: FileRead & { analysis?: Analysis };
  report: { report?: FileReport; error?: string };
  list: { files: string[]; truncated: boolean };
}

export type JobResult<J extends Job> = JobResults[J['kind']];

/** Whether a job needs the Terraform parser loaded first (it is WebAssembly: loading is asynchronous). */
export function needsTerraform(job: Job): boolean {
  if (job.kind === 'analyze') return isTerraformFileName(job.fileName);
  if (job.kind === 'list') return false;
  return isTerraformFileName(job.file);
}

/** Runs a job synchronously: this is the part a time budget bounds. */
export function runJob<J extends Job>(job: J): JobResult<J> {
  return run(job) as JobResult<J>;
}

function run(job: Job): JobResults[Job['kind']] {
  switch (job.kind) {
    case 'analyze':
      return applyConfig(analyze(job.text, job.fileName), job.config);
    case 'analyzeFile': {
      const read = readText(job.file);
      if (!('text' in read) || (job.onlyIf !== undefined && !read.text.includes(job.onlyIf))) return read;
      return { ...read, analysis: applyConfig(analyze(read.text, job.file), job.config) };
    }
    case 'report': {
      // Read whole, as the CLI always has: the core reports a file over its size limit.
      const read = readText(job.file, Infinity);
      if (!('text' in read)) return { error: 'error' in read ? read.error : `too large (${read.tooLarge} bytes)` };
      const analysis = applyConfig(analyze(read.text, job.file), job.config);
      return analysis.kind ? { report: fileReport(job.path, read.text, analysis) } : {};
    }
    case 'list':
      return folderFiles(job.scan);
  }
}

/**
 * UTF-8 text of a file, unless it has more than `maxBytes` (checked before
 * reading; by default more than any format analyses: UTF-8 never has fewer
 * bytes than UTF-16 code units).
 */
export function readText(file: string, maxBytes = MAX_ANALYSED_CHARS * 3): FileRead {
  try {
    const size = maxBytes === Infinity ? 0 : fs.statSync(file).size;
    if (size > maxBytes) return { tooLarge: size };
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
