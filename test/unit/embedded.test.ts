/**
 * Text inside values (src/core/parse/embedded.ts): alignment of a scalar's
 * characters with the file, `${…}` holes, and JSON with holes parsed with
 * offsets into the file.
 */
import assert from 'node:assert/strict';
import { HOLE_TEXT, parseEmbeddedJson, scalarPiece, splitInterpolations, type Piece, type TextPiece } from '../../src/core/parse/embedded';
import { parseYaml } from '../../src/core/parse/yaml';
import { get, getEntry, scalar, type Node, type ScalarNode } from '../../src/core/parse/tree';
import { slice } from './helpers';

function scalarAt(text: string, key: string): ScalarNode {
  const value = get(parseYaml(text).root, key);
  const node = value?.kind === 'unknown' ? value.argument : value;
  assert.equal(node?.kind, 'scalar', `${key} is a scalar`);
  return node as ScalarNode;
}

/** The file text at the offsets of `needle` inside the piece. */
function writtenAt(text: string, piece: TextPiece, needle: string): string {
  const index = piece.text.indexOf(needle);
  assert.ok(index >= 0, `${needle} in ${piece.text}`);
  return text.slice(piece.at(index), piece.at(index + needle.length));
}

describe('embedded text', () => {
  it('aligns plain, quoted and block scalars with the file, character for character', () => {
    const text = [
      'plain: a plain value',
      'double: "say \\"hi\\" to db"',
      "single: 'it''s here'",
      'block: |',
      '  line one',
      '    indented two',
      'folded: >-',
      '  first',
      '  second',
      'tagged: !Sub |',
      '  export X=${Y}',
      '  export PASSWORD=value',
      '',
    ].join('\n');
    for (const [key, needle, expected] of [
      ['plain', 'plain value', 'plain value'],
      ['double', '"hi"', '\\"hi\\"'],
      ['single', "it's", "it''s"],
      ['block', 'indented two', 'indented two'],
      ['folded', 'second', 'second'],
      ['tagged', 'PASSWORD=value', 'PASSWORD=value'],
    ]) {
      assert.equal(writtenAt(text, scalarPiece(scalarAt(text, key), text), needle), expected, key);
    }
  });

  it('without the file, or when the characters do not correspond, every offset is the value', () => {
    const node: ScalarNode = { kind: 'scalar', value: 'abc', offset: 10, length: 7 };
    const piece = scalarPiece(node, 'x'.repeat(10) + '"a\tQ"  ');
    assert.equal(piece.at(1), 10);
    assert.equal(piece.at(3), 17);
  });

  it('splits ${…} into holes, keeping ${!Literal} (Fn::Sub) and $${ (Terraform) as text', () => {
    const sub: TextPiece = { kind: 'text', text: 'a-${Name}-${!Keep}-${Fn::GetAtt}', at: (index) => 100 + index };
    const pieces = splitInterpolations(sub, 'sub')!;
    assert.deepEqual(
      pieces.map((piece) => (piece.kind === 'hole' ? `hole@${piece.span.offset}+${piece.span.length}` : piece.text)),
      ['a-', 'hole@102+7', '-${Keep}-', 'hole@119+13'],
    );
    const hcl: TextPiece = { kind: 'text', text: 'x $${literal} ${var.y["k}"]} z', at: (index) => index };
    assert.deepEqual(
      splitInterpolations(hcl, 'hcl')!.map((piece) => (piece.kind === 'hole' ? 'hole' : piece.text)),
      ['x ${literal} ', 'hole', ' z'],
    );
    assert.equal(splitInterpolations({ kind: 'text', text: '%{ if x }a%{ endif }', at: (index) => index }, 'hcl'), undefined, 'directives cannot be told');
    assert.equal(splitInterpolations({ kind: 'text', text: 'open ${never closed', at: (index) => index }, 'sub'), undefined);
  });

  it('parses JSON with holes: a hole in a string marks the string, a hole for a value is a string of its own', () => {
    const text = '{"Principal": "*", "Resource": "arn:${P}:s3:::b/*", "Condition": ${C}}';
    const at = (index: number): number => index;
    const piece: TextPiece = { kind: 'text', text, at };
    const root = parseEmbeddedJson(splitInterpolations(piece, 'hcl')!) as Node;
    assert.equal(root.kind, 'map');
    assert.equal(scalar(get(root, 'Resource')), `arn:${HOLE_TEXT}:s3:::b/*`);
    assert.equal(scalar(get(root, 'Condition')), HOLE_TEXT);
    const principal = getEntry(root, 'Principal')!;
    assert.equal(slice(text, principal.span), '"Principal": "*"');
    assert.equal(slice(text, principal.keySpan), '"Principal"');
  });

  it('rejects text that is not a JSON object or array', () => {
    const pieces: Piece[] = [{ kind: 'text', text: 'not json {', at: (index) => index }];
    assert.equal(parseEmbeddedJson(pieces), undefined);
    assert.equal(parseEmbeddedJson([{ kind: 'text', text: '"a string"', at: (index) => index }]), undefined);
  });

  it('keeps the text of scalar intrinsics (!Sub, !Ref) as their argument', () => {
    const root = parseYaml('a: !Ref Thing\nb: !Sub "x-${Y}"\n').root;
    const a = get(root, 'a');
    assert.equal(a?.kind, 'unknown');
    assert.equal(a?.kind === 'unknown' ? scalar(a.argument) : undefined, 'Thing');
    const b = get(root, 'b');
    assert.equal(b?.kind === 'unknown' ? b.name : undefined, 'Fn::Sub');
    assert.equal(b?.kind === 'unknown' ? scalar(b.argument) : undefined, 'x-${Y}');
  });
});
