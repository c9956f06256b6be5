/**
 * The one typed settings interface (src/protocol/settings.ts) against the
 * manifest that declares the settings, and Restricted Mode: every setting a
 * workspace could use to weaken checks or start work on its own is a
 * restricted configuration.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, SECTION, settingsFromObject } from '../../src/protocol/settings';
import { ROOT } from './helpers';

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: boolean | string; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { default: unknown }> } };
};
const properties = manifest.contributes.configuration.properties;

describe('settings', () => {
  it('the typed interface and package.json declare the same settings with the same defaults', () => {
    assert.deepEqual(Object.keys(properties).sort(), Object.keys(DEFAULT_SETTINGS).map((key) => `${SECTION}.${key}`).sort());
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) assert.deepEqual(properties[`${SECTION}.${key}`].default, value, key);
  });

  it('reads nested and dotted settings as LSP clients send them, and falls back on bad values', () => {
    const nested = settingsFromObject({ analysis: { timeBudgetMs: 500 }, severity: { 'rds-publicly-accessible': 'off', bad: 'loud' }, workspaceScan: { maxFiles: -1 } });
    assert.equal(nested['analysis.timeBudgetMs'], 500);
    assert.deepEqual(nested.severity, { 'rds-publicly-accessible': 'off' });
    assert.equal(nested['workspaceScan.maxFiles'], 5000, 'out of range: the default');
    assert.equal(settingsFromObject({ 'diagnostics.ownership': 'all' })['diagnostics.ownership'], 'all');
    assert.deepEqual(settingsFromObject(null), DEFAULT_SETTINGS);
  });

  it('Restricted Mode: a workspace cannot lower severities, the time budget or what a scan reads, nor start a scan', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    const restricted = new Set(untrusted.restrictedConfigurations);
    for (const key of ['severity', 'analysis.timeBudgetMs', 'scanOnStartup', 'workspaceScan.include', 'workspaceScan.exclude', 'workspaceScan.useGitignore', 'workspaceScan.maxFiles']) {
      assert.ok(restricted.has(`${SECTION}.${key}`), key);
    }
    for (const key of restricted) assert.ok(properties[key], `${key} is a contributed setting`);
  });

  it('Restricted Mode: every other setting is listed here with why a workspace cannot weaken checks with it', () => {
    const restricted = new Set(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations);
    // A new setting must be placed: restricted, or here with a reason.
    const harmless: Record<string, string> = {
      'diagnostics.ownership': 'off is the default: a workspace can only show more',
      'diagnostics.debounceMs': 'at most 5,000 ms: results come later, never fewer',
      'codeLens.enabled': 'display only: diagnostics and hovers stay',
      'statusBar.enabled': 'display only: diagnostics and hovers stay',
    };
    for (const key of Object.keys(properties)) {
      const short = key.slice(SECTION.length + 1);
      assert.ok(restricted.has(key) !== short in harmless, `${key}: restrict it, or say here why it cannot weaken checks`);
    }
    assert.equal((properties[`${SECTION}.diagnostics.debounceMs`] as { maximum?: number }).maximum, 5000);
  });
});
