/**
 * .env files: every variable is a setting, attributed by what its name and
 * value say it is (AWS credentials, Region, endpoints, database URLs, TLS
 * switches, secrets). Secret values never leave this module unmasked.
 */
import type { Analysis, Finding, Setting } from '../../types';
import { parseDotenv, type DotenvEntry } from '../../parse/dotenv';
import { byKey, bySpan, EXAMPLE_KEY_NOTE, makeFinding, makeSetting, type WorkloadAttributionId } from '../../clouds/aws/workloads';
import { findSecret, isPlaceholder, tlsOffInUrl, type SecretKind } from '../../engine/secrets';
import { maskSecret } from '../../engine/text';

/** `.env`, `.env.local`, `.env.production`, `app.env`; not `.envrc` or `environment.ts`. */
export function isDotenvName(fileName: string): boolean {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  // Stryker disable next-line Regex: `base` was split on every / and \, so it holds neither and both patterns reach its ends anyway
  return base === '.env' || /^\.env\.[^/\\]+$/.test(base) || /^[^/\\]+\.env$/.test(base);
}

const AWS_CREDENTIAL_NAME = /^(?:AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_SECURITY_TOKEN)$/i;
const REGION_NAME = /(?:^|_)(?:DEFAULT_)?REGION$/i;
const ENDPOINT_NAME = /^AWS_ENDPOINT_URL(?:_[A-Z0-9_]+)?$|_ENDPOINT(?:_URL)?$/i;
const DATABASE_NAME = /(?:^|_)(?:DATABASE|DB|POSTGRES(?:QL)?|PG|MYSQL|MARIADB|MONGO(?:DB)?|REDIS|JDBC|AMQP|RABBITMQ|ELASTICSEARCH|OPENSEARCH)(?:_|$)|_DSN$/i;
const CORS_NAME = /CORS|ALLOWED_ORIGINS?$|ALLOW_ORIGINS?$/i;
const OFF = /^(?:false|0|no|off|disable|disabled)$/i;
const ON = /^(?:true|1|yes|on)$/i;

interface TlsRule {
  name: RegExp;
  insecure: (value: string) => boolean;
  describe: string;
}

/** Variables that switch TLS or certificate verification, and the values that turn it off (PGSSLMODE is libpq's). */
const TLS_RULES: TlsRule[] = [
  { name: /^NODE_TLS_REJECT_UNAUTHORIZED$/i, insecure: (value) => value.trim() === '0', describe: 'certificate verification for every TLS connection of the Node.js process' },
  { name: /(?:^|_|^PG)SSL_?MODE$/i, insecure: (value) => /^disable$/i.test(value.trim()), describe: 'TLS to the database (sslmode=disable)' },
  // Before the verification switches: SKIP_TLS_VERIFY also contains TLS_VERIFY, and `yes` there turns verification off.
  { name: /(?:^|_)(?:INSECURE|SKIP_TLS_VERIFY|TLS_SKIP_VERIFY|INSECURE_SKIP_VERIFY|ALLOW_INSECURE)$/i, insecure: (value) => ON.test(value.trim()), describe: 'certificate verification (an insecure switch is on)' },
  { name: /(?:VERIFY|CHECK)_?(?:SSL|TLS|CERTS?|CERTIFICATES?)|(?:SSL|TLS)_?(?:VERIFY|VERIFICATION|CHECK)|REJECT_UNAUTHORIZED$/i, insecure: (value) => OFF.test(value.trim()), describe: 'certificate verification' },
  { name: /(?:^|_)(?:USE_)?(?:SSL|TLS|HTTPS)(?:_ENABLED?|_REQUIRED?)?$/i, insecure: (value) => OFF.test(value.trim()), describe: 'TLS' },
];

