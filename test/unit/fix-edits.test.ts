/**
 * The text edits quick fixes are made of, on tiny texts: where an entry is
 * inserted and how it is written, how edits merge, and where an offset lands
 * after them.
 */
import assert from 'node:assert/strict';
import { applyEdits, entryAt, insertPath, insertStructured, layoutOf, lineStart, mergeEdits, offsetAfterEdits, replaceScalar } from '../../src/core/engine/edits';
import { parseJson } from '../../src/core/parse/json';
import { parseYaml } from '../../src/core/parse/yaml';
import { get, type Entry, type MapNode, type Node } from '../../src/core/parse/tree';

function map(node: Node | undefined): MapNode {
  assert.equal(node?.kind, 'map');
  return node as MapNode;
}

function entry(key: string, offset: number, value?: Node): Entry {
  return { key, keySpan: { offset, length: 1 }, span: { offset, length: 1 }, value };
}

/** The text after inserting `segments` with `leaf` under the root map. */
function afterInsert(text: string, root: Node | undefined, segments: string[], leaf: string): string | undefined {
  const edit = insertPath(layoutOf(text), map(root), segments, leaf);
  return edit && applyEdits(text, [edit]);
}

describe('fix edits', () => {
  it('the indentation step is read from the file, at most 8', () => {
    assert.equal(layoutOf('a:\n    b: 1\n').unit, 4);
    assert.equal(layoutOf('a: 1\n').unit, 2);
  });

  it('a line starts after a CR as after a LF', () => {
    assert.equal(lineStart('a\rbc', 3), 2);
    assert.equal(lineStart('a\nbc', 3), 2);
  });

  it('a replaced value keeps quotes only when the value starts with one', () => {
    const text = 'k: a "b"\nl: a \'b\'\n';
    assert.equal(replaceScalar(layoutOf(text), { kind: 'scalar', value: 'a "b"', offset: 3, length: 5 }, 'x').newText, 'x');
    assert.equal(replaceScalar(layoutOf(text), { kind: 'scalar', value: "a 'b'", offset: 12, length: 5 }, 'x').newText, 'x');
  });

  it('entries are found only inside the spans of the nodes that hold them', () => {
    assert.equal(entryAt(undefined, 0), undefined);
    const inner: MapNode = { kind: 'map', offset: 10, length: 10, entries: [entry('before', 5), entry('inside', 15), entry('after', 25)] };
    const root: MapNode = { kind: 'map', offset: 0, length: 30, entries: [entry('empty', 2), { ...entry('inner', 10), value: inner }, entry('end', 30), entry('past', 31)] };
    assert.deepEqual(
      [2, 5, 10, 15, 25, 30, 31].map((offset) => entryAt(root, offset)?.key),
      ['empty', undefined, 'inner', 'inside', undefined, 'end', undefined],
    );
  });

  it('a new block entry goes after the last line, also without a final line break', () => {
    assert.equal(afterInsert('a: 1', parseYaml('a: 1').root, ['b'], '2'), 'a: 1\nb: 2');
  });

  it('a path that is already there, or that runs into a scalar, gives no edit', () => {
    const text = 'a:\nb: 1\n';
    const root = parseYaml(text).root;
    assert.equal(afterInsert(text, root, ['a'], 'x'), undefined);
    assert.equal(afterInsert(text, root, ['b', 'c'], 'x'), undefined);
    assert.equal(afterInsert(text, root, [], 'x'), undefined);
    assert.equal(afterInsert(text, root, ['a', 'c'], 'x'), 'a:\n  c: x\nb: 1\n');
  });

  it('an empty JSON object gets a quoted key, after any leading white space', () => {
    assert.equal(afterInsert('{}', parseJson('{}').root, ['a'], '1'), '{ "a": 1 }');
    assert.equal(afterInsert('\n {}', parseJson('\n {}').root, ['a'], '1'), '\n { "a": 1 }');
    assert.equal(afterInsert('{', { kind: 'map', offset: 0, length: 1, entries: [] }, ['a'], '1'), undefined);
  });

  it('an empty block map gives no edit', () => {
    const empty: MapNode = { kind: 'map', offset: 0, length: 0, entries: [] };
    assert.equal(insertPath(layoutOf('x'), empty, ['a'], '1'), undefined);
    assert.equal(insertStructured(layoutOf('x'), empty, 'a', 1), undefined);
  });

  it('a flow map on one line stays on one line even when an earlier entry broke the line', () => {
    const text = '{"a": 1,\n "b": 2, "c": 3}';
    assert.equal(afterInsert(text, parseJson(text).root, ['d'], '4'), '{"a": 1,\n "b": 2, "c": 3, "d": 4}');
  });

  it('a trailing comma stays where it is', () => {
    const text = '{"a": 1  ,}';
    assert.equal(afterInsert(text, parseJson(text).root, ['b'], '2'), '{"a": 1  , "b": 2,}');
    const edit = insertStructured(layoutOf(text), map(parseJson(text).root), 'b', 2)!;
    assert.equal(applyEdits(text, [edit]), '{"a": 1  , "b": 2,}');
  });

  it('structured values: into an empty flow map at its indentation, a flow map with plain keys, an inner JSON object', () => {
    const yamlText = 'a:\n  b: {}\n';
    const empty = map(get(get(parseYaml(yamlText).root, 'a'), 'b'));
    assert.equal(applyEdits(yamlText, [insertStructured(layoutOf(yamlText), empty, 'c', 1)!]), 'a:\n  b: {\n    c: 1\n  }\n');
    const plainText = 'x: 1\na: {b: 1}\n';
    const plain = map(get(parseYaml(plainText).root, 'a'));
    assert.equal(applyEdits(plainText, [insertStructured(layoutOf(plainText), plain, 'c', 2)!]), 'x: 1\na: {b: 1, c: 2}\n');
    const jsonText = '{"a": {"b": 1}, "c": 2}';
    const inner = map(get(parseJson(jsonText).root, 'a'));
    assert.equal(applyEdits(jsonText, [insertStructured(layoutOf(jsonText), inner, 'd', 3)!]), '{"a": {"b": 1, "d": 3}, "c": 2}');
  });

  it('structured values in block YAML: keys and scalars plain only where YAML reads them back the same', () => {
    const text = 'A: 1\n';
    const value = { _ab: 1, 'a:b': true, '1a': 'Ayes', x: 'Nope', y: 'a b', z: "it's", L: ['x'] };
    const edit = insertStructured(layoutOf(text), map(parseYaml(text).root), 'K', value)!;
    assert.equal(applyEdits(text, [edit]), "A: 1\nK:\n  _ab: 1\n  'a:b': true\n  '1a': Ayes\n  x: Nope\n  y: a b\n  z: 'it''s'\n  L:\n    - x\n");
  });

  it('merging: an edit at offset 0 stays, inserts at one offset join in order, an insert inside a replacement is dropped', () => {
    assert.deepEqual(mergeEdits([{ offset: 0, length: 1, newText: 'x' }]), [{ offset: 0, length: 1, newText: 'x' }]);
    assert.deepEqual(mergeEdits([
      { offset: 5, length: 0, newText: 'a' },
      { offset: 5, length: 0, newText: 'b' },
      { offset: 5, length: 0, newText: 'c' },
    ]), [{ offset: 5, length: 0, newText: 'abc' }]);
    assert.deepEqual(mergeEdits([{ offset: 2, length: 3, newText: 'x' }, { offset: 2, length: 0, newText: 'y' }]), [{ offset: 2, length: 3, newText: 'x' }]);
    assert.deepEqual(mergeEdits([{ offset: 2, length: 0, newText: 'y' }, { offset: 2, length: 3, newText: 'x' }]), [
      { offset: 2, length: 0, newText: 'y' },
      { offset: 2, length: 3, newText: 'x' },
    ]);
  });

  it('an offset after edits: moved by edits that end at or before it, not by an insert at it', () => {
    assert.equal(offsetAfterEdits([{ offset: 2, length: 1, newText: 'xyz' }], 3), 5);
    assert.equal(offsetAfterEdits([{ offset: 3, length: 0, newText: 'ab' }], 3), 3);
    assert.equal(offsetAfterEdits([{ offset: 1, length: 0, newText: 'ab' }], 3), 5);
  });
});
