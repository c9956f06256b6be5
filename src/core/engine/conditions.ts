/**
 * Conditions on values of the shared syntax tree, as knowledge data writes
 * them (a curated attribution's `byValue`, a finding rule's `insecure`).
 */
import { getPath, scalar, type Node } from '../parse/tree';

/**
 * A condition on a value. Without `path` it tests the setting's own value;
 * with `path` it tests another property of the same resource
 * (e.g. "Properties.RuntimeManagementConfig.UpdateRuntimeOn").
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
}

/** Whether the named list holds the value: how `inList` conditions see a cloud's lists. */
export type NamedLists = (listName: string, value: string) => boolean;

/**
 * True when every condition holds. `own` is the setting's value; `resource`
 * the resource map for `path` lookups; `lists` answers `inList` conditions.
 */
export function allHold(conditions: ValueCondition[], own: Node | undefined, resource: Node | undefined, lists: NamedLists): boolean {
  return conditions.every((condition) => holds(condition, condition.path ? getPath(resource, condition.path) : own, lists));
}

function holds(condition: ValueCondition, node: Node | undefined, lists: NamedLists): boolean {
  if (condition.present !== undefined) return (node !== undefined) === condition.present;
  const value = scalar(node);
  if (value === undefined || value === null) return false;
  if (condition.equals !== undefined && !looselyEqual(value, condition.equals)) return false;
  if (condition.in !== undefined && !condition.in.some((candidate) => looselyEqual(value, candidate))) return false;
  if (condition.inList !== undefined && !lists(condition.inList, String(value))) return false;
  if (condition.matches !== undefined && !compiled(condition.matches).test(String(value))) return false;
  return true;
}

/** `matches` patterns come from knowledge data: compile each once. */
const patterns = new Map<string, RegExp>();

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
