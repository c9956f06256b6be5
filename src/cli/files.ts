/**
 * Which files a scan reads: walked directories (src/node/walk.ts: links to
 * folders are not followed, loops are broken) filtered by include/exclude
 * globs, optionally narrowed to the files git says changed (run so that
 * nothing from the repository executes). What the organisation config's
 * globs kept out is counted, for the reports.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { selectedByGlobs } from '../core/engine/config';
import { walkFiles, type WalkedFile, type WalkSkip } from '../node/walk';
import { isInside, realFolder } from '../node/read';

export interface CollectOptions {
  /** File names a walk picks up when no include glob is given. */
  candidate: { test(file: string): boolean };
  skippedDirectories: Set<string>;
  /** Globs are matched against paths relative to this folder. */
  root: string;
  include: string[];
  exclude: string[];
  /** Which of `include` and `exclude` come from the config file (and so are counted); the rest are the command line's. */
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
  files: WalkedFile[];
  /** Left out by the walk: links to folders, loops, undecodable names, missing targets. */
  skipped: WalkSkip[];
  /** What the config's globs kept out, pattern by pattern. */
  configEffects: GlobEffect[];
}

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
function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}

export class GitError extends Error {}

/**
 * Absolute paths of files changed since `ref` (ref...HEAD), plus uncommitted
 * and untracked files; deleted files are left out.
 *
 * Nothing from the repository runs: git is the one found on PATH (never in
 * the scanned folder or the working directory, and never a relative PATH
 * entry, which Windows would resolve against the folder), it runs with an
 * argument list (no shell), and every filter driver the repository's config
 * defines is switched off for the run (`git diff` against the working tree
 * runs clean filters to compare content), as are external diff, text
 * conversion and fsmonitor hooks.
 */
export function changedFiles(ref: string, cwd: string): Set<string> {
  const git = gitRunner(cwd);
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  const run = gitRunner(cwd, filterOverrides(git(['config', '-z', '--get-regexp', '^filter\\.'], top, [0, 1])));
  const lists = [
    run(['diff', '--name-only', '-z', '--no-ext-diff', '--no-textconv', '--diff-filter=d', `${ref}...HEAD`, '--'], top),
    run(['diff', '--name-only', '-z', '--no-ext-diff', '--no-textconv', '--diff-filter=d', 'HEAD', '--'], top),
    run(['ls-files', '--others', '--exclude-standard', '-z'], top),
  ];
  const files = new Set<string>();
  for (const list of lists) for (const name of list.split('\0')) if (name) files.add(path.resolve(top, name));
  return files;
}

/** Settings that switch off the filter drivers named in `git config -z --get-regexp` output (`key\nvalue\0` records). */
function filterOverrides(listing: string): string[] {
  const drivers = new Set<string>();
  for (const record of listing.split('\0')) {
    const key = record.split('\n')[0];
    const dot = key.lastIndexOf('.');
    if (key.startsWith('filter.') && dot > 'filter.'.length) drivers.add(key.slice('filter.'.length, dot));
  }
  const settings: string[] = [];
  for (const driver of drivers) {
    // `-c name=value` splits at the first "=": a driver whose name holds one cannot be switched off that way.
    if (/[=\n]/.test(driver)) throw new GitError(`git config defines a filter driver named ${JSON.stringify(driver)}, which --changed-since cannot switch off; scan without --changed-since`);
    settings.push(`filter.${driver}.clean=`, `filter.${driver}.smudge=`, `filter.${driver}.process=`, `filter.${driver}.required=false`);
  }
  return settings;
}

type Git = (args: string[], cwd: string, okStatuses?: number[]) => string;

function gitRunner(scanned: string, settings: string[] = []): Git {
  const executable = gitExecutable(scanned);
  const config = ['core.fsmonitor=false', 'core.quotepath=false', ...settings].flatMap((setting) => ['-c', setting]);
  return (args, cwd, okStatuses = [0]) => {
    const result = spawnSync(executable, [...config, ...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      shell: false,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', GIT_EXTERNAL_DIFF: '' },
    });
    if (result.error) throw new GitError(`cannot run git: ${result.error.message}`);
    if (!okStatuses.includes(result.status ?? -1)) throw new GitError(`git ${args[0]} failed: ${(result.stderr || '').trim().split('\n')[0] || `exit ${result.status}`}`);
    return result.stdout;
  };
}

/**
 * git's absolute path from PATH. Entries that are relative (".", "", "bin"),
 * or inside the scanned folder or the working directory, are skipped: a
 * repository could plant its own `git` there.
 */
export function gitExecutable(scanned: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const names = platform === 'win32' ? ['git.exe', 'git.cmd'] : ['git'];
  const distrusted = [realFolder(scanned), realFolder(process.cwd())];
  const entries = (env.PATH ?? env.Path ?? '').split(path.delimiter);
  for (const entry of entries) {
    if (!entry || !path.isAbsolute(entry)) continue;
    const folder = realFolder(entry);
    if (distrusted.some((root) => isInside(folder, root))) continue;
    for (const name of names) {
      const candidate = path.join(entry, name);
      try {
        if (fs.statSync(candidate).isFile()) {
          fs.accessSync(candidate, fs.constants.X_OK);
          return candidate;
        }
      } catch {
        // not here
      }
    }
  }
  throw new GitError('cannot run git: no git executable on PATH outside the scanned folder (needed for --changed-since)');
}
