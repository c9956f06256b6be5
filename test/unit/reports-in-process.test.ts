/**
 * The report builders the CLI prints (Markdown, SARIF, text), called in process on a scan of
 * several formats: what a reviewer reads in a pull-request comment or a code-scanning alert.
 * The CLI's own tests check the same output end to end; these also let mutation testing see it.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { findingRules, matrix } from '../../src/core/clouds/aws/knowledge';
import { markdownReport } from '../../src/core/reports/markdown';
import { fileReport, textReport, type JsonReport } from '../../src/core/reports/report';
import { FINGERPRINT_KEY, relativeUri, sarifLog } from '../../src/core/reports/sarif';

const TEMPLATE = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Db:',
  '    Type: AWS::RDS::DBInstance',
  '    Properties:',
  '      Engine: mysql',
  '      StorageEncrypted: false',
  '      PubliclyAccessible: true',
  '      DeletionProtection: true',
  '      EnableCloudwatchLogsExports: [error]',
  '',
].join('\n');
const DOCKERFILE = 'FROM node:20\nRUN npm ci\nUSER root\n';
const UNKNOWN_BASE = `FROM mycorp/base:1.2@sha256:${'a'.repeat(64)}\nRUN make\n`;
const BROKEN = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {\n';

function scan(files: Record<string, string>): JsonReport {
  return { version: 1, files: Object.entries(files).map(([name, text]) => fileReport(name, text, analyze(text, name.replace(/^.*\//, '')))) };
}

type Located = JsonReport['files'][number]['findings'][number] & { path: string };

// The scan and the reports are built before each test (a few milliseconds), not while mocha loads
// the file: a mutation run then credits what they reach to every test that reads them, so each
// test runs against the mutants it can kill (scripts/mutation-coverage.mjs).
describe('reports built in process', () => {
  let report: JsonReport;
  let findings: Located[];
  beforeEach(() => {
    report = scan({ 'stacks/db.yaml': TEMPLATE, 'app/Dockerfile': DOCKERFILE, 'base/Dockerfile': UNKNOWN_BASE, 'broken dir/broken.yaml': BROKEN });
    findings = report.files.flatMap((file) => file.findings.map((finding) => ({ path: file.path, ...finding })));
  });

  it('the scan has what the reports are checked against', () => {
    assert.deepEqual(findings.map((f) => `${f.path}:${f.line} ${f.severity} ${f.ruleId}`).sort(), [
      'app/Dockerfile:3 warning docker-runs-as-root',
      'base/Dockerfile:1 info docker-runs-as-root',
      'stacks/db.yaml:7 warning rds-storage-unencrypted',
      'stacks/db.yaml:8 error rds-publicly-accessible',
    ]);
    assert.equal(report.files.find((file) => file.path === 'broken dir/broken.yaml')!.errors.length, 1);
  });

  describe('Markdown', () => {
    let markdown: string;
    let lines: string[];
    beforeEach(() => {
      markdown = markdownReport(report, {
        suppressed: [
          { path: 'z/last.yaml', line: 3, ruleId: 'rds-minor-upgrade-off', reason: 'pinned by the vendor' },
          { path: 'a/first.yaml', line: 9, ruleId: 'literal-secret', reason: '' },
          { path: 'a/first.yaml', line: 2, ruleId: 'sg-world-open-admin-port', reason: 'a *bastion*' },
        ],
        baseline: { file: '.baseline.json', hidden: 2 },
        linkBase: 'https://example.test/blob/abc',
      });
      lines = markdown.split('\n');
    });

    it('sums up files, settings by owner and findings by severity', () => {
      const settings = report.files.flatMap((file) => file.settings);
      const owners = (owner: string) => settings.filter((s) => s.owner === owner).length;
      assert.equal(lines[0], '## Responsibility Lens');
      assert.equal(lines[2], `**4** file(s) · **${settings.length}** settings: Customer ${owners('customer')} · Shared ${owners('shared')} · AWS ${owners('aws')} · **4** finding(s): 1 error(s), 2 warning(s), 1 note(s)`);
      assert.ok(owners('customer') > 0 && owners('aws') + owners('shared') > 0, 'the scan has more than one owner');
      assert.match(markdown, /^_2 finding\(s\) already in the baseline `\.baseline\.json` are not shown\._$/m);
    });

    it('one matrix line per row, with this scan’s counts', () => {
      const table = lines.filter((line) => line.startsWith('| ') && !line.startsWith('| Responsibility') && !line.startsWith('| Finding') && !line.startsWith('| `'));
      assert.equal(table.length, matrix.rows.length);
      const rowOf = (id: string) => table[matrix.rows.findIndex((row) => row.id === id)];
      const findingsIn = (row: string) => findings.filter((f) => f.row === row).length;
      const network = findings.find((f) => f.ruleId === 'rds-publicly-accessible')!.row;
      assert.match(rowOf(network), new RegExp(`\\| \\*\\*${findingsIn(network)}\\*\\* \\|$`));
      const quiet = matrix.rows.find((row) => findingsIn(row.id) === 0)!;
      assert.match(rowOf(quiet.id), /\| 0 \|$/);
    });

    it('findings grouped by row, errors first, each linked to its line', () => {
      const start = lines.indexOf('### Findings by matrix row');
      const end = lines.indexOf('### Suppressed findings');
      const section = lines.slice(start + 1, end).filter(Boolean);
      const headings = section.filter((line) => line.startsWith('#### '));
      assert.equal(headings.length, new Set(findings.map((f) => f.row)).size);
      for (const heading of headings) assert.match(heading, /^#### .+ \(\d+\)$/);
      const items = section.filter((line) => line.startsWith('- '));
      assert.equal(items.length, findings.length);
      const db = items.find((line) => line.includes('`rds-publicly-accessible`'))!;
      assert.match(db, /^- \*\*error\*\* `rds-publicly-accessible` \[stacks\/db\\\.yaml:8\]\(https:\/\/example\.test\/blob\/abc\/stacks\/db\.yaml#L8\): /);
      const note = items.find((line) => line.includes('base/Dockerfile'))!;
      assert.match(note, /^- \*\*info\*\* `docker-runs-as-root` \[base\/Dockerfile:1\]/);
      // Within one row: by severity, so an info never comes before a warning.
      const docker = items.filter((line) => line.includes('`docker-runs-as-root`'));
      assert.equal(new Set(findings.filter((f) => f.ruleId === 'docker-runs-as-root').map((f) => f.row)).size, 1, 'both in one row');
      assert.deepEqual(docker.map((line) => /\*\*(\w+)\*\*/.exec(line)?.[1]), ['warning', 'info']);
    });

    it('suppressed findings sorted by file and line, reasons escaped, a missing reason said', () => {
      const start = lines.indexOf('### Suppressed findings');
      const table = lines.slice(start + 2).filter((line) => line.startsWith('| `'));
      assert.deepEqual(
        table.map((line) => line.split(' | ')[0].replace('| ', '')),
        ['`sg-world-open-admin-port`', '`literal-secret`', '`rds-minor-upgrade-off`'],
      );
      assert.match(table[0], /\| a \\\*bastion\\\* \|$/);
      assert.match(table[1], /\| _no reason given_ \|$/);
      assert.match(table[2], /\[z\/last\\\.yaml:3\]\(https:\/\/example\.test\/blob\/abc\/z\/last\.yaml#L3\)/);
    });

    it('a problem in an analysed file (a YAML syntax error), with an encoded link', () => {
      const start = lines.indexOf('### Problems in analysed files');
      assert.ok(start > 0);
      assert.match(lines[start + 2], /^- \[broken dir\/broken\\\.yaml:\d+\]\(https:\/\/example\.test\/blob\/abc\/broken%20dir\/broken\.yaml#L\d+\): YAML syntax error/);
    });

    it('says when nothing was suppressed, when no suppression source is wired, and when nothing was found', () => {
      const empty = scan({ 'ok.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n' });
      assert.match(markdownReport(empty, { suppressed: [] }), /### Suppressed findings\n\nNone\.\n$/);
      assert.match(markdownReport(empty), /_No suppression source is wired into this report yet\._/);
      assert.match(markdownReport(empty), /### Findings by matrix row\n\nNo findings\.\n/);
      assert.doesNotMatch(markdownReport(empty), /could not be analysed/);
      assert.match(markdownReport(empty), /^\*\*1\*\* file\(s\) · \*\*\d+\*\* settings: .* · \*\*0\*\* finding\(s\): 0 error\(s\), 0 warning\(s\), 0 note\(s\)$/m);
    });
  });

  describe('SARIF', () => {
    let run: ReturnType<typeof sarifLog>['runs'][number];
    beforeEach(() => {
      run = sarifLog(report, { toolVersion: '1.2.3', informationUri: 'https://example.test/', srcRoot: 'file:///repo/' }).runs[0];
    });

    it('one rule per rule id, the table’s first, with levels and security severity', () => {
      const ids = run.tool.driver.rules.map((rule) => rule.id);
      assert.equal(new Set(ids).size, ids.length, 'no duplicate rule');
      assert.deepEqual(ids, [...new Set(findingRules.rules.map((rule) => rule.id))]);
      const rds = run.tool.driver.rules.find((rule) => rule.id === 'rds-publicly-accessible')!;
      assert.equal(rds.name, 'RdsPubliclyAccessible');
      assert.equal(rds.defaultConfiguration.level, 'error');
      assert.equal(rds.properties['security-severity'], '8.0');
      assert.deepEqual(rds.properties.tags.slice(-1), ['security']);
      assert.equal(rds.properties.tags[0], rds.properties.row);
      const docker = run.tool.driver.rules.find((rule) => rule.id === 'docker-runs-as-root')!;
      assert.equal(docker.defaultConfiguration.level, 'warning');
      assert.equal(docker.properties['security-severity'], '5.0');
      assert.equal(run.tool.driver.version, '1.2.3');
      assert.equal(run.tool.driver.informationUri, 'https://example.test/');
      assert.deepEqual(run.originalUriBaseIds?.['%SRCROOT%'], { uri: 'file:///repo/' });
    });

    it('each result points at its rule, its file and its region, with a stable fingerprint', () => {
      assert.equal(run.results.length, findings.length);
      for (const result of run.results) {
        assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
        const finding = findings.find((f) => f.ruleId === result.ruleId && relativeUri(f.path) === result.locations[0].physicalLocation.artifactLocation.uri)!;
        assert.ok(finding, result.ruleId);
        assert.equal(result.level, { error: 'error', warning: 'warning', info: 'note' }[finding.severity]);
        assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn });
        assert.equal(result.partialFingerprints[FINGERPRINT_KEY], finding.fingerprint);
        assert.equal(result.message.text, finding.message);
        assert.equal((result.properties as { row: string }).row, finding.row);
      }
    });

    it('a file that could not be parsed is a tool notification, not a result', () => {
      const notifications = run.invocations[0].toolExecutionNotifications as { level: string; descriptor: { id: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      assert.equal(notifications.length, 1);
      assert.equal(notifications[0].level, 'error');
      assert.equal(notifications[0].descriptor.id, 'parse-error');
      assert.equal(notifications[0].locations[0].physicalLocation.artifactLocation.uri, 'broken%20dir/broken.yaml');
    });

    it('relative URIs: forward slashes, each segment encoded', () => {
      assert.equal(relativeUri('a\\b c\\d#e.yaml'), 'a/b%20c/d%23e.yaml');
    });

    it('a rule the table does not list is described from its finding', () => {
      const extra: JsonReport = { version: 1, files: [{ ...report.files[0], findings: [{ ...report.files[0].findings[0], ruleId: 'zz-custom-check', severity: 'info', docUrl: 'https://example.test/zz' }] }] };
      const rule = sarifLog(extra, { toolVersion: '1' }).runs[0].tool.driver.rules.at(-1)!;
      assert.equal(rule.id, 'zz-custom-check');
      assert.equal(rule.name, 'ZzCustomCheck');
      assert.equal(rule.defaultConfiguration.level, 'note');
      assert.equal(rule.helpUri, 'https://example.test/zz');
      assert.equal(rule.properties['security-severity'], '2.0');
    });
  });

  describe('text', () => {
    it('one heading per file with its owner counts, one line per finding, and the totals', () => {
      const text = textReport(report);
      const db = report.files[0];
      const count = (owner: string) => db.settings.filter((s) => s.owner === owner).length;
      assert.match(text, new RegExp(`^stacks/db\\.yaml \\(cloudformation\\): ${db.settings.length} settings · customer ${count('customer')} · shared ${count('shared')} · aws ${count('aws')}$`, 'm'));
      assert.match(text, /^ {2}stacks\/db\.yaml:8:7 +error +rds-publicly-accessible +\[/m);
      assert.match(text, /^4 file\(s\), 4 finding\(s\)$/m);
    });
  });
});
