import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hoverMarkdown } from '../core/reports/hover';
import { setSpecDocsProvider, type SpecDocsData } from '../core/clouds/aws/specDocs';
import type { Analyses } from './analyses';

// CloudFormation property docs ship next to the bundle (esbuild.mjs copies
// them) and are read on the first hover that shows one, not at activation.
setSpecDocsProvider(() => JSON.parse(readFileSync(join(__dirname, 'spec-docs.json'), 'utf8')) as SpecDocsData);

export class ResponsibilityHoverProvider implements vscode.HoverProvider {
  /** `ready` resolves when the document can be analysed (the Terraform parser loads on first use). */
  constructor(
    private readonly analyses: Analyses,
    private readonly ready: (document: vscode.TextDocument) => Promise<void> = async () => {},
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token?: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    await this.ready(document);
    if (token?.isCancellationRequested) return undefined;
    const analysis = this.analyses.get(document);
    if (!analysis.kind) return undefined;
    const markdown = hoverMarkdown(analysis, document.offsetAt(position), document.getText());
    if (!markdown) return undefined;
    const content = new vscode.MarkdownString(markdown, true);
    content.isTrusted = false;
    content.supportHtml = false;
    return new vscode.Hover(content);
  }
}
