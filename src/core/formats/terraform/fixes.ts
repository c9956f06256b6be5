/**
 * Quick fixes for Terraform findings, as text edits (see clouds/aws/fixes.ts for the
 * CloudFormation side and the principles):
 *
 * - a boolean attribute with the insecure value gets the other literal
 *   (`storage_encrypted = false` → `true`), only the value token changes;
 * - a missing attribute is added after the resource's last top-level
 *   argument, at its indentation; the attribute name comes from
 *   terraform-mapping.json (the Terraform attribute that configures the
 *   rule's CloudFormation property), with a nested block where the attribute
 *   lives in one (`point_in_time_recovery { enabled = true }`);
 * - a world-open CIDR becomes a `var.` reference to a new variable with no
 *   default and a validation that refuses `/0`, so the range is chosen when
 *   the configuration is applied; a literal secret becomes a `var.` reference
 *   to a new `sensitive` variable. Neither is preferred.
 *
 * Like the CloudFormation fixes, a fix is never preferred when the attribute
 * forces a new resource (clouds/aws/replacement.ts) or changes what clients
 * must do, and its title says so.
 *
 * Terraform values do not always map one to one onto CloudFormation ones, so
 * every candidate is checked: the file is analysed again with all candidate
 * edits applied, and a fix is kept only when its finding is gone.
 */
import type { Analysis, Finding, Fix, Setting, TextEdit } from '../../types';
import type { FindingRule } from '../../clouds/aws/knowledge/schema';
import { findingRules } from '../../clouds/aws/knowledge';
import { uniqueName, withSafety } from '../../clouds/aws/fixes';
import { terraformReplacementOf } from '../../clouds/aws/replacement';
import { applyEdits, offsetAfterEdits } from '../../engine/edits';
import { terraformResourceMapping, type TfAttributeMapping } from '../../clouds/aws/terraform-mapping';
import { onForget } from '../../engine/memo';

/** `name = value` at the start of a finding's span. */
const ATTRIBUTE = /^([A-Za-z_][\w-]*)([ \t]*=[ \t]*)/;

export function withTerraformFixes(text: string, analysis: Analysis, reanalyze: (text: string) => Analysis): Analysis {
  if (analysis.kind !== 'terraform' || !analysis.findings.length || analysis.errors.some((error) => error.severity !== 'info')) return analysis;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const candidates = new Map<Finding, Fix>();
  for (const finding of analysis.findings) {
    const fix = candidate(text, eol, analysis, finding);
    if (fix) candidates.set(finding, fix);
  }
  if (!candidates.size) return analysis;
  // Keep only the fixes that really remove their finding.
  const after = reanalyze(applyEdits(text, [...candidates.values()].flatMap((fix) => fix.edits)));
  // Counted once per key (counting per finding was quadratic on thousands of findings).
  const keyOf = (finding: Finding) => `${finding.ruleId} ${finding.resource}`;
  const countByKey = (findings: Iterable<Finding>) => {
    const counts = new Map<string, number>();
    for (const finding of findings) counts.set(keyOf(finding), (counts.get(keyOf(finding)) ?? 0) + 1);
    return counts;
  };
  const before = countByKey(analysis.findings);
  const remaining = countByKey(after.findings);
  const fixedPerKey = countByKey(candidates.keys());
  const works = (finding: Finding) => {
    const key = keyOf(finding);
    return (remaining.get(key) ?? 0) <= before.get(key)! - fixedPerKey.get(key)!;
  };
  if (after.errors.some((error) => error.severity !== 'info')) return analysis;
  return { ...analysis, findings: analysis.findings.map((finding) => (candidates.has(finding) && works(finding) ? { ...finding, fix: candidates.get(finding)! } : finding)) };
}

function candidate(text: string, eol: string, analysis: Analysis, finding: Finding): Fix | undefined {
  const rules = findingRules.rules.filter((rule) => rule.id === finding.ruleId);
  const spanText = text.slice(finding.span.offset, finding.span.offset + finding.span.length);
  switch (rules[0]?.check.kind) {
    case 'property':
      return booleanFix(text, eol, analysis, finding, rules, spanText);
    case 'world-open-ingress':
      return isHcl(text) ? cidrFix(text, eol, analysis, finding, spanText) : undefined;
    case 'literal-secret':
      return isHcl(text) ? secretFix(text, eol, analysis, finding, spanText) : undefined;
    // Stryker disable next-line ConditionalExpression: the last case; without its return the switch ends and the function returns undefined all the same
    default:
      return undefined;
  }
}

