// Stryker's buildCommand (stryker.config.mjs): bundles the instrumented sources in the sandbox.
// Stryker links node_modules into the sandbox only after the build, and esbuild.mjs copies assets
// from node_modules by relative path, so the build gets a link of its own, removed afterwards.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const project = process.env.STRYKER_PROJECT_DIR ?? path.resolve('..', '..');
const linked = !existsSync('node_modules');
if (linked) symlinkSync(path.join(project, 'node_modules'), 'node_modules', 'junction');
const build = spawnSync(process.execPath, ['esbuild.mjs', '--tests'], { stdio: 'inherit' });
if (linked) rmSync('node_modules');
process.exit(build.status ?? 1);
