/**
 * A CodeLens above each resource: "Customer 7 · Shared 2 · AWS 3 · 1 finding".
 * Clicking it opens the matrix filtered to that resource. Format-agnostic:
 * it reads Analysis.resources and the settings/findings that name them.
 */
import * as vscode from 'vscode';
import { ownerSplit, type OwnerSplit } from '../core/clouds/aws/matrix';
import type { Analysis } from '../core/types';
import { Analyses } from './analyses';
import { Commands, type MatrixTarget } from './commands';
import { toRange } from './positions';
import { readSettings } from './settings';

export class ResourceCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('responsibilityLens')) this.changed.fire();
  });

  constructor(private readonly analyses: Analyses) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!Analyses.applies(document) || !readSettings(document.uri)['codeLens.enabled']) return [];
    const analysis = withoutSilenced(this.analyses.get(document), document.uri);
    if (!analysis.kind) return [];
    return analysis.resources.map((resource) => {
      const target: MatrixTarget = { file: document.uri.toString(), resource: resource.logicalId };
      const range = toRange(document, resource.key);
      return new vscode.CodeLens(new vscode.Range(range.start, range.start), {
        title: splitTitle(ownerSplit(analysis, resource.logicalId)),
        tooltip: vscode.l10n.t('Who secures the settings of {0} ({1}): open the matrix for this resource', resource.logicalId, resource.type),
        command: Commands.showMatrix,
        arguments: [target],
      });
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The analysis without the findings whose rule `responsibilityLens.severity` turns `off`, so counts match the Problems panel. */
export function withoutSilenced(analysis: Analysis, uri: vscode.Uri): Analysis {
  const severity = readSettings(uri).severity;
  if (!analysis.findings.some((finding) => severity[finding.ruleId] === 'off')) return analysis;
  return { ...analysis, findings: analysis.findings.filter((finding) => severity[finding.ruleId] !== 'off') };
}

/** "Customer 7 · Shared 2 · AWS 3 · 1 finding", localisable. */
export function splitTitle(split: OwnerSplit): string {
  const findings = split.findings === 1 ? vscode.l10n.t('1 finding') : vscode.l10n.t('{0} findings', split.findings);
  return vscode.l10n.t('Customer {0} · Shared {1} · AWS {2} · {3}', split.customer, split.shared, split.aws, findings);
}
