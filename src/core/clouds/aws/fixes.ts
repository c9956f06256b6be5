/**
 * Quick fixes for the findings of template resources (CloudFormation, SAM,
 * and the `resources` section of Serverless files), as plain text edits made
 * with the helpers of engine/edits.ts.
 *
 * Which value is secure comes from the rule data (knowledge/findings.json):
 * a `property` rule whose insecure value is `equals: false` is fixed by
 * `true` and the other way round. A fix is `preferred` (applied by fix-all
 * and on save) only when it needs no decision: never when the property
 * replaces the resource (the spec's causesReplacement, replacement.ts), when
 * it changes what the resource's clients must do (the rule's `fixEffect`),
 * or when it leaves a value to fill in. A world-open CIDR becomes a template
 * parameter with a validating pattern and no default, so the range is chosen
 * at deploy time and nothing deployable is invented.
 */
import type { Finding, Fix, TextEdit } from '../../types';
import type { FindingRule } from './knowledge/schema';
import { findingRules } from './knowledge';
import { get, getEntry, type Entry, type MapNode, type Node } from '../../parse/tree';
import { entryAt, insertPath, insertStructured, layoutOf, offsetAfterEdits, replaceScalar, type Layout, type Structured } from '../../engine/edits';
import { cfnReplacement, replacementWords, type Replacement } from './replacement';
import { onForget } from '../../engine/memo';

/** A Secrets Manager dynamic reference whose secret name the user must fill in. */
export const SECRET_PLACEHOLDER = 'REPLACE-WITH-SECRET-NAME';

/**
 * CIDR ranges a parameter accepts: any IPv4 or IPv6 range except the whole
 * internet (`/0`), so the world-open value cannot come back at deploy time.
 */
export const CIDR_PATTERN = {
  ipv4: '^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])/([1-9]|[12][0-9]|3[0-2])$',
  ipv6: '^[0-9A-Fa-f:.]+/([1-9]|[1-9][0-9]|1[01][0-9]|12[0-8])$',
} as const;

/**
 * Adds `fix` to the findings of template resources (CloudFormation, SAM, and
 * the `resources` section of Serverless files). `root` is the map that holds
 * `Resources`; `template` says whether it is a whole template (one that can
 * take `Parameters`).
 */
export function withTemplateFixes(text: string, root: Node, findings: Finding[], template = true): Finding[] {
  const resources = get(root, 'Resources');
  // Stryker disable next-line LogicalOperator: a shortcut; without it a Resources that is not a map has no entry for any finding, and no findings map to none
  if (resources?.kind !== 'map' || !findings.length) return findings;
  const layout = layoutOf(text);
  return findings.map((finding) => {
    const entry = getEntry(resources, finding.resource);
    if (entry?.value?.kind !== 'map' || finding.fix) return finding;
    const fix = templateFix(layout, root, template, entry.value, entry.keySpan.offset, finding);
    return fix ? { ...finding, fix } : finding;
  });
}

let rulesById: Map<string, FindingRule[]> | undefined;
onForget(() => (rulesById = undefined));

function templateFix(layout: Layout, root: Node, template: boolean, resource: MapNode, logicalIdOffset: number, finding: Finding): Fix | undefined {
  if (!rulesById) {
    rulesById = new Map();
    for (const rule of findingRules.rules) rulesById.set(rule.id, [...(rulesById.get(rule.id) ?? []), rule]);
  }
  const rules = rulesById.get(finding.ruleId) ?? [];
  if (!rules.length) return undefined;
  const check = rules[0].check;
  switch (check.kind) {
    case 'property':
      return propertyFix(layout, resource, logicalIdOffset, finding, rules);
    case 'world-open-ingress':
      return template && root.kind === 'map' ? cidrFix(layout, root, resource, finding) : undefined;
    case 'literal-secret':
      return secretFix(layout, resource, finding);
    // Stryker disable next-line ConditionalExpression: without the return the switch ends and the function returns undefined all the same
    default:
      return undefined;
  }
}

/**
 * The fix with its safety: not preferred when it replaces the resource or
 * changes its clients, and its title says which.
 */
export function withSafety(fix: Fix, replaces: Replacement, clientEffect: string | undefined): Fix {
  const notes = [replacementWords(replaces), clientEffect].filter((note): note is string => Boolean(note));
  return {
    ...fix,
    title: notes.length ? `${fix.title} (${notes.join('; ')})` : fix.title,
    preferred: fix.preferred && replaces === 'no' && !clientEffect,
    ...(replaces !== 'no' ? { replaces } : {}),
    ...(clientEffect ? { clientEffect } : {}),
  };
}

