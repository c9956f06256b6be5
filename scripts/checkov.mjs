#!/usr/bin/env node
// Recall and precision against Checkov's labelled fixtures: runs the built CLI
// over a Checkov checkout's tests for AWS resources (CloudFormation:
// tests/cloudformation/checks/resource/aws, Terraform:
// tests/terraform/checks/resource/aws) and says, per Checkov check, whether the
// rules that scripts/checkov-mapping.json maps it to flag the resources its test
// labels failing, and never the ones it labels passing.
//
// Nothing of Checkov is copied: the checkout is read at run time. A check's test
// (test_<Name>.py) gives its fixture folder and its labels: the
// `passing_resources` / `failing_resources` sets of resource ids, or else the
// file names (`…-PASSED….yaml`, `…-FAILED….yaml`: a failing file must get a
// finding on a resource of the check's types, a passing file none). The check's
// source (checkov/<framework>/checks/resource/aws/<Name>.py) gives its id and
// resource types. Tests with no fixture folder, or with neither kind of label,
// have no labelled fixtures and are counted apart.
//
// Usage: npm run build && npm run checkov -- <checkov checkout> [--json] [--only cfn|tf] [--verbose]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const checkout = args.find((arg) => !arg.startsWith('--') && args[args.indexOf(arg) - 1] !== '--only');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const asJson = args.includes('--json');
const verbose = args.includes('--verbose');
if (!checkout || !existsSync(join(checkout, 'tests'))) {
  console.error('Usage: npm run checkov -- <checkov checkout> [--json] [--only cfn|tf] [--verbose]\n(the checkout needs tests/ and checkov/; run npm run build first)');
  process.exit(2);
}
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run npm run build first.');
  process.exit(2);
}
const mapping = JSON.parse(readFileSync(join(root, 'scripts', 'checkov-mapping.json'), 'utf8'));

