/**
 * Shapes of the knowledge data files in this folder. Each file has a JSON
 * schema in ./schema/ that mirrors these interfaces; test/unit/knowledge.test.ts
 * validates the data against it.
 */
import type { AwsOwner as Owner, AwsRowId as RowId, AwsServiceModel as ServiceModel, Severity, Source } from '../../../types';
import type { ValueCondition } from '../../../engine/conditions';

export type { ValueCondition };

/** matrix.json */
export interface MatrixData {
  /** The article the table comes from: a third-party summary of AWS's model, not an AWS publication. */
  source: { title: string; kind: 'third-party'; label: string; note: string; url?: string };
  /** AWS's own shared responsibility page, cited for what it says. */
  aws: Source & { note: string };
  /** AWS's IT-control kinds (inherited, shared, customer-specific) with its examples. */
  itControls: { source: Source; note: string; kinds: ItControlKindInfo[] };
  rows: MatrixRow[];
  models: ModelInfo[];
}

export type ItControlKind = 'inherited' | 'shared' | 'customer-specific';

export interface ItControlKindInfo {
  id: ItControlKind;
  title: string;
  summary: string;
  examples: string[];
}

export interface MatrixRow {
  id: RowId;
  title: string;
  /** Owner the source table gives; prose rows are the customer's by the text. */
  sourceOwner: 'customer' | 'aws' | 'both';
  /** `table` for the 13 rows of the source table, `prose` for the two duties its text adds. */
  origin: 'table' | 'prose';
  summary: string;
  /** Who does the work for this row under each service model. */
  byModel: Record<ServiceModel, { owner: Owner; reason: string; sources: Source[] }>;
  /** Where the row falls among AWS's IT-control kinds; `basis` says whether an AWS example or this product put it there. */
  itControl: { kind: ItControlKind; area: string; basis: 'aws-example' | 'this-product' };
  /** AWS's own guidance where it differs from the table's owner (resilience is shared in the Well-Architected reliability pillar). */
  awsGuidance?: { owner: Owner; summary: string; sources: Source[] };
}

export interface ModelInfo {
  id: ServiceModel;
  title: string;
  examples: string[];
  summary: string;
  sources: Source[];
}

/** What a service or resource type is for, as a matrix row. */
export interface Purpose {
  row: RowId;
  /** One sentence: "Lambda functions run the customer's own code." */
  reason: string;
}

/**
 * A finer split than the service's model. With `types` (and `when`) it is
 * selected by the resource's type and values, and the resource takes its
 * model; without, it only describes the service.
 */
export interface ServiceVariant {
  name: string;
  model: ServiceModel;
  note: string;
  source: Source;
  /** Resource types the variant applies to ("AWS::ECS::Service", "AWS::EC2::*"). */
  types?: string[];
  /** Values that select the variant; the first matching variant wins. */
  when?: ValueCondition[];
  /** Rows whose owner differs from the model's cell for this variant. */
  rows?: Partial<Record<RowId, { owner: Owner; reason: string; source?: Source }>>;
}

/** services.json */
export interface ServicesData {
  services: Record<string, ServiceInfo>;
}

export interface ServiceInfo {
  name: string;
  /** CloudFormation namespaces whose types belong to this service, e.g. "AWS::RDS". */
  namespaces: string[];
  /** Individual types that belong here although their namespace maps elsewhere, e.g. AWS::EC2::Volume → ebs. */
  types?: string[];
  model: ServiceModel;
  rationale: string;
  /** "Security in …" or shared-responsibility page of the service. */
  securityDoc: Source;
  /** What the service's resources are for: names, identifiers and settings without a more specific rule take this row. */
  purpose: Purpose;
  /** Resource types (a trailing `*` matches a prefix) whose purpose differs from the service's. */
  typePurposes?: Record<string, Purpose>;
  /** True for database services: engine patching is "Database patching"; for every other service it is guest OS and platform patching. */
  database?: boolean;
  /** Finer splits than the model (ECS on EC2 vs Fargate, …). */
  variants?: ServiceVariant[];
  /** True when ownership for this service's properties is curated in properties.json. */
  curated: boolean;
  /**
   * False when no service-specific security page could be confirmed with the
   * search tool; securityDoc is then the closest confirmed page. Absent means true.
   */
  securityDocConfirmed?: boolean;
  /** Governs the use of every other service in the account (IAM, CloudTrail, Config, KMS): its pages stay as sources in every service's column. */
  accountWide?: boolean;
  /**
   * What a row of the model means for this service, where the model's cell
   * (written around its example services) would not fit; the owner stays the model's.
   */
  rows?: Partial<Record<RowId, { reason: string; sources: Source[] }>>;
}

