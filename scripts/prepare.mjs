// `npm run prepare`: builds dist/ (node esbuild.mjs). npm runs it on `npm install` in this folder,
// before `npm pack` and `npm publish`, and when it installs the package from git (after installing
// its devDependencies). `npm install -g <folder>` also runs it, but in the linked folder and without
// installing anything first: in a fresh clone the build tools are missing, so install them from the
// lockfile here, then build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// npm/cli#4148 (fixed in npm/pacote#494, not yet in npm 11.19): `npm install -g git+…` prepares the
// temporary clone with an `npm install` that inherits --global, so it links that clone into the global
// node_modules; the clone is deleted afterwards and the command is left pointing at nothing. npm sets
// _PACOTE_NO_PREPARE_ only for that preparation: there, put back the empty folder the link replaced
// (only a link to this very folder), and npm extracts the packed package into it.
if (env._PACOTE_NO_PREPARE_ && env.npm_config_global === 'true' && env.npm_config_global_prefix) {
  const globalPrefix = env.npm_config_global_prefix;
  const globalModules = process.platform === 'win32' ? globalPrefix : path.join(globalPrefix, 'lib');
  const link = path.join(globalModules, 'node_modules', JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name);
  try {
    if (fs.lstatSync(link).isSymbolicLink() && fs.realpathSync(link) === fs.realpathSync(root)) {
      fs.unlinkSync(link);
      fs.mkdirSync(link);
    }
  } catch {
    // no such link: nothing to undo
  }
}

try {
  createRequire(path.join(root, 'package.json')).resolve('esbuild');
} catch {
  console.error('prepare: the build tools are not installed here; running npm ci first');
  // The global install's settings must not leak into this one (it would install globally, into its prefix).
  const localEnv = Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_config_(global|location|prefix|omit|include|production)$/i.test(name)));
  // --ignore-scripts: the build needs no dependency's install script, and this one must not run again.
  run('npm', ['ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { env: localEnv });
}
run(process.execPath, ['esbuild.mjs']);
