/**
 * What a worker does: the jobs of the analysis pool, as plain data in and out
 * (they cross a thread boundary by structured clone). The only place where
 * the CLI and the language server call the core's `analyze()`.
 */
import { analyze, isTerraformFileName } from '../core';
import { applyConfig, type OrgConfig } from '../core/engine/config';
import { fileReport, type FileReport } from '../core/reports/report';
import type { Analysis } from '../core/types';
import { folderFiles, readText, type FileRead, type FolderScan } from './files';
import { SiblingReader } from './siblings';

export type Job =
  /** An open document's text (language server). */
  | { kind: 'analyze'; text: string; fileName: string; config?: OrgConfig; /** Set for a file on disk: read the files beside it, with these open editors' texts (by base name) winning. */ siblings?: { open: Record<string, string> } }
  /** A file on disk, read by the worker (workspace scan, list of suppressions); `onlyIf` skips files that lack the text. */
  | { kind: 'analyzeFile'; file: string; config?: OrgConfig; onlyIf?: string }
  /** A file on disk as a CLI report entry, `path` as the report shows it. */
  | { kind: 'report'; file: string; path: string; config?: OrgConfig }
  /** The files of a workspace folder to scan. */
  | { kind: 'list'; scan: FolderScan };

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

/** Files beside an analysed file (Terraform variables, tfvars, locals), cached per folder for the worker's life. */
const siblings = new SiblingReader();

/** Runs a job synchronously: this is the part a time budget bounds. */
export function runJob<J extends Job>(job: J): JobResult<J> {
  return run(job) as JobResult<J>;
}

function run(job: Job): JobResults[Job['kind']] {
  switch (job.kind) {
    case 'analyze':
      return applyConfig(analyze(job.text, job.fileName, job.siblings && { siblings: siblings.of(job.fileName, job.siblings.open) }), job.config);
    case 'analyzeFile': {
      const read = readText(job.file);
      if (!('text' in read) || (job.onlyIf !== undefined && !read.text.includes(job.onlyIf))) return read;
      return { ...read, analysis: applyConfig(analyze(read.text, job.file, { siblings: siblings.of(job.file) }), job.config) };
    }
    case 'report': {
      // Read whole, as the CLI always has: the core reports a file over its size limit.
      const read = readText(job.file, Infinity);
      if (!('text' in read)) return { error: 'error' in read ? read.error : `too large (${read.tooLarge} bytes)` };
      const analysis = applyConfig(analyze(read.text, job.file, { siblings: siblings.of(job.file) }), job.config);
      return analysis.kind ? { report: fileReport(job.path, read.text, analysis) } : {};
    }
    case 'list':
      return folderFiles(job.scan);
  }
}