/** service-models.json: every spec service that services.json does not curate. */
export interface ServiceModelsData extends ServicesData {
  source: { note: string; framing: Source; retrieved: string };
}

export interface AttributionText {
  owner: Owner;
  row: RowId;
  rationale: string;
  customerAction: string;
  awsAction: string;
  sources: Source[];
  controls?: string[];
}

/** properties.json: curated attributions. */
export interface PropertiesData {
  rules: PropertyRule[];
}

export interface PropertyRule extends AttributionText {
  /** Resource types this rule applies to; "AWS::EC2::*" style suffix wildcards allowed. */
  types: string[];
  /**
   * Paths from the resource, with `[]` for any list index and a trailing
   * `.**` for a whole subtree: "Properties.SecurityGroupIngress[].CidrIp".
   */
  paths: string[];
  /** First matching entry overrides owner/row/text when the value says so. */
  byValue?: (Partial<AttributionText> & { when: ValueCondition[] })[];
}

/** patterns.json: derived attributions by property-name meaning, across all services. */
export interface PatternsData {
  patterns: PatternRule[];
}

export interface PatternRule {
  id: string;
  /**
   * Regular expression (case-insensitive) tested against the last path
   * segment, then against each enclosing group's name, nearest first.
   */
  name: string;
  /** Limits the pattern to these resource types ("AWS::ElasticLoadBalancingV2::*", "Custom::*"). */
  types?: string[];
  /**
   * "by-model": `rowByModel` (versions, patching); "purpose": the row of what
   * the resource is for (the service's `purpose`, or its type's).
   */
  row: RowId | 'by-model' | 'purpose';
  /** Used when row is "by-model" (versions, patching). */
  rowByModel?: Record<ServiceModel, RowId>;
  /** Replaces the by-model row for database services (services.json `database`), except on infrastructure. */
  databaseRow?: RowId;
  owner: Owner | 'by-model';
  ownerByModel?: Record<ServiceModel, Owner>;
  /**
   * Only when no other pattern matches the setting or any enclosing group:
   * the catch-all that gives a setting the row of what its resource is for.
   */
  last?: boolean;
  /** A group that holds anything: identifiers nested in it keep the resource's purpose. */
  looseGroup?: boolean;
  rationale: string;
  customerAction: string;
  awsAction: string;
  /** Row-specific wording for "purpose" patterns, where one sentence cannot fit every row. */
  actionsByRow?: Partial<Record<RowId, { customerAction: string; awsAction: string }>>;
  sources: Source[];
}

/** lists.json: named lists of values, each with its source and date. */
export interface ListsData {
  lists: Record<string, NamedList>;
}

/** Plain `values`, or dated `entries` in effect on `asOf` (a runtime deprecated on or before that day). */
export interface NamedList {
  description: string;
  values?: string[];
  asOf?: string;
  entries?: DatedEntry[];
  source: Source;
  retrieved: string;
}

export interface DatedEntry {
  value: string;
  /** YYYY-MM-DD */
  date: string;
  source: Source;
  note?: string;
}

