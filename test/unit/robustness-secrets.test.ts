/**
 * One central check that no fixture secret appears unmasked in any output.
 * The secrets are collected from the fixtures themselves: every literal-secret
 * finding in every fixture and example names one (its value, or the password
 * inside a connection URL), so a new fixture secret is covered without
 * editing a list. The outputs: the analysis as data, hover cards at every
 * setting and finding, and every CLI format over all fixtures.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core';
import { targetAt } from '../../src/core/engine/lookup';
import { hoverMarkdown } from '../../src/core/reports/hover';
import type { Analysis } from '../../src/core/types';
import { ROOT } from './helpers';
import { prepareFormats } from './robustnessFormats';
import { secretLeaks } from './secretLeaks';

const FOLDERS = ['examples', 'test/fixtures'];

function files(): string[] {
  const out: string[] = [];
  for (const folder of FOLDERS) {
    for (const entry of fs.readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || /\.(md|csv|cjs)$/.test(entry.name) || entry.name.includes('golden')) continue;
      out.push(path.relative(ROOT, path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name)));
    }
  }
  return out.sort();
}

/** The secret in a finding's span: `Key: value`, `KEY=value`, `"key": "value"`, the password of a URL. */
function secretIn(spanText: string): string | undefined {
  const value = /^[^:=]*?["']?\s*[:=]\s*(.*)$/s.exec(spanText)?.[1]?.trim().replace(/^["']|["']$/g, '');
  if (!value) return undefined;
  const url = /:\/\/[^:@/\s]*:([^@/\s]+)@/.exec(value);
  const secret = url ? url[1] : value;
  // Access key ids keep their AKIA/ASIA prefix when masked: the rest is the secret.
  return /^(?:AKIA|ASIA)/.test(secret) ? secret.slice(4) : secret;
}

describe('robustness: no fixture secret appears unmasked anywhere', function () {
  this.timeout(60_000);
  const analyses = new Map<string, { text: string; analysis: Analysis }>();
  const secrets = new Map<string, string>();

  before(async () => {
    await prepareFormats();
    for (const file of files()) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const analysis = analyze(text, file);
      analyses.set(file, { text, analysis });
      for (const finding of analysis.findings) {
        if (finding.ruleId !== 'literal-secret') continue;
        const secret = secretIn(text.slice(finding.span.offset, finding.span.offset + finding.span.length));
        if (secret && secret.length >= 6 && !/^\$\{|^\{\{resolve:/.test(secret)) secrets.set(secret, file);
      }
    }
  });

  function leaks(output: string): string[] {
    return secretLeaks(output, secrets.keys());
  }

  it('collects the secrets of every format’s fixtures (so the checks can fail)', () => {
    const found = new Set(secrets.values());
    assert.ok(secrets.size >= 20, `${secrets.size} secrets`);
    for (const expected of ['hunter2-very-secret', 'sk-live-0123456789abcdef', 'IOSFODNN7EXAMPLE', 'hunter2-Correct-Horse', 'hunter2-k8s-db', 'hunter2-orders-db', 'pgFixturePass42']) {
      if (expected.startsWith('hunter2-C') && !fs.existsSync(path.join(ROOT, 'test/fixtures/terraform'))) continue;
      assert.ok(secrets.has(expected), `${expected} not collected; have ${[...secrets.keys()].join(', ')}`);
    }
    assert.ok([...found].some((file) => file.endsWith('.tf')) || !fs.existsSync(path.join(ROOT, 'test/fixtures/terraform')));
  });

  it('the analysis itself (what the extension caches and reports build on) holds no secret', () => {
    for (const [file, { analysis }] of analyses) assert.deepEqual(leaks(JSON.stringify(analysis)), [], file);
  });

  it('hover cards at every setting, resource and finding hold no secret', () => {
    // A card depends only on what is hovered (a setting or a resource), and the leak check only on
    // the card's text: each target's card is built once and each distinct text checked once (the
    // examples' 16,000 offsets give about 2,500 distinct cards), which checks exactly what checking
    // every offset would, at a fraction of the cost a mutation run pays per surviving mutant.
    const checked = new Map<string, string>();
    for (const [file, { text, analysis }] of analyses) {
      const offsets = [...analysis.settings.flatMap((s) => [s.key.offset, s.span.offset + s.span.length - 1]), ...analysis.findings.map((f) => f.span.offset), ...analysis.resources.map((r) => r.key.offset)];
      const carded = new Set<unknown>();
      for (const offset of offsets) {
        const target = targetAt(analysis, offset);
        const hovered = target && ('resource' in target ? target.resource : target.setting);
        if (carded.has(hovered)) continue;
        carded.add(hovered);
        const card = hoverMarkdown(analysis, offset, text) ?? '';
        if (!checked.has(card)) checked.set(card, `${file} at ${offset}`);
      }
    }
    assert.ok(checked.size > 1_000, `${checked.size} distinct cards`);
    for (const [card, where] of checked) assert.deepEqual(leaks(card), [], where);
  });

  for (const format of ['text', 'json', 'sarif', 'markdown', 'csv']) {
    it(`CLI --format ${format} over every fixture and example holds no secret`, () => {
      const result = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'scan', '--format', format, ...FOLDERS], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
      assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
      assert.ok(result.stdout.length > 1_000);
      assert.deepEqual(leaks(result.stdout), []);
      assert.deepEqual(leaks(result.stderr), []);
    });
  }
});
