/**
 * The shared-responsibility matrix as a single webview panel: the source
 * table with this workspace's counts (open documents plus workspace-scan
 * results), drill-down to the settings of a row, filters, the per-model and
 * per-service views, and Markdown/CSV export. A workspace with files of
 * several clouds gets a switch between their matrices; each cloud keeps its
 * own filters. Restored after a reload by a serializer. The counting runs in
 * the language server (src/server/matrix.ts); the webview only renders what it is sent.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { MatrixViewFilter } from '../core/engine/matrixView';
import type { AwsOwner, AwsServiceModel, CloudId, Owner, RowId } from '../core/types';
import { CloudMatrixRequest, ExportMatrixRequest, MatrixCellRequest, MatrixRequest, type CloudPresence, type ExportFormat, type MatrixPlace } from '../protocol/messages';
import { MATRIX_VIEW_TYPE, type MatrixTarget } from './commands';
import { elapsed, log } from './log';
import { makeNonce, webviewHtml } from './webviewHtml';

export type { ExportFormat };

type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; row: RowId; owner: Owner }
  | { type: 'open'; id: number }
  | { type: 'filter'; filter: MatrixViewFilter }
  | { type: 'service'; service: string | null }
  | { type: 'cloud'; cloud: CloudId }
  | { type: 'export'; format: ExportFormat };

/** What the webview keeps in its state, so a revived panel shows the same view. */
interface PanelState {
  /** The filter of the cloud shown. */
  filter?: MatrixViewFilter;
  service?: string;
  /** The cloud shown, and each cloud's filter. */
  cloud?: CloudId;
  filters?: Record<string, MatrixViewFilter>;
}

const OWNERS: AwsOwner[] = ['customer', 'shared', 'aws'];
const MODELS: AwsServiceModel[] = ['infrastructure', 'container', 'abstracted'];

/** What a message from the webview is checked against: the rows, owners and models of the matrix shown. */
interface Shown {
  cloud: CloudId;
  rows: string[];
  owners: string[];
  models: string[];
}

export class MatrixPanel implements vscode.Disposable {
  private static current: MatrixPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The places listed in the webview, by the id it sends back. */
  private listed: MatrixPlace[] = [];
  /** The cloud shown; undefined until the first counts say which clouds the workspace has. */
  private cloud: CloudId | undefined;
  /** Each cloud's filter, kept when the user switches clouds. */
  private filters: Record<string, MatrixViewFilter> = {};
  private service: string | undefined;
  /** The clouds of the counted files, and what the webview was last sent. */
  private clouds: CloudPresence[] = [];
  private shown: Shown | undefined;
  private pending: NodeJS.Timeout | undefined;
  /** Counts the panel asked for; an answer to an older request is dropped. */
  private requests = 0;

