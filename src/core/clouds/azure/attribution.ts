/**
 * Who owns an Azure setting: a curated entry of properties.json (from the
 * Microsoft cloud security benchmark's baselines) → the row the setting's
 * name points at, with the owner Microsoft's matrix gives that row for the
 * service's model → configurations and settings, the customer's in every model.
 */
import type { Attribution, AzureRowId, Confidence, ServiceModel, Source } from '../../types';
import { azureCell, azurePropertyRule, azureServiceOf } from './knowledge';
import type { AzureOwnerByValue } from './knowledge/schema';

/** Words in a setting's path that say which row of Microsoft's matrix it belongs to, checked in this order. */
const ROW_WORDS: readonly [AzureRowId, readonly string[]][] = [
  ['configurations-and-settings', ['tls', 'https', 'ftps', 'ssl']],
  ['identities-and-users', ['identity', 'principal', 'roledefinition', 'username', 'password', 'login', 'auth', 'aad', 'accesspolic', 'rbac', 'localaccount', 'administrator', 'ssh', 'credential', 'secret']],
  ['operating-system', ['osprofile', 'ostype', 'imagereference', 'patch', 'osdisk', 'linuxconfiguration', 'windowsconfiguration', 'upgradechannel', 'kernel']],
  ['network-controls', ['publicnetworkaccess', 'networkacl', 'iprule', 'firewall', 'subnet', 'virtualnetwork', 'securityrule', 'privateendpoint', 'ipaddress', 'networkprofile', 'ipconfiguration', 'addressprefix', 'portrange', 'networkrule', 'ipsecurityrestriction']],
  ['customer-data', ['encryption', 'backup', 'retention', 'softdelete', 'purge', 'georedundant', 'replication', 'keysource', 'keyvaultproperties']],
  ['applications', ['fxversion', 'appsettings', 'connectionstrings', 'runtime', 'nodeversion', 'phpversion', 'pythonversion', 'javaversion', 'netframeworkversion']],
];

/**
 * Words of settings that every service's baseline lists as the customer's to configure, whatever its
 * row's owner for the model: who may reach the service over the network ("Disable Public Network
 * Access", firewall and network rules: configuration responsibility Customer), and the application's
 * own settings and connection strings.
 */
const CUSTOMER_CONFIGURED = ['publicnetworkaccess', 'networkacl', 'iprule', 'firewallrule', 'virtualnetworkrule', 'ipsecurityrestriction', 'appsettings', 'connectionstrings'];

const CUSTOMER_ACTION: Record<AzureRowId, string> = {
  'customer-data': 'Protect the data: its encryption, retention, backup and who may read it.',
  'configurations-and-settings': 'Review this setting against the service’s security baseline.',
  'identities-and-users': 'Grant the least access needed, through Entra ID rather than shared keys or local accounts.',
  'client-devices': 'Secure the devices that reach the service.',
  applications: 'Keep the code, its dependencies and its runtime version current.',
  'network-controls': 'Expose the resource only to the networks that need it.',
  'operating-system': 'Patch and harden the operating system, or choose an upgrade channel that does.',
  'physical-hosts': 'Nothing: Microsoft secures the hosts.',
  'physical-network': 'Nothing: Microsoft secures the physical network.',
  'physical-datacenter': 'Nothing: Microsoft secures its datacenters.',
};

/** The first value-dependent owner the literal value selects. */
function ownerByValue(choices: readonly AzureOwnerByValue[] | undefined, value: string | undefined): AzureOwnerByValue | undefined {
  if (!choices || value === undefined) return undefined;
  const lower = value.trim().toLowerCase();
  return choices.find(
    (choice) => choice.values?.some((candidate) => candidate.toLowerCase() === lower) || choice.prefixes?.some((prefix) => lower.startsWith(prefix.toLowerCase())),
  );
}

const MODEL_SOURCE: Source = { title: 'Shared responsibility in the cloud (Microsoft, revised January 2026)', url: 'https://learn.microsoft.com/en-us/azure/security/fundamentals/shared-responsibility' };

/** The model of a resource type's service; services the knowledge does not list are taken as PaaS (most Azure resource providers are managed services). */
export function azureModelOf(resourceType: string): { service: string; model: ServiceModel; confidence: Confidence } {
  const match = azureServiceOf(resourceType);
  return { service: match.id, model: match.info?.model ?? 'paas', confidence: match.info ? 'curated' : 'fallback' };
}

/** The literal text of another setting of the same resource, by its ARM path (no list indexes); undefined when absent or known only at deploy time. */
export type AzureValueAt = (path: string) => string | undefined;

/**
 * `properties.securityRules[2].properties.access` → the curated entry of that path or its nearest listed parent.
 * `value` is the setting's literal text, for entries whose owner depends on it; undefined for deploy-time values.
 * `valueAt` reads the setting an entry's owner depends on when that is another one (`byValueOf`).
 */
export function azureAttribution(resourceType: string, path: string, value?: string, valueAt?: AzureValueAt): Attribution {
  const { service, model, confidence: serviceConfidence } = azureModelOf(resourceType);
  const baseline = azureServiceOf(resourceType).info?.baseline;
  const plain = path.replace(/\[\d+\]/g, '');
  for (let at = plain; at; at = at.includes('.') ? at.slice(0, at.lastIndexOf('.')) : '') {
    const rule = azurePropertyRule(resourceType, at);
    if (!rule) continue;
    const selector = rule.byValueOf !== undefined ? valueAt?.(rule.byValueOf) : at === plain ? value : undefined;
    const chosen = ownerByValue(rule.byValue, selector) ?? rule;
    return {
      owner: chosen.owner,
      row: rule.row,
      service,
      model,
      rationale: chosen.rationale,
      customerAction: chosen.customerAction,
      providerAction: chosen.microsoftAction,
      sources: withSource(chosen.sources, baseline),
      controls: rule.controls,
      confidence: 'curated',
    };
  }
  const lower = plain.toLowerCase();
  const named = ROW_WORDS.find(([, words]) => words.some((word) => lower.includes(word)))?.[0];
  const row = named ?? 'configurations-and-settings';
  const cell = azureCell(row, model)!;
  const modelTitle = model === 'iaas' ? 'IaaS' : model === 'saas' ? 'SaaS' : 'PaaS';
  const configured = cell.owner !== 'customer' && CUSTOMER_CONFIGURED.some((word) => lower.includes(word));
  return {
    owner: configured ? 'customer' : cell.owner,
    row,
    service,
    model,
    rationale: configured
      ? `Microsoft’s matrix shares this row for ${modelTitle}, but the service baselines list this setting as the customer’s to configure; Microsoft enforces it.`
      : `${cell.reason} (Microsoft’s matrix, ${modelTitle}.)`,
    customerAction: CUSTOMER_ACTION[row],
    providerAction: cell.owner === 'customer' || configured ? 'Runs the service as its model says; this setting is the customer’s.' : 'Does its part of this row for the service’s model.',
    sources: withSource([MODEL_SOURCE], baseline),
    controls: [],
    confidence: named && serviceConfidence === 'curated' ? 'derived' : 'fallback',
    ...(named && serviceConfidence === 'curated' ? { basis: 'name-pattern' as const } : {}),
  };
}

function withSource(sources: Source[], extra: Source | undefined): Source[] {
  return extra && !sources.some((source) => source.url.split('#')[0] === extra.url) ? [...sources, extra] : sources;
}
