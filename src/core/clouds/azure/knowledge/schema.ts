/** Shapes of Azure's knowledge files; each has a JSON schema in schema/ that the unit tests validate it against. */
import type { AzureRowId, Severity, Source } from '../../../types';

export type AzureOwner = 'customer' | 'shared' | 'microsoft';
export type AzureModel = 'iaas' | 'paas' | 'saas';

export interface AzureCell {
  owner: AzureOwner;
  reason: string;
  sources: Source[];
}

/** matrix.json: Microsoft's table of responsibility by service type. */
export interface AzureMatrixData {
  source: { title: string; url: string; revised: string; publisher: 'Microsoft'; note: string };
  models: { id: AzureModel; title: string; summary: string }[];
  rows: { id: AzureRowId; title: string; summary: string; byModel: Record<AzureModel, AzureCell> }[];
}

/** Where a fact was read and when. */
export interface Provenance {
  title: string;
  url: string;
  /** The day the fact was read from the page (pages change). */
  retrieved: string;
  note?: string;
}

/** services.json: Azure services, their model and their security baseline. */
export interface AzureServicesData {
  source: Provenance;
  services: Record<string, AzureService>;
}

export interface AzureService {
  name: string;
  model: AzureModel;
  rationale: string;
  /** Exact resource types (`Microsoft.Compute/virtualMachines`), matched before namespaces. */
  types?: string[];
  /** Resource provider namespaces (`Microsoft.Storage`). */
  namespaces?: string[];
  baseline?: Source;
}

/** properties.json: curated attributions of settings. */
export interface AzurePropertiesData {
  source: Provenance;
  rules: AzurePropertyRule[];
}

export interface AzurePropertyRule {
  types: string[];
  /** Dotted paths from the resource (`properties.minimumTlsVersion`); a list item's settings share its list's path. */
  paths: string[];
  owner: AzureOwner;
  row: AzureRowId;
  rationale: string;
  customerAction: string;
  microsoftAction: string;
  sources: Source[];
  controls: string[];
  retrieved: string;
  /** Owners that depend on the setting's literal value (an upgrade channel of `None`, a custom container); the first match wins, a deploy-time value keeps the entry's own owner. */
  byValue?: AzureOwnerByValue[];
}

export interface AzureOwnerByValue {
  /** Values compared case-insensitively. */
  values?: string[];
  /** Value prefixes compared case-insensitively (`DOCKER|`). */
  prefixes?: string[];
  owner: AzureOwner;
  rationale: string;
  customerAction: string;
  microsoftAction: string;
  sources: Source[];
}

/** rules.json: findings, each with its Microsoft cloud security benchmark control. */
export interface AzureRulesData {
  source: Provenance;
  rules: AzureRule[];
}

export interface AzureRule {
  id: string;
  severity: Severity;
  row: AzureRowId;
  message: string;
  docUrl: string;
  sources: Source[];
  controls: string[];
  check: AzureCheck;
  /** The value that fixes it, as JSON text; `preferred: false` when applying it changes what clients must do. */
  fix?: { title: string; value: string; preferred?: boolean };
}

export type AzureCheck =
  /**
   * A setting whose value (compared as text, case-insensitively) is one of `insecure`; absent counts when the
   * service's default is insecure. Every condition of `when` must hold too (other settings of the resource).
   */
  | { kind: 'value'; types: string[]; paths: string[]; insecure: string[]; absentIsInsecure?: boolean; when?: AzureCondition[] }
  /** An inbound Allow rule from any address or the internet to one of `ports` or to every port. */
  | { kind: 'nsg-open-admin-port'; types: string[]; ports: string[] }
  /** A credential written as a literal anywhere in the resource (engine/secrets.ts recognises it); `*` matches every type. */
  | { kind: 'literal-secret'; types: string[] };

/**
 * A condition on another setting of the same resource. It holds when the value is one of `in`
 * (case-insensitively), or when the setting is absent and `absent` is true, or when it is an empty
 * list and `empty` is true. A deploy-time value on the way makes the check give no finding.
 */
export interface AzureCondition {
  path: string;
  in?: string[];
  absent?: boolean;
  empty?: boolean;
}

/** terraform-mapping.json: the ARM type an azurerm resource creates, and attributes that do not map by name. */
export interface AzureTerraformMappingData {
  source: Provenance;
  resources: Record<string, { type: string; attributes: Record<string, AzureTerraformAttribute> }>;
}

export interface AzureTerraformAttribute {
  /** The ARM path (`properties.allowBlobPublicAccess`). */
  path: string;
  /** A block list whose items are ARM list items with their settings under this key (`security_rule` → `securityRules[i].properties`). */
  items?: string;
  /** Values spelled differently in ARM (`true` → `Enabled`). */
  values?: Record<string, string>;
}
