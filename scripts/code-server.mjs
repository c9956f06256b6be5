// Helpers to run VS Code (code-server 4.100.3) on this machine and drive it
// with playwright-core + Debian's /usr/bin/chromium. See docs/architecture.md, "Editor tests on this machine".
//
// Install first with `bash scripts/setup-code-server.sh`.
//
//   const cs = await startCodeServer({ folder });
//   const browser = await launchBrowser();
//   const page = await browser.newPage();
//   await page.goto(workbenchUrl(cs, { folder, extensionDevelopmentPath: ROOT }));
//   await waitForWorkbench(page);
//   ...
//   await browser.close(); await cs.stop();

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_DIR = process.env.RL_CODE_SERVER_DIR || path.join(ROOT, '.vscode-test', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.RL_CHROMIUM || '/usr/bin/chromium';
export const EXTENSION_ID = 'responsibility-lens.responsibility-lens';

/** Settings that keep the workbench quiet and deterministic under test. */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'editor.hover.delay': 200,
  'files.autoSave': 'off',
};

const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function getFreePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** Writes `<userDataDir>/User/settings.json` (DEFAULT_SETTINGS + extra). */
export function writeUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...extra }, null, 2) + '\n');
}

// Every live process group we started, so that an unexpected exit still kills them.
const liveGroups = new Set();
// Temporary dirs to remove at exit, even after Ctrl-C.
const liveTemps = new Set();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const pid of liveGroups) {
      try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    liveGroups.clear();
    for (const d of liveTemps) {
      try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ }
    }
    liveTemps.clear();
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      killAll();
      process.exit(128 + (os.constants.signals[sig] ?? 1));
    });
  }
}

/**
 * Starts code-server on 127.0.0.1 and waits until it answers HTTP.
 * @param {object} o
 * @param {string} o.folder        folder to open by default
 * @param {number} [o.port]        defaults to a free port
 * @param {string} [o.extensionsDir] defaults to a fresh temporary dir
 * @param {string} [o.userDataDir] defaults to a fresh temporary dir
 * @param {object} [o.settings]    extra user settings merged over DEFAULT_SETTINGS
 * @param {Record<string,string>} [o.env] extra environment (inherited by the extension host)
 * @param {string} [o.logFile]     where code-server's output goes (default: <userDataDir>/code-server.log)
 * @param {boolean} [o.echo]       also echo code-server's output to this process's stderr
 * @param {number} [o.timeoutMs]   how long to wait for HTTP (default 60 s)
 * @param {boolean} [o.keepSettings] don't overwrite an existing User/settings.json
 * @param {string} [o.host]      address to bind (default 127.0.0.1)
 * @returns {Promise<{url: string, port: number, pid: number, userDataDir: string, extensionsDir: string, logFile: string, exited: Promise<void>, stop: () => Promise<void>}>}
 */
