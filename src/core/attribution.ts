/**
 * Decides who owns a setting: curated rules first, then patterns by
 * property-name meaning, then a generic fallback.
 */
import type { Attribution, Confidence, ServiceModel, Source } from './types';
import { curatedRule, normalisePath, patternRule, serviceOf } from './knowledge';
import type { AttributionText } from './knowledge/schema';
import { allHold } from './conditions';
import type { Node } from './parse/tree';

export interface AttributionQuery {
  resourceType: string;
  /** Concrete path from the resource: "Properties.SecurityGroupIngress[0].CidrIp". */
  path: string;
  value: Node | undefined;
  /** The resource's map (holding `Properties`), for rules that look at other properties. */
  resource: Node | undefined;
}

export interface ServiceFacts {
  service: string;
  serviceName: string;
  model: ServiceModel;
  confidence: Confidence;
  securityDoc: Source | undefined;
}

/**
 * Services not curated yet are taken as abstracted, the model of most AWS
 * services, and marked as a fallback so the hover says so.
 */
export function serviceFacts(resourceType: string): ServiceFacts {
  const { id, info } = serviceOf(resourceType);
  if (!info) return { service: id, serviceName: id, model: 'abstracted', confidence: 'fallback', securityDoc: undefined };
  return {
    service: id,
    serviceName: info.name,
    model: info.model,
    confidence: info.curated ? 'curated' : 'derived',
    securityDoc: info.securityDoc,
  };
}

export function attribute(query: AttributionQuery): Attribution {
  const facts = serviceFacts(query.resourceType);
  const normalised = normalisePath(query.path);
  const curated = curatedRule(query.resourceType, normalised);
  if (curated) {
    const override = curated.byValue?.find((candidate) => allHold(candidate.when, query.value, query.resource));
    const text: AttributionText = { ...curated, ...override };
    return finish(text, facts, 'curated');
  }
  const name = lastName(query.path);
  const pattern = name ? patternRule(name) : undefined;
  if (pattern) {
    const row = pattern.row === 'by-model' ? pattern.rowByModel![facts.model] : pattern.row;
    const owner = pattern.owner === 'by-model' ? pattern.ownerByModel![facts.model] : pattern.owner;
    return finish({ ...pattern, row, owner }, facts, 'derived');
  }
  return finish(
    {
      owner: 'customer',
      row: 'configure-services',
      rationale: `No specific rule covers this ${facts.serviceName} setting yet, so it is attributed generically: configuring an AWS service securely is the customer's job.`,
      customerAction: 'Review this setting against the service’s security documentation.',
      awsAction: `Operates ${facts.serviceName} itself according to its service model.`,
      sources: [],
    },
    facts,
    'fallback',
  );
}

function finish(text: AttributionText, facts: ServiceFacts, confidence: Confidence): Attribution {
  const sources = [...text.sources];
  if (facts.securityDoc && !sources.some((source) => source.url === facts.securityDoc!.url)) sources.push(facts.securityDoc);
  return {
    owner: text.owner,
    row: text.row,
    service: facts.service,
    model: facts.model,
    rationale: text.rationale,
    customerAction: text.customerAction,
    awsAction: text.awsAction,
    sources,
    controls: text.controls ?? [],
    confidence,
  };
}

/** "Properties.Ingress[2].CidrIp" → "CidrIp"; "Properties.Tags[0]" → "Tags". */
function lastName(path: string): string | undefined {
  const segments = path.replace(/\[\d+\]/g, '').split('.');
  return segments[segments.length - 1];
}
