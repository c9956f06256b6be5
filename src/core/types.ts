/**
 * Plain data shared by the core, the extension, the CLI and the tests.
 * Positions are always UTF-16 offsets into the analysed text; only adapters
 * turn them into lines and columns.
 */

export type Owner = 'customer' | 'aws' | 'shared';
export type ServiceModel = 'infrastructure' | 'container' | 'abstracted';
export type Confidence = 'curated' | 'derived' | 'fallback';
export type Severity = 'error' | 'warning' | 'info';

/** Row ids of the shared-responsibility matrix (see knowledge/matrix.json). */
export type RowId =
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
  awsAction: string;
  sources: Source[];
  /** Compliance control ids such as "SecurityHub RDS.3". */
  controls: string[];
  confidence: Confidence;
}

export type FileKind = 'cloudformation';

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
}

export interface ParseProblem {
  span: Span;
  message: string;
}

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
}

export interface Analysis {
  kind: FileKind | undefined;
  settings: Setting[];
  findings: Finding[];
  errors: ParseProblem[];
  resources: ResourceInfo[];
}