/** Terraform JSON (`.tf.json`) has no `var.` expressions outside strings: its values are left alone. */
function isHcl(text: string): boolean {
  return !/^\uFEFF?\s*\{/.test(text);
}

/**
 * The innermost setting whose entry holds the finding's span: its path names the attribute (`ingress[0].cidr_blocks`).
 * A resource's settings are sorted by offset once per analysis, and the search walks back from the finding: with
 * 60,000 ingress blocks, a scan of every setting per finding was quadratic.
 */
function settingAt(analysis: Analysis, finding: Finding): Setting | undefined {
  let byResource = settingIndexes.get(analysis);
  // Stryker disable next-line ConditionalExpression: a cache; indexing again gives the same index
  if (!byResource) settingIndexes.set(analysis, (byResource = indexSettings(analysis.settings)));
  const settings = byResource.get(finding.resource);
  if (!settings) return undefined;
  const start = finding.span.offset;
  const end = start + finding.span.length;
  // The last setting that starts at or before the finding.
  let low = 0;
  let high = settings.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (settings[middle].span.offset <= start) low = middle + 1;
    else high = middle;
  }
  let best: Ordered | undefined;
  for (let index = low - 1; index >= 0; index--) {
    const setting = settings[index];
    const { offset, length } = setting.span;
    // Settings nest: one that starts before the innermost holder found so far and also holds the finding holds that one too.
    if (best && offset < best.span.offset) break;
    if (end <= offset + length && (!best || length < best.span.length || (length === best.span.length && setting.order < best.order))) best = setting;
  }
  return best?.setting;
}

interface Ordered {
  setting: Setting;
  span: Setting['span'];
  /** Its place in analysis.settings: among equal spans, the first wins, as before. */
  order: number;
}

const settingIndexes = new WeakMap<Analysis, Map<string, Ordered[]>>();

function indexSettings(settings: readonly Setting[]): Map<string, Ordered[]> {
  const byResource = new Map<string, Ordered[]>();
  settings.forEach((setting, order) => {
    const list = byResource.get(setting.resource) ?? [];
    if (!list.length) byResource.set(setting.resource, list);
    list.push({ setting, span: setting.span, order });
  });
  for (const list of byResource.values()) list.sort((a, b) => a.span.offset - b.span.offset || a.order - b.order);
  return byResource;
}

/** The attribute's safety from ForceNew data (or the CloudFormation property it maps onto). */
function safeTf(fix: Fix, finding: Finding, path: string, clientEffect: string | undefined): Fix {
  const { replaces } = terraformReplacementOf(finding.resourceType, path);
  return withSafety({ ...fix, target: { resourceType: finding.resourceType, path } }, replaces, clientEffect);
}

/** `aws_security_group.open` → `open`; a name usable in a variable name. */
function localName(resource: string): string {
  return (resource.split('.').pop() ?? resource).toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/** A `variable` block appended at the end of the file, unless one of that name is declared already. */
function declareVariable(text: string, eol: string, name: string, body: string[]): TextEdit | undefined {
  if (declaredVariables(text).has(name)) return undefined;
  const ending = /(\r?\n)$/.test(text) ? '' : eol;
  return { offset: text.length, length: 0, newText: `${ending}${eol}variable "${name}" {${eol}${body.map((line) => `  ${line}${eol}`).join('')}}${eol}` };
}

/**
 * The variables `text` declares (`variable "name"` first on a line), each with the start of its blocks: from
 * the `{` to the first `}` (where a fix's validation or `sensitive = true` sits). Built once per text; looking
 * each finding's name up in the whole text was quadratic on thousands of findings.
 */
function declaredVariables(text: string): Map<string, string[]> {
  // Stryker disable next-line ConditionalExpression: a cache; declaring the variables again gives the same map
  if (variablesOf?.text === text) return variablesOf.variables;
  const variables = new Map<string, string[]>();
  // The next `}` at or after an offset; offsets only grow, so one search serves many lines.
  // Stryker disable next-line UnaryOperator: every offset asked for is past `variable "`, so a start of 1 is searched from as -1 is
  let close = -1;
  const closeAfter = (offset: number) => {
    if (close !== text.length && close < offset) close = text.indexOf('}', offset);
    if (close < 0) close = text.length;
    return close;
  };
  let lineStart = 0;
  // Stryker disable next-line EqualityOperator: one more pass over the empty line after a final newline declares nothing
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const declared = /^\s*variable\s+"([^"]*)"/.exec(line);
    if (declared) {
      const heads = variables.get(declared[1]) ?? [];
      if (!heads.length) variables.set(declared[1], heads);
      const open = /^\s*\{/.exec(line.slice(declared[0].length));
      const start = lineStart + declared[0].length + (open ? open[0].length : 0);
      // A fix's own block is a few lines; a cap keeps thousands of unclosed blocks from costing their square.
      heads.push(open ? text.slice(start, Math.min(closeAfter(start), start + MAX_BLOCK_HEAD)) : '');
    }
    lineStart = lineEnd + 1;
  }
  // Stryker disable next-line ObjectLiteral: a cache that never hits declares the variables again, the same
  variablesOf = { text, variables };
  return variables;
}

