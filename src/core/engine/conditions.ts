import type { ValueCondition } from '../clouds/aws/knowledge/schema';
import { inList } from '../clouds/aws/knowledge';
import { getPath, scalar, type Node } from '../parse/tree';

/** True when every condition holds. `own` is the setting's value; `resource` the resource map for `path` lookups. */
export function allHold(conditions: ValueCondition[], own: Node | undefined, resource: Node | undefined): boolean {
  return conditions.every((condition) => holds(condition, condition.path ? getPath(resource, condition.path) : own));
}

function holds(condition: ValueCondition, node: Node | undefined): boolean {
  if (condition.present !== undefined) return (node !== undefined) === condition.present;
  const value = scalar(node);
  if (value === undefined || value === null) return false;
  if (condition.equals !== undefined && !looselyEqual(value, condition.equals)) return false;
  if (condition.in !== undefined && !condition.in.some((candidate) => looselyEqual(value, candidate))) return false;
  if (condition.inList !== undefined && !inList(condition.inList, String(value))) return false;
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
