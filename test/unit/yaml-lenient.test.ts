/**
 * YAML that every other tool accepts (issue 11, class 5): multi-line quoted
 * scalars and flow collections whose continuation lines sit at (or left of)
 * their key's indentation are read as PyYAML, js-yaml and cfn-lint read them,
 * with exact spans, and reported as information at most; YAML that no
 * mainstream parser accepts still stops the analysis.
 */
import assert from 'node:assert/strict';
import * as yaml from 'js-yaml';
import { analyze } from '../../src/core';
import { parseYaml, parseYamlDocuments } from '../../src/core/parse/yaml';
import { relayout } from '../../src/core/parse/yaml-relayout';
import type { Node } from '../../src/core/parse/tree';
import { analyzeFixture, lineOf, slice } from './helpers';

/** The tree as plain data, intrinsics as `<Fn::Sub>`, for comparing with js-yaml. */
function plain(node: Node | undefined): unknown {
  if (!node) return null;
  if (node.kind === 'map') return Object.fromEntries(node.entries.map((entry) => [entry.key, plain(entry.value)]));
  if (node.kind === 'seq') return node.items.map(plain);
  if (node.kind === 'scalar') return node.value;
  return `<${node.name}>`;
}

const INTRINSICS = ['Ref', 'Sub', 'GetAtt', 'Join'];
const schema = yaml.DEFAULT_SCHEMA.extend(
  (['scalar', 'sequence', 'mapping'] as const).flatMap((kind) => INTRINSICS.map((name) => new yaml.Type(`!${name}`, { kind, construct: () => `<${name === 'Ref' ? 'Ref' : `Fn::${name}`}>` }))),
);

