/**
 * Nothing is silenced unseen: what an organisation config (a repository's own
 * `.responsibility-lens.*`, or one passed with `--config`) turned off, lowered
 * or kept out of a scan, and which files could not be analysed, as report
 * entries every output format shows.
 */
import type { ConfigOrigin, ConfigTally, OrgConfig, Override } from '../engine/config';
import { canWeaken, overrideLabel } from '../engine/config';

/** One config entry that can silence, and what it did in this scan. */
export interface SilencedReport {
  /** ".responsibility-lens.yaml overrides[2]", ".responsibility-lens.yaml exclude". */
  source: string;
  /** `repository`: the scanned folder's own file; `organisation`: the file given with --config. */
  origin: ConfigOrigin;
  /** What it says, e.g. `severity off (rule s3-bucket-public-read)` or `exclude "**"`. */
  change: string;
  findingsRemoved: number;
  findingsLowered: number;
  settingsMovedFromCustomer: number;
  filesExcluded: number;
  foldersExcluded: number;
  /**
   * Not applied: a repository's config may not weaken the organisation's
   * --config. `refusedCount` says how many findings or settings it would have weakened.
   */
  refused: boolean;
  refusedCount?: number;
}

/** A file the scan selected but did not analyse, and why. */
export interface UnanalysedReport {
  path: string;
  reason: UnanalysedReason;
  message: string;
}

export type UnanalysedReason =
  | 'binary'
  | 'too-large'
  | 'over-budget'
  /** The analysis threw, or its worker died (out of memory …). */
  | 'analysis-failed'
  | 'unreadable'
  | 'not-a-file'
  | 'outside-root'
  | 'undecodable-name'
  | 'symlinked-folder'
  | 'loop'
  | 'unreadable-folder'
  | 'missing';

/** What the include/exclude globs of a config kept out of a scan (counted by the CLI's walk). */
export interface GlobEffectInput {
  key: 'include' | 'exclude';
  pattern: string;
  files: number;
  folders: number;
}

/**
 * Entries for every part of `config` that can silence: overrides that turn
 * findings off, lower them or move owners away from the customer (listed when
 * they are `off`, or did or were refused something), the include and exclude
 * globs with what they kept out, and a repository's globs that an
 * organisation's config refused.
 */
export function silencedReport(config: OrgConfig | undefined, tally: ConfigTally, globs: GlobEffectInput[]): SilencedReport[] {
  if (!config) return [];
  const out: SilencedReport[] = [];
  const origin: ConfigOrigin = config.origin ?? 'repository';
  for (const override of config.overrides) {
    if (!canWeaken(override)) continue;
    const effect = tally.get(override) ?? { removed: 0, lowered: 0, movedFromCustomer: 0, refused: 0 };
    const listed = override.severity === 'off' || effect.removed || effect.lowered || effect.movedFromCustomer || effect.refused;
    if (!listed) continue;
    const refused = effect.refused > 0 && effect.removed + effect.lowered + effect.movedFromCustomer === 0;
    out.push({
      source: overrideLabel(config, override),
      origin: override.origin ?? origin,
      change: describeOverride(override),
      findingsRemoved: effect.removed,
      findingsLowered: effect.lowered,
      settingsMovedFromCustomer: effect.movedFromCustomer,
      filesExcluded: 0,
      foldersExcluded: 0,
      refused,
      ...(effect.refused ? { refusedCount: effect.refused } : {}),
    });
  }
  const byKey = (key: 'include' | 'exclude') => globs.filter((effect) => effect.key === key);
  if (config.include.length) {
    const files = byKey('include').reduce((sum, effect) => sum + effect.files, 0);
    out.push(globEntry(config, origin, 'include', `include ${config.include.map((glob) => JSON.stringify(glob)).join(', ')} (files matching none are not scanned)`, files, 0));
  }
  for (const pattern of config.exclude) {
    const effect = byKey('exclude').find((candidate) => candidate.pattern === pattern);
    out.push(globEntry(config, origin, 'exclude', `exclude ${JSON.stringify(pattern)}`, effect?.files ?? 0, effect?.folders ?? 0));
  }
  for (const refused of config.refusedGlobs ?? []) {
    out.push({
      source: `${refused.source} ${refused.key}`,
      origin: 'repository',
      change: `${refused.key} ${refused.globs.map((glob) => JSON.stringify(glob)).join(', ')}`,
      findingsRemoved: 0,
      findingsLowered: 0,
      settingsMovedFromCustomer: 0,
      filesExcluded: 0,
      foldersExcluded: 0,
      refused: true,
    });
  }
  return out;
}

function globEntry(config: OrgConfig, origin: ConfigOrigin, key: 'include' | 'exclude', change: string, files: number, folders: number): SilencedReport {
  return { source: `${config.file} ${key}`, origin, change, findingsRemoved: 0, findingsLowered: 0, settingsMovedFromCustomer: 0, filesExcluded: files, foldersExcluded: folders, refused: false };
}

function describeOverride(override: Override): string {
  const selectors = [
    override.rule !== undefined ? `rule ${override.rule}` : '',
    override.type !== undefined ? `type ${override.type}` : '',
    override.property !== undefined ? `property ${override.property}` : '',
  ].filter(Boolean);
  const changes = [override.severity !== undefined ? `severity ${override.severity}` : '', override.owner !== undefined ? `owner ${override.owner}` : ''].filter(Boolean);
  return `${changes.join(', ')}${selectors.length ? ` (${selectors.join(', ')})` : ''}`;
}

/** "removed 3 findings, lowered 1" — what an entry did, in words; "no effect in this scan" when nothing. */
export function silencedEffect(entry: SilencedReport): string {
  if (entry.refused) {
    const would = entry.refusedCount ? ` (would have weakened ${entry.refusedCount} finding(s) or setting(s))` : '';
    return `NOT APPLIED: a repository config may not weaken the organisation config${would}`;
  }
  const parts = [
    entry.findingsRemoved ? `removed ${entry.findingsRemoved} finding(s)` : '',
    entry.findingsLowered ? `lowered ${entry.findingsLowered} finding(s)` : '',
    entry.settingsMovedFromCustomer ? `moved ${entry.settingsMovedFromCustomer} setting(s) away from the customer` : '',
    entry.filesExcluded ? `kept ${entry.filesExcluded} file(s) out of the scan` : '',
    entry.foldersExcluded ? `kept ${entry.foldersExcluded} folder(s) out of the scan` : '',
    entry.refusedCount ? `refused ${entry.refusedCount} time(s) where it would weaken the organisation config` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no effect in this scan';
}
