/**
 * What parseYaml and parseYamlDocuments give the formats (src/core/parse/yaml.ts): values with
 * their types and exact spans, CloudFormation's short-form tags as deploy-time values with their
 * full names, aliases, the depth guard, and each document's span in a stream.
 */
import assert from 'node:assert/strict';
import { parseYaml, parseYamlDocuments } from '../../src/core/parse/yaml';
import { MAX_DEPTH } from '../../src/core/parse/limits';
import type { Node } from '../../src/core/parse/tree';

/** A node as `kind[name](value)@offset+length`, children nested: every field a format reads. */
function show(node: Node | undefined, text: string): unknown {
  if (!node) return undefined;
  const at = `@${node.offset}+${node.length}`;
  switch (node.kind) {
    case 'scalar':
      return `${JSON.stringify(node.value)}${at}`;
    case 'unknown':
      return { [`${node.name}${at}`]: show(node.argument, text) ?? null };
    case 'seq':
      return { [`seq${at}`]: node.items.map((item) => show(item, text)) };
    case 'map':
      return {
        [`map${at}`]: node.entries.map((entry) => ({
          [`${JSON.stringify(entry.key)} ${text.slice(entry.keySpan.offset, entry.keySpan.offset + entry.keySpan.length)}@${entry.keySpan.offset} ${entry.span.offset}+${entry.span.length}`]: show(entry.value, text) ?? null,
        })),
      };
  }
}

describe('YAML parsing for the formats', () => {
  it('scalars keep their type and exact span; an empty value is null where it would start', () => {
    const text = 'n: 12\nt: true\nz: null\ns: text\nd: 2001-12-14\ne:\n~: tilde\n';
    const { root, errors } = parseYaml(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(show(root, text), {
      'map@0+56': [
        { '"n" n@0 0+5': '12@3+2' },
        { '"t" t@6 6+7': 'true@9+4' },
        { '"z" z@14 14+7': 'null@17+4' },
        { '"s" s@22 22+7': '"text"@25+4' },
        { '"d" d@30 30+13': '"2001-12-14"@33+10' },
        { '"e" e@44 44+2': 'null@46+0' },
        { '"" ~@47 47+8': '"tilde"@50+5' },
      ],
    });
  });

  it('short-form tags are deploy-time values with their full names; an unknown tag is a plain value', () => {
    const text = 'a: !Ref Db\nb: !Condition IsProd\nc: !Sub "x-${Db}"\nd: !GetAtt Db.Arn\ne: !If [IsProd, 1, 2]\nf: !Base64 {Ref: Db}\ng: !Foo [1]\n';
    const { root, errors } = parseYaml(text);
    assert.deepEqual(errors, []);
    const values = (root as Extract<Node, { kind: 'map' }>).entries.map((entry) => show(entry.value, text));
    assert.deepEqual(values, [
      { 'Ref@8+2': '"Db"@8+2' },
      { 'Condition@25+6': '"IsProd"@25+6' },
      { 'Fn::Sub@40+9': '"x-${Db}"@40+9' },
      { 'Fn::GetAtt@61+6': '"Db.Arn"@61+6' },
      { 'Fn::If@75+14': { 'seq@75+14': ['"IsProd"@76+6', '1@84+1', '2@87+1'] } },
      { 'Fn::Base64@101+9': { 'map@101+9': [{ '"Ref" Ref@102 102+7': '"Db"@107+2' }] } },
      { 'seq@119+3': ['1@120+1'] },
    ]);
  });

  it('long-form intrinsics (JSON style) are deploy-time values too; an anchored value is itself, an alias is unknown, not a copy', () => {
    const text = 'a: {"Fn::Sub": "x"}\nb: &anchor 1\nc: *anchor\nd: {Other: 1}\n';
    const values = (parseYaml(text).root as Extract<Node, { kind: 'map' }>).entries.map((entry) => show(entry.value, text));
    assert.deepEqual(values, [{ 'Fn::Sub@3+16': '"x"@15+3' }, '1@31+1', { 'alias@36+7': null }, { 'map@47+10': [{ '"Other" Other@48 48+8': '1@55+1' }] }]);
  });

  it(`values nested deeper than ${MAX_DEPTH} levels are cut off, with one note however many branches reach that deep`, () => {
    const depth = MAX_DEPTH + 5;
    const chain = (name: string) => `${Array.from({ length: depth }, (_, level) => `${'  '.repeat(level)}${name}${level}:`).join('\n')} leaf\n`;
    const text = chain('a') + chain('b');
    const { root, errors } = parseYaml(text);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].message, `Nested more than ${MAX_DEPTH} levels deep; deeper values are not analysed.`);
    let node = root;
    let levels = 0;
    while (node?.kind === 'map') {
      node = node.entries[0].value;
      levels++;
    }
    assert.equal(levels, MAX_DEPTH + 1);
    assert.equal(node?.kind === 'unknown' && node.name, 'too-deep');
    assert.equal(errors[0].span.offset, node!.offset);
  });

  it('a stream: one root per document, the first document’s span from its start; an empty stream has none', () => {
    const text = 'a: 1\n---\nb: 2\n---\n# only a comment\nc: 3\n';
    const { documents, errors, notes } = parseYamlDocuments(text);
    assert.deepEqual([errors, notes], [[], []]);
    assert.deepEqual(
      documents.map((doc) => show(doc.root, text)),
      [{ 'map@0+5': [{ '"a" a@0 0+4': '1@3+1' }] }, { 'map@9+5': [{ '"b" b@9 9+4': '2@12+1' }] }, { 'map@35+5': [{ '"c" c@35 35+4': '3@38+1' }] }],
    );
    assert.deepEqual(documents[0].span, { offset: 0, length: 5 });
    assert.ok(documents[2].span.offset + documents[2].span.length === text.length, 'the last document ends with the text');
    assert.deepEqual(parseYamlDocuments(''), { documents: [], errors: [], notes: [] });
    assert.deepEqual(parseYamlDocuments('# nothing\n'), { documents: [], errors: [], notes: [] });
  });
});
