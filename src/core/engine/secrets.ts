/**
 * Recognising credentials in names and values, shared by every format
 * (CloudFormation properties, Dockerfile ENV/ARG, .env files, app config).
 * Nothing here returns a secret's text: callers mask with maskSecret.
 */

/** Property names that hold a credential. Names like SecretArn or PasswordPolicy do not end this way. */
export const SECRET_KEY = /(?:password|passwd|secret|secretstring|secretaccesskey|secretkey|authtoken|token|privatekey|apikey)$/i;
/** Environment-variable names that hold a credential anywhere in the name. */
export const SECRET_ENV = /(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential)/i;
/** An AWS access key id: AKIA (long-term) or ASIA (temporary) and 16 more characters. */
export const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
/** Names that say the value is an AWS secret access key. */
export const SECRET_ACCESS_KEY_NAME = /secret[_.-]?access[_.-]?key/i;
/** The shape of a secret access key: 40 characters of base64. */
const SECRET_ACCESS_KEY_VALUE = /^[A-Za-z0-9/+]{40}$/;
/** Names whose "secret"/"token" part is not a credential: ARNs, ids, paths, lifetimes, switches. */
const NOT_A_SECRET_NAME = /(?:arn|id|name|path|file|url|uri|endpoint|region|ttl|expiry|expires|expiration|timeout|seconds|minutes|duration|lifetime|validity|length|size|count|enabled|type|header|policy|rotation|algorithm|alias|location)$/i;

/**
 * The key pair that the AWS documentation prints as an example
 * (IAM User Guide, "Manage access keys for IAM users"). It is not a live
 * credential, so it is reported as a warning rather than an error.
 */
const AWS_EXAMPLE_KEYS = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);

export function isAwsDocumentationExample(value: string): boolean {
  return AWS_EXAMPLE_KEYS.has(value) || /^(?:AKIA|ASIA)[0-9A-Z]{9}EXAMPLE$/.test(value);
}