  static show(context: vscode.ExtensionContext, client: LanguageClient, target?: MatrixTarget): void {
    const filter: MatrixViewFilter = target ? { file: target.file, resource: target.resource } : {};
    const current = MatrixPanel.current;
    if (current) {
      // A target names its file's cloud; a file without one is looked up in the next counts.
      if (target?.cloud) current.cloud = target.cloud;
      else if (target?.file) current.cloud = undefined;
      current.setFilter(filter);
      current.panel.reveal();
      void current.update();
      return;
    }
    const panel = vscode.window.createWebviewPanel(MATRIX_VIEW_TYPE, vscode.l10n.t('Shared Responsibility Matrix'), vscode.ViewColumn.Beside, webviewOptions(context));
    MatrixPanel.current = new MatrixPanel(panel, context, client, { cloud: target?.cloud, filters: target?.cloud ? { [target.cloud]: filter } : {}, filter });
  }

  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, client: LanguageClient, state: unknown): void {
    panel.webview.options = webviewOptions(context);
    const saved = (state && typeof state === 'object' ? state : {}) as PanelState;
    const cloud = typeof saved.cloud === 'string' && saved.cloud ? saved.cloud : undefined;
    const filters: Record<string, MatrixViewFilter> = {};
    if (saved.filters && typeof saved.filters === 'object') {
      // Saved from filters checked when they were set; the server counts nothing for an owner or model its cloud lacks.
      for (const [id, filter] of Object.entries(saved.filters)) if (/^[a-z]+$/.test(id)) filters[id] = cleanFilter(filter, 'any');
    }
    MatrixPanel.current = new MatrixPanel(panel, context, client, { cloud, filters, filter: saved.filter, service: typeof saved.service === 'string' ? saved.service : undefined });
  }

  /** The cloud the open panel shows, if a panel is open and has chosen one. */
  static shownCloud(): CloudId | undefined {
    return MatrixPanel.current?.shown?.cloud;
  }

  /** Called when documents or scan results change, so counts stay current (coalesced). */
  static refresh(): void {
    const current = MatrixPanel.current;
    if (!current) return;
    clearTimeout(current.pending);
    current.pending = setTimeout(() => void current.update(), 150);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    state: PanelState,
  ) {
    this.cloud = state.cloud;
    this.filters = state.filters ?? {};
    // The filter of a state saved before the switch, or of a target whose cloud is not known yet.
    this.pendingFilter = state.cloud ? undefined : cleanFilter(state.filter);
    this.service = state.service;
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
    );
  }

  /** A filter given before the cloud was known: it goes to the cloud the first counts choose. */
  private pendingFilter: MatrixViewFilter | undefined;

  private get filter(): MatrixViewFilter {
    return (this.cloud && this.filters[this.cloud]) || {};
  }

  private setFilter(filter: MatrixViewFilter): void {
    if (this.cloud) this.filters[this.cloud] = filter;
    else this.pendingFilter = filter;
  }

  /** Messages come from our own script, but are still checked before use. */
  private receive(raw: unknown): void {
    if (!raw || typeof raw !== 'object') return;
    const message = raw as FromWebview;
    const shown = this.shown;
    switch (message.type) {
      case 'ready':
        void this.update();
        break;
      case 'reveal':
        // Owners and rows are the shown cloud's: Microsoft is an owner in Azure's matrix, not in AWS's.
        if (shown && shown.rows.includes(message.row) && shown.owners.includes(message.owner)) void this.reveal(shown.cloud, message.row, message.owner);
        break;
      case 'open': {
        const place = Number.isInteger(message.id) ? this.listed[message.id] : undefined;
        if (place) void revealPlace(this.client, place);
        break;
      }
      case 'filter':
        this.setFilter(shown ? cleanFilter(message.filter, shown) : {});
        void this.update();
        break;
      case 'service':
        this.service = typeof message.service === 'string' && message.service ? message.service : undefined;
        void this.update();
        break;
      case 'cloud':
        if (this.clouds.some((cloud) => cloud.id === message.cloud) && message.cloud !== this.cloud) {
          this.cloud = message.cloud;
          void this.update();
        }
        break;
      case 'export':
        if (shown && (message.format === 'markdown' || message.format === 'csv')) {
          void exportMatrix(this.client, message.format, undefined, { filter: this.filter, cloud: shown.cloud, several: this.clouds.length > 1 });
        }
        break;
    }
  }

  private async update(depth = 0): Promise<void> {
    clearTimeout(this.pending);
    const start = performance.now();
    const request = ++this.requests;
    const cloud = this.cloud;
    const generic = cloud ? await this.client.sendRequest(CloudMatrixRequest, { cloud, filter: this.filter }) : null;
    const aws = generic ? undefined : await this.client.sendRequest(MatrixRequest, { filter: cloud ? this.filter : (this.pendingFilter ?? {}), service: this.service });
    if (request !== this.requests || MatrixPanel.current !== this) return;
    const clouds = generic?.clouds ?? aws!.clouds;
    const ownCloud = generic?.view.cloud ?? aws!.cloud;
    // Open on the cloud of the file asked for, else the workspace's first cloud (AWS when it has none);
    // a cloud whose files are gone gives way to one that has some.
    const fileCloud = !cloud && this.pendingFilter?.file ? aws?.files.find((file) => file.uri === this.pendingFilter?.file)?.cloud : undefined;
    const wanted = fileCloud ?? (!cloud || !clouds.some((candidate) => candidate.id === cloud) ? (clouds[0]?.id ?? ownCloud) : cloud);
    if (!cloud && this.pendingFilter) {
      this.filters[wanted] = this.pendingFilter;
      this.pendingFilter = undefined;
    }
    this.cloud = wanted;
    this.clouds = clouds;
    if (wanted !== ownCloud) {
      if (depth < 2) return this.update(depth + 1);
      this.cloud = ownCloud;
    }
    this.listed = [];
    const strings = webviewStrings();
    const relative = (uri: string) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
    const locationsOf = (places: Record<string, { total: number; items: (MatrixPlace & { kind: Owner | 'finding' })[] }>) => {
      const locations: Record<string, { total: number; items: LocationItem[] }> = {};
      for (const [row, rowPlaces] of Object.entries(places)) locations[row] = { total: rowPlaces.total, items: rowPlaces.items.map((place) => this.item(place.kind, place)) };
      return locations;
    };
    const fileOptions = (files: { uri: string }[]) => files.map((file) => ({ value: file.uri, label: relative(file.uri) })).sort((a, b) => a.label.localeCompare(b.label));
    const switcher = { cloud: wanted, clouds };
    if (generic) {
      const view = generic.view;
      this.shown = { cloud: view.cloud, rows: view.rows.map((row) => row.id), owners: view.owners.map((owner) => owner.id), models: view.models.map((model) => model.id) };
      void this.panel.webview.postMessage({
        type: 'cloud-data',
        ...switcher,
        view,
        locations: locationsOf(generic.places),
        files: generic.files.length,
        scanned: generic.files.filter((file) => !file.open).length,
        filter: this.filter,
        filters: this.filters,
        strings,
        filterOptions: { owners: this.shown.owners, models: view.models.map((model) => ({ value: model.id, label: model.title })), files: fileOptions(generic.files) },
      });
      log().debug(`matrix (${view.cloud}): ${generic.files.length} file(s) counted in ${elapsed(start)}`);
      return;
    }
    const view = aws!;
    if (this.service && !view.column) this.service = undefined;
    this.shown = { cloud: view.cloud, rows: Object.keys(view.counts), owners: OWNERS, models: MODELS };
    // With several clouds, each matrix lists and counts its own files; with one, every counted file is listed, as before.
    const files = clouds.length > 1 ? view.files.filter((file) => file.cloud === view.cloud) : view.files;
    const message = {
      type: 'data',
      ...switcher,
      matrix: view.matrix,
      counts: view.counts,
      controls: view.controls,
      locations: locationsOf(view.places),
      services: view.services,
      sides: view.sides,
      column: view.column,
      files: files.length,
      scanned: files.filter((file) => !file.open).length,
      filter: this.filter,
      filters: this.filters,
      strings,
      filterOptions: {
        owners: OWNERS,
        models: MODELS,
        files: fileOptions(files),
      },
    };
    void this.panel.webview.postMessage(message);
    log().debug(`matrix: ${view.files.length} file(s) counted in ${elapsed(start)}`);
  }

  private item(kind: Owner | 'finding', place: MatrixPlace): LocationItem {
    const id = this.listed.push(place) - 1;
    return { id, kind, resource: place.resource, key: place.key, ruleId: place.ruleId, file: vscode.workspace.asRelativePath(vscode.Uri.parse(place.uri)), line: place.range.start.line + 1 };
  }

  private async reveal(cloud: CloudId, row: RowId, owner: Owner): Promise<void> {
    const places = await this.client.sendRequest(MatrixCellRequest, { filter: this.filter, row, owner, cloud });
    if (!places.length) return;
    const pick =
      places.length === 1
        ? places[0]
        : (
            await vscode.window.showQuickPick(
              places.map((place) => ({
                label: `${place.resource} · ${place.key}`,
                description: vscode.workspace.asRelativePath(vscode.Uri.parse(place.uri)),
                place,
              })),
              { placeHolder: vscode.l10n.t('{0} settings in this cell', places.length), matchOnDescription: true },
            )
          )?.place;
    if (pick) await revealPlace(this.client, pick);
  }

  private html(): string {
    const webview = this.panel.webview;
    const media = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', name)).toString();
    return webviewHtml({
      cspSource: webview.cspSource,
      styleUri: media('matrix.css'),
      scriptUri: media('matrix.js'),
      nonce: makeNonce(),
      lang: vscode.env.language,
      title: vscode.l10n.t('Shared Responsibility Matrix'),
      loading: vscode.l10n.t('Loading the matrix…'),
    });
  }

  dispose(): void {
    MatrixPanel.current = undefined;
    clearTimeout(this.pending);
    this.panel.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

interface LocationItem {
  id: number;
  kind: Owner | 'finding';
  resource: string;
  key: string;
  ruleId?: string;
  file: string;
  line: number;
}

/** Opens the file (in the first column) with the setting selected. */
async function revealPlace(client: LanguageClient, place: MatrixPlace): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(place.uri));
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: client.protocol2CodeConverter.asRange(place.range) });
}

