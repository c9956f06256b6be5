/**
 * Child process of the benchmark: scans a folder in this process, sequentially
 * (the CLI's report job run directly, no worker) or on the analysis worker
 * pool the CLI and the language server use (src/node/pool.ts with
 * dist/worker.js), and prints one JSON line with time and memory.
 * Usage: node out/bench/scan.js <folder> [--workers N]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runJob, type JobResults } from '../../src/node/jobs';
import { AnalysisPool } from '../../src/node/pool';
import { prepareFormats } from './prepare';

const ROOT = path.resolve(__dirname, '../..');

const SKIPPED = new Set(['node_modules', '.git', 'dist', 'out']);

function list(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (SKIPPED.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(folder);
  return files;
}

async function main(): Promise<void> {
  const [folder, ...rest] = process.argv.slice(2);
  const workersAt = rest.indexOf('--workers');
  const workers = workersAt >= 0 ? Number(rest[workersAt + 1]) : 0;
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const start = performance.now();
  await prepareFormats();
  const files = list(folder);
  const job = (file: string) => ({ kind: 'report' as const, file, path: path.relative(folder, file) });
  let results: JobResults['report'][];
  if (workers > 0) {
    const pool = new AnalysisPool({ workerFile: path.join(ROOT, 'dist/worker.js'), size: workers });
    const outcomes = await Promise.all(files.map((file) => pool.run(job(file), { budgetMs: Infinity })));
    pool.dispose();
    results = outcomes.map((outcome) => (outcome.status === 'done' ? outcome.value : { error: outcome.status }));
  } else {
    // Sample between files: the sequential scan never yields to the timer.
    results = [];
    for (const file of files) {
      results.push(runJob(job(file)));
      peak = Math.max(peak, process.memoryUsage.rss());
    }
  }
  const ms = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const analysed = results.filter((result) => result.report);
  const kinds: Record<string, number> = {};
  for (const result of analysed) kinds[result.report!.kind] = (kinds[result.report!.kind] ?? 0) + 1;
  const settings = analysed.reduce((sum, result) => sum + result.report!.settings.length, 0);
  const findings = analysed.reduce((sum, result) => sum + result.report!.findings.length, 0);
  process.stdout.write(`${JSON.stringify({ files: files.length, analysed: analysed.length, kinds, settings, findings, ms, peakRss: peak })}\n`);
}

void main();