export async function startCodeServer({
  folder,
  port,
  extensionsDir,
  userDataDir,
  settings = {},
  env = {},
  logFile,
  echo = false,
  timeoutMs = 60_000,
  keepSettings = false,
  host = '127.0.0.1',
} = {}) {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed at ${CODE_SERVER_ENTRY}; run: bash scripts/setup-code-server.sh`);
  }
  const temps = [];
  const mkTemp = (prefix) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    temps.push(d);
    liveTemps.add(d);
    return d;
  };
  userDataDir = userDataDir ? path.resolve(userDataDir) : mkTemp('rl-cs-data-');
  extensionsDir = extensionsDir ? path.resolve(extensionsDir) : mkTemp('rl-cs-ext-');
  fs.mkdirSync(userDataDir, { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (!keepSettings || !fs.existsSync(path.join(userDataDir, 'User', 'settings.json'))) writeUserSettings(userDataDir, settings);
  port = port ?? (await getFreePort());
  logFile = logFile ?? path.join(userDataDir, 'code-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'a');

  // Our own config file, so ~/.config/code-server/config.yaml is neither read nor created.
  const configFile = path.join(userDataDir, 'code-server-config.yaml');
  if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

  const args = [
    CODE_SERVER_ENTRY,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (folder) args.push(path.resolve(folder));

  // Don't let the parent's VS Code / code-server variables leak in (e.g. when
  // this runs from a VS Code terminal) - they change how the server behaves.
  const childEnv = { ...process.env };
  for (const k of Object.keys(childEnv)) {
    if (/^(VSCODE_|ELECTRON_|CODE_SERVER_)/.test(k) || k === 'PORT' || k === 'PASSWORD' || k === 'HASHED_PASSWORD') delete childEnv[k];
  }
  // No extension gallery: there is no internet here, and tests must not depend on one.
  childEnv.EXTENSIONS_GALLERY = '{}';
  Object.assign(childEnv, env);

  const child = spawn(process.execPath, args, {
    cwd: folder ? path.resolve(folder) : ROOT,
    env: childEnv,
    detached: true, // own process group, so stop() can kill the server, its extension hosts and pty hosts
    stdio: ['ignore', echo ? 'pipe' : log, echo ? 'pipe' : log],
  });
  if (echo) {
    for (const s of [child.stdout, child.stderr]) {
      s.on('data', (b) => { fs.writeSync(log, b); process.stderr.write(b); });
    }
  }
  installExitHook();
  liveGroups.add(child.pid);
  let exited = false;
  let exitCode = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, sig) => { exited = true; exitCode = code ?? sig; resolve(); }));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const kill = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
    kill('SIGTERM');
    const t = setTimeout(() => kill('SIGKILL'), 5000);
    await Promise.race([exitPromise, sleep(6000)]);
    clearTimeout(t);
    kill('SIGKILL'); // stragglers in the group (extension host, pty host, watchers)
    liveGroups.delete(child.pid);
    try { fs.closeSync(log); } catch { /* closed */ }
    for (const d of temps) {
      try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ }
      liveTemps.delete(d);
    }
  };

  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      const tail = readTail(logFile);
      await stop();
      throw new Error(`code-server exited early (${exitCode}); log tail:\n${tail}`);
    }
    const status = await httpStatus(`${url}/healthz`);
    if (status >= 200 && status < 500) break;
    if (Date.now() > deadline) {
      const tail = readTail(logFile);
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms; log tail:\n${tail}`);
    }
    await sleep(200);
  }
  return { url, port, pid: child.pid, userDataDir, extensionsDir, logFile, exited: exitPromise, stop };
}

/**
 * "Installs" an extension folder into an extensions dir by symlinking it as
 * <publisher>.<name>-<version>, and drops extensions.json so that code-server rescans
 * the folder on start. Returns the link path.
 */
export function linkExtension(extensionsDir, extensionPath = ROOT) {
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  const id = `${pkg.publisher}.${pkg.name}`;
  fs.mkdirSync(extensionsDir, { recursive: true });
  for (const entry of fs.readdirSync(extensionsDir)) {
    if (entry.startsWith(id + '-')) fs.rmSync(path.join(extensionsDir, entry), { recursive: true, force: true });
  }
  const link = path.join(extensionsDir, `${id}-${pkg.version}`);
  fs.symlinkSync(path.resolve(extensionPath), link, 'dir');
  fs.rmSync(path.join(extensionsDir, 'extensions.json'), { force: true });
  fs.rmSync(path.join(extensionsDir, '.obsolete'), { force: true });
  return link;
}

/** Last `bytes` of a file, for error messages. */
export function readTail(file, bytes = 4000) {
  try {
    const buf = fs.readFileSync(file);
    return buf.subarray(Math.max(0, buf.length - bytes)).toString('utf8');
  } catch {
    return '(no log)';
  }
}

/**
 * URL of the workbench for `folder`. With extensionDevelopmentPath / extensionTestsPath
 * (absolute local paths), they are passed through the `payload` query parameter as
 * vscode-remote URIs, which is how code-server runs an extension under development.
 */
export function workbenchUrl(cs, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const u = new URL(cs.url + '/');
  if (folder) u.searchParams.set('folder', path.resolve(folder));
  const payload = [];
  const remote = (p) => `vscode-remote://127.0.0.1:${cs.port}${path.resolve(p)}`;
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (payload.length) u.searchParams.set('payload', JSON.stringify(payload));
  return u.toString();
}

/**
 * Launches Debian's Chromium through playwright-core with a fresh profile.
 * Returns a BrowserContext (newPage(), pages(), close()); close() also removes the profile.
 * @param {{headless?: boolean, viewport?: {width:number,height:number}}} [o]
 */
export async function launchBrowser({ headless = true, viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    args: BROWSER_ARGS,
    viewport,
    timeout: 60_000,
  });
  // Registered after the launch, so at exit it runs after playwright's own handler has
  // killed Chromium (which would otherwise keep writing into the profile).
  const rmProfile = () => {
    try { fs.rmSync(profile, { recursive: true, force: true }); } catch { /* best effort */ }
  };
  process.on('exit', rmProfile);
  const close = context.close.bind(context);
  context.close = async () => {
    try { await close(); } finally {
      rmProfile();
      process.off('exit', rmProfile);
    }
  };
  return context;
}

