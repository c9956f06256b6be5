/**
 * The formats the robustness tests cover, as a table: adding a format is one
 * row (its kind, a file name to analyse fuzzed text under, its fixtures and
 * the tokens its syntax is made of). Rows whose kind is not registered in
 * src/core/formats/index.ts yet are skipped.
 */
import { applyEdits } from '../../src/core/engine/edits';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORMATS } from '../../src/core/formats';
import { loadTerraformParser } from '../../src/core/parse/hcl';
import { loadBicepParser } from '../../src/core/parse/bicep';
import type { Analysis } from '../../src/core/types';
import { ROOT } from './helpers';

export interface RobustFormat {
  kind: string;
  /** Fuzzed text is analysed under this name. */
  fileName: string;
  /** Fixture files (relative to the repository); only those the core gives this kind are used. */
  fixtures: string[];
  /** Fragments of the syntax, inserted by structured mutations. */
  tokens: string[];
}

const YAML_TOKENS = [': ', '- ', '!Ref ', '!Sub ', '!GetAtt ', '&a ', '*a', '<<: *a', '{', '}', '[', ']', '"', "'", '\n', '  ', '\t', '#', '---\n', '|\n', '>-\n', '? ', ',', '%YAML 1.2\n', '!!binary '];
const JSON_TOKENS = ['{', '}', '[', ']', ',', ':', '"', 'null', 'true', '-1e999', '/*', '*/', '//', '\n', '{"Ref": "X"}', '{"Fn::Sub": ['];
const HCL_TOKENS = ['{', '}', '=', '"', '${', '%{', '<<EOT\n', '\nEOT\n', '[', ']', '#', '//', '/*', 'resource "aws_s3_bucket" "x" {\n', 'dynamic "ingress" {', 'jsonencode({', ')', 'var.', '\n', '...', '?', ':'];
const DOCKER_TOKENS = ['\\\n', 'FROM ', 'FROM scratch AS a\n', 'ENV ', 'ARG ', 'RUN ', 'USER root\n', '"', '[', ']', '$', '${', '# escape=`\n', '<<EOF\n', '\nEOF\n', '=', ' ', '\n'];
const DOTENV_TOKENS = ['=', '"', "'", '`', 'export ', '#', '\n', '${', '}', '\\', 'AWS_SECRET_ACCESS_KEY=', 'postgres://u:p@h/db', ' ', '\r'];
const BICEP_TOKENS = ['{', '}', '[', ']', '(', ')', "'", "'''", '${', ':', '=', '\n', '//', '/*', '*/', '@secure()\n', 'param p string\n', 'var v = ', "resource r 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n", 'existing ', 'if (c) ', '[for i in x: ', 'properties: {', 'parent: r\n', '!', '?', '.', '...'];
const PROPERTIES_TOKENS = ['=', ':', '\\\n', '#', '!', '\n', ' ', 'password=', 'spring.datasource.url=jdbc:mysql://u:p@h/db', '\\u00', '${', '}'];

function list(dir: string, pattern: RegExp): string[] {
  const absolute = path.join(ROOT, dir);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name)))
    .sort();
}

