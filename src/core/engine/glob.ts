/**
 * Resource-type globs ("AWS::EC2::*", "*", "Kubernetes::*") matched without
 * regular expressions. A backtracking regex built from a glob with many `*`
 * takes exponential time on a long type name, and both the globs (an
 * organisation config) and the type names (any file) can come from a
 * repository; this matcher is linear in the type name for a given glob.
 */

/**
 * A matcher for one type glob: `*` alone matches every type; otherwise a `*`
 * matches any run of characters other than `:` (so "AWS::EC2::*" does not
 * match "AWS::EC2::A::B"), and everything else matches itself.
 */
export function typeGlobMatcher(glob: string): (type: string) => boolean {
  if (glob === '*') return () => true;
  if (!glob.includes('*')) return (type) => type === glob;
  // `*` never matches a colon, so the glob and the type split at colons into segments that must match one to one.
  const segments = glob.split(':').map(starMatcher);
  return (type) => {
    const parts = type.split(':');
    return parts.length === segments.length && segments.every((matches, index) => matches(parts[index]));
  };
}

/** True when `type` matches any of the globs. */
export function typeGlobsMatcher(globs: readonly string[]): (type: string) => boolean {
  const matchers = globs.map(typeGlobMatcher);
  return (type) => matchers.some((matches) => matches(type));
}

/**
 * `*` matches any run of characters (the text has no separators left).
 * Greedy-free: the first part is a prefix, the last a suffix, and each middle
 * part is taken at its leftmost place after the previous one, which is
 * correct for globs whose only wildcard is `*` and never backtracks.
 */
function starMatcher(glob: string): (text: string) => boolean {
  const parts = glob.split('*');
  if (parts.length === 1) return (text) => text === glob;
  const first = parts[0];
  const last = parts[parts.length - 1];
  // Stryker disable next-line MethodExpression: an empty middle part (from `**`) is found where the last one ended, a no-op
  const middle = parts.slice(1, -1).filter(Boolean);
  const minimum = parts.reduce((sum, part) => sum + part.length, 0);
  return (text) => {
    if (text.length < minimum || !text.startsWith(first) || !text.endsWith(last)) return false;
    let at = first.length;
    const end = text.length - last.length;
    for (const part of middle) {
      const found = text.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}

/** Caps on a file glob taken from a repository (an organisation config's include/exclude, workspace settings). */
export const FILE_GLOB_LIMITS = { length: 1_000, expansions: 1_000 } as const;

/**
 * Why a file glob (minimatch syntax) is refused, or undefined when it is
 * fine. minimatch expands `{a,b}` groups before matching, so `{a,b}` written
 * thirty times is a billion patterns; a glob longer than 64 kB makes it throw.
 */
export function fileGlobProblem(glob: string): string | undefined {
  if (glob.length > FILE_GLOB_LIMITS.length) return `is ${glob.length.toLocaleString('en')} characters long; the limit is ${FILE_GLOB_LIMITS.length.toLocaleString('en')}`;
  if (braceExpansions(glob, FILE_GLOB_LIMITS.expansions) > FILE_GLOB_LIMITS.expansions) {
    return `expands to more than ${FILE_GLOB_LIMITS.expansions.toLocaleString('en')} patterns ({a,b} groups multiply)`;
  }
  return undefined;
}

/**
 * How many patterns brace expansion makes of a glob, counted without
 * expanding (stops counting above `limit`): a group is the sum of its
 * alternatives, a sequence the product of its groups, `{1..20}` twenty.
 */
export function braceExpansions(glob: string, limit: number): number {
  let at = 0;
  const cap = (value: number) => Math.min(value, limit + 1);
  // A sequence runs until `,` or `}` of the enclosing group (or the end).
  const sequence = (nested: boolean): number => {
    let product = 1;
    // Stryker disable next-line EqualityOperator: `<=` reads one `undefined` past the end, which only steps `at` past it; callers treat any `at` >= length alike
    while (at < glob.length) {
      const char = glob[at];
      if (char === '\\') at += 2;
      else if (nested && (char === ',' || char === '}')) return product;
      else if (char === '{') product = cap(product * group());
      else at++;
    }
    return product;
  };
  // At a `{`: the alternatives up to the matching `}`; an unclosed `{` is a literal.
  const group = (): number => {
    const open = at++;
    const alternatives: number[] = [sequence(true)];
    while (at < glob.length && glob[at] === ',') {
      at++;
      alternatives.push(sequence(true));
    }
    if (glob[at] !== '}') {
      at = open + 1;
      return 1;
    }
    const body = glob.slice(open + 1, at);
    at++;
    if (alternatives.length > 1) return cap(alternatives.reduce((sum, count) => sum + count, 0));
    return rangeSize(body);
  };
  return sequence(false);
}

/** `1..20`, `a..z`, `1..20..5`: how many items; anything else is one literal. */
function rangeSize(body: string): number {
  const match = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
  if (!match) return 1;
  const value = (text: string) => (/^-?\d+$/.test(text) ? Number(text) : text.charCodeAt(0));
  const step = Math.max(1, Math.abs(Number(match[3] ?? 1)));
  return Math.floor(Math.abs(value(match[2]) - value(match[1])) / step) + 1;
}
