/**
 * "Scan Workspace" on the server: the walk (src/node/files.ts, the CLI's),
 * the reads and the analyses all run on the worker pool, behind open
 * documents' analyses, each file within its time budget. Which files: the
 * include globs (default: every file a format reads), minus `files.exclude`,
 * the exclude globs of the settings and of the organisation config (when the
 * workspace is trusted), and what `.gitignore` files ignore. Cancellable,
 * with progress; results stay in the ScanStore for files that are not open.
 */
import * as path from 'node:path';
import type { CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { OrgConfig } from '../core/engine/config';
import type { Analysis } from '../core/types';
import { relativeTo } from '../node/files';
import type { AnalysisPool } from '../node/pool';
import type { ScanSummary } from '../protocol/messages';
import type { Settings } from '../protocol/settings';
import { textPositions, type TextDocument } from './positions';

/** A scanned file's result: an analysis, or why there is none. */
export type Stored =
  | { status: 'done'; analysis: Analysis; document: TextDocument }
  | { status: 'over-budget'; budgetMs: number; document: TextDocument }
  | { status: 'failed'; message: string; document: TextDocument };

/** Results of "Scan Workspace", by URI. Open documents always win: their live analysis is shown instead. */
export class ScanStore {
  private readonly files = new Map<string, Stored>();

  get size(): number {
    return this.files.size;
  }

  get(uri: string): Stored | undefined {
    return this.files.get(uri);
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  /** Only files some format claimed, or that could not be analysed, are kept. */
  set(uri: string, stored: Stored): void {
    if (stored.status === 'done' && !stored.analysis.kind) this.files.delete(uri);
    else this.files.set(uri, stored);
  }

  delete(uri: string): boolean {
    return this.files.delete(uri);
  }

  /** Forgets files at or below these URIs (deleted or renamed); returns those it forgot. */
  deleteUnder(uris: string[]): string[] {
    return this.uris().filter((uri) => uris.some((gone) => uri === gone || uri.startsWith(`${gone}/`)) && this.files.delete(uri));
  }

  clear(): string[] {
    const all = this.uris();
    this.files.clear();
    return all;
  }
}

export interface ScanContext {
  pool: AnalysisPool;
  store: ScanStore;
  /** Workspace folder URIs. */
  folders(): string[];
  settingsFor(uri?: string): Promise<Settings>;
  /** `files.exclude` globs of a folder, as VS Code applies them to its own searches. */
  filesExclude(folder: string): Promise<string[]>;
  /** include/exclude of the folder's organisation config; empty when there is none or the workspace is not trusted. */
  configGlobs(folder: string): { include: string[]; exclude: string[] };
  configFor(uri: string): OrgConfig | undefined;
  /** URIs whose stored result changed, to publish. */
  changed(uris: string[]): void;
  log(message: string): void;
}

export async function scanWorkspace(context: ScanContext, token: CancellationToken, progress: WorkDoneProgressReporter): Promise<ScanSummary> {
  const start = performance.now();
  const summary: ScanSummary = { scanned: 0, analysed: 0, findings: 0, skipped: 0, overBudget: 0, cancelled: false, truncated: false, uris: [], timings: { list: 0, analyse: 0, total: 0 } };
  const abort = new AbortController();
  const subscription = token.onCancellationRequested(() => abort.abort());
  try {
    progress.begin('Responsibility Lens: scanning the workspace', 0, 'finding files…', true);
    const maxFiles = (await context.settingsFor())['workspaceScan.maxFiles'];
    const candidates: { file: string; folder: string }[] = [];
    for (const folder of context.folders()) {
      const root = URI.parse(folder);
      if (root.scheme !== 'file' || abort.signal.aborted) continue;
      const settings = await context.settingsFor(folder);
      const config = context.configGlobs(folder);
      const include = [...settings['workspaceScan.include'], ...config.include];
      const exclude = [...settings['workspaceScan.exclude'], ...config.exclude, ...(await context.filesExclude(folder))];
      const listed = await context.pool.run(
        { kind: 'list', scan: { root: root.fsPath, include, exclude, useGitignore: settings['workspaceScan.useGitignore'], maxFiles: maxFiles + 1 - candidates.length } },
        { budgetMs: Infinity, signal: abort.signal, background: true },
      );
      if (listed.status !== 'done') {
        if (listed.status === 'failed') context.log(`scan: cannot list ${root.fsPath}: ${listed.message}`);
        continue;
      }
      candidates.push(...listed.value.files.map((file) => ({ file, folder: root.fsPath })));
      if (candidates.length > maxFiles) break;
    }
    if (candidates.length > maxFiles) {
      summary.truncated = true;
      candidates.length = maxFiles;
    }
    summary.timings.list = performance.now() - start;
    context.log(`scan: ${candidates.length} file(s) to read (${summary.timings.list.toFixed(0)} ms to list them)`);

    const previous = new Set(context.store.uris());
    const changed: string[] = [];
    let done = 0;
    let reported = 0;
    const budgets = new Map<string, number>();
    const budgetOf = async (folder: string) => budgets.get(folder) ?? budgets.set(folder, (await context.settingsFor(URI.file(folder).toString()))['analysis.timeBudgetMs']).get(folder)!;
    await Promise.all(
      candidates.map(async ({ file, folder }) => {
        const uri = URI.file(file).toString();
        const outcome = await context.pool.run({ kind: 'analyzeFile', file, config: context.configFor(uri) }, { budgetMs: await budgetOf(folder), signal: abort.signal, background: true });
        if (outcome.status === 'cancelled') return;
        done++;
        if (done - reported >= 10 || candidates.length < 50) {
          progress.report(Math.floor((done / candidates.length) * 100), `${done}/${candidates.length} ${relativeTo(folder, file) || path.basename(file)}`);
          reported = done;
        }
        previous.delete(uri);
        if (outcome.status === 'done') {
          const read = outcome.value;
          if (!('text' in read)) {
            summary.skipped++;
            context.log(`scan: skipped ${file}: ${'error' in read ? read.error : `${(read.tooLarge / 1_000_000).toFixed(1)} MB`}`);
            return;
          }
          summary.scanned++;
          summary.timings.analyse += outcome.ms;
          const analysis = read.analysis!;
          if (analysis.kind) {
            summary.analysed++;
            summary.findings += analysis.findings.length;
            summary.uris.push(uri);
          }
          if (analysis.kind || context.store.has(uri)) {
            context.store.set(uri, { status: 'done', analysis, document: textPositions(uri, read.text) });
            changed.push(uri);
          }
          return;
        }
        // Never silently skipped: the file gets a diagnostic saying why it has no results.
        summary.scanned++;
        if (outcome.status === 'over-budget') summary.overBudget++;
        const document = textPositions(uri, '');
        context.store.set(uri, outcome.status === 'over-budget' ? { status: 'over-budget', budgetMs: outcome.budgetMs, document } : { status: 'failed', message: outcome.message, document });
        changed.push(uri);
        context.log(`scan: ${file} not analysed (${outcome.status === 'over-budget' ? `over its time budget of ${outcome.budgetMs} ms` : outcome.message})`);
      }),
    );
    summary.cancelled = abort.signal.aborted;
    // A complete scan forgets files that no longer match (deleted, now excluded).
    if (!summary.cancelled && !summary.truncated) {
      for (const uri of previous) if (context.store.delete(uri)) changed.push(uri);
    }
    summary.uris.sort();
    context.changed(changed);
    summary.timings.total = performance.now() - start;
    context.log(
      `scan: ${summary.scanned} read, ${summary.analysed} analysed, ${summary.findings} finding(s), ${summary.skipped} skipped, ${summary.overBudget} over budget${summary.cancelled ? ', cancelled' : ''} in ${summary.timings.total.toFixed(0)} ms (listing ${summary.timings.list.toFixed(0)} ms, analysing ${summary.timings.analyse.toFixed(0)} ms on workers)`,
    );
    return summary;
  } finally {
    subscription.dispose();
    progress.done();
  }
}
