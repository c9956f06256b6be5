/**
 * Stable identities for findings, so a baseline or code scanning can tell a
 * finding that moved from a new one. A fingerprint never includes a line
 * number or a setting's value (which may be a secret): it hashes the rule, the
 * file, the resource, the setting path and, for look-alikes, an occurrence
 * count.
 */

/** 64-bit FNV-1a as 16 hex digits: pure, fast and the same on every platform. */
export function hash64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const bytes = new TextEncoder().encode(text);
  for (const byte of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * prime);
  return hash.toString(16).padStart(16, '0');
}

export interface FingerprintParts {
  ruleId: string;
  /** File path relative to the scan root, with `/` separators. */
  path: string;
  resource: string;
  /** Setting path the finding points at ("" for a resource-level finding). */
  key: string;
}

/** Fingerprints for a file's findings in order; repeated identical parts get #2, #3 … */
export function fingerprints(parts: FingerprintParts[]): string[] {
  const seen = new Map<string, number>();
  return parts.map((part) => {
    const identity = [part.ruleId, part.path.replace(/\\/g, '/'), part.resource, part.key].join('\u0000');
    const count = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, count);
    return hash64(count === 1 ? identity : `${identity}\u0000#${count}`);
  });
}
