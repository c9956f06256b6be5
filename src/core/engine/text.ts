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
    .replace(/\r?\n/g, ' ')
    .replace(CONTROL_CHARACTERS, visibleControl);
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Terminal escapes in document text (ESC, BEL, C1 controls, DEL …) are shown
 * as `\x1B` instead of being executed by the terminal that prints a report:
 * a logical id must not be able to clear the screen, recolour output or plant
 * a hyperlink. Tabs and line breaks stay.
 */
export function showControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, visibleControl);
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

function visibleControl(char: string): string {
  return `\\x${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}
