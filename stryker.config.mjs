// Mutation testing of the pure core: `npm run mutation` (see CONTRIBUTING.md, "Mutation testing").
// The tests are bundled by esbuild, so Stryker instruments src/ in its sandbox, the buildCommand
// bundles the instrumented sources into out/test/unit, and mocha runs those bundles in-process
// with every mutant switched in and out through Stryker's global (mutation switching).
import { readdirSync } from 'node:fs';

// Tests that never run core code in the mocha process (they drive the CLI, the language server or
// the worker as child processes, or read the sources as text) cannot kill a mutant: Stryker
// switches mutants on only inside its own process. The CLI's own tests (sarif, ci, reports,
// hostile, …) spawn hundreds of processes and would only lengthen the initial run.
const OUT_OF_PROCESS = ['architecture', 'ci', 'ci-integrations', 'cli', 'cli-budget', 'cli-suppressions', 'coverage-honesty', 'examples', 'hostile', 'lsp-server', 'mutation-harness', 'npm-package', 'pool', 'reports', 'sarif', 'suppression-grammar', 'third-party-notices'];
// The robustness tests that assert no crash, no hang, linear growth (timed ratios) or that nothing
// calls the network or starts a process, rather than what a user sees: 20 MB files, 10,000-deep
// nesting, fuzzing, timed growth. Each covers most of the core and runs for seconds, so every
// surviving mutant would pay for it, and a timed ratio is noise under a mutant.
// The secret sweep (robustness-secrets) analyses every fixture in its suite's `before` hook, which
// any of its tests runs: 22 s per mutant at load 10 for the 13,488 mutants it reaches, half of what
// `npm run mutation:cost` counts (30 November 2026). Masking is asserted format by format in
// secrets-masked and secret-recognition.
const SLOW_ROBUSTNESS = ['robustness-adversarial', 'robustness-fuzz', 'robustness-pathological', 'robustness-sandbox', 'robustness-secrets'];
// Tests that analyse every fixture and example: they reach nearly every mutant and take a second
// or more each. They run last, so a mutant that a focused test kills stops there (Stryker stops a
// mutant at its first failing test) and only the survivors pay for them.
const BROAD_LAST = ['robustness-equivalence', 'robustness-injection', 'fix-safety', 'matrix-controls', 'knowledge-spec', 'rule-fixtures', 'secrets-masked', 'serverless-kubernetes-cli', 'cli-positions', 'defaults', 'terraform'];
const skipped = new Set([...OUT_OF_PROCESS, ...SLOW_ROBUSTNESS]);
const rank = (name) => BROAD_LAST.indexOf(name);
/** The test files (names under test/unit, without .test.ts) a mutation run uses, focused ones first. */
export const MUTATION_TESTS = readdirSync('test/unit')
  .filter((name) => name.endsWith('.test.ts') && !skipped.has(name.slice(0, -'.test.ts'.length)))
  .map((name) => name.slice(0, -'.test.ts'.length))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
// Single tests left out of the run, by the end of their title. Leaving a test out can only lower
// the score (a mutant only it kills survives), never raise it.
const SKIPPED_TESTS = [
  // The generators' up-to-date checks run a script that bundles the instrumented core again in a
  // child process: they reach no mutant, and take long enough on a loaded machine to time out.
  '-- --check)',
  // Compares the indexed hover lookup with a linear walk over the same analysis, at every offset
  // of every fixture: a mutant outside the lookup changes both sides alike, so it cannot be killed
  // here, yet every surviving mutant of every format paid its seconds (two thirds of a format's
  // run). The lookup's own mutants are left to "…and on arbitrary spans" and the hover tests.
  'equals the linear walk at every offset of every fixture',
  // Analyses every fixture warm, then cold (after src/core/engine/memo.ts forgets): a mutant
  // changes both alike, and every test of a mutation run starts cold anyway.
  'an analysis after the memos are forgotten equals a warm one, for a fixture of every folder',
  // Sweeps of every fix over every fixture against the replacement data (a consistency check of
  // the data): they reach every format's mutants for about a second each. The fix logic is
  // asserted case by case in fixes and terraform-fixes.
  'title and preference agree with the data',
  'changes its clients, on every fixture',
  // One resource of each of the spec's 1,500 types in one template (3 s): it reaches nearly every
  // CloudFormation mutant, so every survivor paid for it, 9 % of what survivors cost in the full run
  // of 30 November 2026, for 3 kills. finding-checks' "resources without the property a check
  // reads" kills those three (a check reading a property the resource lacks).
  'each gets a service and a model',
  // The Bicep CLI run (a child process, no mutant): in the sandbox it counted no file and failed
  // the dry run (30 November 2026).
  'and matrix --cloud azure counts it',
];
/** A mocha grep (a string: options go to the test processes as JSON) matching every other test. */
function skipTests(endings) {
  const escaped = endings.map((ending) => ending.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `^(?!.*(?:${escaped.join('|')})$)`;
}

/** All of them in one bundle (scripts/mutation-build.mjs); it sits in out/test/unit so ROOT resolves as in the unit tests. */
export const MUTATION_BUNDLE = 'out/test/unit/mutation-tests.js';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/core/**/*.ts'],
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner'],
  mochaOptions: { config: '.mocharc.json', spec: [MUTATION_BUNDLE], grep: skipTests(SKIPPED_TESTS) },
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
  // A mutant's time allowance over what its tests took in the initial run. Most endless loops never
  // reach it: Stryker stops a test run once the switched-on mutant is hit more often than a limit
  // drawn from the dry run ("Hit limit reached": 175 of the 183 timeouts of the full run of 30
  // November 2026). The rest wait this long, then the test process restarts and reloads the bundle
  // (seconds on a loaded machine). With 5 s at load 12, 23 of 498 survivors of three parse files
  // timed out falsely (and would have counted as killed); 10 s keeps several times that margin on a
  // machine no one else is using, which is where a full run belongs.
  timeoutMS: 10000,
  // The initial run of every test with coverage takes several minutes on a shared two-core machine.
  dryRunTimeoutMinutes: 30,
  thresholds: { high: 90, low: 80, break: null },
};