const ALL: RobustFormat[] = [
  { kind: 'cloudformation', fileName: 'template.yaml', fixtures: [...list('examples/cloudformation', /\.ya?ml$/), ...list('examples/sam', /\.ya?ml$/), ...list('test/fixtures/templates', /\.ya?ml$/), ...list('test/fixtures/sam', /\.ya?ml$/)], tokens: YAML_TOKENS },
  { kind: 'cloudformation', fileName: 'template.json', fixtures: [...list('test/fixtures/templates', /\.json$/), ...list('test/fixtures/cdk', /\.json$/)], tokens: JSON_TOKENS },
  { kind: 'terraform', fileName: 'main.tf', fixtures: list('test/fixtures/terraform', /\.tf$/), tokens: HCL_TOKENS },
  { kind: 'terraform', fileName: 'main.tf.json', fixtures: list('test/fixtures/terraform', /\.tf\.json$/), tokens: JSON_TOKENS },
  { kind: 'kubernetes', fileName: 'deployment.yaml', fixtures: list('test/fixtures/kubernetes', /\.ya?ml$/), tokens: YAML_TOKENS },
  { kind: 'serverless', fileName: 'serverless.yml', fixtures: list('test/fixtures/serverless', /^serverless\.ya?ml$/), tokens: YAML_TOKENS },
  { kind: 'dockerfile', fileName: 'Dockerfile', fixtures: list('test/fixtures/docker', /(?:^Dockerfile|^Containerfile|\.Dockerfile)$/), tokens: DOCKER_TOKENS },
  { kind: 'dotenv', fileName: '.env', fixtures: list('test/fixtures/dotenv', /^\.env/), tokens: DOTENV_TOKENS },
  { kind: 'app-config', fileName: 'application.properties', fixtures: list('test/fixtures/app-config', /\.properties$/), tokens: PROPERTIES_TOKENS },
  { kind: 'app-config', fileName: 'application.yml', fixtures: list('test/fixtures/app-config', /^application.*\.ya?ml$/), tokens: YAML_TOKENS },
  { kind: 'arm', fileName: 'azuredeploy.json', fixtures: list('test/fixtures/azure-rules', /\.json$/), tokens: [...JSON_TOKENS, '"[parameters(\'x\')]"', '"resources": [', '"type": "Microsoft.Network/networkSecurityGroups"', '"properties": {'] },
  { kind: 'bicep', fileName: 'main.bicep', fixtures: list('test/fixtures/azure-rules', /\.bicep$/), tokens: BICEP_TOKENS },
  { kind: 'app-config', fileName: 'appsettings.json', fixtures: list('test/fixtures/app-config', /^appsettings.*\.json$/), tokens: JSON_TOKENS },
];

const registered = new Set<string>(FORMATS.map((format) => format.kind as string));

/** Rows for the formats the core has now. */
export const ROBUST_FORMATS: RobustFormat[] = ALL.filter((row) => registered.has(row.kind));

/** Loads what formats need before analysing (the Terraform and Bicep grammars). */
export async function prepareFormats(): Promise<void> {
  if (registered.has('terraform')) {
    await loadTerraformParser(path.join(ROOT, 'node_modules/web-tree-sitter'), path.join(ROOT, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl'));
  }
  if (registered.has('bicep')) {
    await loadBicepParser(path.join(ROOT, 'node_modules/web-tree-sitter'), path.join(ROOT, 'node_modules/tree-sitter-bicep'));
  }
}

/**
 * Every object in an analysis that has a numeric offset and length (setting
 * keys and spans, findings, errors, resources, suppressions, fix edits …),
 * with where it was found, for bounds checks.
 */
export function spansOf(analysis: Analysis): { where: string; offset: number; length: number }[] {
  const out: { where: string; offset: number; length: number }[] = [];
  const seen = new Set<object>();
  const walk = (value: unknown, where: string): void => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (typeof record.offset === 'number' && typeof record.length === 'number') out.push({ where, offset: record.offset, length: record.length });
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${where}[${index}]`));
    // Attributions are knowledge (shared and frozen), not positions in the document; a fix's
    // `select` is a position in the fixed text (checked by selectionOutside).
    else for (const [key, child] of Object.entries(record)) if (key !== 'attribution' && key !== 'select') walk(child, `${where}.${key}`);
  };
  walk(analysis, 'analysis');
  return out;
}

/** The first span outside the text, described, or undefined when all lie within it. */
export function spanOutside(analysis: Analysis, text: string): string | undefined {
  for (const span of spansOf(analysis)) {
    const ok = Number.isInteger(span.offset) && Number.isInteger(span.length) && span.offset >= 0 && span.length >= 0 && span.offset + span.length <= text.length;
    if (!ok) return `${span.where} {offset: ${span.offset}, length: ${span.length}} outside 0..${text.length}`;
  }
  return selectionOutside(analysis, text);
}

/** A fix whose `select` range does not lie inside its own fixed text. */
function selectionOutside(analysis: Analysis, text: string): string | undefined {
  for (const [index, finding] of analysis.findings.entries()) {
    const select = finding.fix?.select;
    if (!select) continue;
    const fixed = applyEdits(text, finding.fix!.edits);
    if (select.offset < 0 || select.length < 0 || select.offset + select.length > fixed.length) return `findings[${index}].fix.select outside the fixed text (0..${fixed.length})`;
  }
  return undefined;
}