/**
 * Only known keys with string values of the right kind survive: owners and models of the shown
 * cloud (AWS's when none is given, as in a state saved before the switch; any id-like value for
 * the filters a revived panel's state keeps per cloud).
 */
function cleanFilter(raw: unknown, shown: Pick<Shown, 'owners' | 'models'> | 'any' = { owners: OWNERS, models: MODELS }): MatrixViewFilter {
  if (!raw || typeof raw !== 'object') return {};
  const input = raw as Record<string, unknown>;
  const filter: MatrixViewFilter = {};
  const known = (value: unknown, ids: string[]): value is string => typeof value === 'string' && (shown === 'any' ? /^[a-z-]{1,40}$/.test(value) : ids.includes(value));
  if (known(input.owner, shown === 'any' ? [] : shown.owners)) filter.owner = input.owner;
  if (known(input.model, shown === 'any' ? [] : shown.models)) filter.model = input.model;
  if (typeof input.file === 'string' && input.file) filter.file = input.file;
  if (typeof input.resource === 'string' && input.resource && filter.file) filter.resource = input.resource;
  return filter;
}

/**
 * The Markdown export's scope: the workspace and the filters. They come from
 * the workspace, so the server escapes them under its own title.
 */
function exportScope(filter: MatrixViewFilter): string {
  const parts: string[] = [];
  if (filter.file) parts.push(vscode.workspace.asRelativePath(vscode.Uri.parse(filter.file)));
  if (filter.resource) parts.push(filter.resource);
  if (filter.owner) parts.push(`${filter.owner} only`);
  if (filter.model) parts.push(`${filter.model} model`);
  const workspace = vscode.workspace.name ?? 'workspace';
  return `${workspace}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * Writes the matrix with this workspace's counts to `target`, or to a file
 * the user picks. Returns the URI written, or undefined when cancelled.
 */
export async function exportMatrix(
  client: LanguageClient,
  format: ExportFormat,
  target?: vscode.Uri,
  { filter = {}, cloud, several = false }: { filter?: MatrixViewFilter; cloud?: CloudId; several?: boolean } = {},
): Promise<vscode.Uri | undefined> {
  // Without a cloud the server exports the workspace's first cloud's matrix (AWS's when it has none).
  const text = await client.sendRequest(ExportMatrixRequest, { format, filter, scope: exportScope(filter), ...(cloud ? { cloud } : {}) });
  const extension = format === 'csv' ? 'csv' : 'md';
  // A workspace with several clouds gets one file per cloud.
  const name = several && cloud ? `responsibility-matrix-${cloud}` : 'responsibility-matrix';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export the shared-responsibility matrix'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${name}.${extension}`) : undefined,
      filters: format === 'csv' ? { [vscode.l10n.t('CSV')]: ['csv'] } : { [vscode.l10n.t('Markdown')]: ['md'] },
      saveLabel: vscode.l10n.t('Export'),
    }));
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  log().info(`matrix exported as ${format} to ${uri.toString(true)}`);
  if (!target) void vscode.window.showInformationMessage(vscode.l10n.t('Matrix exported to {0}', vscode.workspace.asRelativePath(uri)));
  return uri;
}

