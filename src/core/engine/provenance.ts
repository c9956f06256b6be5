/**
 * Values a format read from somewhere other than where they are used: a
 * CloudFormation parameter's `Default`, a Terraform variable's default or
 * tfvars value, a local. Checks see them as values; the findings they cause
 * say where the value came from, and get no mechanical fix (the place to
 * change is the default, not the reference).
 */
import type { Finding, Span } from '../types';

export interface Provenance {
  /** The reference in the analysed text (`!Ref AllowedCidr`, `var.cidr`). */
  span: Span;
  /** Where the value comes from, as a sentence: "The value comes from the Default of parameter AllowedCidr." */
  note: string;
}

/** Findings whose span holds a reference to a written-down value, with that value's origin added to their message. */
export function withProvenance(findings: Finding[], provenances: readonly Provenance[]): Finding[] {
  if (provenances.length === 0) return findings;
  return findings.map((finding) => {
    const start = finding.span.offset;
    const end = start + finding.span.length;
    const notes = [...new Set(provenances.filter((origin) => origin.span.offset >= start && origin.span.offset + origin.span.length <= end).map((origin) => origin.note))];
    if (notes.length === 0) return finding;
    const noted: Finding = { ...finding, message: `${finding.message} ${notes.join(' ')}` };
    delete noted.fix;
    return noted;
  });
}
