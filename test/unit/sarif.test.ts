import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';
import { filesUnder, runCli, tempDir } from './cliHelpers';
import { sarifErrors } from './sarifSchema';
import { FINGERPRINT_KEY, relativeUri, sarifLog } from '../../src/core/reports/sarif';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../src/core';
import { fileReport, type JsonReport } from '../../src/core/reports/report';
import { SiblingReader } from '../../src/node/siblings';
import { prepareFormats } from './robustnessFormats';

interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
  partialFingerprints: Record<string, string>;
}

function sarif(...args: string[]) {
  const { stdout, status, stderr } = runCli(['scan', '--format', 'sarif', ...args]);
  assert.ok(status === 0 || status === 1, `exit ${status}: ${stderr}`);
  return JSON.parse(stdout);
}

describe('SARIF 2.1.0', () => {
  it('`scan examples --format sarif` validates against the official schema', () => {
    const log = sarif('examples');
    assert.equal(sarifErrors(log), '');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'Responsibility Lens');
    assert.equal(driver.version, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    assert.ok(log.runs[0].results.length > 5);
  });

  it('every fixture and example file gives valid SARIF, alone and walked together', async function () {
    this.timeout(180_000);
    await prepareFormats();
    const files = [...filesUnder('examples'), ...filesUnder('test/fixtures')].filter((file) => !file.includes(`${path.sep}golden${path.sep}`));
    // One CLI process per file: the budget grows with the fixtures (every rule adds four); a shared, loaded machine takes seconds per process.
    this.timeout(60_000 + files.length * 3_000);
    assert.ok(files.length >= 6);
    // Each file alone, in process as the CLI's worker builds it (a CLI process for each of 200 files took minutes on a busy machine).
    const siblings = new SiblingReader();
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
    for (const file of files) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const analysis = analyze(text, file, { siblings: siblings.of(path.join(ROOT, file), ROOT) });
      const report: JsonReport = { version: 1, files: analysis.kind ? [fileReport(file, text, analysis)] : [] };
      assert.equal(sarifErrors(sarifLog(report, { toolVersion: version, srcRoot: pathToFileURL(`${ROOT}${path.sep}`).href })), '', file);
    }
    // The fixtures walked together, through the CLI (the examples are the test above).
    assert.equal(sarifErrors(sarif('test/fixtures')), '');
  });

  it('the validator is not a no-op: it rejects a log with a bad level and a missing message', () => {
    const log = sarif('examples/cloudformation/risky-stack.yaml');
    log.runs[0].results[0].level = 'fatal';
    delete log.runs[0].results[1].message;
    assert.notEqual(sarifErrors(log), '');
  });

  it('rules carry descriptions, help URI, default level and tags with the row and control ids', () => {
    const log = sarif('examples/cloudformation/risky-stack.yaml');
    const rules = log.runs[0].tool.driver.rules as { id: string; helpUri: string; defaultConfiguration: { level: string }; properties: { tags: string[] }; shortDescription: { text: string } }[];
    const rds = rules.find((rule) => rule.id === 'rds-storage-unencrypted')!;
    assert.equal(rds.helpUri, 'https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3');
    assert.equal(rds.defaultConfiguration.level, 'warning');
    assert.deepEqual(rds.properties.tags.slice(0, 3), ['customer-data', 'SecurityHub RDS.3', 'SecurityHub RDS.27']);
    assert.match(rds.shortDescription.text, /RDS or Aurora storage not encrypted/);
    for (const result of log.runs[0].results as Result[]) assert.equal(rules[result.ruleIndex].id, result.ruleId);
  });

  it("each rule's help is its page of the rule reference, so a viewer shows what to do and the examples without a link", () => {
    const log = sarif('examples/cloudformation/risky-stack.yaml');
    const rules = log.runs[0].tool.driver.rules as { id: string; help: { text: string; markdown?: string } }[];
    for (const rule of rules) {
      assert.ok(rule.help.text, rule.id);
      assert.match(rule.help.markdown ?? '', new RegExp(`^# \`${rule.id}\`: [\\s\\S]*## What to do[\\s\\S]*## Sources`), rule.id);
      assert.doesNotMatch(rule.help.markdown ?? '', /<!--/, 'without the generator comment');
    }
  });

  it('results use the same lines and columns as --format json, relative URIs and mapped levels', () => {
    const file = 'examples/cloudformation/risky-stack.yaml';
    const json = JSON.parse(runCli(['scan', '--format', 'json', file]).stdout);
    const results = sarif(file).runs[0].results as Result[];
    const findings = json.files[0].findings;
    assert.equal(results.length, findings.length);
    results.forEach((result, index) => {
      const finding = findings[index];
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      assert.equal(artifactLocation.uri, 'examples/cloudformation/risky-stack.yaml');
      assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
      assert.deepEqual(region, { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn });
      assert.equal(result.level, { error: 'error', warning: 'warning', info: 'note' }[finding.severity as string]);
      assert.equal(result.partialFingerprints[FINGERPRINT_KEY], finding.fingerprint);
    });
    const publicDb = results.find((result) => result.ruleId === 'rds-publicly-accessible')!;
    assert.equal(publicDb.locations[0].physicalLocation.region.startLine, 46);
    assert.equal(publicDb.level, 'error');
  });

  it('fingerprints stay the same when lines move, and differ between findings', () => {
    const { dir, cleanup } = tempDir();
    try {
      const original = fs.readFileSync(path.join(ROOT, 'examples/cloudformation/risky-stack.yaml'), 'utf8');
      fs.mkdirSync(path.join(dir, 'a'));
      fs.mkdirSync(path.join(dir, 'b'));
      fs.writeFileSync(path.join(dir, 'a/stack.yaml'), original);
      // Five comment lines at the top and the resources re-indented nowhere: every finding moves down five lines.
      fs.writeFileSync(path.join(dir, 'b/stack.yaml'), `# one\n# two\n# three\n# four\n# five\n${original}`);
      const scan = (folder: string) => JSON.parse(runCli(['scan', '--format', 'sarif', 'stack.yaml'], path.join(dir, folder)).stdout).runs[0].results as Result[];
      const before = scan('a');
      const after = scan('b');
      assert.equal(before.length, after.length);
      before.forEach((result, index) => {
        assert.equal(after[index].locations[0].physicalLocation.region.startLine, result.locations[0].physicalLocation.region.startLine + 5);
        assert.equal(after[index].partialFingerprints[FINGERPRINT_KEY], result.partialFingerprints[FINGERPRINT_KEY]);
      });
      const prints = new Set(before.map((result) => result.partialFingerprints[FINGERPRINT_KEY]));
      assert.equal(prints.size, before.length, 'each finding has its own fingerprint');
    } finally {
      cleanup();
    }
  });

  it('parse errors become tool notifications, and odd file names stay valid relative URIs', () => {
    const log = sarif('test/fixtures/templates/broken.yaml');
    assert.equal(sarifErrors(log), '');
    const notes = log.runs[0].invocations[0].toolExecutionNotifications;
    assert.equal(notes.length, 1);
    assert.match(notes[0].message.text, /YAML syntax error/);
    assert.equal(relativeUri('dir with space/a#b.yaml'), 'dir%20with%20space/a%23b.yaml');
    assert.equal(relativeUri('win\\path\\x.json'), 'win/path/x.json');
  });
});
