/**
 * Which files a scan reads: walked directories filtered by include/exclude
 * globs, optionally narrowed to the files git says changed. git is run with
 * an argument list (never a shell), with external diff, text conversion and
 * fsmonitor hooks turned off, so nothing from the repository is executed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { selectedByGlobs } from '../core/engine/config';
import type { SiblingFiles } from '../core/types';

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
function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * The one function the CLI reads a file's text with: the files it scans and
 * the files beside them that an analysis reads (FolderSiblings), so that
 * every read gets the same checks.
 */
export function readTextFile(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/**
 * What a scanned file's analysis may read beside it (src/core/types.ts
 * SiblingFiles): the regular files of its own folder, listed once and each
 * read at most once per scan through {@link readTextFile}. One object per
 * folder, so the core parses each sibling once however many files share it.
 */
export class FolderSiblings {
  private readonly folders = new Map<string, SiblingFiles>();

  of(file: string): SiblingFiles {
    const folder = path.dirname(path.resolve(file));
    let siblings = this.folders.get(folder);
    if (!siblings) this.folders.set(folder, (siblings = folderSiblings(folder)));
    return siblings;
  }
}

function folderSiblings(folder: string): SiblingFiles {
  let names: Set<string> | undefined;
  const texts = new Map<string, string | undefined>();
  const list = (): Set<string> => {
    if (!names) {
      try {
        // Regular files only: symbolic links and folders are not followed out of the folder.
        names = new Set(fs.readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name));
      } catch {
        names = new Set();
      }
    }
    return names;
  };
  return {
    list: () => [...list()],
    read(name) {
      if (!list().has(name)) return undefined;
      if (!texts.has(name)) {
        try {
          texts.set(name, readTextFile(path.join(folder, name)));
        } catch {
          texts.set(name, undefined);
        }
      }
      return texts.get(name);
    },
  };
}

export class GitError extends Error {}

/** Absolute paths of files changed since `ref` (ref...HEAD), plus uncommitted and untracked files; deleted files are left out. */
export function changedFiles(ref: string, cwd: string): Set<string> {
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  const lists = [
    git(['diff', '--name-only', '-z', '--no-ext-diff', '--no-textconv', '--diff-filter=d', `${ref}...HEAD`, '--'], top),
    git(['diff', '--name-only', '-z', '--no-ext-diff', '--no-textconv', '--diff-filter=d', 'HEAD', '--'], top),
    git(['ls-files', '--others', '--exclude-standard', '-z'], top),
  ];
  const files = new Set<string>();
  for (const list of lists) for (const name of list.split('\0')) if (name) files.add(path.resolve(top, name));
  return files;
}

function git(args: string[], cwd: string): string {
  const result = spawnSync('git', ['-c', 'core.fsmonitor=false', '-c', 'core.quotepath=false', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
  });
  if (result.error) throw new GitError(`cannot run git: ${result.error.message}`);
  if (result.status !== 0) throw new GitError(`git ${args[0]} failed: ${(result.stderr || '').trim().split('\n')[0] || `exit ${result.status}`}`);
  return result.stdout;
}
