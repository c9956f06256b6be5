import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, prepareBicep, prepareFormats } from '../../src/core';
import type { Analysis, Setting } from '../../src/core/types';

export const ROOT = path.resolve(__dirname, '../../..');

/** Loads the Terraform parser from node_modules (a mocha `before` hook: it may take a few seconds). */
export async function prepareTerraform(this: Mocha.Context): Promise<void> {
  this.timeout(20000);
  await prepareFormats(path.join(ROOT, 'node_modules', 'web-tree-sitter'), path.join(ROOT, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl'));
}

export async function prepareBicepParser(this: Mocha.Context): Promise<void> {
  this.timeout(20000);
  await prepareBicep(path.join(ROOT, 'node_modules', 'web-tree-sitter'), path.join(ROOT, 'node_modules', 'tree-sitter-bicep'));
}

export function readFixture(relative: string): string {
  return fs.readFileSync(path.join(ROOT, relative), 'utf8');
}

export function analyzeFixture(relative: string): { text: string; analysis: Analysis } {
  const text = readFixture(relative);
  return { text, analysis: analyze(text, relative) };
}

export function setting(analysis: Analysis, resource: string, settingPath: string): Setting {
  const found = analysis.settings.find((candidate) => candidate.resource === resource && candidate.path === settingPath);
  if (!found) throw new Error(`no setting ${resource} ${settingPath}; have ${analysis.settings.filter((s) => s.resource === resource).map((s) => s.path).join(', ')}`);
  return found;
}

export function slice(text: string, span: { offset: number; length: number }): string {
  return text.slice(span.offset, span.offset + span.length);
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\r|\n/).length;
}

export function findingsBy(analysis: Analysis): string[] {
  return analysis.findings.map((finding) => `${finding.resource}:${finding.ruleId}`).sort();
}

/** The rule reference's examples: test/fixtures/rules/<rule-id>/fail|pass/<file>. */
const RULES_DIR = path.join(ROOT, 'test/fixtures/rules');

export function ruleFixtures(rulesDir = RULES_DIR): { ruleId: string; verdict: 'fail' | 'pass'; file: string; name: string; text: string }[] {
  const out: { ruleId: string; verdict: 'fail' | 'pass'; file: string; name: string; text: string }[] = [];
  for (const ruleId of fs.readdirSync(rulesDir).sort()) {
    for (const verdict of ['fail', 'pass'] as const) {
      const dir = path.join(rulesDir, ruleId, verdict);
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir).sort()) {
        const file = path.join(dir, name);
        out.push({ ruleId, verdict, file: path.relative(ROOT, file), name, text: fs.readFileSync(file, 'utf8') });
      }
    }
  }
  return out;
}

/**
 * Marks a `before` hook whose result every test of its suite asserts on. A mutation run credits
 * what such a hook reaches to each of those tests, not only the first (scripts/mutation-coverage.mjs):
 * the analysis they share then runs once per mutant, and every test that could notice it still does.
 */
export function shared<Hook extends () => unknown>(hook: Hook): Hook {
  return Object.assign(hook, { sharedByEveryTest: true });
}
