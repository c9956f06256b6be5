/**
 * A pool of analysis worker threads with a time budget per job, shared by the
 * CLI and the language server. Synchronous JavaScript cannot be interrupted,
 * so a job that overruns its budget, or is cancelled while it runs, costs its
 * worker: the thread is terminated and a fresh one takes its place. The
 * caller's thread never runs an analysis and never waits on one.
 */
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Job, JobResult } from './jobs';

export type Outcome<T> =
  | { status: 'done'; value: T; ms: number }
  /** The job ran longer than its budget; its worker was replaced. */
  | { status: 'over-budget'; budgetMs: number }
  | { status: 'cancelled' }
  /** The job threw, or its worker died (out of memory …). */
  | { status: 'failed'; message: string };

export interface RunOptions {
  /** Milliseconds of synchronous work allowed (time spent queued or loading the Terraform parser does not count). */
  budgetMs: number;
  signal?: AbortSignal;
  /** Interactive jobs (an open document) go before background ones (a workspace scan). */
  background?: boolean;
}

export interface PoolOptions {
  /** The bundled worker entry (dist/worker.js). */
  workerFile: string;
  /** Number of threads; see {@link defaultPoolSize}. */
  size?: number;
  /** Where tree-sitter.wasm and tree-sitter-terraform.wasm are; default: next to the worker. */
  wasmDir?: string;
  /** Heap limit of a worker: an analysis that exhausts it fails alone instead of taking the process down. */
  maxHeapMb?: number;
  log?(message: string): void;
  /** Called once, when a worker has loaded the Terraform parser. */
  onTerraformReady?(ms: number, error?: string): void;
}

/** Messages between the pool and a worker (src/node/worker.ts). */
export interface ToWorker {
  id: number;
  job: Job;
}
export type FromWorker =
  | { type: 'started'; id: number }
  | { type: 'done'; id: number; result: unknown; ms: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'terraform'; ms: number; error?: string };

/**
 * Threads for analysis: one core stays for the caller's own thread (the
 * editor, or the CLI's reading and reporting), at least one, at most four.
 */
export function defaultPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores - 1, 4));
}

/**
 * A cancelled job that has run for less than this is left to finish (its
 * result is dropped): starting a replacement thread costs about as much.
 */
const CANCEL_GRACE_MS = 150;

/**
 * When every thread has been busy this long and an interactive job waits, one
 * extra thread starts for it (and stops when idle), so a slow file never holds
 * up the analysis of another open file for longer than this.
 */
const OVERFLOW_AFTER_MS = 250;

interface Task {
  id: number;
  job: Job;
  options: RunOptions;
  resolve(outcome: Outcome<unknown>): void;
  /** performance.now() when the worker started the synchronous part. */
  started?: number;
  timer?: NodeJS.Timeout;
  /** Set when the outcome was already given (cancelled while running); the slot is freed when the worker answers. */
  settled?: boolean;
  unsubscribe?(): void;
}

interface Slot {
  worker: Worker;
  task?: Task;
}

export class AnalysisPool {
  private readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private overflowTimer: NodeJS.Timeout | undefined;
  private terraformAnnounced = false;
  private disposed = false;

  constructor(private readonly options: PoolOptions) {
    this.size = Math.max(1, options.size ?? defaultPoolSize());
  }

  /** Runs a job on a worker within its budget. Never rejects. */
  run<J extends Job>(job: J, options: RunOptions): Promise<Outcome<JobResult<J>>> {
    return new Promise((resolve) => {
      if (this.disposed || options.signal?.aborted) return resolve({ status: 'cancelled' });
      const task: Task = { id: this.nextId++, job, options, resolve: resolve as Task['resolve'] };
      if (options.signal) {
        const onAbort = () => this.cancel(task);
        options.signal.addEventListener('abort', onAbort, { once: true });
        task.unsubscribe = () => options.signal!.removeEventListener('abort', onAbort);
      }
      const at = options.background ? this.queue.length : this.queue.findIndex((queued) => queued.options.background);
      this.queue.splice(at < 0 ? this.queue.length : at, 0, task);
      this.dispatch();
    });
  }

  /** Starts threads ahead of the first job (up to `count`), so their start-up overlaps the caller's own. */
  prestart(count = this.size): void {
    while (!this.disposed && this.slots.length < Math.min(count, this.size)) this.spawn();
  }

