/**
 * Recognising credentials, shared by every format (CloudFormation, SAM,
 * Serverless, Terraform, Kubernetes env, Dockerfile ENV/ARG, .env, app config).
 *
 * A value is a secret in either of two cases:
 * - its key names a secret *value* (password, secret, token, API key, private
 *   key, credential), not a name, ARN, id, unit, length, count or type of one,
 *   and the value looks like a secret: not a reference, number, boolean, unit
 *   word, ARN or placeholder, with enough length and variety;
 * - the value has a known credential shape, whatever its key: an AWS access key
 *   id, a PEM private key, a GitHub, Slack, Stripe, Google, SendGrid or npm
 *   token, a JWT, or a password inside a URL or connection string.
 * Public identifiers (an Alexa skill id in `EventSourceToken`, account ids,
 * key ids without their secret) are not secrets.
 *
 * Nothing here returns a secret's text: callers mask it with maskSecret.
 */

/** An AWS access key id: AKIA (long-term) or ASIA (temporary) and 16 more characters. */
export const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;

/**
 * The key pair that the AWS documentation prints as an example (IAM User
 * Guide, "Manage access keys for IAM users"). It is not a live credential.
 */
const AWS_EXAMPLE_KEYS = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);

export function isAwsDocumentationExample(value: string): boolean {
  return AWS_EXAMPLE_KEYS.has(value) || /^(?:AKIA|ASIA)[0-9A-Z]{9}EXAMPLE$/.test(value);
}

export type SecretKind =
  | 'access-key-id'
  | 'secret-access-key'
  | 'private-key'
  | 'token'
  | 'jwt'
  | 'url-password'
  | 'connection-string-password'
  | 'named-secret';

export interface SecretHit {
  kind: SecretKind;
  /** What it is, for a message: "AWS access key id", "GitHub token", "password in a postgres URL". */
  what: string;
  /** Where the secret sits inside the value (offset within the value string, length). */
  start: number;
  length: number;
  /** True for the AWS documentation example keys: reported, but as a warning. */
  example: boolean;
}

// ------------------------------------------------------------ known shapes

interface Shape {
  kind: SecretKind;
  what: string;
  pattern: RegExp;
}

