/**
 * The benchmark's format table. A format plugs in with one row: how to make
 * an input of N lines, the file name it is analysed under, and the bare parse
 * with the same parser and options the analysis uses (the floor).
 * Rows whose kind is not in the core's FORMAT registry yet are skipped.
 */
import * as path from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { parseTree, type ParseError } from 'jsonc-parser';
// The same (CommonJS) copy of web-tree-sitter that src/core/parse/tree-sitter.ts initialises.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import TreeSitter = require('web-tree-sitter');
import { FORMATS } from '../../src/core/formats';
import { loadTerraformParser } from '../../src/core/parse/hcl';
import { loadBicepParser } from '../../src/core/parse/bicep';
import { yamlParseOptions } from '../../src/core/parse/yaml';
import { Random, cloudFormationJson, cloudFormationYaml, dockerfile, dotenv, kubernetes, serverless, terraform } from './generate';

export interface BenchFormat {
  /** The FileKind in src/core/formats/index.ts this row measures. */
  kind: string;
  label: string;
  fileName: string;
  makeInput(lines: number, seed: number): string;
  /** The same parser with the same options as the analysis, and nothing else. */
  bareParse(text: string): unknown;
  /** Sizes (lines) for the analysis-vs-parse sweep. */
  sizes: number[];
  init?(): Promise<void>;
}

export const ROOT = path.resolve(__dirname, '../..');
const WASM_DIR = path.join(ROOT, 'node_modules/web-tree-sitter');
const GRAMMAR_DIR = path.join(ROOT, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl');

const BICEP_GRAMMAR_DIR = path.join(ROOT, 'node_modules/tree-sitter-bicep');

let bareTerraform: TreeSitter.Parser | undefined;
let bareBicep: TreeSitter.Parser | undefined;

/** Parsing in WebAssembly is not enough to use a tree: the floor is the parse plus one cursor walk reading each node's type and range. */
function parseAndWalk(parser: TreeSitter.Parser, text: string): number {
  const tree = parser.parse(text)!;
  const cursor = tree.walk();
  let nodes = 0;
  let sum = 0;
  for (;;) {
    nodes++;
    sum += cursor.startIndex + cursor.endIndex + cursor.nodeType.length;
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) break;
    if (cursor.currentDepth === 0) break;
  }
  cursor.delete();
  tree.delete();
  return nodes + sum;
}

/** Repeats a small-file generator until the text has `lines` lines. */
function repeated(lines: number, seed: number, make: (random: Random, index: number) => string, separator = ''): string {
  const random = new Random(seed);
  const parts: string[] = [];
  let total = 0;
  for (let index = 0; total < lines; index++) {
    const part = make(random, index);
    parts.push(part);
    total += part.split('\n').length;
  }
  return parts.join(separator);
}

const SIZES = [1_000, 10_000, 50_000];

/** An ARM template of storage accounts and network security groups, about `lines` lines long. */
function armTemplate(lines: number, seed: number): string {
  const body = repeated(
    lines,
    seed,
    (random, index) =>
      index % 2
        ? `    { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "store${index}",\n      "location": "[resourceGroup().location]",\n      "properties": { "allowBlobPublicAccess": ${random.next() < 0.5}, "minimumTlsVersion": "TLS1_2" } }`
        : `    { "type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-04-01", "name": "nsg${index}",\n      "properties": { "securityRules": [ { "name": "ssh", "properties": { "direction": "Inbound", "access": "Allow",\n        "sourceAddressPrefix": "*", "destinationPortRange": "22", "protocol": "Tcp", "priority": 100 } } ] } }`,
    ',\n',
  );
  return `{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "contentVersion": "1.0.0.0",\n  "resources": [\n${body}\n  ]\n}\n`;
}

/** A Bicep file of storage accounts and network security groups, about `lines` lines long. */
function bicepFile(lines: number, seed: number): string {
  return repeated(lines, seed, (random, index) =>
    index % 2
      ? `resource store${index} 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'store${index}'\n  location: resourceGroup().location\n  properties: {\n    allowBlobPublicAccess: ${random.next() < 0.5}\n    minimumTlsVersion: 'TLS1_2'\n  }\n}\n`
      : `resource nsg${index} 'Microsoft.Network/networkSecurityGroups@2023-04-01' = {\n  name: 'nsg${index}'\n  properties: {\n    securityRules: [\n      {\n        name: 'ssh'\n        properties: { direction: 'Inbound', access: 'Allow', sourceAddressPrefix: '*', destinationPortRange: '22', protocol: 'Tcp', priority: 100 }\n      }\n    ]\n  }\n}\n`,
  );
}

