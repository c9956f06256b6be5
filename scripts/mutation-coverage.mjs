// Bundled into the mutation run's test bundle (scripts/mutation-build.mjs): it makes Stryker's
// per-test coverage say which test reaches a mutant where mocha's shape would hide it.
//
// Stryker records what runs while no test is current as *static* coverage. A mutant reached both
// that way and by a test ("hybrid") is run in a freshly started test process, seconds each, and a
// mutant reached only in a suite's `before` hook is credited to whichever test ran last, so the
// tests that could kill it are never run against it.

import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Stryker's instrumentation context in this process, absent outside a mutation run. */
const stryker = () => globalThis.__stryker__;

/**
 * Runs `load` (which requires the test files) with coverage credited to no test. Test files call
 * the core while mocha loads them (describe bodies that list fixtures or build tables); Stryker
 * switches a mutant on only after loading, so those calls never see a mutant, and counting them as
 * static would make every mutant they reach hybrid. The core's own module-level code must already
 * be loaded: it stays static, as it should.
 */
export function loadTestsUncounted(load) {
  creditedToNoTest('mocha loading the test files (no test)', load);
}

/**
 * Runs `run` with its coverage under `label`, a test id Stryker does not know and so ignores (it
 * warns once), then makes the test that was current before current again.
 */
function creditedToNoTest(label, run) {
  const context = stryker();
  if (!context) return run();
  const outer = context.currentTestId;
  context.currentTestId = label;
  try {
    return run();
  } finally {
    if (outer === undefined) delete context.currentTestId;
    else context.currentTestId = outer;
  }
}

/** The tests in `suite` and its suites that the run's grep lets mocha run. */
function testsRun(suite, runs) {
  return [...suite.tests.filter((test) => runs.test(test.fullTitle())), ...suite.suites.flatMap((child) => testsRun(child, runs))];
}

/**
 * Has every test, and every run, start cold: `forget` (the core's `forgetMemos`,
 * src/core/engine/memo.ts) runs before each test and at the start of each mocha run. A result or
 * index memoised before the mutant was switched on would otherwise hide the mutant. Stryker runs
 * mutant after mutant in one process, and a suite's `before` hook runs ahead of its first test's
 * `beforeEach`: without the forgetting at the start of the run, the hook would read what the
 * previous mutant left in a memo, and a mutant could be killed or survive by what ran before it.
 * `hooks` are mocha's root `before` and `beforeEach`.
 */
export function startEveryRunCold(hooks, forget) {
  // In the dry run no test is current yet: counted as static, what `forget` reaches would make its
  // mutants restart a test process each. Each test's own forgetting covers them.
  hooks.before(() => creditedToNoTest('forgetting the memos as a run starts (no test)', forget));
  hooks.beforeEach(forget);
}

/**
 * Wraps mocha's global `before` so that what a suite's `before` hook reaches is credited to a test
 * that makes mocha run the hook: the suite's first test (of those `grep`, the run's mocha grep,
 * lets run), or, for a hook marked `sharedByEveryTest` (test/unit/helpers.ts, `shared`), every
 * test of the suite: each of them asserts on what the hook computed and may see what a mutant
 * changed there. Mocha runs the hook once however many of them a mutant runs, so an analysis a
 * suite's tests share costs once per mutant in such a hook, and stays covered by each test.
 */
export function creditBeforeHooksToTheirSuite(grep) {
  const runs = new RegExp(grep);
  const mochaBefore = globalThis.before;
  globalThis.before = function before(...args) {
    const fn = args.pop();
    // Runs the hook with a coverage entry of its own, then adds that entry to each of its tests.
    const credited = (hook, run) => {
      const context = stryker();
      // Coverage counts only in the dry run (no mutant switched on): a mutant run skips the walk.
      const counting = context && context.activeMutant === undefined;
      const all = counting && hook.test?.parent ? testsRun(hook.test.parent, runs) : [];
      const tests = fn.sharedByEveryTest ? all : all.slice(0, 1);
      if (!tests.length) return run();
      const id = `before hook of ${hook.test.parent.fullTitle()} (no test)`;
      const outer = context.currentTestId;
      context.currentTestId = id;
      const share = () => {
        const perTest = context.mutantCoverage?.perTest;
        const reached = perTest?.[id];
        if (perTest) delete perTest[id];
        // Coverage counts only in the dry run, before any mutant is switched on.
        if (reached && context.activeMutant === undefined) {
          for (const test of tests) {
            const into = (perTest[test.fullTitle()] ??= {});
            for (const [mutant, hits] of Object.entries(reached)) into[mutant] = (into[mutant] ?? 0) + hits;
          }
        }
        context.currentTestId = outer;
      };
      let result;
      try {
        result = run(share);
      } catch (error) {
        share();
        throw error;
      }
      if (result && typeof result.then === 'function') return result.finally(share);
      if (fn.length === 0) share();
      return result;
    };
    const wrapped =
      fn.length > 0
        ? function (done) {
            return credited(this, (share) =>
              fn.call(this, (error) => {
                share?.();
                done(error);
              }),
            );
          }
        : function () {
            return credited(this, () => fn.call(this));
          };
    return mochaBefore.call(this, ...args, wrapped);
  };
}

