/**
 * The checks that rules.json names, on the Azure resource model
 * (resources.ts). Deploy-time expressions are never judged: a value known
 * only when the template is deployed is neither secure nor insecure here.
 */
import type { Finding, Span } from '../../types';
import type { Entry, Node } from '../../parse/tree';
import { azureRuleData, azureRules, publishedType } from './knowledge';
import type { AzureCondition, AzureRule } from './knowledge/schema';
import { entryAtPath, entryCI, isExpression, literalText, type AzureResource } from './resources';
import { findSecret, secretsInText } from '../../engine/secrets';
import { maskSecret } from '../../engine/text';

/** A rule's fix as the format writes values (`false`, `"TLS1_2"`): JSON and HCL share these literals. */
export type FixValue = (value: string) => string;

const OPEN_SOURCES = new Set(['*', 'internet', 'any', '0.0.0.0/0', '::/0', '0.0.0.0']);

export function checkAzureResources(resources: readonly AzureResource[], kind: string, fixValue: FixValue = (value) => value): Finding[] {
  const findings: Finding[] = [];
  for (const resource of resources) {
    const type = resource.type.toLowerCase();
    for (const rule of azureRuleData.rules) {
      if (!rule.check.types.some((candidate) => candidate === '*' || candidate.toLowerCase() === type)) continue;
      findings.push(...runCheck(rule, resource, kind, fixValue));
    }
  }
  return findings.sort((a, b) => a.span.offset - b.span.offset);
}

/** Literal credentials in values that no resource holds yet (a Bicep parameters file's), as the literal-secret rules report them. */
export function checkAzureLiteralSecrets(holder: AzureResource, kind: string): Finding[] {
  // Stryker disable next-line ArrowFunction: literal-secret findings carry no fix, so the fix writer is never called
  return azureRuleData.rules.filter((rule) => rule.check.kind === 'literal-secret').flatMap((rule) => runCheck(rule, holder, kind, (value) => value));
}

function runCheck(rule: AzureRule, resource: AzureResource, kind: string, fixValue: FixValue): Finding[] {
  const check = rule.check;
  const finding = (span: Span, values: Record<string, string> = {}) => azureRules.findingOf(rule.id, span, resource.name, resource.type, values, kind);
  switch (check.kind) {
    case 'value': {
      if (!(check.when ?? []).every((condition) => holds(resource.node, condition))) return [];
      const insecure = new Set(check.insecure.map((value) => value.toLowerCase()));
      let present = false;
      for (const path of check.paths) {
        const { entry, blocked } = entryAtPath(resource.node, path);
        if (blocked) return [];
        if (!entry) continue;
        present = true;
        const text = literalText(entry.value);
        if (text === undefined || !insecure.has(text.toLowerCase())) continue;
        const found = finding(entry.span, { value: text });
        return found ? [withFix(found, rule, entry, fixValue)] : [];
      }
      if (present || !check.absentIsInsecure) return [];
      // Stryker disable next-line ObjectLiteral,StringLiteral: no rule that finds an absent setting insecure says {value} in its message
      const found = finding(resource.typeSpan, { value: 'the default' });
      return found ? [found] : [];
    }
    case 'nsg-open-admin-port':
      return securityRules(resource).flatMap((properties) => openRule(properties, check.ports, finding));
    case 'unknown-type': {
      // Only a near miss is reported: a type the list does not have may still be valid (an older API, a newer one).
      const { known, meant } = publishedType(resource.type);
      if (known || !meant) return [];
      const found = finding(resource.typeSpan, { value: resource.type, meant });
      // Stryker disable next-line ConditionalExpression: the rule comes from the book that findingOf reads, so it always returns a finding
      if (!found) return [];
      // A fix only where the type is written as a string of its own (ARM JSON); Bicep's carries `@version`,
      // and Terraform's ARM type comes from the mapping.
      const written = entryCI(resource.node, 'type')?.value;
      if (written?.kind !== 'scalar' || literalText(written) !== resource.type) return [found];
      return [{ ...found, fix: { title: `Change the type to ${meant}`, edits: [{ offset: written.offset + 1, length: resource.type.length, newText: meant }], preferred: false } }];
    }
    case 'literal-secret':
      return literalSecrets(resource.node).flatMap((hit) => finding(hit.span, { path: hit.path, value: hit.masked, what: hit.what }) ?? []);
  }
}

/** Whether a condition on another setting holds; never when a deploy-time value is on the way. */
function holds(node: Node, condition: AzureCondition): boolean {
  const { entry, blocked } = entryAtPath(node, condition.path);
  if (blocked) return false;
  if (!entry) return condition.absent === true;
  const value = entry.value;
  // Stryker disable next-line ConditionalExpression: a deploy-time value is neither a list nor a literal, so the lines below return false for it too
  if (isExpression(value)) return false;
  if (value?.kind === 'seq') return condition.empty === true && value.items.length === 0;
  const text = literalText(value);
  return text !== undefined && (condition.in ?? []).some((candidate) => candidate.toLowerCase() === text.toLowerCase());
}

