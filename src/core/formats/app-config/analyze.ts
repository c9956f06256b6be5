/**
 * Application configuration: Spring `application*.yml|yaml|properties`,
 * ASP.NET `appsettings*.json` and Node `config/*.json`. Every key is a
 * setting; TLS, credentials, CORS and management-endpoint settings are
 * attributed specifically and checked, everything else falls back to the
 * custom-applications row.
 */
import type { Analysis, Finding, ParseProblem, Setting, Span } from '../../types';
import { parseJson } from '../../parse/json';
import { parseYaml } from '../../parse/yaml';
import { parseProperties } from '../../parse/properties';
import type { Node } from '../../parse/tree';
import { byKey, bySpan, EXAMPLE_KEY_NOTE, makeFinding, makeSetting, type WorkloadAttributionId } from '../../clouds/aws/workloads';
import { findSecret, isPlaceholder, tlsOffInUrl, type SecretKind } from '../../engine/secrets';
import { maskSecret } from '../../engine/text';

type Flavour = 'spring' | 'aspnet' | 'node';

/** Which application config a file name is, if any. */
export function appConfigFlavour(fileName: string): Flavour | undefined {
  const parts = fileName.split(/[\\/]/);
  const base = parts[parts.length - 1];
  if (/^(?:application|bootstrap)(?:-[^/\\]+)?\.(?:ya?ml|properties)$/i.test(base)) return 'spring';
  if (/^appsettings(?:\.[^/\\]+)?\.json$/i.test(base)) return 'aspnet';
  if (parts.length >= 2 && parts[parts.length - 2] === 'config' && /\.json$/i.test(base)) return 'node';
  return undefined;
}

/** config/*.json is a common folder name: leave templates and manifests to their own formats. */
export function claimsAppConfig(fileName: string, head: string): boolean {
  const flavour = appConfigFlavour(fileName);
  if (flavour !== 'node') return flavour !== undefined;
  return !/AWSTemplateFormatVersion|"Type"\s*:\s*"AWS::/.test(head) && !(/"apiVersion"\s*:/.test(head) && /"kind"\s*:/.test(head));
}

interface Leaf {
  path: string;
  keySpan: Span;
  span: Span;
  /** Scalar text; undefined for maps and lists. */
  value: string | undefined;
  /** For lists: their scalar items. */
  items: string[] | undefined;
  leaf: boolean;
}

export function analyzeAppConfig(text: string, fileName: string): Analysis {
  const flavour = appConfigFlavour(fileName) ?? 'node';
  const resource = fileName.split(/[\\/]/).pop() || fileName;
  const { leaves, errors } = /\.properties$/i.test(fileName) ? propertiesLeaves(text) : treeLeaves(text, fileName, flavour === 'aspnet' ? ':' : '.');
  const settings: Setting[] = [];
  const findings: Finding[] = [];
  for (const leaf of leaves) {
    const { id, finding } = classify(leaf, resource, flavour);
    settings.push(makeSetting({ key: leaf.keySpan, span: leaf.span, resource, resourceType: RESOURCE_TYPE[flavour], path: leaf.path, leaf: leaf.leaf }, id));
    if (finding) findings.push(finding);
    // A connection string can carry both an inline password and TLS switched off: report the TLS part too.
    const tlsOff = finding?.ruleId === 'literal-secret' && leaf.value !== undefined ? (tlsOffInUrl(leaf.value) ?? connectionStringTlsOff(leaf.value)) : undefined;
    if (tlsOff) {
      findings.push(makeFinding({ kind: 'app-config', span: leaf.span, resource, resourceType: RESOURCE_TYPE[flavour], check: 'tls-verification-off', values: { path: leaf.path, value: `TLS in its connection string (${tlsOff.text})` } }));
    }
  }
  return { kind: 'app-config', settings: byKey(settings), findings: bySpan(findings), errors: errors.slice(0, 1), resources: [] };
}

const RESOURCE_TYPE: Record<Flavour, string> = { spring: 'Spring::Property', aspnet: 'ASP.NET::Setting', node: 'Node::Config' };

function propertiesLeaves(text: string): { leaves: Leaf[]; errors: ParseProblem[] } {
  const leaves = parseProperties(text).map((entry) => ({ path: entry.key, keySpan: entry.keySpan, span: entry.span, value: entry.value, items: undefined, leaf: true }));
  return { leaves, errors: [] };
}

