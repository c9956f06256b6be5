/** CloudFormation and SAM templates (YAML or JSON), recognised by their content. */
import type { Format } from '../../engine/format';
import { metadataSuppressionEdit, metadataSuppressions } from '../../clouds/aws/suppressions';
import { get } from '../../parse/tree';
import { analyzeCloudFormation, mightBeCloudFormation } from './analyze';

export const cloudformation: Format = {
  kind: 'cloudformation',
  claims: (fileName, head) => /\.(ya?ml|jsonc?|template)$/i.test(fileName) && mightBeCloudFormation(head),
  analyze: analyzeCloudFormation,
  metadataSuppressions: (text) => metadataSuppressions(text, (root) => get(root, 'Resources')),
  metadataSuppressionEdit,
};
