// `npm run mutation:cost`: what a full mutation run would cost, from Stryker's dry run alone (see
// CONTRIBUTING.md, "Mutation testing"). Stryker runs each mutant against every test whose per-test
// coverage reached it; a survivor runs all of them, a killed mutant stops at its first failure. So
// the sum, over the mutants that are run, of the time of the tests that reach each one is what the
// run would take if every mutant survived: the bound to bring down. A test adds its time once for
// every mutant it reaches, so a slow test that reaches much of the core (a sweep over every
// fixture in one `it`) dominates it.
//
//   npm run mutation:cost                      dry run, save reports/mutation-cost.json, print
//   npm run mutation:cost -- --top 40          more of the costliest tests
//   npm run mutation:cost -- --from FILE       print a saved measurement again, no run
//   npm run mutation:cost -- --compare FILE    also print the change from an earlier measurement
//   npm run mutation:cost -- --out FILE        save the measurement elsewhere
// Other arguments go to Stryker (e.g. --mutate 'src/core/reports/**/*.ts').
//
// Times are of one process on a shared machine: they scale with its load, which is printed.
// Compare measurements taken at a similar load, or compare the sum against one pass of the tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const [, value] = args.splice(at, 2);
  if (value === undefined) throw new Error(`${name} needs a value`);
  return value;
};
const top = Number(option('--top', '25'));
const from = option('--from', undefined);
const compare = option('--compare', undefined);
const out = path.resolve(option('--out', 'reports/mutation-cost.json'));

let measurement;
if (from) {
  measurement = JSON.parse(readFileSync(from, 'utf8'));
} else {
  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(out, { force: true });
  const loadBefore = loadavg()[0];
  const started = Date.now();
  // One test process is enough for a dry run; the hook in scripts/mutation-coverage.mjs writes `out`.
  // Every test runs (no bail), so a test that fails here still leaves the measurement whole.
  const stryker = spawnSync(process.execPath, ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', '--dryRunOnly', '--disableBail', '--concurrency', '1', ...args], {
    stdio: 'inherit',
    env: { ...process.env, RL_MUTATION_COST_FILE: out },
  });
  if (!existsSync(out)) {
    if (stryker.status !== 0) process.exit(stryker.status ?? 1);
    console.error(`The dry run wrote no ${out}: is scripts/mutation-coverage.mjs's recordMutationCost in the bundle?`);
    process.exit(1);
  }
  const saved = JSON.parse(readFileSync(out, 'utf8'));
  measurement = { ...saved, load: [loadBefore, loadavg()[0]], measuredAt: new Date(started).toISOString() };
  writeFileSync(out, JSON.stringify(measurement));
  console.log(`\nSaved to ${path.relative(process.cwd(), out)}.`);
}

const cost = costOf(measurement);
print(cost, measurement);
if (compare) printChange(costOf(JSON.parse(readFileSync(compare, 'utf8'))), cost);

/**
 * Per test: its time and the mutants it reaches that Stryker runs (not static ones: those are
 * ignored; hybrid ones, reached while loading and by tests, are counted apart).
 * Per mutant: the summed time of its tests.
 */
