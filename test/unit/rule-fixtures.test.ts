/**
 * The rule fixtures (test/fixtures/rules/<rule-id>/fail|pass/<file>) are the
 * before/after examples of the rule reference (docs/rules, `npm run gen:rules`):
 * every failing file yields exactly its rule, every passing file nothing, and
 * every rule has both. Adding a rule's examples is adding two files.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { analyze, prepareFormats } from '../../src/core';
import { findingRules } from '../../src/core/clouds/aws/knowledge';
import { ROOT, ruleFixtures } from './helpers';

describe('rule fixtures (the rule reference’s before/after examples)', () => {
  before(async function () {
    this.timeout(20000);
    await prepareFormats(path.join(ROOT, 'node_modules/web-tree-sitter'), path.join(ROOT, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl'));
  });

  const fixtures = ruleFixtures();

  it('every rule has a failing and a passing example, and every folder names a rule', () => {
    const ids = new Set(findingRules.rules.map((rule) => rule.id));
    const missing = [...ids].filter((id) => !fixtures.some((f) => f.ruleId === id && f.verdict === 'fail') || !fixtures.some((f) => f.ruleId === id && f.verdict === 'pass'));
    assert.deepEqual(missing, [], 'rules without test/fixtures/rules/<id>/fail and pass files');
    const unknown = [...new Set(fixtures.map((f) => f.ruleId))].filter((id) => !ids.has(id));
    assert.deepEqual(unknown, [], 'folders that name no rule');
  });

  for (const fixture of fixtures) {
    it(`${fixture.ruleId}: ${fixture.verdict}/${fixture.name} ${fixture.verdict === 'fail' ? 'yields exactly that rule' : 'yields no finding'}`, () => {
      const analysis = analyze(fixture.text, fixture.name);
      assert.ok(analysis.kind, `${fixture.file} is claimed by a format`);
      assert.deepEqual(analysis.errors, [], `${fixture.file} parses`);
      const ids = [...new Set(analysis.findings.map((finding) => finding.ruleId))];
      assert.deepEqual(ids, fixture.verdict === 'fail' ? [fixture.ruleId] : [], `${fixture.file}: ${analysis.findings.map((f) => `${f.ruleId}: ${f.message}`).join(' | ')}`);
    });
  }

  it("the README's rule table is generated from findings.json and lists every AWS infrastructure rule", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = /<!-- rule-table:start[^>]*-->\n([\s\S]*?)\n<!-- rule-table:end -->/.exec(readme)?.[1];
    assert.ok(table, 'README.md has the rule-table markers');
    const listed = new Set([...table.matchAll(/^\| \[`([a-z0-9-]+)`\]/gm)].map((match) => match[1]));
    const elsewhere = /^(?:docker-|suppression-|kubernetes-secret-data$|tls-verification-off$|cors-any-origin$|management-endpoints-exposed$)/;
    const infrastructure = findingRules.rules.filter((rule) => ('types' in rule.check ? !rule.check.types.every((type) => type.startsWith('Kubernetes::')) : !elsewhere.test(rule.check.kind)));
    assert.deepEqual([...new Set(infrastructure.map((rule) => rule.id))].filter((id) => !listed.has(id)), [], 'rules missing from the README table: run npm run gen:rules');
  });

  it('the generated rule reference is up to date (npm run gen:rules -- --check)', function () {
    // It bundles the core and analyses every fixture in a child process: seconds when the machine is idle, more under load.
    this.timeout(90000);
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/gen-rules.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });
});