/** Credential shapes that are secrets whatever key holds them. Each pattern is linear (no nested repetition). */
const SHAPES: Shape[] = [
  { kind: 'access-key-id', what: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'private-key', what: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'token', what: 'GitHub token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/g },
  { kind: 'token', what: 'GitHub token', pattern: /\bgithub_pat_[A-Za-z0-9_]{50,255}/g },
  { kind: 'token', what: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,250}/g },
  { kind: 'token', what: 'Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,20}\/B[A-Z0-9]{6,20}\/[A-Za-z0-9]{16,40}/g },
  { kind: 'token', what: 'Stripe secret key', pattern: /\b[sr]k_live_[A-Za-z0-9]{16,250}/g },
  { kind: 'token', what: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'token', what: 'SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,50}\b/g },
  { kind: 'token', what: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
];

/**
 * JSON Web Tokens (`eyJ….eyJ….…`, parts of 8–2000, 8–4000 and 8–2000 characters after their
 * prefixes), found without a regular expression: `eyJ` can start again inside a part, so any
 * pattern for them retries from every `-eyJ` and costs the square of a run of them. Runs of
 * token characters are cut once, and each dot-separated segment is looked at once.
 */
function jsonWebTokens(text: string, limit: number): { start: number; length: number }[] {
  const found: { start: number; length: number }[] = [];
  // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; every token found below starts with `eyJ`
  if (!text.includes('eyJ')) return found;
  for (const run of text.matchAll(/[A-Za-z0-9_.-]+/g)) {
    const segments = run[0].split('.');
    let offset = run.index;
    const starts = segments.map((segment) => {
      const start = offset;
      offset += segment.length + 1;
      return start;
    });
    for (let index = 0; index + 2 < segments.length && found.length < limit; index++) {
      const payload = segments[index + 1];
      const signature = segments[index + 2];
      if (!payload.startsWith('eyJ') || payload.length < 11 || payload.length > 4003 || signature.length < 8) continue;
      // The header: from an `eyJ` at a word boundary (the segment's start, or after a `-`) to the segment's end.
      const header = segments[index];
      let at = header.startsWith('eyJ') ? 0 : header.indexOf('-eyJ') + 1;
      // Stryker disable next-line ConditionalExpression: `at` is an indexOf + 1, never negative, so `at === 0` is the only other case
      while (at > 0 || (at === 0 && header.startsWith('eyJ'))) {
        const length = header.length - at;
        if (length < 11) break;
        if (length <= 2003) {
          found.push({ start: starts[index] + at, length: length + 1 + payload.length + 1 + Math.min(signature.length, 2000) });
          index += 2;
          break;
        }
        at = header.indexOf('-eyJ', at) + 1;
        if (at === 0) break;
      }
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; the segment loop above adds nothing once `limit` are found
    if (found.length >= limit) break;
  }
  return found;
}

/** Every credential shape in a text (at most `limit`), in order of position. */
export function credentialShapes(text: string, limit = 20): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const shape of SHAPES) {
    shape.pattern.lastIndex = 0;
    for (let match = shape.pattern.exec(text); match && hits.length < limit * 2; match = shape.pattern.exec(text)) {
      if (shape.kind !== 'access-key-id' && isStandIn(match[0])) continue;
      // Stryker disable next-line ConditionalExpression: only an AKIA/ASIA id or the example secret key (with a `/`) is a documentation example, and no other shape matches either
      hits.push({ kind: shape.kind, what: shape.what, start: match.index, length: match[0].length, example: shape.kind === 'access-key-id' && isAwsDocumentationExample(match[0]) });
    }
  }
  for (const token of jsonWebTokens(text, limit * 2)) {
    if (!isStandIn(text.slice(token.start, token.start + token.length))) hits.push({ kind: 'jwt', what: 'JSON Web Token', ...token, example: false });
  }
  for (const password of urlPasswords(text, limit)) hits.push(password);
  const inString = connectionStringPassword(text);
  if (inString) hits.push(inString);
  return hits.sort((a, b) => a.start - b.start).slice(0, limit);
}

/**
 * A token of the right shape filled with a stand-in (`sk_live_xxxx…`,
 * `ghp_EXAMPLE…`), or the sample token of the JWT specification's site,
 * which documentation everywhere copies.
 */
function isStandIn(token: string): boolean {
  return /x{4}|X{4}|0{8}|example|sample|dummy|fake|placeholder|your/i.test(token) || token.includes('eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ');
}

/** The first credential shape in a value, if any. */
export function credentialShape(value: string): SecretHit | undefined {
  return credentialShapes(value, 1)[0];
}

// ---------------------------------------------------- URLs and connection strings

export interface UrlPassword {
  scheme: string;
  /** Offset of the password inside the value, and its length. */
  start: number;
  length: number;
}

/**
 * Passwords written inline in URLs: `postgres://user:pass@host`,
 * `redis://:pass@host`, `jdbc:mysql://user:pass@host`, `https://user:pass@host`.
 * Interpolations such as `${DB_PASSWORD}` and placeholders are not passwords.
 */
function urlPasswords(value: string, limit: number): SecretHit[] {
  const hits: SecretHit[] = [];
  // The scheme starts a word and is short: unanchored, `[a-z][a-z0-9+.-]*` made a long value quadratic (minutes for a 5 MB line).
  const pattern = /((?:jdbc:)?(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,40}):\/\/([^:@/\s"'`]{0,256}):([^@/\s"'`]{1,256})@/gi;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: callers keep the first `limit` hits by position, and these come in order of position
  for (let match = pattern.exec(value); match && hits.length < limit; match = pattern.exec(value)) {
    const password = match[3];
    if (!isLiteralPassword(password)) continue;
    const start = match.index + match[1].length + 3 + match[2].length + 1;
    hits.push({ kind: 'url-password', what: `password in a ${match[1].toLowerCase()} URL`, start, length: password.length, example: false });
  }
  return hits;
}

/** The first password inside a URL. */
export function urlPassword(value: string): UrlPassword | undefined {
  const hit = urlPasswords(value, 1)[0];
  if (!hit) return undefined;
  return { scheme: hit.what.replace(/^password in an? /, '').replace(/ URL$/, ''), start: hit.start, length: hit.length };
}

/** `Server=…;Password=s3cret;…` (ADO.NET, ODBC, JDBC properties). */
function connectionStringPassword(value: string): SecretHit | undefined {
  // Stryker disable next-line StringLiteral: a shortcut; the pattern below needs a `;` or the start, and a `=`
  if (!value.includes(';') || !value.includes('=')) return undefined;
  const match = /(?:^|;)\s*(?:password|pwd)\s*=\s*("[^"]*"|'[^']*'|[^;]*)/i.exec(value);
  if (!match) return undefined;
  const quoted = /^["']/.test(match[1]);
  const password = (quoted ? match[1].slice(1, -1) : match[1]).trim();
  if (!isLiteralPassword(password)) return undefined;
  const start = match.index + match[0].length - match[1].length + (quoted ? 1 : 0) + match[1].replace(/^["']/, '').indexOf(password);
  return { kind: 'connection-string-password', what: 'password in a connection string', start, length: password.length, example: false };
}

/** A password inside a URL or connection string that is written out, not referenced or left as a placeholder. */
function isLiteralPassword(password: string): boolean {
  if (isPlaceholder(password) || isReference(password)) return false;
  return !/^(?:pass|pwd|user(?:name)?)$/i.test(password);
}

/** `sslmode=disable`, `ssl=false`, `useSSL=false`, `tls=false`, `encrypt=false` in a URL or connection string. */
export function tlsOffInUrl(value: string): { start: number; length: number; text: string } | undefined {
  const match = /(?:^|[?&;\s])((?:sslmode|ssl-mode)=disable|(?:ssl|tls|usessl|encrypt|requiressl)=(?:false|0|no))\b/i.exec(value);
  if (!match) return undefined;
  const start = match.index + match[0].indexOf(match[1]);
  return { start, length: match[1].length, text: match[1] };
}

// ------------------------------------------------------------------- names

/** Words that name a secret value on their own. */
const SECRET_NOUNS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass', 'secret', 'secrets', 'token', 'credential', 'credentials', 'apikey', 'privatekey', 'secretkey']);
/** Plurals that count or list rather than hold one (MAX_TOKENS, `passwords:`). */
const PLURALS = new Set(['tokens', 'passwords', 'keys', 'apikeys']);
/** Words that make `key` a secret value: api key, private key, signing key … */
const KEY_QUALIFIERS = new Set(['api', 'private', 'secret', 'signing', 'sign', 'encryption', 'master', 'client', 'app', 'application', 'auth', 'hmac', 'session', 'jwt', 'shared', 'webhook', 'license', 'access', 'account']);
/**
 * Words after the secret noun that say the value is about the secret, not the
 * secret: its name, ARN, id, location, size, lifetime, type, switch, policy …
 */
const META_WORDS = new Set([
  'name', 'names', 'arn', 'arns', 'id', 'ids', 'identifier', 'ref', 'reference', 'refs', 'path', 'paths', 'file', 'filename', 'files', 'dir', 'url', 'uri', 'endpoint', 'host',
  'length', 'len', 'size', 'count', 'iterations', 'rounds', 'min', 'max', 'minimum', 'maximum', 'units', 'unit', 'validity', 'ttl', 'expiry', 'expires', 'expiration',
  'timeout', 'seconds', 'minutes', 'hours', 'days', 'duration', 'lifetime', 'age', 'interval', 'period', 'type', 'kind', 'format', 'pattern', 'regex', 'policy', 'policies',
  'rotation', 'rotate', 'enabled', 'enable', 'disabled', 'required', 'require', 'header', 'field', 'param', 'parameter', 'parameters', 'prefix', 'suffix', 'algorithm',
  'alias', 'location', 'region', 'hint', 'description', 'label', 'version', 'provider', 'source', 'mode', 'store', 'manager', 'kms', 'template', 'generator', 'selector',
  'mount', 'volume', 'bucket', 'table', 'key_id', 'keyid', 'reset', 'last', 'used', 'hash', 'hashed', 'digest', 'salt', 'strength', 'complexity', 'check', 'validation',
  'encrypted', 'env', 'var', 'variable', 'config', 'settings', 'option', 'options', 'flag', 'secret_name', 'role', 'user', 'username', 'owner', 'tags', 'placeholder',
  'storage', 'vault', 'output', 'outputs', 'input', 'class', 'method', 'methods', 'usage', 'scope', 'scopes', 'audience', 'issuer', 'verification', 'verifier', 'service',
  'list', 'map', 'set', 'properties', 'retention', 'recovery', 'window', 'schedule', 'status', 'state', 'sync', 'keys', 'valid', 'port', 'ports', 'hosts',
  'address', 'urls', 'uris', 'endpoints', 'extension', 'arg', 'args', 'command', 'script', 'length', 'chars', 'characters', 'pool', 'group', 'account', 'accounts', 'resource', 'resources', 'object',
]);
/** Words before `token` that make it an identifier of a request or resource, not a credential. */
const TOKEN_NOT_SECRET_BEFORE = new Set(['service', 'creation', 'source', 'request', 'idempotency', 'next', 'pagination', 'page', 'continuation', 'cancellation', 'max', 'min', 'num', 'csrf', 'xsrf', 'change', 'resume', 'cluster', 'discovery']);
/** Words before a secret noun that make the key a switch or an action about it. */
const NOT_SECRET_BEFORE = new Set(['is', 'has', 'use', 'uses', 'enable', 'enabled', 'require', 'requires', 'manage', 'generate', 'rotate', 'exclude', 'include', 'allow', 'disable', 'no', 'public', 'publishable', 'encrypt', 'skip']);

/** `MasterUserPassword` → master user password; `DB_PASSWORD` → db password; `api-key` → api key; `SECRETNAME` → secretname (split below). */
export function nameWords(name: string): string[] {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z]{2,})/g, '$1 $2')
    .toLowerCase()
    // Stryker disable next-line Regex: the empty words a single-character split adds are dropped below
    .split(/[^a-z0-9]+/);
  // Split words run together around a secret noun: `dbpassword` → db password, `secretname` → secret name. Drops empty words.
  return words.flatMap((word) =>
    SECRET_NOUNS.has(word) || PLURALS.has(word) ? [word] : word.split(/(password|passwd|passphrase|secret|token|apikey|privatekey|credentials?)/).filter(Boolean),
  );
}

/**
 * Whether a key names a secret value: the last secret noun in it (password,
 * secret, token, API key …) is not followed by a word that makes the key about
 * the secret (its name, ARN, id, length, units …) nor preceded by one that
 * makes it a switch or an identifier (`IsValueSecret`, `ServiceToken`).
 * `parent` is the key of the map holding it (`TokenValidityUnits` holds
 * `AccessToken: hours`).
 */
export function isSecretName(name: string, parent?: string): boolean {
  return secretNameKind(name, parent) !== undefined;
}

/**
 * How the secret a key names is made: `chosen` by a person (a password: any
 * literal is one) or `issued` by a system (a token, an API key, a secret key:
 * a short or plain literal is a stand-in, not the real thing). Undefined when
 * the key does not name a secret value.
 */
export type SecretStrength = 'chosen' | 'issued';

export function secretNameKind(name: string, parent?: string): SecretStrength | undefined {
  // `TokenValidityUnits: {AccessToken: hours}`: the children of something about a secret are about it too.
  if (parent !== undefined && describesSecret(nameWords(parent))) return undefined;
  const words = nameWords(name);
  const noun = lastSecretNoun(words);
  if (noun < 0) return undefined;
  return secretValueNamed(words, noun) ? (CHOSEN.has(words[noun]) ? 'chosen' : 'issued') : undefined;
}

/** Secrets a person chooses: any literal value is one. */
const CHOSEN = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass', 'credential', 'credentials']);

function secretValueNamed(words: string[], noun: number): boolean {
  const word = words[noun];
  // Stryker disable next-line ConditionalExpression,StringLiteral,ArithmeticOperator: a key's qualifier (api, private, access …) is none of the words checked in `before` below
  const before = words.slice(0, word === 'key' ? noun - 1 : noun);
  const after = words.slice(noun + 1);
  // `access key` alone names the key id; with `secret` (secret access key) it is the secret.
  // Azure's `SharedAccessKey` (Service Bus, Event Hubs connection strings) is the secret itself.
  if (word === 'key' && words[noun - 1] === 'access' && !before.includes('secret') && !before.includes('shared')) return false;
  if (after.some((candidate) => META_WORDS.has(candidate))) return false;
  if (before.some((candidate) => NOT_SECRET_BEFORE.has(candidate))) return false;
  if (word === 'token' && before.some((candidate) => TOKEN_NOT_SECRET_BEFORE.has(candidate))) return false;
  // A bare `secrets:` is a map or list of references (ECS, compose, Kubernetes).
  if (word === 'secrets' && before.length === 0 && after.length === 0) return false;
  return true;
}

/** Index of the last word that names a secret value (`key` only with a qualifier: api key, private key …); -1 when none. */
function lastSecretNoun(words: string[]): number {
  // Stryker disable next-line ArithmeticOperator: indexes past the end read undefined, which is no secret noun
  for (let index = words.length - 1; index >= 0; index--) {
    const word = words[index];
    // Stryker disable next-line ConditionalExpression,EqualityOperator: at index 0, words[-1] is undefined, which is no qualifier
    if (SECRET_NOUNS.has(word) || (word === 'key' && index > 0 && KEY_QUALIFIERS.has(words[index - 1]))) return index;
  }
  return -1;
}

/** A name about a secret rather than of one: a secret noun followed by a word such as units, length, name or ARN. */
function describesSecret(words: string[]): boolean {
  const noun = lastSecretNoun(words);
  return noun >= 0 && words.slice(noun + 1).some((word) => META_WORDS.has(word));
}

// ------------------------------------------------------------------ values

/** Values that only stand in for a secret: references, interpolations, blanks and obvious placeholders. */
export function isPlaceholder(value: string): boolean {
  const text = value.trim();
  if (text.length < 4) return true;
  if (/^\{\{resolve:/.test(text)) return true;
  if (/^\$\{[^}]*\}$|^\$[A-Za-z_][A-Za-z0-9_]*$|^%\([^)]*\)s?$|^#\{[^}]*\}$|^\{\{[^}]*\}\}$|^%[A-Za-z_][A-Za-z0-9_]*%$|^__[A-Za-z0-9_]+__$|^@@[A-Za-z0-9_]+@@$/.test(text)) return true;
  if (/^<[^>]*>$|^\[[^\]]*\]$|^\{[A-Za-z_ -]*\}$|^<<.*>>$/.test(text)) return true;
  if (/^(?:_+|change[-_]?me|changeit|replace[-_]?me|todo|tbd|fixme|none|null|nil|undefined|empty|dummy|placeholder|redacted|hidden|masked|secret|password|passwd|token|apikey|api[-_]key|sample|example|default|notset|not[-_]set|unset)$/i.test(text)) return true;
  if (/^(?:your|enter|insert|replace|change|put|paste|fill)[-_ ]/i.test(text) || /^(?:your|Your|YOUR|enter|Enter|insert|Insert|replace|Replace)(?=[A-Z])/.test(text)) return true;
  // `ACTIVEMQ_SECRET_ARN`, `if_you_see_this_please_use_k8s`: a constant's name or a sentence, not a value.
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(text) || text.split(/[_-]/).filter((word) => /^[A-Za-z]+$/.test(word)).length >= 5) return true;
  if (/^your/i.test(text)) return true;
  // `GEN-PASSWORD`, `ADMIN-PASSWORD` (Azure quickstart parameters, replaced before a deployment): capital words that name the secret.
  if (/^(?:[A-Z]+-)+(?:PASSWORD|PASSWD|SECRET|KEY|TOKEN)$/.test(text)) return true;
  // A vendor prefix and a capitalised word (`nvapi-NVKEY`, `sk-APIKEY`): issued tokens carry digits and mixed case after their prefix.
  if (/^[a-z]{2,8}[-_][A-Z]{3,}$/.test(text)) return true;
  // `00000000-0000-…`: one character repeated.
  if (/^(.)\1*$/.test(text.replace(/[-_.: ]/g, ''))) return true;
  // OpenSSL's `-password 'pass:'`: the `pass:` form with nothing after it is an empty password.
  if (/^pass:$/i.test(text)) return true;
  // `abc123`-style stand-ins: a counting sequence in a short value.
  if (text.length < 16 && /1234|abcd/i.test(text)) return true;
  if (/(?:^|[-_ ])(?:here|todo)$/i.test(text)) return true;
  // The documentation convention (`examplepassword`, `SAMPLE_TOKEN`, `dummy-key`): a stand-in wherever the word sits.
  if (/example|sample|dummy|placeholder|changeme|redacted/i.test(text) && !/EXAMPLEKEY$/.test(text)) return true;
  if (/^[xX*.•-]{3,}(?:_[xX*.•-]*)?$|xxxx/i.test(text) && !/[0-9]/.test(text.replace(/x/gi, ''))) return true;
  return false;
}

/** A value that points at a secret elsewhere (a reference, a path, an ARN, an environment variable) rather than holding one. */
export function isReference(value: string): boolean {
  const text = value.trim();
  return (
    /^\{\{resolve:/.test(text) ||
    hasEnclosed(text, '${', '}') ||
    hasEnclosed(text, '$(', ')') ||
    /^\$[A-Za-z_]|^%[A-Za-z_]+%$|^#\{|^\{\{.*\}\}$|^<%=|^@Microsoft\.KeyVault\(/.test(text) ||
    /^arn:aws[a-z-]*:/i.test(text) ||
    // Step Functions and JSONPath: `$.input.token`, `$$.Task.Token`.
    /^\$\$?\.[\w.[\]'"-]*$/.test(text) ||
    // Azure's DSC extension: `PrivateSettingsRef:AdminPassword` names a value of its protected settings.
    /^(?:ENC\[|ENC\(|!vault|vault:|ssm:|secretsmanager:|kms:|aws-kms:|sm:\/\/|file:|env:|ref\+|op:\/\/|projects\/[^/]+\/secrets\/|PrivateSettingsRef:)/i.test(text) ||
    /^(?:[~.]?\/|[A-Za-z]:\\)[^\s]*$/.test(text) ||
    /^[a-z0-9_-]+(?:\/[a-z0-9_.-]+)+$/.test(text) ||
    /^[\w-]+\.(?:pem|key|crt|cer|json|txt|p12|pfx|jks|keystore|asc|gpg)$/i.test(text)
  );
}

const UNIT_WORDS = /^(?:hours?|minutes?|seconds?|days?|weeks?|months?|years?|milliseconds?|ms|s|m|h|d|bytes?|kb|mb|gb)$/i;
const FLAG_WORDS = /^(?:true|false|yes|no|on|off|enabled?|disabled?|none|null|nil|auto|required|optional|always|never|plaintext|parameter_store|secrets_manager|securestring|string)$/i;

/**
 * Whether a value written under a secret key looks like a secret: long and
 * varied enough, and not a reference, number, boolean, unit word, ARN, host,
 * e-mail, identifier-like name or placeholder.
 */
export function looksLikeSecretValue(value: string, strength: SecretStrength = 'issued'): boolean {
  const text = value.trim();
  // Stryker disable next-line ConditionalExpression: a shortcut; isPlaceholder takes anything under four characters
  if (text.length < 4 || text.length > 10_000) return false;
  if (isPlaceholder(text) || isReference(text)) return false;
  if (/^[-+]?\d+(?:\.\d+)?$/.test(text) || FLAG_WORDS.test(text) || UNIT_WORDS.test(text)) return false;
  if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(text)) return false;
  // A URL is an address; one with `user:password@` in it is caught by its shape.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/:\/\/[^/@\s:]*:[^/@\s]*@/.test(text)) return false;
  if (/^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i.test(text)) return false;
  // A sentence is an instruction, not a secret.
  // Stryker disable next-line Regex: a shortcut; four words need three blanks
  if (/\s/.test(text) && text.split(/\s+/).length >= 4) return false;
  // Code, not a value: calls, indexing, templates, dotted identifiers (`config.password`).
  if (/[()[\]{}]/.test(text) || /^[A-Za-z_]+(?:\.[A-Za-z_]+)+$/.test(text)) return false;
  // A password is whatever a person chose: any literal one is a finding, weak or not.
  if (strength === 'chosen') return true;
  // A token or key is issued by a system: long and varied. Short or plain words are stand-ins, and names of things (`my-secret`, `MySecretName`) are not secrets.
  if (text.length < 8) return false;
  if (/^[a-z]+(?:[-_][a-z]+)+$/.test(text) || /^(?:[A-Z][a-z]+){2,}$/.test(text)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(text)).length;
  return classes >= 2 || text.length >= 20;
}

// -------------------------------------------------------------- recognition

/**
 * Whether a name/value pair holds a credential in plain text: a credential
 * shape anywhere in the value, or a secret-looking value under a key that
 * names a secret value. `parent` is the key of the enclosing map.
 */
export function findSecret(name: string, value: string, parent?: string): SecretHit | undefined {
  if (isPublicIdentifier(name, value)) return undefined;
  // Step Functions: `token.$: "$$.Task.Token"` is a path into the state, not a value.
  if (name.endsWith('.$')) return undefined;
  const shape = credentialShape(value);
  if (shape) return shape;
  const trimmed = value.trim();
  const start = value.indexOf(trimmed);
  const strength = secretNameKind(name, parent);
  if (!strength || !looksLikeSecretValue(trimmed, strength)) return undefined;
  if (/secret[_.-]?access[_.-]?key/i.test(name) && /^[A-Za-z0-9/+]{40}$/.test(trimmed)) {
    return { kind: 'secret-access-key', what: 'AWS secret access key', start, length: trimmed.length, example: isAwsDocumentationExample(trimmed) };
  }
  // Stryker disable next-line Regex: a value with EXAMPLEKEY before its end is a placeholder and never reaches here
  return { kind: 'named-secret', what: 'secret', start, length: trimmed.length, example: isAwsDocumentationExample(trimmed) || /EXAMPLEKEY$/.test(trimmed) };
}

/** Identifiers that are public by design although their key says token or key. */
function isPublicIdentifier(name: string, value: string): boolean {
  const text = value.trim();
  if (/^amzn1\.(?:ask\.skill|echo-sdk-ams\.app|application-oa2-client)\./.test(text)) return true;
  // Stryker disable next-line ConditionalExpression,BooleanLiteral,Regex: twelve digits (or any number) are a number, which looksLikeSecretValue rejects after this, and match no credential shape
  if (/^\d{12}$/.test(text)) return true;
  return /(?:^|[^a-z])(?:public|publishable)[-_ ]?key/i.test(name) || /^pk_(?:live|test)_/.test(text) || /^-----BEGIN (?:[A-Z]+ )?PUBLIC KEY-----/.test(text) || /^ssh-(?:rsa|ed25519|dss) /.test(text);
}

// ------------------------------------------------------------ within text

export interface TextSecret extends SecretHit {
  /** The name it was assigned to, when it was found by its name (`DB_PASSWORD=…`). */
  name?: string;
}

/**
 * Secrets in a script or file body (EC2 UserData, cfn-init files, inline
 * code): credential shapes anywhere, and assignments whose name says secret
 * (`export DB_PASSWORD=…`, `password: …`, `"apiKey": "…"`, `--password …`).
 * `partialEnd` says the text continues with a deploy-time value, so an
 * assignment running to its end is only partly known.
 */
export function secretsInText(text: string, partialEnd = false, limit = 20): TextSecret[] {
  const hits: TextSecret[] = credentialShapes(text, limit);
  const taken = (start: number, end: number): boolean => hits.some((hit) => hit.start < end && start < hit.start + hit.length);
  // `NAME=value`, `name: value` (YAML: a space after the colon), `"name": "value"`; the separator is group 2. `export NAME=…` needs no prefix: the blank before NAME starts it.
  const assignment = /(?:^|[\s;&|{,(])(["']?[A-Za-z_][A-Za-z0-9_.-]{0,80}["']?)[ \t]*(=|:(?=[ \t])|(?<=["']):)[ \t]*("([^"\n]{0,1000})"|'([^'\n]{0,1000})'|([^\s"';&|,}]{1,1000}))/g;
  // A flag's unquoted value never starts with `-`: in `-export -password x` the next flag is not the value of `-export`.
  const flag = /(?:^|\s)--?([A-Za-z][A-Za-z0-9-]{0,60})(?:=|[ \t]+)("([^"\n]{0,1000})"|'([^'\n]{0,1000})'|([^\s"';&|-][^\s"';&|]{0,999}))/g;
  for (const pattern of [assignment, flag]) {
    const offset = pattern === assignment ? 1 : 0;
    for (let match = pattern.exec(text); match && hits.length < limit; match = pattern.exec(text)) {
      // Stryker disable next-line Regex: the name's pattern allows a quote only at its start and end
      const name = match[1].replace(/^["']|["']$/g, '');
      const written = match[2 + offset];
      const quoted = match[3 + offset] !== undefined || match[4 + offset] !== undefined;
      const value = match[3 + offset] ?? match[4 + offset] ?? match[5 + offset] ?? '';
      const valueStart = match.index + match[0].length - written.length + (quoted ? 1 : 0);
      const valueEnd = valueStart + value.length;
      if (partialEnd && valueEnd + (quoted ? 1 : 0) >= text.length) continue;
      // In code an unquoted word is a variable (`LifecycleActionToken: lcaToken`), not a literal.
      if (!quoted && /^[A-Za-z_]+$/.test(value)) continue;
      // `'Credential=' + access_key`: the quote after `=` closes the string the name is in, so
      // what follows is code, not a value.
      // Stryker disable next-line MethodExpression,Regex: the written value starts and ends with a quote or a non-blank, so trimStart and trimEnd change nothing; a name's only quotes are at its ends, and a quote at its end alone never equals the value's first character (a quote) when its first is a letter
      if (quoted && /^["']/.test(match[1]) && match[1][0] === written.trimStart()[0] && !match[1].endsWith(match[1][0])) continue;
      if (taken(valueStart, valueEnd) || isPublicIdentifier(name, value)) continue;
      const strength = secretNameKind(name);
      if (!strength || !looksLikeSecretValue(value, strength)) continue;
      hits.push({ kind: 'named-secret', what: 'secret', start: valueStart, length: value.length, example: isAwsDocumentationExample(value), name });
    }
  }
  // Stryker disable next-line MethodExpression: credentialShapes returns at most `limit` hits and the loops stop at `limit`
  return hits.sort((a, b) => a.start - b.start).slice(0, limit);
}

/**
 * Whether `open` occurs with a later `close` after it (`${…}`, `$(…)`): what `/\$\{[^}]*\}/` tests, without
 * its retry from every `${` (quadratic on a run of them with no `}`).
 */
export function hasEnclosed(text: string, open: string, close: string): boolean {
  const at = text.indexOf(open);
  // Stryker disable next-line EqualityOperator: the second indexOf starts after `open`, so it is never 0
  return at >= 0 && text.indexOf(close, at + open.length) >= 0;
}

// ------------------------------------------------------------ quoted text

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
  // Stryker disable next-line ConditionalExpression: every replace below leaves an empty text empty
  if (!text) return text;
  return text
    .replace(PRIVATE_KEY_ARMOUR, '-----BEGIN ******** PRIVATE KEY-----')
    .replace(ACCESS_KEY_IDS, (id) => maskSecretValue(id))
    .replace(URL_PASSWORD, (_whole, start: string) => `${start}********@`)
    .replace(QUERY_PARAMETER, (whole, separator: string, name: string, value: string) => (value && SECRET_PARAMETER.test(name) ? `${separator}${name}=********` : whole))
    .replace(NAMED_VALUE, (whole, name: string, between: string, value: string) => (isSecretName(name) && !isPlaceholder(value) ? `${name}${between}********` : whole))
    .replace(TOKEN_RUN, (run) =>
      run.length >= minimum && /[0-9]/.test(run) && (mixedCase ? /[a-z]/.test(run) && /[A-Z]/.test(run) : /[A-Za-z]/.test(run)) && !SNAKE_CASE_NAME.test(run) ? '********' : run,
    );
}

/** maskSecret's rule without importing text.ts (which imports nothing from here either). */
function maskSecretValue(value: string): string {
  // Stryker disable next-line Regex: only called on ACCESS_KEY_IDS matches, which start with AKIA or ASIA
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
/** A name of lowercase words joined by underscores (`aws_route53domains_registered_domain`), which no generated token looks like. */
const SNAKE_CASE_NAME = /^[a-z][a-z0-9]{0,19}(?:_[a-z][a-z0-9]{0,19}){2,}$/;
