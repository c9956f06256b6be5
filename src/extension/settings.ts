/** The settings as VS Code holds them, through the one typed interface of src/protocol/settings.ts. */
import * as vscode from 'vscode';
import { SECTION, settingsFrom, type Settings } from '../protocol/settings';

export { DEFAULT_SCAN_EXCLUDE, SECTION, type OwnershipDiagnostics, type SeverityOverride, type Settings } from '../protocol/settings';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return settingsFrom((key) => config.get(key));
}
