/** Shared steps of the extension-host suites: open a file, hover, read Problems. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const workspaceUri = (): vscode.Uri => vscode.workspace.workspaceFolders![0].uri;

export async function open(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceUri(), relative));
  await vscode.window.showTextDocument(document);
  return document;
}

export function positionOf(document: vscode.TextDocument, needle: string, delta = 1): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in ${document.fileName}`);
  return document.positionAt(offset + delta);
}

/** The Markdown of every hover VS Code collects at the needle, as a user would read it. */
export async function hoverText(document: vscode.TextDocument, needle: string, delta = 1): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, needle, delta));
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : ''))
    .join('\n');
}

/**
 * What a hover's Details link opens: the whole card (the hover holds its first screen). Runs the link's
 * command as a click would, reads the card and closes the preview it opened.
 */
export async function hoverDetails(hover: string): Promise<string> {
  const link = /\(command:responsibilityLens\.showHoverDetails\?([^)]*)\)/.exec(hover);
  assert.ok(link, `a Details link in the hover:\n${hover}`);
  const args = JSON.parse(decodeURIComponent(link[1])) as unknown[];
  const details = await vscode.commands.executeCommand<vscode.Uri | undefined>('responsibilityLens.showHoverDetails', ...args);
  assert.ok(details, 'the Details link opens a card');
  const card = (await vscode.workspace.openTextDocument(details)).getText();
  const previews = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => /, line \d+/.test(tab.label));
  await vscode.window.tabGroups.close(previews);
  return card;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'Responsibility Lens');
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

/** Polls the Problems entries until `done` holds (diagnostics are debounced) or 15 s pass. */
export async function diagnosticsFor(uri: vscode.Uri, done: (all: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const diagnostics = ours(uri);
    if (done(diagnostics) || Date.now() > deadline) return diagnostics;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
