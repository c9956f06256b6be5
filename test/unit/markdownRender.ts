/**
 * What a Markdown renderer makes of a hover or report: every link target and
 * image source, rendered the permissive way (raw HTML on, bare URLs turned
 * into links), so a test can assert that nothing from a file becomes active.
 */
import MarkdownIt from 'markdown-it';

const renderer = new MarkdownIt({ html: true, linkify: true });

export interface Rendered {
  html: string;
  links: string[];
  images: string[];
}

export function render(markdown: string): Rendered {
  const html = renderer.render(markdown);
  const attribute = (tag: string, name: string) => [...html.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`, 'gi'))].map((match) => match[1]);
  return { html, links: attribute('a', 'href'), images: [...attribute('img', 'src'), ...attribute('image', 'href')] };
}