/** policies.json: where resource policies live and how Condition keys bear on who can call. */
export interface PoliciesData {
  retrieved: string;
  resourcePolicies: ResourcePolicyLocation[];
  /** Where a policy is no exposure: VPC endpoints (types), and Terraform modules whose source matches `modules` (a regular expression). */
  notExposure: { types: string[]; modules: string; reason: string; source: Source };
  permissions: PermissionLocation[];
  /** Where identity policies live (`[]` after a list). */
  identityPolicies?: { types: string[]; paths: string[] }[];
  /** iam:PassRole on every role together with an action that starts compute: the principal can act as any role it passes. */
  privilegeEscalation?: { passRole: string; computeActions: string[]; note: string; sources: Source[] };
  conditionKeys: {
    restricting: { key: string; kind: ConditionKeyKind }[];
    /** Keys (globs: `aws:PrincipalTag/*`) that say nothing about who calls. */
    notRestricting: string[];
    sources: Source[];
  };
}

/**
 * How a restricting key's values are judged: `ip` (a CIDR; `0.0.0.0/0` is
 * everyone), `id` (a wildcard matches anyone), `arn` (a wildcard account
 * matches anyone), `prefix` (the first segment must be fixed: org paths,
 * `aws:userid`), `service` (a service name), `flag` (a Bool that must be true).
 */
export type ConditionKeyKind = 'ip' | 'id' | 'arn' | 'prefix' | 'service' | 'flag';

export interface ResourcePolicyLocation {
  types: string[];
  /** Dotted paths from the resource to the document; `*` stands for any key of a map. */
  paths: string[];
  /** Action prefixes the policy can grant (`s3`); absent when any. */
  services?: string[];
  /** When this path exists, the resource cannot be reached from outside whatever the policy says. */
  unreachableWhen?: { path: string; reason: string; source: Source };
  note?: string;
  source: Source;
}

/** A permission written as properties rather than a document (`AWS::Lambda::Permission`). */
export interface PermissionLocation {
  types: string[];
  principal: string;
  action: string;
  /** Property path → the condition key it stands for. */
  conditions: Record<string, string>;
  /** When this property exists, another rule judges the permission. */
  judgedElsewhere?: { path: string; reason: string };
  source: Source;
}

/** base-images.json: the user a container base image runs as when a Dockerfile sets none. */
export interface BaseImagesData {
  /** Other names of the Docker Official Images: a reference starting with `prefix` names the image after it. */
  mirrors: { prefix: string; note: string; source: Source }[];
  /** Asked in order; the first entry whose name and tag match wins. */
  images: BaseImageEntry[];
}

export interface BaseImageEntry {
  /** Repositories without tag; a trailing `*` matches any repository that starts with the rest. */
  names: string[];
  /** Regular expression on the tag; a reference without tag is `latest`, one with only a digest has none. */
  tag?: string;
  runsAsRoot: boolean;
  /** The user, as the image's documentation names it. */
  user: string;
  source: Source;
  retrieved: string;
}

/** findings.json: insecure-setting rules. */
export interface FindingsData {
  rules: FindingRule[];
}

export interface FindingRule {
  id: string;
  title: string;
  /** What the rule catches, in a line, where the title does not say enough (the README's rule table, generated by npm run gen:rules). */
  summary?: string;
  severity: Severity;
  row: RowId;
  /** Findings take the row of the setting they sit on (`row` where there is none): see engine/rules.ts. */
  rowFromSetting?: boolean;
  /** Message template; {resource}, {value}, {port} are filled in. */
  message: string;
  /** Wording for file kinds where `message` does not fit (e.g. "dotenv": a .env file is not a template). */
  messageByKind?: Record<string, string>;
  /** Documentation page per file kind, where `docUrl` is specific to templates. */
  docUrlByKind?: Record<string, string>;
  /**
   * Severity and wording of named cases of the check that say something other
   * than `message` (docker-root-user's `unknown-base`: it cannot tell).
   */
  cases?: Record<string, { severity: Severity; message: string }>;
  fix: string;
  /** What the resource's clients must change once the fix is applied (a fix with one is never applied by fix-all). */
  fixEffect?: string;
  /**
   * The one secure value a `property` rule's quick fix writes in place of the
   * insecure one, where that is not simply the opposite boolean
   * (`redirect-to-https`, `TLSv1.2_2021`).
   */
  fixValue?: string;
  docUrl: string;
  sources: Source[];
  controls: string[];
  check: FindingCheck;
}

