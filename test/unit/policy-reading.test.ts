/**
 * Reading a policy document and evaluating it, called directly
 * (src/core/clouds/aws/policy.ts): deploy-time wrappers and `!If` branches,
 * Terraform statement and condition blocks, principals, values known only at
 * deploy time, the action and resource arithmetic of Deny, and IAM globs.
 */
import assert from 'node:assert/strict';
import { entriesAt, globCovers, globsOverlap, judgeAllowCondition, publicGrants, readPolicy } from '../../src/core/clouds/aws/policy';
import { parseJson } from '../../src/core/parse/json';
import { parseYaml } from '../../src/core/parse/yaml';
import type { Node } from '../../src/core/parse/tree';
import { slice } from './helpers';

const yaml = (text: string) => parseYaml(text).root;
const json = (text: string) => parseJson(text).root;
const grants = (text: string) => publicGrants(readPolicy(yaml(text))!).map((grant) => grant.actions);

describe('policy documents: reading', () => {
  it('jsonencode holds the document itself, up to the nesting limit', () => {
    const document = json('{ "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject" } ] }');
    const wrap = (node: Node | undefined, times: number): Node | undefined =>
      times === 0 ? node : wrap({ kind: 'unknown', name: 'function:jsonencode', argument: node, offset: 0, length: 0 }, times - 1);
    assert.equal(readPolicy(wrap(document, 1))?.statements[0].effect, 'Allow');
    assert.equal(readPolicy(wrap(document, 12)), undefined);
  });

  it('both branches of !If are read, a NoValue branch adds nothing, and anything else is only known at deploy time', () => {
    const text = `Statement:
  - !If [Prod, {Effect: Deny, Action: "*"}, !Ref AWS::NoValue]
  - !If [Other, {Effect: Allow}, {Effect: Deny}]
`;
    const document = readPolicy(yaml(text))!;
    assert.deepEqual(document.statements.map((statement) => [statement.effect, statement.when, slice(text, statement.span)]), [
      ['Deny', ['Prod'], '{Effect: Deny, Action: "*"}'],
      ['Allow', ['Other'], '{Effect: Allow}'],
      ['Deny', ['Other (false)'], '{Effect: Deny}'],
    ]);
    assert.equal(document.incomplete, false);
    // A !Sub whose text happens to read AWS::NoValue is still a statement known only at deploy time.
    assert.equal(readPolicy(yaml('Statement:\n  - !If [C, !Sub "AWS::NoValue", {Effect: Allow}]\n'))!.incomplete, true);
    assert.equal(readPolicy(yaml('Statement:\n  - !If NotAList\n'))!.incomplete, true);
    const noArgument: Node = { kind: 'unknown', name: 'Fn::If', argument: undefined, offset: 0, length: 0 };
    assert.equal(readPolicy({ kind: 'seq', items: [noArgument], offset: 0, length: 0 })!.incomplete, true);
  });

  it('an Effect that is neither Allow nor Deny is no effect, even on a Terraform-style statement', () => {
    assert.equal(readPolicy(yaml('Statement:\n  - Effect: Maybe\n    actions: [s3:GetObject]\n'))!.statements[0].effect, undefined);
    assert.equal(readPolicy(yaml('Statement:\n  - actions: [s3:GetObject]\n'))!.statements[0].effect, 'Allow');
  });

  it('only ${…} with its closing brace is a deploy-time value', () => {
    const document = readPolicy(yaml('Statement:\n  - Effect: Allow\n    Resource: ["a}", "${x", "${x}"]\n'))!;
    assert.deepEqual(document.statements[0].resource!.values.map((value) => [value.text, value.unknown]), [
      ['a}', false],
      ['${x', false],
      ['${x}', true],
    ]);
  });

  it('Terraform condition blocks: test, variable and values; a block without values is unknown at its span', () => {
    const text = `{ "statement": [ { "actions": ["s3:*"], "condition": [
  { "test": "StringEquals", "variable": "aws:SourceVpce", "values": ["vpce-1"] },
  { "test": "StringEquals", "variable": "aws:SourceAccount" } ] } ] }`;
    const [statement] = readPolicy(json(text))!.statements;
    assert.deepEqual(statement.conditions.map((test) => [test.operator, test.key, test.values.map((value) => [value.text, value.unknown]), slice(text, test.span)]), [
      ['StringEquals', 'aws:SourceVpce', [['vpce-1', false]], '{ "test": "StringEquals", "variable": "aws:SourceVpce", "values": ["vpce-1"] }'],
      ['StringEquals', 'aws:SourceAccount', [[undefined, true]], '{ "test": "StringEquals", "variable": "aws:SourceAccount" }'],
    ]);
    const fallback = statement.conditions[1].values[0].span;
    assert.deepEqual([fallback.offset, fallback.length], [statement.conditions[1].span.offset, statement.conditions[1].span.length]);
    assert.equal(statement.conditionUnknown, false);
  });

  it('a condition block with only a test or only a variable is unknown, not an IAM operator', () => {
    for (const block of ['{ "test": { "aws:SourceVpce": "v" } }', '{ "variable": { "aws:SourceVpce": "v" } }', '{ "StringEquals": }']) {
      const [statement] = readPolicy(json(`{ "Statement": [ { "Effect": "Allow", "Condition": ${block} } ] }`))!.statements;
      assert.deepEqual([statement.conditions, statement.conditionUnknown], [[], true], block);
    }
  });

  it('principals: an empty one is nobody; a Terraform block is read only as a block', () => {
    const [empty] = readPolicy(json('{ "Statement": [ { "Effect": "Allow", "Principal": } ] }'))!.statements;
    assert.deepEqual([empty.principal?.everyone, empty.principal?.written], [false, 'Principal']);
    const [block] = readPolicy(yaml('Statement:\n  - Effect: Allow\n    Principal: { type: Service, AWS: "*" }\n'))!.statements;
    assert.equal(block.principal?.everyone, false);
  });

  it('entries at a path skip values that are missing', () => {
    assert.deepEqual(entriesAt(json('{ "A": , "B": { "C": 1 } }'), '*.C').map((entry) => entry.key), ['C']);
  });
});

