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
  /** Rules, over all `.gitignore` files of a folder: every file is checked against each. */
  rules: 2_000,
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
  /** The compiled pattern: plain names and `*.ext` by string comparison, the rest by minimatch. */
  matches: (path: string) => boolean;
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
    rules.push({ base: folder, negate, directoryOnly, pattern, matches: compileRule(pattern) });
  }
  if (tooLong) notes.push(`${where}: ${tooLong} rule(s) longer than ${GITIGNORE_LIMITS.ruleLength.toLocaleString('en')} characters were skipped.`);
  if (overBudget) notes.push(`${where}: ${overBudget} rule(s) past the limit of ${budget.toLocaleString('en')} .gitignore rules were not used.`);
  return { rules, notes };
}

const MAGIC = /[*?[\\]/;

/** Most rules are a plain name or `*.ext`: those need no glob engine. */
function compileRule(pattern: string): (path: string) => boolean {
  // Stryker disable next-line MethodExpression: `pattern` never ends in `**/`, and a pattern kept whole has a `/` in it: both leave the rule to minimatch, which matches the same paths
  const anywhere = pattern.startsWith('**/') ? pattern.slice(3) : undefined;
  // Stryker disable next-line ConditionalExpression: minimatch compares a pattern without wildcards (no braces, no extglobs) by equality too
  if (!MAGIC.test(pattern)) return (path) => path === pattern;
  // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement: skipping the fast paths leaves the rule to minimatch, which matches the same paths
  if (anywhere !== undefined && !anywhere.includes('/')) {
    // Stryker disable next-line ConditionalExpression: skipping the equality fast path leaves the rule to minimatch, which matches the same paths
    if (!MAGIC.test(anywhere)) return (path) => path === anywhere || path.endsWith(`/${anywhere}`);
    // Stryker disable next-line MethodExpression: `anywhere` has a wildcard here, so an unsliced suffix always goes on to minimatch
    const suffix = anywhere.slice(1);
    // Stryker disable next-line MethodExpression: only `*` both ends with `*` and leaves a plain suffix, and `**/*` matches every path either way
    if (anywhere.startsWith('*') && !MAGIC.test(suffix)) return (path) => baseName(path).endsWith(suffix);
  }
  const matcher = new Minimatch(pattern, GITIGNORE_GLOB);
  return (path) => matcher.match(path);
}

function baseName(path: string): string {
  // Stryker disable next-line MethodExpression: the suffix has no `/`, so the whole path ends with it exactly when its last segment does
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Trailing spaces and tabs go unless escaped with a backslash (git's rule). */
function withoutTrailingSpace(line: string): string {
  let end = line.length;
  while (end > 0 && /\s/.test(line[end - 1])) end--;
  // "a\ " keeps its escaped space.
  // Stryker disable next-line LogicalOperator: with `end` at the end of the line (or at 0, where `line[-1]` is undefined) moving it on changes nothing
  if (end < line.length && end > 0 && line[end - 1] === '\\') end++;
  return line.slice(0, end);
}

function trimEnd(text: string, char: string): string {
  let end = text.length;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: at 0, `text[-1]` is undefined and stops the loop anyway
  while (end > 0 && text[end - 1] === char) end--;
  return text.slice(0, end);
}

function trimStart(text: string, char: string): string {
  let start = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: at the end, `text[length]` is undefined and stops the loop anyway
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
  // Whether a rule matches a folder is the same for every file in it: remembered per rule set, base and folder.
  let verdicts = folderVerdicts.get(rules);
  // Stryker disable next-line ConditionalExpression: a cache of folder verdicts; a fresh one gives the same verdicts
  if (!verdicts) folderVerdicts.set(rules, (verdicts = new Map()));
  const known = verdicts;
  // The path and its folders as each rule's .gitignore sees them, worked out once per base rather than per rule.
  const views = new Map<string, { local: string; folders: Int8Array[] } | null>();
  const viewFrom = (base: string) => {
    let view = views.get(base);
    // Stryker disable next-line ConditionalExpression: a per-call cache of views; working a view out again gives the same one
    if (view === undefined) {
      const local = !base ? path : path.startsWith(`${base}/`) ? path.slice(base.length + 1) : undefined;
      view =
        local === undefined
          ? null
          : {
              local,
              folders: foldersOf(local).map((folder) => {
                const key = `${base}\0${folder}`;
                let row = known.get(key);
                // Stryker disable next-line ConditionalExpression: a cache row; a fresh row is filled with the same verdicts
                if (!row) known.set(key, (row = new Int8Array(rules.length).fill(-1)));
                return row;
              }),
            };
      views.set(base, view);
    }
    return view;
  };
  let ignored = false;
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    // Stryker disable next-line ConditionalExpression: a shortcut; a rule that cannot flip the state sets it to what it already is
    if (rule.negate !== ignored) continue; // only a rule that could flip the state matters
    const view = viewFrom(rule.base);
    if (!view) continue;
    // The file itself (not for folder-only rules), or any folder above it.
    if (!rule.directoryOnly && rule.matches(view.local)) ignored = !rule.negate;
    else if (view.folders.some((row, depth) => folderMatches(row, index, rule, view.local, depth))) ignored = !rule.negate;
  }
  return ignored;
}

/** Row of verdicts for one folder (−1 not asked yet); the folder is the `depth`-th above `local`. */
function folderMatches(row: Int8Array, index: number, rule: IgnoreRule, local: string, depth: number): boolean {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache; asking the rule again gives the same verdict
  if (row[index] < 0) row[index] = rule.matches(foldersOf(local)[depth]) ? 1 : 0;
  return row[index] === 1;
}

const folderVerdicts = new WeakMap<readonly IgnoreRule[], Map<string, Int8Array>>();

/** "a/b/c.yaml" → ["a/b", "a"]. */
function foldersOf(path: string): string[] {
  const folders: string[] = [];
  for (let end = path.lastIndexOf('/'); end > 0; end = path.lastIndexOf('/', end - 1)) folders.push(path.slice(0, end));
  return folders;
}

/** True when the path matches any of the globs (minimatch, dot files included). */
export function matchesAny(relativePath: string, globs: readonly string[]): boolean {
  const path = relativePath.replace(/\\/g, '/');
  return globs.some((glob) => minimatch(path, glob, GLOB));
}
