/**
 * Scanning many files: read, analyse, report. Sequential in the calling
 * thread, or split over worker threads (an entry that calls scanSequential on workerData.files and posts the result) for large workspaces.
 * A file that disappears or changes between listing and reading is reported
 * as unreadable or analysed as read, never a crash.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyze } from '../core';
import { fileReport, type FileReport } from '../core/reports/report';
import { FolderSiblings, readTextFile } from './files';

export interface ScannedFile {
  file: string;
  /** Undefined when the file is not one the core understands. */
  report?: FileReport;
  /** Why the file could not be read (deleted, unreadable, a directory now …). */
  error?: string;
}

export function scanFile(file: string, cwd: string = process.cwd(), siblings: FolderSiblings = new FolderSiblings()): ScannedFile {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (error) {
    return { file, error: (error as Error).message };
  }
  const analysis = analyze(text, file, { siblings: siblings.of(file) });
  if (!analysis.kind) return { file };
  return { file, report: fileReport(path.relative(cwd, file) || file, text, analysis) };
}

export function scanSequential(files: string[], cwd: string = process.cwd()): ScannedFile[] {
  const siblings = new FolderSiblings();
  return files.map((file) => scanFile(file, cwd, siblings));
}

export interface ParallelOptions {
  /** Number of worker threads; 0 or 1 scans in this thread. */
  workers: number;
  /** The bundled scanWorker.js. */
  workerFile: string;
  cwd?: string;
}

/**
 * Splits the files over workers by interleaving (so big and small files mix)
 * and returns results in the input order.
 */
export async function scanParallel(files: string[], options: ParallelOptions): Promise<ScannedFile[]> {
  const cwd = options.cwd ?? process.cwd();
  const count = Math.min(options.workers, files.length);
  if (count <= 1) return scanSequential(files, cwd);
  const results: ScannedFile[] = new Array(files.length);
  await Promise.all(
    Array.from({ length: count }, (_, worker) => {
      const indexes: number[] = [];
      for (let index = worker; index < files.length; index += count) indexes.push(index);
      return new Promise<void>((resolve, reject) => {
        const thread = new Worker(options.workerFile, { workerData: { files: indexes.map((index) => files[index]), cwd } });
        thread.once('message', (scanned: ScannedFile[]) => {
          scanned.forEach((result, position) => (results[indexes[position]] = result));
          resolve();
        });
        thread.once('error', reject);
        thread.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`scan worker exited with code ${code}`))));
      });
    }),
  );
  return results;
}
