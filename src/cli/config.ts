/** Finds and reads the organisation config for a command-line scan. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAMES, parseConfig, type OrgConfig } from '../core/engine/config';
import { LineIndex } from '../core/parse/lines';

export class ConfigError extends Error {}

/** `--config FILE`, else the first of .responsibility-lens.yaml|.yml|.json in `root`; undefined when there is none. */
export function loadConfig(root: string, explicit: string | undefined): { config: OrgConfig; file: string } | undefined {
  const file = explicit ?? CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((candidate) => fs.existsSync(candidate));
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${file}: ${(error as Error).message}`);
  }
  const { config, errors } = parseConfig(text, file);
  if (!config) {
    const lines = new LineIndex(text);
    const shown = errors.map((error) => {
      const { line, column } = lines.position(error.span.offset);
      return `${file}:${line}:${column}: ${error.message}`;
    });
    throw new ConfigError(`invalid organisation config:\n${shown.join('\n')}`);
  }
  return { config, file };
}
