/** Terraform (`.tf`, `.tf.json`), recognised by name. `.tf` needs prepareFormats() (src/core/index.ts) first. */
import type { Format } from '../../engine/format';
import { analyzeTerraform, isTerraformFileName } from './analyze';
import { withTerraformFixes } from './fixes';
import { readsTerraformSibling } from './values';

export const terraform: Format = {
  kind: 'terraform',
  claims: isTerraformFileName,
  analyze: analyzeTerraform,
  matchesName: isTerraformFileName,
  readsSibling: readsTerraformSibling,
  // HCL comments open with `#`, `//` or `/*`.
  suppressionComments: 'all',
  withFixes: withTerraformFixes,
};
