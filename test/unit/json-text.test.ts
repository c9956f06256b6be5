/**
 * JSON text helpers on tiny inputs: line breaks inside strings read as
 * spaces (ARM templates), with comments and escapes read as jsonc-parser
 * reads them, and where a completion cursor is.
 */
import assert from 'node:assert/strict';
import { jsonKeyAt, withStringLineBreaksAsSpaces } from '../../src/core/parse/json';

describe('JSON text: line breaks inside strings', () => {
  for (const [name, text, expected] of [
    ['a line break in a string', '"a\nb"', '"a b"'],
    ['a CRLF in a string is two spaces', '"a\r\nb"', '"a  b"'],
    ['a line break outside strings stays', 'x\ny', 'x\ny'],
    ['a line break after a closed string stays', '"a"\n"b"', '"a"\n"b"'],
    ['an escaped quote does not close the string', '"a\\"\nb"', '"a\\" b"'],
    ['a quote in a line comment opens nothing', '// "a\n"b\nc"', '// "a\n"b c"'],
    ['a quote in a block comment opens nothing', '/* "a */"b\nc"', '/* "a */"b c"'],
    ['a lone slash is no comment', '/"a\nb"', '/"a b"'],
    ['a slash after another character is no comment', 'x/"a\nb"', 'x/"a b"'],
    ['an asterisk after another character is no comment', 'x*"a\nb"', 'x*"a b"'],
  ]) {
    it(name, () => assert.equal(withStringLineBreaksAsSpaces(text), expected));
  }
});

describe('JSON text: where the cursor is', () => {
  it('in a value: the path down to the value, not at a key', () => {
    const text = '{"a": {"b": 1}}';
    assert.deepEqual(jsonKeyAt(text, text.indexOf('1')), { path: ['a', 'b'], atKey: false });
  });
});
