#!/usr/bin/env node
// Runs the extension-host test suite (out/test/host/index.js, compiled from test/host/)
// inside code-server, driven by headless Chromium. See docs/architecture.md, "Editor tests on this machine".
//
// Needs: `bash scripts/setup-code-server.sh` and a build (dist/extension.js, out/test/host/).
//
//   node scripts/run-host-tests.mjs [--extension <path>] [--suite <file>] [--workspace <dir>]
//                                   [--timeout <seconds>] [--grep <pattern>] [--out <dir>] [--verbose]
//
// Prints "✔ title" / "✖ title: error" per test and a last line "N passed, N failed".
// Exits non-zero on any failure, on a timeout, or when no test ran.
// Logs go to test-results/host/ or --out (code-server.log, browser.log, results.json).
// --verbose echoes code-server's output; --grep runs only the tests whose title matches.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ROOT,
  launchBrowser,
  readTail,
  startCodeServer,
  workbenchUrl,
} from './code-server.mjs';

const { values: opts } = parseArgs({
  options: {
    extension: { type: 'string' },
    suite: { type: 'string' },
    workspace: { type: 'string' },
    timeout: { type: 'string', default: process.env.RL_HOST_TIMEOUT ?? '180' },
    grep: { type: 'string' },
    out: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

const extensionPath = path.resolve(opts.extension ?? ROOT);
const suiteFile = path.resolve(opts.suite ?? path.join(ROOT, 'out', 'test', 'host', 'index.js'));
const workspace = path.resolve(opts.workspace ?? path.join(ROOT, 'test', 'fixtures', 'workspace'));
const timeoutMs = Number(opts.timeout) * 1000;
const outDir = path.resolve(opts.out ?? path.join(ROOT, 'test-results', 'host'));
const resultsFile = path.join(outDir, 'results.json');
const codeServerLog = path.join(outDir, 'code-server.log');
const browserLog = path.join(outDir, 'browser.log');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const indent = (text) => text.split('\n').filter((l) => l.trim()).join('\n    ');

/** Error entries of the browser console log, without the expected no-network noise. */
function browserErrors(file, max = 4000) {
  let text = '';
  try { text = fs.readFileSync(file, 'utf8'); } catch { return '(no browser log)'; }
  const blocks = text.split(/\n(?=\[)/).filter((b) => /^\[(error|pageerror)\]/.test(b) && !/ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_CONNECTION|open-vsx/.test(b));
  const out = blocks.join('\n');
  return out.length > max ? out.slice(out.length - max) : out || '(none)';
}

function fail(msg) {
  console.error(`run-host-tests: ${msg}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// --- preconditions --------------------------------------------------------
{
  const pkgFile = path.join(extensionPath, 'package.json');
  if (!fs.existsSync(pkgFile)) fail(`no package.json in ${extensionPath}`);
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  const main = pkg.main ? path.resolve(extensionPath, pkg.main) : null;
  if (main && !fs.existsSync(main) && !fs.existsSync(main + '.js')) fail(`${main} is missing; run \`npm run build\` first`);
  if (!fs.existsSync(suiteFile)) fail(`${suiteFile} is missing; run \`npm run build\` first (the host suite is compiled from test/host/)`);
  if (!fs.existsSync(workspace)) fail(`workspace ${workspace} does not exist`);
}

fs.mkdirSync(outDir, { recursive: true });
for (const f of [resultsFile, codeServerLog, browserLog]) fs.rmSync(f, { force: true });

// The extension host require()s extensionTestsPath: the module path without ".js".
const suiteModule = suiteFile.replace(/\.js$/, '');

let cs;
let browser;
let exitCode = 1;
const started = Date.now();
try {
  cs = await startCodeServer({
    folder: workspace,
    logFile: codeServerLog,
    echo: opts.verbose,
    env: {
      RL_HOST_RESULTS: resultsFile,
      RL_HOST_WORKSPACE: workspace,
      ...(opts.grep ? { RL_HOST_GREP: opts.grep } : {}),
    },
  });
  browser = await launchBrowser();
  const page = browser.pages()[0] ?? (await browser.newPage());
  const blog = fs.openSync(browserLog, 'a');
  page.on('console', (m) => fs.writeSync(blog, `[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => fs.writeSync(blog, `[pageerror] ${e.stack ?? e}\n`));

  const url = workbenchUrl(cs, { folder: workspace, extensionDevelopmentPath: extensionPath, extensionTestsPath: suiteModule });
  if (opts.verbose) console.error(`run-host-tests: ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  // Wait for the suite to write its results. The extension host exits when run()
  // settles (with code 0 even when the suite could not be loaded), so once it has
  // exited without results there is no point waiting for the full timeout.
  let results = null;
  let hostExitedAt = 0;
  let why = `no results after ${timeoutMs / 1000} s`;
  const deadline = started + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(resultsFile)) {
      try {
        results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
        if (results.done) break;
      } catch { /* being written */ }
    }
    if (!hostExitedAt && /Extension Host Process exited/.test(readTail(codeServerLog, 20_000))) hostExitedAt = Date.now();
    if (hostExitedAt && Date.now() - hostExitedAt > 3000) {
      why = 'the extension host exited without writing results (the suite failed to load?)';
      break;
    }
    await sleep(250);
  }

  if (!results?.done) {
    console.error(`run-host-tests: ${why}`);
    console.error('--- code-server.log (tail) ---\n' + readTail(codeServerLog, 2500));
    console.error('--- browser errors (tail) ---\n' + browserErrors(browserLog));
    console.log('0 passed, 1 failed');
  } else {
    for (const t of results.tests) {
      if (t.state === 'passed') console.log(`✔ ${t.fullTitle}`);
      else if (t.state === 'failed') console.log(`✖ ${t.fullTitle}: ${indent(t.error ?? '')}`);
      else console.log(`- ${t.fullTitle} (pending)`);
    }
    if (results.error) console.log(`✖ suite: ${results.error}`);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.error(`run-host-tests: ${results.files?.length ?? 0} file(s) in ${secs} s; logs in ${path.relative(process.cwd(), outDir) || outDir}`);
    if (results.passed + results.failed === 0) console.error('run-host-tests: no test ran');
    const skipped = results.pending ? `, ${results.pending} skipped` : '';
    console.log(`${results.passed} passed, ${results.failed} failed${skipped}`);
    exitCode = results.failed === 0 && results.passed > 0 ? 0 : 1;
  }
} catch (err) {
  console.error(`run-host-tests: ${err?.stack ?? err}`);
  console.log('0 passed, 1 failed');
  exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  await cs?.stop().catch(() => {});
}
process.exit(exitCode);
