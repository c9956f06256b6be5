/**
 * Entry point of the extension-host test suite.
 *
 * VS Code (here: code-server, see scripts/run-host-tests.mjs) loads this module in the
 * real extension host when the workbench is opened with `extensionTestsPath`, and calls
 * `run()`. The host exits as soon as `run()` settles, so the results are written to the
 * JSON file named by the RL_HOST_RESULTS environment variable, where the launcher reads
 * them. Every compiled `*.test.js` file next to this one (and below it) is run.
 *
 * Optional: RL_HOST_GREP filters tests by title (mocha --grep).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface HostTestResult {
  title: string;
  fullTitle: string;
  file?: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
  stack?: string;
}

export interface HostResults {
  startedAt: string;
  finishedAt?: string;
  done: boolean;
  passed: number;
  failed: number;
  pending: number;
  files: string[];
  tests: HostTestResult[];
  /** set when the suite could not be loaded or run at all */
  error?: string;
}

function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTestFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

function errorText(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error) return { message: err.message, stack: err.stack };
  return { message: String(err) };
}

function writeResults(results: HostResults): void {
  const file = process.env.RL_HOST_RESULTS;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
  fs.renameSync(tmp, file); // atomic: the launcher never sees half a file
}

export async function run(): Promise<void> {
  const results: HostResults = {
    startedAt: new Date().toISOString(),
    done: false,
    passed: 0,
    failed: 0,
    pending: 0,
    files: [],
    tests: [],
  };

  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
    if (process.env.RL_HOST_GREP) mocha.grep(process.env.RL_HOST_GREP);
    results.files = findTestFiles(__dirname);
    for (const f of results.files) mocha.addFile(f);

    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (test: Mocha.Test) => {
        results.passed++;
        results.tests.push({
          title: test.title,
          fullTitle: test.fullTitle(),
          file: test.file,
          state: 'passed',
          durationMs: test.duration,
        });
      });
      runner.on('fail', (test: Mocha.Runnable, err: unknown) => {
        // also fires for failing hooks ("before all" hook ...), which count as failures
        results.failed++;
        const e = errorText(err);
        results.tests.push({
          title: test.title,
          fullTitle: test.fullTitle(),
          file: test.file,
          state: 'failed',
          durationMs: test.duration,
          error: e.message,
          stack: e.stack,
        });
      });
      runner.on('pending', (test: Mocha.Test) => {
        results.pending++;
        results.tests.push({ title: test.title, fullTitle: test.fullTitle(), file: test.file, state: 'pending' });
      });
    });
  } catch (err) {
    const e = errorText(err);
    results.error = e.stack ?? e.message;
    results.failed++;
  }

  results.done = true;
  results.finishedAt = new Date().toISOString();
  writeResults(results);

  if (results.error) throw new Error(`extension-host suite could not run: ${results.error}`);
  if (results.failed > 0) throw new Error(`${results.failed} extension-host test(s) failed`);
}
