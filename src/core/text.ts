/** Escaping and masking for every piece of document text shown to a user. */

/**
 * Hides a secret. Access key ids keep their 4-letter prefix (it only says
 * what kind of key it is); everything else shows nothing of the value.
 */
export function maskSecret(value: string): string {
  if (/^(?:AKIA|ASIA)/.test(value)) return `${value.slice(0, 4)}************`;
  return '********';
}

/** Escapes text for a Markdown hover so it renders literally: no links, HTML or formatting. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~<>&"'$]/g, (char) => (char === '<' ? '&lt;' : char === '>' ? '&gt;' : char === '&' ? '&amp;' : `\\${char}`))
    .replace(/\r?\n/g, ' ');
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
