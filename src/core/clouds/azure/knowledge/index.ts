/** Typed access to Azure's knowledge data files, with lookup indexes built on first use. */
import matrixJson from './matrix.json';
import servicesJson from './services.json';
import propertiesJson from './properties.json';
import rulesJson from './rules.json';
import terraformMappingJson from './terraform-mapping.json';
import resourceTypesJson from './resource-types.json';
import type { AzureCell, AzureMatrixData, AzureModel, AzurePropertiesData, AzurePropertyRule, AzureResourceTypesData, AzureRulesData, AzureService, AzureServicesData, AzureTerraformMappingData } from './schema';
import type { AzureRowId } from '../../../types';
import { ruleBook, type RuleBook } from '../../../engine/rules';
import { closestName } from '../../../engine/spelling';
import { onForget } from '../../../engine/memo';

export const azureMatrix = matrixJson as unknown as AzureMatrixData;
export const azureServices = servicesJson as unknown as AzureServicesData;
export const azureProperties = propertiesJson as unknown as AzurePropertiesData;
export const azureRuleData = rulesJson as unknown as AzureRulesData;
export const azureTerraformMapping = terraformMappingJson as unknown as AzureTerraformMappingData;
export const azureResourceTypes = resourceTypesJson as unknown as AzureResourceTypesData;

/** The finding rules as the engine (suppressions) and the formats' checks look them up. */
export const azureRules: RuleBook = ruleBook(azureRuleData.rules);

/** A row's cell for a model, or undefined when either is not Microsoft's. */
export function azureCell(row: string, model: string): AzureCell | undefined {
  return azureMatrix.rows.find((candidate) => candidate.id === (row as AzureRowId))?.byModel[model as AzureModel];
}

export interface AzureServiceMatch {
  id: string;
  info: AzureService | undefined;
}

let byType: Map<string, string> | undefined;
let byNamespace: Map<string, string> | undefined;
onForget(() => (byType = byNamespace = undefined));

/** The service of a resource type (`Microsoft.Storage/storageAccounts/blobServices` → storage): exact types first, then the provider namespace; case-insensitive, as Azure is. */
export function azureServiceOf(resourceType: string): AzureServiceMatch {
  if (!byType || !byNamespace) {
    byType = new Map();
    byNamespace = new Map();
    for (const [id, info] of Object.entries(azureServices.services)) {
      for (const type of info.types ?? []) byType.set(type.toLowerCase(), id);
      for (const namespace of info.namespaces ?? []) byNamespace.set(namespace.toLowerCase(), id);
    }
  }
  const type = resourceType.toLowerCase();
  const id = byType.get(type) ?? byNamespace.get(type.split('/')[0]);
  if (id) return { id, info: azureServices.services[id] };
  return { id: type.split('/')[0] || resourceType, info: undefined };
}

let propertyIndex: Map<string, AzurePropertyRule> | undefined;
onForget(() => (propertyIndex = undefined));

/**
 * The curated attribution of a setting, by its resource type and dotted path (list indexes left out); both
 * case-insensitively, as Azure reads them (older templates write `AutoPatchingSettings.Enable`).
 */
export function azurePropertyRule(resourceType: string, path: string): AzurePropertyRule | undefined {
  if (!propertyIndex) {
    propertyIndex = new Map();
    for (const rule of azureProperties.rules) for (const type of rule.types) for (const rulePath of rule.paths) propertyIndex.set(`${type} ${rulePath}`.toLowerCase(), rule);
  }
  return propertyIndex.get(`${resourceType} ${path}`.toLowerCase());
}

/** The published types under each lower-cased parent (`microsoft.storage`, `microsoft.storage/storageaccounts`). */
let childrenByParent: Map<string, string[]> | undefined;
let publishedTypes: Set<string> | undefined;
onForget(() => (childrenByParent = publishedTypes = undefined));

/**
 * Whether a type is one the Azure API publishes (resource-types.json, generated from the Azure SDK's
 * management packages), and if not, the published type it most likely stands for. `covered` is false
 * when the generated list has no type of that namespace, so nothing can be said.
 */
export function publishedType(resourceType: string): { covered: boolean; known: boolean; meant?: string } {
  if (!childrenByParent || !publishedTypes) {
    childrenByParent = new Map();
    publishedTypes = new Set();
    for (const type of Object.keys(azureResourceTypes.types)) {
      publishedTypes.add(type.toLowerCase());
      const cut = type.lastIndexOf('/');
      const parent = type.slice(0, cut).toLowerCase();
      const children = childrenByParent.get(parent);
      if (children) children.push(type);
      else childrenByParent.set(parent, [type]);
    }
  }
  const lower = resourceType.toLowerCase();
  const namespace = lower.split('/')[0];
  if (!childrenByParent.has(namespace)) return { covered: false, known: false };
  if (publishedTypes.has(lower)) return { covered: true, known: true };
  const cut = resourceType.lastIndexOf('/');
  const siblings = childrenByParent.get(lower.slice(0, cut)) ?? [];
  const meant = closestName(resourceType.slice(cut + 1), siblings.map((type) => type.slice(type.lastIndexOf('/') + 1)));
  return { covered: true, known: false, ...(meant ? { meant: siblings.find((type) => type.endsWith(`/${meant}`)) } : {}) };
}
