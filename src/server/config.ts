/**
 * The organisation config (`.responsibility-lens.yaml`, `.yml` or `.json` at
 * a workspace folder's root), the same file the CLI reads. Read from disk,
 * reloaded when the client reports the file changed, validated: mistakes are
 * diagnostics in the file itself, and a file with mistakes is not applied.
 *
 * A config can lower severities, turn rules off and exclude paths, so in an
 * untrusted workspace (VS Code's Restricted Mode) it is not applied at all:
 * a warning on the file says so, and trusting the workspace applies it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAMES, parseConfig, type OrgConfig } from '../core/engine/config';
import { configDiagnostic, type Publisher } from './diagnostics';
import { textPositions, toRange } from './positions';

/** Glob of the files to watch (relative to each workspace folder). */
export const CONFIG_GLOB = '**/.responsibility-lens.{yaml,yml,json}';

export const UNTRUSTED_NOTE =
  'Not applied: this workspace is not trusted (Restricted Mode), and its organisation config could lower severities, turn rules off or exclude files. Trust the workspace to apply it.';

interface FolderConfig {
  config: OrgConfig | undefined;
  /** The file that counts (the first of CONFIG_FILE_NAMES that exists). */
  uri?: string;
}

export class OrgConfigs {
  private readonly folders = new Map<string, FolderConfig>();
  private trusted: boolean;

  /** `onDidChange` runs when the config that applies to some files changed. */
  constructor(
    private readonly publisher: Publisher,
    private readonly onDidChange: () => void,
    trusted: boolean,
  ) {
    this.trusted = trusted;
  }

  /** The config that applies to a file: its workspace folder's, if valid and the workspace is trusted. */
  configFor(uri: string): OrgConfig | undefined {
    if (!this.trusted) return undefined;
    const folder = this.folderOf(uri);
    return folder ? this.folders.get(folder)?.config : undefined;
  }

  /** The config of a folder as read, trusted or not (for include/exclude of a scan, which checks trust itself). */
  get isTrusted(): boolean {
    return this.trusted;
  }

  async setFolders(uris: string[]): Promise<void> {
    const wanted = new Set(uris.filter((uri) => URI.parse(uri).scheme === 'file'));
    for (const folder of [...this.folders.keys()]) {
      if (wanted.has(folder)) continue;
      const uri = this.folders.get(folder)?.uri;
      this.folders.delete(folder);
      for (const name of CONFIG_FILE_NAMES) this.publisher.clear(joinUri(folder, name), 'config');
      if (uri) this.onDidChange();
    }
    await Promise.all([...wanted].filter((folder) => !this.folders.has(folder)).map((folder) => this.reload(folder)));
  }

  /** A watched config file was created, changed or deleted. */
  async changed(uri: string): Promise<void> {
    const folder = this.folderOf(uri);
    if (folder && this.isConfigFile(uri)) await this.reload(folder);
  }

  setTrusted(trusted: boolean): void {
    if (trusted === this.trusted) return;
    this.trusted = trusted;
    for (const folder of this.folders.keys()) void this.reload(folder, true);
  }

  /** Whether the file is a config at the root of a workspace folder. */
  isConfigFile(uri: string): boolean {
    const folder = this.folderOf(uri);
    return folder !== undefined && CONFIG_FILE_NAMES.some((name) => joinUri(folder, name) === uri);
  }

  /** Live validation while the config is edited; it is applied when saved (the file watcher reloads it). */
  validate(uri: string, text: string): void {
    this.publisher.set(uri, 'config', this.problems(uri, text).diagnostics);
  }

  private async reload(folder: string, force = false): Promise<void> {
    let found: FolderConfig = { config: undefined };
    for (const name of CONFIG_FILE_NAMES) {
      const uri = joinUri(folder, name);
      let text: string;
      try {
        text = await fs.promises.readFile(path.join(URI.parse(folder).fsPath, name), 'utf8');
      } catch {
        this.publisher.clear(uri, 'config');
        continue;
      }
      if (found.uri) {
        // Only the first file counts; say so on the others rather than silently ignoring them.
        const message = `Ignored: ${path.posix.basename(found.uri)} in this folder takes precedence (the first of ${CONFIG_FILE_NAMES.join(', ')} is used).`;
        this.publisher.set(uri, 'config', [configDiagnostic(zero, message, DiagnosticSeverity.Warning)]);
        continue;
      }
      const { config, diagnostics } = this.problems(uri, text);
      found = { config, uri };
      this.publisher.set(uri, 'config', diagnostics);
    }
    const before = this.folders.get(folder);
    this.folders.set(folder, found);
    if (force || JSON.stringify(before?.config) !== JSON.stringify(found.config)) this.onDidChange();
  }

  private problems(uri: string, text: string): { config: OrgConfig | undefined; diagnostics: Diagnostic[] } {
    const { config, errors } = parseConfig(text, URI.parse(uri).path);
    const positions = textPositions(uri, text);
    const diagnostics = errors.map((error) =>
      configDiagnostic(toRange(positions, error.span), `${error.message} The organisation config is not applied until this is fixed.`, DiagnosticSeverity.Error),
    );
    if (!this.trusted && config) diagnostics.push(configDiagnostic(zero, UNTRUSTED_NOTE, DiagnosticSeverity.Warning));
    return { config, diagnostics };
  }

  /** The workspace folder a file is in (the innermost, for nested folders). */
  private folderOf(uri: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.folders.keys()) {
      const prefix = folder.endsWith('/') ? folder : `${folder}/`;
      if (uri.startsWith(prefix) && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }
}

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function joinUri(folder: string, name: string): string {
  return URI.parse(folder).with({ path: path.posix.join(URI.parse(folder).path, name) }).toString();
}
