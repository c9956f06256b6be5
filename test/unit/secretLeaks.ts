/**
 * The one check that an output shows no secret, used by every "no secret anywhere" test. Looking
 * for the whole secret is not enough: a mask that keeps the last (or first) few characters
 * visible, or an off-by-one that drops only one character, would pass. A secret leaks when the
 * output holds:
 * - the whole secret;
 * - four or more of its characters right next to a mask (`****wRt5`, `Xk9v********`);
 * - all but one or two of its characters anywhere (an off-by-one mask), for secrets of 10 or more.
 * An access key id's AKIA/ASIA prefix stays visible by design (it names the kind of key).
 */
import assert from 'node:assert/strict';

const MASK_RUN = /(?:\\?[*•…]){3,}/g;
const TOKEN_BEFORE = /[^\s"'`(){}[\],;:=<>|\\*•…]+$/;
const TOKEN_AFTER = /^[^\s"'`(){}[\],;:=<>|\\*•…]+/;
const VISIBLE_BY_DESIGN = /^(?:AKIA|ASIA)$/;

/** The four characters on either side of each mask: what a partial mask would leave visible. */
function besideMasks(output: string): string[] {
  const pieces: string[] = [];
  for (const match of output.matchAll(MASK_RUN)) {
    const before = TOKEN_BEFORE.exec(output.slice(Math.max(0, match.index - 200), match.index))?.[0];
    const after = TOKEN_AFTER.exec(output.slice(match.index + match[0].length, match.index + match[0].length + 200))?.[0];
    if (before && before.length >= 4 && !VISIBLE_BY_DESIGN.test(before)) pieces.push(before.slice(-4));
    if (after && after.length >= 4) pieces.push(after.slice(0, 4));
  }
  return pieces;
}

function leaksWhole(output: string, secret: string): boolean {
  const length = Math.max(8, secret.length - 2);
  if (secret.length < length) return output.includes(secret);
  for (let start = 0; start + length <= secret.length; start++) if (output.includes(secret.slice(start, start + length))) return true;
  return false;
}

/** The secrets the output leaks, whole or in part; empty when it leaks none. */
export function secretLeaks(output: string, secrets: Iterable<string>): string[] {
  const beside = besideMasks(output);
  return [...secrets].filter((secret) => leaksWhole(output, secret) || beside.some((piece) => secret.includes(piece)));
}

export function assertNoSecret(output: string, ...secrets: string[]): void {
  assert.deepEqual(secretLeaks(output, secrets), [], `secret shown in: ${output.slice(0, 500)}`);
}
