#!/usr/bin/env node
// Measures how much of a set of real templates gets a curated or derived
// (pattern) attribution rather than the generic fallback.
// Usage: node scripts/measure-coverage.mjs <dir> [--top N] [--json]
// Runs the built CLI (npm run build first) as `scan --format json <dir>` and
// counts the settings under `Properties.` of every CloudFormation file.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const dir = args.find((arg) => !arg.startsWith('--'));
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;
if (!dir) {
  console.error('Usage: node scripts/measure-coverage.mjs <dir> [--top N] [--json]');
  process.exit(2);
}

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const run = spawnSync(process.execPath, [cli, 'scan', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
if (run.status !== 0 && run.status !== 1) {
  console.error(run.stderr || `scan exited with ${run.status}`);
  process.exit(2);
}
const report = JSON.parse(run.stdout);

const counts = { curated: 0, derived: 0, fallback: 0 };
const byType = new Map();
const byProperty = new Map();
const byService = new Map();
let files = 0;
let errors = 0;
const fallbackServices = new Set();
for (const file of report.files) {
  if (file.kind !== 'cloudformation') continue;
  files++;
  errors += file.errors.length;
  for (const setting of file.settings) {
    if (!setting.key.startsWith('Properties.')) continue;
    counts[setting.confidence] = (counts[setting.confidence] ?? 0) + 1;
    const service = byService.get(setting.service) ?? { total: 0, fallback: 0 };
    service.total++;
    if (setting.confidence === 'fallback') {
      service.fallback++;
      byType.set(setting.resourceType, (byType.get(setting.resourceType) ?? 0) + 1);
      const property = `${setting.resourceType} ${setting.key.replace(/\[\d+\]/g, '[]')}`;
      byProperty.set(property, (byProperty.get(property) ?? 0) + 1);
    }
    byService.set(setting.service, service);
  }
  for (const setting of file.settings) if (setting.key === 'Type' && setting.confidence === 'fallback') fallbackServices.add(setting.service);
}

const total = counts.curated + counts.derived + counts.fallback;
const share = total ? (counts.curated + counts.derived) / total : 0;
const sorted = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
const result = {
  dir,
  files,
  parseErrors: errors,
  propertySettings: total,
  curated: counts.curated,
  derived: counts.derived,
  fallback: counts.fallback,
  nonFallbackShare: Number(share.toFixed(4)),
  topUncoveredTypes: sorted(byType),
  topUncoveredProperties: sorted(byProperty),
};
if (args.includes('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`${files} CloudFormation files, ${total} property settings (${errors} parse errors)`);
  console.log(`curated ${counts.curated} · derived ${counts.derived} · fallback ${counts.fallback}`);
  console.log(`non-fallback share: ${(share * 100).toFixed(1)}%`);
  console.log(`\nTop uncovered resource types:`);
  for (const [type, count] of result.topUncoveredTypes) console.log(`  ${String(count).padStart(5)}  ${type}`);
  console.log(`\nTop uncovered properties:`);
  for (const [property, count] of result.topUncoveredProperties) console.log(`  ${String(count).padStart(5)}  ${property}`);
}
