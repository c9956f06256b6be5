/**
 * The findings the Findings view lists: the same entries as the Problems
 * panel (severity overrides applied, rules turned `off` left out), with the
 * resource and the owner they group by. Kept per file and origin like the
 * diagnostics (an open document's analysis replaces its scan result), and
 * announced to the client in one coalesced notification after changes.
 */
import type { Connection } from 'vscode-languageserver';
import { cloudById } from '../core/clouds';
import { diagnosticMessage } from '../core/reports/diagnostic';
import type { Analysis, Finding, Owner, Setting } from '../core/types';
import { FindingsChangedNotification, type ListedFinding } from '../protocol/messages';
import type { Settings } from '../protocol/settings';
import { toLineRange, type TextDocument } from './positions';

export function listedFindings(uri: string, document: TextDocument, analysis: Analysis, severity: Settings['severity']): ListedFinding[] {
  if (!analysis.findings.length) return [];
  const ownerOf = owners(analysis);
  const listed: ListedFinding[] = [];
  for (const finding of analysis.findings) {
    const override = Object.prototype.hasOwnProperty.call(severity, finding.ruleId) ? severity[finding.ruleId] : undefined;
    if (override === 'off') continue;
    listed.push({
      uri,
      range: toLineRange(document, finding.span),
      ruleId: finding.ruleId,
      severity: override ?? finding.severity,
      message: diagnosticMessage(finding, analysis.cloud),
      resource: finding.resource,
      owner: ownerOf(finding),
    });
  }
  return listed;
}

/**
 * Who owns what a finding is about: the setting it sits on (its key or its
 * value), else, for a setting that is missing, the row's owner under the
 * resource's service model. Lookups by offset keep this linear in the file.
 */
function owners(analysis: Analysis): (finding: Finding) => Owner {
  const at = new Map<number, Setting>();
  for (const setting of analysis.settings) {
    if (!at.has(setting.key.offset)) at.set(setting.key.offset, setting);
    if (!at.has(setting.span.offset)) at.set(setting.span.offset, setting);
  }
  const models = new Map(analysis.resources.map((resource) => [resource.logicalId, resource.model]));
  return (finding) => {
    const setting = at.get(finding.span.offset);
    if (setting) return setting.attribution.owner;
    const model = models.get(finding.resource);
    return (model && cloudById(analysis.cloud).cell(finding.row, model)?.owner) || 'customer';
  };
}

type Origin = 'document' | 'scan';

/** The listed findings of every file by origin; an open document's replace its scan result (the server clears that part). */
export class FindingsIndex {
  private readonly parts = new Map<string, Map<Origin, ListedFinding[]>>();
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly connection: Connection) {}

  set(uri: string, origin: Origin, findings: ListedFinding[]): void {
    let parts = this.parts.get(uri);
    if (!parts) {
      if (!findings.length) return;
      parts = new Map();
      this.parts.set(uri, parts);
    }
    const before = parts.get(origin);
    if (!findings.length && !before) return;
    if (findings.length) parts.set(origin, findings);
    else parts.delete(origin);
    if (!parts.size) this.parts.delete(uri);
    this.changed();
  }

  clear(uri: string, origin: Origin): void {
    if (this.parts.get(uri)?.has(origin)) this.set(uri, origin, []);
  }

  all(): ListedFinding[] {
    const all: ListedFinding[] = [];
    for (const parts of this.parts.values()) all.push(...(parts.get('document') ?? parts.get('scan') ?? []));
    return all;
  }

  /** One notification for a burst of changes (a scan publishes thousands of files). */
  private changed(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.connection.sendNotification(FindingsChangedNotification), 200);
  }

  dispose(): void {
    clearTimeout(this.pending);
  }
}