describe('policy documents: what everyone is granted', () => {
  it('an action known only at deploy time grants nothing that can be named', () => {
    assert.deepEqual(grants('Statement:\n  - Effect: Allow\n    Principal: "*"\n    Action: ["${var.action}"]\n'), []);
  });

  it('an Allow to everyone but some principals (NotPrincipal) is granted to everyone', () => {
    const [grant] = publicGrants(readPolicy(yaml('Statement:\n  - Effect: Allow\n    NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" }\n    Action: s3:GetObject\n'))!);
    assert.deepEqual([grant.principal.everyone, grant.actions], [true, ['s3:GetObject']]);
  });

  it('a Deny of all but some actions keeps whole the actions one of them covers', () => {
    const text = `Statement:
  - Effect: Allow
    Principal: "*"
    Action: s3:Get*
  - Effect: Deny
    Principal: "*"
    NotAction: ["s3:*", "s3:GetO*"]
`;
    assert.deepEqual(grants(text), [['s3:Get*']]);
  });

  it('a Deny on every resource but none (NotResource) covers an Allow that names no resource', () => {
    const text = `Statement:
  - Effect: Allow
    Principal: "*"
    Action: s3:GetObject
  - Effect: Deny
    Principal: "*"
    Action: "s3:*"
    NotResource: ["arn:aws:s3:::other/*"]
`;
    assert.deepEqual(grants(text), []);
  });

  it('an ARN condition with a wildcard account lets any account in', () => {
    const values = [{ text: 'arn:aws:sns:us-east-1:*:topic', unknown: false, span: { offset: 0, length: 0 } }];
    assert.equal(judgeAllowCondition({ operator: 'ArnLike', key: 'aws:SourceArn', values, span: { offset: 0, length: 0 } }).restricts, false);
  });
});

describe('IAM globs', () => {
  it('covers: literal, star and question mark', () => {
    assert.equal(globCovers('', 'a'), false);
    assert.equal(globCovers('a*', 'aa'), true);
    assert.equal(globCovers('*a', 'b'), false);
  });

  it('overlap: a star on either side, and a question mark against a star', () => {
    assert.equal(globsOverlap('*a', 'b'), false);
    assert.equal(globsOverlap('a*a', '*a'), true);
    assert.equal(globsOverlap('a*aa', '*a'), true);
    assert.equal(globsOverlap('?a', '*'), true);
  });
});
