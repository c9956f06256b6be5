/**
 * Where the characters of a value, the pieces of a template and the nodes of
 * embedded JSON sit in the file: one small case per rule of the alignment,
 * the interpolation splitter and the JSON remapping.
 */
import assert from 'node:assert/strict';
import { HOLE_TEXT, parseEmbeddedJson, scalarPiece, splitInterpolations, type Piece, type TextPiece } from '../../src/core/parse/embedded';
import { get, scalar, type Node } from '../../src/core/parse/tree';

/** The file offset of each character of `value` written as `raw` at offset 10, plus the end. */
function offsetsOf(value: string, raw: string): number[] {
  const piece = scalarPiece({ kind: 'scalar', value, offset: 10, length: raw.length }, `${'x'.repeat(10)}${raw}`);
  assert.equal(piece.kind, 'text');
  return Array.from({ length: value.length + 1 }, (_, index) => piece.at(index));
}

/** A text piece whose characters sit at 100, 101, … */
function at100(text: string): TextPiece {
  return { kind: 'text', text, at: (index) => 100 + index };
}

function shapes(pieces: Piece[] | undefined): string[] | undefined {
  return pieces?.map((piece) => (piece.kind === 'hole' ? `hole@${piece.span.offset}+${piece.span.length}` : piece.text));
}

describe('embedded text: offsets in the file', () => {
  it('a null value is empty text', () => {
    assert.equal(scalarPiece({ kind: 'scalar', value: null, offset: 3, length: 1 }, 'ab ~').text, '');
  });

  it('without the file, a value as long as its span is written one to one', () => {
    const piece = scalarPiece({ kind: 'scalar', value: 'abc', offset: 10, length: 3 });
    assert.deepEqual([piece.kind, piece.at(1), piece.at(3)], ['text', 11, 13]);
  });

  it('without the file, a value of another length sits at the value', () => {
    const piece = scalarPiece({ kind: 'scalar', value: 'abc', offset: 10, length: 5 });
    assert.deepEqual([piece.at(1), piece.at(3)], [10, 15]);
  });

  it('a value written exactly as it reads is one to one, even when it starts with a quote', () => {
    assert.deepEqual(offsetsOf('"a"', '"a"'), [10, 11, 12, 13]);
  });

  it('characters that do not correspond, even at the same length, put every offset at the value', () => {
    assert.deepEqual(offsetsOf('abc', 'xyz'), [10, 10, 10, 13]);
    assert.deepEqual(offsetsOf('ac', '"abc"'), [10, 10, 15]);
  });

  it('a block scalar indicator with no line break aligns nothing', () => {
    assert.deepEqual(offsetsOf('', '|'), [11]);
  });

  it('a plain value folded over lines: the line break reads as the space', () => {
    assert.deepEqual(offsetsOf('a b', 'a\n  b'), [10, 11, 14, 15]);
    assert.deepEqual(offsetsOf('a "b"', 'a\n  "b"'), [10, 11, 14, 15, 16, 17]);
    assert.deepEqual(offsetsOf("a 'b'", "a\n  'b'"), [10, 11, 14, 15, 16, 17]);
  });

  it('a backslash is an escape only in double quotes', () => {
    assert.deepEqual(offsetsOf('a\\b', "'a\\b'"), [11, 12, 13, 14]);
  });

  it('an escaped line break in double quotes is no character', () => {
    assert.deepEqual(offsetsOf('ab', '"a\\\n  b"'), [11, 16, 17]);
    assert.deepEqual(offsetsOf('ab', '"a\\\r\n  b"'), [11, 17, 18]);
    // The indentation after it is folded away: an escaped space is the value's space.
    assert.deepEqual(offsetsOf('a b', '"a\\\n  \\ b"'), [11, 16, 18, 19]);
    assert.deepEqual(offsetsOf('a b', '"a\\\r\n  \\ b"'), [11, 17, 19, 20]);
  });

  it('hex and unicode escapes take their full length', () => {
    assert.deepEqual(offsetsOf('aéb', '"a\\xe9b"'), [11, 12, 16, 17]);
    assert.deepEqual(offsetsOf('aéb', '"a\\u00e9b"'), [11, 12, 18, 19]);
    assert.deepEqual(offsetsOf('aéb', '"a\\U000000e9b"'), [11, 12, 22, 23]);
  });

  it('two single quotes are one quote only in single quotes', () => {
    assert.deepEqual(offsetsOf("it's", "'it''s'"), [11, 12, 13, 15, 16]);
    assert.deepEqual(offsetsOf("it's", '"it\'s"'), [11, 12, 13, 14, 15]);
    assert.deepEqual(offsetsOf("it''s", '"it\'\'s"'), [11, 12, 13, 14, 15, 16]);
  });
});

