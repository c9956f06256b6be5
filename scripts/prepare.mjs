// `npm run prepare`: builds dist/ (node esbuild.mjs). npm runs it on `npm install` in this folder,
// before `npm pack` and `npm publish`, and when it installs the package from git (after installing
// its devDependencies). `npm install -g <folder>` also runs it, but in the linked folder and without
// installing anything first: in a fresh clone the build tools are missing, so install them from the
// lockfile here, then build.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

try {
  createRequire(path.join(root, 'package.json')).resolve('esbuild');
} catch {
  console.error('prepare: the build tools are not installed here; running npm ci first');
  // The global install's settings must not leak into this one (it would install globally, into its prefix).
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_(global|location|prefix|omit|include|production)$/i.test(name)));
  // --ignore-scripts: the build needs no dependency's install script, and this one must not run again.
  run('npm', ['ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], env);
}
run(process.execPath, ['esbuild.mjs']);
