#!/usr/bin/env node
// Screenshots of the extension at work in code-server (needs setup-code-server.sh and a build).
//
//   node scripts/screenshot.mjs --workspace examples --file templates/app.yaml --line 12 --col 7 \
//        --command "Responsibility Lens: Show Responsibility Matrix" --out test-results/screenshots
//
// Writes to --out:
//   hover.png     the file opened, the mouse over (line, col) and its hover shown (hover.txt: its text)
//   problems.png  the Problems panel (problems.txt: its rows)           [skip with --no-problems]
//   matrix.png    after F1 > <command> > Enter, once a webview has content [skip with no --command]
//
// Options: --extension <dir> (default: this repo), --webview-selector <css> (what must be in
// the webview before the screenshot; default body), --width/--height (default 1400x900),
// --headed (needs a display).

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ROOT,
  hoverAt,
  launchBrowser,
  openFile,
  openProblems,
  runCommand,
  startCodeServer,
  waitForWebviewFrame,
  waitForWorkbench,
  workbenchUrl,
} from './code-server.mjs';

const { values: opts } = parseArgs({
  options: {
    workspace: { type: 'string', default: path.join(ROOT, 'examples') },
    file: { type: 'string' },
    line: { type: 'string', default: '1' },
    col: { type: 'string', default: '1' },
    out: { type: 'string', default: path.join(ROOT, 'test-results', 'screenshots') },
    command: { type: 'string' },
    extension: { type: 'string', default: ROOT },
    'webview-selector': { type: 'string', default: 'body' },
    'no-problems': { type: 'boolean', default: false },
    width: { type: 'string', default: '1400' },
    height: { type: 'string', default: '900' },
    headed: { type: 'boolean', default: false },
  },
});

if (!opts.file) {
  console.error('usage: node scripts/screenshot.mjs --workspace DIR --file REL/PATH --line N --col N [--command TITLE] [--out DIR]');
  process.exit(2);
}
const workspace = path.resolve(opts.workspace);
const outDir = path.resolve(opts.out);
const extensionPath = path.resolve(opts.extension);
fs.mkdirSync(outDir, { recursive: true });
if (!fs.existsSync(path.join(workspace, opts.file))) {
  console.error(`screenshot: ${path.join(workspace, opts.file)} does not exist`);
  process.exit(1);
}

const t0 = Date.now();
const lap = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
let cs;
let browser;
let page;
let code = 0;
try {
  cs = await startCodeServer({ folder: workspace, logFile: path.join(outDir, 'code-server.log') });
  browser = await launchBrowser({
    headless: !opts.headed,
    viewport: { width: Number(opts.width), height: Number(opts.height) },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(workbenchUrl(cs, { folder: workspace, extensionDevelopmentPath: extensionPath }));
  await waitForWorkbench(page);
  lap('workbench ready');

  await openFile(page, opts.file);
  lap(`opened ${opts.file}`);
  // give the extension a moment to activate and analyse the file
  await page.waitForTimeout(1000);
  const hoverText = await hoverAt(page, Number(opts.line), Number(opts.col));
  fs.writeFileSync(path.join(outDir, 'hover.txt'), hoverText + '\n');
  await page.screenshot({ path: path.join(outDir, 'hover.png') });
  lap(`hover.png (${hoverText.split('\n')[0].slice(0, 80)})`);
  await page.mouse.move(5, Number(opts.height) - 5); // let the hover go

  if (!opts['no-problems']) {
    const rows = await openProblems(page);
    fs.writeFileSync(path.join(outDir, 'problems.txt'), rows.map((r) => r.replace(/\n/g, ' ')).join('\n') + '\n');
    await page.screenshot({ path: path.join(outDir, 'problems.png') });
    lap(`problems.png (${rows.length} rows)`);
  }

  if (opts.command) {
    await runCommand(page, opts.command);
    await waitForWebviewFrame(page, { selector: opts['webview-selector'] });
    await page.waitForTimeout(500); // let it paint
    await page.screenshot({ path: path.join(outDir, 'matrix.png') });
    lap('matrix.png');
  }
} catch (err) {
  code = 1;
  console.error(`screenshot: ${err?.stack ?? err}`);
  if (page) {
    await page.screenshot({ path: path.join(outDir, 'error.png') }).catch(() => {});
    console.error(`screenshot: the page at the time of the error is in ${path.join(outDir, 'error.png')}`);
  }
} finally {
  await browser?.close().catch(() => {});
  await cs?.stop().catch(() => {});
}
process.exit(code);