describe('embedded text: interpolations', () => {
  it('a literal before a hole ends where the hole starts', () => {
    const pieces = splitInterpolations(at100('ab${X}'), 'sub')!;
    assert.deepEqual(shapes(pieces), ['ab', 'hole@102+4']);
    const literal = pieces[0] as TextPiece;
    assert.deepEqual([literal.at(0), literal.at(1), literal.at(2)], [100, 101, 102]);
  });

  it('Fn::Sub: a percent sign and brace are text, ${!X} is written ${X}', () => {
    assert.deepEqual(shapes(splitInterpolations(at100('%{x} ${A}'), 'sub')), ['%{x} ', 'hole@105+4']);
    const [literal] = splitInterpolations(at100('${!K}'), 'sub')! as TextPiece[];
    assert.equal(literal.text, '${K}');
    assert.deepEqual([literal.at(0), literal.at(1), literal.at(2)], [100, 101, 103]);
    assert.deepEqual(shapes(splitInterpolations(at100('$${X}'), 'sub')), ['$', 'hole@101+4']);
  });

  it('Terraform: ${!x} is a hole, $${ is a literal ${, a lone $ is text', () => {
    assert.deepEqual(shapes(splitInterpolations(at100('a${!x}'), 'hcl')), ['a', 'hole@101+5']);
    const [literal] = splitInterpolations(at100('a$${b}'), 'hcl')! as TextPiece[];
    assert.equal(literal.text, 'a${b}');
    assert.deepEqual([literal.at(1), literal.at(2), literal.at(3)], [102, 103, 104]);
    assert.deepEqual(shapes(splitInterpolations(at100('a$x{b'), 'hcl')), ['a$x{b']);
    assert.deepEqual(shapes(splitInterpolations(at100('$$x'), 'hcl')), ['$$x']);
  });

  it('a hole ends at its own brace: nested braces and escaped quotes in strings are skipped', () => {
    assert.deepEqual(shapes(splitInterpolations(at100('${f("\\"}")} z'), 'hcl')), ['hole@100+11', ' z']);
    assert.deepEqual(shapes(splitInterpolations(at100('${ {a=1} } z'), 'hcl')), ['hole@100+10', ' z']);
  });
});

describe('embedded text: JSON with holes', () => {
  const text = (value: string, start = 0): TextPiece => ({ kind: 'text', text: value, at: (index) => start + index });
  const hole = (offset: number, length: number): Piece => ({ kind: 'hole', span: { offset, length } });

  it('a hole for a value spans the whole hole; what follows keeps its offsets', () => {
    const root = parseEmbeddedJson([text('{"a": '), hole(50, 7), text('}', 57)])!;
    assert.deepEqual([root.offset, root.length], [0, 58]);
    const value = get(root, 'a') as Node;
    assert.deepEqual([value.offset, value.length], [50, 7]);
  });

  it('an empty string first does not swallow what follows', () => {
    const root = parseEmbeddedJson([text('["", '), hole(50, 4), text(']', 54)]);
    assert.equal(root?.kind, 'seq');
  });

  it('a hole inside a string, then a hole for a value', () => {
    const root = parseEmbeddedJson([text('["'), hole(10, 4), text('", ', 14), hole(20, 4), text(']', 24)]);
    assert.deepEqual(root?.kind === 'seq' ? root.items.map(scalar) : root, [HOLE_TEXT, HOLE_TEXT]);
  });

  it('an escaped quote does not end a string', () => {
    const root = parseEmbeddedJson([text('["a\\"b", '), hole(50, 4), text(']', 54)]);
    assert.deepEqual(root?.kind === 'seq' ? root.items.map(scalar) : root, ['a"b', HOLE_TEXT]);
  });

  it('JSON with comments around it, or with errors, is not taken', () => {
    assert.equal(parseEmbeddedJson([text('// c\n{"a": 1}')]), undefined);
    assert.equal(parseEmbeddedJson([text('{"a": 1} // c')]), undefined);
    assert.equal(parseEmbeddedJson([text('[1 2]')]), undefined);
  });
});
