/** Worker-thread entry for scanParallel in the benchmark: scans its share of files and posts the results back. */
import { parentPort, workerData } from 'node:worker_threads';
import { scanSequential } from '../../src/cli/scan';
import { prepareFormats } from './prepare';

const { files, cwd } = workerData as { files: string[]; cwd: string };
void prepareFormats().then(() => parentPort!.postMessage(scanSequential(files, cwd)));
