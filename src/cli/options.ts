/** Command-line options of `responsibility-lens`: parsing and the usage text. */

export const FORMATS = ['text', 'json', 'sarif', 'markdown', 'csv'] as const;
export type OutputFormat = (typeof FORMATS)[number];
export type FailOn = 'error' | 'warning' | 'never';

export interface Options {
  command: string | undefined;
  format: OutputFormat;
  /** `matrix --cloud`: whose matrix to print. */
  cloud: 'aws' | 'azure';
  paths: string[];
  failOn: FailOn;
  baseline?: string;
  writeBaseline?: string;
  include: string[];
  exclude: string[];
  config?: string;
  noConfig: boolean;
  changedSince?: string;
  linkBase?: string;
  /** Print every suppression (file:line, rule, reason) instead of the report. */
  listSuppressions: boolean;
  /** Exit 1 when a selected file could not be analysed (binary, too large, unreadable, outside the folder …). */
  failOnUnanalysed: boolean;
  /** Exit 3 when the scan found no file of a supported format (a mistyped path or glob in CI). */
  requireFiles: boolean;
  /** Milliseconds of analysis a file may take before it is reported as not analysed. */
  timeBudgetMs: number;
  /** `lsp --stdio`: the language server speaks on stdin/stdout. */
  stdio: boolean;
  help: boolean;
  version: boolean;
}

export const USAGE = `Usage:
  responsibility-lens scan [options] [paths...]     attribute settings and report findings (directories are walked)
  responsibility-lens matrix [--cloud aws|azure] [--format text|json] [paths...]
                                                    print the shared-responsibility matrix (a third-party summary of
                                                    AWS's model) and AWS's IT-control view; with paths, the settings
                                                    and findings of those files counted into both. --cloud azure:
                                                    Microsoft's matrix by service type, with the Azure files counted
  responsibility-lens --version                     print the version
  responsibility-lens lsp --stdio                   run the language server on stdin/stdout (for Neovim and other LSP editors)

Scan options:
  --format text|json|sarif|markdown|csv   output on stdout (default text)
  --fail-on error|warning|never           which findings make the exit code 1 (default error)
  --baseline FILE                         report only findings that are not in FILE (a saved --format json report)
  --write-baseline FILE                   save this scan's JSON report to FILE, to use as a baseline later
  --include GLOB, --exclude GLOB          scan only / skip files matching GLOB, relative to the scanned folder (repeatable)
  --config FILE                           organisation config; the scanned folder's own .responsibility-lens.yaml|.yml|.json
                                          still applies under it but cannot weaken it (turn findings off or lower them,
                                          exclude or narrow files, move owners away from the customer); every report says
                                          what any config silenced
  --no-config                             ignore any organisation config
  --fail-on-unanalysed                    exit 1 when a file could not be analysed (binary, too large, unreadable, a link
                                          out of the folder, an undecodable name, over its time budget); every report lists them
  --list-suppressions                     list every suppression (file:line, rule, reason) instead of the report (text or json)
  --changed-since REF                     scan only files changed since the git ref REF (git diff REF...HEAD, plus uncommitted and untracked files)
  --link-base URL                         prefix for file links in the Markdown report (e.g. https://github.com/org/repo/blob/SHA/)
  --require-files                         exit 3 when no file of a supported format was found (a scan that finds none always says so on stderr)
  --time-budget MS                        analysis time per file (default 2000); a file over it is listed in errors, not analysed

Exit codes: 0 no findings at the --fail-on level, 1 findings at that level, 2 usage or internal error (a path that does not exist, a bad option, config or baseline),
3 no supported file found (with --require-files). With --fail-on-unanalysed, a file that could not be analysed also gives 1.`;

export class UsageError extends Error {}

const VALUE_OPTIONS = new Set(['--cloud', '--format', '--fail-on', '--baseline', '--write-baseline', '--include', '--exclude', '--config', '--changed-since', '--link-base', '--time-budget']);

export const DEFAULT_TIME_BUDGET_MS = 2000;

