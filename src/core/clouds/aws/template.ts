/** A template's root map (`Resources`, SAM `Globals`, `Parameters`) analysed against the AWS knowledge. */
import type { Analysis } from '../../types';
import { checkResources } from './findings';
import { withTemplateFixes } from './fixes';
import { resourceSettings, templateResources } from './resources';
import { samGlobals, withGlobals } from './sam';
import { parameterDefaults, withParameterDefaults } from './parameters';
import { withProvenance, type Provenance } from '../../engine/provenance';
import { unknownProperties } from './spec-properties';
import type { Node } from '../../parse/tree';

/**
 * Settings, findings and resources of a template's root map. Serverless
 * Framework files pass `{Resources: …}` from their `resources` section, so
 * that plain CloudFormation there gets exactly what templates get.
 */
export function analyzeTemplateRoot(
  root: Node,
  options: { partial: boolean; /** The analysed text, for quick fixes (fixes.ts). */ text?: string; /** False when `root` is a section of a larger file that cannot take `Parameters` (Serverless). */ template?: boolean },
): Pick<Analysis, 'settings' | 'findings' | 'resources'> {
  const resources = templateResources(root);
  const globals = samGlobals(root);
  const settings = [
    ...resources.flatMap((resource) => resourceSettings(resource, withGlobals(resource, globals))),
    ...globals.flatMap((resource) => resourceSettings(resource)),
  ].sort((a, b) => a.key.offset - b.key.offset);
  // Checks judge a Ref to a parameter with a Default by that default; findings say so (engine/provenance.ts).
  const defaults = parameterDefaults(root);
  const provenances: Provenance[] = [];
  const checked = withParameterDefaults(resources, defaults, provenances).map((resource) => {
    const deployed = withGlobals(resource, globals);
    return deployed === resource.node ? resource : { ...resource, deployed };
  });
  const checkedGlobals = withParameterDefaults(globals, defaults, provenances);
  // Globals sections legitimately leave most properties out: only what they set can be a finding.
  const findings = [
    ...checkResources(checked, root, options),
    ...checkResources(checkedGlobals, undefined, { partial: true }),
    ...(options.text === undefined ? [] : unknownProperties(options.text, resources, root, options.partial)),
  ].sort((a, b) => a.span.offset - b.span.offset);
  const infos = [...resources, ...globals].map((resource) => resource.info).sort((a, b) => a.key.offset - b.key.offset);
  return {
    settings,
    findings: withProvenance(options.text === undefined ? findings : withTemplateFixes(options.text, root, findings, options.template ?? true), provenances),
    resources: infos,
  };
}