/** Which attribution a recognised secret gets. */
function secretAttribution(kind: SecretKind, key: string): WorkloadAttributionId {
  if (kind === 'access-key-id' || kind === 'secret-access-key' || AWS_CREDENTIAL_NAME.test(key)) return 'aws-credential';
  if (kind === 'url-password' || kind === 'connection-string-password' || DATABASE_NAME.test(key)) return 'database-credential';
  return 'app-secret';
}

export function analyzeDotenv(text: string, fileName: string): Analysis {
  const parsed = parseDotenv(text);
  const resource = fileName.split(/[\\/]/).pop() || '.env';
  const settings: Setting[] = [];
  const findings: Finding[] = [];
  for (const entry of parsed.entries) {
    const { id, finding } = classify(entry, resource);
    settings.push(makeSetting({ key: entry.keySpan, span: entry.span, resource, resourceType: 'dotenv::Variable', path: entry.key, leaf: true }, id));
    if (finding) findings.push(finding);
    // A connection URL can carry both an inline password and sslmode=disable: report the TLS part too.
    const tlsInUrl = finding?.ruleId === 'literal-secret' ? tlsOffInUrl(entry.value) : undefined;
    if (tlsInUrl && /:\/\//.test(entry.value)) {
      findings.push(makeFinding({ kind: 'dotenv', span: entry.span, resource, resourceType: 'dotenv::Variable', check: 'tls-verification-off', values: { path: entry.key, value: `TLS in its connection string (${tlsInUrl.text})` } }));
    }
  }
  // One clear problem: the first malformed line (the others still parse).
  return { kind: 'dotenv', settings: byKey(settings), findings: bySpan(findings), errors: parsed.errors.slice(0, 1), resources: [] };
}

function classify(entry: DotenvEntry, resource: string): { id: WorkloadAttributionId; finding?: Finding } {
  const { key, value } = entry;
  const base = { kind: 'dotenv' as const, span: entry.span, resource, resourceType: 'dotenv::Variable' };
  const secret = findSecret(key, value);
  if (secret) {
    return {
      id: secretAttribution(secret.kind, key),
      finding: makeFinding({
        ...base,
        check: 'literal-secret',
        values: { path: key, what: secret.what, value: maskSecret(value.slice(secret.start, secret.start + secret.length)) },
        severity: secret.example ? 'warning' : undefined,
        note: secret.example ? EXAMPLE_KEY_NOTE : undefined,
      }),
    };
  }
  if (AWS_CREDENTIAL_NAME.test(key)) return { id: 'aws-credential' };
  const tlsInUrl = tlsOffInUrl(value);
  if (tlsInUrl && /:\/\/|;/.test(value)) {
    return { id: DATABASE_NAME.test(key) ? 'database-credential' : 'tls-setting', finding: makeFinding({ ...base, check: 'tls-verification-off', values: { path: key, value: `TLS in its connection string (${tlsInUrl.text})` } }) };
  }
  const tls = TLS_RULES.find((rule) => rule.name.test(key));
  if (tls) {
    return { id: 'tls-setting', finding: tls.insecure(value) ? makeFinding({ ...base, check: 'tls-verification-off', values: { path: key, value: tls.describe } }) : undefined };
  }
  if (REGION_NAME.test(key)) return { id: 'aws-region' };
  if (ENDPOINT_NAME.test(key)) return { id: 'aws-endpoint' };
  if (CORS_NAME.test(key)) {
    // Stryker disable next-line Regex: splitting on single separators only adds empty pieces, never a "*"
    const any = value.split(/[\s,]+/).includes('*');
    return { id: 'app-cors', finding: any ? makeFinding({ ...base, check: 'cors-any-origin', values: { path: key, value: '*' } }) : undefined };
  }
  if (DATABASE_NAME.test(key) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) && /^(?:postgres|mysql|mariadb|mongodb|redis|rediss|jdbc|amqp)/i.test(value.trim())) {
    return { id: 'database-credential' };
  }
  if (/(?:password|secret|token|api_?key)/i.test(key) && isPlaceholder(value)) return { id: 'app-secret' };
  return { id: 'app-setting' };
}
