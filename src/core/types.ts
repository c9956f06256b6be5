/**
 * Plain data shared by the core, the extension, the CLI and the tests.
 * Positions are always UTF-16 offsets into the analysed text; only adapters
 * turn them into lines and columns.
 */

/** The clouds the core knows (clouds/<id>/); every analysed file is of one. */
export type CloudId = 'aws' | 'azure';
/** Who does the work a setting governs: the customer, both, or the cloud's provider (AWS for AWS files, Microsoft for Azure files). */
export type Owner = AwsOwner | 'microsoft';
/** The owners of AWS's matrix. */
export type AwsOwner = 'customer' | 'aws' | 'shared';
/** AWS's service kinds (infrastructure, container, abstracted) and Microsoft's (IaaS, PaaS, SaaS). */
export type ServiceModel = AwsServiceModel | 'iaas' | 'paas' | 'saas';
export type AwsServiceModel = 'infrastructure' | 'container' | 'abstracted';
export type Confidence = 'curated' | 'derived' | 'fallback';
export type Severity = 'error' | 'warning' | 'info';

/** Row ids of a cloud's shared-responsibility matrix (clouds/<cloud>/knowledge/matrix.json). */
export type RowId = AwsRowId | AzureRowId;

/** Rows of the AWS matrix (clouds/aws/knowledge/matrix.json). */
export type AwsRowId =
  | 'account-compromise'
  | 'insecure-user-behaviour'
  | 'configure-services'
  | 'restrict-access'
  | 'guest-os-patching'
  | 'compliant-use'
  | 'network-security'
  | 'configure-managed-services'
  | 'physical-access'
  | 'environmental-security'
  | 'database-patching'
  | 'zero-day-protection'
  | 'business-continuity'
  | 'customer-data'
  | 'custom-applications';

/** Rows of Microsoft's matrix (clouds/azure/knowledge/matrix.json); `customer-data` is a row of both clouds. */
export type AzureRowId =
  | 'customer-data'
  | 'configurations-and-settings'
  | 'identities-and-users'
  | 'client-devices'
  | 'applications'
  | 'network-controls'
  | 'operating-system'
  | 'physical-hosts'
  | 'physical-network'
  | 'physical-datacenter';

export interface Span {
  offset: number;
  length: number;
}

export interface Source {
  title: string;
  url: string;
}

/** Who does the work that a setting governs, and why. */
export interface Attribution {
  owner: Owner;
  row: RowId;
  service: string;
  model: ServiceModel;
  rationale: string;
  customerAction: string;
  /** What the cloud's provider (AWS, Microsoft) does. */
  providerAction: string;
  sources: Source[];
  /** Compliance control ids such as "SecurityHub RDS.3". */
  controls: string[];
  confidence: Confidence;
  /**
   * What a derived attribution rests on: the setting's name (a pattern, whose
   * row may be what the resource is for, as for names and identifiers), or
   * only what its resource is for (the catch-all for settings no name pattern knows).
   */
  basis?: 'name-pattern' | 'resource-purpose';
  /** Team that does the customer's part, from the organisation config ("Customer — platform team"). */
  team?: string;
  /** Set when an organisation override changed this attribution, e.g. ".responsibility-lens.yaml overrides[2]". */
  override?: string;
}

export type FileKind = 'cloudformation' | 'dockerfile' | 'dotenv' | 'app-config' | 'serverless' | 'kubernetes' | 'terraform' | 'arm' | 'bicep';

/** One key/value in a file, attributed to the matrix. */
export interface Setting {
  /** Span of the key (what a hover is anchored on). */
  key: Span;
  /** Span of the whole entry, key through value. */
  span: Span;
  resource: string;
  resourceType: string;
  /** Dotted path from the resource, e.g. "Properties.SecurityGroupIngress[0].CidrIp". */
  path: string;
  /** False for keys that only group other settings (maps, lists of maps). */
  leaf: boolean;
  attribution: Attribution;
  /** The CloudFormation type and property this setting configures, for formats mapped onto CloudFormation (Terraform). */
  cfn?: { type: string; path: string };
}

