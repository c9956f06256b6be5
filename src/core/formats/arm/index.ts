/** Azure Resource Manager JSON templates, recognised by their `$schema`. */
import type { Format } from '../../engine/format';
import { analyzeArm, mightBeArmTemplate } from './analyze';

export const arm: Format = {
  kind: 'arm',
  cloud: () => 'azure',
  claims: (fileName, head) => /\.jsonc?$/i.test(fileName) && mightBeArmTemplate(head),
  analyze: (text) => analyzeArm(text),
};
