/**
 * A CloudFormation parameter with a `Default` is a value written down: a
 * `!Ref` (or `{"Ref": …}`) to it is judged with that default, so that
 * `CidrIp: !Ref AllowedCidr` with `Default: 0.0.0.0/0` is an open port like
 * the literal would be. Parameters without a default, SSM parameter types
 * (their default names a parameter in Systems Manager, not the value), pseudo
 * parameters and every other intrinsic stay unknown.
 */
import type { Provenance } from '../../engine/provenance';
import { get, getEntry, replaceUnknowns, scalar, type MapNode, type Node, type ScalarNode } from '../../parse/tree';
import type { TemplateResource } from './resources';

interface ParameterDefault {
  /** The default as CloudFormation gives it to a Ref: a string, or a list for list types. */
  value: string | string[];
}

/** The parameters of a template root whose Default a Ref resolves to. */
export function parameterDefaults(root: Node | undefined): Map<string, ParameterDefault> {
  const defaults = new Map<string, ParameterDefault>();
  const parameters = get(root, 'Parameters');
  if (parameters?.kind !== 'map') return defaults;
  for (const parameter of parameters.entries) {
    const type = scalar(get(parameter.value, 'Type'));
    const written = getEntry(parameter.value, 'Default')?.value;
    if (typeof type !== 'string' || written?.kind !== 'scalar' || written.value === null) continue;
    if (type.startsWith('AWS::SSM::Parameter::')) continue;
    const text = String(written.value);
    // List<…> and CommaDelimitedList parameters give a Ref a list of the comma-separated values.
    defaults.set(parameter.key, { value: type.startsWith('List<') || type === 'CommaDelimitedList' ? text.split(',').map((item) => item.trim()) : text });
  }
  return defaults;
}

/**
 * The resources with every Ref to a defaulted parameter replaced by its
 * default, spanning the Ref; `provenances` collects where each one was.
 * Resources without such a Ref are returned as they are.
 */
export function withParameterDefaults(resources: TemplateResource[], defaults: Map<string, ParameterDefault>, provenances: Provenance[]): TemplateResource[] {
  if (defaults.size === 0) return resources;
  return resources.map((resource) => {
    const node = substitute(resource.node, defaults, provenances) as MapNode;
    return node === resource.node ? resource : { ...resource, node, written: resource.node };
  });
}

/** Refs to defaulted parameters replaced by their defaults, each spanning its Ref. */
function substitute(node: Node, defaults: Map<string, ParameterDefault>, provenances: Provenance[]): Node {
  return replaceUnknowns(node, (unknown) => {
    const argument = unknown.name === 'Ref' ? scalar(unknown.argument) : undefined;
    const name = typeof argument === 'string' ? argument.trim() : undefined;
    const found = name === undefined ? undefined : defaults.get(name);
    if (!found) return undefined;
    const at = { offset: unknown.offset, length: unknown.length };
    provenances.push({ span: at, note: `The value comes from the Default of parameter ${name}.` });
    const item = (value: string): ScalarNode => ({ kind: 'scalar', value, ...at });
    return Array.isArray(found.value) ? { kind: 'seq', items: found.value.map(item), ...at } : item(found.value);
  });
}
