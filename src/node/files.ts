/**
 * Which files a scan reads, for the CLI and the language server's workspace
 * scan alike: walked directories filtered by include/exclude globs (and, for
 * the workspace scan, `.gitignore`). One walker, so hardening it (symlinks,
 * roots, sizes) applies to both.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { matchesFileName, MAX_ANALYSED_CHARS } from '../core';
import { selectedByGlobs } from '../core/engine/config';
import { isIgnored, parseGitignore } from '../core/engine/ignore';

export interface CollectOptions {
  /** File names a walk picks up when no include glob is given. */
  candidate: { test(file: string): boolean };
  skippedDirectories: Set<string>;
  /** Globs are matched against paths relative to this folder. */
  root: string;
  include: string[];
  exclude: string[];
  /** When set, only these absolute paths are kept (from --changed-since). */
  only?: Set<string>;
  warn(message: string): void;
}

/** Folders no scan walks into. */
export const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);

const TEMPLATE_NAME = /\.(ya?ml|json|template)$/i;

/** The files a scan reads when no include glob says otherwise: templates by extension, plus the files formats recognise by name (Dockerfile, .env, *.tf …). */
export const CANDIDATE = { test: (file: string): boolean => TEMPLATE_NAME.test(file) || matchesFileName(file) };

const GLOB_OPTIONS = { dot: true, nocomment: true, nonegate: true };
const match = (file: string, pattern: string) => minimatch(file, pattern, GLOB_OPTIONS);

export function relativeTo(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Files to scan, in a stable order. Files named on the command line are always scanned. */
export function collectFiles(paths: string[], options: CollectOptions): string[] {
  const files: string[] = [];
  const globs = { include: options.include, exclude: options.exclude };
  const walk = (target: string, explicit: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      options.warn(`no such file or directory: ${target}`);
      return;
    }
    const relative = relativeTo(options.root, target);
    if (stat.isDirectory()) {
      if (!explicit && options.exclude.some((pattern) => match(relative, pattern) || match(`${relative}/`, pattern))) return;
      for (const name of fs.readdirSync(target).sort()) {
        if (options.skippedDirectories.has(name)) continue;
        walk(path.join(target, name), false);
      }
      return;
    }
    if (!stat.isFile()) return;
    if (options.only && !options.only.has(realPath(target))) return;
    if (explicit) files.push(target);
    else if ((options.include.length || options.candidate.test(target)) && selectedByGlobs(relative, globs, match)) files.push(target);
  };
  for (const target of paths) walk(target, true);
  return [...new Set(files)];
}

/** git reports real paths (its top level is resolved), so symlinked folders such as macOS's /tmp must be compared resolved too. */
export function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}

export interface FolderScan {
  /** Absolute path of the workspace folder. */
  root: string;
  /** Globs relative to the root; empty: every candidate file. */
  include: string[];
  exclude: string[];
  useGitignore: boolean;
  /** At most this many files are returned; `truncated` says when more matched. */
  maxFiles: number;
}

/** The files of one workspace folder a workspace scan reads, in path order, skipping what its `.gitignore` files ignore. */
export function folderFiles(scan: FolderScan, warn: (message: string) => void = () => undefined): { files: string[]; truncated: boolean } {
  const walk = (candidate: CollectOptions['candidate'], include: string[]) =>
    collectFiles([scan.root], { candidate, skippedDirectories: SKIPPED_DIRECTORIES, root: scan.root, include, exclude: scan.exclude, warn });
  let files = walk(CANDIDATE, scan.include);
  if (scan.useGitignore) {
    const rules = gitignoreRules(scan.root, walk({ test: (file) => path.basename(file) === '.gitignore' }, []));
    if (rules.length) files = files.filter((file) => !isIgnored(relativeTo(scan.root, file), rules));
  }
  files.sort((a, b) => relativeTo(scan.root, a).localeCompare(relativeTo(scan.root, b)));
  const truncated = files.length > scan.maxFiles;
  return { files: truncated ? files.slice(0, scan.maxFiles) : files, truncated };
}

/** Every `.gitignore`'s rules, shallowest first, so deeper files win. */
function gitignoreRules(root: string, files: string[]) {
  const withBase = files
    .map((file) => ({ file, base: relativeTo(root, path.dirname(file)).replace(/^\.$/, '') }))
    .sort((a, b) => a.base.split('/').length - b.base.split('/').length || a.base.localeCompare(b.base));
  const rules = [];
  for (const { file, base } of withBase) {
    try {
      rules.push(...parseGitignore(fs.readFileSync(file, 'utf8'), base));
    } catch {
      // An unreadable .gitignore ignores nothing.
    }
  }
  return rules;
}

export type FileRead = { text: string } | { error: string } | { tooLarge: number };

/**
 * UTF-8 text of a file, unless it has more than `maxBytes` (checked before
 * reading; by default more than any format analyses: UTF-8 never has fewer
 * bytes than UTF-16 code units).
 */
export function readText(file: string, maxBytes = MAX_ANALYSED_CHARS * 3): FileRead {
  try {
    const size = maxBytes === Infinity ? 0 : fs.statSync(file).size;
    if (size > maxBytes) return { tooLarge: size };
    return { text: fs.readFileSync(file, 'utf8') };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
