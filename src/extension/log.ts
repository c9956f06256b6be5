/**
 * The "Responsibility Lens" output channel (a LogOutputChannel, so the user
 * picks the level: analysis timings are logged at debug and trace level).
 */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Responsibility Lens', { log: true });
  return channel;
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}

/** Milliseconds since `start` (a performance.now() value), rounded for logs. */
export function elapsed(start: number): string {
  return `${(performance.now() - start).toFixed(1)} ms`;
}
