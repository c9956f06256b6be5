/**
 * Conditions on values of the shared syntax tree, as knowledge data writes
 * them (a curated attribution's `byValue`, a finding rule's `insecure`).
 */
import { getPath, scalar, type Node } from '../parse/tree';
import { memoMap } from './memo';

/**
 * A condition on a value. Without `path` it tests the setting's own value;
 * with `path` it tests another property of the same resource
 * (e.g. "Properties.RuntimeManagementConfig.UpdateRuntimeOn"). A `[]` in
 * `path` stands for the index the setting's own path has at that place, so
 * "Properties.OptionSettings[].Namespace" on the setting
 * "Properties.OptionSettings[3].Value" reads the Namespace of item 3.
 */
export interface ValueCondition {
  path?: string;
  /** True when the value is there at all (including deploy-time values such as `!Ref`). */
  present?: boolean;
  equals?: string | number | boolean;
  in?: (string | number | boolean)[];
  /** Name of a list the knowledge keeps (AWS: lists.json), e.g. "deprecated-lambda-runtimes". */
  inList?: string;
  /** Regular expression (JavaScript syntax, case-insensitive) on the string form of the value. */
  matches?: string;
  /**
   * The value is a list holding at least one item for which every one of
   * these conditions holds; their paths are relative to the item
   * ("a list item whose fields match", e.g. one Elastic Beanstalk option setting).
   */
  someItem?: ValueCondition[];
  /**
   * The value is a list none of whose items meets every one of these
   * conditions (paths relative to the item), e.g. no parameter item that
   * sets `require_ssl` to true. A value that is not a list does not hold.
   */
  noItem?: ValueCondition[];
  /** The value is a list, at least one of whose items (scalars) holds `inList`, `matches` … (e.g. CompatibleRuntimes). */
  anyScalar?: ValueCondition;
  /** The value is a map with a key that matches this regular expression (case-insensitive), e.g. an environment variable named like a secret. */
  anyKey?: string;
  /** This condition does not hold on the value (a missing value included): "TransitEncryption is not ENABLED". */
  not?: ValueCondition;
  /** The value is a number (or a numeric string) below this one (a retention period shorter than required). */
  below?: number;
}

/** Whether the named list holds the value: how `inList` conditions see a cloud's lists. */
export type NamedLists = (listName: string, value: string) => boolean;

/**
 * True when every condition holds. `own` is the setting's value; `resource`
 * the resource map for `path` lookups; `lists` answers `inList` conditions;
 * `ownPath`, the setting's concrete path, binds the `[]` of condition paths.
 */
export function allHold(conditions: ValueCondition[], own: Node | undefined, resource: Node | undefined, lists: NamedLists, ownPath?: string): boolean {
  return conditions.every((condition) => holds(condition, condition.path ? lookup(resource, condition.path, ownPath) : own, lists));
}

function lookup(root: Node | undefined, path: string, ownPath: string | undefined): Node | undefined {
  if (!path.includes('[]')) return getPath(root, path);
  const bound = bindIndexes(path, ownPath);
  return bound === undefined ? undefined : getPath(root, bound);
}

/** "A[].B" with own path "A[3].C" → "A[3].B"; undefined when the own path has no index there. */
export function bindIndexes(path: string, ownPath: string | undefined): string | undefined {
  let bound = '';
  let rest = path;
  for (let at = rest.indexOf('[]'); at >= 0; at = rest.indexOf('[]')) {
    bound += rest.slice(0, at);
    if (!ownPath?.startsWith(`${bound}[`)) return undefined;
    const index = /^\[(\d+)\]/.exec(ownPath.slice(bound.length));
    if (!index) return undefined;
    bound += index[0];
    rest = rest.slice(at + 2);
  }
  return bound + rest;
}

function holds(condition: ValueCondition, node: Node | undefined, lists: NamedLists): boolean {
  if (condition.present !== undefined && (node !== undefined) !== condition.present) return false;
  if (condition.someItem !== undefined) {
    if (node?.kind !== 'seq' || !node.items.some((item) => allHold(condition.someItem!, item, item, lists))) return false;
  }
  if (condition.noItem !== undefined) {
    // An item that is not a map (an intrinsic, a reference), or whose fields are known at deploy time only, may be the one that matches.
    if (node?.kind !== 'seq' || node.items.some((item) => item.kind !== 'map' || mayAllHold(condition.noItem!, item, lists))) return false;
  }
  if (condition.anyScalar !== undefined) {
    if (node?.kind !== 'seq' || !node.items.some((item) => holds(condition.anyScalar!, item, lists))) return false;
  }
  if (condition.anyKey !== undefined) {
    const key = compiled(condition.anyKey);
    if (node?.kind !== 'map' || !node.entries.some((entry) => key.test(entry.key))) return false;
  }
  if (condition.not !== undefined && holds(condition.not, node, lists)) return false;
  if (condition.equals === undefined && condition.in === undefined && condition.inList === undefined && condition.matches === undefined && condition.below === undefined) return true;
  const value = scalar(node);
  if (value === undefined || value === null) return false;
  if (condition.equals !== undefined && !looselyEqual(value, condition.equals)) return false;
  if (condition.in !== undefined && !condition.in.some((candidate) => looselyEqual(value, candidate))) return false;
  if (condition.inList !== undefined && !lists(condition.inList, String(value))) return false;
  if (condition.matches !== undefined && !compiled(condition.matches).test(String(value))) return false;
  if (condition.below !== undefined && !(typeof value !== 'boolean' && String(value).trim() !== '' && Number(value) < condition.below)) return false;
  return true;
}

/** Every condition holds on the item, or reads a value known at deploy time only (`Value: !Ref Flag`, `enabled = var.flag`). */
function mayAllHold(conditions: ValueCondition[], item: Node, lists: NamedLists): boolean {
  return conditions.every((condition) => {
    const value = condition.path ? lookup(item, condition.path, undefined) : item;
    return value?.kind === 'unknown' || holds(condition, value, lists);
  });
}

/** `matches` patterns come from knowledge data: compile each once. */
const patterns = memoMap<string, RegExp>();

function compiled(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (!regex) patterns.set(pattern, (regex = new RegExp(pattern, 'i')));
  return regex;
}

/** CloudFormation accepts "true", "22" and friends for booleans and numbers. */
export function looselyEqual(actual: string | number | boolean, expected: string | number | boolean): boolean {
  if (actual === expected) return true;
  return String(actual).toLowerCase() === String(expected).toLowerCase();
}