// ---------------------------------------------------------------------------
// Workbench helpers (page = playwright Page showing the code-server workbench)
// ---------------------------------------------------------------------------

const ctrlOrMeta = process.platform === 'darwin' ? 'Meta' : 'Control';

/** Waits until the workbench and its editor area are up. */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.waitForSelector('.monaco-workbench', { timeout });
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout });
  // the status bar appears once the remote connection is established
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout });
}

async function closeQuickInput(page) {
  if (await page.locator('.quick-input-widget:visible').count()) {
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => {});
  }
}

async function openPalette(page, text) {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('>' + text);
  // let the list filter
  await sleep(300);
}

/**
 * Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab.
 * @param {string} relPath path relative to the workspace folder, e.g. "templates/s3.yaml"
 */
export async function openFile(page, relPath) {
  const base = path.basename(relPath);
  await closeQuickInput(page);
  await page.keyboard.press(`${ctrlOrMeta}+KeyP`);
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(relPath);
  // wait until the file search found it
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: base }).first();
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label^="${base}"], .tabs-container .tab.active:has-text("${base}")`).first()
    .waitFor({ state: 'visible', timeout: 20_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 20_000 });
  await sleep(300);
}

/**
 * Moves the caret to (line, col) (1-based, via Ctrl+G), then moves the mouse over
 * that character and waits for the hover. Returns the hover's text.
 * Falls back to "Show Hover" (keyboard) if the mouse hover does not appear.
 */
export async function hoverAt(page, line, col, { timeout = 15_000 } = {}) {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await closeQuickInput(page);
  // "Go to Line/Column" acts on the active editor wherever the focus is
  await page.keyboard.press(`${ctrlOrMeta}+KeyG`);
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${col}`);
  await sleep(150);
  await page.keyboard.press('Enter');
  await sleep(300);
  // caret position in page coordinates
  const cursor = editor.locator('.cursors-layer .cursor').first();
  await cursor.waitFor({ state: 'attached', timeout: 5_000 });
  const box = await cursor.boundingBox();
  const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
  if (box) {
    // move away first so a fresh hover is triggered, then onto the character
    await page.mouse.move(box.x + 200, box.y + 200);
    await sleep(100);
    const charW = await page.evaluate(() => {
      const el = document.querySelector('.editor-instance .monaco-editor .view-line span span');
      if (!el || !el.textContent) return 8;
      return el.getBoundingClientRect().width / el.textContent.length;
    });
    await page.mouse.move(box.x + Math.max(2, charW / 2), box.y + box.height / 2, { steps: 3 });
    try {
      await hover.waitFor({ state: 'visible', timeout });
      await sleep(300); // let markdown render
      return (await hover.innerText()).trim();
    } catch { /* fall through to the keyboard */ }
  }
  await runCommand(page, 'Show or Focus Hover');
  await hover.waitFor({ state: 'visible', timeout });
  await sleep(300);
  return (await hover.innerText()).trim();
}

/**
 * Runs a command by its palette title (F1, type, Enter).
 * Waits until a row with exactly that label is offered.
 */
export async function runCommand(page, title, { timeout = 20_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    await openPalette(page, title);
    const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const exact = rows.filter({ has: page.locator('.label-name', { hasText: title }) }).first();
    try {
      await exact.waitFor({ state: 'visible', timeout: 3_000 });
      await exact.click();
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
      return;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`command "${title}" not found in the palette`);
      await sleep(1000); // extension may still be activating
    }
  }
}

/** Opens the Problems panel (Ctrl+Shift+M) and returns the text of its rows. */
export async function openProblems(page, { timeout = 15_000 } = {}) {
  await page.keyboard.press(`${ctrlOrMeta}+Shift+KeyM`);
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible', timeout });
  await sleep(500);
  return page.locator('.markers-panel .monaco-list-row').allInnerTexts();
}

/**
 * Waits for a webview's content frame (the inner "active-frame") that contains `selector`
 * (default: body), and returns the playwright Frame.
 */
export async function waitForWebviewFrame(page, { selector = 'body', timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (f === page.mainFrame()) continue;
      const name = f.name();
      const url = f.url();
      if (name !== 'active-frame' && !/fake\.html|webview/.test(url)) continue;
      try {
        if (await f.locator(selector).count()) return f;
      } catch { /* frame detached / navigating */ }
    }
    await sleep(250);
  }
  throw new Error(`no webview frame with ${selector} within ${timeout} ms`);
}
