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
 * - a world-open CIDR becomes the placeholder range, and a literal secret a
 *   `var.` reference; neither is preferred.
 *
 * Terraform values do not always map one to one onto CloudFormation ones, so
 * every candidate is checked: the file is analysed again with all candidate
 * edits applied, and a fix is kept only when its finding is gone.
 */
import type { Analysis, Finding, Fix, TextEdit } from '../../types';
import type { FindingRule } from '../../clouds/aws/knowledge/schema';
import { findingRules } from '../../clouds/aws/knowledge';
import { PLACEHOLDER_CIDR, PLACEHOLDER_CIDR_V6 } from '../../clouds/aws/fixes';
import { applyEdits } from '../../engine/edits';
import { terraformResourceMapping, type TfAttributeMapping } from '../../clouds/aws/terraform-mapping';

const REPLACES_RESOURCE = new Set(['rds-storage-unencrypted']);

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
  const count = (findings: Finding[], key: string) => findings.filter((finding) => `${finding.ruleId} ${finding.resource}` === key).length;
  const fixedPerKey = new Map<string, number>();
  for (const finding of candidates.keys()) fixedPerKey.set(`${finding.ruleId} ${finding.resource}`, (fixedPerKey.get(`${finding.ruleId} ${finding.resource}`) ?? 0) + 1);
  const works = (finding: Finding) => {
    const key = `${finding.ruleId} ${finding.resource}`;
    return count(after.findings, key) <= count(analysis.findings, key) - fixedPerKey.get(key)!;
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
    case 'world-open-ingress': {
      const world = /^"(0\.0\.0\.0\/0|::\/0)"$/.exec(spanText);
      if (!world) return undefined;
      const placeholder = world[1] === '::/0' ? PLACEHOLDER_CIDR_V6 : PLACEHOLDER_CIDR;
      return {
        title: `Restrict the CIDR to the placeholder range ${placeholder} (then narrow it to your admin network)`,
        preferred: false,
        edits: [{ offset: finding.span.offset, length: finding.span.length, newText: `"${placeholder}"` }],
      };
    }
    case 'literal-secret': {
      // A variable's own default cannot point at a variable: the fix there is to delete the default.
      if (finding.resourceType === 'variable') return undefined;
      const match = ATTRIBUTE.exec(spanText);
      const value = match ? spanText.slice(match[0].length) : '';
      if (!match || !/^"[^"\n]*"$/.test(value)) return undefined;
      const variable = match[1].toLowerCase().replace(/[^a-z0-9_]/g, '_');
      return {
        title: `Replace the literal secret with var.${variable} (declare it with sensitive = true)`,
        preferred: false,
        edits: [{ offset: finding.span.offset + match[0].length, length: value.length, newText: `var.${variable}` }],
      };
    }
    default:
      return undefined;
  }
}

function booleanFix(text: string, eol: string, analysis: Analysis, finding: Finding, rules: FindingRule[], spanText: string): Fix | undefined {
  const mapping = terraformResourceMapping(finding.resourceType);
  const rule = rules.find((candidate) => candidate.check.kind === 'property' && mapping && matchesType(candidate.check.types, mapping.cfnType));
  if (rule?.check.kind !== 'property' || rule.check.insecure.length !== 1) return undefined;
  const insecure = rule.check.insecure[0];
  if (insecure.path !== undefined || typeof insecure.equals !== 'boolean') return undefined;
  const secure = !insecure.equals;
  const preferred = !REPLACES_RESOURCE.has(rule.id);
  const match = ATTRIBUTE.exec(spanText);
  if (match) {
    // The insecure attribute is written: flip its literal.
    const value = spanText.slice(match[0].length);
    const literal = /^(")?(true|false)\1$/.exec(value);
    if (!literal) return undefined;
    const next = literal[2] === 'true' ? 'false' : 'true';
    const quote = literal[1] ?? '';
    return { title: `Set ${match[1]} = ${next}`, preferred, edits: [{ offset: finding.span.offset + match[0].length, length: value.length, newText: `${quote}${next}${quote}` }] };
  }
  // Missing: the finding is on the resource's name.
  const info = analysis.resources.find((resource) => resource.logicalId === finding.resource);
  if (!info || info.key.offset !== finding.span.offset || !mapping) return undefined;
  const attribute = attributeFor(mapping.attributes, rule.check.path, secure);
  if (!attribute) return undefined;
  const edit = insertAttribute(text, eol, analysis, finding.resource, attribute.path, attribute.value);
  return edit ? { title: `Add ${attribute.path.join('.')} = ${attribute.value}`, preferred, edits: [edit] } : undefined;
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
  const topLevel = analysis.settings.filter((setting) => setting.resource === resource && /^[\w-]+$/.test(setting.path));
  if (!topLevel.length) return undefined;
  const first = topLevel.reduce((a, b) => (a.key.offset < b.key.offset ? a : b));
  const last = topLevel.reduce((a, b) => (a.span.offset + a.span.length > b.span.offset + b.span.length ? a : b));
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
