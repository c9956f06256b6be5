#!/usr/bin/env node
// `npm start` (after `npm run build`): try the extension on examples/.
//
// - With a `code` CLI on PATH: opens VS Code with this repo as the extension under development.
// - Otherwise: installs code-server if needed (scripts/setup-code-server.sh), starts it on
//   examples/ with the extension installed as a symlink to this repo, prints the URL to
//   open in a browser, and runs until Ctrl-C. After `npm run build`, use
//   "Developer: Reload Window" in the browser to pick up the new build.
//
//   npm start -- [--code-server] [--port N] [--host ADDR] [--folder DIR] [--extension DIR]
//
//   --code-server  use code-server even when `code` is on PATH
//   --port         code-server's port (default 8730, or RL_PORT): the address stays the same between runs
//   --host         bind address (default 127.0.0.1; 0.0.0.0 exposes it, without a password!)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setInterval } from 'node:timers';
import { parseArgs } from 'node:util';
import { ROOT, linkExtension, startCodeServer } from './code-server.mjs';

const DEFAULT_PORT = 8730;

const { values: opts } = parseArgs({
  options: {
    'code-server': { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.RL_PORT || String(DEFAULT_PORT) },
    host: { type: 'string', default: '127.0.0.1' },
    folder: { type: 'string' },
    extension: { type: 'string' },
  },
});

const port = Number(opts.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`start: --port takes a port number (1-65535), not ${opts.port}`);
  process.exit(2);
}
const extensionPath = path.resolve(opts.extension ?? ROOT);
const folder = path.resolve(opts.folder ?? path.join(ROOT, 'examples'));

function which(cmd) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch { /* not here */ }
  }
  return null;
}

const pkg = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
const main = pkg.main ? path.resolve(extensionPath, pkg.main) : null;
if (main && !fs.existsSync(main) && !fs.existsSync(main + '.js')) {
  console.error(`start: ${main} is missing; run \`npm run build\` first`);
  process.exit(1);
}
if (!fs.existsSync(folder)) {
  console.error(`start: folder ${folder} does not exist`);
  process.exit(1);
}

// --- desktop VS Code -------------------------------------------------------
const code = opts['code-server'] ? null : which('code');
if (code) {
  console.log(`start: ${code} --extensionDevelopmentPath=${extensionPath} ${folder}`);
  const r = spawnSync(code, [`--extensionDevelopmentPath=${extensionPath}`, folder], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// --- code-server -------------------------------------------------------------
const setup = spawnSync('bash', [path.join(ROOT, 'scripts', 'setup-code-server.sh')], { stdio: 'inherit' });
if (setup.status !== 0) {
  console.error('start: scripts/setup-code-server.sh failed');
  process.exit(setup.status ?? 1);
}

// A fixed port can be taken (often by an earlier `npm start`): say so, rather than time out.
const portFree = await new Promise((resolve) => {
  const probe = net.createServer();
  probe.once('error', () => resolve(false));
  probe.listen(port, opts.host, () => probe.close(() => resolve(true)));
});
if (!portFree) {
  console.error(`start: port ${port} on ${opts.host} is in use (another \`npm start\`?). Stop it, or pick another port: npm start -- --port ${port + 1}`);
  process.exit(1);
}

const stateDir = path.join(ROOT, '.vscode-test');
const extensionsDir = path.join(stateDir, 'start-extensions');
const link = linkExtension(extensionsDir, extensionPath);
const logFile = path.join(stateDir, 'start-code-server.log');
fs.rmSync(logFile, { force: true });

const cs = await startCodeServer({
  folder,
  host: opts.host,
  port,
  extensionsDir,
  userDataDir: path.join(stateDir, 'start-user-data'),
  keepSettings: true,
  logFile,
});

const url = `${cs.url}/?folder=${encodeURIComponent(folder)}`;
console.log('');
console.log(`Responsibility Lens is running in code-server (extension ${path.relative(ROOT, link)} -> ${extensionPath}).`);
console.log(`Open this URL in a browser:\n\n    ${url}\n`);
console.log(`Log: ${path.relative(process.cwd(), logFile)}. After \`npm run build\`, run "Developer: Reload Window". Ctrl-C to stop.`);

// Ctrl-C: scripts/code-server.mjs kills code-server's process group and exits.
cs.exited.then(async () => {
  console.error(`start: code-server exited; see ${logFile}`);
  await cs.stop();
  process.exit(1);
});
// keep the event loop alive until a signal arrives
setInterval(() => {}, 1 << 30);
