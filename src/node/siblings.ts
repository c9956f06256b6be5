/**
 * The files beside an analysed file that its format reads (Terraform: the
 * folder's `.tf` and `.tfvars` files, for variable defaults, tfvars and
 * locals), for analyses on a worker thread. One SiblingFiles object per
 * folder lives as long as the worker, so the core parses each sibling once
 * while it does not change: a read checks the file's size and modification
 * time and reads it again only when they moved. Only regular files of the
 * folder itself are listed (no symbolic links, no subfolders), each read
 * through the same size-checked reader as the scanned files. Texts of open
 * editors, passed with a job, win over the disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SiblingFiles } from '../core/types';
import { readText } from './files';

/** A variables or tfvars file is small: a larger sibling is not read. */
const MAX_SIBLING_BYTES = 2_000_000;
/** Folders remembered per worker; past this the oldest are forgotten. */
const MAX_FOLDERS = 256;

interface Cached {
  size: number;
  mtimeMs: number;
  text: string | undefined;
}

class FolderSiblings implements SiblingFiles {
  /** Unsaved texts of open editors in this folder, set for the job being analysed. */
  overrides: Readonly<Record<string, string>> = {};
  private readonly texts = new Map<string, Cached>();

  constructor(private readonly folder: string) {}

  list(): readonly string[] {
    let names: string[];
    try {
      names = fs
        .readdirSync(this.folder, { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name);
    } catch {
      names = [];
    }
    for (const name of Object.keys(this.overrides)) if (!names.includes(name)) names.push(name);
    return names;
  }

  read(name: string): string | undefined {
    if (Object.prototype.hasOwnProperty.call(this.overrides, name)) return this.overrides[name];
    if (name !== path.basename(name)) return undefined;
    const file = path.join(this.folder, name);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(file);
    } catch {
      this.texts.delete(name);
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const cached = this.texts.get(name);
    // The same string while the file is unchanged: the core compares texts to reuse what it parsed.
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.text;
    const read = readText(file, MAX_SIBLING_BYTES);
    const text = 'text' in read ? read.text : undefined;
    this.texts.set(name, { size: stat.size, mtimeMs: stat.mtimeMs, text });
    return text;
  }
}

export class SiblingReader {
  private readonly folders = new Map<string, FolderSiblings>();

  /** The siblings of `file`, with `overrides` (base name → text of an open editor) winning over the disk. */
  of(file: string, overrides: Readonly<Record<string, string>> = {}): SiblingFiles {
    const folder = path.dirname(path.resolve(file));
    let siblings = this.folders.get(folder);
    if (!siblings) {
      if (this.folders.size >= MAX_FOLDERS) this.folders.delete(this.folders.keys().next().value!);
      this.folders.set(folder, (siblings = new FolderSiblings(folder)));
    }
    siblings.overrides = overrides;
    return siblings;
  }
}