function withFix(finding: Finding, rule: AzureRule, entry: Entry, fixValue: FixValue): Finding {
  if (!rule.fix || !entry.value) return finding;
  const value = entry.value;
  return {
    ...finding,
    fix: {
      title: rule.fix.title,
      edits: [{ offset: value.offset, length: value.length, newText: fixValue(rule.fix.value) }],
      preferred: rule.fix.preferred ?? true,
      target: { resourceType: finding.resourceType, path: entry.key },
    },
  };
}

/** Keys that name or locate a resource, never hold a credential. */
const NOT_SECRET_KEYS = new Set(['type', 'apiversion', 'name', 'location', 'dependson', 'id', 'kind']);

/**
 * Literal credentials below a resource: a secret-named key with a secret-looking value, a credential
 * shape or a connection string's key or password anywhere in a value. Deploy-time expressions
 * (`[parameters('password')]`, `var.password`) are references, never secrets.
 */
function literalSecrets(node: Node): { span: Span; path: string; masked: string; what: string }[] {
  const hits: { span: Span; path: string; masked: string; what: string }[] = [];
  const visit = (current: Node | undefined, path: string, parent: string | undefined, depth: number): void => {
    if (depth > 64 || hits.length >= 20 || current === undefined || isExpression(current)) return;
    if (current.kind === 'seq') {
      current.items.forEach((item, index) => visit(item, `${path}[${index}]`, parent, depth + 1));
      return;
    }
    if (current.kind !== 'map') return;
    // App settings and connection strings are `{ name, value }` pairs: the name says what the value is.
    const pairName = literalText(entryCI(current, 'name')?.value);
    for (const entry of current.entries) {
      if (depth === 0 && NOT_SECRET_KEYS.has(entry.key.toLowerCase())) continue;
      const childPath = path ? `${path}.${entry.key}` : entry.key;
      const text = literalText(entry.value);
      if (text === undefined) {
        visit(entry.value, childPath, entry.key, depth + 1);
        continue;
      }
      const name = pairName !== undefined && entry.key.toLowerCase() === 'value' ? pairName : entry.key;
      const hit = findSecret(name, text, parent) ?? secretsInText(text)[0];
      if (hit) hits.push({ span: entry.span, path: name === entry.key ? childPath : `${childPath} (${name})`, masked: maskSecret(text.slice(hit.start, hit.start + hit.length)), what: hit.what });
    }
  };
  visit(node, '', undefined, 0);
  return hits;
}

/** The `properties` maps of a network security group's rules, or of a rule that is a resource of its own. */
function securityRules(resource: AzureResource): Node[] {
  const properties = entryCI(resource.node, 'properties')?.value;
  if (resource.type.toLowerCase().endsWith('/securityrules')) return properties ? [properties] : [];
  const rules = entryCI(properties, 'securityRules')?.value;
  if (rules?.kind !== 'seq') return [];
  // Stryker disable next-line MethodExpression,ConditionalExpression: openRule finds nothing in a missing properties map (it has no direction), so keeping undefined changes nothing
  return rules.items.map((item) => entryCI(item, 'properties')?.value).filter((node): node is Node => node !== undefined);
}

/** An inbound Allow rule from anywhere to an administration port or every port: one finding, on its source. */
function openRule(properties: Node, ports: readonly string[], finding: (span: Span, values: Record<string, string>) => Finding | undefined): Finding[] {
  const word = (key: string) => literalText(entryCI(properties, key)?.value)?.toLowerCase();
  if (word('direction') !== 'inbound' || word('access') !== 'allow') return [];
  const sources = values(properties, 'sourceAddressPrefix', 'sourceAddressPrefixes');
  const open = sources.find((source) => OPEN_SOURCES.has(source.text.toLowerCase()));
  if (!open) return [];
  const reached = values(properties, 'destinationPortRange', 'destinationPortRanges').map((port) => port.text);
  const hit = reached.includes('*') ? 'every port' : ports.find((port) => reached.some((range) => covers(range, Number(port))));
  if (!hit) return [];
  const found = finding(open.span, { port: hit === 'every port' ? hit : `port ${hit}`, source: open.text });
  return found ? [found] : [];
}

/** The literal values of a single-value key and its list twin (`sourceAddressPrefix`, `sourceAddressPrefixes`), with the span of the entry or item. */
function values(properties: Node, single: string, plural: string): { text: string; span: Span }[] {
  const out: { text: string; span: Span }[] = [];
  const one = entryCI(properties, single);
  const text = literalText(one?.value);
  if (one && text !== undefined) out.push({ text: text.trim(), span: one.span });
  const many = entryCI(properties, plural)?.value;
  if (many?.kind === 'seq' && !isExpression(many)) {
    for (const item of many.items) {
      const itemText = literalText(item);
      if (itemText !== undefined) out.push({ text: itemText.trim(), span: { offset: item.offset, length: item.length } });
    }
  }
  return out;
}

/** Whether a port range (`22`, `20-30`) includes the port; openRule reads `*` before asking. */
function covers(range: string, port: number): boolean {
  const dash = range.indexOf('-');
  if (dash < 0) return Number(range) === port;
  const low = Number(range.slice(0, dash));
  const high = Number(range.slice(dash + 1));
  return Number.isFinite(low) && Number.isFinite(high) && low <= port && port <= high;
}
