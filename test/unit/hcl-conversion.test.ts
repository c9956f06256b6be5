import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadTerraformParser, parseTerraform, unescapeHcl, type TfBlock } from '../../src/core/parse/hcl';
import type { Node } from '../../src/core/parse/tree';
/** The repository, three folders above the bundled test (out/test/unit), as in ./helpers (not imported: it bundles the whole core). */
const ROOT = path.resolve(__dirname, '../../..');
const WASM_DIR = path.join(ROOT, 'node_modules', 'web-tree-sitter');
const GRAMMAR_DIR = path.join(ROOT, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl');

/**
 * A converted value as plain data with the source text of each span:
 * a scalar is [value, its text]; other nodes name their kind and their text.
 */
type Shown = [unknown, string] | { unknown: string; at: string; argument?: Shown } | { seq: Shown[]; at: string } | { map: Row[]; at: string };
/** An entry: key, key text, whole-entry text, value. */
type Row = [string, string, string, Shown | undefined];

function show(text: string, node: Node | undefined): Shown | undefined {
  if (!node) return undefined;
  const at = text.slice(node.offset, node.offset + node.length);
  switch (node.kind) {
    case 'scalar':
      return [node.value, at];
    case 'seq':
      return { seq: node.items.map((item) => show(text, item)!), at };
    case 'map':
      return { map: rows(text, node), at };
    default:
      return node.argument ? { unknown: node.name, at, argument: show(text, node.argument) } : { unknown: node.name, at };
  }
}

function rows(text: string, map: Node): Row[] {
  assert.equal(map.kind, 'map');
  if (map.kind !== 'map') return [];
  const slice = (span: { offset: number; length: number }) => text.slice(span.offset, span.offset + span.length);
  return map.entries.map((entry) => [entry.key, slice(entry.keySpan), slice(entry.span), show(text, entry.value)]);
}

function only(text: string): TfBlock {
  const file = parseTerraform(text);
  assert.deepEqual(file.errors, []);
  assert.equal(file.blocks.length, 1);
  return file.blocks[0];
}

describe('Terraform (HCL) conversion to the format-neutral tree', () => {
  before(async function () {
    this.timeout(60_000);
    await loadTerraformParser(WASM_DIR, GRAMMAR_DIR);
  });

  it('comments are skipped in bodies, objects, lists and call arguments; parentheses and signs are unwrapped', () => {
    const text = [
      'resource "a" /* c */ "b" {',
      '  # comment',
      '  p = (1)',
      '  n = -1.5',
      '  m = -x',
      '  s = - "s"',
      '  k = !true',
      '  o = {',
      '    # comment',
      '    bare = 1',
      '    "quoted" = 2',
      '    (var.k) = 3',
      '    "${a}" = 4',
      '  }',
      '  t = [1, /* c */ 2]',
      '  f = f(/* c */ 1)',
      '  g = g(1, 2)',
      '  h = h([1]...)',
      '  q = "a\\"b"',
      '  e = ""',
      '}',
    ].join('\n');
    const block = only(text);
    assert.deepEqual(block.labels, ['a', 'b']);
    assert.deepEqual(rows(text, block.body), [
      ['p', 'p', 'p = (1)', [1, '1']],
      ['n', 'n', 'n = -1.5', [-1.5, '-1.5']],
      ['m', 'm', 'm = -x', { unknown: 'operation', at: '-x', argument: ['-x', '-x'] }],
      ['s', 's', 's = - "s"', { unknown: 'operation', at: '- "s"', argument: ['- "s"', '- "s"'] }],
      ['k', 'k', 'k = !true', { unknown: 'operation', at: '!true', argument: ['!true', '!true'] }],
      [
        'o',
        'o',
        'o = {\n    # comment\n    bare = 1\n    "quoted" = 2\n    (var.k) = 3\n    "${a}" = 4\n  }',
        {
          map: [
            ['bare', 'bare', 'bare = 1', [1, '1']],
            ['quoted', '"quoted"', '"quoted" = 2', [2, '2']],
            ['(var.k)', '(var.k)', '(var.k) = 3', [3, '3']],
            ['"${a}"', '"${a}"', '"${a}" = 4', [4, '4']],
          ],
          at: '{\n    # comment\n    bare = 1\n    "quoted" = 2\n    (var.k) = 3\n    "${a}" = 4\n  }',
        },
      ],
      ['t', 't', 't = [1, /* c */ 2]', { seq: [[1, '1'], [2, '2']], at: '[1, /* c */ 2]' }],
      ['f', 'f', 'f = f(/* c */ 1)', { unknown: 'function:f', at: 'f(/* c */ 1)', argument: [1, '1'] }],
      ['g', 'g', 'g = g(1, 2)', { unknown: 'function:g', at: 'g(1, 2)' }],
      ['h', 'h', 'h = h([1]...)', { unknown: 'function:h', at: 'h([1]...)' }],
      ['q', 'q', 'q = "a\\"b"', ['a"b', '"a\\"b"']],
      ['e', 'e', 'e = ""', ['', '""']],
    ]);
  });

  it('dynamic blocks keep their content; a dynamic block without a label, labelled nested blocks and bare-word labels are plain blocks', () => {
    const text = [
      'resource aws_s3_bucket b {',
      '  dynamic "ingress" {',
      '    for_each = var.x',
      '    labels { a = 1 }',
      '    content {',
      '      port = 1',
      '    }',
      '  }',
      '  dynamic "egress" {',
      '    for_each = var.x',
      '  }',
      '  dynamic {',
      '    x = 1',
      '  }',
      '  setting "one" "two" {',
      '    v = 1',
      '  }',
      '}',
    ].join('\n');
    const block = only(text);
    assert.equal(block.blockType, 'resource');
    assert.deepEqual(block.labels, ['aws_s3_bucket', 'b']);
    const ingress = 'dynamic "ingress" {\n    for_each = var.x\n    labels { a = 1 }\n    content {\n      port = 1\n    }\n  }';
    assert.deepEqual(rows(text, block.body), [
      ['ingress', '"ingress"', ingress, { unknown: 'dynamic', at: ingress, argument: { map: [['port', 'port', 'port = 1', [1, '1']]], at: '{\n      port = 1\n    }' } }],
      ['egress', '"egress"', 'dynamic "egress" {\n    for_each = var.x\n  }', { unknown: 'dynamic', at: 'dynamic "egress" {\n    for_each = var.x\n  }' }],
      ['dynamic', 'dynamic', 'dynamic {\n    x = 1\n  }', { map: [['x', 'x', 'x = 1', [1, '1']]], at: '{\n    x = 1\n  }' }],
      [
        'setting',
        'setting',
        'setting "one" "two" {\n    v = 1\n  }',
        {
          map: [['one', '"one"', '"one" "two" {\n    v = 1\n  }', { map: [['two', '"two"', '"two" {\n    v = 1\n  }', { map: [['v', 'v', 'v = 1', [1, '1']]], at: '{\n    v = 1\n  }' }]], at: '"two" {\n    v = 1\n  }' }]],
          at: '"one" "two" {\n    v = 1\n  }',
        },
      ],
    ]);
  });

  it('templates, heredocs, for expressions, splats, references and calls', () => {
    const text = [
      'locals {',
      '  a = <<EOT',
      'line',
      'EOT',
      '  b = <<-EOT',
      '    in',
      '    EOT',
      '  c = "${var.x}"',
      '  d = "a${var.x}"',
      '  f = <<EOT',
      'x ${var.y}',
      'EOT',
      '  g = "%{ if true }y%{ endif }"',
      '  h = [for s in var.l : s]',
      '  i = a.b[*].c',
      '  j = local.x',
      '  k = data.x.y.z',
      '  m = var.list[0]',
      '  o = tomap({ a = 1 })',
      '}',
    ].join('\n');
    assert.deepEqual(rows(text, only(text).body), [
      ['a', 'a', 'a = <<EOT\nline\nEOT', ['line', 'line']],
      ['b', 'b', 'b = <<-EOT\n    in\n    EOT', ['    in', '    in']],
      ['c', 'c', 'c = "${var.x}"', { unknown: 'var', at: '"${var.x}"', argument: ['var.x', 'var.x'] }],
      ['d', 'd', 'd = "a${var.x}"', { unknown: 'interpolation', at: '"a${var.x}"', argument: ['a${var.x}', 'a${var.x}'] }],
      ['f', 'f', 'f = <<EOT\nx ${var.y}\nEOT', { unknown: 'interpolation', at: '<<EOT\nx ${var.y}\nEOT', argument: ['x ${var.y}', 'x ${var.y}'] }],
      ['g', 'g', 'g = "%{ if true }y%{ endif }"', { unknown: 'interpolation', at: '"%{ if true }y%{ endif }"', argument: ['%{ if true }y%{ endif }', '%{ if true }y%{ endif }'] }],
      ['h', 'h', 'h = [for s in var.l : s]', { unknown: 'for', at: '[for s in var.l : s]', argument: ['[for s in var.l : s]', '[for s in var.l : s]'] }],
      ['i', 'i', 'i = a.b[*].c', { unknown: 'splat', at: 'a.b[*].c', argument: ['a.b[*].c', 'a.b[*].c'] }],
      ['j', 'j', 'j = local.x', { unknown: 'local', at: 'local.x', argument: ['local.x', 'local.x'] }],
      ['k', 'k', 'k = data.x.y.z', { unknown: 'reference', at: 'data.x.y.z', argument: ['data.x.y.z', 'data.x.y.z'] }],
      ['m', 'm', 'm = var.list[0]', { unknown: 'var', at: 'var.list[0]', argument: ['var.list[0]', 'var.list[0]'] }],
      ['o', 'o', 'o = tomap({ a = 1 })', { unknown: 'function:tomap', at: 'tomap({ a = 1 })', argument: { map: [['a', 'a', 'a = 1', [1, '1']]], at: '{ a = 1 }' } }],
    ]);
  });

  it('a top-level attribute is not a block; dynamic blocks without a body, with content among other blocks, or with a content attribute', () => {
    const text = [
      'a = 1',
      'resource "a" "b" {',
      '  dynamic "x" {}',
      '  dynamic "y" {',
      '    content {',
      '      a = 1',
      '    }',
      '    other {',
      '      b = 2',
      '    }',
      '  }',
      '  dynamic "z" {',
      '    content = { c = 3 }',
      '  }',
      '}',
    ].join('\n');
    const block = only(text);
    assert.deepEqual([block.blockType, ...block.labels], ['resource', 'a', 'b']);
    const y = 'dynamic "y" {\n    content {\n      a = 1\n    }\n    other {\n      b = 2\n    }\n  }';
    assert.deepEqual(rows(text, block.body), [
      ['x', '"x"', 'dynamic "x" {}', { unknown: 'dynamic', at: 'dynamic "x" {}' }],
      ['y', '"y"', y, { unknown: 'dynamic', at: y, argument: { map: [['a', 'a', 'a = 1', [1, '1']]], at: '{\n      a = 1\n    }' } }],
      ['z', '"z"', 'dynamic "z" {\n    content = { c = 3 }\n  }', { unknown: 'dynamic', at: 'dynamic "z" {\n    content = { c = 3 }\n  }' }],
    ]);
  });

  describe('in a file with syntax errors', () => {
    it('complete strings, lists, maps and heredocs of a broken block keep their values', () => {
      const text = 'resource "a" "b" {\n  s = "ok"\n  e = ""\n  t = [1, 2]\n  o = { k = 1 }\n  h = <<EOT\nbody\nEOT\n  u = [1,\n}\n';
      const file = parseTerraform(text);
      assert.deepEqual(
        file.errors.map((error) => error.message),
        ['Terraform syntax error near `u = [1,`'],
      );
      assert.deepEqual(rows(text, file.blocks[0].body), [
        ['s', 's', 's = "ok"', ['ok', '"ok"']],
        ['e', 'e', 'e = ""', ['', '""']],
        ['t', 't', 't = [1, 2]', { seq: [[1, '1'], [2, '2']], at: '[1, 2]' }],
        ['o', 'o', 'o = { k = 1 }', { map: [['k', 'k', 'k = 1', [1, '1']]], at: '{ k = 1 }' }],
        ['h', 'h', 'h = <<EOT\nbody\nEOT', ['body', 'body']],
      ]);
    });

    it('an attribute broken by junk is an error from the junk to the end of the attribute', () => {
      const text = 'resource "aws_instance" "a" {\n  ami = "x"\n  @@@ junk\n  instance_type = "t3.micro"\n}\n';
      const file = parseTerraform(text);
      assert.deepEqual(rows(text, file.blocks[0].body), [
        ['ami', 'ami', 'ami = "x"\n  @@@ junk\n  instance_type = "t3.micro"', { unknown: 'error', at: '"x"\n  @@@ junk\n  instance_type = "t3.micro"' }],
      ]);
    });

    it('problems of later pieces are placed in the whole file', () => {
      const text = 'resource "a" "b" {\n  ami = "x" @@@ junk\n  p = ()\n  q = 1\n}\nresource "c" "d" {\n  x = "abc\n}\n';
      const file = parseTerraform(text);
      assert.deepEqual(
        file.errors.map((error) => [error.span.offset, error.span.length, error.message]),
        [
          [31, 8, 'Terraform syntax error near `@@@ junk`'],
          [58, 0, 'Terraform syntax error: missing `}`'],
          [90, 0, 'Terraform syntax error: missing `"`'],
          [90, 0, 'Terraform syntax error: missing `}`'],
        ],
      );
      assert.ok(text.slice(0, 90).endsWith('x = "abc\n}'));
      assert.deepEqual(rows(text, file.blocks[0].body), [['ami', 'ami', 'ami = "x"', ['x', '"x"']]]);
      assert.deepEqual(rows(text, file.blocks[1].body), [['x', 'x', 'x = "abc\n}\n', { unknown: 'error', at: '"abc\n}\n' }]]);
    });

    it('a string or template cut off by the end of the file is an error or keeps its body to the end', () => {
      const cut = 'resource "a" "b" {\n  x = "abc';
      assert.deepEqual(rows(cut, parseTerraform(cut).blocks[0].body), [['x', 'x', 'x = "abc', { unknown: 'error', at: '"abc' }]]);
      const template = 'resource "a" "b" {\n  x = "a${var.x}';
      assert.deepEqual(rows(template, parseTerraform(template).blocks[0].body), [
        ['x', 'x', 'x = "a${var.x}', { unknown: 'interpolation', at: '"a${var.x}', argument: ['a${var.x}', 'a${var.x}'] }],
      ]);
    });

    it('a heredoc cut off right after its header has an empty body there', () => {
      const text = 'resource "a" "b" {\n  x = <<EOT';
      const file = parseTerraform(text);
      assert.deepEqual(rows(text, file.blocks[0].body), [['x', 'x', 'x = <<EOT', ['', '']]]);
      assert.equal(file.blocks[0].body.entries[0].value?.offset, text.length);
    });

    it('over fifty problems in one block are counted up to fifty', () => {
      const text = `locals {\n${Array.from({ length: 60 }, (_, i) => `  a${i} = (1\n`).join('')}}\n`;
      assert.deepEqual(
        parseTerraform(text).errors.map((error) => [error.span.offset, error.message]),
        [
          [18, 'Terraform syntax error: missing `)`'],
          [28, 'Terraform syntax error: missing `)`'],
          [38, 'Terraform syntax error: missing `)`'],
          [48, 'Terraform syntax error: missing `)`'],
          [58, 'Terraform syntax error: missing `)` (and 45 more syntax errors)'],
        ],
      );
    });

    it('a list without its closing bracket is an error, not a list', () => {
      const text = 'resource "a" "b" {\n  t = [1, 2\n}\n';
      const file = parseTerraform(text);
      assert.deepEqual(rows(text, file.blocks[0].body), [['t', 't', 't = [1, 2\n', { unknown: 'error', at: '[1, 2\n' }]]);
    });

    it('over fifty syntax problems are counted up to fifty', () => {
      const text = Array.from({ length: 30 }, (_, i) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "x" ]\n}\n`).join('');
      const file = parseTerraform(text);
      assert.equal(file.blocks.length, 30);
      assert.deepEqual(
        file.errors.map((error) => error.message),
        [
          'Terraform syntax error near `]`',
          'Terraform syntax error: missing `}`',
          'Terraform syntax error near `]`',
          'Terraform syntax error: missing `}`',
          'Terraform syntax error near `]` (and 45 more syntax errors)',
        ],
      );
    });
  });
});

describe('HCL string escapes made only of escape characters', () => {
  it('an escaped backslash or quote alone is resolved', () => {
    assert.equal(unescapeHcl('\\\\'), '\\');
    assert.equal(unescapeHcl('\\"'), '"');
  });
});
