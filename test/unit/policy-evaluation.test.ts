/**
 * IAM policy evaluation, function by function (src/core/clouds/aws/policy.ts):
 * how action globs cover and overlap, how a condition operator is read, which
 * condition values restrict who calls, what a Deny takes back, and how each
 * spelling of a document is read. Each case pins one decision a user sees as
 * a finding (or its absence) and the words of its message.
 */
import assert from 'node:assert/strict';
import {
  conditionKeyKind,
  entriesAt,
  globCovers,
  globsOverlap,
  isBoundaryCondition,
  judgeAllowCondition,
  parseOperator,
  permissionStatement,
  publicGrants,
  readPolicy,
  type ConditionTest,
  type PolicyDocument,
} from '../../src/core/clouds/aws/policy';
import { parseYaml } from '../../src/core/parse/yaml';
import { get, scalar } from '../../src/core/parse/tree';

const condition = (operator: string, key: string, ...values: string[]): ConditionTest => ({
  operator,
  key,
  values: values.map((text) => ({ text, unknown: text.includes('${'), span: { offset: 0, length: 0 } })),
  span: { offset: 0, length: 0 },
});

/** A document written in YAML at the top of the text. */
function documentOf(yaml: string): PolicyDocument | undefined {
  return readPolicy(parseYaml(yaml).root);
}

/** What a document grants to everyone, as `actions | why`. */
function granted(yaml: string, services?: string[]): string[] {
  const document = documentOf(yaml);
  assert.ok(document, 'a document');
  return publicGrants(document, services).map((grant) => `${grant.actions.join(', ')} | ${grant.why}`);
}

const ALLOW = (action: string, extra = ''): string => `- Effect: Allow\n  Principal: '*'\n  Action: ${action}\n${extra}`;
const DENY = (lines: string): string => `- Effect: Deny\n  Principal: '*'\n${lines}`;