/** Values that only stand in for a secret: references, interpolations, blanks and obvious placeholders. */
export function isPlaceholder(value: string): boolean {
  const text = value.trim();
  if (text.length < 4) return true;
  if (/^\{\{resolve:/.test(text)) return true;
  if (/^\$\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|^%\([^)]*\)s?$|^#\{[^}]*\}$|^\{\{[^}]*\}\}$/.test(text)) return true;
  if (/^<[^>]*>$|^\[[^\]]*\]$/.test(text)) return true;
  if (/^(?:x+|\*+|\.+|-+|_+|changeme|change[-_]me|replace[-_]?me|your[-_].*|todo|tbd|none|null|nil|undefined|empty|dummy|placeholder|redacted)$/i.test(text)) return true;
  return false;
}

/** True when a name says its value is a credential (and not, say, its ARN or its rotation period). */
export function isSecretName(name: string): boolean {
  const last = name.split(/[.:]/).pop() ?? name;
  return (SECRET_ENV.test(last) || /(?:^|[_.-])pwd$/i.test(last)) && !NOT_A_SECRET_NAME.test(last);
}

export type SecretKind = 'access-key-id' | 'secret-access-key' | 'named-secret';

export interface SecretHit {
  kind: SecretKind;
  /** Where the secret sits inside the value (offset within the value string, length). */
  start: number;
  length: number;
  /** True for the AWS documentation example keys: reported, but as a warning. */
  example: boolean;
}

/**
 * Whether a name/value pair holds a credential in plain text: an AWS access
 * key id anywhere in the value, a secret access key next to a name that says
 * so, or a literal value under a secret-sounding name.
 */
export function findSecret(name: string, value: string): SecretHit | undefined {
  const keyId = ACCESS_KEY_ID.exec(value);
  if (keyId) return { kind: 'access-key-id', start: keyId.index, length: keyId[0].length, example: isAwsDocumentationExample(keyId[0]) };
  const trimmed = value.trim();
  const start = value.indexOf(trimmed);
  if (SECRET_ACCESS_KEY_NAME.test(name) && SECRET_ACCESS_KEY_VALUE.test(trimmed)) {
    return { kind: 'secret-access-key', start, length: trimmed.length, example: isAwsDocumentationExample(trimmed) };
  }
  if (isSecretName(name) && !isPlaceholder(trimmed) && !/^(?:true|false|yes|no|on|off|\d{1,7})$/i.test(trimmed) && !looksLikeUrl(trimmed)) {
    return { kind: 'named-secret', start, length: trimmed.length, example: false };
  }
  return undefined;
}

function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

export interface UrlPassword {
  scheme: string;
  /** Offset of the password inside the value, and its length. */
  start: number;
  length: number;
}

/** Schemes whose URLs carry database or cache credentials. */
const DATABASE_SCHEME = /^(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|oracle|jdbc:[a-z]+|cockroachdb|couchbase|neo4j(?:\+s)?|memcached)$/i;

/**
 * A password written inline in a connection URL: `postgres://user:pass@host`,
 * `redis://:pass@host`, `jdbc:mysql://user:pass@host`. Interpolations such as
 * `${DB_PASSWORD}` are not passwords.
 */
export function urlPassword(value: string): UrlPassword | undefined {
  // The scheme starts a word and is short: unanchored, `[a-z][a-z0-9+.-]*` made a long value quadratic (minutes for a 5 MB line).
  const match = /((?:jdbc:)?(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,40}):\/\/([^:@/\s]*):([^@/\s]+)@/i.exec(value);
  if (!match || !DATABASE_SCHEME.test(match[1])) return undefined;
  const password = match[3];
  if (isPlaceholder(password)) return undefined;
  const start = match.index + match[1].length + 3 + match[2].length + 1;
  return { scheme: match[1].toLowerCase(), start, length: password.length };
}

/** `sslmode=disable`, `ssl=false`, `useSSL=false`, `tls=false`, `encrypt=false` in a URL or connection string. */
export function tlsOffInUrl(value: string): { start: number; length: number; text: string } | undefined {
  const match = /(?:^|[?&;\s])((?:sslmode|ssl-mode)=disable|(?:ssl|tls|usessl|encrypt|requiressl)=(?:false|0|no))\b/i.exec(value);
  if (!match) return undefined;
  const start = match.index + match[0].indexOf(match[1]);
  return { start, length: match[1].length, text: match[1] };
}

/**
 * Secret-looking pieces of free text masked, for text that reports quote
 * from a file: setting keys and resource names (a private key read as a
 * .properties file makes every line a key), parse-error snippets and
 * suppression reasons. Masked: AWS access key ids (their 4-letter prefix
 * kept), private-key armour, values of secret-named URL query parameters and
 * URL passwords, `name = value` pairs whose name says secret, and runs of at
 * least `minimum` (12 or more) token characters with letters and digits (with
 * `mixedCase`, upper and lower case letters: for short quotes, where `aws_s3_bucket`
 * must stay readable): base64 key material, API tokens. Linear: every pattern
 * starts on a delimiter or is a bounded run.
 */
export function maskSecretsInText(text: string, minimum = 32, mixedCase = false): string {
  if (!text) return text;
  return text
    .replace(PRIVATE_KEY_ARMOUR, '-----BEGIN ******** PRIVATE KEY-----')
    .replace(ACCESS_KEY_IDS, (id) => maskSecretValue(id))
    .replace(URL_PASSWORD, (_whole, start: string) => `${start}********@`)
    .replace(QUERY_PARAMETER, (whole, separator: string, name: string, value: string) => (value && SECRET_PARAMETER.test(name) ? `${separator}${name}=********` : whole))
    .replace(NAMED_VALUE, (whole, name: string, between: string, value: string) => (isSecretName(name) && !isPlaceholder(value) ? `${name}${between}********` : whole))
    .replace(TOKEN_RUN, (run) => (run.length >= minimum && /[0-9]/.test(run) && (mixedCase ? /[a-z]/.test(run) && /[A-Z]/.test(run) : /[A-Za-z]/.test(run)) ? '********' : run));
}

/** maskSecret's rule without importing text.ts (which imports nothing from here either). */
function maskSecretValue(value: string): string {
  return /^(?:AKIA|ASIA)/.test(value) ? `${value.slice(0, 4)}************` : '********';
}

const PRIVATE_KEY_ARMOUR = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/g;
const ACCESS_KEY_IDS = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g;
/** `scheme://user:password@` → the password. */
const URL_PASSWORD = /(\/\/[^/@\s:]{0,200}:)[^/@\s]{1,500}@/g;
/** `?name=value` / `&name=value` in a URL or query string. */
const QUERY_PARAMETER = /([?&;])([\w.%-]{1,100})=([^&#\s"'`]*)/g;
const SECRET_PARAMETER = /(?:token|secret|password|passwd|pwd|key|sig|signature|credential|auth|session)/i;
/** `name = value` or `name: value` at the start of the text or after a space. */
const NAMED_VALUE = /(?<![\w.-])([A-Za-z_][\w.-]{0,100})(\s{0,10}[=:]\s{0,10}["']?)([^\s"'`,;]{4,})/g;
const TOKEN_RUN = /[A-Za-z0-9+/=_-]{12,}/g;
