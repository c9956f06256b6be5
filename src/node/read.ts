/**
 * Reading a file of a scanned folder, safely: only when its real path (every
 * symbolic link resolved) is inside the folder, and only when it is small
 * enough, checked with fstat on the opened descriptor before a byte is read.
 * A repository can plant `bootstrap.properties -> ~/.ssh/id_ed25519`; this
 * is where that stops. Node-only (src/node): shared by the CLI, the language
 * server and the extension's workspace scan, never imported by src/core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_ANALYSED_CHARS } from '../core/engine/analyze';

/**
 * UTF-8 takes at least one byte per UTF-16 unit and at most three, so a file
 * of more than three times the character limit cannot be analysed: it is not
 * read at all. (One between the limits is read and gets the core's notice.)
 */
export const MAX_READ_BYTES = 3 * MAX_ANALYSED_CHARS;

/** Why a file was not read. */
export type ReadProblem = 'outside-root' | 'too-large' | 'unreadable' | 'not-a-file';

export type SafeRead = { text: string; realPath: string } | { problem: ReadProblem; message: string };

/** The real path of a folder, or the folder itself when it cannot be resolved (it is then reported when read). */
export function realFolder(folder: string): string {
  try {
    return fs.realpathSync.native(folder);
  } catch {
    return path.resolve(folder);
  }
}

/** True when `file` (a real path) is `root` or lies below it (`root` a real path). */
export function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/**
 * Reads `file` as UTF-8 (invalid bytes become U+FFFD, a byte-order mark is
 * kept) when its real path is inside `root` and it has at most `maxBytes`
 * bytes; otherwise says why not. Never throws.
 *
 * Only a regular file is opened (a FIFO would block), with O_NOFOLLOW and
 * O_NONBLOCK, and the opened descriptor must be the file that was checked
 * (same device and inode), so a link or FIFO swapped in between the check
 * and the open is not read either.
 */
export function readInsideRoot(file: string, root: string, maxBytes: number = MAX_READ_BYTES): SafeRead {
  let real: string;
  try {
    real = fs.realpathSync.native(file);
  } catch (error) {
    return { problem: 'unreadable', message: `cannot be read: ${describe(error)}` };
  }
  const realRoot = realFolder(root);
  if (!isInside(real, realRoot)) {
    return { problem: 'outside-root', message: 'is a symbolic link to a file outside the scanned folder; it was not read' };
  }
  let descriptor: number | undefined;
  try {
    const checked = fs.lstatSync(real);
    // Before opening: opening a planted FIFO would wait for a writer for ever.
    if (!checked.isFile()) return { problem: 'not-a-file', message: 'is not a regular file; it was not read' };
    descriptor = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(descriptor);
    if (stat.dev !== checked.dev || stat.ino !== checked.ino) return { problem: 'unreadable', message: 'changed while it was being opened; it was not read' };
    if (!stat.isFile()) return { problem: 'not-a-file', message: 'is not a regular file; it was not read' };
    if (stat.size > maxBytes) {
      return { problem: 'too-large', message: `is too large to analyse (${(stat.size / 1_000_000).toFixed(1)} MB; the limit is ${(maxBytes / 1_000_000).toFixed(0)} MB); it was not read` };
    }
    // One byte more than the limit, so a file that grew after fstat is still caught.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size, 0) + 1));
    let length = 0;
    for (;;) {
      const read = fs.readSync(descriptor, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length === buffer.length) {
        if (length > maxBytes) return { problem: 'too-large', message: `grew past the limit of ${(maxBytes / 1_000_000).toFixed(0)} MB while it was read; it was not analysed` };
        break;
      }
    }
    return { text: buffer.toString('utf8', 0, length), realPath: real };
  } catch (error) {
    return { problem: 'unreadable', message: `cannot be read: ${describe(error)}` };
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

/**
 * Reads a file that sits beside `file` (`variables.tf` and `terraform.tfvars`
 * next to a `.tf` file, say) with the same checks: `name` must be a plain
 * file name, and the file's real path must be inside `root`. Undefined when
 * there is no such file; a problem when it exists but may not or cannot be read.
 */
export function readBeside(file: string, name: string, root: string, maxBytes: number = MAX_READ_BYTES): SafeRead | undefined {
  if (!name || name === '.' || name === '..' || /[\\/\0]/.test(name)) return { problem: 'unreadable', message: `"${name}" is not a plain file name` };
  const sibling = path.join(path.dirname(file), name);
  try {
    fs.lstatSync(sibling);
  } catch {
    return undefined;
  }
  return readInsideRoot(sibling, root, maxBytes);
}

const WORDS: Record<string, string> = {
  ENOENT: 'no such file (deleted, or a broken link)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  EISDIR: 'it is a folder',
};

/** The error code and what it means; never the message of an unknown error, which could quote a path outside the folder. */
function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (!code) return 'an unexpected error';
  return WORDS[code] ? `${code}, ${WORDS[code]}` : code;
}