describe('IAM policy evaluation', () => {
  describe('action globs', () => {
    it('a glob covers what it matches, case-insensitively, and "*" covers everything', () => {
      assert.ok(globCovers('*', 's3:Get*'));
      assert.ok(globCovers('S3:GETOBJECT', 's3:getobject'));
      assert.ok(globCovers('s3:Get*', 's3:Get'), 'a * matches nothing too');
      assert.ok(globCovers('s3:*Object', 's3:GetObject'));
      assert.ok(!globCovers('s3:*Object', 's3:GetObjects'));
      assert.ok(!globCovers('s3:Get', 's3:GetObject'), 'a shorter literal');
      assert.ok(!globCovers('s3:GetObject', 's3:Get'), 'a longer literal');
      assert.ok(!globCovers('s3:GetObject', 's3:PutObject'));
    });

    it('"?" covers one character, never a wildcard of the other glob; only "*" covers those', () => {
      assert.ok(globCovers('s3:Get?bject', 's3:GetObject'));
      assert.ok(!globCovers('s3:Get?', 's3:Get'), '? needs a character');
      assert.ok(!globCovers('s3:Get?', 's3:Get*'));
      assert.ok(globCovers('s3:Get?', 's3:Get?'), 'a ? covers a ?');
      assert.ok(!globCovers('s3:GetObject', 's3:GetObjec?'));
      assert.ok(!globCovers('s3:GetObject', 's3:GetObjec*'));
      assert.ok(globCovers('s3:Get*', 's3:GetObj?ct'));
      assert.ok(globCovers('s3:*', 's3:*'));
    });

    it('an empty glob covers and overlaps only the empty string; a trailing * covers any tail', () => {
      assert.ok(!globCovers('', 's3:GetObject'));
      assert.ok(globCovers('', ''));
      assert.ok(globCovers('a*', 'aa'));
      assert.ok(globCovers('s3:*', 's3:GetObject'));
      assert.ok(globsOverlap('', ''));
      assert.ok(globsOverlap('', '*'));
      assert.ok(globsOverlap('*', ''));
      assert.ok(!globsOverlap('', 'a'));
    });

    it('a * in either glob may stand for a run of characters the other spells out', () => {
      assert.ok(globsOverlap('a*a', '*a'));
      assert.ok(globsOverlap('a*aa', '*a'));
      assert.ok(globsOverlap('*a', 'a*a'));
      assert.ok(globsOverlap('s3:Get*Tagging', '*ObjectTagging'));
    });

    it('two globs overlap when some action matches both', () => {
      assert.ok(globsOverlap('s3:Get*', 's3:*Object'));
      assert.ok(globsOverlap('s3:*Object', 's3:Get*'));
      assert.ok(globsOverlap('s3:Get?', 's3:GetX'));
      assert.ok(globsOverlap('s3:GetX', 's3:Get?'));
      assert.ok(globsOverlap('s3:Get', 's3:Get*'), 'a trailing * matches nothing');
      assert.ok(globsOverlap('s3:Get*', 's3:Get'));
      assert.ok(globsOverlap('S3:GET*', 's3:getobject'));
      assert.ok(globsOverlap('s3:GetObject', 's3:GetObject'));
      assert.ok(!globsOverlap('s3:Get?', 's3:Get'));
      assert.ok(!globsOverlap('s3:Get', 's3:Get?'));
      assert.ok(!globsOverlap('s3:Get', 's3:GetX'));
      assert.ok(!globsOverlap('s3:GetX', 's3:Get'));
      assert.ok(!globsOverlap('s3:Put*', 's3:Get*'));
      assert.ok(!globsOverlap('s3:GetA', 's3:GetB'));
      assert.ok(!globsOverlap('s3:*Object', 's3:GetBucket'), 'a * does not make the rest match');
      assert.ok(!globsOverlap('s3:GetBucket', 's3:*Object'));
      assert.ok(!globsOverlap('s3:Get*X', 's3:Get'), 'what follows a * must still match');
      assert.ok(!globsOverlap('s3:Get', 's3:Get*X'));
    });
  });

  describe('condition operators and keys', () => {
    it('an operator is read into its base, negation, IfExists and set qualifier', () => {
      assert.deepEqual(parseOperator('ForAllValues:StringEqualsIfExists'), { base: 'StringEquals', negated: false, ifExists: true, set: 'ForAllValues' });
      assert.deepEqual(parseOperator('forallvalues:stringnotequals'), { base: 'stringnotequals', negated: true, ifExists: false, set: 'ForAllValues' });
      assert.deepEqual(parseOperator('ForAnyValue:StringLike'), { base: 'StringLike', negated: false, ifExists: false, set: 'ForAnyValue' });
      assert.deepEqual(parseOperator('NotIpAddressIfExists'), { base: 'NotIpAddress', negated: true, ifExists: true, set: undefined });
      assert.deepEqual(parseOperator('StringEquals'), { base: 'StringEquals', negated: false, ifExists: false, set: undefined });
      assert.deepEqual(parseOperator('XForAllValues:StringEquals'), { base: 'XForAllValues:StringEquals', negated: false, ifExists: false, set: undefined }, 'the qualifier only at the start');
      assert.equal(parseOperator('StringEqualsIfExistsX').ifExists, false, 'IfExists only at the end');
      assert.equal(parseOperator('ArnNotLike').negated, true);
      assert.equal(parseOperator('DateNotEquals').negated, true);
    });

    it('a key is known by name, case-insensitively, or by a pattern of keys that say nothing about the caller', () => {
      assert.equal(conditionKeyKind('AWS:SOURCEIP'), 'ip');
      assert.equal(conditionKeyKind('aws:PrincipalArn'), 'arn');
      assert.equal(conditionKeyKind('aws:PrincipalTag/team'), 'none');
      assert.equal(conditionKeyKind('kms:EncryptionContext:aws:pi:service'), 'none');
      assert.equal(conditionKeyKind('aws:PrincipalTagX'), undefined, 'the pattern is aws:PrincipalTag/*');
      assert.equal(conditionKeyKind('xaws:SecureTransport'), undefined, 'patterns match the whole key');
      assert.equal(conditionKeyKind('aws:SecureTransportX'), undefined, 'patterns match the whole key');
      assert.equal(conditionKeyKind('custom:key'), undefined);
    });
  });

  describe('an Allow condition', () => {
    const judge = (test: ConditionTest): string => {
      const judgement = judgeAllowCondition(test);
      return judgement.restricts ? 'restricts' : (judgement.why ?? '(no reason)');
    };

    it('a key the knowledge does not know restricts, unless it is only tested for presence', () => {
      assert.equal(judge(condition('StringEquals', 'custom:key', 'x')), 'restricts');
      assert.equal(judge(condition('StringNotEquals', 'custom:key', 'x')), 'restricts');
      assert.equal(judge(condition('Null', 'custom:key', 'false')), 'Null only tests whether custom:key is present');
      assert.equal(judge(condition('Null', 'aws:SecureTransport', 'false')), 'aws:SecureTransport says nothing about who calls');
    });

    it('each way an operator lets callers in is named', () => {
      assert.equal(judge(condition('StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1')), 'StringEqualsIfExists lets requests without aws:SourceVpce through');
      assert.equal(judge(condition('ForAllValues:StringEquals', 'aws:PrincipalOrgPaths', 'o-1/')), 'ForAllValues holds for requests without aws:PrincipalOrgPaths');
      assert.equal(judge(condition('StringNotEquals', 'aws:SourceVpce', 'vpce-1')), 'StringNotEquals on aws:SourceVpce lets every other value in');
      assert.equal(judge(condition('ForAnyValue:StringEquals', 'aws:PrincipalOrgPaths', 'o-1/r-1/')), 'restricts');
    });

    it('a flag key restricts only when required to be true', () => {
      assert.equal(judge(condition('Bool', 'aws:PrincipalIsAWSService', 'true')), 'restricts');
      assert.equal(judge(condition('Bool', 'aws:PrincipalIsAWSService', 'TRUE')), 'restricts');
      assert.equal(judge(condition('Bool', 'aws:PrincipalIsAWSService', '${Flag}')), 'restricts');
      assert.equal(judge(condition('Bool', 'aws:PrincipalIsAWSService', 'false')), 'aws:PrincipalIsAWSService is not required to be true');
      assert.equal(judge(condition('Bool', 'aws:PrincipalIsAWSService', 'true', 'false')), 'aws:PrincipalIsAWSService is not required to be true');
    });

    it('IP ranges: only the whole internet is open, however it is spaced', () => {
      assert.equal(judge(condition('IpAddress', 'aws:SourceIp', '10.0.0.0/8')), 'restricts');
      assert.equal(judge(condition('IpAddress', 'aws:SourceIp', ' 0.0.0.0/0 ')), 'aws:SourceIp  0.0.0.0/0  is the whole internet');
      assert.equal(judge(condition('IpAddress', 'aws:SourceIp', '10.0.0.0/8', '::/0')), 'aws:SourceIp ::/0 is the whole internet');
      assert.equal(judge(condition('IpAddress', 'aws:SourceIp', '')), 'aws:SourceIp  is the whole internet');
      assert.equal(judge(condition('StringLike', 'aws:SourceIp', '*')), 'aws:SourceIp * is the whole internet', 'under a Like operator, wildcards alone match everything');
      assert.equal(judge(condition('StringLike', 'aws:SourceIp', '**')), 'aws:SourceIp ** is the whole internet');
      assert.equal(judge(condition('StringLike', 'aws:SourceIp', '*.1')), 'restricts', 'only a value of wildcards alone');
    });

    it('ids: wildcards count only under a Like or Arn operator; an empty value matches every caller', () => {
      assert.equal(judge(condition('StringEquals', 'aws:SourceVpce', '*')), 'restricts', 'StringEquals reads * literally');
      assert.equal(judge(condition('StringEquals', 'aws:SourceVpce', 'vpce-*')), 'restricts');
      assert.equal(judge(condition('StringLike', 'aws:SourceVpce', 'vpce-*')), 'StringLike "vpce-*" on aws:SourceVpce matches callers in any account');
      assert.equal(judge(condition('StringLike', 'aws:SourceVpce', 'vpce-?')), 'StringLike "vpce-?" on aws:SourceVpce matches callers in any account');
      assert.equal(judge(condition('ArnEquals', 'aws:SourceAccount', '1111*')), 'ArnEquals "1111*" on aws:SourceAccount matches callers in any account');
      assert.equal(judge(condition('StringLike', 'aws:SourceVpce', '??')), 'StringLike "??" on aws:SourceVpce matches every caller');
      assert.equal(judge(condition('StringEquals', 'aws:SourceVpce', '')), 'StringEquals "" on aws:SourceVpce matches every caller');
      assert.equal(judge(condition('StringLike', 'aws:SourceVpce', 'vpce-1')), 'restricts');
      assert.equal(judge(condition('StringLike', 'aws:SourceAccount', '1111:*')), 'StringLike "1111:*" on aws:SourceAccount matches callers in any account', 'an id is read whole, not up to a separator');
    });

    it('prefixes: the part before the first / or : must be written out', () => {
      assert.equal(judge(condition('StringLike', 'aws:PrincipalOrgPaths', 'o-1/r-2/*')), 'restricts');
      assert.equal(judge(condition('StringLike', 'aws:PrincipalOrgPaths', '*/r-2/')), 'StringLike "*/r-2/" on aws:PrincipalOrgPaths matches callers in any account');
      assert.equal(judge(condition('StringLike', 'aws:PrincipalOrgPaths', '/r-2/')), 'StringLike "/r-2/" on aws:PrincipalOrgPaths matches callers in any account');
      assert.equal(judge(condition('StringLike', 'aws:userid', 'AIDA1:*')), 'restricts');
      assert.equal(judge(condition('StringLike', 'aws:userid', 'AI*:session')), 'StringLike "AI*:session" on aws:userid matches callers in any account');
      assert.equal(judge(condition('StringEquals', 'aws:userid', 'AI*:session')), 'restricts', 'a literal *');
    });

    it('service names: one that starts with a wildcard is any service', () => {
      assert.equal(judge(condition('StringEquals', 'aws:PrincipalServiceName', 'lambda.amazonaws.com')), 'restricts');
      assert.equal(judge(condition('StringLike', 'aws:PrincipalServiceName', 'lambda*')), 'restricts');
      assert.equal(judge(condition('StringEquals', 'aws:PrincipalServiceName', '*.amazonaws.com')), 'StringEquals "*.amazonaws.com" on aws:PrincipalServiceName matches callers in any account');
      assert.equal(judge(condition('StringLike', 'aws:PrincipalServiceName', '?ambda.amazonaws.com')), 'StringLike "?ambda.amazonaws.com" on aws:PrincipalServiceName matches callers in any account');
    });

    it('ARNs: the account must be written out, or the resource for one without an account; an S3 bucket ARN names its bucket', () => {
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-1:111122223333:topic')), 'restricts');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-1:*:topic')), 'aws:SourceArn arn:aws:sns:us-east-1:*:topic matches any account');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-1:1111?:topic')), 'aws:SourceArn arn:aws:sns:us-east-1:1111?:topic matches any account');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-1::topic')), 'restricts');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-1::*')), 'aws:SourceArn arn:aws:sns:us-east-1::* matches any account');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-1::topic*')), 'restricts', 'only the first character of the resource counts');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:s3::*:b*')), 'restricts', 'a bucket whatever the account');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:sns:us-east-1::')), 'aws:SourceArn arn:aws:sns:us-east-1:: matches any account');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::')), 'aws:SourceArn arn:aws:s3::: matches any account');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::b*')), 'restricts', 'a bucket name prefix');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:s3::111122223333:*')), 'restricts', 'any bucket of one account');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::*')), 'aws:SourceArn arn:aws:s3:::* matches any account');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:s3:::*:x')), 'aws:SourceArn arn:aws:s3:::*:x matches any account');
      assert.equal(judge(condition('ArnEquals', 'aws:SourceArn', 'arn:aws:sns:us-east-1:*:topic')), 'aws:SourceArn arn:aws:sns:us-east-1:*:topic matches any account', 'Arn operators read wildcards');
      assert.equal(judge(condition('StringEquals', 'aws:SourceArn', 'arn:aws:sns:us-east-1:*:topic')), 'restricts', 'StringEquals does not');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:*')), 'aws:SourceArn arn:aws:* matches any account', 'a short ARN with a wildcard');
      assert.equal(judge(condition('ArnLike', 'aws:SourceArn', 'arn:aws:sns')), 'restricts', 'a short ARN without one');
    });
  });

  describe('a Deny condition that draws a boundary', () => {
    it('needs a negated operator on a key that names callers, holding for every value', () => {
      assert.equal(isBoundaryCondition(condition('StringNotEquals', 'aws:SourceVpce', 'vpce-1')), true);
      assert.equal(isBoundaryCondition(condition('StringNotEqualsIfExists', 'aws:SourceVpce', 'vpce-1')), true);
      assert.equal(isBoundaryCondition(condition('ForAllValues:StringNotEquals', 'aws:SourceVpce', 'vpce-1')), true);
      assert.equal(isBoundaryCondition(condition('ForAnyValue:StringNotEquals', 'aws:SourceVpce', 'vpce-1')), false);
      assert.equal(isBoundaryCondition(condition('StringEquals', 'aws:SourceVpce', 'vpce-1')), false);
      assert.equal(isBoundaryCondition(condition('StringNotEquals', 'aws:SecureTransport', 'x')), false);
      assert.equal(isBoundaryCondition(condition('Null', 'aws:SourceVpce', 'true')), false);
      assert.equal(isBoundaryCondition(condition('StringNotEquals', 'custom:key', 'x')), true, 'an unknown key is taken as a boundary');
      assert.equal(isBoundaryCondition(condition('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', '0.0.0.0/0')), false);
      assert.equal(isBoundaryCondition(condition('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', '${Office}')), true);
      assert.equal(isBoundaryCondition(condition('StringNotEquals', 'aws:SecureTransport')), false, 'a key that names no caller, even without values');
    });

    it('a flag key is a boundary as Bool false: everyone who is not an AWS service', () => {
      assert.equal(isBoundaryCondition(condition('Bool', 'aws:PrincipalIsAWSService', 'false')), true);
      assert.equal(isBoundaryCondition(condition('Bool', 'aws:PrincipalIsAWSService', 'FALSE')), true);
      assert.equal(isBoundaryCondition(condition('Bool', 'aws:PrincipalIsAWSService', '${Flag}')), true);
      assert.equal(isBoundaryCondition(condition('Bool', 'aws:PrincipalIsAWSService', 'true')), false);
      assert.equal(isBoundaryCondition(condition('StringEquals', 'aws:PrincipalIsAWSService', 'false')), false);
      assert.equal(isBoundaryCondition(condition('Bool', 'aws:PrincipalIsAWSService', 'false', 'true')), false, 'every value must be false');
    });
  });

  describe('what a document grants to everyone', () => {
    it('actions are narrowed to the services of the resource policy', () => {
      assert.deepEqual(granted(ALLOW("'*'"), ['s3']), ['s3:* | with no Condition']);
      assert.deepEqual(granted(ALLOW("'*'")), ['* | with no Condition']);
      assert.deepEqual(granted(ALLOW('sqs:SendMessage'), ['s3']), []);
      assert.deepEqual(granted(ALLOW('s3:Get*'), ['s3', 'sqs']), ['s3:Get* | with no Condition']);
      assert.deepEqual(granted(ALLOW('[s3:GetObject, s3:Get*, s3:*]'), ['s3']), ['s3:* | with no Condition'], 'what a wider action covers is not repeated');
      assert.deepEqual(granted(ALLOW('[s3:Get*, s3:GET*]'), ['s3']), ['s3:Get* | with no Condition'], 'of two equal actions the first');
      assert.deepEqual(granted(ALLOW('[s3:GetObject, s3:PutObject]'), ['s3']), ['s3:GetObject, s3:PutObject | with no Condition']);
      assert.deepEqual(granted(ALLOW('!Ref Actions')), [], 'an action known only at deploy time');
      assert.deepEqual(granted(`- Effect: Allow\n  Principal: '*'\n  Resource: '*'\n`), [], 'no action at all');
    });

    it('NotAction grants everything in scope but the listed actions', () => {
      assert.deepEqual(granted(`- Effect: Allow\n  Principal: '*'\n  NotAction: s3:DeleteObject\n`, ['s3']), ['s3:* (except s3:DeleteObject) | with no Condition']);
      assert.deepEqual(granted(`- Effect: Allow\n  Principal: '*'\n  NotAction: [sqs:*, s3:Delete*]\n`, ['s3']), ['s3:* (except s3:Delete*) | with no Condition']);
      assert.deepEqual(granted(`- Effect: Allow\n  Principal: '*'\n  NotAction: s3:*\n`, ['s3']), []);
      assert.deepEqual(granted(`- Effect: Allow\n  Principal: '*'\n  NotAction: !Ref Kept\n`, ['s3']), []);
      assert.deepEqual(granted(`- Effect: Allow\n  Principal: '*'\n  NotAction: [!Ref Kept, s3:DeleteObject]\n`, ['s3']), [], 'one deploy-time exception may be anything');
      assert.deepEqual(granted(`- Effect: Allow\n  Principal: '*'\n  NotAction: [s3:*, sqs:SendMessage]\n`, ['s3']), [], 'one exception covering the service is enough');
      assert.deepEqual(granted(`- Effect: Allow\n  Principal: '*'\n  NotAction: [s3:Delete*, s3:Put*]\n`, ['s3']), ['s3:* (except s3:Delete*, s3:Put*) | with no Condition']);
    });

    it('a Deny to everyone takes back the actions it names, or all but those it keeps (NotAction)', () => {
      assert.deepEqual(granted(`${ALLOW('s3:*')}${DENY('  Action: s3:Delete*\n')}`), ['s3:* (except s3:Delete*) | with no Condition']);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  Action: s3:Get*\n')}`), []);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  Action: !Ref Denied\n')}`), [], 'a deploy-time action in a Deny covers');
      assert.deepEqual(granted(`${ALLOW('s3:*')}${DENY('  NotAction: s3:GetObject\n')}`), ['s3:GetObject | with no Condition'], 'all but GetObject is denied');
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  NotAction: s3:Get*\n')}`), ['s3:GetObject | with no Condition']);
      assert.deepEqual(granted(`${ALLOW('s3:Get*')}${DENY('  NotAction: s3:*Object\n')}`), ['s3:Get* | with no Condition'], 'overlapping but neither covers the other');
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  NotAction: [s3:Get*, s3:*Object]\n')}`), ['s3:GetObject | with no Condition'], 'kept once, however many exceptions cover it');
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  NotAction: sqs:*\n')}`), []);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  NotAction: !Ref Kept\n')}`), []);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  Action: [!Ref Denied, s3:PutObject]\n')}`), [], 'one deploy-time action in a Deny covers');
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  NotAction: [!Ref Kept, s3:GetObject]\n')}`), [], 'one deploy-time exception in a Deny covers');
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  Action: [s3:GetObject, sqs:*]\n')}`), [], 'one denied action covering it is enough');
      assert.deepEqual(granted(`${ALLOW('s3:*')}${DENY('  Action: [s3:Delete*, sqs:*]\n')}`), ['s3:* (except s3:Delete*) | with no Condition'], 'only the overlapping denials are named');
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  Resource: "*"\n')}`), ['s3:GetObject | with no Condition'], 'a Deny with no action takes nothing');
    });

    it('a Deny takes back only from the Allow’s resources it covers', () => {
      const allow = ALLOW('s3:GetObject', '  Resource: arn:aws:s3:::b/*\n');
      assert.deepEqual(granted(`${allow}${DENY('  Action: s3:*\n  Resource: arn:aws:s3:::b/*\n')}`), []);
      assert.deepEqual(granted(`${allow}${DENY('  Action: s3:*\n  Resource: arn:aws:s3:::*\n')}`), []);
      assert.deepEqual(granted(`${allow}${DENY('  Action: s3:*\n  Resource: !Ref Denied\n')}`), []);
      assert.deepEqual(granted(`${allow}${DENY('  Action: s3:*\n  Resource: arn:aws:s3:::other/*\n')}`), ['s3:GetObject | with no Condition']);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  Action: s3:*\n  Resource: arn:aws:s3:::b/*\n')}`), ['s3:GetObject | with no Condition'], 'an Allow without Resource is not covered by a narrow Deny');
      assert.deepEqual(granted(`${ALLOW('s3:GetObject', '  Resource: !Ref Bucket\n')}${DENY('  Action: s3:*\n  Resource: arn:aws:s3:::b/*\n')}`), []);
      assert.deepEqual(granted(`${allow}${DENY('  Action: s3:*\n  NotResource: arn:aws:s3:::b/*\n')}`), ['s3:GetObject | with no Condition'], 'NotResource keeps the Allow’s resource');
      assert.deepEqual(granted(`${allow}${DENY('  Action: s3:*\n  NotResource: arn:aws:s3:::other/*\n')}`), []);
      assert.deepEqual(granted(`${allow}${DENY('  Action: s3:*\n  NotResource: !Ref Kept\n')}`), []);
      assert.deepEqual(granted(`${allow}${DENY('  Action: s3:*\n  Resource: [!Ref Denied, arn:aws:s3:::other/*]\n')}`), [], 'one deploy-time resource in a Deny covers');
      assert.deepEqual(granted(`${allow}${DENY('  Action: s3:*\n  NotResource: [!Ref Kept, arn:aws:s3:::b/*]\n')}`), [], 'one deploy-time exception in NotResource covers');
      assert.deepEqual(granted(`${allow}${DENY('  Action: s3:*\n  Resource: [arn:aws:s3:::b/*, arn:aws:s3:::c/*]\n')}`), [], 'one denied resource covering it is enough');
      assert.deepEqual(granted(`${allow}${DENY('  Action: s3:*\n  NotResource: [arn:aws:s3:::b/*, arn:aws:s3:::c/*]\n')}`), ['s3:GetObject | with no Condition'], 'one exception overlapping it keeps it');
      const two = ALLOW('s3:GetObject', '  Resource: [arn:aws:s3:::b/*, arn:aws:s3:::other/*]\n');
      assert.deepEqual(granted(`${two}${DENY('  Action: s3:*\n  Resource: arn:aws:s3:::b/*\n')}`), ['s3:GetObject | with no Condition'], 'every resource of the Allow must be covered');
      assert.deepEqual(granted(`${two}${DENY('  Action: s3:*\n  NotResource: arn:aws:s3:::b/*\n')}`), ['s3:GetObject | with no Condition'], 'one resource kept by NotResource keeps the grant');
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  Action: s3:*\n  Resource: "*"\n')}`), [], 'a Deny on every resource covers an Allow that names none');
    });

    it('only a Deny to everyone, under conditions that all draw a boundary, takes anything back', () => {
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}- Effect: Deny\n  Principal: {AWS: arn:aws:iam::111122223333:root}\n  Action: s3:*\n`), ['s3:GetObject | with no Condition']);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}- Effect: Deny\n  NotPrincipal: '*'\n  Action: s3:*\n`), ['s3:GetObject | with no Condition']);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}- Effect: Deny\n  NotPrincipal: {AWS: arn:aws:iam::111122223333:root}\n  Action: s3:*\n`), []);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  Action: s3:*\n  Condition: !Ref Boundary\n')}`), []);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}${DENY('  Action: s3:*\n  Condition:\n    - StringEquals: {aws:SourceVpce: vpce-1}\n    - !Ref Boundary\n')}`), [], 'a Condition partly known only at deploy time may be a boundary');
      assert.deepEqual(
        granted(`${ALLOW('s3:GetObject')}${DENY('  Action: s3:*\n  Condition:\n    StringNotEquals: {aws:SourceVpce: vpce-1}\n    Bool: {aws:SecureTransport: false}\n')}`),
        ['s3:GetObject | with no Condition'],
      );
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}- Effect: Allow\n  Principal: '*'\n  Action: s3:*\n  Condition: {StringNotEquals: {aws:SourceVpce: vpce-1}}\n`).length, 2, 'an Allow takes nothing back');
    });

    it('an Allow is to everyone through "*" or a NotPrincipal; a deploy-time Condition restricts', () => {
      assert.deepEqual(granted(`- Effect: Allow\n  NotPrincipal: {AWS: arn:aws:iam::111122223333:root}\n  Action: s3:GetObject\n`), ['s3:GetObject | with no Condition']);
      assert.deepEqual(granted(`- Effect: Allow\n  Principal: {AWS: arn:aws:iam::111122223333:root}\n  Action: s3:GetObject\n`), []);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}  Condition: !Ref Limits\n`), []);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}  Condition:\n    - !Ref Limits\n`), []);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}  Condition:\n    StringEquals: !Ref Limits\n`), []);
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}  Condition:\n    IpAddress: {aws:SourceIp: '\${OfficeCidr}'}\n`), [], 'an interpolated value is unknown, so it restricts');
      assert.deepEqual(granted(`- Effect: Deny\n  Principal: '*'\n  Action: s3:GetObject\n`), [], 'a Deny grants nothing');
      assert.deepEqual(granted(`- Effect: allow\n  Principal: '*'\n  Action: s3:GetObject\n`), [], 'Effect is case-sensitive');
    });

    it('the reasons a Condition restricts nobody are listed once each', () => {
      assert.deepEqual(granted(`${ALLOW('s3:GetObject')}  Condition:\n    Bool: {aws:SecureTransport: 'true'}\n    StringLike: {aws:SecureTransport: 'x', aws:Referer: 'y'}\n`), [
        's3:GetObject | and its Condition restricts nobody: aws:SecureTransport says nothing about who calls; aws:Referer says nothing about who calls',
      ]);
    });
  });

  describe('reading a document', () => {
    it('Terraform statement blocks default to Allow; an IAM statement needs its Effect', () => {
      assert.equal(documentOf('statement:\n  - actions: [s3:GetObject]\n')?.statements[0].effect, 'Allow');
      assert.equal(documentOf('Statement:\n  - Action: s3:GetObject\n')?.statements[0].effect, undefined);
      assert.equal(documentOf('statement:\n  - effect: Deny\n    actions: [s3:GetObject]\n')?.statements[0].effect, 'Deny');
      assert.equal(documentOf('statement:\n  - effect: !Ref Effect\n    actions: [s3:GetObject]\n')?.statements[0].effect, undefined, 'a written effect that is not known');
      const terraform = documentOf('statement:\n  - actions: [s3:GetObject]\n    not_actions: [s3:PutObject]\n    resources: [arn:aws:s3:::b/*]\n    not_resources: [arn:aws:s3:::c/*]\n')?.statements[0];
      assert.deepEqual(
        [terraform?.action, terraform?.notAction, terraform?.resource, terraform?.notResource].map((element) => element?.values.map((value) => value.text).join()),
        ['s3:GetObject', 's3:PutObject', 'arn:aws:s3:::b/*', 'arn:aws:s3:::c/*'],
      );
    });

    it('a single statement is a document; anything else is not', () => {
      assert.equal(documentOf("Effect: Allow\nPrincipal: '*'\nAction: s3:GetObject\n")?.statements.length, 1);
      assert.equal(documentOf('Version: 2012-10-17\n'), undefined);
      assert.equal(readPolicy(get(parseYaml('p: just words\n').root, 'p')), undefined);
      assert.equal(readPolicy(undefined), undefined);
    });

    it('a document in a string is read, but not past the nesting limit', () => {
      const json = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]}';
      const node = get(parseYaml(`p: '${json}'\n`).root, 'p');
      assert.equal(readPolicy(node)?.statements[0].effect, 'Allow');
      assert.equal(readPolicy(node, undefined, 7)?.statements.length, 1, 'its document at the limit');
      assert.equal(readPolicy(node, undefined, 8), undefined, 'its document past it');
    });

    it('SAM allow-lists bound the document, and CustomStatements are its statements', () => {
      assert.deepEqual(documentOf('IpRangeWhitelist: [10.0.0.0/8]\n'), { statements: [], incomplete: false, boundary: 'IpRangeWhitelist' });
      assert.deepEqual(documentOf('AwsAccountWhitelist: ["111122223333"]\n')?.boundary, 'AwsAccountWhitelist');
      const custom = documentOf("CustomStatements:\n  - Effect: Allow\n    Principal: '*'\n    Action: execute-api:Invoke\n");
      assert.equal(custom?.boundary, undefined);
      assert.equal(custom?.statements.length, 1);
      assert.deepEqual(publicGrants(custom!).map((grant) => grant.actions), [['execute-api:Invoke']]);
    });

    it('the branches of a template !If are read with the condition they are deployed under', () => {
      const document = documentOf("Statement:\n  - !If\n    - IsPublic\n    - Effect: Allow\n      Principal: '*'\n      Action: s3:GetObject\n    - Effect: Deny\n      Principal: '*'\n      Action: s3:GetObject\n");
      assert.deepEqual(document?.statements.map((statement) => `${statement.effect} ${statement.when?.join(' and ')}`), ['Allow IsPublic', 'Deny IsPublic (false)']);
      assert.equal(document?.incomplete, false);
      const nested = documentOf('Statement:\n  - !If\n    - Outer\n    - !If\n      - Inner\n      - Effect: Allow\n      - !Ref AWS::NoValue\n    - !Ref AWS::NoValue\n');
      assert.deepEqual(nested?.statements.map((statement) => statement.when), [['Outer', 'Inner']]);
      assert.equal(documentOf('Statement:\n  - Effect: Allow\n')?.statements[0].when, undefined, 'outside any !If');
      const otherRef = documentOf('Statement:\n  - !If\n    - C\n    - Effect: Allow\n    - !Ref SharedStatement\n');
      assert.deepEqual([otherRef?.statements.length, otherRef?.incomplete], [1, true], 'a branch that refers to something else is only known at deploy time');
      assert.deepEqual(documentOf('Statement:\n  - just text\n'), { statements: [], incomplete: true });
      assert.deepEqual(documentOf("Statement:\n  - !Select [0, [{Effect: Allow, Principal: '*', Action: s3:GetObject}]]\n"), { statements: [], incomplete: true }, 'only !If has branches');
      const nestedIfs = (count: number): PolicyDocument | undefined => {
        let statement = 'Effect: Allow';
        for (let level = 0; level < count; level++) statement = `!If [C${level}, ${statement.startsWith('!If') ? statement : `{${statement}}`}, !Ref AWS::NoValue]`;
        return documentOf(`Statement:\n  - ${statement}\n`);
      };
      assert.deepEqual([nestedIfs(7)?.statements.length, nestedIfs(7)?.incomplete], [1, false], 'seven nested !If are followed');
      assert.deepEqual([nestedIfs(8)?.statements.length, nestedIfs(8)?.incomplete], [0, true], 'the eighth is past the limit');
    });

    it('principals: each spelling of everyone, and how the message names it', () => {
      const principal = (yaml: string): string => {
        const found = documentOf(`Statement:\n  - Effect: Allow\n${yaml}`)?.statements[0].principal;
        return found ? `${found.everyone} ${found.written}` : 'none';
      };
      assert.equal(principal("    Principal: '*'\n"), 'true Principal "*"');
      assert.equal(principal('    Principal: arn:aws:iam::111122223333:root\n'), 'false Principal "arn:aws:iam::111122223333:root"');
      assert.equal(principal("    Principal: {AWS: [arn:aws:iam::111122223333:root, '*']}\n"), 'true Principal AWS "*"');
      assert.equal(principal("    Principal: {'*': '*'}\n"), 'true Principal "*"');
      assert.equal(principal("    Principal: {Service: '*'}\n"), 'false Principal');
      assert.equal(principal("    principals:\n      - type: '*'\n        identifiers: ['*']\n"), 'true Principal "*"');
      assert.equal(principal("    principals:\n      - type: Service\n        identifiers: ['*']\n      - type: AWS\n        identifiers: ['*']\n"), 'true Principal AWS "*"');
      assert.equal(principal("    principals:\n      type: AWS\n      identifiers: ['*']\n"), 'true Principal AWS "*"', 'one block written as a map');
      assert.equal(principal("    principals:\n      - type: AWS\n        identifiers: [arn:aws:iam::111122223333:root]\n"), 'false Principal');
      assert.equal(principal("    principals:\n      - type: AWS\n        identifiers: [arn:aws:iam::111122223333:root, '*']\n"), 'true Principal AWS "*"', 'one identifier of everyone');
      assert.equal(principal("    principals:\n      - type: Service\n        identifiers: ['*']\n"), 'false Principal', 'every service is not everyone');
      const notPrincipal = documentOf("Statement:\n  - Effect: Allow\n    not_principals:\n      - type: '*'\n        identifiers: ['*']\n")?.statements[0].notPrincipal;
      assert.equal(notPrincipal?.written, 'NotPrincipal "*"');
    });

    it('Terraform condition blocks, and where a condition is only known at deploy time', () => {
      const conditions = (yaml: string): string => {
        const statement = documentOf(`statement:\n  - actions: [s3:GetObject]\n${yaml}`)?.statements[0];
        return `${statement?.conditions.map((test) => `${test.operator} ${test.key} ${test.values.map((value) => value.text).join(',')}`).join('; ')} | ${statement?.conditionUnknown}`;
      };
      assert.equal(conditions('    condition:\n      - test: StringEquals\n        variable: aws:SourceVpce\n        values: [vpce-1, vpce-2]\n'), 'StringEquals aws:SourceVpce vpce-1,vpce-2 | false');
      assert.equal(conditions('    condition:\n      test: StringEquals\n      variable: aws:SourceVpce\n      values: vpce-1\n'), 'StringEquals aws:SourceVpce vpce-1 | false');
      assert.equal(conditions('    condition:\n      - test: StringEquals\n        values: [vpce-1]\n'), ' | true', 'no variable');
      assert.equal(conditions('    condition:\n      - variable: aws:SourceVpce\n        values: [vpce-1]\n'), ' | true', 'no test');
      assert.equal(conditions('    condition:\n      - test: StringEquals\n        variable: aws:SourceVpce\n'), 'StringEquals aws:SourceVpce  | false', 'no values: one unknown value');
      assert.equal(conditions('    Condition:\n      StringEquals:\n        aws:SourceVpce: ~\n'), 'StringEquals aws:SourceVpce  | false');
    });
  });

  describe('permissions written as properties, and paths into a resource', () => {
    it('a permission is one Allow whose source properties are conditions: SourceArn as ArnLike, the others StringEquals', () => {
      const node = parseYaml("Properties:\n  Principal: '*'\n  Action: lambda:InvokeFunction\n  SourceArn: arn:aws:s3:::b\n  SourceAccount: '111122223333'\n").root!;
      const document = permissionStatement(node, { principal: 'Properties.Principal', action: 'Properties.Action', conditions: { 'Properties.SourceArn': 'aws:SourceArn', 'Properties.SourceAccount': 'aws:SourceAccount', 'Properties.Missing': 'aws:PrincipalOrgID' } });
      const statement = document?.statements[0];
      assert.deepEqual(statement?.conditions.map((test) => `${test.operator} ${test.key}`), ['ArnLike aws:SourceArn', 'StringEquals aws:SourceAccount']);
      assert.equal(statement?.effect, 'Allow');
      assert.equal(statement?.principal?.everyone, true);
      assert.equal(statement?.principal?.written, 'Principal "*"');
      assert.deepEqual(statement?.action?.values.map((value) => value.text), ['lambda:InvokeFunction']);
      const noAction = permissionStatement(parseYaml("Properties:\n  Principal: '*'\n").root!, { principal: 'Properties.Principal', action: 'Properties.Action', conditions: {} });
      assert.equal(noAction?.statements[0].action, undefined);
      assert.equal(permissionStatement(parseYaml('Properties:\n  Action: x\n').root!, { principal: 'Properties.Principal', action: 'Properties.Action', conditions: {} }), undefined);
    });

    it('a path with * reaches every key of a map, and only maps', () => {
      const root = parseYaml('a:\n  one: {b: 1}\n  two: {b: 2, c: 3}\n  three: [b]\nb: 0\n').root;
      assert.deepEqual(entriesAt(root, 'a.*.b').map((entry) => scalar(entry.value)), [1, 2]);
      assert.deepEqual(entriesAt(root, 'b').map((entry) => entry.key), ['b']);
      assert.deepEqual(entriesAt(root, 'a.*').map((entry) => entry.key), ['one', 'two', 'three']);
      assert.deepEqual(entriesAt(root, 'a.missing.b'), []);
    });
  });
});