const ALL_FORMATS: BenchFormat[] = [
  {
    kind: 'bicep',
    label: 'Bicep',
    fileName: 'main.bicep',
    makeInput: bicepFile,
    bareParse: (text) => parseAndWalk(bareBicep!, text),
    sizes: SIZES,
    init: async () => {
      await loadBicepParser(WASM_DIR, BICEP_GRAMMAR_DIR);
      if (!bareBicep) {
        const language = await TreeSitter.Language.load(path.join(BICEP_GRAMMAR_DIR, 'tree-sitter-bicep.wasm'));
        bareBicep = new TreeSitter.Parser();
        bareBicep.setLanguage(language);
      }
    },
  },
  {
    kind: 'arm',
    label: 'ARM template',
    fileName: 'azuredeploy.json',
    makeInput: armTemplate,
    bareParse: (text) => {
      const errors: ParseError[] = [];
      return parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    },
    sizes: SIZES,
  },
  {
    kind: 'cloudformation',
    label: 'CloudFormation YAML',
    fileName: 'template.yaml',
    makeInput: cloudFormationYaml,
    bareParse: (text) => parseDocument(text, yamlParseOptions()),
    sizes: SIZES,
  },
  {
    kind: 'cloudformation',
    label: 'CloudFormation JSON',
    fileName: 'template.json',
    makeInput: cloudFormationJson,
    bareParse: (text) => {
      const errors: ParseError[] = [];
      return parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    },
    sizes: SIZES,
  },
  {
    kind: 'terraform',
    label: 'Terraform',
    fileName: 'main.tf',
    makeInput: terraform,
    bareParse: (text) => parseAndWalk(bareTerraform!, text),
    sizes: SIZES,
    init: async () => {
      await loadTerraformParser(WASM_DIR, GRAMMAR_DIR);
      if (!bareTerraform) {
        const language = await TreeSitter.Language.load(path.join(GRAMMAR_DIR, 'tree-sitter-terraform.wasm'));
        bareTerraform = new TreeSitter.Parser();
        bareTerraform.setLanguage(language);
      }
    },
  },
  {
    kind: 'kubernetes',
    label: 'Kubernetes YAML',
    fileName: 'deployment.yaml',
    makeInput: (lines, seed) => repeated(lines, seed, (random, index) => kubernetes(random, `app-${index}`), '---\n'),
    bareParse: (text) => parseAllDocuments(text, yamlParseOptions()),
    sizes: [1_000, 10_000],
  },
  {
    kind: 'serverless',
    label: 'Serverless YAML',
    fileName: 'serverless.yml',
    makeInput: (lines, seed) => {
      // One service with many functions: the shape of a big serverless.yml.
      const random = new Random(seed);
      const head = serverless(random, 'bench').split('functions:\n')[0];
      const functions: string[] = ['functions:'];
      for (let index = 0; functions.length * 8 < lines; index++) {
        functions.push(`  fn${index}:\n    handler: src/fn${index}.handler\n    memorySize: ${random.pick([128, 256, 512])}\n    environment:\n      LOG_LEVEL: info\n    events:\n      - httpApi:\n          path: /fn${index}`);
      }
      return `${head}${functions.join('\n')}\n`;
    },
    bareParse: (text) => parseDocument(text, yamlParseOptions()),
    sizes: [1_000, 10_000],
  },
  {
    kind: 'dockerfile',
    label: 'Dockerfile',
    fileName: 'Dockerfile',
    makeInput: (lines, seed) => repeated(lines, seed, (random) => dockerfile(random)),
    bareParse: (text) => dockerfileParse(text),
    sizes: [1_000],
  },
  {
    kind: 'dotenv',
    label: '.env',
    fileName: '.env',
    makeInput: (lines, seed) => repeated(lines, seed, (random) => dotenv(random)),
    bareParse: (text) => text.split(/\r\n|\r|\n/),
    sizes: [1_000],
  },
];

// dockerfile-ast is only loaded when a Dockerfile format exists.
let dockerfileParse: (text: string) => unknown = () => undefined;
const DOCKERFILE_ROW = ALL_FORMATS.find((row) => row.kind === 'dockerfile')!;
DOCKERFILE_ROW.init = async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DockerfileParser } = require('dockerfile-ast') as { DockerfileParser: { parse(text: string): unknown } };
  dockerfileParse = (text) => DockerfileParser.parse(text);
};

const registered = new Set<string>(FORMATS.map((format) => format.kind as string));

/** Rows for every format the core has right now. */
export const BENCH_FORMATS: BenchFormat[] = ALL_FORMATS.filter((row) => registered.has(row.kind));
export const MISSING_FORMATS: string[] = [...new Set(ALL_FORMATS.filter((row) => !registered.has(row.kind)).map((row) => row.kind))];
