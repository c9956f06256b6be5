/** Serverless Framework files (`serverless.yml`), recognised by name. */
import type { Format } from '../../engine/format';
import { metadataSuppressions } from '../../clouds/aws/suppressions';
import { get } from '../../parse/tree';
import { analyzeServerless, isServerlessFileName } from './analyze';

export const serverless: Format = {
  kind: 'serverless',
  claims: isServerlessFileName,
  analyze: analyzeServerless,
  matchesName: isServerlessFileName,
  // CloudFormation resources in the `resources` section take Metadata suppressions too.
  metadataSuppressions: (text) => metadataSuppressions(text, (root) => get(get(root, 'resources'), 'Resources')),
};
