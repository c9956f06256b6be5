/**
 * Whether changing a setting replaces the deployed resource, so that a quick
 * fix can say so and is never applied without review (fix-all, fix on save).
 *
 * - CloudFormation: the spec's `causesReplacement` (knowledge/spec-replacement.json,
 *   generated from @aws-cdk/aws-service-spec). A change below a replacing
 *   property replaces too, so the strongest value along the path counts.
 * - Terraform: the provider schema's ForceNew (knowledge/terraform-replacement.json,
 *   facts with their file and commit); an attribute without a fact is judged
 *   from the CloudFormation property it maps onto, never more surely than 'maybe'.
 */
import specReplacementJson from './knowledge/spec-replacement.json';
import terraformReplacementJson from './knowledge/terraform-replacement.json';
import { mapTerraformPath } from './terraform-mapping';
import type { Node } from '../../parse/tree';

export type Replacement = 'yes' | 'maybe' | 'no';

export interface SpecReplacementData {
  source: { package: string; version: string; field: string };
  /** Resource type → property path (no "Properties.", no list markers) → 'yes' | 'maybe'. */
  types: Record<string, Record<string, 'yes' | 'maybe'>>;
}

export interface TerraformReplacementData {
  source: { repo: string; field: string; retrieved: string };
  types: Record<string, { file: string; commit: string | null; note?: string; attributes: Record<string, Replacement> }>;
}

export const specReplacement = specReplacementJson as unknown as SpecReplacementData;
export const terraformReplacement = terraformReplacementJson as unknown as TerraformReplacementData;

/** `Properties.BlockDeviceMappings[0].Ebs.Encrypted` → `BlockDeviceMappings.Ebs.Encrypted`; undefined outside Properties. */
function propertyPath(path: string): string | undefined {
  if (!path.startsWith('Properties.')) return undefined;
  return path.slice('Properties.'.length).replace(/\[\d*\]/g, '');
}

/** Whether setting `path` (from the resource) of a CloudFormation/SAM resource of `type` replaces it. */
export function cfnReplacement(type: string, path: string): Replacement {
  const paths = specReplacement.types[type];
  const property = propertyPath(path);
  if (!paths || property === undefined) return 'no';
  const segments = property.split('.');
  let strongest: Replacement = 'no';
  for (let length = 1; length <= segments.length; length++) {
    const own = paths[segments.slice(0, length).join('.')];
    if (own === 'yes') return 'yes';
    if (own === 'maybe') strongest = 'maybe';
  }
  return strongest;
}

export interface TerraformReplacement {
  replaces: Replacement;
  /** `provider`: a ForceNew fact; `cloudformation`: judged from the mapped CloudFormation property; `unknown`: neither. */
  basis: 'provider' | 'cloudformation' | 'unknown';
}

/** Whether changing the attribute at `tfPath` (`storage_encrypted`, `ingress[0].cidr_blocks[0]`) replaces the resource. */
export function terraformReplacementOf(tfType: string, tfPath: string, body?: Node): TerraformReplacement {
  const attributes = terraformReplacement.types[tfType]?.attributes;
  const plain = tfPath.replace(/\[\d*\]/g, '');
  const segments = plain.split('.');
  if (attributes) {
    // The fact of the attribute or of the block around it (a ForceNew block replaces for any change inside).
    for (let length = segments.length; length >= 1; length--) {
      const fact = attributes[segments.slice(0, length).join('.')];
      if (fact) return { replaces: fact, basis: 'provider' };
    }
  }
  const mapped = mapTerraformPath(tfType, tfPath, body);
  if (!mapped) return { replaces: 'maybe', basis: 'unknown' };
  const derived = cfnReplacement(mapped.cfnType, mapped.cfnPath);
  return { replaces: derived === 'no' ? 'no' : 'maybe', basis: 'cloudformation' };
}

/** The words a fix title ends with when the fix replaces the resource. */
export function replacementWords(replaces: Replacement): string | undefined {
  if (replaces === 'yes') return 'replaces the resource';
  if (replaces === 'maybe') return 'may replace the resource';
  return undefined;
}
