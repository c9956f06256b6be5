/** Loads what formats need before analysing (the Terraform grammar), when those formats exist. */
import * as path from 'node:path';
import { FORMATS } from '../../src/core/formats';
import { loadTerraformParser } from '../../src/core/parse/hcl';

const ROOT = path.resolve(__dirname, '../..');

export async function prepareFormats(): Promise<void> {
  if (FORMATS.some((format) => (format.kind as string) === 'terraform')) {
    await loadTerraformParser(path.join(ROOT, 'node_modules/web-tree-sitter'), path.join(ROOT, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl'));
  }
}
