import assert from 'node:assert/strict';
import * as path from 'node:path';
import { prepareFormats } from '../../src/core';
import { parseTerraform } from '../../src/core/parse/hcl';
import type { Node } from '../../src/core/parse/tree';
import { literalOf, moduleResources, named, names } from '../../src/core/formats/terraform/references';
import type { SiblingFiles } from '../../src/core/types';
import { ROOT } from './helpers';

const WASM_DIR = path.join(ROOT, 'node_modules', 'web-tree-sitter');
const GRAMMAR_DIR = path.join(ROOT, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl');

const BUCKET = (name: string) => `resource "aws_s3_bucket" "${name}" {\n  bucket = "${name}-logs"\n}\n`;

function folder(files: Record<string, string | undefined>): SiblingFiles {
  return {
    list: () => Object.keys(files),
    read: (name) => {
      if (name === 'throws.tf') throw new Error('unreadable');
      return files[name];
    },
  };
}

/** `type.name` of each module resource of `types`, as seen from `fileName`. */
function ids(fileName: string, own: string, files: Record<string, string | undefined> | SiblingFiles, types = ['aws_s3_bucket']): string[] | undefined {
  const siblings = typeof (files as SiblingFiles).list === 'function' ? (files as SiblingFiles) : folder(files as Record<string, string | undefined>);
  return moduleResources(fileName, parseTerraform(own).blocks, own, siblings, new Set(types))?.map((resource) => `${resource.tfType}.${resource.name}`);
}

describe('Terraform references between resources of a module', () => {
  before(async function () {
    this.timeout(20000);
    await prepareFormats(WASM_DIR, GRAMMAR_DIR);
  });

  describe('named: what an attribute’s value names', () => {
    const scalar = (value: string | number): Node => ({ kind: 'scalar', value, offset: 0, length: 1 });
    const unknownIn = (text: string, written: string): [Node, string] => [{ kind: 'unknown', name: 'reference', argument: undefined, offset: text.indexOf(written), length: written.length }, text];

    it('a literal, a resource reference, anything else opaque', () => {
      assert.deepEqual(named(scalar('my-bucket'), ''), { kind: 'literal', value: 'my-bucket' });
      assert.deepEqual(named(scalar(5), ''), { kind: 'opaque' });
      assert.deepEqual(named(undefined, ''), { kind: 'opaque' });
      assert.deepEqual(named(scalar('${aws_s3_bucket.b.id}'), ''), { kind: 'resource', id: 'aws_s3_bucket.b' });
      assert.deepEqual(named(scalar('${aws_s3_bucket.b["${var.k}"].id}'), ''), { kind: 'resource', id: 'aws_s3_bucket.b' });
    });

    it('a reference written in the text: bare, in a template, indexed, spaced; not a data source, a deeper attribute or a variable', () => {
      const cases: [string, string | undefined][] = [
        ['aws_s3_bucket.b.id', 'aws_s3_bucket.b'],
        ['"${aws_s3_bucket.b["k"].id}"', 'aws_s3_bucket.b'],
        [' "${aws_s3_bucket.b.id}" ', 'aws_s3_bucket.b'],
        ['aws_s3_bucket.b[0] . id', 'aws_s3_bucket.b'],
        ['data.aws_s3_bucket.b.id', undefined],
        ['aws_s3_bucket.b.tags.Name', undefined],
        ['var.bucket', undefined],
      ];
      for (const [written, id] of cases) {
        const [node, text] = unknownIn(`bucket = ${written}\n`, written);
        assert.deepEqual(named(node, text), id ? { kind: 'resource', id } : { kind: 'opaque' }, written);
      }
    });

    it('names: yes, no or maybe', () => {
      assert.equal(names({ kind: 'opaque' }, 'aws_s3_bucket.b', 'x'), 'maybe');
      assert.equal(names({ kind: 'resource', id: 'aws_s3_bucket.b' }, 'aws_s3_bucket.b', 'x'), 'yes');
      assert.equal(names({ kind: 'resource', id: 'aws_s3_bucket.c' }, 'aws_s3_bucket.b', 'x'), 'no');
      assert.equal(names({ kind: 'literal', value: 'b-logs' }, 'aws_s3_bucket.b', 'b-logs'), 'yes');
      assert.equal(names({ kind: 'literal', value: 'b-logs' }, 'aws_s3_bucket.b', 'c-logs'), 'no');
      assert.equal(literalOf(parseTerraform(BUCKET('b')).blocks[0].body, 'bucket'), 'b-logs');
    });
  });

  describe('moduleResources', () => {
    it('the analysed file’s resource blocks of the wanted types only', () => {
      const own = `${BUCKET('a')}data "aws_s3_bucket" "d" {\n  bucket = "x"\n}\nresource "aws_s3_bucket" {\n}\nresource "aws_instance" "i" {\n}\n`;
      assert.deepEqual(ids('main.tf', own, {}), ['aws_s3_bucket.a']);
    });

    it('the .tf and .tf.json files beside, not itself, not other files, not unreadable, binary or huge ones', () => {
      const files = {
        'main.tf': BUCKET('self'),
        'other.tf': BUCKET('other'),
        'json.tf.json': '{"resource": {"aws_s3_bucket": {"j": {"bucket": "j"}}}}',
        'notes.txt': BUCKET('txt'),
        'old.tf.bak': BUCKET('bak'),
        'gone.tf': undefined,
        'throws.tf': BUCKET('throws'),
        'binary.tf': `${BUCKET('binary')}\u0000`,
      };
      assert.deepEqual(ids('modules/x/main.tf', BUCKET('self'), files), ['aws_s3_bucket.self', 'aws_s3_bucket.other', 'aws_s3_bucket.j']);
    });

    it('a file of 2,000,000 characters is read, one of more is not', () => {
      const head = `${BUCKET('big')}output "o" {\n  value = 1\n}\n`;
      const padded = (length: number) => head + ' '.repeat(length - head.length);
      assert.deepEqual(ids('main.tf', '', { 'big.tf': padded(2_000_000) }), ['aws_s3_bucket.big']);
      assert.deepEqual(ids('main.tf', '', { 'big.tf': padded(2_000_001) }), []);
    });

    it('each wanted block of a file beside once, and a broken block of another type before it does not hide it', () => {
      const text = `resource "aws_instance" "i" {\n  ami = \n${BUCKET('a')}output "o" {\n  value = 1\n}\n${BUCKET('b')}`;
      assert.deepEqual(ids('main.tf', '', { 'other.tf': text }), ['aws_s3_bucket.a', 'aws_s3_bucket.b']);
    });

    it('the same folder asked for other types gets those types', () => {
      const siblings = folder({ 'other.tf': `${BUCKET('b')}resource "aws_flow_log" "f" {\n}\n` });
      assert.deepEqual(ids('main.tf', '', siblings, ['aws_s3_bucket']), ['aws_s3_bucket.b']);
      assert.deepEqual(ids('main.tf', '', siblings, ['aws_flow_log']), ['aws_flow_log.f']);
      // Type lists whose names run together the same way are still told apart.
      const joined = folder({ 'other.tf': 'resource "aws_x" "a" {\n}\nresource "aws_xaws_yz" "b" {\n}\n' });
      assert.deepEqual(ids('main.tf', '', joined, ['aws_x', 'aws_yz']), ['aws_x.a']);
      assert.deepEqual(ids('main.tf', '', joined, ['aws_xaws_yz']), ['aws_xaws_yz.b']);
    });
  });
});
