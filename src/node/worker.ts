/**
 * Entry of an analysis worker thread (dist/worker.js), shared by the CLI and
 * the language server. It runs one job at a time and says when the
 * synchronous part starts, so the pool can time it and terminate the thread
 * when it overruns its budget. The Terraform and Bicep parsers (WebAssembly
 * next to the bundle) load on the first file of theirs, before the budget starts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyze, bicepReady, formatsReady, prepareBicep, prepareFormats } from '../core';
import { needsBicep, needsTerraform, runJob, type Job } from './jobs';
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

async function bicepParser(): Promise<void> {
  if (bicepReady()) return;
  // A failed load leaves Bicep files with a note that the parser is loading; the next Bicep file tries again.
  await prepareBicep(wasmDir).catch(() => undefined);
}

// The first analysis in a thread builds the knowledge indexes (tens of ms); do it before any job, so no budget pays for it.
analyze('Resources:\n  Warm:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: warm-up\n', 'warm-up.yaml');

port.on('message', (message: ToWorker) => void handle(message.id, message.job));

async function handle(id: number, job: Job): Promise<void> {
  if (needsTerraform(job)) await terraformParser();
  if (needsBicep(job)) await bicepParser();
  post({ type: 'started', id });
  const start = performance.now();
  try {
    const result = runJob(job);
    post({ type: 'done', id, result, ms: performance.now() - start });
  } catch (error) {
    post({ type: 'failed', id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
