/**
 * Text from files and configs is inert wherever it is shown: hovers,
 * Markdown reports and matrix exports render no link or image from a file
 * (checked by rendering them with markdown-it, raw HTML and autolinks on),
 * links go only to documentation hosts, and control characters (CR, bidi
 * overrides and isolates, C0/C1) are shown, not acted on.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { applyConfig, parseConfig } from '../../src/core/engine/config';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { fileReport, textReport, type JsonReport } from '../../src/core/reports/report';
import { markdownReport } from '../../src/core/reports/markdown';
import { DOCUMENTATION_HOSTS, escapeMarkdown, isDocumentationUrl, markdownLink, showControlCharacters, singleLine } from '../../src/core/engine/text';
import { matrixMarkdown, matrixWithCounts } from '../../src/core/clouds/aws/matrix';
import { findingRules, matrix, patterns, properties, services } from '../../src/core/clouds/aws/knowledge';
import { render } from './markdownRender';

const EVIL = '](https://evil.example/p.png) ![t](https://evil.example/t.png) <img src="https://evil.example/i.png"> https://evil.example/auto www.evil.example <https://evil.example/angle>';
const SPOOF = 'ok\r\u202Egnp.exe\u2066x\u2069\u001b[31m';

function assertInert(markdown: string, where: string): void {
  const { links, images, html } = render(markdown);
  assert.deepEqual(images, [], `${where}: images rendered: ${images.join(', ')}`);
  // The report's own link to the scanned file is relative, with the file's name percent-encoded: no scheme, no host.
  const toScannedFile = (link: string): boolean => !/^[a-z][a-z0-9+.-]*:/i.test(link) && !link.startsWith('//') && !/[\s()[\]<>]/.test(link);
  for (const link of links) assert.ok(isDocumentationUrl(link) || toScannedFile(link), `${where}: a link to ${link} rendered\n${html}`);
  assert.ok(!/<img|<script|<svg|<iframe/i.test(html), `${where}: raw HTML rendered`);
}

describe('inert text: nothing from a file or config is active in output', () => {
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    `  "Bucket${EVIL.replace(/"/g, "'")}":`,
    `    Type: "Custom::X${EVIL.replace(/"/g, "'")}"`,
    '    Properties:',
    `      "Name${EVIL.replace(/"/g, "'")}": "${EVIL.replace(/"/g, "'")}"`,
    '  Real:',
    '    Type: AWS::S3::Bucket',
    '    Properties:',
    '      BucketName: logs',
    '      AccessControl: PublicReadWrite',
    '',
  ].join('\n');
  const config = parseConfig(
    ['team: "platform ![x](https://evil.example/team.png)"', 'overrides:', '  - type: AWS::S3::Bucket', '    owner: customer', `    rationale: "Because ${EVIL.replace(/"/g, "'")}"`, '    team: "[t](https://evil.example)"', ''].join('\n'),
    '.responsibility-lens.yaml',
  );
  assert.ok(config.config, JSON.stringify(config.errors));
  const analysis = applyConfig(analyze(template, 'template.yaml'), config.config);

  it('hovers on a hostile Type, logical id, key and value render no link or image', () => {
    for (const needle of ['Custom::X', 'Bucket]', 'Name]', 'BucketName', 'AccessControl', 'Type: AWS::S3']) {
      const offset = template.indexOf(needle);
      assert.ok(offset >= 0, needle);
      const card = hoverMarkdown(analysis, offset + 2, template);
      assert.ok(card, `a hover on ${needle}`);
      assertInert(card, `hover on ${needle}`);
    }
  });

  it("a config's rationale and team are shown as text, and the card keeps its documentation links", () => {
    const card = hoverMarkdown(analysis, template.indexOf('BucketName') + 2, template)!;
    const { links, html } = render(card);
    assert.match(html, /Because \]\(https:\/\/evil\.example\/p\.png\)/, 'the rationale is shown literally');
    assert.ok(links.length > 0 && links.every(isDocumentationUrl), 'the knowledge sources are still links');
  });

  it('the Markdown report and the matrix export render no link or image from a file', () => {
    const report: JsonReport = { version: 1, files: [fileReport(`dir${EVIL}/template.yaml`, template, analysis)] };
    assertInert(markdownReport(report), 'Markdown report');
    const view = matrixWithCounts([{ file: `dir${EVIL}/template.yaml`, analysis }]);
    const exported = matrixMarkdown(view, `workspace${EVIL} (file ${EVIL})`);
    assert.match(exported, /^# Shared responsibility matrix \(third-party summary of the AWS model\): workspace\\\]/, 'the title is ours, the scope escaped');
    assertInert(exported, 'matrix export');
  });

  it('links go only to documentation hosts, and every knowledge source is on the list', () => {
    assert.equal(markdownLink('Docs', 'https://docs.aws.amazon.com/x.html'), '[Docs](https://docs.aws.amazon.com/x.html)');
    for (const url of ['https://evil.example/x', 'http://docs.aws.amazon.com/x', 'javascript:alert(1)', 'https://user:pw@docs.aws.amazon.com/', 'https://docs.aws.amazon.com.evil.example/', 'https://docs.aws.amazon.com:8443/']) {
      assert.equal(markdownLink('Docs', url), 'Docs', url);
    }
    assert.equal(markdownLink('a', 'https://docs.aws.amazon.com/a_(b)'), '[a](https://docs.aws.amazon.com/a_%28b%29)', 'brackets cannot end the link early');
    const urls = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if ((key === 'url' || key === 'docUrl') && typeof child === 'string') urls.add(child);
          else collect(child);
        }
      }
    };
    [matrix, services, properties, patterns, findingRules].forEach(collect);
    assert.ok(urls.size > 50);
    const off = [...urls].filter((url) => !isDocumentationUrl(url));
    assert.deepEqual(off, [], `knowledge URLs off the documentation hosts (${[...DOCUMENTATION_HOSTS].join(', ')})`);
  });

  it('CR, bidi overrides and isolates and terminal escapes are shown, not acted on', () => {
    assert.equal(showControlCharacters(SPOOF), 'ok\\x0D\\u202Egnp.exe\\u2066x\\u2069\\x1B[31m');
    assert.equal(showControlCharacters('a\r\nb\n'), 'a\r\nb\n', 'line ends stay');
    assert.equal(singleLine('a\r\nb\nc\u2028d'), 'a b c d');
    assert.equal(escapeMarkdown('a\rb'), 'a b');
    const spoofing = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  "B${SPOOF}":\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicReadWrite\n`;
    const report: JsonReport = { version: 1, files: [fileReport(`x${SPOOF}.yaml`, spoofing, analyze(spoofing, 't.yaml'))] };
    for (const [name, out] of [
      ['text', textReport(report)],
      ['markdown', markdownReport(report)],
    ] as const) {
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      assert.ok(!/[\u202A-\u202E\u2066-\u2069\u001b]|\r(?!\n)/.test(out), `${name} output carries a raw control character`);
    }
  });
});
