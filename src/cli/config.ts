/**
 * Finds and reads the organisation config for a command-line scan: the
 * scanned folder's own `.responsibility-lens.*` (the repository's), and the
 * file given with `--config` (the organisation's), layered so that the
 * repository's cannot weaken the organisation's (engine/config.ts layerConfigs).
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import { CONFIG_FILE_NAMES, CONFIG_LIMITS, configTooLarge, layerConfigs, parseConfig, type OrgConfig } from '../core/engine/config';
import { LineIndex } from '../core/parse/lines';
import { readInsideRoot, realFolder } from '../node/read';

export class ConfigError extends Error {}

/** UTF-8 has at most three bytes per character: a file over this is over the character limit too. */
const MAX_CONFIG_BYTES = 3 * CONFIG_LIMITS.chars;

export interface LoadedConfig {
  config: OrgConfig;
  /** The repository's own file, when there is one and it was read. */
  repository?: string;
  /** The --config file. */
  organisation?: string;
}

/**
 * The config that applies to a scan of `root`: the repository's file alone,
 * `--config FILE` alone, or `--config FILE` with the repository's file layered
 * under it, which may add to it but not weaken it.
 */
export function loadConfig(root: string, explicit: string | undefined): LoadedConfig | undefined {
  const repositoryFile = CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((candidate) => exists(candidate));
  const organisation = explicit === undefined ? undefined : { ...readConfig(explicit, realFolder(explicit)), origin: 'organisation' as const };
  const sameFile = organisation && repositoryFile && realFolder(repositoryFile) === realFolder(explicit!);
  const repository = repositoryFile && !sameFile ? { ...readConfig(repositoryFile, root), origin: 'repository' as const } : undefined;
  if (organisation && repository) return { config: layerConfigs(organisation, repository), organisation: explicit, repository: repositoryFile };
  if (organisation) return { config: organisation, organisation: explicit };
  if (repository) return { config: repository, repository: repositoryFile };
  return undefined;
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Reads and validates one config file; a repository's must be inside the scanned folder (no link out of it). */
function readConfig(file: string, root: string): OrgConfig {
  const read = readInsideRoot(file, root, MAX_CONFIG_BYTES);
  if ('problem' in read) {
    if (read.problem === 'too-large') throw new ConfigError(`config ${file}: ${configTooLarge(fs.statSync(file).size)}`);
    throw new ConfigError(`config ${file} ${read.message}`);
  }
  const text = read.text;
  const { config, errors } = parseConfig(text, file);
  if (!config) {
    const lines = new LineIndex(text);
    const shown = errors.map((error) => {
      const { line, column } = lines.position(error.span.offset);
      return `${file}:${line}:${column}: ${error.message}`;
    });
    throw new ConfigError(`invalid organisation config:\n${shown.join('\n')}`);
  }
  return config;
}
