// Stryker's buildCommand (stryker.config.mjs): in the sandbox, with the instrumented sources,
// builds dist/ (tests that run the CLI use it) and one bundle of every test in MUTATION_TESTS, so
// the core and its knowledge are loaded once per test process, not once per test file; a test
// process restarts after each timed-out mutant, which then costs one load instead of forty.
// The bundle loads the whole core first, so its module-level code counts as static coverage, has
// every run and every test forget the core's memos (src/core/engine/memo.ts), and then loads the
// tests, with their load-time calls and `before` hooks credited as scripts/mutation-coverage.mjs
// explains. After the build, the bundle's coverage counters count in the dry run only.
// Stryker links node_modules into the sandbox only after the build, and esbuild.mjs copies
// assets from node_modules by relative path, so the build gets a link of its own.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import config, { MUTATION_TESTS, MUTATION_BUNDLE } from '../stryker.config.mjs';
import { countCoverageInTheDryRunOnly } from './mutation-coverage.mjs';

const project = path.resolve('..', '..');
const linked = !existsSync('node_modules');
if (linked) symlinkSync(path.join(project, 'node_modules'), 'node_modules', 'junction');
try {
  const shipped = spawnSync(process.execPath, ['esbuild.mjs', '--dev'], { stdio: 'inherit' });
  if (shipped.status !== 0) process.exit(shipped.status ?? 1);
  const esbuild = await import(path.resolve('node_modules/esbuild/lib/main.js'));
  await esbuild.build({
    stdin: { contents: entry(), resolveDir: '.', loader: 'ts', sourcefile: 'mutation-tests.ts' },
    outfile: MUTATION_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['mocha'],
    logLevel: 'warning',
  });
  const { text, counters, instrumented } = countCoverageInTheDryRunOnly(readFileSync(MUTATION_BUNDLE, 'utf8'));
  if (counters !== instrumented) {
    console.warn(`mutation-build: ${counters} of ${instrumented} of Stryker's coverage counters recognised; the others count in every mutant run too (slower, same results).`);
  }
  writeFileSync(MUTATION_BUNDLE, text);
} finally {
  if (linked) rmSync('node_modules');
}

function entry() {
  const core = readdirSync('src/core', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => `require('./src/core/${file.split(path.sep).join('/')}');`);
  const tests = MUTATION_TESTS.map((name) => `  testFile('${name}', () => require('./test/unit/${name}.test.ts'));`);
  return [
    "const { creditBeforeHooksToTheirSuite, loadTestsUncounted, matchTestFiltersBySet, recordMutationCost, startEveryRunCold } = require('./scripts/mutation-coverage.mjs');",
    "matchTestFiltersBySet(require('mocha'));",
    ...core,
    'const testFile = recordMutationCost();',
    "startEveryRunCold({ before, beforeEach }, require('./src/core/engine/memo.ts').forgetMemos);",
    `creditBeforeHooksToTheirSuite(${JSON.stringify(config.mochaOptions.grep)});`,
    'loadTestsUncounted(() => {',
    ...tests,
    '});',
  ].join('\n');
}
