/**
 * The mutation run's test harness (scripts/mutation-coverage.mjs): mocha matches Stryker's
 * per-mutant test filter by title, through a set, and selects exactly the tests the filter's
 * regular expression selects; Stryker's coverage counters count in the dry run only, and the
 * mutants still switch; and no run sees what the run before it left in a memo.
 */
import assert from 'node:assert/strict';
import Mocha from 'mocha';
import { countCoverageInTheDryRunOnly, matchTestFiltersBySet, startEveryRunCold, testFilterTitles } from '../../scripts/mutation-coverage.mjs';

// Stryker's and esbuild's packages run as installed (a specifier esbuild leaves alone), not bundled into this test.
const installed = <T>(name: string): Promise<T> => import(name) as Promise<T>;

/** Stryker's escaping of a test title (@stryker-mutator/util), loaded by the suite that uses it. */
let escapeRegExp: (text: string) => string;

/** The filter Stryker's mocha runner builds for a mutant's covering tests. */
const strykerFilter = (titles: string[]) => new RegExp(titles.map((title) => `(^${escapeRegExp(title)}$)`).join('|'));

const TITLES = [
  'hover cards fit the first screen every setting and resource card of test/fixtures/terraform/risky.tf: owner, why',
  'a (parenthesised) title with $dollars$, ^carets^, [brackets], {braces}, a|pipe, back\\slash, dots... and a-dash',
  'ends with a backslash \\',
  'ends with $',
  'contains $)|(^ the separator',
  'Unicode: “quotes” and ✓',
  '',
];

describe('mutation harness: Stryker’s test filter matched through a set', () => {
  before(async () => {
    ({ escapeRegExp } = await installed<{ escapeRegExp: (text: string) => string }>('@stryker-mutator/util'));
  });

  it('reads back every title of a filter Stryker builds, however the titles are punctuated', () => {
    assert.deepEqual(testFilterTitles(strykerFilter(TITLES)), new Set(TITLES));
    assert.deepEqual(testFilterTitles(strykerFilter(['one'])), new Set(['one']));
  });

  it('selects the same tests as the filter’s regular expression', () => {
    const filter = strykerFilter(TITLES.slice(0, 4));
    const titles = testFilterTitles(filter);
    assert.ok(titles);
    const candidates = [...TITLES, 'ends with a backslash', `${TITLES[0]} and more`, TITLES[0].slice(1), 'ends with $$'];
    for (const title of candidates) assert.equal(titles.has(title), filter.test(title), title);
  });

  it('leaves any other expression to mocha', () => {
    for (const other of [/.*/, /^(?!.*(?:-- --check\))$)/, /(^a$)|(^b$)/i, /(^a$)|b/, /(^a$)(^b$)/, /(^a)/, new RegExp('(^line\\nbreak$)')]) {
      assert.equal(testFilterTitles(other), undefined, String(other));
    }
  });

  it('runs exactly the filtered tests in mocha', async () => {
    class IsolatedMocha extends Mocha {}
    matchTestFiltersBySet(IsolatedMocha);
    const mocha = new IsolatedMocha({ reporter: class {} as never });
    const ran: string[] = [];
    const suite = Mocha.Suite.create(mocha.suite, 'outer (suite)');
    for (const title of ['a (first) test', 'a second test', 'a third $ test']) suite.addTest(new Mocha.Test(title, () => void ran.push(title)));
    mocha.grep(strykerFilter(['outer (suite) a (first) test', 'outer (suite) a third $ test']));
    await new Promise<void>((resolve) => mocha.run(() => resolve()));
    assert.deepEqual(ran, ['a (first) test', 'a third $ test']);
    assert.equal(typeof (mocha.options.grep as { test?: unknown }).test, 'function');
    assert.ok(!(mocha.options.grep instanceof RegExp), 'the set, not the expression, does the matching');
  });
});

interface StrykerGlobal {
  activeMutant?: string;
  mutantCoverage?: { static: Record<string, number>; perTest: Record<string, Record<string, number>> };
}

