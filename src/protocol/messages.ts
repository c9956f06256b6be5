/**
 * The custom part of the protocol between the VS Code client and the
 * language server: what standard LSP cannot carry (the matrix panel's data,
 * status-bar counts, the workspace scan, the list of suppressions, trust and
 * the Terraform parser's readiness). Everything else (diagnostics, hover,
 * code actions, CodeLens) is standard LSP, so other editors get it too.
 * Declared once, imported by both sides; positions are LSP ranges (UTF-16).
 */
import { NotificationType, NotificationType0, RequestType, RequestType0, type Range, type TextDocumentPositionParams, type WorkDoneProgressParams, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { ItControlCounts, OwnerSplit, ServiceColumn, ServiceSide } from '../core/clouds/aws/matrix';
import type { CloudMatrixView, MatrixViewFilter } from '../core/engine/matrixView';
import type { MatrixData } from '../core/clouds/aws/knowledge/schema';
import type { UnanalysedReport } from '../core/reports/silenced';
import type { AwsOwner, AwsRowId, CloudId, FileKind, Owner, RowId, ServiceModel, Severity, Suppression } from '../core/types';

/** `initializationOptions` of the `initialize` request; every field is optional, for other editors. */
export interface InitializationOptions {
  /** The client renders `$(icon)` syntax in hover Markdown (VS Code); otherwise the server leaves icons out. */
  themeIcons?: boolean;
  /** False in an untrusted workspace (VS Code's Restricted Mode): the workspace's organisation config is not applied. Absent: trusted. */
  trusted?: boolean;
  /**
   * The client shows a line's Problems entries above its hover card and runs `responsibilityLens.showHoverDetails`
   * from a command link in a hover (VS Code): hovers then hold the card's first screen and a link to the rest
   * (HoverDetailsRequest), so they fit without scrolling. Otherwise hovers hold the whole card.
   */
  hoverDetailsLink?: boolean;
}

/** The whole hover card at a position (what a hover's "Details" link opens), as Markdown without theme icons; null where there is none. */
export const HoverDetailsRequest = new RequestType<TextDocumentPositionParams, string | null, void>('responsibilityLens/hoverDetails');

/** Client → server: the user trusted the workspace (VS Code grants trust once per session; it is never withdrawn without a reload). */
export const TrustNotification = new NotificationType<{ trusted: boolean }>('responsibilityLens/trust');

/** What the status bar shows for an open document, sent after each of its analyses (and when settings change). */
export interface FileStatus {
  uri: string;
  version: number;
  /** Undefined when no format claims the file. */
  kind?: FileKind;
  /** The cloud whose matrix the file is attributed with; undefined when no format claims it. */
  cloud?: CloudId;
  /** Owner split of the file's settings, and findings as the Problems panel shows them (rules turned `off` left out). */
  split?: OwnerSplit;
  /** The analysis ran over the time budget: the file has no results. */
  overBudget?: boolean;
}
export const FileStatusNotification = new NotificationType<FileStatus>('responsibilityLens/fileStatus');

/** Server → client: a worker has loaded the Terraform parser (WebAssembly). */
export const TerraformReadyNotification = new NotificationType<{ ms: number; error?: string }>('responsibilityLens/terraformReady');

/* ------------------------------------------------------------------ matrix */

/** One place a setting or finding of the matrix is. */
export interface MatrixPlace {
  uri: string;
  range: Range;
  resource: string;
  key: string;
  /** Set on findings: the rule that fired. */
  ruleId?: string;
}

export interface MatrixParams {
  /** AWS's owners and models narrow it; another cloud's (a message is not trusted) count nothing. */
  filter: MatrixViewFilter;
  /** The service whose column is shown, if any. */
  service?: string;
}

/** AWS's matrix panel data: the third-party table, AWS's IT-control view, the services' sides and columns. */
export interface MatrixView {
  /** The cloud this matrix is of. */
  cloud: CloudId;
  matrix: MatrixData;
  counts: Record<string, { customer: number; aws: number; shared: number; findings: number }>;
  /** AWS's IT-control view (inherited, shared, customer-specific) with these counts. */
  controls: ItControlCounts[];
  /** Per row: the first places (findings first, then by owner), and how many there are in all. */
  places: Record<string, { total: number; items: (MatrixPlace & { kind: Owner | 'finding' })[] }>;
  /** The workspace's services, with their names (`Amazon ElastiCache`) for the service picker. */
  services: { service: string; name: string; model: ServiceModel; resources: number }[];
  sides: Record<AwsRowId, Record<AwsOwner, ServiceSide[]>>;
  /** The requested service's column; null when none was asked for or it is not in the workspace. */
  column: ServiceColumn | null;
  /** The counted files (open documents first), of every cloud; `open: false` for workspace-scan results. */
  files: { uri: string; open: boolean; cloud: CloudId }[];
  /** The clouds the counted files are of (the panel's cloud switch). */
  clouds: CloudPresence[];
}
export const MatrixRequest = new RequestType<MatrixParams, MatrixView, void>('responsibilityLens/matrix');

/** A cloud some counted files are of, and how many. */
export interface CloudPresence {
  id: CloudId;
  /** "AWS", "Microsoft Azure". */
  name: string;
  files: number;
}

/** The matrix panel's data for a cloud whose matrix has the generic view (engine/matrixView.ts). */
export interface CloudMatrixPanel {
  view: CloudMatrixView;
  /** Per row: the first places (findings first, then by owner), and how many there are in all. */
  places: Record<string, { total: number; items: (MatrixPlace & { kind: Owner | 'finding' })[] }>;
  /** The counted files of this cloud (open documents first). */
  files: { uri: string; open: boolean }[];
  clouds: CloudPresence[];
}
/** The matrix of `cloud` with the counts of `filter` (owner and model are the cloud's); null for a cloud with no generic view. */
export const CloudMatrixRequest = new RequestType<{ cloud: CloudId; filter: MatrixViewFilter }, CloudMatrixPanel | null, void>('responsibilityLens/cloudMatrix');

/** Every place of one cell (row × owner) of the cloud's matrix (AWS's when absent), for the pick list behind a count. */
export const MatrixCellRequest = new RequestType<{ filter: MatrixViewFilter; row: RowId; owner: Owner; cloud?: CloudId }, MatrixPlace[], void>('responsibilityLens/matrixCell');

export type ExportFormat = 'markdown' | 'csv';
/**
 * The cloud's matrix (AWS's when absent) with the counts of `filter` as Markdown (under the matrix's title
 * and `scope`, the workspace's name and filters, escaped) or CSV text.
 */
export const ExportMatrixRequest = new RequestType<{ format: ExportFormat; filter: MatrixViewFilter; scope: string; cloud?: CloudId }, string, void>('responsibilityLens/exportMatrix');

/* ---------------------------------------------------------- workspace scan */

export interface ScanSummary {
  /** Files read and analysed. */
  scanned: number;
  /** Of those, files some format claimed (templates, manifests …). */
  analysed: number;
  findings: number;
  /** Found but not read or not analysable: listed in `unanalysed`. */
  skipped: number;
  /** Files whose analysis ran over the time budget (each has an Information diagnostic). */
  overBudget: number;
  cancelled: boolean;
  /** More files matched than `workspaceScan.maxFiles`. */
  truncated: boolean;
  /** The analysed files. */
  uris: string[];
  /**
   * Every file or folder the scan found but did not analyse, and why: links to
   * files outside the workspace folder or to folders, loops, FIFOs, undecodable
   * names, files too large, unreadable, binary or over their time budget.
   * Paths are relative to their workspace folder (prefixed with its name in a
   * multi-root workspace) and come from the workspace: show them as text.
   */
  unanalysed: UnanalysedReport[];
  /** Milliseconds spent listing files, analysing them (summed over workers), and in all. */
  timings: { list: number; analyse: number; total: number };
}

/**
 * Scans every workspace folder (on the server: the walk, the reads and the
 * analyses). Progress comes as `$/progress` on the work-done token; cancel
 * the request to stop (results so far are kept).
 */
export const ScanWorkspaceRequest = new RequestType<WorkDoneProgressParams, ScanSummary, void>('responsibilityLens/scanWorkspace');
export const ClearScanResultsRequest = new RequestType0<void, void>('responsibilityLens/clearScanResults');
/** Server → client: the workspace-scan results changed (a scan, a clear, a saved scanned file). */
export const ScanResultsNotification = new NotificationType<{ files: number }>('responsibilityLens/scanResults');

/* ----------------------------------------------------------- suppressions */

export interface ListedSuppression {
  uri: string;
  range: Range;
  suppression: Suppression;
  /** What is wrong with it: a rule id that does not exist, with the "did you mean" fix when one is clear. */
  problem?: { message: string; fix?: { title: string; edit: WorkspaceEdit } };
}
export interface SuppressionList {
  entries: ListedSuppression[];
  /** False before any workspace scan: only open documents were looked at. */
  scanned: boolean;
}
/**
 * Every suppression in open documents and in the last workspace scan's results (open
 * documents win over their saved text), sorted by file and line. Nothing is read from disk.
 */
export const ListSuppressionsRequest = new RequestType<WorkDoneProgressParams, SuppressionList, void>('responsibilityLens/listSuppressions');

/* ---------------------------------------------------------------- findings */

/** One finding as the Findings view shows it, with what it groups by. */
export interface ListedFinding {
  uri: string;
  /** The range of its Problems entry. */
  range: Range;
  ruleId: string;
  /** As the Problems panel shows it (after `responsibilityLens.severity` and the organisation config). */
  severity: Severity;
  /** The Problems text. */
  message: string;
  resource: string;
  /** Who owns the setting the finding is on (or the work of its row, for a missing setting). */
  owner: Owner;
}
/** Every finding of open documents and of the last workspace scan (an open document's own analysis wins), by file. */
export const FindingsRequest = new RequestType0<ListedFinding[], void>('responsibilityLens/findings');
/** Server → client: the findings changed (an analysis, a scan, a settings change); ask again. */
export const FindingsChangedNotification = new NotificationType0('responsibilityLens/findingsChanged');
