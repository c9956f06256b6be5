/**
 * Which workspace files a scan skips: `.gitignore` files read with git's
 * rules (as far as minimatch can express them) and plain include/exclude
 * globs. Pure: paths are POSIX-style and relative to the workspace folder.
 *
 * A `.gitignore` comes from the repository, so reading it is bounded: the
 * text, the number of rules and the length of a rule are capped (with a note
 * saying so), trimming is done with loops rather than end-anchored regexes
 * (quadratic on a long run of spaces), and patterns are compiled once with
 * git's own syntax: no `{a,b}` expansion (exponential on `{a,b}{a,b}…`) and
 * no extglobs, which git does not have either.
 */
import { Minimatch, minimatch, type MinimatchOptions } from 'minimatch';

const GLOB: MinimatchOptions = { dot: true, nocomment: true, nonegate: true };
const GITIGNORE_GLOB: MinimatchOptions = { ...GLOB, nobrace: true, noext: true };

/** Caps on what is read from `.gitignore` files. */
export const GITIGNORE_LIMITS = {
  /** Characters of one `.gitignore`; the rest is not read. */
  chars: 1_000_000,
  /** Rules, over all `.gitignore` files of a folder. */
  rules: 5_000,
  /** A longer rule cannot match a path (paths are at most 4,096 bytes on Linux) and is skipped. */
  ruleLength: 4_096,
} as const;

export interface IgnoreRule {
  /** Folder of the `.gitignore` ("" for the workspace root), POSIX, no trailing slash. */
  base: string;
  negate: boolean;
  /** Trailing slash: matches folders only (here: anything below them). */
  directoryOnly: boolean;
  pattern: string;
  matcher: Minimatch;
}

export interface GitignoreRead {
  rules: IgnoreRule[];
  /** What a cap cut off, for the log: "infra/.gitignore: 2 rules longer than 4,096 characters were skipped". */
  notes: string[];
}

/**
 * Parses one `.gitignore`. `base` is the folder it lives in, relative to the
 * workspace folder ("" for the root). Comments, blank lines and trailing
 * spaces go; `!` negates; a leading or inner `/` anchors the pattern to `base`,
 * otherwise it matches at any depth.
 */
export function parseGitignore(text: string, base = ''): IgnoreRule[] {
  return readGitignore(text, base).rules;
}

/** {@link parseGitignore} with its caps: at most `budget` rules, and notes on what was cut off. */
export function readGitignore(text: string, base = '', budget: number = GITIGNORE_LIMITS.rules): GitignoreRead {
  const rules: IgnoreRule[] = [];
  const notes: string[] = [];
  const folder = trimSlashes(base.replace(/\\/g, '/').replace(/^\.(?=\/)/, ''));
  const where = `${folder ? `${folder}/` : ''}.gitignore`;
  if (text.length > GITIGNORE_LIMITS.chars) {
    notes.push(`${where}: only the first ${GITIGNORE_LIMITS.chars.toLocaleString('en')} of its ${text.length.toLocaleString('en')} characters were read.`);
    text = text.slice(0, GITIGNORE_LIMITS.chars);
  }
  let tooLong = 0;
  let overBudget = 0;
  for (const raw of text.split(/\r?\n/)) {
    let line = withoutTrailingSpace(raw);
    if (!line || line.startsWith('#')) continue;
    if (line.length > GITIGNORE_LIMITS.ruleLength) {
      tooLong++;
      continue;
    }
    if (rules.length >= budget) {
      overBudget++;
      continue;
    }
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    const directoryOnly = line.endsWith('/');
    line = trimEnd(line, '/');
    if (!line) continue;
    const anchored = line.includes('/');
    line = trimStart(line, '/');
    const pattern = anchored || line.startsWith('**') ? line : `**/${line}`;
    rules.push({ base: folder, negate, directoryOnly, pattern, matcher: new Minimatch(pattern, GITIGNORE_GLOB) });
  }
  if (tooLong) notes.push(`${where}: ${tooLong} rule(s) longer than ${GITIGNORE_LIMITS.ruleLength.toLocaleString('en')} characters were skipped.`);
  if (overBudget) notes.push(`${where}: ${overBudget} rule(s) past the limit of ${budget.toLocaleString('en')} .gitignore rules were not used.`);
  return { rules, notes };
}

/** Trailing spaces and tabs go unless escaped with a backslash (git's rule). */
function withoutTrailingSpace(line: string): string {
  let end = line.length;
  while (end > 0 && /\s/.test(line[end - 1])) end--;
  // "a\ " keeps its escaped space.
  if (end < line.length && end > 0 && line[end - 1] === '\\') end++;
  return line.slice(0, end);
}

function trimEnd(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end--;
  return text.slice(0, end);
}

function trimStart(text: string, char: string): string {
  let start = 0;
  while (start < text.length && text[start] === char) start++;
  return text.slice(start);
}

function trimSlashes(text: string): string {
  return trimStart(trimEnd(text, '/'), '/');
}

/**
 * True when `relativePath` (a file) is ignored by the rules, in order (later
 * `.gitignore` rules and deeper files win, as in git). A pattern that names a
 * folder ignores everything below it.
 */
export function isIgnored(relativePath: string, rules: readonly IgnoreRule[]): boolean {
  const path = trimStart(relativePath.replace(/\\/g, '/').replace(/^\.(?=\/)/, ''), '/');
  let ignored = false;
  for (const rule of rules) {
    if (rule.negate !== ignored) continue; // only a rule that could flip the state matters
    let local = path;
    if (rule.base) {
      if (!path.startsWith(`${rule.base}/`)) continue;
      local = path.slice(rule.base.length + 1);
    }
    if (ruleMatches(rule, local)) ignored = !rule.negate;
  }
  return ignored;
}

function ruleMatches(rule: IgnoreRule, local: string): boolean {
  const segments = local.split('/');
  // The file itself (not for folder-only rules), or any folder above it.
  if (!rule.directoryOnly && rule.matcher.match(local)) return true;
  for (let end = segments.length - 1; end > 0; end--) {
    if (rule.matcher.match(segments.slice(0, end).join('/'))) return true;
  }
  return false;
}

/** True when the path matches any of the globs (minimatch, dot files included). */
export function matchesAny(relativePath: string, globs: readonly string[]): boolean {
  const path = relativePath.replace(/\\/g, '/');
  return globs.some((glob) => minimatch(path, glob, GLOB));
}
