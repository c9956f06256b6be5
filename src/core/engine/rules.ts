/**
 * Finding rules as the engine sees them: an id and the texts a finding
 * carries. Which rules exist and what they check is a cloud's knowledge
 * (clouds/aws/knowledge/findings.json); the composition root (src/core/index.ts)
 * hands the engine a RuleBook over them.
 */
import type { Finding, RowId, Severity, Source, Span } from '../types';

export interface RuleText {
  id: string;
  severity: Severity;
  row: RowId;
  /** Message template; `{name}` is filled from the finding's values. */
  message: string;
  /** Wording for file kinds where `message` does not fit. */
  messageByKind?: Record<string, string>;
  docUrl: string;
  docUrlByKind?: Record<string, string>;
  sources: Source[];
  controls: string[];
  /**
   * The finding's row is the row of the setting it sits on, `row` only when it
   * sits on none: a literal secret threatens whatever the credential guards
   * (customer data for a database password, the account for an access key).
   */
  rowFromSetting?: boolean;
}

export interface RuleBook {
  /** Whether a rule with this id exists (a suppression may name only those). */
  has(ruleId: string): boolean;
  /** Every rule id, once each (for "did you mean" suggestions). */
  ids(): string[];
  /** Whether the rule's findings take the row of the setting they sit on (see RuleText.rowFromSetting). */
  rowFromSetting(ruleId: string): boolean;
  /**
   * A finding of the rule with this id, or undefined when there is none;
   * `kind` picks the rule's wording for that file kind when it has one.
   */
  findingOf(ruleId: string, span: Span, resource: string, resourceType: string, values: Record<string, string>, kind?: string): Finding | undefined;
}

export function ruleBook(rules: readonly RuleText[]): RuleBook {
  let byId: Map<string, RuleText> | undefined;
  const rule = (id: string): RuleText | undefined => {
    if (!byId) {
      byId = new Map();
      // The first rule with an id wins, as a linear search would find it.
      for (const candidate of rules) if (!byId.has(candidate.id)) byId.set(candidate.id, candidate);
    }
    return byId.get(id);
  };
  return {
    has: (ruleId) => rule(ruleId) !== undefined,
    rowFromSetting: (ruleId) => rule(ruleId)?.rowFromSetting === true,
    ids: () => {
      rule('');
      return [...byId!.keys()];
    },
    findingOf(ruleId, span, resource, resourceType, values, kind) {
      const found = rule(ruleId);
      if (!found) return undefined;
      return {
        ruleId: found.id,
        severity: found.severity,
        message: fill((kind && found.messageByKind?.[kind]) || found.message, { resource, ...values }),
        row: found.row,
        span,
        resource,
        resourceType,
        sources: found.sources,
        controls: found.controls,
        docUrl: (kind && found.docUrlByKind?.[kind]) || found.docUrl,
      };
    },
  };
}

/** The rule books of several clouds as one (rule ids are unique across clouds; the first book with an id wins). */
export function combinedRuleBook(books: readonly RuleBook[]): RuleBook {
  const owning = (ruleId: string) => books.find((book) => book.has(ruleId));
  return {
    has: (ruleId) => owning(ruleId) !== undefined,
    ids: () => [...new Set(books.flatMap((book) => book.ids()))],
    rowFromSetting: (ruleId) => owning(ruleId)?.rowFromSetting(ruleId) === true,
    findingOf: (ruleId, ...rest) => owning(ruleId)?.findingOf(ruleId, ...rest),
  };
}

/** Fills `{name}` placeholders; unknown names stay as written. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
