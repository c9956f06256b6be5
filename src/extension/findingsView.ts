/**
 * The Findings view in the Explorer: every finding of the open files and of
 * the last workspace scan, as the server lists them (the same entries as the
 * Problems panel), grouped by rule, severity, file or owner, with counts in
 * the group labels. It asks again whenever the server says the findings
 * changed (an edit, a scan, a settings change). Picking a finding opens its
 * file with the finding selected.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Owner, Severity } from '../core/types';
import { FindingsChangedNotification, FindingsRequest, type ListedFinding } from '../protocol/messages';
import { Commands, ContextKeys, FINDINGS_VIEW } from './commands';
import { log } from './log';

export type Grouping = 'rule' | 'severity' | 'file' | 'owner';
export const GROUPINGS: readonly Grouping[] = ['rule', 'severity', 'file', 'owner'];
const GROUPING_KEY = 'responsibilityLens.findings.groupBy';

interface Group {
  kind: 'group';
  key: string;
  label: string;
  /** The file of a by-file group (its icon and tooltip). */
  uri?: vscode.Uri;
  findings: Finding[];
}

interface Finding {
  kind: 'finding';
  listed: ListedFinding;
  uri: vscode.Uri;
  range: vscode.Range;
}

type Node = Group | Finding;

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];
const OWNER_ORDER: Owner[] = ['customer', 'shared', 'aws'];

