/** Bicep (`.bicep`, parameters files `.bicepparam`), recognised by name. Needs the Bicep parser loaded first (prepareFormats in src/core/index.ts). */
import type { Format } from '../../engine/format';
import { analyzeBicep, isBicepFileName } from './analyze';

export const bicep: Format = {
  kind: 'bicep',
  cloud: () => 'azure',
  claims: isBicepFileName,
  analyze: (text, fileName) => analyzeBicep(text, fileName),
  matchesName: isBicepFileName,
  // Bicep comments open with `//` or `/*`.
  suppressionComments: 'slash',
};
