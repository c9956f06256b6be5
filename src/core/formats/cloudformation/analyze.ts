/** CloudFormation and SAM templates: detection, resources and their settings. */
import type { Analysis, ParseProblem } from '../../types';
import { analyzeTemplateRoot } from '../../clouds/aws/template';
import { atVisibleText } from '../../parse/limits';
import { parseJson } from '../../parse/json';
import { parseYaml } from '../../parse/yaml';
import { get, getEntry, scalar, type Node } from '../../parse/tree';

export function analyzeCloudFormation(text: string, fileName: string): Analysis {
  let parsed = isJson(fileName, text) ? { ...parseJson(text), notes: [] } : parseYaml(text);
  // A `.template` that opens with `{` may be YAML's flow style (single quotes, trailing commas), as CloudFormation and cfn-lint read it.
  if (parsed.errors.length && !/\.(?:jsonc?|ya?ml)$/i.test(fileName) && isJson(fileName, text)) {
    const asYaml = parseYaml(text);
    if (!asYaml.errors.length) parsed = asYaml;
  }
  // One clear problem per file: the first is the cause, the rest are echoes of it.
  const errors: ParseProblem[] = parsed.errors.slice(0, 1).map((error) => atVisibleText(error, text));
  if (!isCloudFormation(parsed.root)) {
    const kind = errors.length && looksLikeTemplate(text) ? 'cloudformation' : undefined;
    return { kind, settings: [], findings: [], errors: kind ? errors : [], resources: [] };
  }
  // A note that the YAML was read leniently (parse/yaml-relayout.ts) is information, not a reason to analyse partially.
  return { kind: 'cloudformation', ...analyzeTemplateRoot(parsed.root!, { partial: errors.length > 0, text }), errors: [...errors, ...parsed.notes] };
}

function isJson(fileName: string, text: string): boolean {
  if (/\.jsonc?$/i.test(fileName)) return true;
  if (/\.ya?ml$/i.test(fileName)) return false;
  return /^\s*[{[]/.test(text.replace(/^\uFEFF/, ''));
}

/** A broken file is still reported when it clearly meant to be a template. */
function looksLikeTemplate(text: string): boolean {
  return text.includes('AWSTemplateFormatVersion') || /["']?Type["']?\s*:\s*["']?AWS::/.test(text.slice(0, 200_000));
}

/** Cheap test on raw text so that unrelated YAML and JSON files are never parsed. */
export function mightBeCloudFormation(text: string): boolean {
  return text.includes('AWSTemplateFormatVersion') || /AWS::[A-Za-z0-9]+::/.test(text);
}

export function isCloudFormation(root: Node | undefined): boolean {
  if (root?.kind !== 'map') return false;
  if (getEntry(root, 'AWSTemplateFormatVersion')) return true;
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return false;
  return resources.entries.some((entry) => {
    const type = scalar(get(entry.value, 'Type'));
    return typeof type === 'string' && type.startsWith('AWS::');
  });
}
