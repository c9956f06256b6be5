/**
 * Entry of an analysis worker thread (dist/worker.js), shared by the CLI and
 * the language server. It runs one job at a time and says when the
 * synchronous part starts, so the pool can time it and terminate the thread
 * when it overruns its budget. The Terraform parser (WebAssembly next to the
 * bundle) loads on the first Terraform file, before the budget starts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyze, formatsReady, prepareFormats } from '../core';
import { needsTerraform, runJob, type Job } from './jobs';
import type { FromWorker, ToWorker } from './pool';

const port = parentPort!;
const wasmDir = (workerData as { wasmDir?: string } | undefined)?.wasmDir ?? __dirname;
const post = (message: FromWorker) => port.postMessage(message);

async function terraformParser(): Promise<void> {
  if (formatsReady()) return;
  const start = performance.now();
  try {
    await prepareFormats(wasmDir);
    post({ type: 'terraform', ms: performance.now() - start });
  } catch (error) {
    // Terraform files then get a note saying the parser is missing; nothing else changes.
    post({ type: 'terraform', ms: performance.now() - start, error: error instanceof Error ? error.message : String(error) });
  }
}

// The first analysis in a thread builds the knowledge indexes (tens of ms); do it before any job, so no budget pays for it.
analyze('Resources:\n  Warm:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: warm-up\n', 'warm-up.yaml');

port.on('message', (message: ToWorker) => void handle(message.id, message.job));

async function handle(id: number, job: Job): Promise<void> {
  if (needsTerraform(job)) await terraformParser();
  post({ type: 'started', id });
  const start = performance.now();
  try {
    const result = runJob(job);
    post({ type: 'done', id, result, ms: performance.now() - start });
  } catch (error) {
    post({ type: 'failed', id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
