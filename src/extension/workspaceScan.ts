/**
 * "Scan Workspace": analyses every matching file without opening an editor.
 * Which files: the include globs (default: every file the extension's
 * selector covers), minus `files.exclude` (findFiles applies it), the
 * exclude globs of the settings and of `.responsibility-lens.yaml`, and what
 * `.gitignore` files ignore. Cancellable; results go to the WorkspaceStore.
 */
import * as vscode from 'vscode';
import { analyze, isTerraformFileName, MAX_ANALYSED_CHARS, prepareFormats } from '../core';
import { CONFIG_FILE_NAMES, parseConfig } from '../core/engine/config';
import { braceExpand } from 'minimatch';
import { isIgnored, matchesAny, parseGitignore } from '../core/engine/ignore';
import { SELECTOR } from './analyses';
import { elapsed, log } from './log';
import { readSettings } from './settings';
import type { WorkspaceStore } from './workspaceStore';
import type { SiblingSnapshots } from './siblings';

export interface ScanSummary {
  /** Files read and analysed. */
  scanned: number;
  /** Of those, files some format claimed (templates, manifests …). */
  analysed: number;
  findings: number;
  /** Too large to read, or unreadable. */
  skipped: number;
  cancelled: boolean;
  /** More files matched than `workspaceScan.maxFiles`. */
  truncated: boolean;
  uris: vscode.Uri[];
  /** Milliseconds spent listing, reading, analysing, and in all. */
  timings: { list: number; read: number; analyse: number; total: number };
}

const decoder = new TextDecoder('utf-8');

/** Runs a scan with a cancellable progress notification. */
export function scanWorkspaceWithProgress(store: WorkspaceStore, siblings?: SiblingSnapshots): Thenable<ScanSummary> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Responsibility Lens: scanning the workspace'), cancellable: true },
    (progress, token) => scanWorkspace(store, token, progress, siblings),
  );
}

