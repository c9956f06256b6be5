/**
 * IAM policy documents, read and judged as IAM evaluates them.
 *
 * `readPolicy` reads a document however it is written: a YAML/JSON map, JSON
 * in a string (`PolicyDocument: '{…}'`), `!Sub`/`Fn::Join` JSON and Terraform
 * heredocs with `${…}` (each interpolation one unknown value), the block
 * spelling of Terraform's `aws_iam_policy_document`, SAM's
 * `Auth.ResourcePolicy` and a bare list of statements (Serverless
 * `resourcePolicy`). Offsets point into the file wherever they can.
 *
 * `publicGrants` says which actions a document grants to everyone: an Allow
 * to `Principal: "*"` (or `{AWS: "*"}`, or a NotPrincipal) whose Condition
 * restricts nobody, minus what a Deny takes back from everyone outside a
 * boundary (`StringNotEquals aws:SourceVpce`, `NotIpAddress aws:SourceIp` …).
 * A deploy-time value is never a reason for a finding: in a Condition it
 * counts as a restricting value, in a Deny as covering.
 */
import type { Span } from '../../types';
import { hasEnclosed } from '../../engine/secrets';
import { parseEmbeddedJson } from '../../parse/embedded';
import { get, getEntry, scalar, type Entry, type MapNode, type Node } from '../../parse/tree';
import { policyKnowledge } from './knowledge';
import type { ConditionKeyKind } from './knowledge/schema';
import { piecesOf } from './text-values';
import { onForget } from '../../engine/memo';

export interface PolicyValue {
  /** The literal text; for a partly deploy-time string, with `${…}` where the unknown parts are. */
  text: string | undefined;
  /** Known only at deploy time, in whole or in part. */
  unknown: boolean;
  span: Span;
}

export interface PolicyElement {
  /** The entry as written (`Action: […]`), when there is one. */
  entry: Entry | undefined;
  values: PolicyValue[];
}

export interface PrincipalElement {
  entry: Entry | undefined;
  span: Span;
  /** `"*"`, `{AWS: "*"}`, `{AWS: ["*", …]}`, Terraform `type = "*"` or `type = "AWS"` with `"*"`. */
  everyone: boolean;
  /** The principal, as the message names it: `Principal "*"`, `AWS "*"`. */
  written: string;
}

export interface ConditionTest {
  operator: string;
  key: string;
  values: PolicyValue[];
  span: Span;
}

export interface PolicyStatement {
  span: Span;
  effect: 'Allow' | 'Deny' | undefined;
  principal?: PrincipalElement;
  notPrincipal?: PrincipalElement;
  action?: PolicyElement;
  notAction?: PolicyElement;
  resource?: PolicyElement;
  notResource?: PolicyElement;
  conditions: ConditionTest[];
  /** The Condition, or part of it, is only known at deploy time. */
  conditionUnknown: boolean;
  /** The template conditions (`!If [IsPublic, …]`) the statement is deployed under, outermost first. */
  when?: string[];
}

export interface PolicyDocument {
  statements: PolicyStatement[];
  /** Some statements are only known at deploy time (`!If`, `dynamic "statement"`, a `${…}` in place of one). */
  incomplete: boolean;
  /** SAM `Auth.ResourcePolicy` allow-lists (IpRangeWhitelist …): SAM adds a Deny for everyone else. */
  boundary?: string;
}

// ------------------------------------------------------------------ reading

/** Depth of nested `!If` and documents-in-strings that is followed. */
const MAX_NESTING = 8;

/**
 * A policy document in any of its spellings, or undefined when it is not
 * one or is only known at deploy time. `source` (the file's text) lets
 * offsets inside JSON strings point at their characters.
 */
