/** One typed view of `contributes.configuration` (keep the two in step). */
import * as vscode from 'vscode';

export type OwnershipDiagnostics = 'off' | 'customer' | 'all';

export interface Settings {
  /** Which settings get an Information diagnostic naming their owner. */
  'diagnostics.ownership': OwnershipDiagnostics;
  /** Milliseconds to wait after typing before re-analysing. */
  'diagnostics.debounceMs': number;
}

export const SECTION = 'responsibilityLens';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    'diagnostics.ownership': config.get<OwnershipDiagnostics>('diagnostics.ownership', 'off'),
    'diagnostics.debounceMs': config.get<number>('diagnostics.debounceMs', 400),
  };
}
