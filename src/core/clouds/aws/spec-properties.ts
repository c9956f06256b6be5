/**
 * The property names of every CloudFormation and SAM resource type, from the
 * CloudFormation spec (knowledge/spec-types.json, generated from
 * @aws-cdk/aws-service-spec): unknown properties of known types, with a
 * "did you mean" fix, and the names property completion offers.
 *
 * A false "unknown property" on a valid template is worse than none, so:
 * - only `Properties` keys of types the spec has are checked; custom
 *   resources (`Custom::*`, `AWS::CloudFormation::CustomResource`) take any;
 * - `Fn::*` keys (`Fn::Transform`, `Fn::If` … ) and maps that are a deploy-time
 *   value are left alone;
 * - a template with a transform other than SAM and AWS::LanguageExtensions
 *   (a macro can rewrite anything) is not checked at all;
 * - a file that does not parse is not checked (a partial parse can put
 *   anything under `Properties`);
 * - SAM types (`AWS::Serverless::*`) are not checked: the spec's SAM property
 *   lists lag SAM and are wrong in places (it has `AccessLogSetting` for
 *   `AWS::Serverless::HttpApi`, whose property is `AccessLogSettings`; 7 false
 *   warnings on the development corpus).
 */
import type { Finding, Fix } from '../../types';
import specTypesJson from './knowledge/spec-types.json';
import { awsRules } from './knowledge';
import { cfnReplacement, replacementWords } from './replacement';
import { get, scalar, type Node } from '../../parse/tree';
import { closestName } from '../../engine/spelling';
import type { TemplateResource } from './resources';
import { memoMap } from '../../engine/memo';

export const UNKNOWN_PROPERTY_RULE = 'unknown-property';

interface SpecTypesData {
  source: { package: string; version: string };
  types: Record<string, { service: string; properties: string[] }>;
}

const specTypes = specTypesJson as unknown as SpecTypesData;
const propertySets = memoMap<string, Set<string>>();

/** The spec's version, for messages ("the CloudFormation spec 0.1.216"). */
export const SPEC_VERSION = `${specTypes.source.package} ${specTypes.source.version}`;

/** Top-level property names of a type, or undefined for a type the spec does not have or one that takes any property. */
export function specPropertyNames(type: string): readonly string[] | undefined {
  if (type === 'AWS::CloudFormation::CustomResource' || type.startsWith('Custom::') || type.startsWith('AWS::Serverless::')) return undefined;
  return specTypes.types[type]?.properties;
}

function propertySet(type: string): Set<string> | undefined {
  let set = propertySets.get(type);
  if (!set) {
    const names = specPropertyNames(type);
    if (!names) return undefined;
    propertySets.set(type, (set = new Set(names)));
  }
  return set;
}

const TRANSFORMS_CHECKED = new Set(['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions']);

/** False when the template's `Transform` names a macro (or is not a plain list of names) that may rewrite properties. */
export function propertiesCheckable(root: Node | undefined): boolean {
  const transform = get(root, 'Transform');
  if (transform === undefined) return true;
  const names = transform.kind === 'seq' ? transform.items.map((item) => scalar(item)) : [scalar(transform)];
  return names.every((name) => typeof name === 'string' && TRANSFORMS_CHECKED.has(name));
}

/** Warnings for `Properties` keys the resource's type does not have, each with a fix when the meant name is clear. */
export function unknownProperties(text: string, resources: TemplateResource[], root: Node | undefined, partial: boolean): Finding[] {
  if (partial || !propertiesCheckable(root)) return [];
  const findings: Finding[] = [];
  for (const resource of resources) {
    const known = propertySet(resource.info.type);
    const properties = get(resource.node, 'Properties');
    if (!known || properties?.kind !== 'map') continue;
    for (const entry of properties.entries) {
      if (known.has(entry.key) || entry.key.startsWith('Fn::') || entry.key === 'Ref') continue;
      const meant = closestName(entry.key, known);
      const finding = awsRules.findingOf(UNKNOWN_PROPERTY_RULE, entry.keySpan, resource.info.logicalId, resource.info.type, {
        value: entry.key,
        type: resource.info.type,
        action: meant ? `Did you mean ${meant}? Rename it:` : `Check the name ${entry.key}:`,
        spec: SPEC_VERSION,
      });
      if (!finding) continue;
      findings.push(meant ? { ...finding, fix: renameFix(text, entry.keySpan, entry.key, meant, resource.info.type) } : finding);
    }
  }
  return findings;
}

/** Renames the key (keeping its quotes); says when the property it then sets replaces the resource. */
function renameFix(text: string, keySpan: { offset: number; length: number }, written: string, meant: string, type: string): Fix {
  const original = text.slice(keySpan.offset, keySpan.offset + keySpan.length);
  const quote = /^["']/.test(original) ? original[0] : '';
  const replaces = cfnReplacement(type, `Properties.${meant}`);
  const words = replacementWords(replaces);
  return {
    title: `Rename ${written} to ${meant}${words ? ` (${words})` : ''}`,
    // The rename makes a setting take effect for the first time: a change to review, never applied by fix-all.
    preferred: false,
    edits: [{ offset: keySpan.offset, length: keySpan.length, newText: `${quote}${meant}${quote}` }],
    target: { resourceType: type, path: `Properties.${meant}` },
    ...(replaces !== 'no' ? { replaces } : {}),
  };
}