let variablesOf: { text: string; variables: Map<string, string[]> } | undefined;
onForget(() => (variablesOf = undefined));
const MAX_BLOCK_HEAD = 4_000;

function variableTaken(text: string): (name: string) => boolean {
  // A variable of that name that this fix did not write (no `/0` validation) belongs to the user.
  return (name) => declaredVariables(text).has(name) && !declaredVariables(text).get(name)!.some((head) => head.includes(`endswith(var.${name}, "/0")`));
}

function cidrFix(text: string, eol: string, analysis: Analysis, finding: Finding, spanText: string): Fix | undefined {
  const world = /^"(0\.0\.0\.0\/0|::\/0)"$/.exec(spanText);
  const setting = settingAt(analysis, finding);
  if (!world || !setting) return undefined;
  const ipv6 = world[1] === '::/0';
  const name = uniqueName(`${localName(finding.resource)}_ingress_${ipv6 ? 'ipv6_' : ''}cidr`, variableTaken(text));
  const edits: TextEdit[] = [{ offset: finding.span.offset, length: finding.span.length, newText: `var.${name}` }];
  const declaration = declareVariable(text, eol, name, [
    `description = "${ipv6 ? 'IPv6' : 'IPv4'} range allowed in by ${finding.resource} (${finding.ruleId}): your admin network, never the whole internet"`,
    'type        = string',
    'validation {',
    `  condition     = can(cidrhost(var.${name}, 0)) && !endswith(var.${name}, "/0")`,
    `  error_message = "Must be a CIDR range narrower than the whole internet, such as ${ipv6 ? '2001:db8::/56' : '203.0.113.0/24'}."`,
    '}',
  ]);
  if (declaration) edits.push(declaration);
  return safeTf(
    {
      title: `Replace ${world[1]} with a variable ${name} that is set when the configuration is applied`,
      preferred: false,
      edits,
      select: { offset: offsetAfterEdits(edits, finding.span.offset) + 'var.'.length, length: name.length },
    },
    finding,
    setting.path,
    undefined,
  );
}

function secretFix(text: string, eol: string, analysis: Analysis, finding: Finding, spanText: string): Fix | undefined {
  // A variable's own default cannot point at a variable: the fix there is to delete the default.
  if (finding.resourceType === 'variable') return undefined;
  const match = ATTRIBUTE.exec(spanText);
  // Stryker disable next-line StringLiteral: without a match the function returns before it reads the value
  const value = match ? spanText.slice(match[0].length) : '';
  const setting = settingAt(analysis, finding);
  if (!match || !/^"[^"\n]*"$/.test(value)) return undefined;
  const attribute = match[1].toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const name = uniqueName(`${localName(finding.resource)}_${attribute}`, (candidate) => declaredVariables(text).has(candidate) && !declaredVariables(text).get(candidate)!.some((head) => /sensitive\s*=\s*true/.test(head)));
  const at = finding.span.offset + match[0].length;
  const edits: TextEdit[] = [{ offset: at, length: value.length, newText: `var.${name}` }];
  const declaration = declareVariable(text, eol, name, ['type      = string', 'sensitive = true']);
  if (declaration) edits.push(declaration);
  return safeTf(
    {
      title: `Replace the literal secret with var.${name} (declared with sensitive = true; set it outside the repository)`,
      preferred: false,
      edits,
      select: { offset: offsetAfterEdits(edits, at) + 'var.'.length, length: name.length },
    },
    finding,
    setting?.path ?? match[1],
    undefined,
  );
}

