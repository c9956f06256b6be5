/**
 * Baselines: a saved JSON report (`--write-baseline`) against which a later
 * scan reports only new findings (`--baseline`). Findings match by their
 * stable fingerprint, never by line, so moving code around keeps them known.
 * Reports written before fingerprints existed match by file, rule and message.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FindingReport, JsonReport } from '../core/reports/report';
import { readInsideRoot, realFolder } from '../node/read';

/** A baseline of a very large repository is tens of MB; past this it is refused before it is read. */
const MAX_BASELINE_BYTES = 512_000_000;

export interface Baseline {
  fingerprints: Set<string>;
  /** file \0 ruleId \0 message, for entries without a fingerprint. */
  legacy: Set<string>;
}

export class BaselineError extends Error {}

export function readBaseline(file: string): Baseline {
  let data: unknown;
  // Through the scan's reader: a FIFO is never opened, and the size is checked before a byte is read. The
  // baseline is named by the caller, so its own folder is the root (a link to it elsewhere is followed).
  const read = readInsideRoot(file, path.dirname(realFolder(file)), MAX_BASELINE_BYTES);
  if ('problem' in read) throw new BaselineError(`baseline ${file} ${read.message}`);
  const text = read.text;
  try {
    data = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text: not echoed, the file might be anything a link points at.
    throw new BaselineError(`baseline ${file} is not valid JSON; write one with --write-baseline or --format json`);
  }
  const report = data as Partial<JsonReport>;
  if (!report || typeof report !== 'object' || report.version !== 1 || !Array.isArray(report.files)) {
    throw new BaselineError(`baseline ${file} is not a responsibility-lens JSON report (version 1); write one with --write-baseline or --format json`);
  }
  const baseline: Baseline = { fingerprints: new Set(), legacy: new Set() };
  for (const entry of report.files) {
    if (!entry || !Array.isArray(entry.findings)) continue;
    for (const finding of entry.findings) {
      if (typeof finding?.fingerprint === 'string') baseline.fingerprints.add(finding.fingerprint);
      else if (finding) baseline.legacy.add(legacyKey(entry.path, finding));
    }
  }
  return baseline;
}

function legacyKey(path: string, finding: FindingReport): string {
  return [String(path).replace(/\\/g, '/'), finding.ruleId, finding.message].join('\0');
}

/** The report without the findings the baseline already has, and how many were dropped. */
export function applyBaseline(report: JsonReport, baseline: Baseline): { report: JsonReport; hidden: number } {
  let hidden = 0;
  const files = report.files.map((file) => {
    const findings = file.findings.filter((finding) => {
      const known = (finding.fingerprint !== undefined && baseline.fingerprints.has(finding.fingerprint)) || baseline.legacy.has(legacyKey(file.path, finding));
      if (known) hidden++;
      return !known;
    });
    return { ...file, findings };
  });
  return { report: { ...report, files }, hidden };
}

/**
 * Writes the report to `file` through a new temporary file in the same
 * folder, renamed over it: a link planted at `file` is replaced, never
 * written through, and a reader never sees half a baseline.
 */
export function writeBaseline(file: string, report: JsonReport): void {
  const target = path.resolve(file);
  let existing: fs.Stats | undefined;
  try {
    existing = fs.lstatSync(target);
  } catch {
    // a new file
  }
  if (existing && !existing.isFile() && !existing.isSymbolicLink()) throw new BaselineError(`cannot write baseline ${file}: it exists and is not a file`);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // "wx": created here and now (O_CREAT | O_EXCL), so not even the temporary name can be a planted link.
    fs.writeFileSync(temporary, `${JSON.stringify(report, null, 2)}\n`, { flag: 'wx', mode: 0o644 });
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new BaselineError(`cannot write baseline ${file}: ${(error as Error).message}`);
  }
}
