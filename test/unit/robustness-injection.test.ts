/**
 * Document text that tries to become markup, links, theme icons or terminal
 * escapes (test/fixtures/hostile/hostile-stack.yaml) stays inert text in the
 * hover, the diagnostics, the matrix webview and every CLI format.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { makeNonce, webviewHtml } from '../../src/extension/webviewHtml';
import { runCli } from './cliHelpers';
import { ROOT, readFixture } from './helpers';

const FIXTURE = 'test/fixtures/hostile/hostile-stack.yaml';
const text = readFixture(FIXTURE);
const analysis = analyze(text, FIXTURE);

/** Markdown outside code spans (inside them, everything renders literally). */
function outsideCode(markdown: string): string {
  return markdown.replace(/`[^`\n]*`/g, '');
}

/** What must never reach Markdown unescaped. */
function assertInertMarkdown(markdown: string, where: string): void {
  const prose = outsideCode(markdown);
  assert.doesNotMatch(prose, /<\/?[a-z!]/i, `${where}: raw HTML tag`);
  assert.doesNotMatch(prose, /\]\(javascript:/i, `${where}: javascript: link`);
  assert.doesNotMatch(prose, /!\[img\]/, `${where}: image embed`);
  assert.doesNotMatch(prose, /(?<!\\)\$\(alert\)/, `${where}: theme icon from the document`);
  assert.ok(!markdown.includes('\u001b') && !markdown.includes('\u0007'), `${where}: terminal escape`);
  assert.ok(!markdown.includes('hunter2-hostile'), `${where}: unmasked secret`);
}

function cli(...args: string[]): string {
  const result = runCli(args);
  assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
  return result.stdout;
}

describe('robustness: document text never becomes markup, links or escapes', () => {
  it('the hostile fixture is analysed: its resources, settings and findings carry the hostile text', () => {
    assert.equal(analysis.kind, 'cloudformation');
    assert.deepEqual(
      analysis.resources.map((resource) => resource.logicalId),
      ['<script>alert(1)</script>', '"><img src=x onerror=alert(5)>', 'Evil\u001b[31mRed\u001b]8;;https://evil.example\u0007link'],
    );
    assert.ok(analysis.findings.length >= 3);
  });

  it('hover cards on every setting and every resource line are inert Markdown', () => {
    const offsets = [...analysis.settings.flatMap((s) => [s.key.offset, s.span.offset + s.span.length - 1]), ...analysis.resources.flatMap((r) => [r.key.offset + 1, r.typeSpan.offset + 1])];
    let cards = 0;
    for (const offset of offsets) {
      const card = hoverMarkdown(analysis, offset, text);
      if (!card) continue;
      cards++;
      assertInertMarkdown(card, `hover at ${offset}`);
    }
    assert.ok(cards >= offsets.length - 2, `${cards} cards for ${offsets.length} offsets`);
  });

  it('diagnostic messages are plain text: the hostile id appears verbatim (VS Code shows messages literally), the secret masked', () => {
    const messages = [...analysis.findings.map((finding) => finding.message), ...analysis.errors.map((error) => error.message)];
    assert.ok(messages.some((message) => message.includes('"><img src=x onerror=alert(5)>')), 'no Markdown or HTML escaping is applied to plain-text messages');
    for (const message of messages) {
      assert.ok(!message.includes('hunter2-hostile'), message);
      assert.doesNotMatch(message, /&lt;|&#\d+;|\\\[/, 'plain text is not escaped for another language');
    }
  });

  describe('the matrix webview', () => {
    const shell = (overrides: Partial<Parameters<typeof webviewHtml>[0]> = {}) =>
      webviewHtml({
        cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
        styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/matrix.css',
        scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/matrix.js',
        nonce: makeNonce(),
        lang: 'en',
        title: 'Shared Responsibility Matrix',
        loading: 'Loading the matrix…',
        ...overrides,
      });

    it("has a CSP with default-src 'none', scripts only by nonce, and a nonce on every script", () => {
      const html = shell();
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
      assert.ok(csp, 'a CSP meta tag');
      const directives = new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      assert.deepEqual(directives.get('default-src'), ["'none'"]);
      const nonce = /^'nonce-([A-Za-z0-9]{32})'$/.exec(directives.get('script-src')?.[0] ?? '')?.[1];
      assert.ok(nonce, `script-src is a 32-character nonce: ${csp}`);
      assert.equal(directives.get('script-src')!.length, 1, 'no other script source');
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)];
      assert.ok(scripts.length >= 1);
      for (const [, attributes] of scripts) assert.match(attributes, new RegExp(`\\bnonce="${nonce}"`));
      assert.doesNotMatch(html, /\bon[a-z]+=/i, 'no inline event handlers');
      assert.doesNotMatch(html, /<script\b[^>]*>[^<\s]/, 'no inline script bodies');
    });

    it('loads nothing remote: every URL and CSP source is the webview resource origin', () => {
      const origin = 'https://file+.vscode-resource.vscode-cdn.net';
      const html = shell();
      const csp = /content="([^"]+)"/.exec(html)![1];
      for (const source of csp.split(';').flatMap((part) => part.trim().split(/\s+/).slice(1))) assert.ok(source === origin || source.startsWith("'"), `CSP source ${source}`);
      for (const [, url] of html.matchAll(/\b(?:src|href)="([^"]*)"/g)) assert.ok(url.startsWith(`${origin}/`), `remote or inline URL ${url}`);
      assert.equal(html.replaceAll(origin, '').match(/https?:/g), null, 'no other http(s) URL anywhere');
    });

    it('a fresh nonce per page, from a cryptographic source', () => {
      const nonces = new Set(Array.from({ length: 50 }, makeNonce));
      assert.equal(nonces.size, 50);
      for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    });

    it('localised strings in the shell are escaped', () => {
      const html = shell({ title: '</title><script>alert(1)</script>', loading: '<img src=x onerror=alert(2)>', lang: '"><script>' });
      assert.equal(html.match(/<script\b/g)?.length, 1, 'only the nonce script');
      assert.doesNotMatch(html, /<img/);
    });

    it('media/matrix.js builds the DOM with textContent only, and links only to https pages', () => {
      const script = fs.readFileSync(path.join(ROOT, 'media/matrix.js'), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', 'setTimeout(\'', 'srcdoc', 'javascript:']) {
        assert.ok(!script.includes(sink), `matrix.js uses ${sink}`);
      }
      assert.match(script, /\.textContent = /);
      for (const [, attribute] of script.matchAll(/setAttribute\(\s*'([^']+)'/g)) assert.doesNotMatch(attribute, /^on|^href$|^src$/i, `setAttribute('${attribute}')`);
      for (const assignment of script.matchAll(/\.href = ([^;]+);/g)) assert.ok(/https:/.test(script.slice(Math.max(0, assignment.index! - 120), assignment.index)), `href set without an https check: ${assignment[0]}`);
    });
  });

  describe('every CLI format', () => {
    it('text: the ids are printed as text with terminal escapes made visible; the secret is masked', () => {
      const out = cli('scan', '--format', 'text', FIXTURE);
      assert.ok(out.includes('"><img src=x onerror=alert(5)>'), 'plain text output keeps the id as written');
      assert.ok(!out.includes('\u001b') && !out.includes('\u0007'), 'no raw terminal escape reaches the terminal');
      assert.ok(out.includes('Evil\\x1B[31mRed'), 'escapes are shown visibly');
      assert.ok(!out.includes('hunter2-hostile'));
    });

    it('json and sarif: valid JSON whose strings hold the text as data; the secret is masked', () => {
      for (const format of ['json', 'sarif']) {
        const out = cli('scan', '--format', format, FIXTURE);
        const parsed = JSON.parse(out);
        assert.ok(JSON.stringify(parsed).includes('<script>alert(1)</script>') || format === 'sarif', format);
        assert.ok(!out.includes('hunter2-hostile'), format);
        if (format === 'sarif') {
          // GitHub renders SARIF `markdown` fields: any that exist must be inert.
          const markdowns: string[] = [];
          JSON.stringify(parsed, (key, value) => (key === 'markdown' && typeof value === 'string' ? (markdowns.push(value), value) : value));
          // (Rule help is our own knowledge text; what matters is that no document text arrives raw.)
          for (const markdown of markdowns) {
            for (const raw of ['<script>alert', '<img src=x', '](javascript:', '<iframe', '\u001b']) assert.ok(!markdown.includes(raw), `sarif markdown holds ${raw}`);
          }
        }
      }
    });

    it('markdown: document text is escaped, no HTML, links, images or escapes get through', () => {
      const out = cli('scan', '--format', 'markdown', FIXTURE);
      assertInertMarkdown(out, 'markdown report');
      assert.ok(out.includes('onerror'), 'the id is still there, as text');
    });

    it('csv: cells are quoted, formulas defused, escapes visible', () => {
      const out = cli('scan', '--format', 'csv', FIXTURE);
      assert.ok(!out.includes('\u001b') && !out.includes('\u0007'));
      assert.ok(!out.includes('hunter2-hostile'));
      for (const line of out.split('\r\n')) for (const cell of line.split(',')) assert.doesNotMatch(cell, /^[=+@]/, `formula cell ${cell}`);
    });
  });
});