describe('mutation harness: coverage counted in the dry run only', () => {
  const SOURCE = 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n';

  interface Instrumented {
    files: { content: string }[];
    mutants: { id: string; replacement: string }[];
  }
  type InstrumenterModule = { Instrumenter: new (logger: unknown) => { instrument(files: unknown[], options: unknown): Promise<Instrumented> } };
  type EsbuildModule = { transform(code: string, options: unknown): Promise<{ code: string }> };

  /** SOURCE as a mutation run's bundle has it: instrumented by Stryker, printed by esbuild. */
  async function instrumented(): Promise<{ code: string; mutants: { id: string; replacement: string }[] }> {
    const { Instrumenter } = await installed<InstrumenterModule>('@stryker-mutator/instrumenter');
    const { transform } = await installed<EsbuildModule>('esbuild');
    const quiet = { isDebugEnabled: () => false, isTraceEnabled: () => false, trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };
    const result = await new Instrumenter(quiet).instrument([{ name: 'sum.ts', content: SOURCE, mutate: true }], { plugins: null, excludedMutations: [], ignorers: [] });
    const { code } = await transform(result.files[0].content, { loader: 'ts', format: 'cjs', target: 'node20' });
    return { code, mutants: result.mutants.map((mutant) => ({ id: mutant.id, replacement: mutant.replacement })) };
  }

  const globals = globalThis as { __stryker__?: StrykerGlobal };
  let saved: StrykerGlobal | undefined;
  beforeEach(() => {
    saved = globals.__stryker__;
    globals.__stryker__ = {};
  });
  afterEach(() => {
    globals.__stryker__ = saved;
  });

  it('recognises the counter of Stryker’s instrumentation', async () => {
    const { code } = await instrumented();
    const patched = countCoverageInTheDryRunOnly(code);
    assert.equal(patched.instrumented, 1);
    assert.equal(patched.counters, 1);
  });

  it('counts while no mutant is on, not while one is, and the mutant still switches', async () => {
    const { code, mutants } = await instrumented();
    const module = { exports: {} as { sum: (a: number, b: number) => number } };
    new Function('module', 'exports', countCoverageInTheDryRunOnly(code).text)(module, module.exports);
    const stryker = globals.__stryker__ as StrykerGlobal;
    assert.equal(module.exports.sum(5, 3), 8);
    const counted = { ...stryker.mutantCoverage?.static };
    assert.ok(Object.keys(counted).length > 0, 'the dry run counts coverage');

    const minus = mutants.find((mutant) => mutant.replacement === 'a - b');
    assert.ok(minus, 'the arithmetic mutant');
    stryker.activeMutant = minus.id;
    assert.equal(module.exports.sum(5, 3), 2);
    stryker.activeMutant = 'another mutant';
    assert.equal(module.exports.sum(5, 3), 8);
    assert.deepEqual(stryker.mutantCoverage?.static, counted, 'mutant runs count nothing');
  });

  it('leaves a counter of another shape counting', () => {
    const other = 'function stryCov_9fa48() {\n  function cover() {\n    var counts = cov.static;\n  }\n}\n';
    assert.deepEqual(countCoverageInTheDryRunOnly(other), { text: other, counters: 0, instrumented: 1 });
  });
});

describe('mutation harness: every run starts cold', () => {
  it('a suite’s before hook computes afresh in each run, as Stryker runs mutant after mutant in one process', async () => {
    let mutant = 'first';
    let memo: string | undefined;
    const seen: string[] = [];
    const mocha = new Mocha({ reporter: class {} as never });
    mocha.cleanReferencesAfterRun(false);
    const forget = () => {
      memo = undefined;
    };
    startEveryRunCold({ before: (fn: Mocha.Func) => mocha.suite.beforeAll(fn), beforeEach: (fn: Mocha.Func) => mocha.suite.beforeEach(fn) }, forget);
    const suite = Mocha.Suite.create(mocha.suite, 'a suite that shares an analysis');
    const analyse = () => (memo ??= `computed with the ${mutant} mutant`);
    let shared = '';
    suite.beforeAll(() => {
      shared = analyse();
    });
    // The test analyses too, after its beforeEach: the memo it fills outlives the run.
    suite.addTest(new Mocha.Test('asserts on it', () => void seen.push(shared, analyse())));
    const run = () => new Promise<void>((resolve) => mocha.run(() => resolve()));
    await run();
    mutant = 'second';
    await run();
    assert.deepEqual(seen, ['computed with the first mutant', 'computed with the first mutant', 'computed with the second mutant', 'computed with the second mutant']);
  });
});
