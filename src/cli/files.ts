/**
 * The files git says changed (--changed-since). git is run with an argument
 * list (never a shell), with external diff, text conversion and fsmonitor
 * hooks turned off, so nothing from the repository is executed. Which files
 * a scan walks is src/node/files.ts.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

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
