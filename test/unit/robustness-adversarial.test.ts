/**
 * Cost stays linear on hostile input, for every format, the organisation
 * config and .gitignore (the shapes are in scripts/bench/adversarial.ts).
 * No wall-clock bound: each shape is timed (CPU time, best of a few runs) at
 * two sizes ten times apart and beside a benign input of the same format and
 * size, in this run, and only the ratios are checked. A linear cost gives 10
 * between the sizes; the freezes this guards against (a cubic regex, a
 * per-stage search, a per-finding walk) gave 100 to 1,000,000. Absolute times
 * and the targets (100 kB under 1 s) are in `npm run bench`.
 */
import assert from 'node:assert/strict';
import { ADVERSARIAL, cpuTime } from '../../scripts/bench/adversarial';
import { prepareFormats } from './robustnessFormats';

/** Linear growth over ten times the input gives 10; garbage collection on the big input adds some. */
const GROWTH_BOUND = 40;
/** Per character, a hostile input may cost this many times a benign one of the same format. */
const VERSUS_BENIGN_BOUND = 25;
/** Times below this (ms) are mostly timer and scheduling noise: they count as this much. */
const NOISE_FLOOR_MS = 1;

function best(runs: number, work: () => unknown): number {
  return Math.min(...Array.from({ length: runs }, () => cpuTime(work)));
}

describe('robustness: adversarial input grows linearly (ratios, no clock bound)', function () {
  this.timeout(300_000);
  before(prepareFormats);

  for (const shape of ADVERSARIAL) {
    it(shape.name, () => {
      const [small, big] = shape.testSizes ?? [30_000, 300_000];
      const smallText = shape.make(small);
      const bigText = shape.make(big);
      const benignText = shape.benign(small);
      // Warm up the code paths (and lazily built knowledge indexes) first.
      shape.run(smallText);
      shape.run(benignText);
      const smallMs = Math.max(NOISE_FLOOR_MS, best(3, () => shape.run(smallText)));
      // Best of two for the large input too: one collection pause in a single run read as 42× for a linear shape on CI.
      const bigMs = best(2, () => shape.run(bigText));
      const benignMs = Math.max(NOISE_FLOOR_MS, best(3, () => shape.run(benignText)));
      const growth = bigMs / smallMs / (bigText.length / smallText.length / 10);
      const versusBenign = smallMs / smallText.length / (benignMs / benignText.length);
      const detail = `${(smallText.length / 1000).toFixed(0)} kB: ${smallMs.toFixed(1)} ms, ${(bigText.length / 1000).toFixed(0)} kB: ${bigMs.toFixed(1)} ms, benign ${(benignText.length / 1000).toFixed(0)} kB: ${benignMs.toFixed(1)} ms`;
      assert.ok(growth < GROWTH_BOUND, `10× the input cost ${growth.toFixed(1)}× the time (bound ${GROWTH_BOUND}): ${detail}`);
      assert.ok(versusBenign < VERSUS_BENIGN_BOUND, `${versusBenign.toFixed(1)}× a benign input per character (bound ${VERSUS_BENIGN_BOUND}): ${detail}`);
    });
  }
});