const FRAMEWORKS = [
  { key: 'cfn', name: 'CloudFormation', folder: 'cloudformation', module: 'cloudformation', typePattern: /["'](AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)["']/g },
  { key: 'tf', name: 'Terraform', folder: 'terraform', module: 'terraform', typePattern: /["'](aws_[a-z0-9_]+)["']/g },
];

/** Every string literal of a Python set/list literal `name = { … }`, comments left out. */
function setLiteral(source, name) {
  const found = new RegExp(`\\b${name}\\s*=\\s*[{[]([^}\\]]*)[}\\]]`).exec(source);
  if (!found) return undefined;
  // A commented-out id (`#"aws_x.fail", # Will handle later`) is no label.
  return [...found[1].replace(/#[^\n]*/g, '').matchAll(/["']([^"']+)["']/g)].map((match) => match[1]);
}

/** The checks of one framework whose tests have fixture folders, with their labels. */
function readChecks(framework) {
  const testsDir = join(checkout, 'tests', framework.folder, 'checks', 'resource', 'aws');
  const checksDir = join(checkout, 'checkov', framework.folder, 'checks', 'resource', 'aws');
  const checks = [];
  for (const file of readdirSync(testsDir).filter((name) => /^test_.*\.py$/.test(name)).sort()) {
    const source = readFileSync(join(testsDir, file), 'utf8');
    const modules = [...source.matchAll(new RegExp(`from checkov\\.${framework.module}\\.checks\\.resource\\.aws\\.(\\w+) import check\\b`, 'g'))].map((m) => m[1]);
    if (modules.length !== 1) continue;
    const checkFile = join(checksDir, `${modules[0]}.py`);
    if (!existsSync(checkFile)) continue;
    const checkSource = readFileSync(checkFile, 'utf8');
    const id = /\bid\s*=\s*["'](CKV2?_AWS_\d+)["']/.exec(checkSource)?.[1];
    if (!id) continue;
    const types = [...new Set([...checkSource.matchAll(framework.typePattern)].map((m) => m[1]))];
    const folders = [...new Set([...source.matchAll(/["'/](example_[A-Za-z0-9_]+|S3Templates)["'/]/g)].map((m) => m[1]))].filter((folder) => existsSync(join(testsDir, folder)));
    const check = { id, name: modules[0], test: relative(checkout, join(testsDir, file)), folders: folders.map((folder) => join(testsDir, folder)), types };
    const passing = setLiteral(source, 'passing_resources');
    const failing = setLiteral(source, 'failing_resources');
    if (!folders.length) check.unlabelled = 'no fixture folder (the test builds its input in Python)';
    else if (passing || failing) check.labels = { kind: 'resources', passing: passing ?? [], failing: failing ?? [] };
    else {
      const files = folders.flatMap((folder) => readdirSync(join(testsDir, folder)).filter((name) => /\.(ya?ml|json|template)$/i.test(name)).map((name) => join(testsDir, folder, name)));
      const passingFiles = files.filter((name) => /pass/i.test(basename(name)) && !/fail/i.test(basename(name)));
      const failingFiles = files.filter((name) => /fail/i.test(basename(name)));
      if (passingFiles.length + failingFiles.length) check.labels = { kind: 'files', passing: passingFiles, failing: failingFiles };
      else check.unlabelled = 'fixtures whose labels are only counts';
    }
    checks.push(check);
  }
  return checks;
}

/** Findings per file of one scan of the framework's tests folder. */
function scan(framework) {
  const dir = join(checkout, 'tests', framework.folder, 'checks', 'resource', 'aws');
  const run = spawnSync(process.execPath, [cli, 'scan', '--format', 'json', '--fail-on', 'never', '--no-config', '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) {
    console.error(run.stderr || `scan exited with ${run.status}`);
    process.exit(2);
  }
  const byFile = new Map();
  for (const file of JSON.parse(run.stdout).files) byFile.set(join(dir, file.path), file.findings);
  return byFile;
}

function resourceKey(finding, framework) {
  return framework.key === 'cfn' ? `${finding.resourceType}.${finding.resource}` : finding.resource;
}

/** The verdict on one check: which labelled resources (or files) the mapped rules flag. */
function judge(check, framework, byFile) {
  const entry = mapping.checks[check.id];
  const rules = new Set(entry?.rules ?? []);
  const relabel = entry?.relabel ?? {};
  const files = [...byFile.entries()].filter(([file]) => check.folders.some((folder) => file.startsWith(folder + '/')));
  const flagged = new Set();
  for (const [file, findings] of files) {
    for (const finding of findings) {
      if (!rules.has(finding.ruleId)) continue;
      if (check.labels.kind === 'resources') flagged.add(resourceKey(finding, framework));
      else if (!check.types.length || check.types.includes(finding.resourceType)) flagged.add(file);
    }
  }
  const name = (item) => (check.labels.kind === 'files' ? relative(join(checkout, 'tests'), item) : item);
  const expect = (item, label) => {
    const override = relabel[check.labels.kind === 'files' ? basename(item) : item];
    return override ? override.expect : label;
  };
  const labelled = [...check.labels.failing.map((item) => ({ item, label: 'fail' })), ...check.labels.passing.map((item) => ({ item, label: 'pass' }))];
  const result = { caught: [], missed: [], falseAlarms: [], relabelled: [] };
  for (const { item, label } of labelled) {
    const expected = expect(item, label);
    if (expected !== label) result.relabelled.push(name(item));
    const isFlagged = flagged.has(item);
    if (expected === 'fail') (isFlagged ? result.caught : result.missed).push(name(item));
    else if (isFlagged) result.falseAlarms.push(name(item));
  }
  let status;
  if (!entry) status = 'unmapped';
  else if (result.falseAlarms.length) status = 'false-alarm';
  else if (!result.caught.length && !result.missed.length) status = 'agrees (labels out of date)';
  else if (!result.missed.length) status = 'covered';
  else if (result.caught.length) status = 'partial';
  else status = 'missed';
  return { id: check.id, name: check.name, test: check.test, rules: [...rules], status, note: entry?.note, ...result };
}

const report = {};
for (const framework of FRAMEWORKS) {
  if (only && only !== framework.key) continue;
  const checks = readChecks(framework);
  const byFile = scan(framework);
  const labelled = checks.filter((check) => check.labels);
  const verdicts = labelled.map((check) => judge(check, framework, byFile));
  const count = (status) => verdicts.filter((verdict) => verdict.status === status).length;
  report[framework.key] = {
    framework: framework.name,
    tests: checks.length,
    labelled: labelled.length,
    unlabelled: checks.filter((check) => !check.labels).map((check) => ({ id: check.id, name: check.name, why: check.unlabelled })),
    covered: count('covered'),
    partial: count('partial'),
    missed: count('missed'),
    falseAlarm: count('false-alarm'),
    outOfDate: count('agrees (labels out of date)'),
    unmapped: count('unmapped'),
    coverage: labelled.length ? Math.round((1000 * count('covered')) / labelled.length) / 10 : 0,
    checks: verdicts,
  };
}

if (asJson) {
  console.log(JSON.stringify(report, null, 2));
} else {
  for (const summary of Object.values(report)) {
    console.log(`\n== ${summary.framework}: ${summary.labelled} checks with labelled fixtures (of ${summary.tests} with a test)`);
    for (const verdict of summary.checks) {
      if (verdict.status === 'unmapped' && !verbose) continue;
      console.log(`${verdict.status.padEnd(28)} ${verdict.id.padEnd(12)} ${verdict.name}  → ${verdict.rules.join(', ') || '-'}`);
      if (verdict.missed.length) console.log(`    missed: ${verdict.missed.join(', ')}`);
      if (verdict.falseAlarms.length) console.log(`    FLAGGED PASSING: ${verdict.falseAlarms.join(', ')}`);
      if (verdict.relabelled.length) console.log(`    label out of date: ${verdict.relabelled.join(', ')}`);
      if (verdict.note && verbose) console.log(`    note: ${verdict.note}`);
    }
    console.log(
      `${summary.framework}: covered ${summary.covered} of ${summary.labelled} (${summary.coverage} %); partial ${summary.partial}, missed ${summary.missed}, ` +
        `passing resources flagged ${summary.falseAlarm}, labels out of date ${summary.outOfDate}, unmapped ${summary.unmapped}; ${summary.unlabelled.length} tests without labelled fixtures`,
    );
  }
}
const flaggedPassing = Object.values(report).reduce((sum, summary) => sum + summary.falseAlarm, 0);
process.exitCode = flaggedPassing ? 1 : 0;