export function readPolicy(node: Node | undefined, source?: string, depth = 0): PolicyDocument | undefined {
  if (!node || depth > MAX_NESTING) return undefined;
  if (node.kind === 'scalar' || node.kind === 'unknown') {
    // Terraform's jsonencode({…}) and CloudFormation's Fn::ToJsonString (LanguageExtensions) hold the document itself.
    if (node.kind === 'unknown' && (node.name === 'function:jsonencode' || node.name === 'Fn::ToJsonString')) return readPolicy(node.argument, source, depth + 1);
    const pieces = piecesOf(node, source);
    if (!pieces || !pieces.some((piece) => piece.kind === 'text' && /[{[]/.test(piece.text))) return undefined;
    return readPolicy(parseEmbeddedJson(pieces), source, depth + 1);
  }
  if (node.kind === 'seq') return fromStatements(node, source, undefined);
  const statement = getEntry(node, 'Statement') ?? getEntry(node, 'statement');
  if (statement?.value) return fromStatements(statement.value, source, undefined);
  if (getEntry(node, 'CustomStatements') || SAM_ALLOW_LISTS.some((key) => getEntry(node, key))) {
    const boundary = SAM_ALLOW_LISTS.find((key) => getEntry(node, key));
    const custom = get(node, 'CustomStatements');
    return fromStatements(custom ?? { kind: 'seq', items: [], offset: node.offset, length: 0 }, source, boundary);
  }
  // A single statement written as the document (AWS::Events::EventBusPolicy `Statement`, Serverless shorthand).
  if (getEntry(node, 'Effect')) return fromStatements(node, source, undefined);
  return undefined;
}

/** SAM `Auth.ResourcePolicy` keys that allow only the listed callers (SAM denies everyone else). */
const SAM_ALLOW_LISTS = ['IpRangeWhitelist', 'SourceVpcWhitelist', 'IntrinsicVpcWhitelist', 'IntrinsicVpceWhitelist', 'AwsAccountWhitelist'];

function fromStatements(node: Node, source: string | undefined, boundary: string | undefined): PolicyDocument {
  const document: PolicyDocument = { statements: [], incomplete: false, ...(boundary ? { boundary } : {}) };
  const visit = (item: Node, depth: number, when: string[]): void => {
    if (item.kind === 'map') {
      const statement = readStatement(item, source);
      document.statements.push(when.length ? { ...statement, when } : statement);
    } else if (item.kind === 'seq') {
      for (const child of item.items) visit(child, depth + 1, when);
    } else if (item.kind === 'unknown' && item.name === 'Fn::If' && item.argument?.kind === 'seq' && depth < MAX_NESTING) {
      // Either branch may be deployed: both are read (a `!Ref AWS::NoValue` branch adds nothing).
      const [condition, ...branches] = item.argument.items;
      const name = String(scalar(condition) ?? '?');
      branches.forEach((branch, index) => {
        if (branch.kind === 'unknown' && branch.name === 'Ref' && scalar(branch.argument) === 'AWS::NoValue') return;
        visit(branch, depth + 1, [...when, index === 0 ? name : `${name} (false)`]);
      });
    } else {
      // A `dynamic "statement"`, an `!ImportValue`, a `${…}`, or an `!If` nested too deep: only known at deploy time.
      document.incomplete = true;
    }
  };
  visit(node, 0, []);
  return document;
}

function readStatement(node: MapNode, source: string | undefined): PolicyStatement {
  const element = (...keys: string[]): PolicyElement | undefined => {
    const entry = keys.map((key) => getEntry(node, key)).find((found) => found !== undefined);
    return entry ? { entry, values: valuesOf(entry.value, entry.span) } : undefined;
  };
  const effectValue = scalar(get(node, 'Effect') ?? get(node, 'effect'));
  const effectEntry = getEntry(node, 'Effect') ?? getEntry(node, 'effect');
  // Terraform's statement blocks default to Allow; IAM JSON requires Effect.
  const effect = effectValue === 'Allow' || effectValue === 'Deny' ? effectValue : !effectEntry && getEntry(node, 'actions') ? 'Allow' : undefined;
  const principalEntry = getEntry(node, 'Principal') ?? getEntry(node, 'principals');
  const notPrincipalEntry = getEntry(node, 'NotPrincipal') ?? getEntry(node, 'not_principals');
  const conditionEntry = getEntry(node, 'Condition') ?? getEntry(node, 'condition');
  const { tests, unknown } = readConditions(conditionEntry?.value);
  void source;
  return {
    span: { offset: node.offset, length: node.length },
    effect,
    principal: principalEntry ? readPrincipal(principalEntry, 'Principal') : undefined,
    notPrincipal: notPrincipalEntry ? readPrincipal(notPrincipalEntry, 'NotPrincipal') : undefined,
    action: element('Action', 'actions'),
    notAction: element('NotAction', 'not_actions'),
    resource: element('Resource', 'resources'),
    notResource: element('NotResource', 'not_resources'),
    conditions: tests,
    conditionUnknown: unknown,
  };
}

function valuesOf(node: Node | undefined, fallback: Span): PolicyValue[] {
  if (!node) return [{ text: undefined, unknown: true, span: fallback }];
  if (node.kind === 'seq') return node.items.flatMap((item) => valuesOf(item, item));
  const span = { offset: node.offset, length: node.length };
  if (node.kind === 'scalar') {
    const text = node.value === null ? '' : String(node.value);
    return [{ text, unknown: hasEnclosed(text, '${', '}'), span }];
  }
  return [{ text: undefined, unknown: true, span }];
}

function readPrincipal(entry: Entry, element: 'Principal' | 'NotPrincipal'): PrincipalElement {
  const base = { entry, span: entry.span };
  const value = entry.value;
  if (value?.kind === 'scalar') return { ...base, everyone: value.value === '*', written: `${element} "${String(value.value)}"` };
  // Terraform: `principals { type = "AWS" identifiers = ["*"] }`, one block or several.
  // Stryker disable next-line LogicalOperator,ArrayDeclaration: a block without a type (or not a map) is skipped by the loop: it has no type to match
  const blocks = value?.kind === 'seq' ? value.items : value?.kind === 'map' && getEntry(value, 'type') ? [value] : [];
  for (const block of blocks) {
    const type = scalar(get(block, 'type'));
    const identifiers = valuesOf(get(block, 'identifiers'), block);
    if ((type === '*' || type === 'AWS') && identifiers.some((identifier) => identifier.text === '*')) {
      return { ...base, everyone: true, written: `${element} ${type === '*' ? '"*"' : 'AWS "*"'}` };
    }
  }
  // Stryker disable next-line ConditionalExpression: get and getEntry find nothing in anything but a map
  if (value?.kind === 'map' && !getEntry(value, 'type')) {
    for (const type of ['AWS', '*']) {
      const identifiers = get(value, type);
      if (identifiers && valuesOf(identifiers, identifiers).some((identifier) => identifier.text === '*')) {
        return { ...base, everyone: true, written: `${element} ${type === 'AWS' ? 'AWS "*"' : '"*"'}` };
      }
    }
  }
  return { ...base, everyone: false, written: element };
}

/** IAM JSON `{Operator: {key: values}}` or Terraform `condition { test, variable, values }` blocks. */
function readConditions(node: Node | undefined): { tests: ConditionTest[]; unknown: boolean } {
  const tests: ConditionTest[] = [];
  let unknown = false;
  if (!node) return { tests, unknown };
  const blocks = node.kind === 'seq' ? node.items : [node];
  for (const block of blocks) {
    if (block.kind !== 'map') {
      unknown = true;
      continue;
    }
    if (getEntry(block, 'test') || getEntry(block, 'variable')) {
      const operator = scalar(get(block, 'test'));
      const key = scalar(get(block, 'variable'));
      if (typeof operator !== 'string' || typeof key !== 'string') unknown = true;
      else tests.push({ operator, key, values: valuesOf(get(block, 'values'), block), span: { offset: block.offset, length: block.length } });
      continue;
    }
    for (const operatorEntry of block.entries) {
      if (operatorEntry.value?.kind !== 'map') {
        unknown = true;
        continue;
      }
      for (const keyEntry of operatorEntry.value.entries) {
        tests.push({ operator: operatorEntry.key, key: keyEntry.key, values: valuesOf(keyEntry.value, keyEntry.span), span: keyEntry.span });
      }
    }
  }
  return { tests, unknown };
}

// --------------------------------------------------------------- conditions

export interface Operator {
  /** `StringEquals` for `ForAnyValue:StringEqualsIfExists`. */
  base: string;
  negated: boolean;
  ifExists: boolean;
  set: 'ForAllValues' | 'ForAnyValue' | undefined;
}

const NEGATED = new Set(['stringnotequals', 'stringnotequalsignorecase', 'stringnotlike', 'arnnotequals', 'arnnotlike', 'notipaddress', 'numericnotequals', 'datenotequals']);

export function parseOperator(operator: string): Operator {
  let rest = operator;
  let set: Operator['set'];
  // Stryker disable next-line Regex: `(.*)` already runs to the end of a one-line operator
  const qualified = /^(ForAllValues|ForAnyValue):(.*)$/i.exec(rest);
  if (qualified) {
    set = qualified[1].toLowerCase() === 'forallvalues' ? 'ForAllValues' : 'ForAnyValue';
    rest = qualified[2];
  }
  const ifExists = /IfExists$/i.test(rest);
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  return { base, negated: NEGATED.has(base.toLowerCase()), ifExists, set };
}

let keyKinds: Map<string, ConditionKeyKind> | undefined;
let notRestricting: RegExp[] | undefined;
onForget(() => (keyKinds = notRestricting = undefined));

/** How a condition key bears on who calls: a kind of restricting key, 'none', or undefined when the knowledge does not say. */
export function conditionKeyKind(key: string): ConditionKeyKind | 'none' | undefined {
  // Stryker disable next-line AssignmentOperator: built once; building it again gives the same table
  keyKinds ??= new Map(policyKnowledge.conditionKeys.restricting.map((entry) => [entry.key.toLowerCase(), entry.kind]));
  // Stryker disable next-line AssignmentOperator: as above
  notRestricting ??= policyKnowledge.conditionKeys.notRestricting.map((pattern) => globRegex(pattern));
  const lower = key.toLowerCase();
  const kind = keyKinds.get(lower);
  if (kind) return kind;
  return notRestricting.some((pattern) => pattern.test(lower)) ? 'none' : undefined;
}

/** Why a condition does or does not limit who can make a request. */
export interface ConditionJudgement {
  restricts: boolean;
  /** For one that does not: why, in words for a message. */
  why?: string;
}

/**
 * Whether an Allow's condition limits the callers: a restricting key, a
 * positive operator that is false when the key is missing, and values that
 * are not everything (`*`, `0.0.0.0/0`, an ARN with a wildcard account).
 * A deploy-time value restricts (it is unknown, so never a finding).
 */
export function judgeAllowCondition(test: ConditionTest): ConditionJudgement {
  const operator = parseOperator(test.operator);
  const kind = conditionKeyKind(test.key);
  if (kind === 'none') return { restricts: false, why: `${test.key} says nothing about who calls` };
  if (operator.base.toLowerCase() === 'null') return { restricts: false, why: `Null only tests whether ${test.key} is present` };
  if (kind === undefined) return { restricts: true };
  if (operator.negated) return { restricts: false, why: `${test.operator} on ${test.key} lets every other value in` };
  if (operator.ifExists) return { restricts: false, why: `${test.operator} lets requests without ${test.key} through` };
  if (operator.set === 'ForAllValues') return { restricts: false, why: `ForAllValues holds for requests without ${test.key}` };
  if (kind === 'flag') {
    const isTrue = test.values.every((value) => value.unknown || String(value.text).toLowerCase() === 'true');
    return isTrue ? { restricts: true } : { restricts: false, why: `${test.key} is not required to be true` };
  }
  const open = test.values.find((value) => !value.unknown && !valueRestricts(kind, operator, value.text ?? ''));
  if (open) return { restricts: false, why: openValueWhy(kind, test, open.text ?? '') };
  return { restricts: true };
}

/**
 * Whether a Deny's condition holds for every caller outside a boundary, so
 * that the Deny shuts them out: a restricting key, a negated operator that
 * is true when the key is missing (plain, IfExists or ForAllValues) and a
 * value that names a boundary.
 */
export function isBoundaryCondition(test: ConditionTest): boolean {
  const operator = parseOperator(test.operator);
  const kind = conditionKeyKind(test.key);
  // `Null` needs no test of its own: it is not Bool, and not negated, so the checks below turn it down.
  if (kind === 'none') return false;
  if (kind === 'flag') {
    // `Bool aws:PrincipalIsAWSService false`: everyone who is not an AWS service.
    return operator.base.toLowerCase() === 'bool' && test.values.every((value) => value.unknown || String(value.text).toLowerCase() === 'false');
  }
  if (!operator.negated || operator.set === 'ForAnyValue') return false;
  // A key the knowledge does not know, tested with a negated operator: taken as a boundary (a false error costs more).
  if (kind === undefined) return true;
  return test.values.every((value) => value.unknown || valueRestricts(kind, operator, value.text ?? ''));
}

const WORLD = new Set(['0.0.0.0/0', '::/0']);

function valueRestricts(kind: ConditionKeyKind, operator: Operator, text: string): boolean {
  // StringLike and the Arn operators read `*` and `?` as wildcards; StringEquals reads them literally.
  // Stryker disable next-line Regex: no IAM operator has "like" but at its end or "arn" but at its start
  const like = /like$/i.test(operator.base) || /^arn/i.test(operator.base);
  const wild = (part: string): boolean => like && /[*?]/.test(part);
  if (text === '' || (like && /^[*?]+$/.test(text))) return false;
  switch (kind) {
    case 'ip':
      return !WORLD.has(text.trim());
    case 'id':
      return !wild(text);
    case 'prefix': {
      const first = text.split(/[/:]/)[0];
      return first !== '' && !wild(first);
    }
    case 'service':
      return !/^[*?]/.test(text);
    case 'arn': {
      const parts = text.split(':');
      if (parts.length < 6) return !wild(text);
      const resource = parts.slice(5).join(':');
      // Bucket names are global: `arn:aws:s3:*:*:my-bucket` names one bucket whatever its region and account fields say.
      if (parts[2] === 's3' && resource !== '' && !wild(resource.charAt(0))) return true;
      const account = parts[4];
      if (account !== '') return !wild(account);
      return resource !== '' && !wild(resource.charAt(0));
    }
    case 'flag':
      return true;
  }
}

function openValueWhy(kind: ConditionKeyKind, test: ConditionTest, text: string): string {
  if (kind === 'ip') return `${test.key} ${text} is the whole internet`;
  if (/^[*?]+$/.test(text) || text === '') return `${test.operator} "${text}" on ${test.key} matches every caller`;
  if (kind === 'arn') return `${test.key} ${text} matches any account`;
  return `${test.operator} "${text}" on ${test.key} matches callers in any account`;
}

// ------------------------------------------------------------------ actions

function globRegex(glob: string): RegExp {
  return new RegExp(`^${glob.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** True when every string `specific` matches is matched by `general` (both IAM globs, case-insensitive). */
export function globCovers(general: string, specific: string): boolean {
  const g = general.toLowerCase();
  const s = specific.toLowerCase();
  // Stryker disable next-line ConditionalExpression: a shortcut; the walk below gives the same answer for "*"
  if (g === '*') return true;
  // memo[i][j]: g from i covers s from j. s's own wildcards must meet a `*` in g.
  const memo = new Map<number, boolean>();
  const covers = (i: number, j: number): boolean => {
    const key = i * (s.length + 1) + j;
    const known = memo.get(key);
    // Stryker disable next-line ConditionalExpression: the memo only saves time (without it the walk is exponential, not wrong)
    if (known !== undefined) return known;
    let result: boolean;
    if (i === g.length) result = j === s.length;
    else if (g[i] === '*') result = covers(i + 1, j) || (j < s.length && covers(i, j + 1));
    // Stryker disable next-line ConditionalExpression: (as false; true is killed) past the end of s, j only grows and no literal or `?` step can reach i === g.length with j === s.length
    else if (j === s.length) result = false;
    else if (g[i] === '?') result = s[j] !== '*' && covers(i + 1, j + 1);
    // g[i] is a literal here, so it never equals a wildcard of s.
    else result = g[i] === s[j] && covers(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return covers(0, 0);
}

/** True when some string is matched by both globs. */
export function globsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const memo = new Map<number, boolean>();
  const overlap = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const known = memo.get(key);
    // Stryker disable next-line ConditionalExpression: the memo only saves time (without it the walk is exponential, not wrong)
    if (known !== undefined) return known;
    let result: boolean;
    if (i === x.length && j === y.length) result = true;
    // Past its end a glob's character is undefined, never "*".
    else if (x[i] === '*') result = overlap(i + 1, j) || (j < y.length && overlap(i, j + 1));
    else if (y[j] === '*') result = overlap(i, j + 1) || (i < x.length && overlap(i + 1, j));
    else if (i === x.length || j === y.length) result = false;
    else result = (x[i] === '?' || y[j] === '?' || x[i] === y[j]) && overlap(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return overlap(0, 0);
}

/** Some actions: patterns (`s3:Get*`), each with the patterns taken out of it. */
interface ActionPart {
  pattern: string;
  except: string[];
}

/**
 * The actions a statement's Action/NotAction names, narrowed to the services
 * the resource policy governs (`*` on an API is `execute-api:*`). Undefined
 * when they are only known at deploy time.
 */
function statementActions(statement: PolicyStatement, services: string[] | undefined): ActionPart[] | undefined {
  const scope = services?.map((service) => `${service}:*`) ?? ['*'];
  if (statement.action) {
    const known = statement.action.values.filter((value) => !value.unknown && value.text);
    // Stryker disable next-line ConditionalExpression: no actions and no known actions are both skipped by the caller
    if (!known.length) return undefined;
    const parts: ActionPart[] = [];
    for (const value of known) {
      const pattern = value.text!;
      for (const service of scope) {
        if (globCovers(service, pattern)) parts.push({ pattern, except: [] });
        else if (globsOverlap(service, pattern)) parts.push({ pattern: service, except: [] });
      }
    }
    return dedupeParts(parts);
  }
  if (statement.notAction) {
    // Everything in scope except the listed actions.
    if (statement.notAction.values.some((value) => value.unknown)) return undefined;
    const excluded = statement.notAction.values.map((value) => value.text ?? '');
    return scope.filter((service) => !excluded.some((pattern) => globCovers(pattern, service))).map((service) => ({ pattern: service, except: excluded.filter((pattern) => globsOverlap(pattern, service)) }));
  }
  return undefined;
}

function dedupeParts(parts: ActionPart[]): ActionPart[] {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a part compared with itself covers itself both ways, which keeps it
  return parts.filter((part, index) => !parts.some((other, otherIndex) => otherIndex !== index && globCovers(other.pattern, part.pattern) && (!globCovers(part.pattern, other.pattern) || otherIndex < index)));
}

/** What is left of `parts` once a Deny of `denied` (Action) or of everything but `kept` (NotAction) applies. */
function subtract(parts: ActionPart[], deny: PolicyStatement): ActionPart[] {
  if (deny.action) {
    // A deploy-time action in a Deny might be any of them: it covers.
    if (deny.action.values.some((value) => value.unknown)) return [];
    const denied = deny.action.values.map((value) => value.text ?? '');
    return parts.flatMap((part) => {
      if (denied.some((pattern) => globCovers(pattern, part.pattern))) return [];
      const overlapping = denied.filter((pattern) => globsOverlap(pattern, part.pattern));
      return [{ pattern: part.pattern, except: [...part.except, ...overlapping] }];
    });
  }
  if (deny.notAction) {
    if (deny.notAction.values.some((value) => value.unknown)) return [];
    const kept = deny.notAction.values.map((value) => value.text ?? '');
    return parts.flatMap((part) => {
      if (kept.some((pattern) => globCovers(pattern, part.pattern))) return [part];
      return kept.filter((pattern) => globsOverlap(pattern, part.pattern)).map((pattern) => ({ pattern: globCovers(part.pattern, pattern) ? pattern : part.pattern, except: part.except }));
    });
  }
  return parts;
}

/** A Deny covers the Allow's resources when it names `*`, a deploy-time value, or a pattern covering each of them. */
function resourcesCovered(deny: PolicyStatement, allow: PolicyStatement): boolean {
  const allowed = allow.resource?.values ?? [];
  if (deny.resource) {
    const patterns = deny.resource.values;
    if (patterns.some((value) => value.unknown || value.text === '*')) return true;
    if (!allow.resource) return false;
    return allowed.every((value) => value.unknown || patterns.some((pattern) => globCovers(pattern.text ?? '', value.text ?? '')));
  }
  if (deny.notResource) {
    if (deny.notResource.values.some((value) => value.unknown)) return true;
    return !allowed.some((value) => !value.unknown && deny.notResource!.values.some((pattern) => globsOverlap(pattern.text ?? '', value.text ?? '')));
  }
  // No Resource at all (API Gateway policies written loosely): the whole resource.
  return true;
}

// ------------------------------------------------------------- evaluation

export interface PublicGrant {
  statement: PolicyStatement;
  principal: PrincipalElement;
  /** The actions everyone gets, as written or narrowed (`s3:GetObject`, `execute-api:*`). */
  actions: string[];
  /** Why nothing restricts them, in words: "with no Condition", "aws:SecureTransport says nothing about who calls". */
  why: string;
}

/** Whether a Deny shuts out everyone outside a boundary (or everyone at all): its principal and every condition. */
function deniesOutsiders(statement: PolicyStatement): boolean {
  if (statement.effect !== 'Deny') return false;
  // A Deny to everyone but the principals it names (NotPrincipal) is a boundary by itself.
  const everyone = statement.principal?.everyone === true || (statement.notPrincipal !== undefined && !statement.notPrincipal.everyone);
  if (!everyone) return false;
  if (statement.conditionUnknown) return true;
  return statement.conditions.every(isBoundaryCondition);
}

/**
 * The grants a document makes to everyone, after IAM's evaluation: explicit
 * Deny overrides Allow. `services` narrows actions to those the resource
 * policy can grant (a bucket policy grants only `s3:` actions).
 */
export function publicGrants(document: PolicyDocument, services?: string[]): PublicGrant[] {
  if (document.incomplete || document.boundary) return [];
  const denies = document.statements.filter(deniesOutsiders);
  const grants: PublicGrant[] = [];
  for (const statement of document.statements) {
    if (statement.effect !== 'Allow') continue;
    const principal = statement.principal?.everyone ? statement.principal : statement.notPrincipal ? { ...statement.notPrincipal, everyone: true } : undefined;
    if (!principal || statement.conditionUnknown) continue;
    const judgements = statement.conditions.map(judgeAllowCondition);
    if (judgements.some((judgement) => judgement.restricts)) continue;
    let parts = statementActions(statement, services);
    if (!parts?.length) continue;
    for (const deny of denies) if (resourcesCovered(deny, statement)) parts = subtract(parts, deny);
    if (!parts.length) continue;
    const why = judgements.length ? `and its Condition restricts nobody: ${[...new Set(judgements.map((judgement) => judgement.why))].join('; ')}` : 'with no Condition';
    grants.push({ statement, principal, actions: parts.map(describePart), why });
  }
  return grants;
}

function describePart(part: ActionPart): string {
  return part.except.length ? `${part.pattern} (except ${part.except.join(', ')})` : part.pattern;
}

/**
 * A permission written as properties (`AWS::Lambda::Permission`): one Allow
 * statement whose source properties are conditions, so that it is judged by
 * the same rules as a policy document.
 */
export function permissionStatement(node: Node, paths: { principal: string; action: string; conditions: Record<string, string> }): PolicyDocument | undefined {
  const principal = entryAt(node, paths.principal);
  if (!principal) return undefined;
  const action = entryAt(node, paths.action);
  const conditions: ConditionTest[] = [];
  for (const [path, key] of Object.entries(paths.conditions)) {
    const entry = entryAt(node, path);
    if (entry) conditions.push({ operator: key === 'aws:SourceArn' ? 'ArnLike' : 'StringEquals', key, values: valuesOf(entry.value, entry.span), span: entry.span });
  }
  const statement: PolicyStatement = {
    span: principal.span,
    effect: 'Allow',
    principal: readPrincipal(principal, 'Principal'),
    action: action ? { entry: action, values: valuesOf(action.value, action.span) } : undefined,
    conditions,
    conditionUnknown: false,
  };
  return { statements: [statement], incomplete: false };
}

/** The entries at a dotted path, where `*` stands for every key of a map. */
export function entriesAt(node: Node | undefined, path: string): Entry[] {
  let frontier: (Node | undefined)[] = [node];
  const segments = path.split('.');
  const found: Entry[] = [];
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    // Stryker disable next-line ArrayDeclaration: anything but a map in the frontier is skipped
    const next: (Node | undefined)[] = [];
    for (const current of frontier) {
      if (current?.kind !== 'map') continue;
      const entries = segment === '*' ? current.entries : current.entries.filter((entry) => entry.key === segment);
      for (const entry of entries) {
        if (last) found.push(entry);
        else next.push(entry.value);
      }
    }
    frontier = next;
  });
  return found;
}

function entryAt(node: Node, path: string): Entry | undefined {
  return entriesAt(node, path)[0];
}
