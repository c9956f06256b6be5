/**
 * The report builders (JSON file reports, text, Markdown, SARIF, CSV) on small hand-built analyses and
 * reports, asserting what a reader sees: lines, cells, levels, regions, rule metadata, counts, order,
 * escaping and masking. Every report is built inside its test: a mutation run switches a mutant on only
 * while a test runs, so output built when the file loads (or in a shared `before`) would never see one.
 */
import assert from 'node:assert/strict';
import type { Analysis, Finding, Setting } from '../../src/core/types';
import { rowTitle } from '../../src/core/clouds';
import { findingRules, matrix } from '../../src/core/clouds/aws/knowledge';
import { fingerprints } from '../../src/core/engine/fingerprint';
import { isDocumentationUrl, markdownUrl } from '../../src/core/engine/text';
import { nextLine } from '../../src/core/parse/lines';
import { CSV_COLUMNS, csvReport } from '../../src/core/reports/csv';
import { markdownReport } from '../../src/core/reports/markdown';
import { fileReport, textReport, type FileReport, type FindingReport, type JsonReport, type SilencedReport } from '../../src/core/reports/report';
import { FINGERPRINT_KEY, sarifLog, type SarifResult } from '../../src/core/reports/sarif';
import { silencedEffect, silencedReport } from '../../src/core/reports/silenced';
import type { ConfigTally, OrgConfig, Override } from '../../src/core/engine/config';

type SettingReport = FileReport['settings'][number];

function setting(row: string, owner: string, extra: Partial<SettingReport> = {}): SettingReport {
  return { line: 2, column: 3, endLine: 2, endColumn: 9, resource: 'Db', resourceType: 'AWS::RDS::DBInstance', key: 'Properties.Engine', service: 'rds', model: 'abstracted', owner, row, confidence: 'curated', ...extra };
}

function finding(ruleId: string, severity: string, row: string, extra: Partial<FindingReport> = {}): FindingReport {
  return { line: 3, column: 5, endLine: 3, endColumn: 9, ruleId, severity, message: `${ruleId} message`, row, ...extra };
}

function file(path: string, extra: Partial<FileReport> = {}): FileReport {
  return { path, kind: 'cloudformation', cloud: 'aws', settings: [], findings: [], errors: [], ...extra };
}

function silenced(source: string, extra: Partial<SilencedReport> = {}): SilencedReport {
  return { source, origin: 'repository', change: 'severity off (rule x)', findingsRemoved: 0, findingsLowered: 0, settingsMovedFromCustomer: 0, filesExcluded: 0, foldersExcluded: 0, refused: false, ...extra };
}

