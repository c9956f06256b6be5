/**
 * Quick fixes for the findings of template resources (CloudFormation, SAM,
 * and the `resources` section of Serverless files), as plain text edits made
 * with the helpers of engine/edits.ts.
 *
 * Which value is secure comes from the rule data (knowledge/findings.json):
 * a `property` rule whose insecure value is `equals: false` is fixed by
 * `true` and the other way round. Placeholders (a private CIDR range, a
 * Secrets Manager reference to fill in) are offered but never preferred, so
 * "fix all" never applies them.
 */
import type { Finding, Fix } from '../../types';
import type { FindingRule } from './knowledge/schema';
import { findingRules } from './knowledge';
import { get, getEntry, type MapNode, type Node } from '../../parse/tree';
import { entryAt, insertPath, layoutOf, replaceScalar, type Layout } from '../../engine/edits';

/** Placeholder ranges: private address space that the user must narrow to their admin network. */
export const PLACEHOLDER_CIDR = '10.0.0.0/8';
export const PLACEHOLDER_CIDR_V6 = 'fd00::/8';
/** A Secrets Manager dynamic reference whose secret name the user must fill in. */
export const SECRET_PLACEHOLDER = 'REPLACE-WITH-SECRET-NAME';

/**
 * Rules whose fix changes a property that CloudFormation can only set when the
 * resource is created: applying it to a deployed stack replaces the resource
 * (the rule's own `fix` text says so), so the fix is offered but not preferred.
 */
const REPLACES_RESOURCE = new Set(['rds-storage-unencrypted']);

/**
 * Adds `fix` to the findings of template resources (CloudFormation, SAM, and
 * the `resources` section of Serverless files). `root` is the map that holds
 * `Resources`.
 */
export function withTemplateFixes(text: string, root: Node, findings: Finding[]): Finding[] {
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map' || !findings.length) return findings;
  const layout = layoutOf(text);
  return findings.map((finding) => {
    const entry = getEntry(resources, finding.resource);
    if (entry?.value?.kind !== 'map' || finding.fix) return finding;
    const fix = templateFix(layout, entry.value, entry.keySpan.offset, finding);
    return fix ? { ...finding, fix } : finding;
  });
}

function templateFix(layout: Layout, resource: MapNode, logicalIdOffset: number, finding: Finding): Fix | undefined {
  const rules = findingRules.rules.filter((rule) => rule.id === finding.ruleId);
  if (!rules.length) return undefined;
  const check = rules[0].check;
  switch (check.kind) {
    case 'property':
      return propertyFix(layout, resource, logicalIdOffset, finding, rules);
    case 'world-open-ingress':
      return cidrFix(layout, resource, finding);
    case 'literal-secret':
      return secretFix(layout, resource, finding);
    default:
      return undefined;
  }
}

/* ------------------------------------------------------- boolean properties */

function propertyFix(layout: Layout, resource: MapNode, logicalIdOffset: number, finding: Finding, rules: FindingRule[]): Fix | undefined {
  const rule = rules.find((candidate) => candidate.check.kind === 'property' && matchesType(candidate.check.types, finding.resourceType));
  if (rule?.check.kind !== 'property') return undefined;
  const secure = secureValue(rule);
  if (secure === undefined) return undefined;
  const preferred = !REPLACES_RESOURCE.has(rule.id);
  const segments = rule.check.path.split('.');
  const name = segments[segments.length - 1].replace(/\[\]$/, '');
  const title = `Set ${name}: ${secure}`;
  const below = segments.slice(1).join('.');
  // The finding points at the insecure entry itself: replace its value.
  const found = entryAt(resource, finding.span.offset);
  if (found && found.key === name) {
    if (found.value?.kind !== 'scalar') return undefined;
    return { title, preferred, edits: [replaceScalar(layout, found.value, String(secure))] };
  }
  // Otherwise the property is missing (the finding is on the logical id); paths through lists cannot be filled in.
  if (finding.span.offset !== logicalIdOffset || segments.some((segment) => segment.endsWith('[]'))) return undefined;
  const edit = insertPath(layout, resource, segments, String(secure));
  return edit ? { title: `Add ${below}: ${secure}`, preferred, edits: [edit] } : undefined;
}

/** The opposite of a single boolean `equals` condition; undefined when the rule is not that simple. */
function secureValue(rule: FindingRule): boolean | undefined {
  if (rule.check.kind !== 'property' || rule.check.insecure.length !== 1) return undefined;
  const condition = rule.check.insecure[0];
  if (condition.path !== undefined || typeof condition.equals !== 'boolean') return undefined;
  return !condition.equals;
}

function matchesType(types: string[], type: string): boolean {
  return types.some((candidate) => candidate === type || (candidate.endsWith('*') && type.startsWith(candidate.slice(0, -1))));
}

/* ---------------------------------------------------------------- CIDR ranges */

function cidrFix(layout: Layout, resource: MapNode, finding: Finding): Fix | undefined {
  const entry = entryAt(resource, finding.span.offset);
  if (!entry || entry.value?.kind !== 'scalar' || (entry.key !== 'CidrIp' && entry.key !== 'CidrIpv6')) return undefined;
  const placeholder = entry.key === 'CidrIp' ? PLACEHOLDER_CIDR : PLACEHOLDER_CIDR_V6;
  return {
    title: `Restrict ${entry.key} to the placeholder range ${placeholder} (then narrow it to your admin network)`,
    preferred: false,
    edits: [replaceScalar(layout, entry.value, placeholder)],
  };
}

/* -------------------------------------------------------------- literal secrets */

function secretFix(layout: Layout, resource: MapNode, finding: Finding): Fix | undefined {
  const entry = entryAt(resource, finding.span.offset);
  // Only a finding on the whole entry is the whole value: one line of a script (UserData) is not replaced.
  if (!entry || entry.value?.kind !== 'scalar' || entry.span.offset !== finding.span.offset) return undefined;
  const reference = `{{resolve:secretsmanager:${SECRET_PLACEHOLDER}:SecretString:${secretJsonKey(entry.key)}}}`;
  const value = entry.value;
  const original = layout.text.slice(value.offset, value.offset + value.length);
  // `{{` would start a flow mapping in plain YAML: always quote, with the file's own quote when it had one.
  const quote = original.startsWith('"') || isJsonValue(layout, value) ? '"' : "'";
  return {
    title: 'Replace the literal secret with a Secrets Manager dynamic reference (fill in the secret name)',
    preferred: false,
    edits: [{ offset: value.offset, length: value.length, newText: `${quote}${reference}${quote}` }],
  };
}

/** The key inside the secret's JSON: `password` for password-like names, else the property name. */
function secretJsonKey(key: string): string {
  if (/passw(or)?d|pwd/i.test(key)) return 'password';
  if (/user(name)?$/i.test(key)) return 'username';
  return key.replace(/[^A-Za-z0-9_-]/g, '') || 'value';
}

function isJsonValue(layout: Layout, node: Node): boolean {
  void node;
  return /^\uFEFF?\s*\{/.test(layout.text);
}
