/**
 * What parseYaml and parseYamlDocuments tell the user on tiny inputs: the
 * lenient-reading note word for word, syntax errors on one line, intrinsic
 * names of tagged collections, keys that are not scalars.
 */
import assert from 'node:assert/strict';
import { parseYaml, parseYamlDocuments } from '../../src/core/parse/yaml';
import type { MapNode, SeqNode } from '../../src/core/parse/tree';

const NOTE_END = 'a quoted or bracketed value without indenting it past its key, as YAML 1.2 asks. PyYAML, js-yaml and cfn-lint read such lines as part of the value, and so does this analysis.';

describe('YAML reading: what the user is told', () => {
  it('the lenient note names the first moved line and counts the others', () => {
    assert.deepEqual(parseYaml('K: "a\nb"\n').notes, [{ span: { offset: 6, length: 0 }, severity: 'info', message: `YAML read leniently: line 2 continues ${NOTE_END}` }]);
    assert.deepEqual(parseYaml('K: "a\nb\nc"\n').notes.map((note) => note.message), [`YAML read leniently: line 2 and 1 more continue ${NOTE_END}`]);
    assert.deepEqual(parseYaml('K: "a\nb\nc\nd"\n').notes.map((note) => note.message), [`YAML read leniently: line 2 and 2 more continue ${NOTE_END}`]);
  });

  it('a stream is read leniently when any one of its documents needs it', () => {
    const result = parseYamlDocuments('a: 1\n---\nK: "x\ny"\n');
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.notes.map((note) => note.message), [`YAML read leniently: line 4 continues ${NOTE_END}`]);
    assert.equal(result.documents.length, 2);
  });

  it('a syntax error is its first line, without the source excerpt', () => {
    assert.deepEqual(parseYaml('a: [\n').errors, [{ span: { offset: 5, length: 0 }, message: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]' }]);
  });

  it('a repeated key is no syntax error', () => {
    assert.deepEqual(parseYaml('a: 1\na: 2\n').errors, []);
  });

  it('tagged collections: Ref and Condition keep their names, the others are Fn::', () => {
    const root = parseYaml('a: !Ref [x]\nb: !Condition [y]\nc: !GetAtt [r, p]\n').root as MapNode;
    assert.deepEqual(
      root.entries.map((entry) => (entry.value?.kind === 'unknown' ? entry.value.name : entry.value?.kind)),
      ['Ref', 'Condition', 'Fn::GetAtt'],
    );
  });

  it('a key that is not a scalar reads as the empty key', () => {
    assert.deepEqual((parseYaml('[a]: 1\n').root as MapNode).entries.map((entry) => entry.key), ['']);
  });

  it('a stream with a broken directive and no document reports the directive', () => {
    assert.deepEqual(parseYamlDocuments('%YAML\n'), {
      documents: [],
      errors: [{ span: { offset: 0, length: 5 }, message: 'YAML syntax error: %YAML directive should contain exactly one part' }],
      notes: [],
    });
  });

  it('a syntax error spans the text it is about', () => {
    assert.deepEqual(parseYaml('a: b: c\n').errors, [{ span: { offset: 3, length: 1 }, message: 'YAML syntax error: Nested mappings are not allowed in compact mappings' }]);
  });

  it('a comment right after a quoted value is read as most parsers read it, without an error', () => {
    const result = parseYaml('a: "x"#note\n');
    assert.deepEqual(result.errors, []);
    assert.deepEqual((result.root as MapNode).entries[0].value, { kind: 'scalar', value: 'x', offset: 3, length: 3 });
  });

  it('a YAML 1.1 value of another type keeps its text', () => {
    assert.deepEqual((parseYaml('%YAML 1.1\n---\nb: !!binary aGk=\n').root as MapNode).entries[0].value, { kind: 'scalar', value: 'hi', offset: 26, length: 4 });
  });

  it('a verbatim tag is no intrinsic, whatever it ends with', () => {
    const value = (parseYaml('x: !<xRef> [a]\n').root as MapNode).entries[0].value as SeqNode;
    assert.equal(value.kind, 'seq');
    assert.deepEqual(value.items.map((item) => item.kind), ['scalar']);
  });

  it('a key without a value spans the key alone', () => {
    const root = parseYaml('{a, b: 1}\n').root as MapNode;
    assert.deepEqual(root.entries.map((entry) => [entry.key, entry.span, entry.value?.kind]), [
      ['a', { offset: 1, length: 1 }, undefined],
      ['b', { offset: 4, length: 4 }, 'scalar'],
    ]);
  });
});