function treeLeaves(text: string, fileName: string, separator: string): { leaves: Leaf[]; errors: ParseProblem[] } {
  const leaves: Leaf[] = [];
  const errors: ParseProblem[] = [];
  const visit = (node: Node | undefined, path: string): void => {
    if (node?.kind === 'map') {
      for (const entry of node.entries) {
        const childPath = path ? `${path}${separator}${entry.key}` : entry.key;
        const value = entry.value;
        const items = value?.kind === 'seq' ? value.items.flatMap((item) => (item.kind === 'scalar' ? [String(item.value)] : [])) : undefined;
        leaves.push({
          path: childPath,
          keySpan: entry.keySpan,
          span: entry.span,
          value: value?.kind === 'scalar' && value.value !== null ? String(value.value) : undefined,
          items,
          leaf: value?.kind !== 'map' && !(value?.kind === 'seq' && value.items.some((item) => item.kind === 'map')),
        });
        visit(value, childPath);
      }
    } else if (node?.kind === 'seq') node.items.forEach((item, index) => visit(item, `${path}[${index}]`));
  };
  if (/\.json$/i.test(fileName)) {
    const parsed = parseJson(text);
    errors.push(...parsed.errors);
    visit(parsed.root, '');
  } else {
    // Spring puts profiles in one file as several YAML documents; each is parsed in place (other documents blanked) so offsets stay exact.
    for (const masked of yamlDocuments(text)) {
      const parsed = parseYaml(masked);
      errors.push(...parsed.errors);
      visit(parsed.root, '');
    }
  }
  return { leaves, errors };
}

