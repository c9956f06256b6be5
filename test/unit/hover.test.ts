import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { escapeHtml, escapeMarkdown, maskSecret } from '../../src/core/engine/text';
import { analyzeFixture } from './helpers';

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
