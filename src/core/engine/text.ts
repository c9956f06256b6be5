/** Escaping and masking for every piece of document text shown to a user. */

/**
 * Hides a secret. Access key ids keep their 4-letter prefix (it only says
 * what kind of key it is); everything else shows nothing of the value.
 */
export function maskSecret(value: string): string {
  if (/^(?:AKIA|ASIA)/.test(value)) return `${value.slice(0, 4)}************`;
  return '********';
}

/**
 * Escapes text for Markdown (hovers, reports) so it renders literally: no
 * links, images, HTML or formatting. `:` is escaped too, so a bare
 * `https://…` is not turned into a link by renderers that autolink URLs.
 * Line breaks become spaces and other control characters (CR, bidi
 * overrides and isolates, C0/C1) are shown as escapes.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~<>&"'$:]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : char === '&' ? '&amp;' : `\\${char}`))
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROL_CHARACTERS, visibleControl);
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Terminal escapes and spoofing characters in document text (ESC, BEL, C1
 * controls, DEL, a lone CR, bidi overrides and isolates, line and paragraph
 * separators) are shown as `\x1B` or `\u202E` instead of being acted on by
 * the terminal or viewer that shows a report: a logical id must not be able
 * to clear the screen, recolour output, plant a hyperlink, overwrite a line
 * or reorder what is read. Tabs, line feeds and CRLF line ends stay.
 */
export function showControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, visibleControl);
}

/** One line of terminal or plain-text output: line breaks in a value become spaces, control characters are shown. */
export function singleLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(CONTROL_CHARACTERS, visibleControl);
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|\r(?!\n)/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029]/g;

function visibleControl(char: string): string {
  const code = char.charCodeAt(0);
  const hex = code.toString(16).toUpperCase();
  // Stryker disable next-line StringLiteral: each character above U+00FF that CONTROL_CHARACTERS matches is U+061C or higher, four hex digits that need no padding
  const wide = hex.padStart(4, '0');
  // Stryker disable next-line EqualityOperator: `>=` is the same test, as CONTROL_CHARACTERS matches no U+00FF
  return code > 0xff ? `\\u${wide}` : `\\x${hex.padStart(2, '0')}`;
}

/**
 * The hosts whose pages hovers and reports may link to: where the knowledge
 * data's sources live. A link to anywhere else is shown as its title only.
 */
export const DOCUMENTATION_HOSTS: ReadonlySet<string> = new Set([
  'docs.aws.amazon.com',
  'aws.amazon.com',
  'd1.awsstatic.com',
  'registry.terraform.io',
  'developer.hashicorp.com',
  'kubernetes.io',
  'docs.docker.com',
  'learn.microsoft.com',
  'docs.spring.io',
  'nodejs.org',
  'codeql.github.com',
]);

/** True for an https URL on a documentation host (no credentials, no port). */
export function isDocumentationUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && !parsed.username && !parsed.password && !parsed.port && DOCUMENTATION_HOSTS.has(parsed.hostname);
}

/** `[title](url)` when the URL is on a documentation host, else the title alone; the title is escaped either way. */
export function markdownLink(title: string, url: string): string {
  if (!isDocumentationUrl(url)) return escapeMarkdown(title);
  return `[${escapeMarkdown(title)}](${markdownUrl(new URL(url).href)})`;
}

/** A link target that cannot end the link early: brackets, quotes, spaces and the like percent-encoded. */
export function markdownUrl(url: string): string {
  return url.replace(/[()<>[\]\s"'`\\]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
