/**
 * The organisation config file, `.responsibility-lens.yaml` (or `.json`):
 * a platform team's own owners, severities, rationale and team names, plus
 * include/exclude globs for scans. Data only. The editor and the CLI read
 * the same file through parseConfig/applyConfig.
 *
 * The validator here is hand-written so its messages can point at the exact
 * key or value; schemas/responsibility-lens.schema.json says the same for
 * editors (completion and validation), and a unit test keeps the two in step.
 */
import type { Analysis, Attribution, Finding, Owner, ParseProblem, Setting, Severity, Span } from '../types';
import { parseJson } from '../parse/json';
import { parseYaml } from '../parse/yaml';
import type { Entry, MapNode, Node } from '../parse/tree';
import { fileGlobProblem, typeGlobMatcher } from './glob';

export const CONFIG_FILE_NAMES = ['.responsibility-lens.yaml', '.responsibility-lens.yml', '.responsibility-lens.json'];

export type OverrideSeverity = Severity | 'off';

export interface Override {
  /** Position in the file's `overrides` list, for messages ("overrides[2]"). */
  index: number;
  /** The file it comes from, when configs are layered ({@link layerConfigs}); otherwise the config's own file. */
  source?: string;
  /** Whose file it comes from, when configs are layered. */
  origin?: ConfigOrigin;
  /** A repository's override under an organisation's config: applied only where it does not weaken (see {@link layerConfigs}). */
  mayNotWeaken?: boolean;
  /** CloudFormation type, with `*` wildcards: "AWS::EC2::*". */
  type?: string;
  /** Setting path, as in clouds/aws/knowledge/properties.json: "Properties.BucketEncryption.**". */
  property?: string;
  /** Finding rule id. */
  rule?: string;
  owner?: Owner;
  severity?: OverrideSeverity;
  rationale?: string;
  team?: string;
}

export interface OrgConfig {
  /** File name the config came from (shown in hovers and reports), not a full path. */
  file: string;
  /** `repository` for the scanned folder's own file, `organisation` for one passed with `--config`. */
  origin?: ConfigOrigin;
  team?: string;
  include: string[];
  exclude: string[];
  overrides: Override[];
  /** A repository's include/exclude lists that an organisation's config refused (see {@link layerConfigs}). */
  refusedGlobs?: RefusedGlobs[];
}

export type ConfigOrigin = 'repository' | 'organisation';

export interface RefusedGlobs {
  source: string;
  key: 'include' | 'exclude';
  globs: string[];
}

/**
 * Caps on a config, which may come from the scanned repository: a 40 MB file
 * must not exhaust memory, nor ten thousand overrides multiply the cost of
 * every setting. Real configs are a few kilobytes with tens of overrides.
 */
export const CONFIG_LIMITS = {
  /** Characters; a larger file is refused before it is parsed. */
  chars: 1_000_000,
  overrides: 1_000,
  /** Globs in `include` and in `exclude`, each. */
  globs: 1_000,
} as const;

export interface ConfigResult {
  /** Undefined when the file has errors: a half-understood config is never applied. */
  config: OrgConfig | undefined;
  errors: ParseProblem[];
}

