/** Kubernetes manifests (YAML), recognised by their content. */
import type { Format } from '../../engine/format';
import { analyzeKubernetes, mightBeKubernetes } from './analyze';

export const kubernetes: Format = {
  kind: 'kubernetes',
  claims: (fileName, head) => /\.ya?ml$/i.test(fileName) && mightBeKubernetes(head),
  analyze: analyzeKubernetes,
};
