/**
 * The core's module-level memos: caches of results keyed by their inputs, and
 * indexes of the knowledge built on first use. Each one registers here how to
 * forget it, so that a test can start cold. Mutation testing needs that:
 * Stryker switches one changed line on at a time inside a long-lived test
 * process, and a result cached before the switch would hide the change (the
 * mutation bundle forgets every memo before each test; see
 * scripts/mutation-build.mjs). Nothing else needs to forget them.
 */
const forgetters: (() => void)[] = [];

/** Registers how to forget one memo. */
export function onForget(forget: () => void): void {
  forgetters.push(forget);
}

/** A Map that `forgetMemos` empties. */
export function memoMap<K, V>(): Map<K, V> {
  const map = new Map<K, V>();
  onForget(() => map.clear());
  return map;
}

/** Forgets every memo, so the next call computes afresh. */
export function forgetMemos(): void {
  for (const forget of forgetters) forget();
}
