/**
 * piecesOf: the literal text and deploy-time holes a CloudFormation or Terraform value stands for
 * (src/core/clouds/aws/text-values.ts), on hand-built value trees.
 */
import assert from 'node:assert/strict';
import { piecesOf } from '../../src/core/clouds/aws/text-values';
import type { Node } from '../../src/core/parse/tree';

const scalar = (value: string | number | null, offset = 0): Node => ({ kind: 'scalar', value, offset, length: String(value).length });
const unknown = (name: string, argument: Node | undefined, offset = 0, length = 1): Node => ({ kind: 'unknown', name, argument, offset, length });
const seq = (...items: Node[]): Node => ({ kind: 'seq', items, offset: 0, length: 1 });

/** Text pieces as their text, holes as `<offset,length>`. */
function render(node: Node | undefined): string[] | undefined {
  return piecesOf(node)?.map((piece) => (piece.kind === 'text' ? piece.text : `<${piece.span.offset},${piece.span.length}>`));
}

function nested(name: string, depth: number, inner: Node): Node {
  let node = inner;
  for (let level = 0; level < depth; level++) node = unknown(name, node, 100 + level, 2);
  return node;
}

describe('text a value stands for', () => {
  it('a plain string is its text, a null nothing, a map or list no text, and any other function one hole', () => {
    assert.equal(render(undefined), undefined);
    assert.deepEqual(render(scalar('abc')), ['abc']);
    assert.deepEqual(render(scalar(null)), []);
    assert.equal(render(seq(scalar('a'))), undefined);
    assert.deepEqual(render(unknown('Ref', scalar('X'), 5, 3)), ['<5,3>']);
  });

  it('follows Fn::Base64 sixteen levels deep, no further', () => {
    assert.deepEqual(render(nested('Fn::Base64', 16, scalar('x'))), ['x']);
    assert.deepEqual(render(nested('Fn::Base64', 17, scalar('x'))), ['<100,2>']);
    // A join sixteen levels down still joins, but its items are past the limit.
    assert.deepEqual(render(nested('Fn::Base64', 16, unknown('Fn::Join', seq(scalar('-'), seq(scalar('a', 7), scalar('b', 9)))))), ['<7,1>', '-', '<9,1>']);
  });

  it('Fn::Sub: the template, alone or first in a list, with its ${…} as holes; anything else one hole', () => {
    assert.deepEqual(render(unknown('Fn::Sub', scalar('a${B}c'))), ['a', '<1,4>', 'c']);
    assert.deepEqual(render(unknown('Fn::Sub', seq(scalar('a${!B}'), seq()))), ['a${B}']);
    assert.deepEqual(render(unknown('Fn::Sub', scalar(5), 3, 2)), ['<3,2>']);
    assert.deepEqual(render(unknown('Fn::Sub', unknown('Ref', scalar('X')), 3, 2)), ['<3,2>']);
    assert.deepEqual(render(unknown('Fn::Sub', undefined, 3, 2)), ['<3,2>']);
  });

  it('Fn::Join: the items with the delimiter between them; a malformed join one hole', () => {
    assert.deepEqual(render(unknown('Fn::Join', seq(scalar('-'), seq(scalar('a'), unknown('Ref', undefined, 4, 2), scalar('b'))))), ['a', '-', '<4,2>', '-', 'b']);
    assert.deepEqual(render(unknown('Fn::Join', seq(scalar(''), seq(scalar('a'), scalar('b'))))), ['a', 'b']);
    assert.deepEqual(render(unknown('Fn::Join', scalar('a'), 3, 2)), ['<3,2>']);
    assert.deepEqual(render(unknown('Fn::Join', undefined, 3, 2)), ['<3,2>']);
    assert.deepEqual(render(unknown('Fn::Join', seq(scalar(5), seq(scalar('a'))), 3, 2)), ['<3,2>']);
    assert.deepEqual(render(unknown('Fn::Join', seq(scalar('-'), scalar('a')), 3, 2)), ['<3,2>']);
    assert.deepEqual(render(unknown('Fn::Join', seq(scalar('-')), 3, 2)), ['<3,2>']);
  });

  it('Terraform interpolation: the template with its ${…} as holes and $${ as a literal', () => {
    assert.deepEqual(render(unknown('interpolation', scalar('a${b}'))), ['a', '<1,4>']);
    assert.deepEqual(render(unknown('interpolation', scalar('a$${b}'))), ['a${b}']);
    assert.deepEqual(render(unknown('interpolation', scalar(5), 3, 2)), ['<3,2>']);
    assert.deepEqual(render(unknown('interpolation', unknown('Ref', undefined), 3, 2)), ['<3,2>']);
    assert.deepEqual(render(unknown('interpolation', undefined, 3, 2)), ['<3,2>']);
  });
});
