import assert from 'node:assert/strict';
import { parseBicep } from '../../src/core/parse/bicep';
import type { Node } from '../../src/core/parse/tree';
import { prepareBicepParser } from './helpers';

/** The value of `var name = …` in a one-variable file, and the text it was read from. */
function valueOf(source: string): { value: Node | undefined; at: (part: string) => number } {
  const text = `var v = ${source}`;
  return { value: parseBicep(text).variables.get('v')?.value, at: (part) => text.indexOf(part) };
}

describe('Bicep parse: declarations and values with exact spans', () => {
  before(prepareBicepParser);

  it('parameters keep their own decorators (sys. cut off) and a default only after a type', () => {
    const text = "@secure()\n@sys.description('x')\nparam p string = 'd'\nparam q int\nparam r string";
    const file = parseBicep(text);
    assert.deepEqual([...file.parameters.values()], [
      { name: 'p', nameSpan: { offset: text.indexOf('p string'), length: 1 }, decorators: ['secure', 'description'], defaultValue: { kind: 'scalar', value: 'd', offset: text.indexOf("'d'"), length: 3 } },
      { name: 'q', nameSpan: { offset: text.indexOf('q int'), length: 1 }, decorators: [], defaultValue: undefined },
      { name: 'r', nameSpan: { offset: text.indexOf('r string'), length: 1 }, decorators: [], defaultValue: undefined },
    ]);
    assert.deepEqual(file.variables.size, 0);
    assert.deepEqual(file.errors, []);
  });

  it('variables: literals are scalars, names and references are unknown with the text as written', () => {
    let v = valueOf('1');
    assert.deepEqual(v.value, { kind: 'scalar', value: 1, offset: 8, length: 1 });
    assert.deepEqual(valueOf('true').value, { kind: 'scalar', value: true, offset: 8, length: 4 });
    assert.deepEqual(valueOf('false').value, { kind: 'scalar', value: false, offset: 8, length: 5 });
    assert.deepEqual(valueOf('null').value, { kind: 'scalar', value: null, offset: 8, length: 4 });
    assert.deepEqual(valueOf('x').value, { kind: 'unknown', name: 'identifier', argument: { kind: 'scalar', value: 'x', offset: 8, length: 1 }, offset: 8, length: 1 });
    assert.deepEqual(valueOf('(1)').value, { kind: 'scalar', value: 1, offset: 9, length: 1 });
    assert.deepEqual(valueOf('((1), (2))').value, { kind: 'unknown', name: 'expression', argument: undefined, offset: 8, length: 10 });
    assert.deepEqual(valueOf('x.y').value, { kind: 'unknown', name: 'reference', argument: { kind: 'scalar', value: 'x.y', offset: 8, length: 3 }, offset: 8, length: 3 });
    assert.deepEqual(valueOf('x[0]').value, { kind: 'unknown', name: 'reference', argument: { kind: 'scalar', value: 'x[0]', offset: 8, length: 4 }, offset: 8, length: 4 });
    v = valueOf("'a${b}c'");
    assert.deepEqual(v.value, { kind: 'unknown', name: 'interpolation', argument: { kind: 'scalar', value: "'a${b}c'", offset: 8, length: 8 }, offset: 8, length: 8 });
  });

  it('variables: calls are named without sys., expressions by their kind', () => {
    assert.deepEqual(valueOf("sys.concat('a')").value, { kind: 'unknown', name: 'function:concat', argument: undefined, offset: 8, length: 15 });
    assert.deepEqual(valueOf("concat('a', 'b')").value, { kind: 'unknown', name: 'function:concat', argument: undefined, offset: 8, length: 16 });
    assert.deepEqual(valueOf('a ? 1 : 2').value, { kind: 'unknown', name: 'conditional', argument: undefined, offset: 8, length: 9 });
    assert.deepEqual(valueOf('1 + 2').value, { kind: 'unknown', name: 'operation', argument: undefined, offset: 8, length: 5 });
    assert.deepEqual(valueOf('!x').value, { kind: 'unknown', name: 'operation', argument: undefined, offset: 8, length: 2 });
    assert.deepEqual(valueOf('[for i in r: i]').value, { kind: 'unknown', name: 'for', argument: undefined, offset: 8, length: 15 });
    assert.deepEqual(valueOf('(x) => x').value, { kind: 'unknown', name: 'lambda', argument: undefined, offset: 8, length: 8 });
  });

  it('strings are unescaped; verbatim strings are not', () => {
    assert.deepEqual(valueOf("'''raw\\n'''").value, { kind: 'scalar', value: 'raw\\n', offset: 8, length: 11 });
    assert.deepEqual(valueOf("'e\\n\\u{41}\\q\\\\'").value, { kind: 'scalar', value: 'e\nA\\q\\', offset: 8, length: 15 });
    assert.deepEqual(valueOf("''").value, { kind: 'scalar', value: '', offset: 8, length: 2 });
    // A value broken by a syntax error is not read.
    assert.deepEqual(valueOf("'a''b'").value, { kind: 'unknown', name: 'error', argument: undefined, offset: 8, length: 3 });
  });

  it('resources: symbol, type without API version, existing, body under if and for, nested children', () => {
    const text = [
      "resource s 'A.B/c@2020-01-01' existing = {",
      "  name: 'n'",
      '}',
      "resource t 'A.B/c' = if (x) {",
      '  properties: { a: 1 }',
      "  resource k 'kids@1' = {",
      "    name: 'k'",
      '  }',
      '}',
      "resource u 'A.B/c@1' = [for i in r: if (y) {",
      "  name: 'u'",
      '}]',
      "resource w 'A.B/c@1' = [for i in r: {",
      '  x: s::k',
      '}]',
      "resource z 'A/${x}@1' = {}",
    ].join('\n');
    const file = parseBicep(text);
    const at = (part: string) => text.indexOf(part);
    assert.deepEqual(
      file.resources.map((r) => ({ symbol: r.symbol, symbolSpan: r.symbolSpan, type: r.type, typeSpan: r.typeSpan, existing: r.existing, body: r.body && { offset: r.body.offset, keys: r.body.entries.map((e) => e.key) }, children: r.children.map((c) => `${c.symbol} ${c.type} ${c.body?.entries.map((e) => e.key).join()}`) })),
      [
        { symbol: 's', symbolSpan: { offset: at('s '), length: 1 }, type: 'A.B/c', typeSpan: { offset: at("'A.B/c@2020"), length: 18 }, existing: true, body: { offset: at('{'), keys: ['name'] }, children: [] },
        { symbol: 't', symbolSpan: { offset: at('t '), length: 1 }, type: 'A.B/c', typeSpan: { offset: at("'A.B/c'"), length: 7 }, existing: false, body: { offset: at('(x) {') + 4, keys: ['properties'] }, children: ['k kids name'] },
        { symbol: 'u', symbolSpan: { offset: at('u '), length: 1 }, type: 'A.B/c', typeSpan: { offset: at("'A.B/c@1' = [for i in r: if"), length: 9 }, existing: false, body: { offset: at('(y) {') + 4, keys: ['name'] }, children: [] },
        { symbol: 'w', symbolSpan: { offset: at('w '), length: 1 }, type: 'A.B/c', typeSpan: { offset: at("'A.B/c@1' = [for i in r: {"), length: 9 }, existing: false, body: { offset: at('r: {') + 3, keys: ['x'] }, children: [] },
      ],
    );
    // A nested resource's own span, and a reference to it.
    assert.deepEqual(file.resources[1].children[0].symbolSpan, { offset: at('k '), length: 1 });
    assert.deepEqual(file.resources[3].body?.entries[0].value, { kind: 'unknown', name: 'reference', argument: { kind: 'scalar', value: 's::k', offset: at('s::k'), length: 4 }, offset: at('s::k'), length: 4 });
    assert.deepEqual(file.errors, []);
  });

  it('a parameters file says which template it is for and reads param as a variable', () => {
    const file = parseBicep("using './main.bicep'\nparam a = 1\n", { parameters: true });
    assert.deepEqual(file.using, { path: './main.bicep', span: { offset: 6, length: 14 } });
    assert.deepEqual(file.variables.get('a'), { name: 'a', nameSpan: { offset: 27, length: 1 }, value: { kind: 'scalar', value: 1, offset: 31, length: 1 } });
  });

  it('syntax errors: where they are, a missing token after the last one, one line of text, at most five', () => {
    let text = "resource s 'A@1' = {\n  name: \n}\n";
    let file = parseBicep(text);
    assert.deepEqual(file.errors, [{ span: { offset: text.indexOf('name:') + 5, length: 0 }, message: 'Bicep syntax error: missing identifier' }]);
    assert.deepEqual(file.resources[0].body?.entries[0].value, { kind: 'unknown', name: 'error', argument: undefined, offset: text.indexOf('name:') + 5, length: 0 });

    text = 'param = \nparam = \nparam = \n';
    assert.deepEqual(parseBicep(text).errors, [{ span: { offset: 0, length: 8 }, message: 'Bicep syntax error near `param =`' }]);

    text = `var x = '${'a'.repeat(40)}' 'b'`;
    assert.deepEqual(parseBicep(text).errors, [{ span: { offset: 8, length: 42 }, message: `Bicep syntax error near \`'${'a'.repeat(29)}…\`` }]);

    // Thirty characters are quoted whole.
    text = `var x = '${'a'.repeat(28)}' 'b'`;
    assert.deepEqual(parseBicep(text).errors, [{ span: { offset: 8, length: 30 }, message: `Bicep syntax error near \`'${'a'.repeat(28)}'\`` }]);

    text = `resource s 'A@1' = {\n${'  a: 1 ]\n'.repeat(7)}}\n`;
    file = parseBicep(text);
    const brackets = [...text.matchAll(/\]/g)].map((match) => match.index);
    assert.deepEqual(
      file.errors,
      brackets.slice(0, 5).map((offset, i) => ({ span: { offset, length: 1 }, message: `Bicep syntax error near \`]\`${i === 4 ? ' (and 2 more syntax errors)' : ''}` })),
    );
    text = `resource s 'A@1' = {\n${'  a: 1 ]\n'.repeat(6)}}\n`;
    assert.equal(parseBicep(text).errors[4].message, 'Bicep syntax error near `]` (and 1 more syntax error)');
  });

  it('comments between the parts of a declaration are skipped', () => {
    const text = "param p /* c */ string = /* d */ 'd'\nvar v = /* c */ 1";
    const file = parseBicep(text);
    assert.deepEqual(file.parameters.get('p')?.defaultValue, { kind: 'scalar', value: 'd', offset: text.indexOf("'d'"), length: 3 });
    assert.deepEqual(file.variables.get('v')?.value, { kind: 'scalar', value: 1, offset: text.length - 1, length: 1 });
  });

  it('spreads: an object keeps them apart from its entries, an array as items', () => {
    let v = valueOf('{ ...x, a: 1 }');
    assert.deepEqual(v.value, {
      kind: 'map',
      entries: [{ key: 'a', keySpan: { offset: v.at('a:'), length: 1 }, value: { kind: 'scalar', value: 1, offset: v.at('1'), length: 1 }, span: { offset: v.at('a:'), length: 4 } }],
      spreads: [{ kind: 'unknown', name: 'spread', argument: undefined, offset: v.at('...x'), length: 4 }],
      offset: 8,
      length: 14,
    });
    v = valueOf('[ 1, ...x ]');
    assert.deepEqual(v.value, { kind: 'seq', items: [{ kind: 'scalar', value: 1, offset: 10, length: 1 }, { kind: 'unknown', name: 'spread', argument: undefined, offset: v.at('x'), length: 1 }], offset: 8, length: 11 });
  });

  it('arrays and objects keep items, keys (quoted or not) and spans', () => {
    const array = "[\n  1\n  'x'\n]";
    assert.deepEqual(valueOf(array).value, { kind: 'seq', items: [{ kind: 'scalar', value: 1, offset: 12, length: 1 }, { kind: 'scalar', value: 'x', offset: 16, length: 3 }], offset: 8, length: 13 });
    const v = valueOf("{ 'k': 1, k2: 'v' }");
    assert.deepEqual(v.value, {
      kind: 'map',
      entries: [
        { key: 'k', keySpan: { offset: v.at("'k'"), length: 3 }, value: { kind: 'scalar', value: 1, offset: v.at('1'), length: 1 }, span: { offset: v.at("'k'"), length: 6 } },
        { key: 'k2', keySpan: { offset: v.at('k2'), length: 2 }, value: { kind: 'scalar', value: 'v', offset: v.at("'v'"), length: 3 }, span: { offset: v.at('k2'), length: 7 } },
      ],
      offset: 8,
      length: 19,
    });
  });
});
