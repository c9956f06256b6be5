// `npm run bench [-- --quick] [-- --only=parse,hover,edit,scan,peer,activation,optimisations] [-- --write]`:
// builds dist/ (the extension and CLI as shipped) and the benchmark into
// out/bench/, then runs it with --expose-gc so each timed run starts clean.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
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
  // cfn-lint is the peer under test: loaded from node_modules as installed.
  external: ['cfn-lint', 'cfn-lint/*'],
  sourcemap: true,
  logLevel: 'warning',
});

const result = spawnSync(process.execPath, ['--expose-gc', 'out/bench/main.js', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