/* ------------------------------------------------------- boolean properties */

function propertyFix(layout: Layout, resource: MapNode, logicalIdOffset: number, finding: Finding, rules: FindingRule[]): Fix | undefined {
  const rule = rules.find((candidate) => candidate.check.kind === 'property' && matchesType(candidate.check.types, finding.resourceType));
  if (rule?.check.kind !== 'property') return undefined;
  const secure = secureValue(rule);
  if (secure === undefined) return undefined;
  const segments = rule.check.path.split('.');
  // Stryker disable next-line Regex,StringLiteral: no property rule's path ends in a list (knowledge/findings.json), so there is no `[]` to strip
  const name = segments[segments.length - 1].replace(/\[\]$/, '');
  const below = segments.slice(1).join('.');
  const safe = (fix: Omit<Fix, 'preferred' | 'target'>, path: string): Fix =>
    withSafety({ ...fix, preferred: true, target: { resourceType: finding.resourceType, path } }, cfnReplacement(finding.resourceType, path), rule.fixEffect);
  // The finding points at the insecure entry itself: replace its value.
  const found = entryAt(resource, finding.span.offset);
  if (found && found.key === name) {
    if (found.value?.kind !== 'scalar') return undefined;
    return safe({ title: `Set ${name}: ${secure}`, edits: [replaceScalar(layout, found.value, String(secure))] }, pathTo(resource, found) ?? rule.check.path);
  }
  // Otherwise the property is missing (the finding is on the logical id); paths through lists cannot be filled in.
  if (finding.span.offset !== logicalIdOffset || segments.some((segment) => segment.endsWith('[]')) || typeof secure === 'string') return undefined;
  const edit = insertPath(layout, resource, segments, String(secure));
  return edit ? safe({ title: `Add ${below}: ${secure}`, edits: [edit] }, rule.check.path) : undefined;
}

/** The rule's `fixValue`, or the opposite of a single boolean `equals` condition; undefined when the rule is not that simple. */
function secureValue(rule: FindingRule): boolean | string | undefined {
  if (rule.check.kind !== 'property') return undefined;
  if (rule.fixValue !== undefined) return rule.fixValue;
  if (rule.check.insecure.length !== 1) return undefined;
  const condition = rule.check.insecure[0];
  if (condition.path !== undefined || typeof condition.equals !== 'boolean') return undefined;
  return !condition.equals;
}

function matchesType(types: string[], type: string): boolean {
  return types.some((candidate) => candidate === type || (candidate.endsWith('*') && type.startsWith(candidate.slice(0, -1))));
}

/**
 * `Properties.BlockDeviceMappings[0].Ebs.Encrypted`: the path from the resource to `target`. The paths of a
 * resource's entries are indexed once, so a resource with 60,000 findings costs one walk, not one per finding.
 */
function pathTo(node: Node, target: Entry): string | undefined {
  let index = entryPaths.get(node);
  if (!index) entryPaths.set(node, (index = indexPaths(node)));
  return index.get(target);
}

const entryPaths = new WeakMap<Node, Map<Entry, string>>();

/** Every entry below `root` with its path; the first path wins, as a search in document order would find it. */
function indexPaths(root: Node): Map<Entry, string> {
  const paths = new Map<Entry, string>();
  const stack: { node: Node | undefined; prefix: string }[] = [{ node: root, prefix: '' }];
  while (stack.length) {
    const { node, prefix } = stack.pop()!;
    if (node?.kind === 'map') {
      // Pushed in reverse so they come off in document order.
      for (let i = node.entries.length - 1; i >= 0; i--) {
        const entry = node.entries[i];
        const path = prefix ? `${prefix}.${entry.key}` : entry.key;
        stack.push({ node: entry.value, prefix: path });
      }
      for (const entry of node.entries) if (!paths.has(entry)) paths.set(entry, prefix ? `${prefix}.${entry.key}` : entry.key);
    } else if (node?.kind === 'seq') {
      // Stryker disable next-line ArithmeticOperator: starting past the end pushes only missing items, which index nothing
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], prefix: `${prefix}[${i}]` });
    }
  }
  return paths;
}

/* ---------------------------------------------------------------- CIDR ranges */

/**
 * `CidrIp: 0.0.0.0/0` → `CidrIp: !Ref <Resource>IngressCidr`, with that
 * parameter added: a String with a pattern that accepts a CIDR range but not
 * the whole internet, and no default. The parameter's name at the reference is
 * selected after the edit.
 */
