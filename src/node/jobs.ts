/**
 * What a worker does: the jobs of the analysis pool, as plain data in and out
 * (they cross a thread boundary by structured clone). The only place where
 * the CLI and the language server call the core's `analyze()`.
 *
 * Every file a job reads is read with src/node/read.ts readInsideRoot: only
 * when its real path is inside the job's `root` (the scanned folder or the
 * workspace folder), only a regular file, and with its size checked on the
 * opened descriptor before a byte is read. Files beside it (Terraform
 * variables) are read the same way, inside the same root (src/node/siblings.ts).
 */
import { analyze, isBicepFileName, isTerraformFileName } from '../core';
import { applyConfig, type ConfigTally, type OrgConfig, type OverrideEffect } from '../core/engine/config';
import { fileReport, type FileReport } from '../core/reports/report';
import type { UnanalysedReason } from '../core/reports/silenced';
import type { Analysis } from '../core/types';
import { folderFiles, type FolderFiles, type FolderScan } from './files';
import { readInsideRoot, type SafeRead } from './read';
import { SiblingReader } from './siblings';

export type Job =
  /** An open document's text (language server). */
  | {
      kind: 'analyze';
      text: string;
      fileName: string;
      config?: OrgConfig;
      /**
       * Set for a file on disk: read the files beside it, inside `root` (its workspace folder, else its own
       * folder), with these open editors' texts (by base name) winning.
       */
      siblings?: { open: Record<string, string>; root: string };
    }
  /** A file on disk under `root`, read by the worker (workspace scan, list of suppressions, CLI matrix); `onlyIf` skips files that lack the text. */
  | { kind: 'analyzeFile'; file: string; root: string; config?: OrgConfig; onlyIf?: string }
  /** A file on disk under `root` as a CLI report entry, `path` as the report shows it. */
  | { kind: 'report'; file: string; root: string; path: string; config?: OrgConfig }
  /** The files of a workspace folder to scan. */
  | { kind: 'list'; scan: FolderScan };

/**
 * What each override of a job's config did, by its index in `config.overrides`:
 * the tally's keys are override objects, which do not survive the thread boundary.
 */
export type TallyEntries = [index: number, effect: OverrideEffect][];

/** Why a file has no analysis: it was not read, or the core did not analyse it (binary, too large). */
export interface NotAnalysed {
  reason: UnanalysedReason;
  message: string;
}

export interface JobResults {
  analyze: Analysis;
  /** `unanalysed`: read, but no format analysed it (a NUL byte, too large for its format). */
  analyzeFile: SafeRead & { analysis?: Analysis; unanalysed?: NotAnalysed };
  report: { report?: FileReport; unanalysed?: NotAnalysed; tally?: TallyEntries };
  list: FolderFiles;
}

export type JobResult<J extends Job> = JobResults[J['kind']];

/** Whether a job needs the Bicep parser loaded first (WebAssembly, as Terraform's). */
export function needsBicep(job: Job): boolean {
  if (job.kind === 'list') return false;
  return isBicepFileName(job.kind === 'analyze' ? job.fileName : job.file);
}

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
      return applyConfig(analyze(job.text, job.fileName, job.siblings && { siblings: siblings.of(job.fileName, job.siblings.root, job.siblings.open) }), job.config);
    case 'analyzeFile': {
      const read = readInsideRoot(job.file, job.root);
      if (!('text' in read) || (job.onlyIf !== undefined && !read.text.includes(job.onlyIf))) return read;
      const analysis = applyConfig(analyze(read.text, job.file, { siblings: siblings.of(job.file, job.root) }), job.config);
      const unanalysed = notAnalysed(read.text, analysis);
      return { ...read, analysis, ...(unanalysed ? { unanalysed } : {}) };
    }
    case 'report':
      return report(job);
    case 'list':
      return folderFiles(job.scan);
  }
}

function report(job: Extract<Job, { kind: 'report' }>): JobResults['report'] {
  const read = readInsideRoot(job.file, job.root);
  if ('problem' in read) return { unanalysed: { reason: read.problem, message: read.message } };
  const tally: ConfigTally = new Map();
  const analysis = applyConfig(analyze(read.text, job.file, { siblings: siblings.of(job.file, job.root) }), job.config, tally);
  const entries: TallyEntries = job.config ? [...tally].map(([override, effect]) => [job.config!.overrides.indexOf(override), effect]) : [];
  const result: JobResults['report'] = entries.length ? { tally: entries } : {};
  if (analysis.kind) result.report = fileReport(job.path, read.text, analysis);
  const unanalysed = notAnalysed(read.text, analysis);
  if (unanalysed) result.unanalysed = unanalysed;
  return result;
}

/** Why a file that was read has no analysis: the core's notice (binary, too large, over the parser's budget), or a NUL byte that kept every format from claiming it. */
function notAnalysed(text: string, analysis: Analysis): NotAnalysed | undefined {
  const notice = analysis.errors.find((error) => error.notAnalysed);
  if (notice) return { reason: notice.notAnalysed!, message: notice.message };
  // A NUL byte hides a file from the formats that would otherwise claim it: say so rather than skip it silently.
  if (!analysis.kind && text.slice(0, 200_000).includes('\u0000')) return { reason: 'binary', message: 'File looks binary (it has a NUL byte); it was not analysed.' };
  return undefined;
}
