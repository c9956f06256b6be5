/**
 * parseDotenv line by line: blank and comment lines, `export`, keys, quotes and their escapes, inline
 * comments and trailing blanks, each with the exact value and spans an editor shows.
 */
import assert from 'node:assert/strict';
import { parseDotenv } from '../../src/core/parse/dotenv';

function one(text: string): { key: string; value: string; valueSpan: [number, number]; quote: string | undefined; exported: boolean } {
  const { entries, errors } = parseDotenv(text);
  assert.deepEqual(errors, [], text);
  assert.equal(entries.length, 1, text);
  const [entry] = entries;
  return { key: entry.key, value: entry.value, valueSpan: [entry.valueSpan.offset, entry.valueSpan.length], quote: entry.quote, exported: entry.exported };
}

describe('.env lines', () => {
  it('skips blank and comment lines without a problem', () => {
    const { entries, errors } = parseDotenv('A=1\n\n  \n\t\n# c\nB=2');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      entries.map((entry) => [entry.key, entry.value, entry.exported]),
      [
        ['A', '1', false],
        ['B', '2', false],
      ],
    );
  });

  it('takes a bare `export NAME` line, but reports a bare name or a line without a key', () => {
    assert.deepEqual(parseDotenv('export FOO\n'), { entries: [], errors: [] });
    assert.deepEqual(parseDotenv('  FOO bar\n').errors.map((error) => error.span), [{ offset: 2, length: 7 }]);
    assert.deepEqual(parseDotenv('FOO\n').errors.map((error) => error.span), [{ offset: 0, length: 3 }]);
    assert.deepEqual(parseDotenv('=x\n').errors.map((error) => error.span), [{ offset: 0, length: 2 }]);
    assert.deepEqual(parseDotenv('export A=1').entries.map((entry) => [entry.key, entry.exported]), [['A', true]]);
  });

  it('reports an unclosed quote by its kind and keeps the rest of the line as the value', () => {
    for (const [text, message] of [
      ['A="abc', 'Unclosed double quote in A.'],
      ["B='abc", 'Unclosed single quote in B.'],
      ['C=`abc', 'Unclosed backtick quote in C.'],
    ]) {
      const { entries, errors } = parseDotenv(text);
      assert.deepEqual(
        errors.map((error) => [error.span, error.message]),
        [[{ offset: 2, length: 1 }, message]],
      );
      assert.deepEqual(
        entries.map((entry) => [entry.value, entry.valueSpan]),
        [['abc', { offset: 2, length: 4 }]],
      );
    }
  });

  it('records the quote, and processes escapes only inside double quotes', () => {
    assert.deepEqual(one('A="a\\"b\\tc\\nd"'), { key: 'A', value: 'a"b\tc\nd', valueSpan: [2, 12], quote: '"', exported: false });
    assert.equal(one('A="a\\rb"').value, 'a\rb');
    assert.deepEqual(one("A='a\\nb'"), { key: 'A', value: 'a\\nb', valueSpan: [2, 6], quote: "'", exported: false });
    assert.deepEqual(one("A='a\\'"), { key: 'A', value: 'a\\', valueSpan: [2, 4], quote: "'", exported: false });
    assert.deepEqual(one('A=`a\\nb`'), { key: 'A', value: 'a\\nb', valueSpan: [2, 6], quote: '`', exported: false });
    assert.equal(one('A=b').quote, undefined);
  });

  it('skips tabs and spaces around an unquoted value and stops at a comment after a blank', () => {
    assert.deepEqual(one('A=\t b'), { key: 'A', value: 'b', valueSpan: [4, 1], quote: undefined, exported: false });
    assert.deepEqual(one('A=  # c').valueSpan, [4, 0]);
    assert.deepEqual(one('A=#x').value, '');
    assert.deepEqual(one('A=b  # c').valueSpan, [2, 1]);
    assert.deepEqual(one('A=b\t\t# c').valueSpan, [2, 1]);
    assert.deepEqual(one('A=b #c').value, 'b');
    assert.deepEqual(one('A=b\t#c').value, 'b');
    assert.deepEqual(one('A=b#c').value, 'b#c');
  });
});
