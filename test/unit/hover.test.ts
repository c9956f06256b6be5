import assert from 'node:assert/strict';
import type { AwsRowId } from '../../src/core/types';
import { analyze } from '../../src/core';
import { hoverMarkdown, hoverSections } from '../../src/core/reports/hover';
import { escapeHtml, escapeMarkdown, maskSecret } from '../../src/core/engine/text';
import { analyzeFixture, readFixture } from './helpers';
import { matrixRow } from '../../src/core/clouds/aws/knowledge';
import { DETAIL_RULE } from '../../src/core/reports/hover';
import { diagnosticMessage, prepareFormats } from '../../src/core';
import * as path from 'node:path';
import { ROOT } from './helpers';

function hoverOn(text: string, needle: string, analysis = analyze(text, 't.yaml')): string {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const markdown = hoverMarkdown(analysis, offset + 1, text);
  assert.ok(markdown, `no hover on ${needle}`);
  return markdown;
}

describe('hover cards', () => {
  const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');

  it('a property shows owner badge, row, service, model, rationale, both sides and sources', () => {
    const card = hoverOn(text, 'StorageEncrypted: false', analysis);
    assert.match(card, /\*\*Customer\*\*/);
    assert.match(card, /customer data/i);
    assert.match(card, /container model/);
    assert.match(card, /\*\*You:\*\* /);
    assert.match(card, /\*\*AWS:\*\* /);
    assert.match(card, /\]\(https:\/\/docs\.aws\.amazon\.com\//);
    assert.ok(!card.includes('rds-storage-unencrypted'), 'findings are left to the diagnostic hover, not repeated');
  });

  it('an AWS-owned property says AWS', () => {
    const hardened = analyzeFixture('examples/cloudformation/hardened-stack.yaml');
    assert.match(hoverOn(hardened.text, 'EngineVersion', hardened.analysis), /^\$\(cloud\) \*\*AWS\*\* · Database patching/);
  });

  it('a value line inside a nested list is covered by its entry', () => {
    const card = hoverOn(text, 'subnet-2', analysis);
    assert.match(card, /SubnetIds/);
  });

  it('the Type line summarises the resource and the matrix split for its model', () => {
    const card = hoverOn(text, 'AWS::RDS::DBInstance', analysis);
    assert.match(card, /\*\*OrdersDatabase\*\*/);
    assert.match(card, /\*\*container\*\* model/);
    assert.match(card, /How the matrix splits/);
    assert.match(card, /Database patching/i);
  });

  it('lines outside resources have no hover', () => {
    assert.equal(hoverMarkdown(analysis, text.indexOf('Description') + 2, text), undefined);
  });

  it('document text is escaped: no HTML, links or formatting get through', () => {
    const hostile = 'Resources:\n  "<script>alert(1)</script>[x](javascript:alert(1))":\n    Type: AWS::S3::Bucket\n    Properties:\n      "<img src=x onerror=alert(1)>": 1\n';
    const result = analyze(hostile, 't.yaml');
    const card = hoverMarkdown(result, hostile.indexOf('AWS::S3') + 2, hostile)!;
    assert.ok(!card.includes('<script>'));
    assert.ok(!card.includes('](javascript:'));
    const propertyCard = hoverOn(hostile, '<img', result);
    assert.ok(!/<img/.test(propertyCard.replace(/`[^`]*`/g, '')), 'raw HTML appears only inside code spans');
  });
});

/**
 * Lines a Markdown card takes in a hover about 70 characters wide (VS Code's
 * default hover width at the default font): each non-blank line wraps, links
 * and formatting count only their visible text.
 */
function renderedLines(markdown: string, width = 70): number {
  let lines = 0;
  for (const raw of markdown.split('\n')) {
    if (!raw.trim()) continue;
    const visible = raw.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*|`|\\/g, '').replace(/\$\([a-z-]+\)/g, '##');
    lines += Math.max(1, Math.ceil(visible.length / width));
  }
  return lines;
}

/** What fits the first screen: the card up to the rule before the detail. */
function firstScreen(card: string): string {
  const at = card.indexOf(`\n${DETAIL_RULE}\n`);
  assert.ok(at > 0, 'the card has a first screen and a detail');
  return card.slice(0, at);
}

/** The first screen gets at most 8 of the ~12 lines a hover shows at 1400×900: the Problems entry takes the rest. */
const FIRST_SCREEN_LINES = 8;

describe('hover cards fit the first screen', () => {
  before(async function () {
    this.timeout(20000);
    await prepareFormats(path.join(ROOT, 'node_modules/web-tree-sitter'), path.join(ROOT, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl'));
  });

  const files = [
    'examples/cloudformation/risky-stack.yaml',
    'examples/cloudformation/hardened-stack.yaml',
    'test/fixtures/terraform/risky.tf',
    'test/fixtures/kubernetes/risky-workloads.yaml',
    'test/fixtures/docker/Dockerfile',
    'test/fixtures/sam/template.yaml',
    'test/fixtures/app-config/application.yml',
  ];

  it(`every setting and resource card of the examples: owner, why, what to do and what it is in ${FIRST_SCREEN_LINES} lines, then the detail`, () => {
    const over: string[] = [];
    let cards = 0;
    for (const file of files) {
      const text = readFixture(file);
      const analysis = analyze(text, path.basename(file));
      const offsets = [...analysis.settings.map((s) => s.key.offset), ...analysis.resources.map((r) => r.typeSpan.offset)];
      for (const offset of offsets) {
        const card = hoverMarkdown(analysis, offset + 1, text);
        if (!card) continue;
        cards++;
        const lines = renderedLines(firstScreen(card));
        if (lines > FIRST_SCREEN_LINES) over.push(`${file}@${offset}: ${lines} lines\n${firstScreen(card)}`);
      }
    }
    assert.ok(cards > 200, `${cards} cards`);
    assert.deepEqual(over, []);
  });

  it('a setting card reads in order: owner and row, why, what you do, what it is; then AWS’s part, documentation, controls and sources', () => {
    const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const card = hoverOn(text, 'StorageEncrypted: false', analysis);
    const order = ['**Customer** · Protecting customer data', 'Encryption at rest is an option', '**You:** Turn on storage encryption', '`StorageEncrypted` on `AWS::RDS::DBInstance`', DETAIL_RULE, '**AWS:**', 'Sources:', 'Controls:'];
    const at = order.map((needle) => card.indexOf(needle));
    assert.ok(at.every((index) => index >= 0), order.filter((_, i) => at[i] < 0).join(' | '));
    assert.deepEqual([...at].sort((a, b) => a - b), at, 'in reading order');
  });

  it('under the Problems entries of its line (VS Code), a card with findings keeps owner, row and what it is; why and what to do move to the detail', () => {
    const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const offset = text.indexOf('StorageEncrypted: false') + 1;
    const compact = hoverSections(analysis, offset, text, { findingsShownAbove: true })!;
    assert.deepEqual(compact.first.split('\n').filter(Boolean), [
      `$(account) **Customer** · ${escapeMarkdown(matrixRow('customer-data').title)}`,
      '`StorageEncrypted` on `AWS::RDS::DBInstance` · Amazon RDS and Aurora · container model',
    ]);
    assert.match(compact.detail, /^Encryption at rest is an option/);
    assert.match(compact.detail, /\*\*You:\*\* Turn on storage encryption/);
    // Without findings nothing moves; without the option the card is the one every other client gets.
    const engine = text.indexOf('EngineVersion') + 1;
    assert.deepEqual(hoverSections(analysis, engine, text, { findingsShownAbove: true }), hoverSections(analysis, engine, text));
    const full = hoverSections(analysis, offset, text)!;
    assert.equal(hoverMarkdown(analysis, offset, text), `${full.first}\n\n${DETAIL_RULE}\n\n${full.detail}`);
  });

  it('one list of controls per card: the setting’s and its findings’, once', () => {
    const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const card = hoverOn(text, 'StorageEncrypted: false', analysis);
    assert.equal(card.match(/Controls:/g)?.length, 1);
    assert.match(card, /Controls: SecurityHub RDS\\.3, SecurityHub RDS\\.27/);
  });

  it('a literal-secret finding names the same row as the card of its line', () => {
    const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const secrets = analysis.findings.filter((f) => f.ruleId === 'literal-secret');
    assert.ok(secrets.length >= 2);
    for (const finding of secrets) {
      const card = hoverMarkdown(analysis, finding.span.offset + 1, text)!;
      assert.ok(card.split('\n')[0].endsWith(escapeMarkdown(matrixRow(finding.row as AwsRowId).title)), `${finding.row}: ${card.split('\n')[0]}`);
    }
  });

  it('“Who runs what in Amazon EKS” is on the resource’s kind line only, not on every Kubernetes key', () => {
    const { text, analysis } = analyzeFixture('test/fixtures/kubernetes/risky-workloads.yaml');
    const keys = analysis.settings.map((s) => hoverMarkdown(analysis, s.key.offset + 1, text)!).filter(Boolean);
    assert.ok(keys.length > 20);
    assert.ok(keys.every((card) => !card.includes('Who runs what')));
    const kind = hoverMarkdown(analysis, analysis.resources[0].typeSpan.offset + 1, text)!;
    assert.equal(kind.match(/Who runs what in Amazon EKS/g)?.length, 1);
    assert.ok(kind.indexOf('Who runs what') > kind.indexOf(DETAIL_RULE), 'below the first screen');
  });
});

describe('escaping and masking', () => {
  it('escapeMarkdown neutralises links, HTML and theme icons', () => {
    assert.equal(escapeMarkdown('[a](b)'), '\\[a\\]\\(b\\)');
    assert.equal(escapeMarkdown('<b>'), '&lt;b&gt;');
    assert.equal(escapeMarkdown('$(alert)'), '\\$\\(alert\\)');
  });

  it('escapeHtml neutralises markup and attribute breakouts', () => {
    assert.equal(escapeHtml('"><img onerror=x>'), '&#34;&#62;&#60;img onerror=x&#62;');
  });

  it('maskSecret never shows a password and keeps only a key id prefix', () => {
    assert.equal(maskSecret('hunter2'), '********');
    assert.equal(maskSecret('AKIAIOSFODNN7EXAMPLE'), 'AKIA************');
  });
});

describe('the Problems entry for the language server', () => {
  it('is the message and the row, without controls (the card lists them once)', () => {
    const { analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const finding = analysis.findings.find((f) => f.ruleId === 'rds-storage-unencrypted')!;
    assert.equal(diagnosticMessage(finding), `${finding.message} [${matrixRow(finding.row as AwsRowId).title}]`);
    assert.ok(!diagnosticMessage(finding).includes('SecurityHub'));
  });
});
