/**
 * Which workspace files a scan skips: `.gitignore` files read with git's
 * rules (as far as minimatch can express them) and plain include/exclude
 * globs. Pure: paths are POSIX-style and relative to the workspace folder.
 */
import { minimatch, type MinimatchOptions } from 'minimatch';

const GLOB: MinimatchOptions = { dot: true, nocomment: true, nonegate: true };

interface IgnoreRule {
  /** Folder of the `.gitignore` ("" for the workspace root), POSIX, no trailing slash. */
  base: string;
  negate: boolean;
  /** Trailing slash: matches folders only (here: anything below them). */
  directoryOnly: boolean;
  pattern: string;
}

/**
 * Parses one `.gitignore`. `base` is the folder it lives in, relative to the
 * workspace folder ("" for the root). Comments, blank lines and trailing
 * spaces go; `!` negates; a leading or inner `/` anchors the pattern to `base`,
 * otherwise it matches at any depth.
 */
export function parseGitignore(text: string, base = ''): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  const folder = base.replace(/\\/g, '/').replace(/^\.?\/+|\/+$/g, '');
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) line = line.slice(1);
    const directoryOnly = line.endsWith('/');
    line = line.replace(/\/+$/, '');
    if (!line) continue;
    const anchored = line.includes('/');
    line = line.replace(/^\/+/, '');
    const pattern = anchored || line.startsWith('**') ? line : `**/${line}`;
    rules.push({ base: folder, negate, directoryOnly, pattern });
  }
  return rules;
}

/**
 * True when `relativePath` (a file) is ignored by the rules, in order (later
 * `.gitignore` rules and deeper files win, as in git). A pattern that names a
 * folder ignores everything below it.
 */
export function isIgnored(relativePath: string, rules: readonly IgnoreRule[]): boolean {
  const path = relativePath.replace(/\\/g, '/').replace(/^\.?\/+/, '');
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
  if (!rule.directoryOnly && minimatch(local, rule.pattern, GLOB)) return true;
  for (let end = segments.length - 1; end > 0; end--) {
    if (minimatch(segments.slice(0, end).join('/'), rule.pattern, GLOB)) return true;
  }
  return false;
}

/** True when the path matches any of the globs (minimatch, dot files included). */
export function matchesAny(relativePath: string, globs: readonly string[]): boolean {
  const path = relativePath.replace(/\\/g, '/');
  return globs.some((glob) => minimatch(path, glob, GLOB));
}