const TOP_KEYS = ['$schema', 'team', 'include', 'exclude', 'overrides'] as const;
const OVERRIDE_KEYS = ['type', 'property', 'rule', 'owner', 'severity', 'rationale', 'team'] as const;
const OWNERS: Owner[] = ['customer', 'aws', 'shared'];
const SEVERITIES: OverrideSeverity[] = ['error', 'warning', 'info', 'off'];
/** "AWS::S3::Bucket", "AWS::EC2::*", "*"; also the non-CloudFormation types other formats map to, e.g. "Kubernetes::Pod". */
export const TYPE_PATTERN = /^(?:\*|[A-Za-z0-9*]+(?:::[A-Za-z0-9*.]+){1,3})$/;
export const RULE_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Parses and validates a config file. `fileName` decides YAML or JSON and is what messages name. */
export function parseConfig(text: string, fileName: string): ConfigResult {
  if (text.length > CONFIG_LIMITS.chars) {
    return { config: undefined, errors: [{ span: { offset: 0, length: 0 }, message: configTooLarge(text.length) }] };
  }
  const parsed = /\.json$/i.test(fileName) ? parseJson(text) : parseYaml(text);
  if (parsed.errors.length) return { config: undefined, errors: parsed.errors.slice(0, 1) };
  const errors: ParseProblem[] = [];
  const problem = (span: Span, message: string) => errors.push({ span: { offset: span.offset, length: span.length }, message });
  const root = parsed.root;
  const file = fileName.split(/[\\/]/).pop() || fileName;
  const config: OrgConfig = { file, include: [], exclude: [], overrides: [] };
  if (root === undefined || (root.kind === 'scalar' && root.value === null)) return { config, errors };
  if (root.kind !== 'map') {
    problem(root, 'The configuration must be a map with keys such as team, include, exclude and overrides.');
    return { config: undefined, errors };
  }
  for (const entry of root.entries) {
    switch (entry.key as (typeof TOP_KEYS)[number]) {
      case '$schema':
        break;
      case 'team':
        config.team = nonEmptyText(entry, problem);
        break;
      case 'include':
      case 'exclude':
        config[entry.key as 'include' | 'exclude'] = stringList(entry, problem);
        break;
      case 'overrides':
        config.overrides = overrides(entry, problem);
        break;
      default:
        problem(entry.keySpan, unknownKey(entry.key, TOP_KEYS, 'the configuration'));
    }
  }
  duplicates(root, problem);
  return errors.length ? { config: undefined, errors } : { config, errors };
}

/** The message for a config file over {@link CONFIG_LIMITS}.chars, also used by readers that check the size before reading. */
export function configTooLarge(chars: number): string {
  return `The configuration is ${(chars / 1_000_000).toFixed(1)} MB; the limit is ${CONFIG_LIMITS.chars / 1_000_000} MB. It was not read.`;
}

type Problem = (span: Span, message: string) => void;

function overrides(entry: Entry, problem: Problem): Override[] {
  const value = entry.value;
  if (value === undefined || (value.kind === 'scalar' && value.value === null)) return [];
  if (value.kind !== 'seq') {
    problem(valueSpan(entry), '`overrides` must be a list of overrides (each a map with a selector such as type, property or rule).');
    return [];
  }
  if (value.items.length > CONFIG_LIMITS.overrides) {
    problem(valueSpan(entry), `\`overrides\` has ${value.items.length.toLocaleString('en')} entries; the limit is ${CONFIG_LIMITS.overrides.toLocaleString('en')}.`);
    return [];
  }
  const result: Override[] = [];
  value.items.forEach((item, index) => {
    const override = overrideItem(item, index, problem);
    if (override) result.push(override);
  });
  return result;
}

function overrideItem(item: Node, index: number, problem: Problem): Override | undefined {
  const where = `overrides[${index}]`;
  if (item.kind !== 'map') {
    problem(item, `${where} must be a map, e.g. { type: AWS::S3::Bucket, owner: customer }.`);
    return undefined;
  }
  const override: Override = { index };
  for (const entry of item.entries) {
    const key = entry.key as (typeof OVERRIDE_KEYS)[number];
    switch (key) {
      case 'type': {
        const type = nonEmptyText(entry, problem);
        if (type !== undefined && !TYPE_PATTERN.test(type)) {
          problem(valueSpan(entry), `${where}.type must be a resource type such as AWS::S3::Bucket, optionally with * wildcards (AWS::EC2::*); got "${type}".`);
        } else override.type = type;
        break;
      }
      case 'property': {
        const property = nonEmptyText(entry, problem);
        if (property !== undefined && !/^[A-Za-z0-9_$@-]+(?:\[\]|\[\d+\])*(?:\.(?:\*\*|[A-Za-z0-9_$@/:-]+(?:\[\]|\[\d+\])*))*$/.test(property)) {
          problem(valueSpan(entry), `${where}.property must be a setting path such as Properties.BucketEncryption or Properties.BucketEncryption.**; got "${property}".`);
        } else override.property = property;
        break;
      }
      case 'rule': {
        const rule = nonEmptyText(entry, problem);
        if (rule !== undefined && !RULE_PATTERN.test(rule)) problem(valueSpan(entry), `${where}.rule must be a finding rule id such as rds-storage-unencrypted; got "${rule}".`);
        else override.rule = rule;
        break;
      }
      case 'owner':
        override.owner = oneOf(entry, OWNERS, `${where}.owner`, problem);
        break;
      case 'severity':
        override.severity = oneOf(entry, SEVERITIES, `${where}.severity`, problem);
        break;
      case 'rationale':
      case 'team':
        override[key] = nonEmptyText(entry, problem);
        break;
      default:
        problem(entry.keySpan, unknownKey(entry.key, OVERRIDE_KEYS, where));
    }
  }
  duplicates(item, problem);
  // Checked on the keys present, so a bad value is reported once, not again as a missing key.
  const anchor = { offset: item.offset, length: 0 };
  const has = (...keys: string[]) => item.entries.some((entry) => keys.includes(entry.key));
  if (!has('type', 'property', 'rule')) {
    problem(anchor, `${where} needs at least one of type, property or rule to say what it applies to.`);
  }
  if (!has('owner', 'severity', 'rationale', 'team')) {
    problem(anchor, `${where} changes nothing: give at least one of owner, severity, rationale or team.`);
  }
  if (has('rule') && has('owner')) {
    problem(anchor, `${where} has both rule and owner: an override with a rule applies to findings, which have a severity but no owner. Use type/property to change an owner.`);
  }
  return override;
}

