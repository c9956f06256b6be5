// Types of scripts/mutation-coverage.mjs for the tests that check it (test/unit/mutation-harness.test.ts).
export function loadTestsUncounted(load: () => void): void;
export function creditBeforeHooksToTheirSuite(grep: string): void;
export function recordMutationCost(file?: string): (name: string, load: () => void) => void;
export function startEveryRunCold(hooks: { before(fn: () => void): unknown; beforeEach(fn: () => void): unknown }, forget: () => void): void;
export function matchTestFiltersBySet(MochaClass: { prototype: { grep(filter: unknown): unknown } }): void;
export function testFilterTitles(filter: RegExp): Set<string> | undefined;
export function countCoverageInTheDryRunOnly(bundle: string): { text: string; counters: number; instrumented: number };