export class FindingsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private findings: Finding[] = [];
  private groups: Group[] = [];
  private grouping: Grouping;
  private pending: NodeJS.Timeout | undefined;
  private requests = 0;

  constructor(
    private readonly client: LanguageClient,
    private readonly state: vscode.Memento,
  ) {
    const saved = state.get<string>(GROUPING_KEY);
    this.grouping = GROUPINGS.includes(saved as Grouping) ? (saved as Grouping) : 'rule';
    this.view = vscode.window.createTreeView(FINDINGS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.emitter,
      client.onNotification(FindingsChangedNotification, () => this.refresh()),
      vscode.commands.registerCommand(Commands.groupFindingsBy, (grouping?: unknown) => this.chooseGrouping(grouping)),
    );
    this.describe();
  }

  /** Coalesced: a scan announces changes in bursts. */
  refresh(delayMs = 100): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.update(), delayMs);
  }

  private async update(): Promise<void> {
    const request = ++this.requests;
    let listed: ListedFinding[];
    try {
      listed = await this.client.sendRequest(FindingsRequest);
    } catch (error) {
      log().warn(`findings view: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (request !== this.requests) return;
    this.findings = listed.map((entry) => ({ kind: 'finding', listed: entry, uri: vscode.Uri.parse(entry.uri), range: this.client.protocol2CodeConverter.asRange(entry.range) }));
    this.regroup();
  }

  private regroup(): void {
    const byKey = new Map<string, Finding[]>();
    for (const finding of this.findings) {
      const key = this.keyOf(finding);
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push(finding);
    }
    const groups = [...byKey].map(([key, findings]): Group => {
      findings.sort(byPlace);
      const uri = this.grouping === 'file' ? findings[0].uri : undefined;
      return { kind: 'group', key, label: `${this.groupName(key, findings[0])} (${findings.length})`, findings, ...(uri ? { uri } : {}) };
    });
    this.groups = groups.sort((a, b) => this.groupRank(a.key) - this.groupRank(b.key) || a.label.localeCompare(b.label));
    this.describe();
    this.emitter.fire(undefined);
  }

  private keyOf(finding: Finding): string {
    switch (this.grouping) {
      case 'rule':
        return finding.listed.ruleId;
      case 'severity':
        return finding.listed.severity;
      case 'file':
        return finding.listed.uri;
      case 'owner':
        return finding.listed.owner;
    }
  }

  private groupName(key: string, first: Finding): string {
    switch (this.grouping) {
      case 'rule':
        return key;
      case 'severity':
        return key === 'error' ? vscode.l10n.t('Errors') : key === 'warning' ? vscode.l10n.t('Warnings') : vscode.l10n.t('Information');
      case 'file':
        return vscode.workspace.asRelativePath(first.uri);
      case 'owner':
        return key === 'customer' ? vscode.l10n.t('Customer') : key === 'shared' ? vscode.l10n.t('Shared') : vscode.l10n.t('AWS');
    }
  }

  /** Errors before warnings, the customer's before the rest; other groupings by label. */
  private groupRank(key: string): number {
    if (this.grouping === 'severity') return SEVERITY_ORDER.indexOf(key as Severity);
    if (this.grouping === 'owner') return OWNER_ORDER.indexOf(key as Owner);
    return 0;
  }

  private describe(): void {
    const names: Record<Grouping, string> = { rule: vscode.l10n.t('by rule'), severity: vscode.l10n.t('by severity'), file: vscode.l10n.t('by file'), owner: vscode.l10n.t('by owner') };
    this.view.description = names[this.grouping];
    const count = this.findings.length;
    this.view.badge = count ? { value: count, tooltip: count === 1 ? vscode.l10n.t('1 finding') : vscode.l10n.t('{0} findings', count) } : undefined;
    void vscode.commands.executeCommand('setContext', ContextKeys.hasFindings, count > 0);
  }

  private async chooseGrouping(requested: unknown): Promise<Grouping | undefined> {
    let grouping = GROUPINGS.includes(requested as Grouping) ? (requested as Grouping) : undefined;
    if (!grouping) {
      const labels: Record<Grouping, string> = { rule: vscode.l10n.t('Rule'), severity: vscode.l10n.t('Severity'), file: vscode.l10n.t('File'), owner: vscode.l10n.t('Owner') };
      const picked = await vscode.window.showQuickPick(
        GROUPINGS.map((value) => ({ label: labels[value], description: value === this.grouping ? vscode.l10n.t('current') : undefined, value })),
        { placeHolder: vscode.l10n.t('Group the findings by…') },
      );
      grouping = picked?.value;
    }
    if (!grouping) return undefined;
    this.grouping = grouping;
    await this.state.update(GROUPING_KEY, grouping);
    this.regroup();
    return grouping;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${this.grouping}:${node.key}`;
      if (node.uri) {
        item.resourceUri = node.uri;
        item.iconPath = vscode.ThemeIcon.File;
        item.label = node.label;
      } else item.iconPath = groupIcon(this.grouping, node.key);
      item.contextValue = 'findingGroup';
      return item;
    }
    const { listed } = node;
    const line = node.range.start.line + 1;
    const where = vscode.workspace.asRelativePath(node.uri);
    const item = new vscode.TreeItem(this.grouping === 'rule' ? listed.resource : `${listed.ruleId} · ${listed.resource}`, vscode.TreeItemCollapsibleState.None);
    item.description = this.grouping === 'file' ? vscode.l10n.t('line {0}', line) : `${where}:${line}`;
    item.tooltip = new vscode.MarkdownString().appendText(`${listed.message}\n\n${listed.ruleId} · ${where}:${line}`);
    item.iconPath = severityIcon(listed.severity);
    item.contextValue = 'finding';
    item.command = { title: vscode.l10n.t('Go to the finding'), command: 'vscode.open', arguments: [node.uri, { selection: node.range, preserveFocus: false } satisfies vscode.TextDocumentShowOptions] };
    item.accessibilityInformation = { label: `${listed.ruleId}, ${listed.resource}, ${where} line ${line}: ${listed.message}` };
    return item;
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups;
    return node.kind === 'group' ? node.findings : [];
  }

  getParent(node: Node): Node | undefined {
    if (node.kind === 'group') return undefined;
    const key = this.keyOf(node);
    return this.groups.find((group) => group.key === key);
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function byPlace(a: Finding, b: Finding): number {
  return a.listed.uri.localeCompare(b.listed.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function severityIcon(severity: Severity): vscode.ThemeIcon {
  if (severity === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  if (severity === 'warning') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  return new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground'));
}

function groupIcon(grouping: Grouping, key: string): vscode.ThemeIcon {
  if (grouping === 'severity') return severityIcon(key as Severity);
  if (grouping === 'owner') return new vscode.ThemeIcon(key === 'customer' ? 'account' : key === 'shared' ? 'organization' : 'cloud');
  return new vscode.ThemeIcon('law');
}