function nonEmptyText(entry: Entry, problem: Problem): string | undefined {
  const value = entry.value;
  if (value?.kind === 'scalar' && typeof value.value === 'string' && value.value.trim() !== '') return value.value;
  problem(valueSpan(entry), `\`${entry.key}\` must be a non-empty text.`);
  return undefined;
}

function stringList(entry: Entry, problem: Problem): string[] {
  const value = entry.value;
  if (value?.kind !== 'seq') {
    problem(valueSpan(entry), `\`${entry.key}\` must be a list of glob patterns, e.g. ["**/*.yaml"].`);
    return [];
  }
  if (value.items.length > CONFIG_LIMITS.globs) {
    problem(valueSpan(entry), `\`${entry.key}\` has ${value.items.length.toLocaleString('en')} patterns; the limit is ${CONFIG_LIMITS.globs.toLocaleString('en')}.`);
    return [];
  }
  const result: string[] = [];
  for (const item of value.items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string' || item.value.trim() === '') {
      problem(item, `Each entry of \`${entry.key}\` must be a non-empty glob pattern text.`);
      continue;
    }
    const refused = fileGlobProblem(item.value);
    if (refused) problem(item, `This \`${entry.key}\` pattern ${refused}.`);
    else result.push(item.value);
  }
  return result;
}

function oneOf<T extends string>(entry: Entry, allowed: readonly T[], where: string, problem: Problem): T | undefined {
  const value = entry.value;
  if (value?.kind === 'scalar' && typeof value.value === 'string' && (allowed as readonly string[]).includes(value.value)) return value.value as T;
  const shown = value?.kind === 'scalar' ? `"${String(value.value)}"` : 'a non-text value';
  problem(valueSpan(entry), `${where} must be one of ${allowed.join(', ')}; got ${shown}.`);
  return undefined;
}

function duplicates(map: MapNode, problem: Problem): void {
  const seen = new Set<string>();
  for (const entry of map.entries) {
    if (seen.has(entry.key)) problem(entry.keySpan, `\`${entry.key}\` is given twice.`);
    seen.add(entry.key);
  }
}

