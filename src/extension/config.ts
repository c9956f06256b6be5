/**
 * The organisation config (`.responsibility-lens.yaml`, `.yml` or `.json` at
 * a workspace folder's root), the same file the CLI reads. Loaded without
 * blocking activation, watched for changes, and validated: mistakes appear
 * as diagnostics in the config file itself, and a file with mistakes is not
 * applied (analysis falls back to the built-in knowledge).
 */
import * as vscode from 'vscode';
import { CONFIG_FILE_NAMES, CONFIG_LIMITS, configTooLarge, parseConfig, type OrgConfig } from '../core/engine/config';
import { DIAGNOSTIC_SOURCE } from './commands';
import { TextPositions, toRange } from './positions';

const PATTERN = '.responsibility-lens.{yaml,yml,json}';

export class OrgConfigs implements vscode.Disposable {
  private readonly configs = new Map<string, OrgConfig | undefined>();
  private readonly collection = vscode.languages.createDiagnosticCollection('responsibilityLens.config');
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a folder's effective config changed (loaded, edited, fixed, broken or deleted). */
  readonly onDidChange = this.changed.event;
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private loading = Promise.resolve();

  constructor() {
    this.subscriptions = [
      this.collection,
      this.changed,
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watchFolders()),
      // Live validation while the config is edited; it is applied when saved (the watcher reloads it).
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (isConfigFile(event.document.uri)) this.publish(event.document.uri, event.document.getText());
      }),
    ];
    this.watchFolders();
  }

  /** The config that applies to a file: its workspace folder's, if valid. */
  configFor(uri: vscode.Uri): OrgConfig | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.configs.get(folder.uri.toString()) : undefined;
  }

  /** Resolves when every folder's config has been read (for tests and first use). */
  ready(): Promise<void> {
    return this.loading;
  }

  private watchFolders(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const folder of folders) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, PATTERN));
      const reload = () => void this.reload(folder);
      this.watchers.push(watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload));
    }
    const known = new Set(folders.map((folder) => folder.uri.toString()));
    for (const key of [...this.configs.keys()]) if (!known.has(key)) this.configs.delete(key);
    this.loading = Promise.all(folders.map((folder) => this.reload(folder))).then(() => undefined);
  }

  private async reload(folder: vscode.WorkspaceFolder): Promise<void> {
    let config: OrgConfig | undefined;
    let found: string | undefined;
    for (const name of CONFIG_FILE_NAMES) {
      const uri = vscode.Uri.joinPath(folder.uri, name);
      let text: string;
      try {
        // Capped before reading: a 40 MB config from a repository must not exhaust the extension host.
        const size = (await vscode.workspace.fs.stat(uri)).size;
        if (size > 3 * CONFIG_LIMITS.chars) {
          found ??= name;
          this.collection.set(uri, [diagnostic(new vscode.Range(0, 0, 0, 0), `${configTooLarge(size)} The organisation config is not applied.`, vscode.DiagnosticSeverity.Error)]);
          continue;
        }
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        this.collection.delete(uri);
        continue;
      }
      if (found) {
        // Only the first file counts; say so on the others rather than silently ignoring them.
        const message = `Ignored: ${found} in this folder takes precedence (the first of ${CONFIG_FILE_NAMES.join(', ')} is used).`;
        this.collection.set(uri, [diagnostic(new vscode.Range(0, 0, 0, 0), message, vscode.DiagnosticSeverity.Warning)]);
        continue;
      }
      found = name;
      config = this.publish(uri, text);
    }
    const key = folder.uri.toString();
    const before = this.configs.get(key);
    this.configs.set(key, config);
    if (before !== config) this.changed.fire();
  }

  /** Validates a config text, shows its problems in the file and returns the config when it is valid. */
  private publish(uri: vscode.Uri, text: string): OrgConfig | undefined {
    const { config, errors } = parseConfig(text, uri.path);
    const positions = new TextPositions(text);
    this.collection.set(
      uri,
      errors.map((error) => diagnostic(toRange(positions, error.span), `${error.message} The organisation config is not applied until this is fixed.`, vscode.DiagnosticSeverity.Error)),
    );
    return config;
  }

  dispose(): void {
    for (const watcher of this.watchers) watcher.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function isConfigFile(uri: vscode.Uri): boolean {
  const name = uri.path.split('/').pop() ?? '';
  if (!CONFIG_FILE_NAMES.includes(name)) return false;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder !== undefined && vscode.Uri.joinPath(folder.uri, name).toString() === uri.toString();
}

function diagnostic(range: vscode.Range, message: string, severity: vscode.DiagnosticSeverity): vscode.Diagnostic {
  const result = new vscode.Diagnostic(range, message, severity);
  result.source = DIAGNOSTIC_SOURCE;
  result.code = 'config';
  return result;
}
