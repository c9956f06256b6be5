import assert from 'node:assert/strict';
import { parseYaml } from '../../src/core/parse/yaml';
import { parseJson } from '../../src/core/parse/json';
import { getEntry, getPath, type Node } from '../../src/core/parse/tree';
import { slice } from './helpers';

function entrySpans(text: string, root: Node | undefined, path: string): { key: string; entry: string } {
  const segments = path.split('.');
  const parent = segments.length > 1 ? getPath(root, segments.slice(0, -1).join('.')) : root;
  const entry = getEntry(parent, segments[segments.length - 1]);
  assert.ok(entry, `no entry at ${path}`);
  return { key: slice(text, entry.keySpan), entry: slice(text, entry.span) };
}

describe('YAML parsing keeps exact source positions', () => {
  it('block style, at any depth', () => {
    const text = 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: false\n';
    const { root, errors } = parseYaml(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(entrySpans(text, root, 'Resources.Db.Properties.StorageEncrypted'), { key: 'StorageEncrypted', entry: 'StorageEncrypted: false' });
  });

  it('flow style maps and sequences', () => {
    const text = 'Resources: { Sg: { Type: "AWS::EC2::SecurityGroup", Properties: { SecurityGroupIngress: [ { CidrIp: 0.0.0.0/0, FromPort: 22 } ] } } }\n';
    const { root, errors } = parseYaml(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(entrySpans(text, root, 'Resources.Sg.Properties.SecurityGroupIngress[0].CidrIp'), { key: 'CidrIp', entry: 'CidrIp: 0.0.0.0/0' });
  });

  it('CRLF line endings and tabs inside values', () => {
    const text = 'Resources:\r\n  B:\r\n    Type: AWS::S3::Bucket\r\n    Properties:\r\n      BucketName: "a\tb"\r\n';
    const { root } = parseYaml(text);
    assert.deepEqual(entrySpans(text, root, 'Resources.B.Properties.BucketName'), { key: 'BucketName', entry: 'BucketName: "a\tb"' });
  });

  it('a byte-order mark does not shift offsets', () => {
    const text = '\uFEFFResources:\n  B:\n    Type: AWS::S3::Bucket\n';
    const { root } = parseYaml(text);
    assert.equal(entrySpans(text, root, 'Resources.B.Type').entry, 'Type: AWS::S3::Bucket');
  });

  it('short-form intrinsics are values, never errors', () => {
    const text = [
      'Resources:',
      '  F:',
      '    Type: AWS::Lambda::Function',
      '    Properties:',
      '      Role: !GetAtt Role.Arn',
      '      Handler: !Sub "${Name}.handler"',
      '      Runtime: !If [IsOld, nodejs12.x, nodejs20.x]',
      '      Layers: !Split [",", !ImportValue Layers]',
      '      Environment: { Variables: !FindInMap [Map, !Ref "AWS::Region", Vars] }',
      '      Code: { ZipFile: !Join ["", [a, b]] }',
      '      Tags: !Transform { Name: AWS::Include, Parameters: { Location: s3://x } }',
    ].join('\n');
    const { root, errors } = parseYaml(text);
    assert.deepEqual(errors, []);
    assert.equal(getPath(root, 'Resources.F.Properties.Role')?.kind, 'unknown');
    const runtime = getPath(root, 'Resources.F.Properties.Runtime');
    assert.equal(runtime?.kind === 'unknown' && runtime.name, 'Fn::If');
  });

  it('an alias bomb is never expanded', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const { root } = parseYaml(lines.join('\n'));
    const last = getPath(root, 'j');
    assert.equal(last?.kind, 'seq');
    assert.equal(last.kind === 'seq' && last.items[0].kind, 'unknown');
  });

  it('reports a syntax error with its position', () => {
    const text = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n   Properties: [\n';
    const { errors } = parseYaml(text);
    assert.ok(errors.length >= 1);
    assert.match(errors[0].message, /^YAML syntax error: /);
    assert.ok(errors[0].span.offset > 0 && errors[0].span.offset <= text.length);
  });
});

describe('JSON parsing keeps exact source positions', () => {
  it('nested properties and arrays', () => {
    const text = '{\n  "Resources": {\n    "Db": {\n      "Type": "AWS::RDS::DBInstance",\n      "Properties": { "StorageEncrypted": false, "Tags": [ { "Key": "a" } ] }\n    }\n  }\n}\n';
    const { root, errors } = parseJson(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(entrySpans(text, root, 'Resources.Db.Properties.StorageEncrypted'), { key: '"StorageEncrypted"', entry: '"StorageEncrypted": false' });
    assert.deepEqual(entrySpans(text, root, 'Resources.Db.Properties.Tags[0].Key'), { key: '"Key"', entry: '"Key": "a"' });
  });

  it('long-form intrinsics become unknown values', () => {
    const { root } = parseJson('{"A": {"Ref": "X"}, "B": {"Fn::GetAtt": ["R", "Arn"]}, "C": {"Ref": "X", "Other": 1}}');
    assert.equal(getPath(root, 'A')?.kind, 'unknown');
    assert.equal(getPath(root, 'B')?.kind, 'unknown');
    assert.equal(getPath(root, 'C')?.kind, 'map');
  });

  it('nesting 10,000 levels deep does not crash', () => {
    const text = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const { errors } = parseJson(text);
    assert.ok(errors.length >= 1);
  });
});
