/**
 * The resource model every Azure format maps onto: a resource's type, its
 * name as the file gives it, and the map its settings are read from, with
 * paths as ARM names them (`properties.minimumTlsVersion`). Azure property
 * names are case-insensitive, so lookups here are too.
 */
import type { Span } from '../../types';
import type { Entry, MapNode, Node } from '../../parse/tree';

export interface AzureResource {
  /** The name the resource goes by in its file (an ARM `name` or symbolic name); shown in findings and hovers. */
  name: string;
  /** The full resource type, `Microsoft.Storage/storageAccounts`. */
  type: string;
  /** The resource's map (ARM: the resource object, with `properties`). */
  node: MapNode;
  /** Span of what names the resource (its `name` entry or symbolic key). */
  key: Span;
  /** Span of its `type` entry. */
  typeSpan: Span;
}

/** ARM template expressions (`[parameters('x')]`) are known only at deploy time; `[[` escapes a literal bracket. */
export function isExpression(node: Node | undefined): boolean {
  if (node?.kind === 'unknown') return true;
  if (node?.kind !== 'scalar' || typeof node.value !== 'string') return false;
  const text = node.value.trim();
  return text.startsWith('[') && !text.startsWith('[[') && text.endsWith(']');
}

export function entryCI(node: Node | undefined, key: string): Entry | undefined {
  if (node?.kind !== 'map') return undefined;
  const wanted = key.toLowerCase();
  return node.entries.find((entry) => entry.key.toLowerCase() === wanted);
}

/**
 * The entry at a dotted path (no list indexes), case-insensitively; `blocked` when a step on the way is
 * a deploy-time expression, or a map on the way has a deploy-time spread (Bicep's `...x`) that may set
 * the key, or replace it when the spread comes after it.
 */
export function entryAtPath(node: Node | undefined, path: string): { entry?: Entry; blocked: boolean } {
  let current = node;
  const segments = path.split('.');
  for (let index = 0; index < segments.length; index++) {
    if (isExpression(current)) return { blocked: true };
    const entry = entryCI(current, segments[index]);
    const spreads = current?.kind === 'map' ? current.spreads : undefined;
    if (spreads && (!entry || spreads[spreads.length - 1].offset > entry.span.offset)) return { blocked: true };
    if (!entry) return { blocked: false };
    if (index === segments.length - 1) return { entry, blocked: false };
    current = entry.value;
  }
  return { blocked: false };
}

/** A scalar's text for comparisons (`true`, `TLS1_0`), or undefined for maps, lists and deploy-time values. */
export function literalText(node: Node | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null || isExpression(node)) return undefined;
  return String(node.value);
}