export function parseOptions(argv: string[]): Options {
  const [command, ...rest] = argv;
  const options: Options = {
    command,
    format: 'text',
    cloud: 'aws',
    paths: [],
    failOn: 'error',
    include: [],
    exclude: [],
    noConfig: false,
    listSuppressions: false,
    failOnUnanalysed: false,
    requireFiles: false,
    timeBudgetMs: DEFAULT_TIME_BUDGET_MS,
    stdio: false,
    help: false,
    version: false,
  };
  if (command === '--help' || command === '-h') return { ...options, command: undefined, help: true };
  if (command === '--version' || command === '-V') return { ...options, command: undefined, version: true };
  for (let index = 0; index < rest.length; index++) {
    let arg = rest[index];
    let value: string | undefined;
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (equals > 0) {
      value = arg.slice(equals + 1);
      arg = arg.slice(0, equals);
    }
    if (VALUE_OPTIONS.has(arg)) {
      if (value === undefined) {
        value = rest[++index];
        if (value === undefined) throw new UsageError(`${arg} needs a value`);
      }
      setValue(options, arg, value);
    } else if (value !== undefined) throw new UsageError(`${arg} takes no value`);
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--no-config') options.noConfig = true;
    else if (arg === '--list-suppressions') options.listSuppressions = true;
    else if (arg === '--fail-on-unanalysed') options.failOnUnanalysed = true;
    else if (arg === '--require-files') options.requireFiles = true;
    else if (arg === '--version' || arg === '-V') options.version = true;
    else if (arg === '--stdio' && command === 'lsp') options.stdio = true;
    else if (arg === '--') {
      options.paths.push(...rest.slice(index + 1));
      break;
    }
    else if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}`);
    else options.paths.push(arg);
  }
  if (options.command === 'matrix' && !['text', 'json'].includes(options.format)) throw new UsageError(`matrix prints text or json, not ${options.format}`);
  if (options.listSuppressions && !['text', 'json'].includes(options.format)) throw new UsageError(`--list-suppressions prints text or json, not ${options.format}`);
  if (options.command === 'lsp' && !options.stdio && !options.help) throw new UsageError('lsp needs --stdio (the server speaks LSP on stdin/stdout)');
  return options;
}

function setValue(options: Options, name: string, value: string): void {
  switch (name) {
    case '--format': {
      const format = value === 'md' ? 'markdown' : value;
      if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`Unknown format ${value} (use ${FORMATS.join(', ')})`);
      options.format = format as OutputFormat;
      return;
    }
    case '--fail-on':
      if (!['error', 'warning', 'never'].includes(value)) throw new UsageError(`--fail-on takes error, warning or never, not ${value}`);
      options.failOn = value as FailOn;
      return;
    case '--include':
    case '--exclude':
      if (!value.trim()) throw new UsageError(`${name} needs a glob pattern`);
      options[name === '--include' ? 'include' : 'exclude'].push(value);
      return;
    case '--changed-since':
      // A ref is passed to git as one argument; refusing a leading dash keeps it from being read as an option.
      if (!value || value.startsWith('-')) throw new UsageError(`--changed-since needs a git ref such as origin/main, not ${JSON.stringify(value)}`);
      options.changedSince = value;
      return;
    case '--baseline':
      options.baseline = value;
      return;
    case '--write-baseline':
      options.writeBaseline = value;
      return;
    case '--config':
      options.config = value;
      return;
    case '--link-base':
      options.linkBase = value;
      return;
    case '--cloud':
      if (value !== 'aws' && value !== 'azure') throw new UsageError(`Unknown cloud ${value} (use aws or azure)`);
      options.cloud = value;
      return;
    case '--time-budget': {
      const budget = Number(value);
      if (!/^\d+$/.test(value.trim()) || budget < 1) throw new UsageError(`--time-budget takes a number of milliseconds (at least 1), not ${JSON.stringify(value)}`);
      options.timeBudgetMs = budget;
      return;
    }
  }
}
