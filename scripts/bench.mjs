// `npm run bench [-- --quick] [-- --only=parse,hover,edit,scan,peer,activation,optimisations] [-- --write]`:
// builds dist/ (the extension and CLI as shipped) and the benchmark into
// out/bench/, then runs it with --expose-gc so each timed run starts clean.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The peer (cfn-lint) is not a devDependency, to keep `npm ci` small: installed on first use at the
// version and lockfile of scripts/bench-peer/, into its git-ignored node_modules, and found via NODE_PATH.
const peerDir = path.join(root, 'scripts/bench-peer');
const only = process.argv.find((arg) => arg.startsWith('--only='));
if ((!only || only.includes('peer')) && !fs.existsSync(path.join(peerDir, 'node_modules/cfn-lint/package.json'))) {
  console.error(`bench: installing the peer (cfn-lint) into ${path.relative(root, peerDir)}/node_modules`);
  const install = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: peerDir, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['main', 'scan', 'activate'].map((name) => `scripts/bench/${name}.ts`),
  outdir: 'out/bench',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  // cfn-lint is the peer under test: loaded as installed (scripts/bench-peer/node_modules).
  external: ['cfn-lint', 'cfn-lint/*'],
  sourcemap: true,
  logLevel: 'warning',
});

const env = { ...process.env, NODE_PATH: [path.join(peerDir, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter) };
const result = spawnSync(process.execPath, ['--expose-gc', 'out/bench/main.js', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
process.exit(result.status ?? 1);