/** `siblings` gives each file what lies beside it (Terraform variables, tfvars, locals; open editors' text first). */
export async function scanWorkspace(
  store: WorkspaceStore,
  token: vscode.CancellationToken,
  progress?: vscode.Progress<{ message?: string; increment?: number }>,
  siblings?: SiblingSnapshots,
): Promise<ScanSummary> {
  const start = performance.now();
  const summary: ScanSummary = {
    scanned: 0,
    analysed: 0,
    findings: 0,
    skipped: 0,
    cancelled: false,
    truncated: false,
    uris: [],
    timings: { list: 0, read: 0, analyse: 0, total: 0 },
  };
  progress?.report({ message: vscode.l10n.t('finding files…') });
  const candidates: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const found = await filesOf(folder, token, readSettings(folder.uri)['workspaceScan.maxFiles'] + 1 - candidates.length);
    candidates.push(...found);
    if (token.isCancellationRequested) break;
  }
  const maxFiles = readSettings()['workspaceScan.maxFiles'];
  if (candidates.length > maxFiles) {
    summary.truncated = true;
    candidates.length = maxFiles;
  }
  summary.timings.list = performance.now() - start;
  log().info(`scan: ${candidates.length} file(s) to read (${elapsed(start)} to list them)`);

  const previous = new Set(store.uris().map((uri) => uri.toString()));
  const changed: vscode.Uri[] = [];
  let lastYield = performance.now();
  let reported = 0;
  // Reads go through the file system API one round trip at a time, so a few run ahead of the analysis.
  const reads = new Map<number, Promise<ReadResult>>();
  const readAhead = (from: number) => {
    for (let next = from; next < Math.min(from + READ_AHEAD, candidates.length); next++) if (!reads.has(next)) reads.set(next, readText(candidates[next]));
  };
  for (const [index, uri] of candidates.entries()) {
    if (token.isCancellationRequested) break;
    readAhead(index);
    const relative = vscode.workspace.asRelativePath(uri);
    if (index - reported >= 10 || candidates.length < 50) {
      progress?.report({ message: `${index + 1}/${candidates.length} ${relative}`, increment: ((index - reported) / candidates.length) * 100 });
      reported = index;
    }
    try {
      const readStart = performance.now();
      const read = await reads.get(index)!;
      reads.delete(index);
      summary.timings.read += performance.now() - readStart;
      if ('error' in read) throw read.error;
      if ('tooLarge' in read) {
        summary.skipped++;
        log().info(`scan: skipped ${relative} (${(read.tooLarge / 1_000_000).toFixed(1)} MB)`);
        continue;
      }
      const text = read.text;
      // The Terraform parser loads on the first .tf file (idempotent; next to the bundle).
      if (isTerraformFileName(uri.path)) await prepareFormats(__dirname).catch((error: unknown) => log().error(`cannot load the Terraform parser: ${String(error)}`));
      const beside = await siblings?.load(uri);
      const fileStart = performance.now();
      const analysis = analyze(text, uri.fsPath || uri.path, beside && { siblings: beside });
      summary.timings.analyse += performance.now() - fileStart;
      log().trace(`scan: ${relative} ${analysis.kind ?? 'not ours'} in ${elapsed(fileStart)}`);
      summary.scanned++;
      previous.delete(uri.toString());
      if (analysis.kind) {
        summary.analysed++;
        summary.findings += analysis.findings.length;
        summary.uris.push(uri);
      }
      if (analysis.kind || store.has(uri)) {
        store.set(uri, analysis, text, false);
        changed.push(uri);
      }
    } catch (error) {
      summary.skipped++;
      log().warn(`scan: could not read ${relative}: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Keep the extension host responsive on large workspaces.
    if (performance.now() - lastYield > 30) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    }
  }
  summary.cancelled = token.isCancellationRequested;
  // A complete scan forgets files that no longer match (deleted, now excluded).
  if (!summary.cancelled && !summary.truncated) {
    const gone = [...previous].map((uri) => vscode.Uri.parse(uri));
    store.delete(gone, false);
    changed.push(...gone);
  }
  store.fire(changed);
  summary.timings.total = performance.now() - start;
  log().info(
    `scan: ${summary.scanned} read, ${summary.analysed} analysed, ${summary.findings} finding(s), ${summary.skipped} skipped${summary.cancelled ? ', cancelled' : ''} in ${elapsed(start)} (listing ${summary.timings.list.toFixed(0)} ms, reading ${summary.timings.read.toFixed(0)} ms, analysing ${summary.timings.analyse.toFixed(0)} ms)`,
  );
  return summary;
}

const READ_AHEAD = 16;

type ReadResult = { text: string } | { tooLarge: number } | { error: unknown };

async function readText(uri: vscode.Uri): Promise<ReadResult> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    // UTF-8 never has fewer bytes than UTF-16 code units, so this is a safe pre-check.
    if (stat.size > MAX_ANALYSED_CHARS * 3) return { tooLarge: stat.size };
    return { text: decoder.decode(await vscode.workspace.fs.readFile(uri)) };
  } catch (error) {
    return { error };
  }
}

/** The files of one workspace folder that a scan reads, in path order. */
async function filesOf(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken, limit: number): Promise<vscode.Uri[]> {
  const settings = readSettings(folder.uri);
  const config = await orgConfig(folder);
  const include = settings['workspaceScan.include'].length || config.include.length ? [...settings['workspaceScan.include'], ...config.include] : defaultIncludes();
  const exclude = [...settings['workspaceScan.exclude'], ...config.exclude];
  const gitignore = settings['workspaceScan.useGitignore'] ? await gitignoreRules(folder, token) : [];
  // One search for all globs: VS Code's glob takes a single {a,b} group of whole patterns but no nested braces,
  // so each pattern is brace-expanded first. `undefined` as the exclude argument applies `files.exclude`.
  const expanded = [...new Set(include.flatMap((glob) => braceExpand(glob)))];
  const pattern = expanded.length === 1 ? expanded[0] : `{${expanded.join(',')}}`;
  const found = token.isCancellationRequested ? [] : await vscode.workspace.findFiles(new vscode.RelativePattern(folder, pattern), undefined, limit + 200, token);
  const result: vscode.Uri[] = [];
  for (const uri of found) {
    const relative = relativeTo(folder, uri);
    if (relative === undefined || matchesAny(relative, exclude) || isIgnored(relative, gitignore)) continue;
    result.push(uri);
  }
  return result.sort((a, b) => a.path.localeCompare(b.path)).slice(0, Math.max(0, limit));
}

/**
 * Globs for what the extension's document selector covers: its patterns, and
 * the file extensions and names that VS Code's language contributions give
 * its languages. Format-agnostic: a new format's selector entry is enough.
 */
export function defaultIncludes(): string[] {
  const globs = new Set<string>();
  const languages = new Set<string>();
  for (const filter of Array.isArray(SELECTOR) ? SELECTOR : [SELECTOR]) {
    if (typeof filter === 'string') languages.add(filter);
    else {
      if (filter.language) languages.add(filter.language);
      if (typeof filter.pattern === 'string') globs.add(filter.pattern);
      else if (filter.pattern) globs.add(filter.pattern.pattern);
    }
  }
  for (const extension of vscode.extensions.all) {
    const contributed = (extension.packageJSON as { contributes?: { languages?: unknown } } | undefined)?.contributes?.languages;
    if (!Array.isArray(contributed)) continue;
    for (const language of contributed as { id?: string; extensions?: unknown; filenames?: unknown; filenamePatterns?: unknown }[]) {
      if (!language.id || !languages.has(language.id)) continue;
      for (const ext of stringArray(language.extensions)) if (/^\.[\w.-]+$/.test(ext)) globs.add(`**/*${ext}`);
      for (const name of stringArray(language.filenames)) if (!/[*?{}[\]]/.test(name)) globs.add(`**/${name}`);
      for (const pattern of stringArray(language.filenamePatterns)) globs.add(pattern.includes('/') ? pattern : `**/${pattern}`);
    }
  }
  return [...globs].sort();
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Every `.gitignore` of the folder, shallowest first, so deeper files win. */
async function gitignoreRules(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken) {
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), '**/node_modules/**', 500, token);
  const withDepth = files
    .map((uri) => ({ uri, base: (relativeTo(folder, uri) ?? '').split('/').slice(0, -1).join('/') }))
    .sort((a, b) => a.base.split('/').length - b.base.split('/').length || a.base.localeCompare(b.base));
  const rules = [];
  for (const { uri, base } of withDepth) {
    try {
      rules.push(...parseGitignore(decoder.decode(await vscode.workspace.fs.readFile(uri)), base));
    } catch {
      // An unreadable .gitignore ignores nothing.
    }
  }
  return rules;
}

/** include/exclude of the organisation config at the folder's root; a broken file contributes nothing (its own diagnostics say why). */
async function orgConfig(folder: vscode.WorkspaceFolder): Promise<{ include: string[]; exclude: string[] }> {
  for (const name of CONFIG_FILE_NAMES) {
    const uri = vscode.Uri.joinPath(folder.uri, name);
    let text: string;
    try {
      text = decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      continue;
    }
    const { config, errors } = parseConfig(text, name);
    if (!config) {
      log().warn(`scan: ${name} has errors, its include/exclude globs are not used: ${errors.map((e) => e.message).join('; ')}`);
      return { include: [], exclude: [] };
    }
    return { include: config.include, exclude: config.exclude };
  }
  return { include: [], exclude: [] };
}

function relativeTo(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | undefined {
  const base = folder.uri.path.replace(/\/$/, '');
  return uri.path.startsWith(`${base}/`) ? uri.path.slice(base.length + 1) : undefined;
}
