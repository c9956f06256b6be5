import assert from 'node:assert/strict';
import { lowerBicep, type LoweringOptions } from '../../src/core/parse/bicep-lowering';

/** Each input and the copy the grammar parses (same length, same line breaks). */
function assertLowered(cases: [string, string][], options: LoweringOptions = {}): void {
  for (const [input, expected] of cases) {
    const lowered = lowerBicep(input, options).text;
    assert.equal(lowered, expected, JSON.stringify(input));
    assert.equal(lowered.length, input.length);
  }
}

describe('Bicep lowering: newer syntax rewritten in place for the grammar', () => {
  it('declared types become a name as long as the type; a typed variable’s type is blanked', () => {
    assertLowered([
      ['param x string', 'param x object'],
      ['param x int', 'param x o__'],
      ['param x int = 1', 'param x o__ = 1'],
      ['param\tx\tint', 'param\tx\to__'],
      ['output o string = x', 'output o object = x'],
      ["var x string = 'a'", "var x        = 'a'"],
      ['  param x string', '  param x object'],
      ['param x string\r\nvar y = 1', 'param x object\r\nvar y = 1'],
      ['a\nparam x int', 'a\nparam x o__'],
    ]);
  });

  it('no type after the name: nothing is rewritten', () => {
    assertLowered([
      ['param x', 'param x'],
      ['param x\nvar y int = 1', 'param x\nvar y     = 1'],
      ['param x\r\nparam y int', 'param x\r\nparam y o__'],
      ['param x = 1', 'param x = 1'],
      ['param  = 1', 'param  = 1'],
      ['func f = 1', 'func f = 1'],
      ['func f(1)', 'func f(1)'],
    ]);
  });

  it('a type ends at its line’s end unless a union goes on, or at = (not == or =>)', () => {
    assertLowered([
      ["type t =\n  'a'\n  | 'b'\nvar y int = 1", "type t =\n  o__\n       \nvar y     = 1"],
      ["type t = 'a' |\n  'b'\nparam z int", "type t = o____\n     \nparam z o__"],
      ['param x {\n  a: int\n}', 'param x o\n        \n '],
      ['param x {\n a: int\n}\n| string', 'param x o\n       \n \n        '],
      ['param x int\tparam y int', 'param x object         '],
      ["param x 'a' == 'b'", "param x o____= 'b'"],
      ['param x int => 1', 'param x o____> 1'],
    ]);
  });

  it('strings and comments in a type are skipped whole', () => {
    assertLowered([
      ["param x 'a\\'b' | 'c'", 'param x object      '],
      ["param x '''a'''", 'param x object '],
      ["param x '''abc", 'param x object'],
      ["param x 'abc", 'param x o___'],
      ['param x int // c', 'param x o__ // c'],
      ['param x {\n  // c\n  a: int\n}', 'param x o\n      \n        \n '],
      ['param x /* c */ int', 'param x object     '],
      ['param x /* c', 'param x /* c'],
    ]);
  });

  it('a function’s parameter and result types become names; its body is code', () => {
    assertLowered([
      ['func f(a int, b string) string => a', 'func f(a o__, b object) object => a'],
      ['func f() int => 1', 'func f() o__ => 1'],
      ['func f(a int b)', 'func f(a o____)'],
      ['func f(a int', 'func f(a o__'],
      ['func f(a (int)) int => 1', 'func f(a o____) o__ => 1'],
    ]);
  });

  it('compile-time imports and extensions are blanked; other imports are not', () => {
    assertLowered([
      ["import {a} from 'x'", ' '.repeat(19)],
      ["import * as s from 'x'", ' '.repeat(22)],
      ["import 'x'", "import 'x'"],
      ['extension foo\nparam x int', '             \nparam x o__'],
    ]);
  });

  it('a parameters file: param without a type becomes var; using none and extends are blanked', () => {
    assertLowered(
      [
        ['param x = 1', 'var   x = 1'],
        ['using none', '          '],
        ["extends 'a'", '           '],
        ["using 'x'", "using 'x'"],
        ['param x int', 'var   x int'],
      ],
      { parameters: true },
    );
  });

  it('the non-null assertion is blanked; not, != and !~ are kept', () => {
    assertLowered([
      ['var a = x!', 'var a = x '],
      ['var a = f()!', 'var a = f() '],
      ['var a = b[0]!.c', 'var a = b[0] .c'],
      ['var a = !x', 'var a = !x'],
      ['var a = b != c', 'var a = b != c'],
      ['var a = b !~ c', 'var a = b !~ c'],
      ['var a = b !c', 'var a = b !c'],
      ['!x', '!x'],
    ]);
  });

  it('spreads: an object’s becomes a property, an array’s an item, both remembered', () => {
    let lowered = lowerBicep('var a = { ...x }');
    assert.deepEqual([lowered.text, [...lowered.objectSpreads], [...lowered.arraySpreads]], ['var a = { _: x }', [10], []]);
    lowered = lowerBicep('var a = [ ...x ]');
    assert.deepEqual([lowered.text, [...lowered.objectSpreads], [...lowered.arraySpreads]], ['var a = [    x ]', [], [13]]);
    lowered = lowerBicep('var a = [\n  ...x\n]');
    assert.deepEqual([lowered.text, [...lowered.objectSpreads], [...lowered.arraySpreads]], ['var a = [\n     x\n]', [], [15]]);
    lowered = lowerBicep('var a = f(...x)');
    assert.deepEqual([lowered.text, [...lowered.objectSpreads], [...lowered.arraySpreads]], ['var a = f(...x)', [], []]);
  });

  it('// and /* in a string are not read as a comment; interpolations are code', () => {
    assertLowered([
      ["var a = '//'", "var a = '_/'"],
      ["var a = '/*'", "var a = '_*'"],
      ["var a = '/'", "var a = '/'"],
      ["var a = 'a\\'//'", "var a = 'a\\'_/'"],
      ["var a = '${b}//'", "var a = '${b}_/'"],
      ["var a = '${ {b: 1}.b }//'", "var a = '${ {b: 1}.b }_/'"],
      ["var a = '$//'", "var a = '$_/'"],
      ["var a = 'x{//'", "var a = 'x{_/'"],
    ]);
  });

  it('a statement starts only on a new line outside brackets', () => {
    assertLowered([
      ['var x = [\nparam y string\n]', 'var x = [\nparam y string\n]'],
      ['var x = (\nparam y string\n)', 'var x = (\nparam y string\n)'],
      ['var x = {\nparam y string\n}\nparam z string', 'var x = {\nparam y string\n}\nparam z object'],
      ['var x = [\n]\nparam z string', 'var x = [\n]\nparam z object'],
      ['var x = (\n)\nparam z string', 'var x = (\n)\nparam z object'],
      ['var x = [)\nparam z string', 'var x = [)\nparam z string'],
      ['/* c */ param x string', '/* c */ param x object'],
      ['// c\nparam x string', '// c\nparam x object'],
      ["'''a''' param x string", "'''a''' param x string"],
    ]);
  });
});
