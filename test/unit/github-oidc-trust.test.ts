/**
 * The GitHub Actions OIDC trust check (oidc-trust-unscoped in
 * src/core/clouds/aws/findings.ts): which statements it judges, which
 * condition keys are the token's subject, and where the finding sits.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { analyze, prepareFormats } from '../../src/core';
import { ROOT, slice } from './helpers';

const RULE = 'iam-github-oidc-any-repository';
const GITHUB = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

/** A role whose trust statement has this principal, effect and Condition (YAML flow text). */
function role(condition: string | undefined, principal = `{Federated: ${GITHUB}}`, effect = 'Allow'): string {
  return [
    'Resources:',
    '  Deploy:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    `          - Effect: ${effect}`,
    ...(principal ? [`            Principal: ${principal}`] : []),
    '            Action: sts:AssumeRoleWithWebIdentity',
    ...(condition ? [`            Condition: ${condition}`] : []),
    '',
  ].join('\n');
}

/** What the user sees: the flagged text and the value the message names. */
function flagged(text: string): string[] {
  return analyze(text, 'template.yaml')
    .findings.filter((finding) => finding.ruleId === RULE)
    .map((finding) => `${slice(text, finding.span)} | ${/\(([^)]*)\)/.exec(finding.message)?.[1] ?? ''}`);
}

const sub = (operator: string, value: string, key = 'token.actions.githubusercontent.com:sub'): string => `{${operator}: {'${key}': ${value}}}`;

describe('GitHub Actions OIDC trust', () => {
  it('a GitHub principal with no Condition is flagged on the principal, as "no sub condition"', () => {
    assert.deepEqual(flagged(role(undefined)), [`Principal: {Federated: ${GITHUB}} | no sub condition`]);
  });

  it('the issuer is found in the provider ARN whatever its case; another provider is not judged', () => {
    const upper = GITHUB.replace('token.actions.githubusercontent.com', 'Token.Actions.GitHubUserContent.com');
    assert.deepEqual(flagged(role(undefined, `{Federated: ${upper}}`)), [`Principal: {Federated: ${upper}} | no sub condition`]);
    assert.deepEqual(flagged(role(undefined, '{Federated: cognito-identity.amazonaws.com}')), []);
    assert.deepEqual(flagged(role(undefined, '{Service: lambda.amazonaws.com}')), []);
  });

  it('a list of providers is judged when one of them is GitHub', () => {
    assert.deepEqual(flagged(role(undefined, `{Federated: [cognito-identity.amazonaws.com, ${GITHUB}]}`)).length, 1);
    assert.deepEqual(flagged(role(undefined, '{Federated: [cognito-identity.amazonaws.com, accounts.google.com]}')), []);
  });

  it('a Deny, or a Condition known only at deploy time, is not judged', () => {
    assert.deepEqual(flagged(role(undefined, undefined, 'Deny')), []);
    assert.deepEqual(flagged(role('!If [Scoped, {}, {}]')), []);
  });

  it('a subject bound to an owner passes; a wildcard subject is flagged on its value', () => {
    assert.deepEqual(flagged(role(sub('StringLike', "'repo:my-org/deploy:*'"))), []);
    assert.deepEqual(flagged(role(sub('StringLike', "'repo:*'"))), ["'repo:*' | sub: repo:*"]);
    assert.deepEqual(flagged(role(sub('StringLike', "'Repo:my-org/deploy:*'"))), [], 'the owner binding is read case-insensitively');
  });

  it('every subject value must be bound: one open value among bound ones is the one named', () => {
    assert.deepEqual(flagged(role(sub('StringLike', "['repo:my-org/deploy:*', 'repo:*']"))), ["'repo:*' | sub: repo:*"]);
  });

  it('a subject known only at deploy time passes, and is never the value named', () => {
    assert.deepEqual(flagged(role(sub('StringLike', '!Ref Subject'))), []);
    assert.deepEqual(flagged(role(sub('StringLike', "[!Ref Subject, 'repo:*']"))), ["'repo:*' | sub: repo:*"]);
  });

  it('an empty list of subjects binds nothing', () => {
    assert.deepEqual(flagged(role(sub('StringLike', '[]'))).map((line) => line.split(' | ')[1]), ['no sub condition']);
  });

  it('a negated operator on the subject binds nothing', () => {
    assert.deepEqual(flagged(role(sub('StringNotLike', "'repo:my-org/deploy:*'"))).map((line) => line.split(' | ')[1]), ['no sub condition']);
  });

  it('only the sub claim counts, spelled in any case, or under a GitHub Enterprise issuer', () => {
    assert.deepEqual(flagged(role(sub('StringEquals', "'repo:my-org/deploy:ref:refs/heads/main'", 'Token.Actions.GitHubUserContent.com:Sub'))), []);
    assert.deepEqual(flagged(role(sub('StringEquals', "'repo:my-org/deploy:ref:refs/heads/main'", 'token.actions.githubusercontent.com/my-enterprise:sub'))), []);
    const notSub = (key: string): string[] => flagged(role(sub('StringEquals', "'repo:my-org/deploy:ref:refs/heads/main'", key))).map((line) => line.split(' | ')[1]);
    assert.deepEqual(notSub('token.actions.githubusercontent.com:aud'), ['no sub condition']);
    assert.deepEqual(notSub('token.actions.githubusercontent.com:job_workflow_ref:sub'), ['no sub condition']);
    assert.deepEqual(notSub('other.example.com:sub'), ['no sub condition']);
  });

  it('a GitHub condition key names the issuer when the principal does not', () => {
    const text = role(sub('StringLike', "'repo:*'"), '{Federated: !Ref Provider}');
    assert.deepEqual(flagged(text), ["'repo:*' | sub: repo:*"]);
    const unnamed = role(sub('StringEquals', "'token.actions.githubusercontent.com'", 'token.actions.githubusercontent.com:aud'), '');
    assert.deepEqual(flagged(unnamed).map((line) => line.split(' | ')[1]), ['no sub condition'], 'without a Principal the statement is flagged');
  });

  it('Terraform principals blocks of type Federated name the provider', async function () {
    this.timeout(20000);
    await prepareFormats(path.join(ROOT, 'node_modules/web-tree-sitter'), path.join(ROOT, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl'));
    const doc = (type: string): string =>
      `data "aws_iam_policy_document" "trust" {\n  statement {\n    effect  = "Allow"\n    actions = ["sts:AssumeRoleWithWebIdentity"]\n    principals {\n      type        = "${type}"\n      identifiers = ["${GITHUB}"]\n    }\n  }\n}\nresource "aws_iam_role" "ci" {\n  name               = "ci"\n  assume_role_policy = data.aws_iam_policy_document.trust.json\n}\n`;
    const found = (text: string): string[] => analyze(text, 'main.tf').findings.filter((finding) => finding.ruleId === RULE).map((finding) => slice(text, finding.span).split('\n')[0]);
    assert.deepEqual(found(doc('Federated')), ['principals {']);
    assert.deepEqual(found(doc('AWS')), []);
    const twoBlocks = doc('Federated').replace('    principals {', '    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::111122223333:root"]\n    }\n    principals {');
    assert.deepEqual(found(twoBlocks), ['principals {'], 'one of several principals blocks');
  });
});
