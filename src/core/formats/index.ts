/**
 * The file formats the core understands. Each claims files cheaply (name and
 * the first 200 kB of text) before anything is parsed; the first to claim a
 * file analyses it. A new format is a folder here and one entry in FORMATS.
 */
import type { Format } from '../engine/format';
import { appConfig } from './app-config';
import { arm } from './arm';
import { bicep } from './bicep';
import { cloudformation } from './cloudformation';
import { dockerfile } from './dockerfile';
import { dotenv } from './dotenv';
import { kubernetes } from './kubernetes';
import { serverless } from './serverless';
import { terraform } from './terraform';

export const FORMATS: readonly Format[] = [
  // By file name, first: `main.tf.json` is Terraform JSON, never a template.
  terraform,
  bicep,
  // By file name, before CloudFormation: a serverless.yml with resources.Resources is a Serverless file.
  serverless,
  kubernetes,
  // By its `$schema`, before CloudFormation, which sniffs JSON for `AWS::` types.
  arm,
  cloudformation,
  // Recognised by file name only, after the content-sniffing formats, so they never take a template or manifest.
  dockerfile,
  dotenv,
  appConfig,
];

/** Whether some format recognises this file by its name alone (for walking directories). */
export function matchesFileName(fileName: string): boolean {
  return FORMATS.some((format) => format.matchesName?.(fileName) ?? false);
}
