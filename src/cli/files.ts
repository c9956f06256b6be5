/**
 * The files git says changed (--changed-since), with nothing from the
 * repository executed. Which files a scan walks is src/node/files.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside, realFolder } from '../node/read';

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
