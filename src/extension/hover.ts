import * as vscode from 'vscode';
import { hoverMarkdown } from '../core/hover';
import type { Analyses } from './analyses';

export class ResponsibilityHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyses: Analyses) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
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
