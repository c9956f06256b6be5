/**
 * The file formats the core understands. Each claims files cheaply (name and
 * the first 200 kB of text) before anything is parsed; the first to claim a
 * file analyses it. A new format is one entry here.
 */
import type { Analysis, FileKind } from '../types';
import { analyzeCloudFormation, mightBeCloudFormation } from './cloudformation/analyze';
import { analyzeServerless, isServerlessFileName } from './serverless/analyze';
import { analyzeKubernetes, mightBeKubernetes } from './kubernetes/analyze';
import { analyzeDockerfile, isDockerfileName } from './dockerfile/analyze';
import { analyzeDotenv, isDotenvName } from './dotenv/analyze';
import { analyzeAppConfig, appConfigFlavour, claimsAppConfig } from './app-config/analyze';
import { analyzeTerraform, isTerraformFileName } from './terraform/analyze';

export interface Format {
  kind: FileKind;
  claims(fileName: string, head: string): boolean;
  /** Called only for text that passed the size and binary checks. */
  analyze(text: string, fileName: string): Analysis;
  /** Formats recognised by file name alone say so here, so a directory walk can pick their files up. */
  matchesName?(fileName: string): boolean;
  /** A lower size limit than MAX_ANALYSED_CHARS, for parsers that slow down badly on huge input. */
  maxChars?: number;
}

export const FORMATS: Format[] = [
  // By file name, first: `main.tf.json` is Terraform JSON, never a template. Needs prepareFormats() (prepare.ts) for `.tf`.
  { kind: 'terraform', claims: isTerraformFileName, analyze: analyzeTerraform, matchesName: isTerraformFileName },
  // By file name, before CloudFormation: a serverless.yml with resources.Resources is a Serverless file.
  { kind: 'serverless', claims: isServerlessFileName, analyze: analyzeServerless, matchesName: isServerlessFileName },
  {
    kind: 'kubernetes',
    claims: (fileName, head) => /\.ya?ml$/i.test(fileName) && mightBeKubernetes(head),
    analyze: analyzeKubernetes,
  },
  {
    kind: 'cloudformation',
    claims: (fileName, head) => /\.(ya?ml|jsonc?|template)$/i.test(fileName) && mightBeCloudFormation(head),
    analyze: analyzeCloudFormation,
  },
  // Recognised by file name only, after the content-sniffing formats, so they never take a template or manifest.
  // dockerfile-ast re-reads an instruction's arguments on every access: a 2 MB line takes 5 s, 1 MB about 1 s.
  { kind: 'dockerfile', claims: isDockerfileName, analyze: analyzeDockerfile, matchesName: isDockerfileName, maxChars: 1_000_000 },
  { kind: 'dotenv', claims: isDotenvName, analyze: analyzeDotenv, matchesName: isDotenvName },
  { kind: 'app-config', claims: claimsAppConfig, analyze: analyzeAppConfig, matchesName: (fileName) => appConfigFlavour(fileName) !== undefined },
];

/** Whether some format recognises this file by its name alone (for walking directories). */
export function matchesFileName(fileName: string): boolean {
  return FORMATS.some((format) => format.matchesName?.(fileName) ?? false);
}