  /** Threads started so far (they start on demand). */
  get threads(): number {
    return this.slots.length;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.overflowTimer);
    for (const task of this.queue.splice(0)) this.settle(task, { status: 'cancelled' });
    for (const slot of this.slots.splice(0)) {
      if (slot.task) {
        clearTimeout(slot.task.timer);
        this.settle(slot.task, { status: 'cancelled' });
      }
      void slot.worker.terminate();
    }
  }

  private dispatch(): void {
    while (this.queue.length && !this.disposed) {
      let slot = this.slots.find((candidate) => !candidate.task);
      try {
        if (!slot && this.slots.length < this.size) slot = this.spawn();
        slot ??= this.overflow();
      } catch (error) {
        // No thread can start (the worker bundle is missing or broken): every waiting job fails, saying why.
        const message = `cannot start an analysis worker: ${error instanceof Error ? error.message : String(error)}`;
        for (const task of this.queue.splice(0)) this.settle(task, { status: 'failed', message });
        return;
      }
      if (!slot) return this.watchForOverflow();
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage({ id: task.id, job: task.job } satisfies ToWorker);
    }
    // The extra thread goes once it is idle.
    while (this.slots.length > this.size) {
      const idle = this.slots.find((candidate) => !candidate.task);
      if (!idle) break;
      this.replace(idle);
    }
  }

  /** Milliseconds until every thread has been busy for OVERFLOW_AFTER_MS; undefined when no extra thread may start. */
  private overflowIn(): number | undefined {
    if (this.slots.length !== this.size || !this.queue.length || this.queue[0].options.background) return undefined;
    const now = performance.now();
    return Math.max(0, ...this.slots.map((slot) => OVERFLOW_AFTER_MS - (slot.task?.started === undefined ? 0 : now - slot.task.started)));
  }

  private overflow(): Slot | undefined {
    return this.overflowIn() === 0 ? this.spawn() : undefined;
  }

  private watchForOverflow(): void {
    const wait = this.overflowIn();
    if (wait === undefined || this.overflowTimer) return;
    this.overflowTimer = setTimeout(() => {
      this.overflowTimer = undefined;
      this.dispatch();
    }, wait);
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.workerFile, {
      workerData: { wasmDir: this.options.wasmDir },
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 2048 },
    });
    const slot: Slot = { worker };
    worker.on('message', (message: FromWorker) => this.receive(slot, message));
    worker.on('error', (error) => this.lost(slot, error.message));
    worker.on('exit', (code) => this.lost(slot, `worker exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private receive(slot: Slot, message: FromWorker): void {
    if (!this.slots.includes(slot)) return;
    if (message.type === 'terraform') {
      if (!this.terraformAnnounced) this.options.onTerraformReady?.(message.ms, message.error);
      this.terraformAnnounced = true;
      return;
    }
    const task = slot.task;
    if (!task || task.id !== message.id) return;
    if (message.type === 'started') {
      task.started = performance.now();
      const budget = task.options.budgetMs;
      if (Number.isFinite(budget)) task.timer = setTimeout(() => this.overrun(slot, task), Math.max(0, budget));
      return;
    }
    slot.task = undefined;
    clearTimeout(task.timer);
    this.settle(task, message.type === 'done' ? { status: 'done', value: message.result, ms: message.ms } : { status: 'failed', message: message.message });
    this.dispatch();
  }

  private overrun(slot: Slot, task: Task): void {
    if (slot.task !== task) return;
    this.options.log?.(`a job ran over its budget of ${task.options.budgetMs} ms: its worker is replaced`);
    this.replace(slot);
    this.settle(task, { status: 'over-budget', budgetMs: task.options.budgetMs });
    this.dispatch();
  }

  private cancel(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(task, { status: 'cancelled' });
      return;
    }
    const slot = this.slots.find((candidate) => candidate.task === task);
    if (!slot || task.settled) return;
    this.settle(task, { status: 'cancelled' });
    if (task.started !== undefined && performance.now() - task.started >= CANCEL_GRACE_MS) {
      this.replace(slot);
      this.dispatch();
    }
  }

  /** A worker died on its own (out of memory, a crash): its job fails, and a new thread is started when needed. */
  private lost(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.task) {
      clearTimeout(slot.task.timer);
      this.settle(slot.task, { status: 'failed', message: reason });
    }
    this.dispatch();
  }

  /** Terminates a slot's worker; the next dispatch starts another. */
  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    clearTimeout(slot.task?.timer);
    slot.task = undefined;
    void slot.worker.terminate();
  }

  /** Gives the caller its outcome (once); a job cancelled while it runs keeps its budget timer until its worker is free. */
  private settle(task: Task, outcome: Outcome<unknown>): void {
    if (task.settled) return;
    task.settled = true;
    task.unsubscribe?.();
    task.resolve(outcome);
  }
}
