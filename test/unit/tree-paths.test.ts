import assert from 'node:assert/strict';
import { getPath, isFalse, replaceUnknowns, splitPath, type Node } from '../../src/core/parse/tree';

const span = { offset: 0, length: 1 };
const scalar = (value: string | number | boolean | null): Node => ({ kind: 'scalar', value, ...span });
const unknown = (name: string): Node => ({ kind: 'unknown', name, argument: undefined, ...span });
const map = (entries: Record<string, Node>): Node => ({
  kind: 'map',
  entries: Object.entries(entries).map(([key, value]) => ({ key, keySpan: span, value, span })),
  ...span,
});
const seq = (...items: Node[]): Node => ({ kind: 'seq', items, ...span });

describe('syntax tree paths and unknown values', () => {
  it('splits a path into names and indexes; anything else stays one name', () => {
    // Split paths are cached for the whole process: a prefix never used before makes each call parse afresh.
    const fresh = `p${Math.random().toString(36).slice(2)}`;
    const split = (path: string) => splitPath(`${fresh}.${path}`).slice(1);
    assert.deepEqual(split('Properties.Tags[0].Key'), ['Properties', 'Tags', 0, 'Key']);
    assert.deepEqual(split('a[1][2]'), ['a', 1, 2]);
    assert.deepEqual(split('a[12]'), ['a', 12]);
    assert.deepEqual(split('[3]'), [3]);
    assert.deepEqual(split('x[1]y'), ['x[1]y']);
    assert.deepEqual(split('a[b]'), ['a[b]']);
    assert.deepEqual(splitPath(`${fresh}x`), [`${fresh}x`]);
  });

  it('follows a path through maps and sequences and stops at anything else', () => {
    const tree = map({ Tags: seq(map({ Key: scalar('team') })), Name: map({ Value: scalar('x') }) });
    assert.deepEqual(getPath(tree, 'Tags[0].Key'), scalar('team'));
    assert.equal(getPath(tree, 'Missing[0]'), undefined);
    assert.equal(getPath(tree, 'Name[0]'), undefined, 'an index into a map');
  });

  it('replaces unknowns down to maxDepth and keeps unchanged subtrees identical', () => {
    const replacement = scalar('default');
    const replace = (node: { name: string }) => (node.name === 'var' ? replacement : undefined);
    const plain = map({ a: seq(scalar(1)), b: map({ c: scalar(2) }) });
    assert.equal(replaceUnknowns(plain, replace), plain);
    const other = seq(unknown('other'), map({ d: unknown('other') }));
    assert.equal(replaceUnknowns(other, replace), other);
    const shallow = map({ a: unknown('var'), b: seq(unknown('var')) });
    const replaced = replaceUnknowns(shallow, replace, 1);
    assert.deepEqual(replaced, map({ a: replacement, b: seq(unknown('var')) }), 'depth 1 is replaced, depth 2 is not');
    const listed = replaceUnknowns(seq(unknown('var'), seq(unknown('var'))), replace, 1);
    assert.deepEqual(listed, seq(replacement, seq(unknown('var'))));
  });

  it('isFalse is true only for false and "false" in any case', () => {
    assert.equal(isFalse(scalar('FALSE')), true);
    assert.equal(isFalse(scalar('yes')), false);
    assert.equal(isFalse(scalar(false)), true);
  });
});