/**
 * The webview's strings, translated here (vscode.l10n) and sent with the data: the webview has no l10n API.
 * Placeholders are passed back as themselves so the webview fills them in. Keep in step with media/matrix.js.
 */
function webviewStrings(): Record<string, string> {
  const strings: Record<string, string> = {};
  const add = (english: string, translated: string) => {
    if (translated !== english) strings[english] = translated;
  };
  add('All', vscode.l10n.t('All'));
  add('Owner', vscode.l10n.t('Owner'));
  add('Service model', vscode.l10n.t('Service model'));
  add('File', vscode.l10n.t('File'));
  add('All {0} files: type to search', vscode.l10n.t('All {0} files: type to search', '{0}'));
  add('All files', vscode.l10n.t('All files'));
  add('… {0} more: type to narrow', vscode.l10n.t('… {0} more: type to narrow', '{0}'));
  add('No file matches', vscode.l10n.t('No file matches'));
  add('Resource: {0}', vscode.l10n.t('Resource: {0}', '{0}'));
  add('Show the whole file', vscode.l10n.t('Show the whole file'));
  add('Clear filters', vscode.l10n.t('Clear filters'));
  add('Export Markdown', vscode.l10n.t('Export Markdown'));
  add('Save the matrix with these counts as a Markdown table', vscode.l10n.t('Save the matrix with these counts as a Markdown table'));
  add('Export CSV', vscode.l10n.t('Export CSV'));
  add('Save the matrix with these counts as CSV', vscode.l10n.t('Save the matrix with these counts as CSV'));
  add('Go to {0}', vscode.l10n.t('Go to {0}', '{0}'));
  add('Responsibility', vscode.l10n.t('Responsibility'));
  add('Owner in the table', vscode.l10n.t('Owner in the table'));
  add('{0} settings', vscode.l10n.t('{0} settings', '{0}'));
  add('Findings', vscode.l10n.t('Findings'));
  add('Hide the settings of this row', vscode.l10n.t('Hide the settings of this row'));
  add('List the settings of this row', vscode.l10n.t('List the settings of this row'));
  add("(from the article's text)", vscode.l10n.t("(from the article's text)"));
  add('Show the {0} {1} setting(s) in this row', vscode.l10n.t('Show the {0} {1} setting(s) in this row', '{0}', '{1}'));
  add('… and {0} more (narrow the filters to list them)', vscode.l10n.t('… and {0} more (narrow the filters to list them)', '{0}'));
  add('Your services on each side', vscode.l10n.t('Your services on each side'));
  add('No services counted yet: open a template or run “Responsibility Lens: Scan Workspace”.', vscode.l10n.t('No services counted yet: open a template or run “Responsibility Lens: Scan Workspace”.'));
  add('For each row, who does the work for each service in this workspace, from the cell of its service model, and why.', vscode.l10n.t('For each row, who does the work for each service in this workspace, from the cell of its service model, and why.'));
  add('One service’s column', vscode.l10n.t('One service’s column'));
  add('Service', vscode.l10n.t('Service'));
  add('{0} ({1}, 1 resource)', vscode.l10n.t('{0} ({1}, 1 resource)', '{0}', '{1}'));
  add('{0}: {1} model', vscode.l10n.t('{0}: {1} model', '{0}', '{1}'));
  add('Security documentation:', vscode.l10n.t('Security documentation:'));
  add('This service is not in the knowledge yet; the column follows the model its resources were given.', vscode.l10n.t('This service is not in the knowledge yet; the column follows the model its resources were given.'));
  add('Why', vscode.l10n.t('Why'));
  add('{0} services in general:', vscode.l10n.t('{0} services in general:', '{0}'));
  add('By service model', vscode.l10n.t('By service model'));
  add('e.g. {0}', vscode.l10n.t('e.g. {0}', '{0}'));
  add('Shared responsibility matrix', vscode.l10n.t('Shared responsibility matrix'));
  add('{0} file(s) counted ({1} from the workspace scan).', vscode.l10n.t('{0} file(s) counted ({1} from the workspace scan).', '{0}', '{1}'));
  add('{0} file(s) counted.', vscode.l10n.t('{0} file(s) counted.', '{0}'));
  add('Click a count to jump to those settings, or a row to list them.', vscode.l10n.t('Click a count to jump to those settings, or a row to list them.'));
  add('The source table, with this workspace', vscode.l10n.t('The source table, with this workspace'));
  add('{0} ({1}, {2} resources)', vscode.l10n.t('{0} ({1}, {2} resources)', '{0}', '{1}', '{2}'));
  add('Customer', vscode.l10n.t('Customer'));
  add('Shared', vscode.l10n.t('Shared'));
  add('AWS', vscode.l10n.t('AWS'));
  add('Both', vscode.l10n.t('Both'));
  add('Finding', vscode.l10n.t('Finding'));
  add('Infrastructure', vscode.l10n.t('Infrastructure'));
  add('Container', vscode.l10n.t('Container'));
  add('Abstracted', vscode.l10n.t('Abstracted'));
  add('Microsoft', vscode.l10n.t('Microsoft'));
  add('(placed by this product)', vscode.l10n.t('(placed by this product)'));
  add('AWS’s own page:', vscode.l10n.t('AWS’s own page:'));
  add('From AWS’s own page:', vscode.l10n.t('From AWS’s own page:'));
  add('Kind of control (AWS examples)', vscode.l10n.t('Kind of control (AWS examples)'));
  add('The owner the third-party article gives', vscode.l10n.t('The owner the third-party article gives'));
  add("AWS's IT-control view", vscode.l10n.t("AWS's IT-control view"));
  add("AWS's own guidance:", vscode.l10n.t("AWS's own guidance:"));
  add('Cloud', vscode.l10n.t('Cloud'));
  add('{0} file(s)', vscode.l10n.t('{0} file(s)', '{0}'));
  add('In this workspace:', vscode.l10n.t('In this workspace:'));
  add('No services of this model in the counted files.', vscode.l10n.t('No services of this model in the counted files.'));
  add('Source:', vscode.l10n.t('Source:'));
  add('({0}, revised {1})', vscode.l10n.t('({0}, revised {1})', '{0}', '{1}'));
  add('{0}’s table, with this workspace', vscode.l10n.t('{0}’s table, with this workspace', '{0}'));
  return strings;
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')], retainContextWhenHidden: false };
}

