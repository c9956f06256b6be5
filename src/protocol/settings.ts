/**
 * The one typed view of the `responsibilityLens.*` settings (package.json
 * `contributes.configuration`; keep the two in step). The VS Code client reads
 * them with src/extension/settings.ts; the language server asks its client
 * for them (`workspace/configuration`, section `responsibilityLens`), which
 * is also how other editors pass them.
 */

export type OwnershipDiagnostics = 'off' | 'customer' | 'all';
export type SeverityOverride = 'error' | 'warning' | 'info' | 'off';

export interface Settings {
  /** Which settings get an Information diagnostic naming their owner. */
  'diagnostics.ownership': OwnershipDiagnostics;
  /** Milliseconds to wait after typing before re-analysing. */
  'diagnostics.debounceMs': number;
  /** Rule id → severity for the Problems panel (`off` hides the rule). */
  severity: Record<string, SeverityOverride>;
  /** Milliseconds of analysis a file may take; a file over it gets one Information diagnostic instead. */
  'analysis.timeBudgetMs': number;
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

export const DEFAULT_SCAN_EXCLUDE = ['**/node_modules/**', '**/.git/**'];

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  'diagnostics.ownership': 'off',
  'diagnostics.debounceMs': 400,
  severity: {},
  'analysis.timeBudgetMs': 2000,
  'codeLens.enabled': true,
  'statusBar.enabled': true,
  scanOnStartup: false,
  'workspaceScan.include': [],
  'workspaceScan.exclude': DEFAULT_SCAN_EXCLUDE,
  'workspaceScan.useGitignore': true,
  'workspaceScan.maxFiles': 5000,
};

/**
 * Settings from whatever a client holds: `get(key)` returns the value of a
 * dotted key under the section, or undefined. Settings are user input, so
 * only well-formed values count; anything else falls back to the default.
 */
export function settingsFrom(get: (key: keyof Settings) => unknown): Settings {
  const pick = <K extends keyof Settings>(key: K, valid: (value: unknown) => boolean): Settings[K] => {
    const value = get(key);
    return valid(value) ? (value as Settings[K]) : DEFAULT_SETTINGS[key];
  };
  const number = (min: number, max: number) => (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
  const boolean = (value: unknown) => typeof value === 'boolean';
  const include = get('workspaceScan.include');
  const exclude = get('workspaceScan.exclude');
  return {
    'diagnostics.ownership': pick('diagnostics.ownership', (value) => value === 'off' || value === 'customer' || value === 'all'),
    'diagnostics.debounceMs': pick('diagnostics.debounceMs', number(0, 5000)),
    severity: severities(get('severity')),
    'analysis.timeBudgetMs': pick('analysis.timeBudgetMs', number(100, 600_000)),
    'codeLens.enabled': pick('codeLens.enabled', boolean),
    'statusBar.enabled': pick('statusBar.enabled', boolean),
    scanOnStartup: pick('scanOnStartup', boolean),
    'workspaceScan.include': Array.isArray(include) ? strings(include) : DEFAULT_SETTINGS['workspaceScan.include'],
    'workspaceScan.exclude': Array.isArray(exclude) ? strings(exclude) : DEFAULT_SETTINGS['workspaceScan.exclude'],
    'workspaceScan.useGitignore': pick('workspaceScan.useGitignore', boolean),
    'workspaceScan.maxFiles': pick('workspaceScan.maxFiles', number(1, 100_000)),
  };
}

/** Settings from the section's value as LSP clients send it: nested (`{ diagnostics: { ownership } }`) or with dotted keys. */
export function settingsFromObject(section: unknown): Settings {
  const root = section && typeof section === 'object' ? (section as Record<string, unknown>) : {};
  return settingsFrom((key) => {
    if (Object.prototype.hasOwnProperty.call(root, key)) return root[key];
    let value: unknown = root;
    for (const part of key.split('.')) value = value && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, part) ? (value as Record<string, unknown>)[part] : undefined;
    return value;
  });
}

const SEVERITY_VALUES = new Set<string>(['error', 'warning', 'info', 'off']);

function severities(value: unknown): Record<string, SeverityOverride> {
  const result: Record<string, SeverityOverride> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return result;
  for (const [rule, severity] of Object.entries(value)) if (typeof severity === 'string' && SEVERITY_VALUES.has(severity)) result[rule] = severity as SeverityOverride;
  return result;
}

function strings(value: unknown[]): string[] {
  return value.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}
