import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTerraformParser, parseTerraform, parseTerraformJson, unescapeHcl, type TerraformFile, type TfBlock } from '../../src/core/parse/hcl';
import { parseJson } from '../../src/core/parse/json';
import { MAX_DEPTH } from '../../src/core/parse/limits';
import { getEntry, getPath, type Entry, type MapNode, type Node, type UnknownNode } from '../../src/core/parse/tree';
import { loadGrammar } from '../../src/core/parse/tree-sitter';

/** The folder holding node_modules, wherever the bundled test runs from. */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

const ROOT = repoRoot();
const WEB_TREE_SITTER_DIR = path.join(ROOT, 'node_modules', 'web-tree-sitter');
const HCL_GRAMMAR_DIR = path.join(ROOT, 'node_modules', '@tree-sitter-grammars', 'tree-sitter-hcl');

function slice(text: string, span: { offset: number; length: number }): string {
  return text.slice(span.offset, span.offset + span.length);
}

function block(file: TerraformFile, ...labels: string[]): TfBlock {
  const found = file.blocks.find((candidate) => labels.every((label, i) => candidate.labels[i] === label));
  assert.ok(found, `no block ${labels.join(' ')}; have ${file.blocks.map((b) => `${b.blockType} ${b.labels.join(' ')}`).join(', ')}`);
  return found;
}

/** Entry at a dotted path below a block body ("ingress[1].from_port"). */
function entryAt(root: Node, dotted: string): Entry {
  const cut = dotted.lastIndexOf('.');
  const parent = cut >= 0 ? getPath(root, dotted.slice(0, cut)) : root;
  const entry = getEntry(parent, dotted.slice(cut + 1));
  assert.ok(entry, `no entry at ${dotted}`);
  return entry;
}

/** Key, value and whole-entry source text of an entry. */
function spans(text: string, root: Node, dotted: string): { key: string; value: string | undefined; entry: string } {
  const entry = entryAt(root, dotted);
  return { key: slice(text, entry.keySpan), value: entry.value && slice(text, entry.value), entry: slice(text, entry.span) };
}

function asUnknown(node: Node | undefined): UnknownNode {
  assert.equal(node?.kind, 'unknown', `expected an unknown value, got ${node?.kind}`);
  return node as UnknownNode;
}

