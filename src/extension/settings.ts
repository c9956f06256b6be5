/** One typed view of `contributes.configuration` (keep the two in step). */
import * as vscode from 'vscode';

export type OwnershipDiagnostics = 'off' | 'customer' | 'all';
export type SeverityOverride = 'error' | 'warning' | 'info' | 'off';

export interface Settings {
  /** Which settings get an Information diagnostic naming their owner. */
  'diagnostics.ownership': OwnershipDiagnostics;
  /** Milliseconds to wait after typing before re-analysing. */
  'diagnostics.debounceMs': number;
  /** Rule id → severity for the Problems panel (`off` hides the rule). */
  severity: Record<string, SeverityOverride>;
  /** CodeLens above each resource with its owner split. */
  'codeLens.enabled': boolean;
  /** The status-bar item with the active file's owner split. */
  'statusBar.enabled': boolean;
  /** Run "Scan Workspace" when a workspace opens. */
  scanOnStartup: boolean;
  /** Globs (relative to the workspace folder) a workspace scan reads; empty: every file the extension understands. */
  'workspaceScan.include': string[];
  /** Globs a workspace scan skips (on top of `files.exclude` and `.gitignore`). */
  'workspaceScan.exclude': string[];
  /** Whether a workspace scan skips what `.gitignore` files ignore. */
  'workspaceScan.useGitignore': boolean;
  /** At most this many files per scan. */
  'workspaceScan.maxFiles': number;
}

export const SECTION = 'responsibilityLens';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    'diagnostics.ownership': config.get<OwnershipDiagnostics>('diagnostics.ownership', 'off'),
    'diagnostics.debounceMs': config.get<number>('diagnostics.debounceMs', 400),
    severity: severities(config.get<unknown>('severity', {})),
    'codeLens.enabled': config.get<boolean>('codeLens.enabled', true),
    'statusBar.enabled': config.get<boolean>('statusBar.enabled', true),
    scanOnStartup: config.get<boolean>('scanOnStartup', false),
    'workspaceScan.include': strings(config.get<unknown>('workspaceScan.include', [])),
    'workspaceScan.exclude': strings(config.get<unknown>('workspaceScan.exclude', DEFAULT_SCAN_EXCLUDE)),
    'workspaceScan.useGitignore': config.get<boolean>('workspaceScan.useGitignore', true),
    'workspaceScan.maxFiles': config.get<number>('workspaceScan.maxFiles', 5000),
  };
}

export const DEFAULT_SCAN_EXCLUDE = ['**/node_modules/**', '**/.git/**'];

const SEVERITY_VALUES = new Set<string>(['error', 'warning', 'info', 'off']);

/** Settings are user input: keep only well-formed entries. */
function severities(value: unknown): Record<string, SeverityOverride> {
  const result: Record<string, SeverityOverride> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return result;
  for (const [rule, severity] of Object.entries(value)) if (typeof severity === 'string' && SEVERITY_VALUES.has(severity)) result[rule] = severity as SeverityOverride;
  return result;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}
