/**
 * The files beside a document that its analysis reads (the core's
 * `readsSibling`: for Terraform, the folder's `.tf` and `.tfvars` files),
 * kept as one SiblingFiles per folder. Texts come from open editors first
 * (unsaved text wins), else from `vscode.workspace.fs`, loaded asynchronously
 * before the synchronous analysis needs them. When one of them changes (typed,
 * saved, created, deleted), `onDidChange` names its folder so the documents
 * there are analysed again; the core notices the new text itself.
 */
import * as vscode from 'vscode';
import { readsSibling, readsSiblings } from '../core';
import type { SiblingFiles } from '../core/types';
import { log } from './log';

/** A sibling larger than this is not read (a tfvars or variables file is small). */
const MAX_SIBLING_BYTES = 2_000_000;
/** Files of a folder whose changes matter to the analyses that read siblings (Terraform configuration and tfvars). */
const WATCHED = '**/*.{tf,tf.json,tfvars,tfvars.json}';

interface Folder {
  names: string[];
  /** Texts read from disk, by base name; open editors' texts are looked up live. */
  texts: Map<string, string>;
  siblings: SiblingFiles;
}

const decoder = new TextDecoder('utf-8');

export class SiblingSnapshots implements vscode.Disposable {
  private readonly folders = new Map<string, Folder>();
  private readonly loading = new Map<string, Promise<Folder | undefined>>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires with a folder whose sibling files changed: analyses of its documents are stale. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(WATCHED);
    const onDisk = (uri: vscode.Uri) => this.reload(uri);
    this.subscriptions = [
      watcher,
      watcher.onDidCreate(onDisk),
      watcher.onDidChange(onDisk),
      watcher.onDidDelete(onDisk),
      // Typing in one file changes what the others in its folder see; the text itself is read live.
      vscode.workspace.onDidChangeTextDocument((event) => {
        const folder = this.folders.get(folderKey(event.document.uri));
        if (folder && folder.names.includes(baseName(event.document.uri))) this.emitter.fire(folderOf(event.document.uri));
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        // Closing an edited file without saving: the disk text is what counts again.
        const folder = this.folders.get(folderKey(document.uri));
        if (folder && document.isDirty) this.reload(document.uri);
      }),
      this.emitter,
    ];
  }

  /**
   * The siblings of `document` when they are loaded; otherwise undefined, and
   * loading starts (onDidChange fires when they are ready). Documents whose
   * format reads no siblings get undefined at no cost.
   */
  siblingsFor(document: vscode.TextDocument): SiblingFiles | undefined {
    if (document.isUntitled || !readsSiblings(document.fileName)) return undefined;
    const folder = this.folders.get(folderKey(document.uri));
    if (folder) return folder.siblings;
    void this.load(document.uri).then((loaded) => loaded && this.emitter.fire(folderOf(document.uri)));
    return undefined;
  }

  /** The siblings of the file at `uri`, loading them first when needed (for the workspace scan). */
  async load(uri: vscode.Uri): Promise<SiblingFiles | undefined> {
    if (uri.scheme === 'untitled' || !readsSiblings(uri.path)) return undefined;
    const key = folderKey(uri);
    const cached = this.folders.get(key);
    if (cached) return cached.siblings;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = loadFolder(folderOf(uri), uri.path).then(
        (folder) => {
          this.loading.delete(key);
          if (folder) this.folders.set(key, folder);
          return folder;
        },
        (error: unknown) => {
          this.loading.delete(key);
          log().warn(`cannot read the files beside ${uri.toString(true)}: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        },
      );
      this.loading.set(key, pending);
    }
    return (await pending)?.siblings;
  }

  /** A sibling changed on disk: drop its folder's snapshot (the next analysis loads it again) and say so. */
  private reload(uri: vscode.Uri): void {
    const key = folderKey(uri);
    if (!this.folders.delete(key)) return;
    this.emitter.fire(folderOf(uri));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.folders.clear();
  }
}

async function loadFolder(folder: vscode.Uri, fileName: string): Promise<Folder | undefined> {
  const entries = await vscode.workspace.fs.readDirectory(folder);
  // Regular files only: links and folders are not followed out of the folder.
  const names = entries.filter(([, type]) => type === vscode.FileType.File).map(([name]) => name);
  const own = fileName.split('/').pop() ?? fileName;
  // The disk text of each, also for open files: it counts again when an edited file is closed unsaved.
  const texts = new Map<string, string>();
  await Promise.all(
    names
      .filter((name) => name === own || readsSibling(fileName, name))
      .map(async (name) => {
        const uri = vscode.Uri.joinPath(folder, name);
        try {
          if ((await vscode.workspace.fs.stat(uri)).size > MAX_SIBLING_BYTES) return;
          texts.set(name, decoder.decode(await vscode.workspace.fs.readFile(uri)));
        } catch {
          // Gone or unreadable: the analysis goes without it.
        }
      }),
  );
  const siblings: SiblingFiles = {
    list: () => names,
    read: (name) => {
      const document = openDocument(vscode.Uri.joinPath(folder, name));
      return document ? document.getText() : texts.get(name);
    },
  };
  return { names, texts, siblings };
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
}

function folderOf(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(uri, '..');
}

function folderKey(uri: vscode.Uri): string {
  return folderOf(uri).toString();
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? '';
}