export type FindingCheck =
  /** A property has an insecure value; when `missingIsInsecure`, leaving it out is insecure too (reported on the resource). */
  /**
   * `unless`: any one condition that holds on the resource exempts it. Each is
   * for the rule's types and says `because` (what the property means there),
   * so an exemption is never broader than the property's meaning.
   */
  /**
   * `missing`: what leaving the property out means, for the message ("StreamEncryption not set: records are stored unencrypted");
   * without it, "<name> not set, which defaults to off".
   */
  /**
   * `unlessReferencedBy`: exempt when another resource of the template or Terraform module refers to this one there
   * (a bucket that receives other resources' logs), or may (a reference that cannot be resolved).
   * `unlessNamed`: exempt when the logical id or Terraform name matches (a case-sensitive regular expression).
   */
  | {
      kind: 'property';
      types: string[];
      path: string;
      insecure: ValueCondition[];
      missingIsInsecure?: boolean;
      missing?: string;
      unless?: (ValueCondition & { because: string })[];
      unlessReferencedBy?: { type: string; path: string; because: string }[];
      unlessNamed?: { pattern: string; because: string };
      /** Only a value written in the file counts ("where declared"): a Terraform default the analysis fills in is not flagged. */
      declaredOnly?: boolean;
    }
  /**
   * The resource is insecure unless another resource of the same template or Terraform module refers to it
   * (a VPC without a flow log). `referrers` name the referring type and the property that holds the reference;
   * Terraform's spelling comes from terraform-mapping.json. A reference that cannot be resolved (an import,
   * a variable) counts as referring to every resource of the type, so nothing is flagged that may be covered.
   */
  | { kind: 'referenced-by'; types: string[]; referrers: { type: string; path: string; when?: ValueCondition[] }[]; missing: string }
  /**
   * Ingress from the whole internet to one of `ports` (a port, or a `[from, to]`
   * range of ports) in a rule's port range; `allPorts: false` leaves rules that
   * open every port to another rule that reports them.
   */
  | { kind: 'world-open-ingress'; ports: (number | [number, number])[]; allPorts?: boolean }
  | { kind: 'eks-public-endpoint' }
  | { kind: 'iam-admin-wildcard' }
  /** An identity policy allows iam:PassRole on every role and an action that starts compute (policies.json privilegeEscalation). */
  | { kind: 'iam-passrole-escalation' }
  /**
   * A role's trust policy (at one of `paths`; a Terraform policy document data source is an AWS::IAM::ManagedPolicy)
   * lets tokens of the OIDC provider `issuer` assume the role while no `sub`
   * condition binds the subject to an owner (`scopedSubject`, a case-insensitive regular expression on each
   * value): anyone with an account at the provider can assume it (GitHub Actions: any repository's workflow).
   */
  | { kind: 'oidc-trust-unscoped'; types: string[]; paths: string[]; issuer: string; scopedSubject: string }
  | { kind: 'public-principal' }
  | { kind: 'literal-secret' }
  /** A list at `path` (e.g. RBAC verbs, added Linux capabilities) holds one of `values`. */
  | { kind: 'list-contains'; types: string[]; path: string; values: string[] }
  /** A Kubernetes Secret manifest with literal data; implemented in src/core/formats/kubernetes/analyze.ts. */
  | { kind: 'kubernetes-secret-data' }
  /** Dockerfile, .env and application-config checks, implemented in src/core/formats/dockerfile/, dotenv/ and app-config/. */
  | { kind: 'docker-root-user' }
  | { kind: 'docker-unpinned-image' }
  | { kind: 'docker-remote-add' }
  | { kind: 'docker-ssh-port' }
  | { kind: 'tls-verification-off' }
  | { kind: 'cors-any-origin' }
  | { kind: 'management-endpoints-exposed' }
  /** A `Properties` key the resource type does not have in the CloudFormation spec; implemented in src/core/clouds/aws/spec-properties.ts. */
  | { kind: 'unknown-property' }
  /** Suppression comments and Metadata entries that suppress nothing; implemented in src/core/engine/suppressions.ts. */
  | { kind: 'suppression-without-reason' }
  | { kind: 'suppression-unknown-rule' };
