// Mutation testing of the pure core: `npm run mutation` (see CONTRIBUTING.md, "Mutation testing").
// The tests are bundled by esbuild, so Stryker instruments src/ in its sandbox, the buildCommand
// bundles the instrumented sources into out/test/unit, and mocha runs those bundles in-process
// with every mutant switched in and out through Stryker's global (mutation switching).
import { readdirSync } from 'node:fs';

// Tests that never run core code in the mocha process (they drive the CLI, the language server or
// the worker as child processes, or read the sources as text) cannot kill a mutant: Stryker
// switches mutants on only inside its own process. The CLI's own tests (sarif, ci, reports, …)
// spawn hundreds of processes and would only lengthen the initial run.
const OUT_OF_PROCESS = ['architecture', 'ci', 'ci-integrations', 'cli', 'cli-budget', 'cli-suppressions', 'coverage-honesty', 'examples', 'lsp-server', 'npm-package', 'pool', 'reports', 'sarif', 'suppression-grammar', 'third-party-notices'];
// The robustness tests (20 MB files, 10,000-deep nesting, fuzzing) assert no crash, no hang and
// spans inside the document; they would run against every surviving mutant for seconds each.
const SLOW_ROBUSTNESS = ['robustness-fuzz', 'robustness-pathological'];
const skipped = new Set([...OUT_OF_PROCESS, ...SLOW_ROBUSTNESS]);
/** The test files (names under test/unit, without .test.ts) a mutation run uses. */
export const MUTATION_TESTS = readdirSync('test/unit')
  .filter((name) => name.endsWith('.test.ts') && !skipped.has(name.slice(0, -'.test.ts'.length)))
  .map((name) => name.slice(0, -'.test.ts'.length));
/** All of them in one bundle (scripts/mutation-build.mjs); it sits in out/test/unit so ROOT resolves as in the unit tests. */
export const MUTATION_BUNDLE = 'out/test/unit/mutation-tests.js';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/core/**/*.ts'],
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner'],
  mochaOptions: { config: '.mocharc.json', spec: [MUTATION_BUNDLE] },
  buildCommand: 'node scripts/mutation-build.mjs',
  // Only the tests that ran a mutant run against it.
  coverageAnalysis: 'perTest',
  // Two cores: one mocha process each.
  concurrency: 2,
  // Mutants in module-level code (tables built at load) need a fresh process per mutant; they are
  // reported as ignored rather than run (a full reload per mutant would multiply the run time).
  ignoreStatic: true,
  // Reuses the previous run's results for mutants whose code and covering tests did not change.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['json', 'html', 'progress', 'clear-text'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, reportTests: false, reportMutants: false, reportScoreTable: true },
  // The generated knowledge (src/core/clouds/aws/knowledge/*.json) is data, never mutated; the
  // sandbox needs no build output, reports or editor downloads.
  ignorePatterns: ['/dist', '/out', '/reports', '/.vscode-test', '/test-results', '*.vsix'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  timeoutMS: 5000,
  // The initial run of every test with coverage takes several minutes on a shared two-core machine.
  dryRunTimeoutMinutes: 30,
  thresholds: { high: 90, low: 80, break: null },
};