/** The text once per `---`-separated document, with everything outside that document blanked (line ends kept). */
function* yamlDocuments(text: string): Generator<string> {
  const separators = [...text.matchAll(/^---[ \t]*(?:#.*)?$/gm)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
  if (separators.length === 0) {
    yield text;
    return;
  }
  const blank = (part: string) => part.replace(/[^\r\n]/g, ' ');
  const bounds = [0, ...separators.flatMap((separator) => [separator.start, separator.end]), text.length];
  for (let index = 0; index < bounds.length; index += 2) {
    const start = bounds[index];
    const end = bounds[index + 1];
    if (!text.slice(start, end).trim()) continue;
    yield blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
  }
}

/** Which attribution a recognised secret gets. */
function secretAttribution(kind: SecretKind, path: string, isDatabase: boolean): WorkloadAttributionId {
  if (kind === 'access-key-id' || kind === 'secret-access-key' || /aws/.test(path)) return 'aws-credential';
  if (kind === 'url-password' || kind === 'connection-string-password' || isDatabase) return 'database-credential';
  return 'app-secret';
}

/** Lower case without separators, so Spring's relaxed names (allowed-origins, allowedOrigins) compare equal. */
function normal(path: string): string {
  return path.toLowerCase().replace(/[-_]/g, '');
}

function classify(leaf: Leaf, resource: string, flavour: Flavour): { id: WorkloadAttributionId; finding?: Finding } {
  const path = normal(leaf.path).replace(/\[\d+\]/g, '');
  const segments = path.split(/[.:]/);
  const last = segments[segments.length - 1];
  const lastName = leaf.path.split(/[.:]/).pop()!.replace(/\[\d+\]/g, '');
  const value = leaf.value;
  const values = leaf.items ?? (value === undefined ? [] : commaList(value));
  const base = { kind: 'app-config' as const, span: leaf.span, resource, resourceType: RESOURCE_TYPE[flavour] };
  const finding = (check: 'literal-secret' | 'tls-verification-off' | 'cors-any-origin' | 'management-endpoints-exposed', text: Record<string, string>, extra: Partial<Parameters<typeof makeFinding>[0]> = {}) =>
    makeFinding({ ...base, check, values: { path: leaf.path, ...text }, ...extra });
  const isDatabase = /datasource|database|connectionstring|\bdb\b|^db|mongodb|redis|r2dbc|jdbc/.test(path);

  // CORS.
  if (/cors/.test(path) || /^(?:allowedorigins?|alloworigins?|allowedoriginpatterns|allowanyorigin|accesscontrolalloworigin)$/.test(last)) {
    const any = last === 'allowanyorigin' ? isTrue(value) : /origin/.test(last) && values.includes('*');
    return { id: 'app-cors', finding: any ? finding('cors-any-origin', { value: last === 'allowanyorigin' ? 'AllowAnyOrigin: true' : '"*"' }) : undefined };
  }

  // Management / actuator endpoints.
  if (/^(?:management|endpoints)\./.test(path)) {
    if (path.endsWith('management.endpoints.web.exposure.include') && values.includes('*')) {
      return { id: 'app-management', finding: finding('management-endpoints-exposed', { value: 'exposes every actuator endpoint over HTTP (include: "*")' }) };
    }
    if (path === 'management.security.enabled' && isFalse(value)) {
      return { id: 'app-management', finding: finding('management-endpoints-exposed', { value: 'turns actuator security off' }) };
    }
    if (!/password|secret|token/.test(last)) return { id: 'app-management' };
  }

  // Credentials: AWS keys, secret-named keys, passwords in URLs and connection strings.
  if (value !== undefined) {
    const parent = leaf.path.replace(/\[\d+\]/g, '').split(/[.:]/).slice(-2, -1)[0];
    const secret = findSecret(lastName, value, parent);
    if (secret) {
      return {
        id: secretAttribution(secret.kind, path, isDatabase),
        finding: finding(
          'literal-secret',
          { what: secret.what, value: maskSecret(value.slice(secret.start, secret.start + secret.length)) },
          secret.example ? { severity: 'warning', note: EXAMPLE_KEY_NOTE } : {},
        ),
      };
    }
    const tlsOff = tlsOffInUrl(value) ?? connectionStringTlsOff(value);
    if (tlsOff && (/:\/\/|;|=/.test(value))) {
      return { id: isDatabase ? 'database-credential' : 'tls-setting', finding: finding('tls-verification-off', { value: `TLS in its connection string (${tlsOff.text})` }) };
    }
  }

  // TLS switches.
  if (last === 'rejectunauthorized') return { id: 'tls-setting', finding: isFalse(value) ? finding('tls-verification-off', { value: 'certificate verification (rejectUnauthorized: false)' }) : undefined };
  if (last === 'trustservercertificate') return { id: 'tls-setting', finding: isTrue(value) ? finding('tls-verification-off', { value: 'certificate verification (TrustServerCertificate: true)' }) : undefined };
  if (last === 'sslmode' && value !== undefined && /^disable$/i.test(value.trim())) return { id: 'tls-setting', finding: finding('tls-verification-off', { value: 'TLS (sslmode: disable)' }) };
  if (/ssl|tls|https|certificate|^kestrel/.test(path)) return { id: 'tls-setting' };

  if (/aws/.test(path) && segments.includes('region')) return { id: 'aws-region' };
  if (/aws/.test(path) && /(?:endpoint|serviceurl)$/.test(last)) return { id: 'aws-endpoint' };
  if (/aws/.test(path) && /(?:accesskey|secretkey)/.test(last)) return { id: 'aws-credential' };
  if (isDatabase && (/(?:url|uri|username|user|password|host|connectionstring)$/.test(last) || segments[0] === 'connectionstrings')) return { id: 'database-credential' };
  if (/(?:password|secret|token|apikey)/.test(last) && (value === undefined || isPlaceholder(value))) return { id: 'app-secret' };
  return { id: 'app-setting' };
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^true$/i.test(value.trim());
}

function isFalse(value: string | undefined): boolean {
  return value !== undefined && /^false$/i.test(value.trim());
}

/** `Encrypt=False`, `SslMode=Disable`, `TrustServerCertificate=True` in a connection string. */
function connectionStringTlsOff(value: string): { text: string } | undefined {
  if (!/;/.test(value)) return undefined;
  const match = /(?:^|;)\s*(encrypt\s*=\s*(?:false|no)|ssl\s*mode\s*=\s*disable|trustservercertificate\s*=\s*(?:true|yes))\s*(?:;|$)/i.exec(value);
  return match ? { text: match[1] } : undefined;
}

/** "a , b" → ["a", "b"]: spaces around commas go, outer ones stay. Not a split on a regex of optional spaces around a comma, which is quadratic on a long run of spaces. */
function commaList(value: string): string[] {
  const parts = value.split(',');
  return parts.map((part, index) => {
    const start = index === 0 ? part : part.trimStart();
    return index === parts.length - 1 ? start : start.trimEnd();
  });
}
