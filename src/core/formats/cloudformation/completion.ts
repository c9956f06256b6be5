/**
 * Property-name completion for CloudFormation templates (YAML and JSON): at a
 * key position directly under a resource's `Properties`, the properties its
 * type has in the CloudFormation spec (clouds/aws/spec-properties.ts) that the
 * map does not set yet, each with the spec's documentation where it is loaded
 * (clouds/aws/specDocs.ts). Works on text that does not parse yet, as typing
 * leaves it: YAML by indentation, JSON by jsonc-parser's location.
 */
import type { Span } from '../../types';
import { specPropertyNames } from '../../clouds/aws/spec-properties';
import { propertyDoc } from '../../clouds/aws/specDocs';
import { jsonKeyAt, parseJson } from '../../parse/json';
import { getPath, scalar } from '../../parse/tree';

export interface PropertyCompletion {
  /** The property name. */
  label: string;
  /** What to insert in place of `replace`: `Name: ` in YAML, `"Name": ` in JSON. */
  insertText: string;
  /** The part of the key typed so far (empty at the cursor). */
  replace: Span;
  /** `AWS::RDS::DBInstance property`. */
  detail: string;
  /** The spec's one-line documentation, when the documentation provider is set. */
  documentation?: string;
}

/** Completion items at `offset`, or none when the cursor is not where a resource property's name goes. */
export function propertyCompletions(text: string, offset: number): PropertyCompletion[] {
  const site = /^\uFEFF?\s*[{[]/.test(text) ? jsonSite(text, offset) : yamlSite(text, offset);
  if (!site) return [];
  const names = specPropertyNames(site.type);
  if (!names) return [];
  const prefix = site.prefix.toLowerCase();
  return names
    .filter((name) => !site.present.has(name) && name.toLowerCase().startsWith(prefix))
    .map((name) => {
      const documentation = propertyDoc(site.type, `Properties.${name}`);
      return {
        label: name,
        insertText: site.json ? `"${name}": ` : `${name}: `,
        replace: site.replace,
        detail: `${site.type} property`,
        ...(documentation ? { documentation } : {}),
      };
    });
}

interface Site {
  type: string;
  prefix: string;
  replace: Span;
  present: Set<string>;
  json: boolean;
}

interface Line {
  start: number;
  text: string;
  indent: number;
}

/** The lines of `text` (cheap: one split), with their indentation. */
function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const content = raw.replace(/\r$/, '');
    lines.push({ start, text: content, indent: /^ */.exec(content)![0].length });
    start += raw.length + 1;
  }
  return lines;
}

const BLANK = /^\s*(#.*)?$/;
const KEY = /^ *(?:"([^"]+)"|'([^']+)'|([^\s:#'"][^:#]*?))\s*:(?:\s|$)/;

function keyOf(line: Line): string | undefined {
  const match = KEY.exec(line.text);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** Block YAML: the cursor on a line of its own that holds only (part of) a key, one level under `Properties:`. */
function yamlSite(text: string, offset: number): Site | undefined {
  const lines = linesOf(text);
  let index = lines.findIndex((line, i) => line.start <= offset && (i === lines.length - 1 || lines[i + 1].start > offset));
  if (index < 0) return undefined;
  const current = lines[index];
  const before = text.slice(current.start, offset);
  const typing = /^( *)([A-Za-z0-9]*)$/.exec(before);
  if (!typing) return undefined;
  const indent = typing[1].length;
  const after = /^[A-Za-z0-9]*/.exec(text.slice(offset))![0];
  // The parent: the nearest line above with less indentation.
  let parent = index - 1;
  while (parent >= 0 && (BLANK.test(lines[parent].text) || lines[parent].indent >= indent)) parent--;
  if (parent < 0 || keyOf(lines[parent]) !== 'Properties' || !/:\s*(#.*)?$/.test(lines[parent].text)) return undefined;
  const propertiesIndent = lines[parent].indent;
  // Siblings of `Properties` (the resource's block): its `Type`; and the resource must sit under `Resources`.
  let type: string | undefined;
  let top = parent;
  while (top > 0 && (BLANK.test(lines[top - 1].text) || lines[top - 1].indent >= propertiesIndent)) top--;
  let bottom = parent;
  while (bottom + 1 < lines.length && (BLANK.test(lines[bottom + 1].text) || lines[bottom + 1].indent >= propertiesIndent)) bottom++;
  for (let i = top; i <= bottom; i++) {
    if (lines[i].indent !== propertiesIndent || keyOf(lines[i]) !== 'Type') continue;
    const value = /:\s*["']?([A-Za-z0-9:]+)["']?\s*(#.*)?$/.exec(lines[i].text);
    type = value?.[1];
  }
  const logicalId = top - 1;
  if (!type || logicalId < 0) return undefined;
  let resources = logicalId - 1;
  while (resources >= 0 && (BLANK.test(lines[resources].text) || lines[resources].indent >= lines[logicalId].indent)) resources--;
  if (resources < 0 || keyOf(lines[resources]) !== 'Resources') return undefined;
  // Keys already set at this level.
  const present = new Set<string>();
  for (index = parent + 1; index <= bottom; index++) {
    const line = lines[index];
    if (line.indent === indent && line !== current) {
      const key = keyOf(line);
      if (key) present.add(key);
    }
  }
  return { type, prefix: typing[2], replace: { offset: offset - typing[2].length, length: typing[2].length + after.length }, present, json: false };
}

/** JSON: at a key of the map at `Resources.<id>.Properties`. */
function jsonSite(text: string, offset: number): Site | undefined {
  const at = jsonKeyAt(text, offset);
  if (!at.atKey || at.path.length !== 3 || at.path[0] !== 'Resources' || at.path[2] !== 'Properties' || typeof at.path[1] !== 'string') return undefined;
  const root = parseJson(text).root;
  const type = scalar(getPath(root, `Resources.${at.path[1]}.Type`));
  if (typeof type !== 'string') return undefined;
  const properties = getPath(root, `Resources.${at.path[1]}.Properties`);
  // The key typed so far, from its opening quote (the cursor may be inside the quotes or after them).
  const opened = /"([A-Za-z0-9]*)$/.exec(text.slice(0, offset));
  const prefix = opened?.[1] ?? '';
  const rest = opened ? /^[A-Za-z0-9]*"?/.exec(text.slice(offset))![0] : '';
  const replace = opened ? { offset: offset - opened[0].length, length: opened[0].length + rest.length } : { offset, length: 0 };
  const typedKey = opened ? prefix + rest.replace(/"$/, '') : undefined;
  const present = new Set(properties?.kind === 'map' ? properties.entries.map((entry) => entry.key).filter((key) => key !== typedKey) : []);
  return { type, prefix, replace, present, json: true };
}