function cidrFix(layout: Layout, root: MapNode, resource: MapNode, finding: Finding): Fix | undefined {
  const entry = entryAt(resource, finding.span.offset);
  if (!entry || entry.value?.kind !== 'scalar' || (entry.key !== 'CidrIp' && entry.key !== 'CidrIpv6')) return undefined;
  const ipv6 = entry.key === 'CidrIpv6';
  const json = isJson(layout);
  const parameters = getEntry(root, 'Parameters');
  if (parameters && parameters.value?.kind !== 'map') return undefined;
  const existing = parameters?.value?.kind === 'map' ? parameters.value : undefined;
  const base = `${finding.resource.replace(/[^A-Za-z0-9]/g, '')}Ingress${ipv6 ? 'Ipv6' : ''}Cidr`;
  const name = uniqueName(base, (candidate) => {
    const declared = getEntry(existing, candidate);
    // A parameter this fix added before (same pattern) is reused, not duplicated.
    return declared !== undefined && get(declared.value, 'AllowedPattern') === undefined;
  });
  const definition: Structured = {
    Type: 'String',
    Description: `${ipv6 ? 'IPv6' : 'IPv4'} range allowed in by ${finding.resource} (${finding.ruleId}): your admin network, never the whole internet`,
    AllowedPattern: ipv6 ? CIDR_PATTERN.ipv6 : CIDR_PATTERN.ipv4,
    ConstraintDescription: `must be a CIDR range narrower than the whole internet, such as ${ipv6 ? '2001:db8::/56' : '203.0.113.0/24'}`,
  };
  const edits: TextEdit[] = [];
  if (!getEntry(existing, name)) {
    const declare = existing ? insertStructured(layout, existing, name, definition) : insertStructured(layout, root, 'Parameters', { [name]: definition });
    if (!declare) return undefined;
    edits.push(declare);
  }
  const value = entry.value;
  const reference = json ? `{ "Ref": "${name}" }` : `!Ref ${name}`;
  const replace: TextEdit = { offset: value.offset, length: value.length, newText: reference };
  edits.push(replace);
  const at = offsetAfterEdits(edits, replace.offset) + reference.indexOf(name);
  const path = pathTo(resource, entry) ?? `Properties.${entry.key}`;
  return withSafety(
    {
      title: `Replace ${value.value === '::/0' ? '::/0' : '0.0.0.0/0'} with a parameter ${name} that is set at deploy time`,
      edits,
      preferred: false,
      target: { resourceType: finding.resourceType, path },
      select: { offset: at, length: name.length },
    },
    cfnReplacement(finding.resourceType, path),
    undefined,
  );
}

/** `base`, or `base2`, `base3` … the first name `taken` does not refuse. */
export function uniqueName(base: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  for (let suffix = 2; ; suffix++) if (!taken(`${base}${suffix}`)) return `${base}${suffix}`;
}

/* -------------------------------------------------------------- literal secrets */

function secretFix(layout: Layout, resource: MapNode, finding: Finding): Fix | undefined {
  const entry = entryAt(resource, finding.span.offset);
  // Only a finding on the whole entry is the whole value (entryAt finds only an entry that starts at the offset): one line of a script (UserData) is not replaced.
  if (!entry || entry.value?.kind !== 'scalar') return undefined;
  const secretKey = secretJsonKey(entry.key);
  const reference = `{{resolve:secretsmanager:${SECRET_PLACEHOLDER}:SecretString:${secretKey}}}`;
  const value = entry.value;
  const original = layout.text.slice(value.offset, value.offset + value.length);
  // `{{` would start a flow mapping in plain YAML: always quote, with the file's own quote when it had one.
  const quote = original.startsWith('"') || isJson(layout) ? '"' : "'";
  const start = value.offset + quote.length + reference.indexOf(SECRET_PLACEHOLDER);
  const path = pathTo(resource, entry) ?? entry.key;
  return withSafety(
    {
      title: 'Replace the literal secret with a Secrets Manager dynamic reference (fill in the secret name)',
      preferred: false,
      edits: [{ offset: value.offset, length: value.length, newText: `${quote}${reference}${quote}` }],
      target: { resourceType: finding.resourceType, path },
      select: { offset: start, length: SECRET_PLACEHOLDER.length },
    },
    cfnReplacement(finding.resourceType, path),
    undefined,
  );
}

/** The key inside the secret's JSON: `password` for password-like names, else the property name. */
function secretJsonKey(key: string): string {
  if (/passw(or)?d|pwd/i.test(key)) return 'password';
  if (/user(name)?$/i.test(key)) return 'username';
  return key.replace(/[^A-Za-z0-9_-]/g, '') || 'value';
}

function isJson(layout: Layout): boolean {
  return /^\uFEFF?\s*\{/.test(layout.text);
}