function booleanFix(text: string, eol: string, analysis: Analysis, finding: Finding, rules: FindingRule[], spanText: string): Fix | undefined {
  const mapping = terraformResourceMapping(finding.resourceType);
  const rule = rules.find((candidate) => candidate.check.kind === 'property' && mapping && matchesType(candidate.check.types, mapping.cfnType));
  if (rule?.check.kind === 'property' && rule.fixValue !== undefined) return valueFix(analysis, finding, rule, rule.fixValue, spanText);
  if (rule?.check.kind !== 'property' || rule.check.insecure.length !== 1) return undefined;
  const insecure = rule.check.insecure[0];
  if (insecure.path !== undefined || typeof insecure.equals !== 'boolean') return undefined;
  const secure = !insecure.equals;
  const preferred = true;
  const match = ATTRIBUTE.exec(spanText);
  if (match) {
    // The insecure attribute is written: flip its literal.
    const value = spanText.slice(match[0].length);
    const literal = /^(")?(true|false)\1$/.exec(value);
    if (!literal) return undefined;
    const next = literal[2] === 'true' ? 'false' : 'true';
    const quote = literal[1] ?? '';
    const fix = { title: `Set ${match[1]} = ${next}`, preferred, edits: [{ offset: finding.span.offset + match[0].length, length: value.length, newText: `${quote}${next}${quote}` }] };
    return safeTf(fix, finding, settingAt(analysis, finding)?.path ?? match[1], rule.fixEffect);
  }
  // Missing: the finding is on the resource's name.
  const info = analysis.resources.find((resource) => resource.logicalId === finding.resource);
  if (!info || info.key.offset !== finding.span.offset || !mapping) return undefined;
  const attribute = attributeFor(mapping.attributes, rule.check.path, secure);
  if (!attribute) return undefined;
  const edit = insertAttribute(text, eol, analysis, finding.resource, attribute.path, attribute.value);
  return edit ? safeTf({ title: `Add ${attribute.path.join('.')} = ${attribute.value}`, preferred, edits: [edit] }, finding, attribute.path.join('.'), rule.fixEffect) : undefined;
}

/** A written string attribute replaced by the rule's `fixValue` (`viewer_protocol_policy = "redirect-to-https"`). */
function valueFix(analysis: Analysis, finding: Finding, rule: FindingRule, value: string, spanText: string): Fix | undefined {
  const match = ATTRIBUTE.exec(spanText);
  if (!match) return undefined;
  const written = spanText.slice(match[0].length);
  if (!/^"[^"$\\]*"$/.test(written)) return undefined;
  const fix = { title: `Set ${match[1]} = "${value}"`, preferred: true, edits: [{ offset: finding.span.offset + match[0].length, length: written.length, newText: `"${value}"` }] };
  return safeTf(fix, finding, settingAt(analysis, finding)?.path ?? match[1], rule.fixEffect);
}

/** The Terraform attribute (plain names, one nested block at most) that sets a CloudFormation path, and its secure literal. */
function attributeFor(attributes: Record<string, TfAttributeMapping>, cfnPath: string, secure: boolean): { path: string[]; value: string } | undefined {
  for (const [tfPath, mapping] of Object.entries(attributes)) {
    if (mapping.cfn !== cfnPath || mapping.cfnType) continue;
    const path = tfPath.split('.');
    if (path.length > 2 || path.some((segment) => !/^[a-z_][a-z0-9_]*$/.test(segment))) continue;
    let literal: string | undefined = String(secure);
    if (mapping.values) literal = Object.keys(mapping.values).find((key) => mapping.values![key] === secure && (key === 'true' || key === 'false'));
    if (literal) return { path, value: literal };
  }
  return undefined;
}

/** After the resource's last top-level argument or block, at the indentation of its first. */
function insertAttribute(text: string, eol: string, analysis: Analysis, resource: string, path: string[], value: string): TextEdit | undefined {
  // Stryker disable next-line Regex: a nested setting's key follows its top-level block's and it ends inside it, so the first key and the last end are the same with nested paths in
  const topLevel = analysis.settings.filter((setting) => setting.resource === resource && /^[\w-]+$/.test(setting.path));
  if (!topLevel.length) return undefined;
  const first = topLevel.reduce((a, b) => (a.key.offset < b.key.offset ? a : b));
  const last = topLevel.reduce((a, b) => (a.span.offset + a.span.length > b.span.offset + b.span.length ? a : b));
  // Stryker disable next-line ArithmeticOperator: the key's first two characters are its name (or a one-letter name and its space or =), never a line break
  const lineStart = Math.max(text.lastIndexOf('\n', first.key.offset - 1), text.lastIndexOf('\r', first.key.offset - 1)) + 1;
  const indent = text.slice(lineStart, first.key.offset);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  let at = last.span.offset + last.span.length;
  while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
  const step = indent.includes('\t') ? '\t' : '  ';
  const lines =
    path.length === 1
      ? [`${indent}${path[0]} = ${value}`]
      : [`${indent}${path[0]} {`, `${indent}${step}${path[1]} = ${value}`, `${indent}}`];
  return { offset: at, length: 0, newText: lines.map((line) => `${eol}${line}`).join('') };
}

function matchesType(types: string[], type: string): boolean {
  return types.some((candidate) => candidate === type || (candidate.endsWith('*') && type.startsWith(candidate.slice(0, -1))));
}
