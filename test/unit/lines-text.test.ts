/**
 * The one place offsets become lines and columns (src/core/parse/lines.ts), and the escaping and
 * masking every shown piece of document text goes through (src/core/engine/text.ts).
 */
import assert from 'node:assert/strict';
import { LineIndex, endOfLine, nextLine } from '../../src/core/parse/lines';
import { escapeMarkdown, maskSecret, showControlCharacters } from '../../src/core/engine/text';

describe('LineIndex: offsets to lines and columns', () => {
  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
    it(`${name} line ends: the first character of each line is column 1 of that line`, () => {
      const text = ['ab', 'cde', '', 'f'].join(eol);
      const index = new LineIndex(text);
      assert.deepEqual(index.position(0), { line: 1, column: 1 });
      assert.deepEqual(index.position(2), { line: 1, column: 3 }, 'the line break belongs to its line');
      assert.deepEqual(index.position(text.indexOf('c')), { line: 2, column: 1 });
      assert.deepEqual(index.position(text.indexOf('e')), { line: 2, column: 3 });
      assert.deepEqual(index.position(text.indexOf('f')), { line: 4, column: 1 });
      assert.deepEqual(index.position(text.length), { line: 4, column: 2 }, 'the end of the text');
    });
  }

  it('offsetAt: LSP line and character back to an offset, clamped to the line and the text', () => {
    const text = 'ab\ncde\r\nf';
    const index = new LineIndex(text);
    assert.equal(index.offsetAt(0, 0), 0);
    assert.equal(index.offsetAt(1, 2), text.indexOf('e'));
    assert.equal(index.offsetAt(1, 99), text.indexOf('f'), 'past the end of a line: the start of the next');
    assert.equal(index.offsetAt(2, 0), text.indexOf('f'));
    assert.equal(index.offsetAt(2, 99), text.length, 'past the end of the last line: the end of the text');
    assert.equal(index.offsetAt(3, 0), text.length, 'a line after the last');
    assert.equal(index.offsetAt(-1, 5), 0, 'a line before the first');
    assert.equal(index.offsetAt(1, -4), text.indexOf('c'), 'a negative character');
  });

  it('endOfLine and nextLine step over \\n, \\r\\n and a lone \\r', () => {
    const text = 'a\nb\r\nc\rd';
    assert.equal(endOfLine(text, 0), 1);
    assert.equal(nextLine(text, 1), 2);
    assert.equal(endOfLine(text, 2), 3);
    assert.equal(nextLine(text, 3), 5, '\\r\\n is one break');
    assert.equal(endOfLine(text, 5), 6);
    assert.equal(nextLine(text, 6), 7, 'a lone \\r');
    assert.equal(endOfLine(text, 7), text.length, 'the last line ends with the text');
  });
});

describe('escaping and masking', () => {
  it('an access key id keeps only its AKIA/ASIA prefix; any other secret shows nothing', () => {
    assert.equal(maskSecret('AKIAIOSFODNN7EXAMPLE'), 'AKIA************');
    assert.equal(maskSecret('ASIAIOSFODNN7EXAMPLE'), 'ASIA************');
    assert.equal(maskSecret('xAKIAIOSFODNN7EXAMPLE'), '********', 'the prefix counts only at the start');
    assert.equal(maskSecret('hunter2'), '********');
  });

  it('Markdown: HTML becomes entities, formatting is escaped, line breaks become spaces', () => {
    assert.equal(escapeMarkdown('<b>&</b>'), '&lt;b&gt;&amp;&lt;/b&gt;');
    assert.equal(escapeMarkdown('*a* [l](u) `c`'), '\\*a\\* \\[l\\]\\(u\\) \\`c\\`');
    assert.equal(escapeMarkdown('one\ntwo\r\nthree'), 'one two three');
  });

  it('control characters are shown as \\x escapes in upper-case hex; tabs and line breaks stay', () => {
    assert.equal(showControlCharacters('a\u001b[2Jb\u0007\u009b\tc\nd'), 'a\\x1B[2Jb\\x07\\x9B\tc\nd');
    assert.equal(escapeMarkdown('x\u001by'), 'x\\x1By');
  });
});
