/**
 * The AWS matrix exports a user saves from the matrix view or the CLI
 * (matrixMarkdown and matrixCsv in src/core/clouds/aws/matrix.ts): their
 * headers, the marks on rows, and the sections, line by line.
 */
import assert from 'node:assert/strict';
import { matrixCsv, matrixMarkdown, matrixWithCounts } from '../../src/core/clouds/aws/matrix';
import { escapeMarkdown, markdownLink } from '../../src/core/engine/text';

const OWNER: Record<string, string> = { customer: 'Customer', aws: 'AWS', shared: 'Shared', both: 'Both' };

describe('AWS matrix exports', () => {
  // Built inside each test, so that a mutation run sees the export change.
  const exported = () => {
    const view = matrixWithCounts([]);
    const markdown = matrixMarkdown(view);
    return { view, markdown, lines: markdown.split('\n') };
  };

  it('Markdown: the table’s two header lines, then one line per row; rows from the article’s prose end with " *"', () => {
    const { view, lines } = exported();
    assert.equal(lines[1], '');
    assert.equal(lines[2], '| Responsibility | AwsOwner in the table | Infrastructure | Container | Abstracted | Customer settings | Shared settings | AWS settings | Findings |');
    assert.equal(lines[3], '|---|---|---|---|---|---:|---:|---:|---:|');
    view.matrix.rows.forEach((row, index) => {
      const title = escapeMarkdown(row.origin === 'prose' ? `${row.title} *` : row.title);
      assert.ok(lines[4 + index].startsWith(`| ${title} | ${OWNER[row.sourceOwner]} | `), lines[4 + index]);
    });
    assert.ok(view.matrix.rows.some((row) => row.origin === 'prose') && view.matrix.rows.some((row) => row.origin !== 'prose'));
    const after = 4 + view.matrix.rows.length;
    assert.equal(lines[after], '');
    assert.ok(lines[after + 1].startsWith("\\* From the article's text rather than its table. "), lines[after + 1]);
    assert.ok(lines[after + 1].includes(escapeMarkdown(view.matrix.source.title)));
  });

  it('Markdown: where AWS’s own guidance differs, one bullet per row with its sources', () => {
    const { view } = exported();
    const [first, second, ...rest] = view.matrix.rows.map((row) => ({ ...row, awsGuidance: undefined }));
    assert.ok(!matrixMarkdown({ ...view, matrix: { ...view.matrix, rows: [first, second, ...rest] } }).includes("## Where AWS's own guidance differs"));
    const guidance = { owner: 'customer' as const, summary: 'AWS puts it on you.', sources: [{ title: 'Page A', url: 'https://docs.aws.amazon.com/a' }, { title: 'Page B', url: 'https://docs.aws.amazon.com/b' }] };
    const differs = matrixMarkdown({ ...view, matrix: { ...view.matrix, rows: [first, { ...second, awsGuidance: guidance }, ...rest] } }).split('\n');
    const start = differs.indexOf("## Where AWS's own guidance differs");
    assert.ok(start > 0);
    assert.deepEqual(differs.slice(start - 1, start + 4), [
      '',
      "## Where AWS's own guidance differs",
      '',
      `- **${escapeMarkdown(second.title)}**: the table says ${OWNER[second.sourceOwner]}; AWS says Customer. ${escapeMarkdown(guidance.summary)} (${markdownLink('Page A', 'https://docs.aws.amazon.com/a')}, ${markdownLink('Page B', 'https://docs.aws.amazon.com/b')})`,
      '',
    ]);
  });

  it('Markdown: the IT-control table, rows placed by this product marked †, and its note', () => {
    const { view, lines } = exported();
    const header = lines.findIndex((line) => line.startsWith('## AWS'));
    assert.equal(lines[header + 1], '');
    assert.equal(lines[header + 2], '| Kind | AWS examples | Rows of this matrix | Customer settings | Shared settings | AWS settings | Findings |');
    assert.equal(lines[header + 3], '|---|---|---|---:|---:|---:|---:|');
    view.controls.forEach((kind, index) => {
      const rows = kind.rows.map((row) => `${escapeMarkdown(row.title)}${row.basis === 'this-product' ? ' †' : ''}`).join('; ');
      assert.equal(lines[header + 4 + index], `| ${escapeMarkdown(kind.title)} | ${escapeMarkdown(kind.examples.join('; '))} | ${rows} | 0 | 0 | 0 | 0 |`);
    });
    assert.ok(view.controls.some((kind) => kind.rows.some((row) => row.basis === 'this-product')));
    assert.ok(view.controls.some((kind) => kind.rows.some((row) => row.basis !== 'this-product')));
    const note = header + 4 + view.controls.length;
    assert.equal(lines[note], '');
    assert.equal(lines[note + 1], `† Placed by this product; the other rows match an example AWS gives. ${escapeMarkdown(view.matrix.itControls.note)}`);
  });

  it('Markdown: a Services table only when the workspace has services; the text ends with one newline', () => {
    const { view, markdown } = exported();
    assert.ok(!markdown.includes('## Services'));
    assert.ok(markdown.endsWith('\n') && !markdown.endsWith('\n\n'));
    const withServices = matrixMarkdown({ ...view, services: [{ service: 's3', model: 'abstracted', resources: 2 }] }).split('\n');
    assert.deepEqual(withServices.slice(-7), ['', '## Services', '', '| Service | Model | Resources |', '|---|---|---:|', '| s3 | abstracted | 2 |', '']);
  });

  it('Markdown: the scope follows the title, escaped', () => {
    const { view, lines } = exported();
    assert.ok(matrixMarkdown(view, 'my*repo').split('\n')[0].endsWith(': my\\*repo'));
    assert.ok(!lines[0].includes(':'));
  });

  it('CSV: its header, one line per row, CRLF line ends', () => {
    const { view } = exported();
    const csv = matrixCsv(view);
    const rows = csv.split('\r\n');
    assert.equal(rows[0], 'id,responsibility,origin,table owner,infrastructure,container,abstracted,customer settings,shared settings,aws settings,findings');
    assert.equal(rows.length, view.matrix.rows.length + 2);
    assert.equal(rows[rows.length - 1], '');
    assert.ok(!csv.replace(/\r\n/g, '').includes('\n'));
  });
});