/** The lines of a Markdown section, from its heading to the next `### ` heading (exclusive). */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `no heading ${heading}`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('### '));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('report builders', () => {
  describe('JSON file report', () => {
    const TEXT = 'first line\n  Key: value\nthird line\n';
    function attribution(extra: Partial<Setting['attribution']> = {}): Setting['attribution'] {
      return { owner: 'customer', row: 'customer-data', service: 'rds', model: 'abstracted', rationale: '', customerAction: '', providerAction: '', sources: [], controls: [], confidence: 'curated', ...extra };
    }
    function settingAt(offset: number, path: string, extra: Partial<Setting> = {}, attributionExtra: Partial<Setting['attribution']> = {}): Setting {
      return { key: { offset, length: 3 }, span: { offset, length: 10 }, resource: 'Db', resourceType: 'AWS::RDS::DBInstance', path, leaf: true, attribution: attribution(attributionExtra), ...extra };
    }
    function findingAt(offset: number, extra: Partial<Finding> = {}): Finding {
      return { ruleId: 'rule-a', severity: 'warning', message: 'm', row: 'customer-data', span: { offset, length: 5 }, resource: 'Db', resourceType: 'AWS::RDS::DBInstance', sources: [], controls: ['C.1'], docUrl: 'https://docs.aws.amazon.com/x', ...extra };
    }
    function analysis(extra: Partial<Analysis> = {}): Analysis {
      return { kind: 'cloudformation', settings: [], findings: [], errors: [], resources: [], ...extra };
    }

    it('a setting: 1-based start and end from its key and span, owner and attribution fields, team and override only when set', () => {
      const report = fileReport('t.yaml', TEXT, analysis({ settings: [settingAt(13, 'Properties.Key'), settingAt(24, 'Other', {}, { team: 'platform', override: 'org.yaml overrides[0]', owner: 'aws', row: 'network-security' })] }));
      assert.equal(report.path, 't.yaml');
      assert.equal(report.kind, 'cloudformation');
      assert.equal(report.cloud, 'aws');
      assert.deepEqual(report.settings[0], {
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 13,
        resource: 'Db',
        resourceType: 'AWS::RDS::DBInstance',
        key: 'Properties.Key',
        service: 'rds',
        model: 'abstracted',
        owner: 'customer',
        row: 'customer-data',
        confidence: 'curated',
      });
      assert.equal(report.settings[1].line, 3);
      assert.equal(report.settings[1].column, 1);
      assert.equal(report.settings[1].endLine, 3);
      assert.equal(report.settings[1].endColumn, 11);
      assert.equal(report.settings[1].team, 'platform');
      assert.equal(report.settings[1].override, 'org.yaml overrides[0]');
      assert.equal(report.settings[1].owner, 'aws');
      assert.ok(!('team' in report.settings[0]) && !('override' in report.settings[0]));
      assert.equal(report.suppressions, undefined);
      assert.ok(!('suppressions' in report));
    });

    it('no kind is "unknown"; no cloud is AWS; Azure stays Azure', () => {
      assert.equal(fileReport('x', '', analysis({ kind: undefined })).kind, 'unknown');
      assert.equal(fileReport('x', '', analysis({ kind: 'dockerfile' })).kind, 'dockerfile');
      assert.equal(fileReport('x', '', analysis({ cloud: undefined })).cloud, 'aws');
      assert.equal(fileReport('x', '', analysis({ cloud: 'azure' })).cloud, 'azure');
    });

    it('masks secret-looking resource names and keys; a lower-case key stays', () => {
      const report = fileReport('t.yaml', TEXT, analysis({ settings: [settingAt(13, 'Env.AbCdEfGh12345678XyZ', { resource: 'AKIAABCDEFGHIJKLMNOP' }), settingAt(24, 'Properties.averyveryverylongkeyname1')] }));
      assert.equal(report.settings[0].resource, 'AKIA************');
      assert.equal(report.settings[0].key, 'Env.********');
      assert.equal(report.settings[1].key, 'Properties.averyveryverylongkeyname1');
    });

    it('a finding: its span, the key of the setting at its offset (the first one there), a fingerprint per finding, and the rule fields', () => {
      const settings = [settingAt(13, 'Properties.Key'), settingAt(13, 'Properties.Key.Inner')];
      const findings = [findingAt(13), findingAt(13), findingAt(24, { ruleId: 'rule-b', severity: 'error', override: 'org.yaml overrides[1]', resource: 'Q', controls: [] })];
      const report = fileReport('dir\\t.yaml', TEXT, analysis({ settings, findings }));
      const [first, second, third] = report.findings;
      assert.deepEqual(first, {
        line: 2,
        column: 3,
        ruleId: 'rule-a',
        severity: 'warning',
        message: 'm',
        row: 'customer-data',
        endLine: 2,
        endColumn: 8,
        resource: 'Db',
        resourceType: 'AWS::RDS::DBInstance',
        key: 'Properties.Key',
        controls: ['C.1'],
        docUrl: 'https://docs.aws.amazon.com/x',
        fingerprint: first.fingerprint,
      });
      const expected = fingerprints([
        { ruleId: 'rule-a', path: 'dir\\t.yaml', resource: 'Db', key: 'Properties.Key' },
        { ruleId: 'rule-a', path: 'dir\\t.yaml', resource: 'Db', key: 'Properties.Key' },
        { ruleId: 'rule-b', path: 'dir\\t.yaml', resource: 'Q', key: '' },
      ]);
      assert.deepEqual(report.findings.map((f) => f.fingerprint), expected);
      assert.notEqual(first.fingerprint, second.fingerprint, 'look-alikes are told apart');
      assert.match(first.fingerprint!, /^[0-9a-f]{16}$/);
      assert.ok(!('key' in third), 'a resource-level finding has no key');
      assert.equal(third.override, 'org.yaml overrides[1]');
      assert.ok(!('override' in first));
      assert.deepEqual([third.line, third.column, third.endLine, third.endColumn, third.severity, third.resource], [3, 1, 3, 6, 'error', 'Q']);
    });

    it('errors: position, severity only when info, why a file was not analysed, and secrets masked (a lower bar inside backticks)', () => {
      const errors = [
        { span: { offset: 24, length: 1 }, message: 'YAML syntax error near `abcDEF123456` here' },
        { span: { offset: 0, length: 1 }, message: 'not read', severity: 'info' as const, notAnalysed: 'too-large' as const },
        { span: { offset: 11, length: 1 }, message: 'plain abcDEF123456 stays', severity: 'error' as const },
        { span: { offset: 11, length: 1 }, message: 'near `abcdef123456`, one case only' },
      ];
      const report = fileReport('t.yaml', TEXT, analysis({ errors }));
      assert.deepEqual(report.errors, [
        { line: 3, column: 1, message: 'YAML syntax error near `********` here' },
        { line: 1, column: 1, message: 'not read', severity: 'info', notAnalysed: 'too-large' },
        { line: 2, column: 1, message: 'plain abcDEF123456 stays' },
        { line: 2, column: 1, message: 'near `abcdef123456`, one case only' },
      ]);
    });

    it('suppressions: where each is, its reason and resource masked, what it suppressed', () => {
      const report = fileReport(
        't.yaml',
        TEXT,
        analysis({
          suppressions: [
            { ruleId: 'rule-a', reason: 'token AKIAABCDEFGHIJKLMNOP', span: { offset: 13, length: 4 }, line: 1, form: 'comment', appliedTo: 1, suppressed: [{ ruleId: 'rule-a', span: { offset: 24, length: 2 }, resource: 'Db' }] },
            { ruleId: 'rule-b', reason: '', span: { offset: 0, length: 4 }, line: 0, form: 'metadata', resource: 'Queue', appliedTo: 0, suppressed: [] },
          ],
        }),
      );
      assert.deepEqual(report.suppressions, [
        { line: 2, column: 3, ruleId: 'rule-a', reason: 'token AKIA************', form: 'comment', appliedTo: 1, findings: [{ line: 3, column: 1, resource: 'Db' }] },
        { line: 1, column: 1, ruleId: 'rule-b', reason: '', form: 'metadata', resource: 'Queue', appliedTo: 0, findings: [] },
      ]);
    });
  });

  describe('text', () => {
    it('per file: its owners (the provider by cloud), errors, findings with their row; then silenced, not analysed and the totals', () => {
      const report: JsonReport = {
        version: 1,
        files: [
          file('stacks/db.yaml', {
            settings: [setting('customer-data', 'customer'), setting('customer-data', 'customer'), setting('network-security', 'shared'), setting('physical-access', 'aws')],
            findings: [finding('rds-publicly-accessible', 'error', 'network-security', { line: 8, column: 7 }), finding('rds-x', 'info', 'customer-data', { message: 'two\nlines' })],
            errors: [
              { line: 4, message: 'bad' },
              { line: 5, message: 'skipped', severity: 'info' },
            ],
          }),
          file('az\nure.json', { kind: 'arm', cloud: 'azure', settings: [setting('network-controls', 'microsoft'), setting('network-controls', 'customer')], findings: [finding('az-rule', 'warning', 'network-controls')] }),
        ],
        silenced: [silenced('.rl.yaml overrides[0]', { findingsRemoved: 2 })],
        unanalysed: [{ path: 'big.yaml', reason: 'too-large', message: 'over 5 MB' }],
      };
      assert.deepEqual(textReport(report).split('\n'), [
        'stacks/db.yaml (cloudformation): 4 settings · customer 2 · shared 1 · aws 1',
        '  stacks/db.yaml:4  error  bad',
        '  stacks/db.yaml:5  info   skipped',
        `  stacks/db.yaml:8:7  error   rds-publicly-accessible  [${rowTitle('network-security')}]`,
        '      rds-publicly-accessible message',
        `  stacks/db.yaml:3:5  info    rds-x  [${rowTitle('customer-data')}]`,
        '      two lines',
        'az ure.json (arm): 2 settings · customer 1 · shared 0 · microsoft 1',
        `  az ure.json:3:5  warning az-rule  [${rowTitle('network-controls', 'azure')}]`,
        '      az-rule message',
        '',
        'Silenced by configuration:',
        '  .rl.yaml overrides[0] (repository): severity off (rule x): removed 2 finding(s)',
        '',
        'Not analysed:',
        '  big.yaml  too-large  over 5 MB',
        '',
        '2 file(s), 3 finding(s), 1 not analysed',
      ]);
      assert.notEqual(rowTitle('network-controls', 'azure'), 'network-controls');
    });

    it('without silenced or unanalysed entries: no such sections, and the totals say nothing of them', () => {
      const text = textReport({ version: 1, files: [file('a.yaml'), file('b\u001B[2J.yaml')], silenced: [], unanalysed: [] });
      assert.deepEqual(text.split('\n'), [
        'a.yaml (cloudformation): 0 settings · customer 0 · shared 0 · aws 0',
        'b\\x1B[2J.yaml (cloudformation): 0 settings · customer 0 · shared 0 · aws 0',
        '',
        '2 file(s), 0 finding(s)',
      ]);
    });
  });

  describe('Markdown', () => {
    it('the summary line counts files, settings by owner (Microsoft only when some) and findings by severity', () => {
      const aws = file('a.yaml', { settings: [setting('customer-data', 'customer'), setting('customer-data', 'customer'), setting('network-security', 'shared'), setting('physical-access', 'aws')], findings: [finding('r1', 'error', 'customer-data'), finding('r2', 'warning', 'customer-data'), finding('r3', 'warning', 'customer-data'), finding('r4', 'info', 'customer-data')] });
      const azure = file('b.json', { kind: 'arm', cloud: 'azure', settings: [setting('network-controls', 'microsoft'), setting('network-controls', 'customer')] });
      const both = markdownReport({ version: 1, files: [aws, azure] }).split('\n');
      assert.equal(both[2], '**2** file(s) · **6** settings: Customer 3 · Shared 1 · AWS 1 · Microsoft 1 · **4** finding(s): 1 error(s), 2 warning(s), 1 note(s)');
      assert.ok(both.includes("_1 Azure file(s) are counted in Microsoft's matrix, not this table: run `responsibility-lens matrix --cloud azure` with the same paths._"));
      const awsOnly = markdownReport({ version: 1, files: [aws] }).split('\n');
      assert.equal(awsOnly[2], '**1** file(s) · **4** settings: Customer 2 · Shared 1 · AWS 1 · **4** finding(s): 1 error(s), 2 warning(s), 1 note(s)');
      assert.ok(!awsOnly.some((line) => line.includes('Azure file(s)')));
      assert.ok(!awsOnly.some((line) => line.includes('already in the baseline')));
    });

    it('the matrix: every row with its title escaped, the table’s owner, this scan’s counts and findings in bold; unknown rows after, sorted', () => {
      const report: JsonReport = {
        version: 1,
        files: [
          file('a.yaml', {
            settings: [setting('customer-data', 'customer'), setting('customer-data', 'shared'), setting('network-security', 'aws'), setting('zz-row', 'customer'), setting('aa_row', 'aws')],
            findings: [finding('r1', 'warning', 'network-security'), finding('r2', 'error', 'network-security'), finding('r3', 'info', 'zz-row')],
          }),
          file('b.json', { cloud: 'azure', settings: [setting('network-security', 'customer')], findings: [finding('r4', 'error', 'network-security')] }),
        ],
      };
      const table = section(markdownReport(report), '### Shared-responsibility matrix');
      assert.equal(table[2], '| Responsibility | Owner in the table | Customer | Shared | AWS | Findings |');
      assert.equal(table[3], '|---|---|--:|--:|--:|--:|');
      const rows = table.slice(4, 4 + matrix.rows.length + 2);
      const line = (id: string) => rows[matrix.rows.findIndex((row) => row.id === id)];
      assert.equal(line('account-compromise'), '| Preventing or detecting when an AWS account has been compromised | Customer | 0 | 0 | 0 | 0 |');
      assert.equal(line('network-security'), '| Ensuring network security \\(DoS, MITM, port scanning\\) | Both | 0 | 0 | 1 | **2** |');
      assert.equal(line('physical-access'), '| Providing physical access control to hardware/software | AWS | 0 | 0 | 0 | 0 |');
      assert.equal(line('customer-data'), '| Protecting customer data stored in AWS \\(classification, encryption options, data\\-loss prevention\\) | Customer\\* | 1 | 1 | 0 | 0 |');
      assert.deepEqual(rows.slice(matrix.rows.length), ['| aa\\_row | — | 0 | 0 | 1 | 0 |', '| zz\\-row | — | 1 | 0 | 0 | 1 |']);
      assert.equal(table[4 + matrix.rows.length + 2], '');
      assert.match(table[4 + matrix.rows.length + 3], /^_1 Azure file\(s\) are counted in Microsoft's matrix/);
      assert.match(table[4 + matrix.rows.length + 5], /^_Counts are settings in the scanned files by who does the work they govern\. \\\* from the article's text/);
    });

    it('findings by row: rows in matrix order (unknown ones last, by id), within a row by severity, file, line and column', () => {
      const report: JsonReport = {
        version: 1,
        files: [
          file('b.yaml', {
            findings: [
              finding('w-b-10', 'warning', 'customer-data', { line: 10 }),
              finding('w-b-9', 'warning', 'customer-data', { line: 9 }),
              finding('odd', 'critical', 'customer-data', { line: 1 }),
              finding('i-b', 'info', 'customer-data', { line: 1 }),
              finding('zz', 'error', 'zz-new-row'),
              finding('aa', 'error', 'aa-new-row'),
            ],
          }),
          file('a.yaml', {
            findings: [
              finding('w-a-9-c12', 'warning', 'customer-data', { line: 9, column: 12 }),
              finding('w-a-9-c3', 'warning', 'customer-data', { line: 9, column: 3 }),
              finding('e-a', 'error', 'customer-data', { line: 99 }),
              finding('net', 'warning', 'network-security'),
            ],
          }),
        ],
      };
      const lines = section(markdownReport(report), '### Findings by matrix row');
      assert.deepEqual(
        lines.filter((line) => line.startsWith('#### ')),
        [`#### Ensuring network security \\(DoS, MITM, port scanning\\) (1)`, `#### Protecting customer data stored in AWS \\(classification, encryption options, data\\-loss prevention\\) (7)`, '#### aa\\-new\\-row (1)', '#### zz\\-new\\-row (1)'],
      );
      const order = lines.filter((line) => line.startsWith('- ')).map((line) => /`([^`]+)`/.exec(line)![1]);
      assert.deepEqual(order, ['net', 'e-a', 'w-a-9-c3', 'w-a-9-c12', 'w-b-9', 'w-b-10', 'i-b', 'odd', 'aa', 'zz']);
      // A blank line after each heading and each group, none doubled before the next section.
      assert.equal(lines.at(-1), '');
      assert.ok(lines.at(-2)!.startsWith('- '));
      assert.equal(lines.filter((line) => line === '').length, 1 + 4 * 2);
    });

    it('a finding line: severity, rule id as code, a file:line link (relative, or under the link base), the message and controls escaped', () => {
      const report: JsonReport = {
        version: 1,
        files: [
          file('win\\dir\\db.yaml', { findings: [finding('rds-publicly-accessible', 'error', 'network-security', { line: 8, message: 'Db is *public* (see <here>)', controls: ['SecurityHub RDS.2', 'CIS 1.2'] })] }),
          file('a b/x.yaml', { findings: [finding('bad`id\nx', 'warning', 'customer-data', { line: 2, controls: [] })] }),
        ],
      };
      const item = (markdown: string, start: string) => markdown.split('\n').find((line) => line.startsWith(start))!;
      const relative = markdownReport(report);
      assert.equal(item(relative, '- **error**'), '- **error** `rds-publicly-accessible` [win/dir/db\\.yaml:8](win/dir/db.yaml#L8): Db is \\*public\\* \\(see &lt;here&gt;\\) _(SecurityHub RDS\\.2, CIS 1\\.2)_');
      assert.equal(item(relative, '- **warning**'), "- **warning** `bad'id x` [a b/x\\.yaml:2](a%20b/x.yaml#L2): bad\\`id x message");
      const based = markdownReport(report, { linkBase: 'https://example.test/blob/abc' });
      assert.match(item(based, '- **error**'), /\]\(https:\/\/example\.test\/blob\/abc\/win\/dir\/db\.yaml#L8\)/);
      const slashed = markdownReport(report, { linkBase: 'https://example.test/blob/abc/' });
      assert.match(item(slashed, '- **error**'), /\]\(https:\/\/example\.test\/blob\/abc\/win\/dir\/db\.yaml#L8\)/);
    });

    it('the document: title, summary and every heading each with one blank line around it; files without a cloud count in AWS’s table', () => {
      const report: JsonReport = {
        version: 1,
        files: [{ ...file('old.yaml', { settings: [setting('customer-data', 'customer')], findings: [finding('r', 'error', 'customer-data')], errors: [{ line: 1, message: 'bad' }] }), cloud: undefined as unknown as string }],
        silenced: [silenced('s')],
        unanalysed: [{ path: 'u.bin', reason: 'binary', message: 'binary' }],
      };
      const lines = markdownReport(report, { baseline: { file: 'b.json', hidden: 1 }, suppressed: [] }).split('\n');
      assert.deepEqual(lines.slice(0, 7), ['## Responsibility Lens', '', lines[2], '', '_1 finding(s) already in the baseline `b.json` are not shown._', '', '### Shared-responsibility matrix']);
      assert.equal(lines[7], '');
      const headings = lines.map((line, index) => [line, index] as const).filter(([line]) => line.startsWith('#'));
      assert.deepEqual(
        headings.map(([line]) => line.replace(/ \(.*$/, '')),
        ['## Responsibility Lens', '### Shared-responsibility matrix', '### Findings by matrix row', '#### Protecting customer data stored in AWS \\(classification, encryption options, data\\-loss prevention\\)', '### Suppressed findings', '### Silenced by configuration', '### Problems in analysed files', '### Files that could not be analysed'],
      );
      for (const [line, index] of headings) {
        if (index > 0) assert.equal(lines[index - 1], '', `a blank line before ${line}`);
        assert.equal(lines[index + 1], '', `a blank line after ${line}`);
      }
      assert.ok(!lines.includes('No findings.'));
      assert.ok(lines.includes('| Protecting customer data stored in AWS \\(classification, encryption options, data\\-loss prevention\\) | Customer\\* | 1 | 0 | 0 | **1** |'));
      assert.ok(lines.some((line) => line.startsWith('_Counts are settings')));
      assert.equal(lines[lines.indexOf(lines.find((line) => line.startsWith('_Counts are settings'))!) - 1], '');
    });

    it('no findings: says so, and the next section follows after one blank line', () => {
      const lines = markdownReport({ version: 1, files: [file('a.yaml')] }).split('\n');
      const at = lines.indexOf('### Findings by matrix row');
      assert.deepEqual(lines.slice(at, at + 5), ['### Findings by matrix row', '', 'No findings.', '', '### Suppressed findings']);
    });

    it('suppressed findings: none wired, none, or a table sorted by file then line, reasons escaped', () => {
      const report: JsonReport = { version: 1, files: [file('a.yaml')] };
      assert.deepEqual(section(markdownReport(report), '### Suppressed findings'), ['### Suppressed findings', '', '_No suppression source is wired into this report yet._', '']);
      assert.deepEqual(section(markdownReport(report, { suppressed: [] }), '### Suppressed findings'), ['### Suppressed findings', '', 'None.', '']);
      const lines = section(
        markdownReport(report, {
          suppressed: [
            { path: 'b.yaml', line: 1, ruleId: 'r-b', reason: 'why' },
            { path: 'a.yaml', line: 10, ruleId: 'r-a10', reason: 'a *bastion*' },
            { path: 'a.yaml', line: 9, ruleId: 'r-a9', reason: '' },
          ],
        }),
        '### Suppressed findings',
      );
      assert.deepEqual(lines, [
        '### Suppressed findings',
        '',
        '| Finding | Where | Reason |',
        '|---|---|---|',
        '| `r-a9` | [a\\.yaml:9](a.yaml#L9) | _no reason given_ |',
        '| `r-a10` | [a\\.yaml:10](a.yaml#L10) | a \\*bastion\\* |',
        '| `r-b` | [b\\.yaml:1](b.yaml#L1) | why |',
        '',
      ]);
    });

    it('the baseline line, silenced config entries (refused ones in bold), problems and unanalysed files', () => {
      const report: JsonReport = {
        version: 1,
        files: [
          file('a.yaml', {
            errors: [
              { line: 4, message: 'YAML syntax error: `x`' },
              { line: 1, message: 'not read', severity: 'info', notAnalysed: 'too-large' },
            ],
          }),
        ],
        silenced: [silenced('org.yaml exclude', { origin: 'organisation', change: 'exclude "**/test/**"', filesExcluded: 3 }), silenced('.rl.yaml overrides[1]', { refused: true, refusedCount: 2 })],
        unanalysed: [
          { path: 'big.yaml', reason: 'too-large', message: 'over 5 MB' },
          { path: 'x`y.bin', reason: 'binary', message: 'a *binary* file' },
        ],
      };
      const markdown = markdownReport(report, { baseline: { file: '.base`line.json', hidden: 4 } });
      assert.ok(markdown.split('\n').includes("_4 finding(s) already in the baseline `.base'line.json` are not shown._"));
      assert.deepEqual(section(markdown, '### Silenced by configuration'), [
        '### Silenced by configuration',
        '',
        '| Config entry | Whose | Says | Effect in this scan |',
        '|---|---|---|---|',
        '| org\\.yaml exclude | organisation | exclude \\"\\*\\*/test/\\*\\*\\" | kept 3 file\\(s\\) out of the scan |',
        '| \\.rl\\.yaml overrides\\[1\\] | repository | severity off \\(rule x\\) | **NOT APPLIED\\: a repository config may not weaken the organisation config \\(would have weakened 2 finding\\(s\\) or setting\\(s\\)\\)** |',
        '',
      ]);
      assert.deepEqual(section(markdown, '### Problems in analysed files'), ['### Problems in analysed files', '', '- [a\\.yaml:4](a.yaml#L4): YAML syntax error\\: \\`x\\`', '']);
      assert.deepEqual(section(markdown, '### Files that could not be analysed (2)'), ['### Files that could not be analysed (2)', '', '- `big.yaml` (too-large): over 5 MB', "- `x'y.bin` (binary): a \\*binary\\* file", '']);
      assert.ok(markdown.endsWith("a \\*binary\\* file\n"));
    });

    it('none of those sections when there is nothing to show; control characters are shown, not acted on', () => {
      const markdown = markdownReport({ version: 1, files: [file('a\u202E.yaml', { errors: [{ line: 1, message: 'not read', severity: 'info', notAnalysed: 'binary' }], findings: [finding('r', 'error', 'customer-data', { message: 'bell\u0007' })] })], silenced: [], unanalysed: [] });
      assert.doesNotMatch(markdown, /### Silenced by configuration|### Problems in analysed files|could not be analysed/);
      assert.ok(markdown.includes('[a\\u202E\\.yaml:3]'));
      assert.ok(markdown.includes('bell\\x07'));
      assert.ok(!markdown.includes('\u0007') && !markdown.includes('\u202E'));
    });
  });

  describe('SARIF', () => {
    const rds = findingRules.rules.find((rule) => rule.id === 'rds-publicly-accessible')!;
    const logGroup = findingRules.rules.find((rule) => rule.id === 'log-group-retention-unset')!;

    it('a known rule: name, descriptions, help text and Markdown from the table, its doc link, level, tags and security severity', () => {
      const rule = sarifLog({ version: 1, files: [] }, { toolVersion: '1' }).runs[0].tool.driver.rules.find((candidate) => candidate.id === rds.id)!;
      const row = 'Ensuring network security (DoS, MITM, port scanning)';
      assert.equal(rule.name, 'RdsPubliclyAccessible');
      assert.deepEqual(rule.shortDescription, { text: 'RDS instance publicly accessible' });
      assert.deepEqual(rule.fullDescription, { text: `RDS instance publicly accessible. Customer's side of the AWS Shared Responsibility Model, matrix row "${row}".` });
      const source = rds.sources[0];
      assert.equal(rule.help.text, `${rds.fix}\n\nMatrix row: ${row}.\n\nControls: SecurityHub RDS.2\n\nSources:\n- ${source.title}: ${source.url}`);
      assert.equal(rule.help.markdown, `${rds.fix}\n\n**Matrix row:** ${row}\n\nControls: SecurityHub RDS.2\n\n**Sources:**\n- [${source.title}](${source.url})`);
      assert.equal(rule.helpUri, rds.docUrl);
      assert.deepEqual(rule.defaultConfiguration, { level: 'error' });
      assert.deepEqual(rule.properties, { tags: ['network-security', 'SecurityHub RDS.2', 'security'], precision: 'high', 'security-severity': '8.0', row: 'network-security' });
    });

    it('several sources and controls: one line per source, controls joined with commas', () => {
      const table = findingRules.rules.find((rule) => rule.id === 'sg-world-open-admin-port')!;
      assert.ok(table.sources.length >= 2 && table.controls.length >= 2);
      const rule = sarifLog({ version: 1, files: [] }, { toolVersion: '1' }).runs[0].tool.driver.rules.find((candidate) => candidate.id === table.id)!;
      const row = rowTitle(table.row);
      const controls = `\n\nControls: ${table.controls.join(', ')}`;
      assert.equal(rule.help.text, `${table.fix}\n\nMatrix row: ${row}.${controls}\n\nSources:\n${table.sources.map((source) => `- ${source.title}: ${source.url}`).join('\n')}`);
      assert.equal(rule.help.markdown, `${table.fix}\n\n**Matrix row:** ${row}${controls}\n\n**Sources:**\n${table.sources.map((source) => `- [${source.title}](${source.url})`).join('\n')}`);
      assert.ok(controls.includes(', '));
    });

    it('a rule without controls says none; an info rule is a note of low security severity', () => {
      const rule = sarifLog({ version: 1, files: [] }, { toolVersion: '1' }).runs[0].tool.driver.rules.find((candidate) => candidate.id === logGroup.id)!;
      assert.equal(logGroup.controls.length, 0);
      assert.doesNotMatch(rule.help.text, /Controls/);
      assert.doesNotMatch(rule.help.markdown!, /Controls/);
      assert.ok(rule.help.text.startsWith(`${logGroup.fix}\n\nMatrix row: ${rowTitle('customer-data')}.\n\nSources:\n- `));
      assert.deepEqual(rule.defaultConfiguration, { level: 'note' });
      assert.deepEqual(rule.properties.tags, ['customer-data', 'security']);
      assert.equal(rule.properties['security-severity'], '2.0');
      const names = sarifLog({ version: 1, files: [] }, { toolVersion: '1' }).runs[0].tool.driver.rules.map((candidate) => candidate.name);
      assert.ok(names.includes('LogGroupRetentionUnset'));
    });

    it('a rule page becomes the help Markdown, without the generator’s comment', () => {
      const pages: Record<string, string> = {
        [rds.id]: '<!-- generated: do not edit -->\n\n# rds-publicly-accessible\n\nBody.\n',
        [logGroup.id]: '# Log groups\n<!-- note -->\nBody <!-- kept? -->\n',
        'rds-storage-unencrypted': '# No comment at all\n\n',
        'docker-runs-as-root': '# Open\n<!-- never closed\n',
        'ebs-volume-unencrypted': '# Arrow --> here\n',
        's3-public-access-block-off': '# Title\n<!-- c -->\n\nBody\n',
        'ecs-privileged-container': '<!-- first -->\n# T\n<!-- second -->\nBody\n',
        'dynamodb-pitr-off': '# T\n<!-- c -->Body\n',
      };
      const asked: string[] = [];
      const rules = sarifLog({ version: 1, files: [] }, { toolVersion: '1', rulePage: (id) => (asked.push(id), pages[id]) }).runs[0].tool.driver.rules;
      const markdown = (id: string) => rules.find((rule) => rule.id === id)!.help.markdown;
      assert.equal(markdown(rds.id), '# rds-publicly-accessible\n\nBody.');
      assert.equal(markdown(logGroup.id), '# Log groups\nBody <!-- kept? -->');
      assert.equal(markdown('rds-storage-unencrypted'), '# No comment at all');
      assert.equal(markdown('docker-runs-as-root'), '# Open\n<!-- never closed');
      assert.equal(markdown('ebs-volume-unencrypted'), '# Arrow --> here');
      assert.equal(markdown('s3-public-access-block-off'), '# Title\nBody');
      assert.equal(markdown('ecs-privileged-container'), '# T\n<!-- second -->\nBody');
      assert.equal(markdown('dynamodb-pitr-off'), '# T\nBody');
      assert.match(markdown('iam-admin-policy-attached')!, /\*\*Matrix row:\*\*/, 'no page: the built help');
      assert.equal(new Set(asked).size, asked.length, 'each rule id asked once');
      assert.equal(asked.length, rules.length);
    });

    it('one rule per id, the first of the table describes it; rules the table lacks come after, by id, described from their first finding', () => {
      const report: JsonReport = {
        version: 1,
        files: [
          file('a.yaml', { findings: [finding('zz-custom', 'error', 'customer-data', { docUrl: 'https://docs.aws.amazon.com/zz', controls: ['Z.1'] }), finding('zz-custom', 'info', 'customer-data'), finding('mm-custom', 'severe', 'network-security')] }),
          file('b.json', { cloud: 'azure', findings: [finding('az-custom', 'warning', 'network-controls')] }),
        ],
      };
      const rules = sarifLog(report, { toolVersion: '1' }).runs[0].tool.driver.rules;
      const known = [...new Set(findingRules.rules.map((rule) => rule.id))];
      assert.deepEqual(rules.map((rule) => rule.id), [...known, 'az-custom', 'mm-custom', 'zz-custom']);
      const storage = rules.find((rule) => rule.id === 'rds-storage-unencrypted')!;
      const firstStorage = findingRules.rules.find((rule) => rule.id === 'rds-storage-unencrypted')!;
      assert.equal(storage.helpUri, firstStorage.docUrl);
      assert.deepEqual(storage.properties.tags, [firstStorage.row, ...firstStorage.controls, 'security']);
      const [azure, odd, custom] = rules.slice(known.length);
      assert.deepEqual(custom, {
        id: 'zz-custom',
        name: 'ZzCustom',
        shortDescription: { text: 'zz-custom' },
        fullDescription: { text: `zz-custom: customer's side of the AWS Shared Responsibility Model, matrix row "${rowTitle('customer-data')}".` },
        help: { text: `Matrix row: ${rowTitle('customer-data')}. See https://docs.aws.amazon.com/zz` },
        defaultConfiguration: { level: 'error' },
        properties: { tags: ['customer-data', 'Z.1', 'security'], precision: 'high', 'security-severity': '8.0', row: 'customer-data' },
        helpUri: 'https://docs.aws.amazon.com/zz',
      });
      assert.deepEqual(odd.defaultConfiguration, { level: 'warning' });
      assert.equal(odd.properties['security-severity'], '5.0');
      assert.deepEqual(odd.help, { text: `Matrix row: ${rowTitle('network-security')}.` });
      assert.ok(!('helpUri' in odd));
      assert.deepEqual(odd.properties.tags, ['network-security', 'security']);
      assert.equal(azure.fullDescription.text, `az-custom: customer's side of the Microsoft shared responsibility model, matrix row "${rowTitle('network-controls', 'azure')}".`);
      assert.equal(azure.properties['security-severity'], '5.0');
    });

    it('a rule name from an id with separators at its ends or doubled: PascalCase of the words', () => {
      const rules = sarifLog({ version: 1, files: [file('a.yaml', { findings: [finding('_zz--odd.rule_', 'warning', 'customer-data')] })] }, { toolVersion: '1' }).runs[0].tool.driver.rules;
      assert.equal(rules.at(-1)!.name, 'ZzOddRule');
    });

    it('a result: its rule and index, level, message, region (clamped to 1, end only when known), fingerprint and properties', () => {
      const report: JsonReport = {
        version: 1,
        files: [
          file('dir/a b.yaml', {
            findings: [
              finding('rds-publicly-accessible', 'error', 'network-security', { line: 8, column: 7, endLine: 8, endColumn: 32, resource: 'Db', resourceType: 'AWS::RDS::DBInstance', key: 'Properties.PubliclyAccessible', controls: ['SecurityHub RDS.2'], override: 'org.yaml overrides[0]', fingerprint: 'abcdef0123456789' }),
              finding('log-group-retention-unset', 'info', 'customer-data', { line: 0, column: 0, endLine: 1, endColumn: 0, controls: [] }),
              finding('rds-publicly-accessible', 'warning', 'network-security', { endLine: undefined }),
              finding('rds-publicly-accessible', 'weird', 'network-security', { endColumn: undefined }),
            ],
          }),
          file('az.json', { cloud: 'azure', findings: [finding('az-thing', 'warning', 'network-controls')] }),
        ],
      };
      const run = sarifLog(report, { toolVersion: '1' }).runs[0];
      const rules = run.tool.driver.rules;
      const [full, note, warning, weird, azure] = run.results as SarifResult[];
      assert.equal(full.ruleId, 'rds-publicly-accessible');
      assert.equal(rules[full.ruleIndex].id, 'rds-publicly-accessible');
      assert.equal(rules[note.ruleIndex].id, 'log-group-retention-unset');
      assert.equal(rules[azure.ruleIndex].id, 'az-thing');
      assert.equal(azure.ruleIndex, rules.length - 1);
      assert.deepEqual([full.level, note.level, warning.level, weird.level], ['error', 'note', 'warning', 'warning']);
      assert.deepEqual(full.message, { text: 'rds-publicly-accessible message' });
      assert.deepEqual(full.locations, [{ physicalLocation: { artifactLocation: { uri: 'dir/a%20b.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 8, startColumn: 7, endLine: 8, endColumn: 32 } } }]);
      assert.deepEqual(note.locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
      assert.deepEqual(warning.locations[0].physicalLocation.region, { startLine: 3, startColumn: 5 });
      assert.deepEqual(weird.locations[0].physicalLocation.region, { startLine: 3, startColumn: 5 });
      assert.deepEqual(full.partialFingerprints, { [FINGERPRINT_KEY]: 'abcdef0123456789' });
      assert.equal(FINGERPRINT_KEY, 'responsibilityLens/v1');
      assert.deepEqual(note.partialFingerprints, { [FINGERPRINT_KEY]: 'log-group-retention-unset:dir/a b.yaml:log-group-retention-unset message' });
      assert.deepEqual(full.properties, {
        row: 'network-security',
        rowTitle: rowTitle('network-security'),
        resource: 'Db',
        resourceType: 'AWS::RDS::DBInstance',
        setting: 'Properties.PubliclyAccessible',
        controls: ['SecurityHub RDS.2'],
        override: 'org.yaml overrides[0]',
      });
      assert.deepEqual(note.properties, { row: 'customer-data', rowTitle: rowTitle('customer-data') });
      assert.deepEqual(azure.properties, { row: 'network-controls', rowTitle: rowTitle('network-controls', 'azure') });
    });

    it('the run: tool, base URI, column kind; parse problems, unanalysed files and silenced entries as notifications; properties only when there are some', () => {
      const report: JsonReport = {
        version: 1,
        files: [
          file('a b.yaml', {
            errors: [
              { line: 4, column: 2, message: 'YAML syntax error' },
              { line: 0, message: 'skipped a part', severity: 'info' },
              { line: 1, message: 'not read', severity: 'info', notAnalysed: 'too-large' },
            ],
          }),
        ],
        unanalysed: [{ path: 'bin/x y.bin', reason: 'binary', message: 'a binary file' }],
        silenced: [silenced('org.yaml overrides[0]', { origin: 'organisation', findingsLowered: 1 }), silenced('.rl.yaml exclude', { refused: true })],
      };
      const log = sarifLog(report, { toolVersion: '2.0.1', informationUri: 'https://example.test/', srcRoot: 'file:///repo/' });
      assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs.length, 1);
      const run = log.runs[0];
      assert.equal(run.tool.driver.name, 'Responsibility Lens');
      assert.equal(run.tool.driver.version, '2.0.1');
      assert.equal(run.tool.driver.semanticVersion, '2.0.1');
      assert.equal(run.tool.driver.informationUri, 'https://example.test/');
      assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///repo/' } });
      assert.equal(run.columnKind, 'utf16CodeUnits');
      assert.deepEqual(run.results, []);
      assert.equal(run.invocations.length, 1);
      assert.equal(run.invocations[0].executionSuccessful, true);
      assert.deepEqual(run.invocations[0].toolExecutionNotifications, [
        { level: 'error', message: { text: 'YAML syntax error' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a%20b.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 2 } } }], descriptor: { id: 'parse-error' } },
        { level: 'note', message: { text: 'skipped a part' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a%20b.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } } }], descriptor: { id: 'not-analysed' } },
        { level: 'error', message: { text: 'bin/x y.bin was not analysed (binary): a binary file' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'bin/x%20y.bin', uriBaseId: '%SRCROOT%' } } }], descriptor: { id: 'not-analysed/binary' } },
        { level: 'warning', message: { text: 'org.yaml overrides[0] (organisation config): severity off (rule x): lowered 1 finding(s)' }, descriptor: { id: 'silenced-by-config' } },
        { level: 'note', message: { text: '.rl.yaml exclude (repository config): severity off (rule x): NOT APPLIED: a repository config may not weaken the organisation config' }, descriptor: { id: 'silenced-by-config' } },
      ]);
      assert.deepEqual(run.properties, { silenced: report.silenced, unanalysed: report.unanalysed });
    });

    it('without a home page, a source root, silenced or unanalysed entries: none of them in the run', () => {
      const run = sarifLog({ version: 1, files: [file('a.yaml')] }, { toolVersion: '0.1.0' }).runs[0];
      assert.ok(!('informationUri' in run.tool.driver));
      assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { description: { text: 'The folder the scan was run from.' } } });
      assert.ok(!('properties' in run));
      assert.deepEqual(run.invocations[0].toolExecutionNotifications, []);
      const onlySilenced = sarifLog({ version: 1, files: [], silenced: [] }, { toolVersion: '0.1.0' }).runs[0];
      assert.deepEqual(onlySilenced.properties, { silenced: [] });
      const onlyUnanalysed = sarifLog({ version: 1, files: [], unanalysed: [] }, { toolVersion: '0.1.0' }).runs[0];
      assert.deepEqual(onlyUnanalysed.properties, { unanalysed: [] });
    });
  });

  describe('CSV', () => {
    it('errors, suppressed findings, silenced entries and unanalysed files each get a record with their own cells', () => {
      const report: JsonReport = {
        version: 1,
        files: [file('a.yaml', { kind: 'dockerfile', errors: [{ line: 4, column: 2, message: 'bad, "quoted"' }] })],
        silenced: [silenced('org.yaml exclude', { origin: 'organisation', change: '=exclude', filesExcluded: 2 })],
        unanalysed: [{ path: 'big.yaml', reason: 'too-large', message: 'over 5 MB' }],
      };
      const lines = csvReport(report, { suppressed: [{ path: 'b.yaml', line: 7, ruleId: 'r', reason: '-why' }] }).split('\r\n');
      const cells = (line: string) => Object.fromEntries(CSV_COLUMNS.map((column, index) => [column, line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)[index]]).filter(([, value]) => value !== ''));
      assert.deepEqual(cells(lines[1]), { record: 'error', file: 'a.yaml', line: '4', column: '2', kind: 'dockerfile', message: '"bad, ""quoted"""' });
      assert.deepEqual(cells(lines[2]), { record: 'suppressed', file: 'b.yaml', line: '7', ruleId: 'r', reason: "'-why" });
      assert.deepEqual(cells(lines[3]), { record: 'silenced', file: 'org.yaml exclude', owner: 'organisation', message: "'=exclude", reason: 'kept 2 file(s) out of the scan' });
      assert.deepEqual(cells(lines[4]), { record: 'not-analysed', file: 'big.yaml', message: 'over 5 MB', reason: 'too-large' });
      assert.deepEqual(lines.slice(5), ['']);
    });

    it('a setting and a finding: every cell, the row title in the file’s cloud, controls joined', () => {
      const report: JsonReport = {
        version: 1,
        files: [
          file('az.json', {
            kind: 'arm',
            cloud: 'azure',
            settings: [setting('network-controls', 'microsoft', { team: 'net', override: 'o[0]' })],
            findings: [finding('az-rule', 'warning', 'network-controls', { resource: 'Vnet', resourceType: 'Microsoft.Network/virtualNetworks', key: 'properties.x', controls: ['A.1', 'B.2'], fingerprint: 'f00', override: 'o[1]' })],
          }),
        ],
      };
      report.files[0].findings.push(finding('no-controls', 'info', 'network-controls'));
      const lines = csvReport(report).split('\r\n');
      assert.equal(lines.length, 5, 'header, a setting, two findings and the final line end: no suppressed record without extras');
      assert.equal(lines[3].split(',')[CSV_COLUMNS.indexOf('controls')], '');
      const title = rowTitle('network-controls', 'azure');
      const row = (values: Partial<Record<(typeof CSV_COLUMNS)[number], string>>) => CSV_COLUMNS.map((column) => values[column] ?? '').join(',');
      assert.equal(lines[1], row({ record: 'setting', file: 'az.json', line: '2', column: '3', endLine: '2', endColumn: '9', kind: 'arm', resource: 'Db', resourceType: 'AWS::RDS::DBInstance', key: 'Properties.Engine', service: 'rds', model: 'abstracted', owner: 'microsoft', team: 'net', row: 'network-controls', rowTitle: title.includes(',') ? `"${title}"` : title, confidence: 'curated', override: 'o[0]' }));
      assert.equal(lines[2], row({ record: 'finding', file: 'az.json', line: '3', column: '5', endLine: '3', endColumn: '9', kind: 'arm', resource: 'Vnet', resourceType: 'Microsoft.Network/virtualNetworks', key: 'properties.x', row: 'network-controls', rowTitle: title.includes(',') ? `"${title}"` : title, override: 'o[1]', ruleId: 'az-rule', severity: 'warning', message: 'az-rule message', controls: 'A.1; B.2', fingerprint: 'f00' }));
    });
  });
  describe('what a config silenced', () => {
    it('an entry’s effect in words: each count that is not zero, in order; none; or not applied', () => {
      assert.equal(silencedEffect(silenced('s')), 'no effect in this scan');
      assert.equal(
        silencedEffect(silenced('s', { findingsRemoved: 1, findingsLowered: 2, settingsMovedFromCustomer: 3, filesExcluded: 4, foldersExcluded: 5, refusedCount: 6 })),
        'removed 1 finding(s), lowered 2 finding(s), moved 3 setting(s) away from the customer, kept 4 file(s) out of the scan, kept 5 folder(s) out of the scan, refused 6 time(s) where it would weaken the organisation config',
      );
      assert.equal(silencedEffect(silenced('s', { foldersExcluded: 2 })), 'kept 2 folder(s) out of the scan');
      assert.equal(silencedEffect(silenced('s', { settingsMovedFromCustomer: 1 })), 'moved 1 setting(s) away from the customer');
      assert.equal(silencedEffect(silenced('s', { refused: true, findingsRemoved: 9 })), 'NOT APPLIED: a repository config may not weaken the organisation config');
      assert.equal(silencedEffect(silenced('s', { refused: true, refusedCount: 4 })), 'NOT APPLIED: a repository config may not weaken the organisation config (would have weakened 4 finding(s) or setting(s))');
    });

    it('entries for overrides that can silence (off, or did or were refused something), the include and exclude globs, and refused globs', () => {
      const override = (index: number, extra: Partial<Override>): Override => ({ index, ...extra });
      const overrides = [
        override(0, { rule: 'r0', severity: 'off' }),
        override(1, { type: 'AWS::S3::*', property: 'Properties.X', severity: 'warning' }),
        override(2, { rule: 'r2', severity: 'info' }),
        override(3, { owner: 'customer', rule: 'r3' }),
        override(4, { type: 'T', owner: 'aws', source: 'org.yaml', origin: 'organisation' }),
        override(5, { rule: 'r5', severity: 'off', mayNotWeaken: true }),
        override(6, { rule: 'r6', severity: 'off', owner: 'shared' }),
        override(7, { severity: 'off' }),
        override(8, { rule: 'r8', severity: 'warning' }),
      ];
      const config: OrgConfig = { file: '.rl.yaml', include: ['src/**', 'infra/**'], exclude: ['**/test/**', 'tmp/**'], overrides, refusedGlobs: [{ source: '.rl.yaml', key: 'exclude', globs: ['a/**', 'b'] }] };
      const effect = (removed: number, lowered: number, movedFromCustomer: number, refused: number) => ({ removed, lowered, movedFromCustomer, refused });
      const tally: ConfigTally = new Map([
        [overrides[1], effect(0, 2, 0, 0)],
        [overrides[3], effect(0, 0, 0, 5)],
        [overrides[4], effect(0, 0, 1, 0)],
        [overrides[5], effect(0, 0, 0, 3)],
        [overrides[6], effect(1, 0, 0, 1)],
        [overrides[7], effect(1, 1, 0, 1)],
        [overrides[8], effect(0, 1, 1, 1)],
      ]);
      const globs = [
        { key: 'include' as const, pattern: 'src/**', files: 2, folders: 9 },
        { key: 'include' as const, pattern: 'infra/**', files: 3, folders: 9 },
        { key: 'exclude' as const, pattern: '**/test/**', files: 4, folders: 1 },
      ];
      const zero = { findingsRemoved: 0, findingsLowered: 0, settingsMovedFromCustomer: 0, filesExcluded: 0, foldersExcluded: 0, refused: false };
      assert.deepEqual(silencedReport(config, tally, globs), [
        { ...zero, source: '.rl.yaml overrides[0]', origin: 'repository', change: 'severity off (rule r0)' },
        { ...zero, source: '.rl.yaml overrides[1]', origin: 'repository', change: 'severity warning (type AWS::S3::*, property Properties.X)', findingsLowered: 2 },
        { ...zero, source: 'org.yaml overrides[4]', origin: 'organisation', change: 'owner aws (type T)', settingsMovedFromCustomer: 1 },
        { ...zero, source: '.rl.yaml overrides[5]', origin: 'repository', change: 'severity off (rule r5)', refused: true, refusedCount: 3 },
        { ...zero, source: '.rl.yaml overrides[6]', origin: 'repository', change: 'severity off, owner shared (rule r6)', findingsRemoved: 1, refusedCount: 1 },
        { ...zero, source: '.rl.yaml overrides[7]', origin: 'repository', change: 'severity off', findingsRemoved: 1, findingsLowered: 1, refusedCount: 1 },
        { ...zero, source: '.rl.yaml overrides[8]', origin: 'repository', change: 'severity warning (rule r8)', findingsLowered: 1, settingsMovedFromCustomer: 1, refusedCount: 1 },
        { ...zero, source: '.rl.yaml include', origin: 'repository', change: 'include "src/**", "infra/**" (files matching none are not scanned)', filesExcluded: 5 },
        { ...zero, source: '.rl.yaml exclude', origin: 'repository', change: 'exclude "**/test/**"', filesExcluded: 4, foldersExcluded: 1 },
        { ...zero, source: '.rl.yaml exclude', origin: 'repository', change: 'exclude "tmp/**"' },
        { ...zero, source: '.rl.yaml exclude', origin: 'repository', change: 'exclude "a/**", "b"', refused: true },
      ]);
      assert.deepEqual(silencedReport(undefined, tally, globs), []);
      const organisation = silencedReport({ ...config, origin: 'organisation', include: [], exclude: [], refusedGlobs: undefined }, tally, globs);
      assert.deepEqual(organisation.map((entry) => [entry.source, entry.origin]), [
        ['.rl.yaml overrides[0]', 'organisation'],
        ['.rl.yaml overrides[1]', 'organisation'],
        ['org.yaml overrides[4]', 'organisation'],
        ['.rl.yaml overrides[5]', 'organisation'],
        ['.rl.yaml overrides[6]', 'organisation'],
        ['.rl.yaml overrides[7]', 'organisation'],
        ['.rl.yaml overrides[8]', 'organisation'],
      ]);
    });
  });

  describe('links and line ends the reports rely on', () => {
    it('link targets: brackets, quotes, spaces and tabs percent-encoded in upper-case hex, two digits', () => {
      assert.equal(markdownUrl('a<b>(c)[d] e\tf"g\'h`i\\j'), 'a%3Cb%3E%28c%29%5Bd%5D%20e%09f%22g%27h%60i%5Cj');
    });

    it('a documentation link must be a well-formed https URL on a documentation host', () => {
      assert.equal(isDocumentationUrl('not a url'), false);
      assert.equal(isDocumentationUrl('https://docs.aws.amazon.com/x'), true);
      assert.equal(isDocumentationUrl('http://docs.aws.amazon.com/x'), false);
    });

    it('the next line after LF, CRLF and a lone CR; an empty line is not skipped', () => {
      assert.equal(nextLine('a\n\nb', 1), 2);
      assert.equal(nextLine('a\r\nb', 1), 3);
      assert.equal(nextLine('a\r\rb', 1), 2);
    });
  });
});