/**
 * For `npm run mutation:cost` (scripts/mutation-cost.mjs): when `RL_MUTATION_COST_FILE` names a
 * file, the dry run writes there what a mutant would cost, from a root `after` hook (mocha's last
 * hook; a process `exit` handler never fires in Stryker's test process): Stryker's coverage
 * (`{static, perTest}`), each test's time and the test file it came from. A test's time runs from
 * the end of the previous test's `afterEach` hooks to the end of its own, so it includes the
 * `before` hooks of the suites it opens: what a mutant run filtered to that test also pays.
 * Returns the loader each test file's `require` goes through, so its suites are named by file.
 */
export function recordMutationCost(file = process.env.RL_MUTATION_COST_FILE) {
  if (!file) return (_name, load) => load();
  const times = {};
  const files = {};
  const failed = [];
  let last = performance.now();
  const named = [];
  globalThis.before(() => {
    last = performance.now();
  });
  globalThis.afterEach(function () {
    const now = performance.now();
    const title = this.currentTest.fullTitle();
    times[title] = (times[title] ?? 0) + (now - last);
    if (this.currentTest.state === 'failed') failed.push(title);
    last = now;
  });
  const hook = globalThis.after(() => {
    for (const [suite, name] of named) for (const test of allTests(suite)) files[test.fullTitle()] = name;
    writeFileSync(file, JSON.stringify({ mutantCoverage: stryker()?.mutantCoverage ?? null, times, files, failed }));
  });
  const root = hook.parent;
  return (name, load) => {
    const before = root.suites.length;
    load();
    for (const suite of root.suites.slice(before)) named.push([suite, name]);
  };
}

function allTests(suite) {
  return [...suite.tests, ...suite.suites.flatMap(allTests)];
}

/**
 * Makes mocha match Stryker's per-mutant test filter with a set lookup instead of the regular
 * expression Stryker hands it. Stryker's mocha runner selects a mutant's tests with one regular
 * expression of one alternative per covering test, `(^title$)|(^title$)|…`, and mocha tests every
 * test's full title against it once per enclosing suite: a mutant that 2,000 tests reach cost about
 * a second and a half of matching before any test ran (30 November 2026).
 * The expression is read back into its titles only when escaping them again rebuilds it exactly,
 * so the set matches the same tests; anything else is left to the expression. `MochaClass` is
 * the `mocha` module Stryker's runner uses.
 */
export function matchTestFiltersBySet(MochaClass) {
  const grep = MochaClass.prototype.grep;
  MochaClass.prototype.grep = function (filter) {
    const titles = filter instanceof RegExp ? testFilterTitles(filter) : undefined;
    return grep.call(this, titles ? { test: (title) => titles.has(title), toString: () => String(filter) } : filter);
  };
}

/** Stryker's escaping of a test title (escapeRegExp of @stryker-mutator/util). */
const escapeTitle = (title) => title.replace(/[.*+\-?^${}()|[\]\\]/g, '\\$&');

/**
 * The titles of a filter Stryker built as `(^title$)|…` from escaped titles, or undefined when
 * `filter` is not exactly that (other flags, other syntax, a title the source cannot give back).
 */
export function testFilterTitles(filter) {
  if (filter.flags !== '') return undefined;
  const source = filter.source;
  const titles = [];
  let at = 0;
  while (at < source.length) {
    if (titles.length) {
      if (source[at] !== '|') return undefined;
      at++;
    }
    if (!source.startsWith('(^', at)) return undefined;
    at += 2;
    let title = '';
    // A backslash escapes the next character; an unescaped `$)` ends the title.
    while (at < source.length && !source.startsWith('$)', at)) {
      if (source[at] === '\\') at++;
      title += source[at++] ?? '';
    }
    if (!source.startsWith('$)', at)) return undefined;
    at += 2;
    titles.push(title);
  }
  if (!titles.length) return undefined;
  const rebuilt = new RegExp(titles.map((title) => `(^${escapeTitle(title)}$)`).join('|'));
  return rebuilt.source === source ? new Set(titles) : undefined;
}

/**
 * Stryker's instrumentation counts coverage at every mutant site on every pass, yet only the dry
 * run's counts are read: they choose each mutant's tests. In mutant runs the counting is wasted,
 * about a tenth of a pass of the tests (30 November 2026), so in the bundle's text (`bundle`, as
 * esbuild prints it) each instrumented file's counter is made to return at once while a mutant is
 * switched on. `counters` of the `instrumented` files' counters were recognised; an unrecognised
 * one (should Stryker's helper change shape) keeps counting: slower, with the same results.
 */
export function countCoverageInTheDryRunOnly(bundle) {
  let counters = 0;
  const text = bundle.replace(/(function cover\(\) \{\n(\s*))(var c = cov\.static;)/g, (_match, opening, indent, body) => {
    counters++;
    return `${opening}if (ns.activeMutant !== void 0) return;\n${indent}${body}`;
  });
  const instrumented = (bundle.match(/^function stryCov_9fa48\d*\(\)/gm) ?? []).length;
  return { text, counters, instrumented };
}
