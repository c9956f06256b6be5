/**
 * One analysis per open document version, run on the worker pool within the
 * file's time budget. Opening and saving analyse at once; typing waits for
 * the debounce; a newer version cancels the older one's analysis. Hovers,
 * code actions and CodeLens ask for the analysis of the version they see:
 * the last completed one if it is that version, else the pending one (started
 * at once if it was still waiting for its debounce).
 */
import type { TextDocuments } from 'vscode-languageserver';
import type { OrgConfig } from '../core/engine/config';
import type { Analysis } from '../core/types';
import type { AnalysisPool } from '../node/pool';
import type { TextDocument } from './positions';

export type Result =
  | { status: 'done'; version: number; analysis: Analysis; ms: number }
  | { status: 'over-budget'; version: number; budgetMs: number }
  | { status: 'failed'; version: number; message: string };

interface Pending {
  version: number;
  abort: AbortController;
  timer?: NodeJS.Timeout;
  promise?: Promise<Result | undefined>;
}

interface Entry {
  pending?: Pending;
  last?: Result;
}

export interface AnalysesOptions {
  pool: AnalysisPool;
  documents: TextDocuments<TextDocument>;
  /** The name formats go by (a path, or an untitled buffer's name with its language's extension). */
  fileNameOf(document: TextDocument): string;
  configFor(uri: string): OrgConfig | undefined;
  /** For a file on disk whose format reads the files beside it: the open editors' texts among them (by base name). */
  siblingsOf(document: TextDocument, fileName: string): { open: Record<string, string> } | undefined;
  budgetFor(uri: string): Promise<number>;
  /** A completed analysis that is still the document's current version. */
  onResult(uri: string, result: Result): void;
  log(message: string): void;
}

export class DocumentAnalyses {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: AnalysesOptions) {}

  /** Analyses the document's current version after `delayMs` (0: at once), cancelling an older version's analysis. */
  schedule(document: TextDocument, delayMs = 0): void {
    const entry = this.entry(document.uri);
    if (entry.pending?.version === document.version) {
      if (delayMs === 0) void this.start(document.uri, entry.pending);
      return;
    }
    if (!entry.pending && entry.last?.version === document.version) {
      // Saved without changes since the last analysis: show it again (settings may have changed), do not redo it.
      this.options.onResult(document.uri, entry.last);
      return;
    }
    this.cancel(entry);
    const pending: Pending = { version: document.version, abort: new AbortController() };
    entry.pending = pending;
    if (delayMs > 0) pending.timer = setTimeout(() => void this.start(document.uri, pending), delayMs);
    else void this.start(document.uri, pending);
  }

  /** The analysis of exactly this version of the document; undefined when a newer version superseded it first. */
  forVersion(document: TextDocument): Promise<Result | undefined> {
    const entry = this.entry(document.uri);
    if (entry.last?.version === document.version) return Promise.resolve(entry.last);
    if (entry.pending?.version !== document.version) this.schedule(document, 0);
    return this.start(document.uri, entry.pending!);
  }

  /** The last completed analysis, whatever its version. */
  last(uri: string): Result | undefined {
    return this.entries.get(uri)?.last;
  }

  /** Analyses every open document again (the organisation config or the budget changed). */
  rerun(which: (result: Result | undefined) => boolean = () => true, documentFilter: (uri: string) => boolean = () => true): void {
    for (const document of this.options.documents.all()) {
      if (!documentFilter(document.uri)) continue;
      const entry = this.entry(document.uri);
      if (!which(entry.last)) continue;
      this.cancel(entry);
      entry.last = undefined;
      this.schedule(document, 0);
    }
  }

  /** Analyses these open documents again although their text did not change (a file beside them did). */
  invalidate(uris: Iterable<string>): void {
    const wanted = new Set(uris);
    this.rerun(() => true, (uri) => wanted.has(uri));
  }

  close(uri: string): void {
    const entry = this.entries.get(uri);
    if (entry) this.cancel(entry);
    this.entries.delete(uri);
  }

  private entry(uri: string): Entry {
    let entry = this.entries.get(uri);
    if (!entry) this.entries.set(uri, (entry = {}));
    return entry;
  }

  private cancel(entry: Entry): void {
    if (!entry.pending) return;
    clearTimeout(entry.pending.timer);
    entry.pending.abort.abort();
    entry.pending = undefined;
  }

  private start(uri: string, pending: Pending): Promise<Result | undefined> {
    clearTimeout(pending.timer);
    pending.timer = undefined;
    pending.promise ??= this.run(uri, pending);
    return pending.promise;
  }

  private async run(uri: string, pending: Pending): Promise<Result | undefined> {
    const { pool, documents } = this.options;
    const budgetMs = await this.options.budgetFor(uri);
    const document = documents.get(uri);
    if (!document || document.version !== pending.version || pending.abort.signal.aborted) return undefined;
    const fileName = this.options.fileNameOf(document);
    const siblings = this.options.siblingsOf(document, fileName);
    const outcome = await pool.run(
      { kind: 'analyze', text: document.getText(), fileName, config: this.options.configFor(uri), ...(siblings ? { siblings } : {}) },
      { budgetMs, signal: pending.abort.signal },
    );
    if (outcome.status === 'cancelled') return undefined;
    const version = pending.version;
    const result: Result =
      outcome.status === 'done'
        ? { status: 'done', version, analysis: outcome.value, ms: outcome.ms }
        : outcome.status === 'over-budget'
          ? { status: 'over-budget', version, budgetMs: outcome.budgetMs }
          : { status: 'failed', version, message: outcome.message };
    if (result.status === 'done') this.options.log(`analysed ${uri} v${version} (${result.analysis.kind ?? 'not ours'}) in ${result.ms.toFixed(1)} ms`);
    else this.options.log(`${uri} v${version}: ${result.status === 'over-budget' ? `over its time budget of ${budgetMs} ms` : `analysis failed: ${result.message}`}`);
    const entry = this.entries.get(uri);
    if (entry?.pending === pending) {
      entry.last = result;
      entry.pending = undefined;
      this.options.onResult(uri, result);
    }
    return result;
  }
}
