/**
 * Which files a scan reads, for the CLI and the language server's workspace
 * scan alike: the folders walked by src/node/walk.ts (links to folders are
 * never followed, loops are broken by real path, FIFOs and undecodable names
 * are reported, not opened), filtered by include/exclude globs and, for the
 * workspace scan, `.gitignore` files (read through src/node/read.ts, capped).
 * One walker, so what it guarantees holds for both. What the config's globs
 * kept out is counted, for the reports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { matchesFileName } from '../core';
import { selectedByGlobs } from '../core/engine/config';
import { GITIGNORE_LIMITS, isIgnored, readGitignore, type IgnoreRule } from '../core/engine/ignore';
import { readInsideRoot } from './read';
import { walkFiles, type WalkedFile, type WalkSkip } from './walk';

export interface CollectOptions {
  /** File names a walk picks up when no include glob is given. */
  candidate: { test(file: string): boolean };
  skippedDirectories: ReadonlySet<string>;
  /** Globs are matched against paths relative to this folder. */
  root: string;
  include: string[];
  exclude: string[];
  /** Which of `include` and `exclude` come from the config file (and so are counted); the rest are the command line's or the settings'. */
  fromConfig?: { include: boolean; exclude: ReadonlySet<string> };
  /** When set, only these absolute paths are kept (from --changed-since). */
  only?: Set<string>;
}

/** What one of the config's include/exclude lists kept out of the scan. */
export interface GlobEffect {
  key: 'include' | 'exclude';
  /** The exclude pattern; for `include`, the whole list joined. */
  pattern: string;
  files: number;
  folders: number;
}

export interface Collected {
  /** Each with the real path of the folder it was found under: reading it must not leave that folder. */
  files: WalkedFile[];
  /** Left out by the walk: links to folders, loops, undecodable names, FIFOs, unlistable folders, missing targets. */
  skipped: WalkSkip[];
  /** What the config's globs kept out, pattern by pattern. */
  configEffects: GlobEffect[];
}

/** Folders no scan walks into. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', '.vscode-test', 'dist', 'out']);

const TEMPLATE_NAME = /\.(ya?ml|json|template)$/i;

/** The files a scan reads when no include glob says otherwise: templates by extension, plus the files formats recognise by name (Dockerfile, .env, *.tf …). */
export const CANDIDATE = { test: (file: string): boolean => TEMPLATE_NAME.test(file) || matchesFileName(file) };

const GLOB_OPTIONS = { dot: true, nocomment: true, nonegate: true };
const match = (file: string, pattern: string) => minimatch(file, pattern, GLOB_OPTIONS);

export function relativeTo(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Files to scan, in a stable order. Files named on the command line are always scanned. */
export function collectFiles(paths: string[], options: CollectOptions): Collected {
  const globs = { include: options.include, exclude: options.exclude };
  const effects = new Map<string, GlobEffect>();
  const count = (key: 'include' | 'exclude', pattern: string, what: 'files' | 'folders') => {
    const id = `${key}\0${pattern}`;
    if (!effects.has(id)) effects.set(id, { key, pattern, files: 0, folders: 0 });
    effects.get(id)![what]++;
  };
  const { files, skipped } = walkFiles(paths, {
    skippedDirectories: options.skippedDirectories,
    enterDirectory: (folder) => {
      const relative = relativeTo(options.root, folder);
      const pattern = options.exclude.find((candidate) => match(relative, candidate) || match(`${relative}/`, candidate));
      if (pattern === undefined) return true;
      if (options.fromConfig?.exclude.has(pattern)) count('exclude', pattern, 'folders');
      return false;
    },
    selectFile: (file) => {
      if (options.only && !options.only.has(realPath(file))) return false;
      const relative = relativeTo(options.root, file);
      if (!options.include.length && !options.candidate.test(file)) return false;
      if (selectedByGlobs(relative, globs, match)) return true;
      const pattern = options.exclude.find((candidate) => match(relative, candidate));
      if (pattern !== undefined) {
        if (options.fromConfig?.exclude.has(pattern)) count('exclude', pattern, 'files');
      } else if (options.fromConfig?.include && options.candidate.test(file)) count('include', options.include.join(', '), 'files');
      return false;
    },
  });
  // Named on the command line: scanned whatever the globs say, unless --changed-since leaves them out.
  const kept = options.only ? files.filter(({ file }) => options.only!.has(realPath(file))) : files;
  return { files: kept, skipped, configEffects: [...effects.values()] };
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
  /** Absolute path of the workspace folder: nothing outside it is listed or read. */
  root: string;
  /** Globs relative to the root; empty: every candidate file. */
  include: string[];
  exclude: string[];
  useGitignore: boolean;
  /** At most this many files are returned; `truncated` says when more matched. */
  maxFiles: number;
}

export interface FolderFiles {
  files: string[];
  truncated: boolean;
  /** What the walk left out and why (links to folders, loops, FIFOs, undecodable names …): reported, never dropped. */
  skipped: WalkSkip[];
  /** What a `.gitignore` cap cut off, or a `.gitignore` that was not read. */
  notes: string[];
}

/** The files of one workspace folder a workspace scan reads, in path order, skipping what its `.gitignore` files ignore. */
export function folderFiles(scan: FolderScan): FolderFiles {
  const walk = (candidate: CollectOptions['candidate'], include: string[]) =>
    collectFiles([scan.root], { candidate, skippedDirectories: SKIPPED_DIRECTORIES, root: scan.root, include, exclude: scan.exclude });
  const found = walk(CANDIDATE, scan.include);
  let files = found.files.map(({ file }) => file);
  const notes: string[] = [];
  if (scan.useGitignore) {
    const gitignores = walk({ test: (file) => path.basename(file) === '.gitignore' }, []).files.map(({ file }) => file);
    const rules = gitignoreRules(scan.root, gitignores, notes);
    if (rules.length) files = files.filter((file) => !isIgnored(relativeTo(scan.root, file), rules));
  }
  files.sort((a, b) => relativeTo(scan.root, a).localeCompare(relativeTo(scan.root, b)));
  const truncated = files.length > scan.maxFiles;
  return { files: truncated ? files.slice(0, scan.maxFiles) : files, truncated, skipped: found.skipped, notes };
}

/**
 * Every `.gitignore`'s rules, shallowest first, so deeper files win. Each is
 * read inside the root with its size checked first, and the rule cap is
 * shared by all of a folder's files; what a cap cut off goes to `notes`.
 */
function gitignoreRules(root: string, files: string[], notes: string[]): IgnoreRule[] {
  const withBase = files
    .map((file) => ({ file, base: relativeTo(root, path.dirname(file)).replace(/^\.$/, '') }))
    .sort((a, b) => a.base.split('/').length - b.base.split('/').length || a.base.localeCompare(b.base));
  const rules: IgnoreRule[] = [];
  for (const { file, base } of withBase) {
    // An unreadable or refused .gitignore ignores nothing.
    const read = readInsideRoot(file, root, 3 * GITIGNORE_LIMITS.chars);
    if ('problem' in read) {
      notes.push(`${relativeTo(root, file)} ${read.message}`);
      continue;
    }
    const parsed = readGitignore(read.text, base, GITIGNORE_LIMITS.rules - rules.length);
    rules.push(...parsed.rules);
    notes.push(...parsed.notes);
  }
  return rules;
}
