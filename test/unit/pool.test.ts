/**
 * The analysis worker pool (src/node/pool.ts) with the bundled worker
 * (dist/worker.js): budgets stop an overrunning analysis and the pool carries
 * on, cancellation drops queued and running jobs, and a slow file does not
 * hold up another file's analysis.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisPool, defaultPoolSize } from '../../src/node/pool';
import { ROOT } from './helpers';
import { slowTemplate } from './slowTemplate';

const WORKER = path.join(ROOT, 'dist/worker.js');
const small = fs.readFileSync(path.join(ROOT, 'examples/cloudformation/risky-stack.yaml'), 'utf8');


describe('analysis worker pool', function () {
  this.timeout(60_000);
  let pool: AnalysisPool | undefined;
  afterEach(() => pool?.dispose());

  it('sizes itself to the cores but one, at least one and at most four', () => {
    const size = defaultPoolSize();
    assert.ok(size >= 1 && size <= 4, String(size));
  });

  it('analyses on a worker and gives the analysis back as plain data', async () => {
    pool = new AnalysisPool({ workerFile: WORKER, size: 1 });
    const outcome = await pool.run({ kind: 'analyze', text: small, fileName: 'risky-stack.yaml' }, { budgetMs: 10_000 });
    assert.equal(outcome.status, 'done');
    if (outcome.status !== 'done') return;
    assert.equal(outcome.value.kind, 'cloudformation');
    assert.ok(outcome.value.findings.some((finding) => finding.ruleId === 'rds-storage-unencrypted'));
  });

  it('stops a job over its budget, replaces the worker, and the next job still runs', async () => {
    pool = new AnalysisPool({ workerFile: WORKER, size: 1 });
    const slow = await pool.run({ kind: 'analyze', text: slowTemplate(8000), fileName: 'slow.yaml' }, { budgetMs: 100 });
    assert.deepEqual(slow, { status: 'over-budget', budgetMs: 100 });
    const next = await pool.run({ kind: 'analyze', text: small, fileName: 'risky-stack.yaml' }, { budgetMs: 10_000 });
    assert.equal(next.status, 'done');
  });

  it('cancels a queued job at once and a long-running one by replacing its worker', async () => {
    pool = new AnalysisPool({ workerFile: WORKER, size: 1 });
    const running = new AbortController();
    const queued = new AbortController();
    const slow = pool.run({ kind: 'analyze', text: slowTemplate(20_000), fileName: 'slow.yaml' }, { budgetMs: 60_000, signal: running.signal, background: true });
    const waiting = pool.run({ kind: 'analyze', text: small, fileName: 'a.yaml' }, { budgetMs: 60_000, signal: queued.signal, background: true });
    queued.abort();
    assert.deepEqual(await waiting, { status: 'cancelled' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    running.abort();
    assert.deepEqual(await slow, { status: 'cancelled' });
    const next = await pool.run({ kind: 'analyze', text: small, fileName: 'risky-stack.yaml' }, { budgetMs: 10_000 });
    assert.equal(next.status, 'done', 'a fresh worker took over');
  });

  it('a slow file does not hold up an open file: an extra thread takes the interactive job', async () => {
    pool = new AnalysisPool({ workerFile: WORKER, size: 1 });
    const slow = pool.run({ kind: 'analyze', text: slowTemplate(30_000), fileName: 'slow.yaml' }, { budgetMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const quick = await pool.run({ kind: 'analyze', text: small, fileName: 'risky-stack.yaml' }, { budgetMs: 10_000 });
    assert.equal(quick.status, 'done');
    const slowOutcome = await Promise.race([slow, new Promise((resolve) => setTimeout(() => resolve('still running'), 0))]);
    assert.equal(slowOutcome, 'still running', 'the quick job did not wait for the slow one');
  });

  it('runs interactive jobs before queued background ones', async () => {
    pool = new AnalysisPool({ workerFile: WORKER, size: 1 });
    const order: string[] = [];
    const job = (name: string, background: boolean) =>
      pool!.run({ kind: 'analyze', text: small, fileName: `${name}.yaml` }, { budgetMs: 10_000, background }).then(() => order.push(name));
    await Promise.all([job('scan-1', true), job('scan-2', true), job('scan-3', true), job('open', false)]);
    assert.ok(order.indexOf('open') < order.indexOf('scan-3'), order.join(', '));
  });

  it('reads files on the worker: a report job for the CLI, and a listing of a folder', async () => {
    pool = new AnalysisPool({ workerFile: WORKER, size: 1 });
    const file = path.join(ROOT, 'examples/cloudformation/risky-stack.yaml');
    const report = await pool.run({ kind: 'report', file, root: path.dirname(file), path: 'risky-stack.yaml' }, { budgetMs: 10_000 });
    assert.equal(report.status, 'done');
    if (report.status === 'done') assert.equal(report.value.report?.kind, 'cloudformation');
    const gone = await pool.run({ kind: 'report', file: path.join(ROOT, 'no-such-file.yaml'), root: ROOT, path: 'x' }, { budgetMs: 10_000 });
    assert.ok(gone.status === 'done' && gone.value.unanalysed?.reason === 'unreadable' && /ENOENT/.test(gone.value.unanalysed.message));
    // A file outside the job's root is not read, whatever its path says.
    const outside = await pool.run({ kind: 'report', file, root: path.join(ROOT, 'test'), path: 'risky-stack.yaml' }, { budgetMs: 10_000 });
    assert.ok(outside.status === 'done' && outside.value.unanalysed?.reason === 'outside-root' && !outside.value.report);
    const listed = await pool.run({ kind: 'list', scan: { root: path.join(ROOT, 'test/fixtures/workspace'), include: [], exclude: [], useGitignore: true, maxFiles: 3 } }, { budgetMs: Infinity });
    assert.equal(listed.status, 'done');
    if (listed.status === 'done') {
      assert.equal(listed.value.files.length, 3);
      assert.equal(listed.value.truncated, true);
    }
  });
});
