/**
 * The CloudFormation form of suppressions (see engine/suppressions.ts): a
 * resource's `Metadata` entry, in templates and in the `resources` section of
 * Serverless files, and the edit that adds one to a JSON template.
 *
 *     Metadata:
 *       responsibility-lens:
 *         ignore:
 *           - rule: <ruleId>
 *             reason: <text>
 */
import type { Finding, Span, TextEdit } from '../../types';
import { METADATA_KEY, type SuppressionEdit, type SuppressionSite } from '../../engine/suppressions';
import { insertStructured, layoutOf, lineStart } from '../../engine/edits';
import { parseJson } from '../../parse/json';
import { parseYaml } from '../../parse/yaml';
import { get, getEntry, scalar, type Node } from '../../parse/tree';

/**
 * The suppressions in the `Metadata` of each resource of the `Resources` map
 * that `resourcesOf` finds in the file's root (templates: `Resources`;
 * Serverless: `resources.Resources`).
 */
export function metadataSuppressions(text: string, resourcesOf: (root: Node | undefined) => Node | undefined): SuppressionSite[] {
  const root = /^\uFEFF?\s*[{[]/.test(text) ? parseJson(text).root : parseYaml(text).root;
  const resources = resourcesOf(root);
  if (resources?.kind !== 'map') return [];
  const sites: SuppressionSite[] = [];
  for (const entry of resources.entries) {
    const block = getEntry(get(entry.value, 'Metadata'), METADATA_KEY);
    if (!block) continue;
    const type = scalar(get(entry.value, 'Type'));
    const resource = { logicalId: entry.key, type: typeof type === 'string' ? type : '' };
    const ignore = getEntry(block.value, 'ignore');
    if (!ignore) {
      sites.push({ ruleIds: [], idSpans: [], reason: '', span: block.keySpan, form: 'metadata', resource });
      continue;
    }
    const items = ignore.value?.kind === 'seq' ? ignore.value.items : ignore.value ? [ignore.value] : [];
    if (!items.length) sites.push({ ruleIds: [], idSpans: [], reason: '', span: ignore.keySpan, form: 'metadata', resource });
    for (const item of items) sites.push(metadataSite(item, resource));
  }
  return sites;
}

/** `{rule: id, reason: text}`, `{rules: [ids], reason: text}` or a bare id (which has no reason). */
function metadataSite(item: Node, resource: { logicalId: string; type: string }): SuppressionSite {
  const span = { offset: item.offset, length: item.length };
  if (item.kind === 'scalar') {
    const id = String(item.value ?? '').trim();
    return { ruleIds: id ? [id] : [], idSpans: [span], reason: '', span, form: 'metadata', resource };
  }
  const ids: { text: string; span: Span }[] = [];
  const rule = get(item, 'rule') ?? get(item, 'rules');
  const values = rule?.kind === 'seq' ? rule.items : rule ? [rule] : [];
  for (const value of values) {
    const id = scalar(value);
    if (typeof id === 'string' && id.trim()) ids.push({ text: id.trim(), span: { offset: value.offset, length: value.length } });
  }
  const reason = scalar(get(item, 'reason'));
  return {
    ruleIds: ids.map((id) => id.text),
    idSpans: ids.map((id) => id.span),
    reason: typeof reason === 'string' || typeof reason === 'number' ? String(reason).trim() : '',
    span,
    form: 'metadata',
    resource,
  };
}

/**
 * A `Metadata` suppression on the finding's resource in a CloudFormation JSON
 * template, its reason left empty, written as JSON indented like the file.
 */
export function metadataSuppressionEdit(text: string, finding: Finding, title: string): SuppressionEdit | undefined {
  const layout = layoutOf(text);
  const resource = getEntry(get(parseJson(layout.text).root, 'Resources'), finding.resource)?.value;
  if (resource?.kind !== 'map') return undefined;
  const item = { rule: finding.ruleId, reason: '' };
  const metadata = getEntry(resource, 'Metadata');
  const block = getEntry(metadata?.value, METADATA_KEY);
  const ignore = getEntry(block?.value, 'ignore');
  let edit: TextEdit | undefined;
  if (ignore) {
    if (ignore.value?.kind !== 'seq') return undefined;
    const list = ignore.value;
    const last = list.items[list.items.length - 1];
    const inline = `{ "rule": ${JSON.stringify(item.rule)}, "reason": "" }`;
    if (!last) edit = { offset: list.offset + 1, length: list.length - 2, newText: ` ${inline} ` };
    else {
      const multiLine = /[\r\n]/.test(text.slice(list.offset, last.offset));
      // Stryker disable next-line StringLiteral: the indent is only written when the list is multi-line
      const indent = multiLine ? text.slice(lineStart(text, last.offset), last.offset) : '';
      edit = { offset: last.offset + last.length, length: 0, newText: multiLine ? `,${layout.eol}${indent}${JSON.stringify(item, null, layout.unit).replace(/\n/g, `${layout.eol}${indent}`)}` : `, ${inline}` };
    }
  } else if (block) {
    if (block.value?.kind !== 'map') return undefined;
    edit = insertStructured(layout, block.value, 'ignore', [item]);
  } else if (metadata) {
    if (metadata.value?.kind !== 'map') return undefined;
    edit = insertStructured(layout, metadata.value, METADATA_KEY, { ignore: [item] });
  } else edit = insertStructured(layout, resource, 'Metadata', { [METADATA_KEY]: { ignore: [item] } });
  if (!edit) return undefined;
  return { title, edits: [edit], cursor: edit.offset + edit.newText.lastIndexOf('""') + 1 };
}
