import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';
import { runCli, tempDir } from './cliHelpers';
import { CSV_COLUMNS } from '../../src/core/reports/csv';
import { matrix } from '../../src/core/clouds/aws/knowledge';

/**
 * Golden files for the Markdown and CSV reports on examples/cloudformation/. When a change
 * to the knowledge or the examples is intended, regenerate them with
 *   UPDATE_GOLDEN=1 npx mocha out/test/unit/reports.test.js
 * and review the diff.
 */
const GOLDEN = path.join(ROOT, 'test/fixtures/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE) {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `missing golden ${name}: run with UPDATE_GOLDEN=1`);
  const expected = fs.readFileSync(file, 'utf8');
  assert.ok(actual === expected, `${name} differs from its golden file (regenerate with UPDATE_GOLDEN=1 if intended):\n${firstDifference(expected, actual)}`);
}

function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    if (a[index] !== b[index]) return `line ${index + 1}\n- ${a[index]}\n+ ${b[index]}`;
  }
  return '';
}

function scan(format: string, ...extra: string[]): string {
  const result = runCli(['scan', '--format', format, '--no-config', '--fail-on', 'never', ...extra, 'examples/cloudformation']);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

/** Minimal RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      index++;
    } else cell += char;
  }
  assert.equal(cell, '', 'ends with CRLF');
  return rows;
}

describe('Markdown and CSV reports', () => {
  it('Markdown on examples/ matches its golden file and is deterministic', () => {
    const markdown = scan('markdown');
    assert.equal(scan('markdown'), markdown, 'same output twice');
    assert.ok(!markdown.includes(ROOT), 'no absolute paths');
    assert.doesNotMatch(markdown, /\d{4}-\d{2}-\d{2}T\d{2}:/, 'no timestamps');
    golden('examples.md', markdown);
  });

  it('Markdown renders the matrix with this scan’s counts per row and owner, and findings with file:line links', () => {
    const markdown = scan('markdown');
    const json = JSON.parse(scan('json'));
    const table = markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Responsibility'));
    assert.equal(table.length, matrix.rows.length);
    const database = table.find((line) => line.startsWith('| Database patching |'))!;
    const counts = { customer: 0, shared: 0, aws: 0 } as Record<string, number>;
    for (const file of json.files) for (const setting of file.settings) if (setting.row === 'database-patching') counts[setting.owner]++;
    const findings = json.files.flatMap((file: { findings: { row: string }[] }) => file.findings).filter((finding: { row: string }) => finding.row === 'database-patching').length;
    assert.equal(database, `| Database patching | AWS | ${counts.customer} | ${counts.shared} | ${counts.aws} | ${findings ? `**${findings}**` : 0} |`);
    assert.match(markdown, /\[examples\/cloudformation\/risky\\-stack\\\.yaml:46\]\(examples\/cloudformation\/risky-stack\.yaml#L46\): Make the database private.* OrdersDatabase is publicly accessible/);
    assert.match(markdown, /^#### Ensuring network security \\\(DoS, MITM, port scanning\\\) \(\d+\)$/m);
    const linked = scan('markdown', '--link-base', 'https://github.com/org/repo/blob/abc123');
    assert.match(linked, /\(https:\/\/github\.com\/org\/repo\/blob\/abc123\/examples\/cloudformation\/risky-stack\.yaml#L46\)/);
  });

  it('Markdown escapes what came from the scanned files', () => {
    const { dir, cleanup } = tempDir();
    try {
      fs.writeFileSync(
        path.join(dir, 'evil [x](javascript:alert(1)).yaml'),
        `Resources:\n  "Evil<img src=x onerror=alert(1)>|col":\n    Type: AWS::RDS::DBInstance\n    Properties:\n      PubliclyAccessible: true\n`,
      );
      const markdown = runCli(['scan', '--format', 'markdown', '.'], dir).stdout;
      assert.match(markdown, /rds-publicly-accessible/);
      assert.ok(!markdown.includes('<img'), 'HTML is escaped');
      assert.ok(!markdown.includes('](javascript:'), 'no link from a file name');
      assert.ok(!/[^\\]\|col/.test(markdown), 'a pipe cannot break the table');
    } finally {
      cleanup();
    }
  });

  it('CSV on examples/ matches its golden file: one row per setting and finding, RFC 4180', () => {
    const csv = scan('csv');
    assert.equal(scan('csv'), csv, 'same output twice');
    assert.ok(!csv.includes(ROOT), 'no absolute paths');
    golden('examples.csv', csv);
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.ok(rows.every((row) => row.length === CSV_COLUMNS.length), 'every row has every column');
    const json = JSON.parse(scan('json'));
    const settings = json.files.reduce((sum: number, file: { settings: unknown[] }) => sum + file.settings.length, 0);
    const findings = json.files.reduce((sum: number, file: { findings: unknown[] }) => sum + file.findings.length, 0);
    assert.equal(rows.filter((row) => row[0] === 'setting').length, settings);
    assert.equal(rows.filter((row) => row[0] === 'finding').length, findings);
    const encrypted = rows.find((row) => row[0] === 'setting' && row[1] === 'examples/cloudformation/risky-stack.yaml' && row[7] === 'OrdersDatabase' && row[9] === 'Properties.StorageEncrypted')!;
    assert.deepEqual([encrypted[2], encrypted[3], encrypted[12], encrypted[14]], ['47', '7', 'customer', 'customer-data']);
  });

  it('CSV defuses a formula planted in a template', () => {
    const csv = runCli(['scan', '--format', 'csv', 'test/fixtures/ci/secret-stack.yaml']).stdout;
    for (const row of parseCsv(csv)) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@]/, `cell ${cell}`);
  });
});