/** Every key and scalar span slices the original text to what the parser read there. */
function assertSpansPointIntoText(text: string, node: Node | undefined): void {
  if (!node) return;
  if (node.kind === 'map') {
    for (const entry of node.entries) {
      assert.equal(slice(text, entry.keySpan).replace(/^["']|["']$/g, ''), entry.key);
      assertSpansPointIntoText(text, entry.value);
    }
  } else if (node.kind === 'seq') node.items.forEach((item) => assertSpansPointIntoText(text, item));
  else if (node.kind === 'scalar' && typeof node.value === 'string') {
    const written = slice(text, node);
    const folded = written.replace(/^["']|["']$/g, '').replace(/\s*\n\s*/g, ' ');
    assert.equal(folded, node.value, `span ${JSON.stringify(written)}`);
  }
}

const SHAPES: Record<string, string> = {
  'double-quoted': 'A:\n  Description: "first line\n  continues here"\n  Runtime: python3.12\n',
  'single-quoted': "A:\n  Description: 'first line\n  continues here'\n  Runtime: python3.12\n",
  'left of the key': 'A:\n  Description: "first line\ncontinues at column 0"\n  Runtime: python3.12\n',
  'flow sequence': 'A:\n  Items: [a,\n  b]\n  Runtime: python3.12\n',
  'flow sequence, items and end at the key': 'A:\n  Items: [\n  a, b\n  ]\n  Runtime: python3.12\n',
  'flow map': 'A:\n  Map: {"x": 1,\n  "y": 2}\n  Runtime: python3.12\n',
  'nested flow with plain scalars': 'A:\n  Key: [a, {b: 1,\n  c: two words}]\n  Runtime: x\n',
  'quoted scalar inside a flow': 'A:\n  Key: ["first\n  second", b]\n  Runtime: x\n',
  'tagged JSON policy': "A:\n  Value: !Sub '{\n      \"x\": \"${AWS::Region}\"\n  }'\n  Runtime: python3.12\n",
  'sequence item': '- Description: "first\n  second"\n  Runtime: x\n',
  'top level': 'Key: "first\nsecond"\nOther: [1,\n2]\n',
  'CRLF line ends': 'A:\r\n  Description: "first line\r\n  continues here"\r\n  Runtime: python3.12\r\n',
};

describe('YAML that PyYAML, js-yaml and cfn-lint accept', () => {
  describe('each shape reads as js-yaml reads it, with one information note and exact spans', () => {
    for (const [name, text] of Object.entries(SHAPES)) {
      it(name, () => {
        const parsed = parseYaml(text);
        assert.deepEqual(parsed.errors, []);
        assert.equal(parsed.notes.length, 1);
        assert.equal(parsed.notes[0].severity, 'info');
        assert.match(parsed.notes[0].message, /^YAML read leniently: line \d+/);
        assert.deepEqual(plain(parsed.root), yaml.load(text, { schema }));
        assertSpansPointIntoText(text, parsed.root);
      });
    }
  });

  it('valid YAML is parsed once, as before, with no note', () => {
    for (const text of ['A:\n  Description: "first line\n    continues here"\n', 'A:\n  B: |\n    "unbalanced quote\n  C: 1\n']) {
      const parsed = parseYaml(text);
      assert.deepEqual([parsed.errors, parsed.notes], [[], []]);
      assert.deepEqual(plain(parsed.root), yaml.load(text, { schema }));
    }
  });

  it('block scalars are never touched, even when they hold quotes and brackets', () => {
    const text = 'A:\n  Script: |\n    echo "it\'s [open\n  Description: "first\n  second"\n';
    const layout = relayout(text)!;
    assert.deepEqual(layout.insertions.map((insertion) => insertion.line), [5]);
    const parsed = parseYaml(text);
    assert.deepEqual(plain(parsed.root), { A: { Script: 'echo "it\'s [open\n', Description: 'first second' } });
  });

  it('YAML that no mainstream parser accepts still stops the analysis with an error', () => {
    for (const text of [
      'A:\n  Description: first line\n  continues here\n  Runtime: python3.12\n',
      "Description: 'quoted' (and then more)\nOther: 1\n",
      'spec:\n  from:\n    - <EDIT: put a selector here>\n        <EDIT: and here>\n',
      'A:\n  Description: "never closed\n',
    ]) {
      assert.throws(() => yaml.load(text, { schema }), yaml.YAMLException, `precondition: js-yaml rejects ${JSON.stringify(text)}`);
      const parsed = parseYaml(text);
      assert.ok(parsed.errors.length > 0, JSON.stringify(text));
      assert.deepEqual(parsed.notes, []);
    }
  });

  it('offsets map back through every moved line', () => {
    const text = 'A:\n  B: "x\n  y\nz"\n  C: 1\n';
    const layout = relayout(text)!;
    assert.deepEqual(
      layout.insertions.map(({ line, count }) => [line, count]),
      [
        [3, 1],
        [4, 3],
      ],
    );
    for (let offset = 0; offset <= text.length; offset++) {
      const relaid = offset + layout.insertions.filter((insertion) => insertion.offset <= offset).reduce((sum, insertion) => sum + insertion.count, 0);
      assert.equal(layout.toOriginal(relaid), offset, `offset ${offset}`);
    }
  });

  it('a relayout that would change the structure is refused: the strict errors stand', () => {
    // The unbalanced quote opens a value only in the scanner's eyes: moving the next key would nest it.
    const text = 'A:\n  B: x\n  "C: 1\n  D: 2\n';
    const parsed = parseYaml(text);
    assert.ok(parsed.errors.length > 0);
    assert.deepEqual(parsed.notes, []);
  });

  it('a huge indentation over many lines does not make the copy grow beyond the text', () => {
    const key = `${' '.repeat(5000)}K: "open\n`;
    const text = `A:\n${key}${'x\n'.repeat(2000)}"\n`;
    assert.equal(relayout(text), undefined);
    assert.doesNotThrow(() => parseYaml(text));
  });

  describe('end to end', () => {
    it('a template with lenient lines is analysed whole: findings at exact spans, the note as information', () => {
      const { text, analysis } = analyzeFixture('test/fixtures/yaml-lenient/template.yaml');
      assert.deepEqual(
        analysis.errors.map((error) => [error.severity, lineOf(text, error.span.offset)]),
        [['info', 3]],
      );
      const ingress = analysis.findings.find((finding) => finding.ruleId === 'sg-world-open-admin-port')!;
      assert.equal(slice(text, ingress.span), 'CidrIp: 0.0.0.0/0');
      // Not partial: a setting left out still counts (point-in-time recovery on the table).
      assert.ok(analysis.findings.some((finding) => finding.ruleId === 'dynamodb-pitr-off' && finding.resource === 'Table'));
      const keySchema = analysis.settings.find((setting) => setting.path === 'Properties.KeySchema[0].KeyType')!;
      assert.equal(slice(text, keySchema.key), '"KeyType"');
      assert.equal(analysis.resources.length, 3);
    });

    it('a .template in YAML flow style (single quotes, trailing commas) is read as YAML, as CloudFormation reads it', () => {
      const text = "{\n  'AWSTemplateFormatVersion': '2010-09-09',\n  \"Resources\": {\n    \"Q\": { \"Type\": 'AWS::SQS::Queue', \"Properties\": { \"SqsManagedSseEnabled\": false, }, },\n  },\n}\n";
      assert.throws(() => JSON.parse(text));
      const analysis = analyze(text, 'stack.template');
      assert.deepEqual(analysis.errors, []);
      assert.deepEqual(
        analysis.findings.map((finding) => [finding.ruleId, slice(text, finding.span)]),
        [['sqs-sse-off', '"SqsManagedSseEnabled": false']],
      );
      // A .json file stays JSON: there the same text is a syntax error.
      assert.match(analyze(text, 'stack.json').errors[0].message, /JSON syntax error/);
    });

    it('Kubernetes streams and Serverless files read the same way', () => {
      const manifests = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  note: "one\n  two"\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{\n    name: c, image: "nginx:1.27"\n  }]\n';
      const stream = parseYamlDocuments(manifests);
      assert.deepEqual(stream.errors, []);
      assert.equal(stream.notes.length, 1);
      assert.deepEqual(stream.documents.map((document) => plain(document.root)), yaml.loadAll(manifests));
      const pod = analyze(manifests, 'pod.yaml');
      assert.equal(pod.kind, 'kubernetes');
      assert.equal(pod.resources.length, 2);
      assert.deepEqual(
        pod.errors.map((error) => error.severity),
        ['info'],
      );
      const serverless = analyze('service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  environment:\n    GREETING: "hello\n    world"\n', 'serverless.yml');
      assert.deepEqual(
        serverless.errors.map((error) => error.severity),
        ['info'],
      );
    });
  });
});
