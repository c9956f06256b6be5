import assert from 'node:assert/strict';
import * as path from 'node:path';
import { prepareFormats } from '../../src/core';
import { parseTerraform, parseTerraformJson } from '../../src/core/parse/hcl';
import { parseJson } from '../../src/core/parse/json';
import type { Node } from '../../src/core/parse/tree';
import { folderValues, isTfvarsName, withWrittenValues, type FolderValues } from '../../src/core/formats/terraform/values';
import type { Provenance } from '../../src/core/engine/provenance';
import { ROOT } from './helpers';

const WASM_DIR = path.join(ROOT, 'node_modules', 'web-tree-sitter');
const GRAMMAR_DIR = path.join(ROOT, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl');

/** The folder's values seen from main.tf (text `own`), its other files listed in that order. */
function valuesOf(own: string, files: Record<string, string | undefined> = {}): FolderValues {
  return folderValues('main.tf', parseTerraform(own).blocks, { list: () => Object.keys(files), read: (name) => files[name] });
}

/** Each variable's (or local's) written value as plain data, with its note. */
function plain(map: FolderValues['variables']): Record<string, [unknown, string]> {
  return Object.fromEntries([...map].map(([name, { value, note }]) => [name, [data(value), note]]));
}

function data(node: Node | undefined): unknown {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(data);
  if (node.kind === 'map') return Object.fromEntries(node.entries.map((entry) => [entry.key, data(entry.value)]));
  return `<${node.name}>`;
}

describe('Terraform written values (variables, tfvars, locals)', () => {
  before(async function () {
    this.timeout(20000);
    await prepareFormats(WASM_DIR, GRAMMAR_DIR);
  });

  it('tfvars files are terraform.tfvars(.json) and *.auto.tfvars(.json), by whole name', () => {
    assert.deepEqual(
      ['terraform.tfvars', 'terraform.tfvars.json', 'prod.auto.tfvars', 'prod.auto.tfvars.json', 'prod-terraform.tfvars', 'terraform.tfvars.bak', 'prod.auto.tfvars.bak'].map(isTfvarsName),
      [true, true, true, true, false, false, false],
    );
  });

  it('tfvars files apply in Terraform’s order, whatever order the folder lists them in', () => {
    const own = 'variable "v" {}\n';
    const files = { 'z.auto.tfvars': 'v = "z"\n', 'a.auto.tfvars': 'v = "a"\n', 'terraform.tfvars.json': '{"v": "json"}', 'terraform.tfvars': 'v = "plain"\n' };
    assert.deepEqual(plain(valuesOf(own, files).variables), { v: ['z', 'The value comes from variable v as set in z.auto.tfvars.'] });
    assert.deepEqual(plain(valuesOf(own, { 'terraform.tfvars.json': '{"v": "json"}', 'terraform.tfvars': 'v = "plain"\n' }).variables).v[0], 'json');
    assert.deepEqual(plain(valuesOf(own, { 'b.auto.tfvars': 'v = "b"\n', 'terraform.tfvars': 'v = "plain"\n' }).variables).v[0], 'b');
    // An *.auto.tfvars file named before terraform.tfvars.json still comes after it.
    assert.deepEqual(plain(valuesOf(own, { 'terraform.tfvars.json': '{"v": "json"}', 'a.auto.tfvars': 'v = "a"\n' }).variables).v[0], 'a');
  });

  it('a tfvars value counts only for a declared variable, and only when it is a literal', () => {
    const files = { 'terraform.tfvars': 'v = "set"\nu = "undeclared"\nw = upper("x")\n' };
    assert.deepEqual(plain(valuesOf('variable "v" {}\nvariable "w" {}\noutput "u" {\n  value = "o"\n}\n', files).variables), { v: ['set', 'The value comes from variable v as set in terraform.tfvars.'] });
  });

  it('the first default and the first local written win: the analysed file, then the folder in order', () => {
    const own = 'variable "v" {\n  default = "own"\n}\nlocals {\n  l = "own"\n}\n';
    const values = valuesOf(own, { 'other.tf': 'variable "v" {\n  default = "other"\n}\nlocals {\n  l = "other"\n  m = "other"\n}\n' });
    assert.deepEqual(plain(values.variables), { v: ['own', 'The value comes from the default of variable v (main.tf).'] });
    assert.deepEqual(plain(values.locals), { l: ['own', 'The value comes from local l (main.tf).'], m: ['other', 'The value comes from local m (other.tf).'] });
  });

  it('only `variable "name"` and label-less `locals` blocks write values, and only literals', () => {
    const own = [
      'variable "a" "b" {\n  default = "two labels"\n}',
      'output "o" {\n  default = "an output"\n}',
      'locals "named" {\n  n = "labelled"\n}',
      'terraform {\n  t = "terraform block"\n}',
      'locals {\n  ref = var.x\n  call = upper("x")\n  list = ["a", var.x]\n  map = { a = var.x }\n  nothing = null\n  ok = ["a", { b = 1 }]\n}',
      'variable "d" {\n  default = var.x\n}',
    ].join('\n');
    const values = valuesOf(own, { 'terraform.tfvars': 'o = "set"\na = "set"\n' });
    assert.deepEqual(plain(values.variables), {});
    assert.deepEqual(plain(values.locals), { ok: [['a', { b: 1 }], 'The value comes from local ok (main.tf).'] });
  });

  it('siblings: Terraform JSON, locals-only files, a broken block before a variable; unreadable, binary and huge files are skipped', () => {
    const files: Record<string, string | undefined> = {
      'compact.tf.json': '{"variable":{"c":{"default":"compact"}}}',
      'spaced.tf.json': '{"locals" : {"s": "spaced"}}',
      'none.tf.json': '{"resource": {}}',
      'locals.tf': 'locals {\n  l = "only locals"\n}\n',
      'broken.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = \nvariable "b" {\n  default = "after a broken block"\n}\n',
      'gone.tf': undefined,
      'binary.tf': 'variable "bin" {\n  default = "x"\n}\n\u0000',
      'terraform.tfvars.json': '{"c": "from json tfvars"}',
    };
    const values = valuesOf('', files);
    assert.deepEqual(Object.fromEntries([...values.variables].map(([name, { value }]) => [name, data(value)])), { c: 'from json tfvars', b: 'after a broken block' });
    assert.deepEqual(Object.fromEntries([...values.locals].map(([name, { value }]) => [name, data(value)])), { s: 'spaced', l: 'only locals' });
  });

  it('a sibling of 2,000,000 characters is read, one of more is not', () => {
    // Only the variable block is parsed: the padding is in the resource block after it.
    const head = 'variable "big" {\n  default = "yes"\n}\nresource "a" "b" {}\n';
    const padded = (length: number) => head + ' '.repeat(length - head.length);
    assert.equal(data(valuesOf('', { 'big.tf': padded(2_000_000) }).variables.get('big')?.value), 'yes');
    assert.equal(valuesOf('', { 'big.tf': padded(2_000_001) }).variables.size, 0);
  });

  it('a value of more than 10,000 nodes is not taken as written down', () => {
    const list = (items: number) => ({ 'list.tf.json': `{"variable": {"v": {"default": [${Array(items).fill(1).join(',')}]}}}` });
    assert.equal(valuesOf('', list(10_000)).variables.size, 0);
    assert.equal(valuesOf('', list(9_999)).variables.size, 1);
  });

  describe('references replaced by their values', () => {
    const values = () => valuesOf('variable "x" {\n  default = "X"\n}\nlocals {\n  l = "L"\n}\n');
    const replaced = (body: string, folder = values()) => {
      const provenances: Provenance[] = [];
      const out = withWrittenValues(parseTerraform(`resource "a" "b" {\n${body}\n}\n`).blocks[0].body, folder, provenances);
      return { out: data(out), notes: provenances.map((provenance) => provenance.note) };
    };

    it('var.x and local.x, bare or alone in a template, with or without spaces; not a longer traversal', () => {
      assert.deepEqual(replaced('a = "${var.x}"\nb = "${ var.x }"\nc = var.x\nd = var.obj.attr\nf = local.l').out, { a: 'X', b: 'X', c: 'X', d: '<var>', f: 'L' });
    });

    it('inside function arguments and dynamic blocks, not inside other expressions', () => {
      const { out, notes } = replaced('e = upper(var.x)\ng = var.x ? 1 : 2\ndynamic "h" {\n  content {\n    i = var.x\n  }\n}');
      assert.deepEqual(out, { e: '<function:upper>', g: '<conditional>', h: '<dynamic>' });
      assert.deepEqual(notes, ['The value comes from the default of variable x (main.tf).', 'The value comes from the default of variable x (main.tf).']);
    });

    it('Terraform JSON templates of var.x alone, spaced inside the braces or not; an attribute of var.x or a traversal ending in .var.x is not var.x', () => {
      const json = '{"resource": {"a": {"b": {"p": "${var.x}", "q": "${ var.x}", "r": "${var.x }", "s": "${var.x}y"}}}}';
      const body = parseTerraformJson(parseJson(json).root!).blocks[0].body;
      assert.deepEqual(data(withWrittenValues(body, values(), [])), { p: 'X', q: 'X', r: 'X', s: '<interpolation>' });
      assert.deepEqual(replaced('d = var.x.attr\ne = var.a.var.x').out, { d: '<var>', e: '<var>' });
    });

    it('a reference inside a call is replaced in the call’s argument; a map value spans the reference, entries too', () => {
      const folder = valuesOf('variable "x" {\n  default = "X"\n}\nvariable "m" {\n  default = { k = "v" }\n}\n');
      const text = 'resource "a" "b" {\n  e = upper(var.x)\n  f = var.m\n}\n';
      const out = withWrittenValues(parseTerraform(text).blocks[0].body, folder, []);
      const e = out.entries[0].value;
      assert.equal(e?.kind === 'unknown' ? data(e.argument) : undefined, 'X');
      const f = out.entries[1].value;
      assert.deepEqual(data(f), { k: 'v' });
      const at = { offset: text.indexOf('var.m'), length: 'var.m'.length };
      assert.ok(f?.kind === 'map');
      assert.deepEqual([f.offset, f.length], [at.offset, at.length]);
      assert.deepEqual([f.entries[0].keySpan, f.entries[0].span], [at, at]);
    });

    it('variables without locals, and locals without variables', () => {
      assert.deepEqual(replaced('c = var.v', valuesOf('variable "v" {\n  default = "V"\n}\n')).out, { c: 'V' });
      assert.deepEqual(replaced('f = local.l', valuesOf('locals {\n  l = "L"\n}\n')).out, { f: 'L' });
    });
  });
});
