/** The one entry point every consumer uses: text in, plain analysis out. */
import type { Analysis, ParseProblem } from './types';
import { parseYaml } from './parse/yaml';
import { parseJson } from './parse/json';
import { isCloudFormation, mightBeCloudFormation, resourceSettings, templateResources } from './cloudformation';
import { checkResources } from './findings';

/** Files above this size get a notice instead of analysis (about 100,000 lines of template). */
export const MAX_ANALYSED_CHARS = 5_000_000;

const EMPTY: Analysis = Object.freeze({ kind: undefined, settings: [], findings: [], errors: [], resources: [] }) as Analysis;

export function analyze(text: string, fileName: string): Analysis {
  const head = text.slice(0, 200_000);
  if (!mightBeCloudFormation(head)) return EMPTY;
  if (text.length > MAX_ANALYSED_CHARS) {
    return notice(`File is too large to analyse (${(text.length / 1_000_000).toFixed(1)} MB; the limit is ${MAX_ANALYSED_CHARS / 1_000_000} MB).`);
  }
  if (head.includes('\u0000')) return notice('File looks binary; it was not analysed.');

  const parsed = isJson(fileName, text) ? parseJson(text) : parseYaml(text);
  // One clear problem per file: the first is the cause, the rest are echoes of it.
  const errors: ParseProblem[] = parsed.errors.slice(0, 1).map((error) => atVisibleText(error, text));
  if (!isCloudFormation(parsed.root)) {
    return errors.length && looksLikeTemplate(head) ? { ...EMPTY, kind: 'cloudformation', errors } : EMPTY;
  }
  const resources = templateResources(parsed.root!);
  const settings = resources.flatMap(resourceSettings).sort((a, b) => a.key.offset - b.key.offset);
  const findings = checkResources(resources, parsed.root, { partial: errors.length > 0 });
  return { kind: 'cloudformation', settings, findings, errors, resources: resources.map((resource) => resource.info) };
}

function notice(message: string): Analysis {
  return { ...EMPTY, kind: 'cloudformation', errors: [{ span: { offset: 0, length: 0 }, message }] };
}

function isJson(fileName: string, text: string): boolean {
  if (/\.jsonc?$/i.test(fileName)) return true;
  if (/\.ya?ml$/i.test(fileName)) return false;
  return /^\s*[{[]/.test(text.replace(/^\uFEFF/, ''));
}

/** A broken file is still reported when it clearly meant to be a template. */
function looksLikeTemplate(text: string): boolean {
  return text.includes('AWSTemplateFormatVersion') || /["']?Type["']?\s*:\s*["']?AWS::/.test(text);
}

/** Parsers report unclosed structures at the end of the file; point at the last visible character instead. */
function atVisibleText(error: ParseProblem, text: string): ParseProblem {
  if (error.span.offset < text.trimEnd().length) return error;
  const offset = Math.max(0, text.trimEnd().length - 1);
  return { ...error, span: { offset, length: text.trimEnd().length > 0 ? 1 : 0 } };
}
