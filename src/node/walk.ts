/**
 * Walking the folders of a scan without leaving them: a symbolically linked
 * folder is never followed (two links to the parent made the old walk run for
 * ever), a folder already walked under another name is walked once (loops are
 * broken by real path), and every entry that is left out for one of these
 * reasons is reported, not dropped. File names that are not valid UTF-8
 * cannot be named in a report or opened by their decoded name: they are
 * reported too. Node-only, shared by the CLI and the language server.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { realFolder } from './read';

export interface WalkOptions {
  /** Folder names never entered (node_modules, .git …). */
  skippedDirectories: ReadonlySet<string>;
  /** Whether to enter a folder found by the walk (not one named as a target); false prunes it. */
  enterDirectory?(folder: string): boolean;
  /** Whether a file found by the walk is one to scan. */
  selectFile(file: string): boolean;
}

export interface WalkedFile {
  file: string;
  /**
   * The real path of the target it was found under: reading it must not leave
   * this folder (src/node/read.ts readInsideRoot). For a file named as a target, the file itself.
   */
  root: string;
}

export type SkipReason = 'symlinked-folder' | 'loop' | 'undecodable-name' | 'unreadable-folder' | 'missing' | 'not-a-file';

export interface WalkSkip {
  /** As found (undecodable bytes shown as U+FFFD). */
  path: string;
  reason: SkipReason;
  message: string;
}

export interface WalkResult {
  files: WalkedFile[];
  skipped: WalkSkip[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Files under the targets, in a stable order. A target that is a file is always included. */
export function walkFiles(targets: string[], options: WalkOptions): WalkResult {
  const files: WalkedFile[] = [];
  const skipped: WalkSkip[] = [];
  const walked = new Set<string>();
  const seenFiles = new Set<string>();
  const addFile = (file: string, root: string) => {
    if (seenFiles.has(file)) return;
    seenFiles.add(file);
    files.push({ file, root });
  };

  const walkFolder = (folder: string, root: string): void => {
    const real = realFolder(folder);
    if (walked.has(real)) {
      skipped.push({ path: folder, reason: 'loop', message: 'is a folder already scanned under another name; it was not scanned again' });
      return;
    }
    walked.add(real);
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      skipped.push({ path: folder, reason: 'unreadable-folder', message: `cannot be listed: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
      return;
    }
    const named = entries.map((entry) => ({ entry, name: decodeName(entry.name) }));
    named.sort((a, b) => (a.name.text < b.name.text ? -1 : a.name.text > b.name.text ? 1 : 0));
    for (const { entry, name } of named) {
      const full = path.join(folder, name.text);
      if (!name.valid) {
        skipped.push({ path: full, reason: 'undecodable-name', message: 'has a name that is not valid UTF-8; it was not scanned' });
        continue;
      }
      if (entry.isDirectory()) {
        if (options.skippedDirectories.has(name.text)) continue;
        if (options.enterDirectory && !options.enterDirectory(full)) continue;
        walkFolder(full, root);
      } else if (entry.isSymbolicLink()) {
        let target: fs.Stats | undefined;
        try {
          target = fs.statSync(full);
        } catch {
          // A broken link: offered as a file, so a scan that selects it reports it as unreadable.
        }
        if (target?.isDirectory()) {
          if (!options.skippedDirectories.has(name.text)) skipped.push({ path: full, reason: 'symlinked-folder', message: 'is a symbolic link to a folder; links to folders are not followed' });
          continue;
        }
        if (options.selectFile(full)) addFile(full, root);
      } else if (entry.isFile()) {
        if (options.selectFile(full)) addFile(full, root);
      } else if (options.selectFile(full)) {
        // A FIFO, socket or device with a name a scan would read: never opened (a FIFO blocks), but reported.
        skipped.push({ path: full, reason: 'not-a-file', message: 'is not a regular file (a FIFO, socket or device); it was not read' });
      }
    }
  };

  for (const target of targets) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      skipped.push({ path: target, reason: 'missing', message: 'no such file or directory' });
      continue;
    }
    if (stat.isDirectory()) walkFolder(target, realFolder(target));
    else if (stat.isFile()) addFile(target, realFolder(target));
  }
  return { files, skipped };
}

/** A directory entry's name as text, and whether it was valid UTF-8. */
function decodeName(bytes: Buffer): { text: string; valid: boolean } {
  try {
    return { text: strictUtf8.decode(bytes), valid: true };
  } catch {
    return { text: bytes.toString('utf8'), valid: false };
  }
}