export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  row: RowId;
  span: Span;
  resource: string;
  resourceType: string;
  sources: Source[];
  controls: string[];
  /** Documentation page for the rule (diagnostic code target). */
  docUrl: string;
  /** Set when an organisation override changed this finding's severity, e.g. ".responsibility-lens.yaml overrides[0]". */
  override?: string;
  /** A mechanical fix as text edits on the analysed text (see engine/edits.ts); absent when there is no safe one. */
  fix?: Fix;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /**
   * Safe to apply without review (fix-all and fix-on-save apply only these):
   * never a placeholder, never a change that replaces the resource or changes
   * what its clients must do.
   */
  preferred: boolean;
  /**
   * The deployed resource is replaced ('yes') or may be replaced ('maybe')
   * when the fixed file is deployed: CloudFormation's causesReplacement,
   * Terraform's ForceNew (see clouds/aws/replacement.ts). Absent: it is not,
   * by the data.
   */
  replaces?: 'yes' | 'maybe';
  /** What the resource's clients must change after the fix ("clients must connect with TLS"). */
  clientEffect?: string;
  /** The setting the fix changes, as its format names it (`Properties.StorageEncrypted`, `storage_encrypted`). */
  target?: { resourceType: string; path: string };
  /** A range of the fixed text for the editor to select after applying the edits (a value to fill in). */
  select?: Span;
}

/** A `responsibility-lens:ignore` comment or CloudFormation Metadata entry (see engine/suppressions.ts). */
export interface Suppression {
  ruleId: string;
  /** Empty when none was given: such a suppression suppresses nothing and is itself a finding. */
  reason: string;
  /** The comment, or the Metadata `ignore` item. */
  span: Span;
  /** 1-based line of the span's start. */
  line: number;
  form: 'comment' | 'metadata';
  /** For the Metadata form: the resource's logical id. */
  resource?: string;
  /** How many findings it removed. */
  appliedTo: number;
  /** Spans of the findings it removed (for reports that list suppressed findings where they are). */
  suppressed: { ruleId: string; span: Span; resource: string }[];
}

export interface ParseProblem {
  span: Span;
  message: string;
  /** Absent means error. `info` is a note, not a problem: e.g. a Helm chart template that is skipped. */
  severity?: 'error' | 'info';
  /** Set when the whole file could not be analysed, and why: reports list such files (`unanalysed`). */
  notAnalysed?: NotAnalysedReason;
}

/** Why a file that a format claims was not analysed at all. */
export type NotAnalysedReason = 'binary' | 'too-large' | 'over-budget';

/** A resource in a template, for resource-level hovers and the matrix. */
export interface ResourceInfo {
  logicalId: string;
  type: string;
  /** Span of the logical id key. */
  key: Span;
  /** Span of the `Type` entry. */
  typeSpan: Span;
  service: string;
  model: ServiceModel;
  confidence: Confidence;
  /** The finer split the resource's type and values select (services.json variants), e.g. "EC2 launch type". */
  variant?: string;
  /** CDK construct path from `Metadata.aws:cdk:path` (synthesized templates). */
  constructPath?: string;
  /** The CloudFormation type a Terraform resource stands for (`aws_db_instance` → `AWS::RDS::DBInstance`). */
  cfnType?: string;
}

/**
 * What an analysis may read besides the file itself, given by the caller
 * (CLI, extension, language server); the core never touches a file system.
 * Optional: without it, values that live in other files stay unknown.
 */
export interface AnalysisContext {
  /** The other files of the analysed file's own folder, and nothing beyond it. */
  siblings?: SiblingFiles;
}

/**
 * The files beside the analysed one. Reads are synchronous and may be
 * answered from a snapshot (an editor's unsaved text wins over the disk).
 * Owners keep one object per folder and replace it when a file in the folder
 * changes: the core caches what it parsed from a sibling per object.
 */
export interface SiblingFiles {
  /** Base names of the folder's files (the analysed file may be among them). */
  list(): readonly string[];
  /** A listed file's text, or undefined when it cannot be read (too large, gone, not a file …). */
  read(name: string): string | undefined;
}

export interface Analysis {
  kind: FileKind | undefined;
  /** The cloud whose matrix the file's settings are attributed to; set by the pipeline whenever `kind` is. */
  cloud?: CloudId;
  settings: Setting[];
  findings: Finding[];
  errors: ParseProblem[];
  resources: ResourceInfo[];
  /** Every suppression in the file, applied or not; findings they suppress are not in `findings`. */
  suppressions?: Suppression[];
}