function costOf({ mutantCoverage, times, files }) {
  if (!mutantCoverage) throw new Error('The measurement has no coverage: was it taken inside a Stryker dry run?');
  const isStatic = new Set(Object.entries(mutantCoverage.static ?? {}).filter(([, hits]) => hits > 0).map(([id]) => id));
  const perMutant = new Map();
  const hybrid = new Map();
  const tests = [];
  for (const [title, hits] of Object.entries(mutantCoverage.perTest ?? {})) {
    const seconds = times[title];
    if (seconds === undefined) continue; // not a test: what ran while mocha loaded the test files
    let mutants = 0;
    for (const [id, count] of Object.entries(hits)) {
      if (count <= 0) continue;
      const into = isStatic.has(id) ? hybrid : perMutant;
      into.set(id, (into.get(id) ?? 0) + seconds / 1000);
      if (!isStatic.has(id)) mutants++;
    }
    tests.push({ title, file: files?.[title] ?? '?', seconds: seconds / 1000, mutants, coreSeconds: (mutants * seconds) / 1000 });
  }
  const sorted = [...perMutant.values()].sort((a, b) => a - b);
  const byFile = new Map();
  for (const test of tests) byFile.set(test.file, (byFile.get(test.file) ?? 0) + test.coreSeconds);
  return {
    total: sorted.reduce((sum, seconds) => sum + seconds, 0),
    median: sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0,
    mutants: sorted.length,
    hybrid: hybrid.size,
    hybridTotal: [...hybrid.values()].reduce((sum, seconds) => sum + seconds, 0),
    staticCount: isStatic.size,
    onePass: Object.values(times).reduce((sum, ms) => sum + ms, 0) / 1000,
    testCount: Object.keys(times).length,
    tests: tests.sort((a, b) => b.coreSeconds - a.coreSeconds),
    byFile: [...byFile].sort((a, b) => b[1] - a[1]),
  };
}

function print(cost, { load, measuredAt, failed }) {
  if (failed?.length) {
    console.log(`\n${failed.length} tests failed in the dry run, which stops a mutation run before it starts (their time and coverage are counted here):`);
    for (const title of failed) console.log(`  - ${title}`);
  }
  const when = measuredAt ? `measured ${measuredAt}` : 'measured';
  const at = load ? `, load average ${load.map((value) => value.toFixed(1)).join(' → ')}` : '';
  console.log(`\nMutation cost (${when}${at})`);
  console.log(`  ${cost.testCount} tests, one pass ${cost.onePass.toFixed(1)} s`);
  console.log(`  ${cost.mutants} mutants run by test filter, ${cost.staticCount} static (ignored), ${cost.hybrid} hybrid (static and tested: ${Math.round(cost.hybridTotal)} core-s more, plus a process restart each)`);
  console.log(`  if every mutant survived: ${Math.round(cost.total)} core-seconds (${(cost.total / cost.onePass).toFixed(0)} passes of the tests); median mutant ${cost.median.toFixed(2)} s`);
  console.log(`\n  Test files by share:`);
  for (const [file, seconds] of cost.byFile.slice(0, Math.min(top, 15))) {
    console.log(`  ${Math.round(seconds).toString().padStart(7)} core-s  ${(seconds / cost.total * 100).toFixed(1).padStart(5)} %  ${file}`);
  }
  console.log(`\n  The ${top} costliest tests (time × mutants reached):`);
  for (const test of cost.tests.slice(0, top)) {
    console.log(`  ${Math.round(test.coreSeconds).toString().padStart(7)} core-s | ${test.seconds.toFixed(2).padStart(5)} s × ${test.mutants.toString().padStart(5)} | ${test.file} | ${test.title}`);
  }
}

function printChange(before, after) {
  const percent = ((after.total - before.total) / before.total) * 100;
  console.log(`\nAgainst ${compare}: ${Math.round(before.total)} → ${Math.round(after.total)} core-seconds (${percent >= 0 ? '+' : ''}${percent.toFixed(1)} %), median mutant ${before.median.toFixed(2)} → ${after.median.toFixed(2)} s, one pass ${before.onePass.toFixed(1)} → ${after.onePass.toFixed(1)} s, ${before.testCount} → ${after.testCount} tests`);
  const files = new Set([...before.byFile.map(([file]) => file), ...after.byFile.map(([file]) => file)]);
  const of = (cost, file) => cost.byFile.find(([name]) => name === file)?.[1] ?? 0;
  const changes = [...files].map((file) => [file, of(before, file), of(after, file)]).sort((a, b) => a[2] - a[1] - (b[2] - b[1]));
  for (const [file, was, is] of changes.slice(0, top)) {
    if (Math.round(was) === Math.round(is)) continue;
    console.log(`  ${Math.round(was).toString().padStart(7)} → ${Math.round(is).toString().padStart(7)} core-s  ${file}`);
  }
}