function unknownKey(key: string, allowed: readonly string[], where: string): string {
  const near = allowed.find((candidate) => candidate !== '$schema' && editDistance(candidate, key.toLowerCase()) <= 2);
  return `Unknown key \`${key}\` in ${where}${near ? ` (did you mean \`${near}\`?)` : ''}. Allowed: ${allowed.filter((k) => k !== '$schema').join(', ')}.`;
}

function valueSpan(entry: Entry): Span {
  return entry.value ? { offset: entry.value.offset, length: entry.value.length } : entry.keySpan;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length];
}

interface CompiledOverride {
  override: Override;
  type?: (resourceType: string) => boolean;
  property?: (normalisedPath: string) => boolean;
}

const compiledCache = new WeakMap<OrgConfig, CompiledOverride[]>();

/** Globs are matched with string operations, never a regex built from the config (see engine/glob.ts). */
function compile(config: OrgConfig): CompiledOverride[] {
  let compiled = compiledCache.get(config);
  // Stryker disable next-line ConditionalExpression: compiling again gives equal matchers; the cache only saves the work
  if (!compiled) {
    compiled = config.overrides.map((override) => ({
      override,
      type: override.type === undefined ? undefined : typeGlobMatcher(override.type),
      property: override.property === undefined ? undefined : pathGlobMatcher(override.property),
    }));
    compiledCache.set(config, compiled);
  }
  return compiled;
}

/** "Properties.A[].B" exactly (indexes normalised to []); "X.**" is X and everything under it. */
function pathGlobMatcher(path: string): (normalisedPath: string) => boolean {
  const normalised = normalise(path);
  if (!normalised.endsWith('.**')) return (candidate) => candidate === normalised;
  const prefix = normalised.slice(0, -3);
  return (candidate) => candidate.startsWith(prefix) && (candidate.length === prefix.length || candidate[prefix.length] === '.' || candidate[prefix.length] === '[');
}

function normalise(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/** Where an override came from, for hovers and reports: ".responsibility-lens.yaml overrides[2]". */
export function overrideLabel(config: OrgConfig, override: Override): string {
  return `${override.source ?? config.file} overrides[${override.index}]`;
}

/**
 * What each override did to one or more analyses, filled in by
 * {@link applyConfig} when given: reports say what a config silenced.
 */
export type ConfigTally = Map<Override, OverrideEffect>;

export interface OverrideEffect {
  /** Findings dropped (`severity: off`). */
  removed: number;
  /** Findings whose severity went down (error → warning → info). */
  lowered: number;
  /** Settings whose owner moved away from the customer (customer → shared → aws). */
  movedFromCustomer: number;
  /** Findings and settings it would have weakened, left alone because it may not weaken (see {@link layerConfigs}). */
  refused: number;
}

const SEVERITY_RANK: Record<OverrideSeverity, number> = { off: 0, info: 1, warning: 2, error: 3 };
const OWNER_RANK: Record<Owner, number> = { aws: 0, microsoft: 0, shared: 1, customer: 2 };

function effectOf(tally: ConfigTally | undefined, override: Override): OverrideEffect {
  // Stryker disable next-line ObjectLiteral: without a tally the counts are thrown away, so their start values are never read
  if (!tally) return { removed: 0, lowered: 0, movedFromCustomer: 0, refused: 0 };
  let effect = tally.get(override);
  if (!effect) tally.set(override, (effect = { removed: 0, lowered: 0, movedFromCustomer: 0, refused: 0 }));
  return effect;
}

/**
 * The analysis as the organisation sees it: owners, rationale and team names
 * changed by the first matching override, findings re-graded or (severity
 * `off`) dropped. Returns the same object when the config changes nothing.
 *
 * - A setting takes the first override without `rule` whose type and property
 *   match and that sets owner, rationale or team.
 * - A finding takes the first override whose rule, type and property (the
 *   path of the setting the finding points at) match and that sets severity.
 * - `team` (an override's, else the file's) names who does the customer's
 *   part, so it is shown for customer and shared settings only.
 * - An override marked `mayNotWeaken` (a repository's, under an
 *   organisation's `--config`) that would weaken a finding or a setting
 *   leaves it as it is.
 *
 * With `tally`, counts per override what it removed, lowered, moved or was refused.
 */
export function applyConfig(analysis: Analysis, config: OrgConfig | undefined, tally?: ConfigTally): Analysis {
  if (!config || (config.team === undefined && config.overrides.length === 0)) return analysis;
  const compiled = compile(config);
  const settingOverrides = compiled.filter(({ override: o }) => o.rule === undefined && (o.owner !== undefined || o.rationale !== undefined || o.team !== undefined));
  const findingOverrides = compiled.filter(({ override: o }) => o.severity !== undefined);
  const pathAt = new Map<number, string>();
  for (const setting of analysis.settings) if (!pathAt.has(setting.key.offset)) pathAt.set(setting.key.offset, normalise(setting.path));

  const settings = analysis.settings.map((setting): Setting => {
    const path = normalise(setting.path);
    let match = settingOverrides.find((candidate) => matches(candidate, setting.resourceType, path));
    const attribution: Attribution = { ...setting.attribution };
    if (match) {
      const o = match.override;
      const away = o.owner !== undefined && OWNER_RANK[o.owner] < OWNER_RANK[attribution.owner];
      if (away && o.mayNotWeaken) {
        effectOf(tally, o).refused++;
        match = undefined;
      } else {
        if (away) effectOf(tally, o).movedFromCustomer++;
        if (o.owner !== undefined) attribution.owner = o.owner;
        if (o.rationale !== undefined) attribution.rationale = o.rationale;
        attribution.override = overrideLabel(config, o);
      }
    }
    const team = match?.override.team ?? config.team;
    if (team !== undefined && attribution.owner !== 'aws') attribution.team = team;
    return { ...setting, attribution };
  });

  const findings: Finding[] = [];
  for (const finding of analysis.findings) {
    const path = pathAt.get(finding.span.offset);
    const match = findingOverrides.find(
      (candidate) => (candidate.override.rule === undefined || candidate.override.rule === finding.ruleId) && matches(candidate, finding.resourceType, path),
    );
    if (!match) {
      findings.push(finding);
      continue;
    }
    const o = match.override;
    const severity = o.severity!;
    const weakens = SEVERITY_RANK[severity] < SEVERITY_RANK[finding.severity];
    if (weakens && o.mayNotWeaken) {
      effectOf(tally, o).refused++;
      findings.push(finding);
    } else if (severity === 'off') {
      effectOf(tally, o).removed++;
    } else {
      if (weakens) effectOf(tally, o).lowered++;
      findings.push({ ...finding, severity, override: overrideLabel(config, o) });
    }
  }
  return { ...analysis, settings, findings };
}

function matches(compiled: CompiledOverride, resourceType: string, path: string | undefined): boolean {
  if (compiled.type && !compiled.type(resourceType)) return false;
  if (compiled.property && (path === undefined || !compiled.property(path))) return false;
  return true;
}

/**
 * An organisation's config (`--config FILE`) with the scanned repository's
 * own config layered under it. The repository's file may add to the
 * organisation's but never weaken it. Weakening means anything that lets a
 * scan report less:
 *
 * - turning a finding off (`severity: off`) or lowering its severity
 *   (error → warning → info);
 * - keeping files out of the scan: any `exclude`, and any `include` (which
 *   narrows the scan to what it lists);
 * - moving a setting's owner away from the customer (customer → shared → aws),
 *   which takes it out of the customer's column of the matrix.
 *
 * Raising a severity, moving an owner towards the customer, rationale and
 * team texts do not weaken and apply. The organisation's overrides come first,
 * so where both match, the organisation's wins. The repository's include and
 * exclude are refused whole; its overrides are kept, marked `mayNotWeaken`,
 * and refused finding by finding and setting by setting where they would weaken.
 */
export function layerConfigs(organisation: OrgConfig, repository: OrgConfig): OrgConfig {
  const refused: RefusedGlobs[] = [];
  if (repository.include.length) refused.push({ source: repository.file, key: 'include', globs: repository.include });
  if (repository.exclude.length) refused.push({ source: repository.file, key: 'exclude', globs: repository.exclude });
  return {
    file: organisation.file,
    origin: 'organisation',
    team: organisation.team ?? repository.team,
    include: organisation.include,
    exclude: organisation.exclude,
    overrides: [
      ...organisation.overrides.map((override) => ({ ...override, source: override.source ?? organisation.file, origin: 'organisation' as const })),
      ...repository.overrides.map((override) => ({ ...override, source: override.source ?? repository.file, origin: 'repository' as const, mayNotWeaken: true })),
    ],
    refusedGlobs: refused,
  };
}

/** Whether an override can silence something: drop or lower findings, or move owners away from the customer. */
export function canWeaken(override: Override): boolean {
  return override.severity !== undefined || (override.owner !== undefined && override.owner !== 'customer');
}

/** True when a path (relative, with `/`) is selected by include/exclude globs; `match` is minimatch or an equivalent. */
export function selectedByGlobs(
  relativePath: string,
  globs: { include: string[]; exclude: string[] },
  match: (path: string, pattern: string) => boolean,
): boolean {
  if (globs.exclude.some((pattern) => match(relativePath, pattern))) return false;
  return globs.include.length === 0 || globs.include.some((pattern) => match(relativePath, pattern));
}