describe('Terraform (HCL) parsing', () => {
  before(async function () {
    this.timeout(20000);
    await loadTerraformParser(WEB_TREE_SITTER_DIR, HCL_GRAMMAR_DIR);
  });

  it('loading twice, even concurrently, shares one load', async () => {
    const a = loadTerraformParser(WEB_TREE_SITTER_DIR, HCL_GRAMMAR_DIR);
    const b = loadTerraformParser('/elsewhere');
    assert.equal(a, b);
    await a;
  });

  it('blocks: type, labels and spans', () => {
    const text = [
      'resource "aws_s3_bucket" "logs" {',
      '  bucket = "my-logs"',
      '}',
      '',
      'data "aws_iam_policy_document" "p" {}',
      'module "vpc" {',
      '  source = "terraform-aws-modules/vpc/aws"',
      '}',
      'locals {',
      '  env = "prod"',
      '}',
      '',
    ].join('\n');
    const file = parseTerraform(text);
    assert.deepEqual(file.errors, []);
    assert.deepEqual(
      file.blocks.map((b) => [b.blockType, ...b.labels]),
      [['resource', 'aws_s3_bucket', 'logs'], ['data', 'aws_iam_policy_document', 'p'], ['module', 'vpc'], ['locals']],
    );
    const bucket = block(file, 'aws_s3_bucket', 'logs');
    assert.equal(slice(text, bucket.typeSpan), 'resource');
    assert.deepEqual(bucket.labelSpans.map((span) => slice(text, span)), ['"aws_s3_bucket"', '"logs"']);
    assert.equal(slice(text, bucket.span), 'resource "aws_s3_bucket" "logs" {\n  bucket = "my-logs"\n}');
    assert.equal(slice(text, bucket.body), '{\n  bucket = "my-logs"\n}');
    assert.equal(slice(text, block(file, 'aws_iam_policy_document', 'p').body), '{}');
    assert.deepEqual(block(file, 'aws_iam_policy_document', 'p').body.entries, []);
  });

  it('attributes: scalars with exact key, value and entry spans', () => {
    const text = [
      'resource "aws_db_instance" "db" {',
      '  storage_encrypted   = false',
      '  allocated_storage   = 20',
      '  ratio               = -1.5e2',
      '  publicly_accessible = true',
      '  kms_key_id          = null',
      '  engine              = "postgres" # comment',
      '  note                = "tab\\there \\"quoted\\" \\u00e9 $${literal}"',
      '}',
    ].join('\n');
    const { blocks, errors } = parseTerraform(text);
    assert.deepEqual(errors, []);
    const body = blocks[0].body;
    assert.deepEqual(spans(text, body, 'storage_encrypted'), { key: 'storage_encrypted', value: 'false', entry: 'storage_encrypted   = false' });
    assert.deepEqual(spans(text, body, 'engine'), { key: 'engine', value: '"postgres"', entry: 'engine              = "postgres"' });
    assert.equal(getPath(body, 'storage_encrypted')?.kind, 'scalar');
    const values = Object.fromEntries(body.entries.map((entry) => [entry.key, entry.value?.kind === 'scalar' ? entry.value.value : entry.value?.kind]));
    assert.deepEqual(values, {
      storage_encrypted: false,
      allocated_storage: 20,
      ratio: -150,
      publicly_accessible: true,
      kms_key_id: null,
      engine: 'postgres',
      note: 'tab\there "quoted" é ${literal}',
    });
    assert.equal(slice(text, getPath(body, 'ratio')!), '-1.5e2');
  });

  it('nested blocks become maps spanning their braces', () => {
    const text = [
      'resource "aws_instance" "web" {',
      '  ami = "ami-123"',
      '  root_block_device {',
      '    encrypted = false',
      '  }',
      '  metadata_options { http_tokens = "optional" }',
      '}',
    ].join('\n');
    const body = parseTerraform(text).blocks[0].body;
    const root = spans(text, body, 'root_block_device');
    assert.deepEqual(root, { key: 'root_block_device', value: '{\n    encrypted = false\n  }', entry: 'root_block_device {\n    encrypted = false\n  }' });
    assert.deepEqual(spans(text, body, 'root_block_device.encrypted'), { key: 'encrypted', value: 'false', entry: 'encrypted = false' });
    assert.deepEqual(spans(text, body, 'metadata_options.http_tokens'), { key: 'http_tokens', value: '"optional"', entry: 'http_tokens = "optional"' });
    assert.equal(getEntry(body, 'metadata_options')?.value?.kind, 'map');
  });

  it('repeated blocks become one sequence entry; each item spans its block', () => {
    const text = [
      'resource "aws_security_group" "sg" {',
      '  name = "web"',
      '  ingress {',
      '    from_port   = 22',
      '    cidr_blocks = ["0.0.0.0/0", "10.0.0.0/8"]',
      '  }',
      '  egress { from_port = 0 }',
      '  ingress {',
      '    from_port = 443',
      '  }',
      '}',
    ].join('\n');
    const body = parseTerraform(text).blocks[0].body;
    assert.deepEqual(
      body.entries.map((entry) => entry.key),
      ['name', 'ingress', 'egress'],
    );
    const ingress = getEntry(body, 'ingress')!;
    assert.equal(slice(text, ingress.keySpan), 'ingress');
    assert.equal(ingress.keySpan.offset, text.indexOf('ingress'));
    assert.equal(ingress.value?.kind, 'seq');
    const items = ingress.value.kind === 'seq' ? ingress.value.items : [];
    assert.deepEqual(items.map((item) => slice(text, item)), [
      'ingress {\n    from_port   = 22\n    cidr_blocks = ["0.0.0.0/0", "10.0.0.0/8"]\n  }',
      'ingress {\n    from_port = 443\n  }',
    ]);
    assert.equal(slice(text, ingress.span), text.slice(text.indexOf('ingress {'), text.lastIndexOf('}', text.length - 2) + 1));
    assert.deepEqual(spans(text, body, 'ingress[1].from_port'), { key: 'from_port', value: '443', entry: 'from_port = 443' });
    assert.deepEqual(spans(text, body, 'ingress[0].cidr_blocks'), {
      key: 'cidr_blocks',
      value: '["0.0.0.0/0", "10.0.0.0/8"]',
      entry: 'cidr_blocks = ["0.0.0.0/0", "10.0.0.0/8"]',
    });
    assert.equal(slice(text, getPath(body, 'ingress[0].cidr_blocks[1]')!), '"10.0.0.0/8"');
    assert.deepEqual(getPath(body, 'ingress[0].cidr_blocks[1]'), { kind: 'scalar', value: '10.0.0.0/8', offset: text.indexOf('"10.0.0.0/8"'), length: 12 });
    // A single block stays a map.
    assert.equal(getEntry(body, 'egress')?.value?.kind, 'map');
  });

  it('lists, maps and objects, with keys written bare or quoted', () => {
    const text = [
      'resource "aws_s3_bucket" "b" {',
      '  tags = {',
      '    Name          = "logs"',
      '    "cost-center" = 42',
      '  }',
      '  list = [1, [2, 3], { a = true }, ]',
      '  obj  = { key: "colon" }',
      '}',
    ].join('\n');
    const { blocks, errors } = parseTerraform(text);
    assert.deepEqual(errors, []);
    const body = blocks[0].body;
    assert.deepEqual(spans(text, body, 'tags.Name'), { key: 'Name', value: '"logs"', entry: 'Name          = "logs"' });
    assert.deepEqual(spans(text, body, 'tags.cost-center'), { key: '"cost-center"', value: '42', entry: '"cost-center" = 42' });
    assert.equal(slice(text, getPath(body, 'list')!), '[1, [2, 3], { a = true }, ]');
    assert.equal(slice(text, getPath(body, 'list[1][1]')!), '3');
    assert.deepEqual(spans(text, body, 'list[2].a'), { key: 'a', value: 'true', entry: 'a = true' });
    assert.deepEqual(spans(text, body, 'obj.key'), { key: 'key', value: '"colon"', entry: 'key: "colon"' });
  });

  it('references, interpolation and function calls are unknown values', () => {
    const text = [
      'resource "aws_s3_bucket_public_access_block" "pab" {',
      '  bucket      = aws_s3_bucket.b.id',
      '  a           = var.flag',
      '  b           = local.settings["x"]',
      '  c           = "${var.env}-logs"',
      '  d           = "${var.only}"',
      '  e           = var.on ? true : false',
      '  f           = [for s in var.list : upper(s)]',
      '  g           = aws_instance.web[*].id',
      '  h           = 1 + 2',
      '  i           = merge(local.a, local.b)',
      '  j           = file("policy.json")',
      '  k           = (true)',
      '}',
    ].join('\n');
    const { blocks, errors } = parseTerraform(text);
    assert.deepEqual(errors, []);
    const body = blocks[0].body;
    const bucket = asUnknown(getPath(body, 'bucket'));
    assert.equal(bucket.name, 'reference');
    assert.equal(slice(text, bucket), 'aws_s3_bucket.b.id');
    assert.deepEqual(bucket.argument, { kind: 'scalar', value: 'aws_s3_bucket.b.id', offset: bucket.offset, length: bucket.length });
    assert.equal(asUnknown(getPath(body, 'a')).name, 'var');
    assert.equal(asUnknown(getPath(body, 'b')).name, 'local');
    const interpolated = asUnknown(getPath(body, 'c'));
    assert.equal(interpolated.name, 'interpolation');
    assert.equal(slice(text, interpolated), '"${var.env}-logs"');
    assert.equal(interpolated.argument?.kind === 'scalar' && interpolated.argument.value, '${var.env}-logs');
    const only = asUnknown(getPath(body, 'd'));
    assert.equal(only.name, 'var');
    assert.equal(slice(text, only), '"${var.only}"');
    assert.equal(asUnknown(getPath(body, 'e')).name, 'conditional');
    assert.equal(asUnknown(getPath(body, 'f')).name, 'for');
    assert.equal(asUnknown(getPath(body, 'g')).name, 'splat');
    assert.equal(asUnknown(getPath(body, 'h')).name, 'operation');
    const merged = asUnknown(getPath(body, 'i'));
    assert.equal(merged.name, 'function:merge');
    assert.equal(merged.argument, undefined);
    const file = asUnknown(getPath(body, 'j'));
    assert.equal(file.name, 'function:file');
    assert.deepEqual(file.argument && { kind: file.argument.kind, text: slice(text, file.argument) }, { kind: 'scalar', text: '"policy.json"' });
    assert.deepEqual(getPath(body, 'k'), { kind: 'scalar', value: true, offset: text.indexOf('(true)') + 1, length: 4 });
  });

  it('jsonencode policies keep their converted argument for IAM checks', () => {
    const text = [
      'resource "aws_iam_policy" "admin" {',
      '  name   = "admin"',
      '  policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [',
      '      {',
      '        Effect   = "Allow"',
      '        Action   = "*"',
      '        Resource = ["*", aws_s3_bucket.b.arn]',
      '        Principal = { AWS = "*" }',
      '      },',
      '    ]',
      '  })',
      '}',
    ].join('\n');
    const { blocks, errors } = parseTerraform(text);
    assert.deepEqual(errors, []);
    const policy = asUnknown(getPath(blocks[0].body, 'policy'));
    assert.equal(policy.name, 'function:jsonencode');
    assert.ok(slice(text, policy).startsWith('jsonencode({'));
    const document = policy.argument!;
    assert.equal(document.kind, 'map');
    assert.deepEqual(spans(text, document, 'Statement[0].Action'), { key: 'Action', value: '"*"', entry: 'Action   = "*"' });
    assert.deepEqual(getPath(document, 'Statement[0].Resource[0]'), { kind: 'scalar', value: '*', offset: text.indexOf('"*", aws'), length: 3 });
    assert.equal(asUnknown(getPath(document, 'Statement[0].Resource[1]')).name, 'reference');
    assert.deepEqual(spans(text, document, 'Statement[0].Principal.AWS'), { key: 'AWS', value: '"*"', entry: 'AWS = "*"' });
  });

  it('heredocs: the body as written, span = body, so JSON offsets map back', () => {
    const text = [
      'resource "aws_iam_role_policy" "p" {',
      '  policy = <<EOF',
      '{',
      '  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]',
      '}',
      'EOF',
      '  indented = <<-EOT',
      '    {"Action": "s3:*"}',
      '    EOT',
      '  templated = <<EOT',
      '{"Resource": "${aws_s3_bucket.b.arn}/*"}',
      'EOT',
      '}',
    ].join('\n');
    const { blocks, errors } = parseTerraform(text);
    assert.deepEqual(errors, []);
    const body = blocks[0].body;
    const policy = getPath(body, 'policy')!;
    assert.equal(policy.kind, 'scalar');
    const expected = '{\n  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]\n}';
    assert.equal(policy.kind === 'scalar' && policy.value, expected);
    assert.equal(slice(text, policy), expected);
    // A JSON offset inside the value is the same offset from the node's start.
    const action = expected.indexOf('"*"');
    assert.equal(text.slice(policy.offset + action, policy.offset + action + 3), '"*"');
    const indented = getPath(body, 'indented')!;
    assert.equal(indented.kind === 'scalar' && indented.value, '    {"Action": "s3:*"}');
    assert.equal(slice(text, indented), '    {"Action": "s3:*"}');
    const templated = asUnknown(getPath(body, 'templated'));
    assert.equal(templated.name, 'interpolation');
    assert.equal(templated.argument?.kind === 'scalar' && templated.argument.value, '{"Resource": "${aws_s3_bucket.b.arn}/*"}');
  });

  it('dynamic blocks and labelled nested blocks', () => {
    const text = [
      'resource "aws_security_group" "sg" {',
      '  dynamic "ingress" {',
      '    for_each = var.rules',
      '    content {',
      '      from_port = ingress.value.port',
      '      cidr_blocks = ["0.0.0.0/0"]',
      '    }',
      '  }',
      '}',
      'terraform {',
      '  backend "s3" { bucket = "state" }',
      '}',
    ].join('\n');
    const file = parseTerraform(text);
    assert.deepEqual(file.errors, []);
    const dynamic = getEntry(file.blocks[0].body, 'ingress')!;
    assert.equal(slice(text, dynamic.keySpan), '"ingress"');
    const value = asUnknown(dynamic.value);
    assert.equal(value.name, 'dynamic');
    assert.equal(slice(text, getPath(value.argument, 'cidr_blocks[0]')!), '"0.0.0.0/0"');
    const backend = file.blocks[1].body;
    assert.deepEqual(spans(text, backend, 'backend.s3.bucket'), { key: 'bucket', value: '"state"', entry: 'bucket = "state"' });
    assert.equal(slice(text, getEntry(getPath(backend, 'backend'), 's3')!.keySpan), '"s3"');
  });

  it('offsets are UTF-16 code units: non-ASCII text before a resource', () => {
    const text = 'variable "d" {\n  description = "é😀 ünïcödé 日本"\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "naïve-😀"\n  acl = "private"\n}\n';
    const file = parseTerraform(text);
    assert.deepEqual(file.errors, []);
    const description = getPath(file.blocks[0].body, 'description')!;
    assert.equal(description.kind === 'scalar' && description.value, 'é😀 ünïcödé 日本');
    assert.equal(slice(text, description), '"é😀 ünïcödé 日本"');
    const bucket = block(file, 'aws_s3_bucket', 'b');
    assert.equal(slice(text, bucket.labelSpans[1]), '"b"');
    assert.deepEqual(spans(text, bucket.body, 'bucket'), { key: 'bucket', value: '"naïve-😀"', entry: 'bucket = "naïve-😀"' });
    assert.deepEqual(spans(text, bucket.body, 'acl'), { key: 'acl', value: '"private"', entry: 'acl = "private"' });
  });

  it('CRLF line ends', () => {
    const text = 'resource "aws_instance" "a" {\r\n  ami = "ami-1"\r\n  root_block_device {\r\n    encrypted = true\r\n  }\r\n  user_data = <<EOF\r\n#!/bin/sh\r\necho hi\r\nEOF\r\n}\r\nresource "aws_instance" "b" {\r\n  ami = "ami-2"\r\n}\r\n';
    const file = parseTerraform(text);
    assert.deepEqual(file.errors, []);
    const a = block(file, 'aws_instance', 'a').body;
    assert.deepEqual(spans(text, a, 'ami'), { key: 'ami', value: '"ami-1"', entry: 'ami = "ami-1"' });
    assert.deepEqual(spans(text, a, 'root_block_device.encrypted'), { key: 'encrypted', value: 'true', entry: 'encrypted = true' });
    const userData = getPath(a, 'user_data')!;
    assert.equal(slice(text, userData), '#!/bin/sh\r\necho hi');
    assert.deepEqual(spans(text, block(file, 'aws_instance', 'b').body, 'ami'), { key: 'ami', value: '"ami-2"', entry: 'ami = "ami-2"' });
  });

  describe('syntax errors', () => {
    it('a block after a broken one still parses, and the error says where', () => {
      const text = [
        'resource "aws_s3_bucket" "a" {',
        '  bucket = "a"',
        '  tags = {',
        '',
        'resource "aws_db_instance" "db" {',
        '  storage_encrypted = false',
        '}',
        '',
      ].join('\n');
      const file = parseTerraform(text);
      assert.ok(file.errors.length >= 1 && file.errors.length <= 5, JSON.stringify(file.errors));
      assert.match(file.errors[0].message, /^Terraform syntax error/);
      assert.ok(file.errors[0].span.offset <= text.indexOf('resource "aws_db_instance"'));
      const db = block(file, 'aws_db_instance', 'db');
      assert.deepEqual(spans(text, db.body, 'storage_encrypted'), { key: 'storage_encrypted', value: 'false', entry: 'storage_encrypted = false' });
      // What parsed before the error is kept too.
      assert.deepEqual(spans(text, block(file, 'aws_s3_bucket', 'a').body, 'bucket'), { key: 'bucket', value: '"a"', entry: 'bucket = "a"' });
    });

    it('a half-typed attribute: the rest of the block and file survive', () => {
      const text = 'resource "aws_instance" "a" {\n  ami = "x"\n  @@@ junk\n  instance_type = "t3.micro"\n}\ndata "aws_ami" "u" {\n  most_recent = true\n}\n';
      const file = parseTerraform(text);
      assert.equal(file.errors.length, 1);
      assert.match(file.errors[0].message, /^Terraform syntax error near `/);
      assert.equal(asUnknown(getPath(block(file, 'aws_instance', 'a').body, 'ami')).name, 'error');
      assert.deepEqual(spans(text, block(file, 'aws_ami', 'u').body, 'most_recent'), { key: 'most_recent', value: 'true', entry: 'most_recent = true' });
    });

    it('an unterminated string is an error, not a value', () => {
      const text = 'resource "aws_s3_bucket" "a" {\n  bucket = "x\n}\nresource "aws_s3_bucket" "b" {\n  acl = "private"\n}\n';
      const file = parseTerraform(text);
      assert.ok(file.errors.some((error) => /missing `"`/.test(error.message)), JSON.stringify(file.errors));
      assert.equal(asUnknown(getPath(block(file, 'aws_s3_bucket', 'a').body, 'bucket')).name, 'error');
      assert.deepEqual(spans(text, block(file, 'aws_s3_bucket', 'b').body, 'acl'), { key: 'acl', value: '"private"', entry: 'acl = "private"' });
    });

    it('reports at most five problems, saying how many more there were', () => {
      const text = Array.from({ length: 12 }, (_, i) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "x" ]\n}\n`).join('');
      const file = parseTerraform(text);
      assert.equal(file.errors.length, 5);
      assert.match(file.errors[4].message, /\(and \d+ more syntax errors?\)$/);
      assert.equal(file.blocks.length, 12);
    });

    it('an empty or comment-only file has no blocks and no errors', () => {
      assert.deepEqual(parseTerraform(''), { blocks: [], errors: [] });
      assert.deepEqual(parseTerraform('# nothing\n// here\n/* at all */\n'), { blocks: [], errors: [] });
    });
  });

  describe('deep nesting never overflows the stack', () => {
    const N = 10000;
    function deepest(node: Node | undefined): Node | undefined {
      let current = node;
      for (;;) {
        if (current?.kind === 'seq' && current.items[0]) current = current.items[0];
        else if (current?.kind === 'map' && current.entries[0]?.value) current = current.entries[0].value;
        else return current;
      }
    }

    for (const [name, build] of [
      ['tuples', () => `a = ${'['.repeat(N)}${']'.repeat(N)}`],
      ['objects', () => `a = ${'{ b = '.repeat(N)}1${' }'.repeat(N)}`],
      ['parentheses', () => `a = ${'('.repeat(N)}1${')'.repeat(N)}`],
      ['blocks', () => `${'x {\n'.repeat(N)}${'}\n'.repeat(N)}`],
      ['unclosed tuples', () => `a = ${'['.repeat(N)}`],
    ] as const) {
      it(`${N} levels of ${name}`, function () {
        this.timeout(20000);
        const text = `resource "aws_s3_bucket" "deep" {\n${build()}\n}\nresource "aws_s3_bucket" "after" {\n  bucket = "ok"\n}\n`;
        const file = parseTerraform(text);
        const after = block(file, 'aws_s3_bucket', 'after');
        assert.deepEqual(spans(text, after.body, 'bucket'), { key: 'bucket', value: '"ok"', entry: 'bucket = "ok"' });
        if (name === 'unclosed tuples') {
          assert.ok(file.errors.length > 0);
          return;
        }
        const bottom = deepest(block(file, 'aws_s3_bucket', 'deep').body);
        if (name === 'blocks') assert.deepEqual(bottom?.kind === 'map' && bottom.entries, []);
        else if (name !== 'parentheses') assert.equal(bottom?.kind, 'unknown');
        if (name !== 'parentheses') assert.ok(file.errors.some((error) => error.message.includes(String(MAX_DEPTH))), JSON.stringify(file.errors));
      });
    }
  });

  it('parses a 1,000-line file quickly', function () {
    this.timeout(20000);
    const one = (i: number): string =>
      [
        `resource "aws_security_group" "sg${i}" {`,
        `  name        = "sg-${i}"`,
        '  description = "test"',
        '  vpc_id      = aws_vpc.main.id',
        '  ingress {',
        '    from_port   = 443',
        '    to_port     = 443',
        '    protocol    = "tcp"',
        '    cidr_blocks = ["10.0.0.0/8", var.extra_cidr]',
        '  }',
        '  tags = { Name = "sg-${i}", Team = local.team }',
        '}',
        '',
      ].join('\n');
    const text = Array.from({ length: 84 }, (_, i) => one(i)).join('');
    assert.ok(text.split('\n').length >= 1000);
    const file = parseTerraform(text);
    assert.equal(file.blocks.length, 84);
    assert.deepEqual(file.errors, []);
  });
});

describe('Terraform JSON (.tf.json)', () => {
  it('resources become blocks with [type, name] labels and exact spans', () => {
    const text = JSON.stringify(
      {
        resource: {
          aws_s3_bucket: { logs: { bucket: 'my-logs', acl: '${var.acl}', tags: { Name: 'x' } } },
          aws_security_group: {
            sg: { ingress: [{ from_port: 22, cidr_blocks: ['0.0.0.0/0'] }, { from_port: 443 }], description: 'prefix-${var.env}' },
          },
        },
        data: { aws_caller_identity: { me: {} } },
        variable: { region: { default: 'eu-west-1' } },
        locals: { env: 'prod' },
        provider: [{ aws: { region: '${var.region}' } }],
        '//': 'comment',
      },
      null,
      2,
    );
    const { root, errors: jsonErrors } = parseJson(text);
    assert.deepEqual(jsonErrors, []);
    const file = parseTerraformJson(root!);
    assert.deepEqual(file.errors, []);
    assert.deepEqual(
      file.blocks.map((b) => [b.blockType, ...b.labels]),
      [
        ['resource', 'aws_s3_bucket', 'logs'],
        ['resource', 'aws_security_group', 'sg'],
        ['data', 'aws_caller_identity', 'me'],
        ['variable', 'region'],
        ['locals'],
        ['provider', 'aws'],
      ],
    );
    const logs = block(file, 'aws_s3_bucket', 'logs');
    assert.equal(slice(text, logs.typeSpan), '"resource"');
    assert.deepEqual(logs.labelSpans.map((span) => slice(text, span)), ['"aws_s3_bucket"', '"logs"']);
    assert.ok(slice(text, logs.span).startsWith('"logs": {'));
    assert.deepEqual(spans(text, logs.body, 'bucket'), { key: '"bucket"', value: '"my-logs"', entry: '"bucket": "my-logs"' });
    assert.equal(asUnknown(getPath(logs.body, 'acl')).name, 'var');
    const sg = block(file, 'aws_security_group', 'sg').body;
    assert.equal(slice(text, getPath(sg, 'ingress[0].cidr_blocks[0]')!), '"0.0.0.0/0"');
    assert.deepEqual(getPath(sg, 'ingress[1].from_port'), { kind: 'scalar', value: 443, offset: text.indexOf('443'), length: 3 });
    assert.equal(asUnknown(getPath(sg, 'description')).name, 'interpolation');
    assert.equal(asUnknown(getPath(block(file, 'aws').body, 'region')).name, 'var');
    const locals = file.blocks.find((b) => b.blockType === 'locals')!;
    assert.deepEqual(spans(text, locals.body as MapNode, 'env'), { key: '"env"', value: '"prod"', entry: '"env": "prod"' });
  });

  it('a file that is not an object is a problem, not a crash', () => {
    const { root } = parseJson('[1, 2]');
    const file = parseTerraformJson(root!);
    assert.deepEqual(file.blocks, []);
    assert.equal(file.errors.length, 1);
  });
});

describe('Terraform JSON (.tf.json): comments, depth and templates', () => {
  const at = { offset: 0, length: 1 };
  const str = (value: string): Node => ({ kind: 'scalar', value, ...at });
  const obj = (entries: Record<string, Node>): MapNode => ({
    kind: 'map',
    entries: Object.entries(entries).map(([key, value]) => ({ key, keySpan: at, value, span: at })),
    ...at,
  });
  const nest = (levels: number, inner: Node): Node => (levels === 0 ? inner : { kind: 'seq', items: [nest(levels - 1, inner)], ...at });
  const nestMaps = (levels: number, inner: Node): Node => (levels === 0 ? inner : obj({ a: nestMaps(levels - 1, inner) }));
  const labelsOf = (file: TerraformFile) => file.blocks.map((b) => [b.blockType, ...b.labels]);
  const bodyOf = (body: Record<string, Node>) => parseTerraformJson(obj({ resource: obj({ t: obj({ n: obj(body) }) }) })).blocks[0].body;

  it('a file that is not an object is one clear error', () => {
    const { root } = parseJson('[1]');
    assert.deepEqual(parseTerraformJson(root!), { blocks: [], errors: [{ span: { offset: 0, length: 3 }, message: 'A Terraform JSON file must hold an object.' }] });
  });

  it('"//" comments are skipped as block types, labels and body keys', () => {
    const file = parseTerraformJson(obj({ '//': obj({ x: obj({}) }), resource: obj({ '//': obj({ x: obj({}) }), t: obj({ n: obj({ '//': str('note'), a: str('1') }) }) }) }));
    assert.deepEqual(labelsOf(file), [['resource', 't', 'n']]);
    assert.deepEqual(file.blocks[0].body.entries.map((e) => e.key), ['a']);
  });

  it('blocks nested deeper than MAX_DEPTH are not read', () => {
    const wrapped = (levels: number) => parseTerraformJson(obj({ resource: obj({ t: obj({ n: nest(levels, obj({})) }) }) }));
    assert.equal(wrapped(MAX_DEPTH - 2).blocks.length, 1);
    assert.equal(wrapped(MAX_DEPTH - 1).blocks.length, 0);
    const outer = (levels: number) => parseTerraformJson(obj({ resource: nest(levels, obj({ t: obj({ n: obj({}) }) })) }));
    assert.equal(outer(MAX_DEPTH - 2).blocks.length, 1);
    assert.equal(outer(MAX_DEPTH - 1).blocks.length, 0);
  });

  it('templates are read in maps and lists down to MAX_DEPTH, and left as text below it', () => {
    const kindAt = (body: MapNode, levels: number, step: (node: Node | undefined) => Node | undefined) => {
      let node: Node | undefined = getEntry(body, 'v')?.value;
      for (let i = 0; i < levels; i++) node = step(node);
      return node?.kind;
    };
    const item = (node: Node | undefined) => (node?.kind === 'seq' ? node.items[0] : undefined);
    const member = (node: Node | undefined) => getEntry(node, 'a')?.value;
    assert.equal(kindAt(bodyOf({ v: nest(MAX_DEPTH - 1, str('${var.x}')) }), MAX_DEPTH - 1, item), 'unknown');
    assert.equal(kindAt(bodyOf({ v: nest(MAX_DEPTH, str('${var.x}')) }), MAX_DEPTH, item), 'scalar');
    assert.equal(kindAt(bodyOf({ v: nestMaps(MAX_DEPTH - 1, str('${var.x}')) }), MAX_DEPTH - 1, member), 'unknown');
    assert.equal(kindAt(bodyOf({ v: nestMaps(MAX_DEPTH, str('${var.x}')) }), MAX_DEPTH, member), 'scalar');
  });

  it('names what a template refers to, and unescapes $${ and %%{', () => {
    const cases: Record<string, string> = {
      '${var.x}': 'var',
      '${ var.x }': 'var',
      '${var}': 'var',
      '${local.y}': 'local',
      '${aws_s3_bucket.b.id}': 'reference',
      '${1 + var.x}': 'reference',
      '${}': 'reference',
      '${upper(var.x)}': 'function:upper',
      '${upper (var.x)}': 'function:upper',
      '${var.x}-a': 'interpolation',
      'a${var.x}': 'interpolation',
      '${a}${b}': 'interpolation',
      'a %{ if x }b%{ endif }': 'interpolation',
    };
    const body = bodyOf(Object.fromEntries(Object.keys(cases).map((value, i) => [`k${i}`, str(value)])));
    assert.deepEqual(
      Object.fromEntries(body.entries.map((entry) => [(entry.value as { value?: string; argument?: { value: string } }).argument?.value, asUnknown(entry.value).name])),
      cases,
    );
    const plain = bodyOf({ a: str('$${x}'), b: str('%%{y}'), c: str('abc') });
    assert.deepEqual(plain.entries.map((entry) => entry.value), [str('${x}'), str('%{y}'), str('abc')]);
    const nested = bodyOf({ tags: obj({ Name: str('${var.x}') }), list: { kind: 'seq', items: [str('${local.y}')], ...at } });
    assert.equal(asUnknown(getPath(nested, 'tags.Name')).name, 'var');
    assert.equal(asUnknown(getPath(nested, 'list[0]')).name, 'local');
  });

  it('a template value keeps the span of its string', () => {
    const text = '{"resource": {"t": {"n": {"a": "${var.x}"}}}}';
    const file = parseTerraformJson(parseJson(text).root!);
    assert.equal(slice(text, getPath(file.blocks[0].body, 'a')!), '"${var.x}"');
  });
});

describe('HCL string escapes', () => {
  it('resolves \\n, \\uXXXX, \\UXXXXXXXX, $${ and %%{, and keeps unknown escapes as written', () => {
    assert.equal(unescapeHcl('\\n'), '\n');
    assert.equal(unescapeHcl('\\u00e9\\U0001F600'), 'é😀');
    assert.equal(unescapeHcl('$${x} %%{y}'), '${x} %{y}');
    assert.equal(unescapeHcl('\\q'), '\\q');
    assert.equal(unescapeHcl('plain'), 'plain');
  });
});

describe('Terraform (HCL) syntax error messages', () => {
  before(async function () {
    this.timeout(60_000);
    await loadTerraformParser(WEB_TREE_SITTER_DIR, HCL_GRAMMAR_DIR);
  });
  const problems = (text: string) => parseTerraform(text).errors.map((error) => [error.span.offset, error.span.length, error.message]);
  const broken = (count: number) => Array.from({ length: count }, (_, i) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "x" ]\n}\n`).join('');

  it('a missing token is reported right after the last token', () => {
    assert.deepEqual(problems('resource "a" "b" {\n  x = "abc\n}\n'), [
      [31, 0, 'Terraform syntax error: missing `"`'],
      [31, 0, 'Terraform syntax error: missing `}`'],
    ]);
  });

  it('quotes the broken text up to its line end, trimmed, and cut after 30 characters', () => {
    assert.deepEqual(problems('resource "a" "b" {\n  x = 1\n  @@@ junk   \n  y = 2\n}\n')[0], [29, 11, 'Terraform syntax error near `@@@ junk`']);
    const thirty = `@@@ ${'a'.repeat(26)}`;
    assert.deepEqual(problems(`resource "a" "b" {\n  x = 1\n  ${thirty}\n}\n`)[0], [29, 30, `Terraform syntax error near \`${thirty}\``]);
    assert.deepEqual(problems(`resource "a" "b" {\n  x = 1\n  ${thirty}a\n}\n`)[0], [29, 31, `Terraform syntax error near \`${thirty}…\``]);
    assert.deepEqual(problems('resource "a" "b" {\r\n  x = [1,\r\n'), [[0, 18, 'Terraform syntax error near `resource "a" "b" {`']]);
  });

  it('counts the problems past the first five exactly', () => {
    const fifth = (count: number) => problems(broken(count))[4]?.[2];
    assert.equal(fifth(3), 'Terraform syntax error near `]` (and 1 more syntax error)');
    assert.equal(fifth(12), 'Terraform syntax error near `]` (and 19 more syntax errors)');
    const five = problems(`${broken(2)}resource "a" "b" {\n  x = (1 +\n  y = 2\n}\n`);
    assert.equal(five.length, 5);
    assert.equal(five[4][2], 'Terraform syntax error near `= (1 +`');
  });
});

describe('Terraform (HCL) expression values', () => {
  before(async function () {
    this.timeout(60_000);
    await loadTerraformParser(WEB_TREE_SITTER_DIR, HCL_GRAMMAR_DIR);
  });

  it('conditionals, bare names, calls with and without a spread, directives, empty heredocs and signs', () => {
    const text = [
      'locals {',
      '  a = true ? 1 : 2',
      '  b = each',
      '  c = concat(var.a...)',
      '  d = upper(var.a, )',
      '  e = timestamp()',
      '  g = <<EOT',
      '%{ if true }x%{ endif }',
      'EOT',
      '  h = <<EOT',
      'EOT',
      '  i = -1',
      '  j = !1',
      '}',
      '',
    ].join('\n');
    const file = parseTerraform(text);
    assert.deepEqual(file.errors, []);
    const body = file.blocks[0].body;
    const shown = (key: string) => {
      const value = getEntry(body, key)?.value;
      if (value?.kind === 'scalar') return { value: value.value, text: slice(text, value) };
      const argument = asUnknown(value).argument;
      return { name: asUnknown(value).name, text: slice(text, value!), argument: argument && (argument.kind === 'unknown' ? argument.name : slice(text, argument)) };
    };
    assert.deepEqual(shown('a'), { name: 'conditional', text: 'true ? 1 : 2', argument: 'true ? 1 : 2' });
    assert.deepEqual(shown('b'), { name: 'reference', text: 'each', argument: 'each' });
    assert.deepEqual(shown('c'), { name: 'function:concat', text: 'concat(var.a...)', argument: undefined });
    assert.deepEqual(shown('d'), { name: 'function:upper', text: 'upper(var.a, )', argument: 'var' });
    assert.deepEqual(shown('e'), { name: 'function:timestamp', text: 'timestamp()', argument: undefined });
    assert.deepEqual(shown('g'), { name: 'interpolation', text: '<<EOT\n%{ if true }x%{ endif }\nEOT', argument: '%{ if true }x%{ endif }' });
    assert.deepEqual(shown('h'), { value: '', text: '' });
    assert.deepEqual(shown('i'), { value: -1, text: '-1' });
    assert.deepEqual(shown('j'), { name: 'operation', text: '!1', argument: '!1' });
  });
});

describe('tree-sitter grammar loading', () => {
  it('a grammar folder given with trailing slashes and backslashes still loads', async function () {
    this.timeout(60_000);
    const parser = await loadGrammar(WEB_TREE_SITTER_DIR, `${HCL_GRAMMAR_DIR}/\\/`, 'tree-sitter-terraform.wasm');
    try {
      const tree = parser.parse('a = 1\n');
      assert.equal(tree?.rootNode.type, 'config_file');
      tree?.delete();
    } finally {
      parser.delete();
    }
  });
});
