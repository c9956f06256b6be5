import assert from 'node:assert/strict';
import { isIgnored, matchesAny, parseGitignore } from '../../src/core/engine/ignore';
import { matrixCsv, matrixMarkdown, matrixWithCounts, ownerSplit, ownerSplitText, serviceColumn, servicesByRow } from '../../src/core/clouds/aws/matrix';
import { services as serviceKnowledge } from '../../src/core/clouds/aws/knowledge';
import { analyzeFixture } from './helpers';

const risky = analyzeFixture('test/fixtures/workspace/templates/risky-stack.yaml').analysis;
const hardened = analyzeFixture('test/fixtures/workspace/templates/hardened-stack.yaml').analysis;
const files = [
  { file: 'risky.yaml', analysis: risky },
  { file: 'hardened.yaml', analysis: hardened },
];

describe('workspace matrix: filters, drill-down and per-service view', () => {
  it('ownerSplit counts one resource and names it like the CodeLens', () => {
    const split = ownerSplit(risky, 'OrdersDatabase');
    const settings = risky.settings.filter((s) => s.resource === 'OrdersDatabase');
    assert.equal(split.customer + split.shared + split.aws, settings.length);
    assert.equal(split.customer, settings.filter((s) => s.attribution.owner === 'customer').length);
    assert.deepEqual(
      risky.findings.filter((f) => f.resource === 'OrdersDatabase').map((f) => f.ruleId).sort(),
      ['literal-secret', 'rds-deletion-protection-off', 'rds-minor-upgrade-off', 'rds-publicly-accessible', 'rds-storage-unencrypted'],
    );
    assert.equal(split.findings, 5);
    assert.equal(ownerSplitText(split), `Customer ${split.customer} · Shared ${split.shared} · AWS ${split.aws} · 5 findings`);
    assert.equal(ownerSplitText({ customer: 1, shared: 0, aws: 2, findings: 1 }), 'Customer 1 · Shared 0 · AWS 2 · 1 finding');
  });

  it('without a filter the counts add up to every setting and finding, and the old fields stay', () => {
    const all = matrixWithCounts(files);
    const total = Object.values(all.counts).reduce((sum, c) => sum + c.customer + c.shared + c.aws, 0);
    assert.equal(total, risky.settings.length + hardened.settings.length);
    const findings = Object.values(all.counts).reduce((sum, c) => sum + c.findings, 0);
    assert.equal(findings, risky.findings.length + hardened.findings.length);
    assert.equal(all.counts['network-security'].findingLocations.filter((l) => l.ruleId === 'sg-world-open-admin-port').length, 1);
  });

  it('filters by resource and file give exactly that resource', () => {
    const view = matrixWithCounts(files, { file: 'risky.yaml', resource: 'OrdersDatabase' });
    const split = ownerSplit(risky, 'OrdersDatabase');
    const sum = (owner: 'customer' | 'shared' | 'aws') => Object.values(view.counts).reduce((total, c) => total + c[owner], 0);
    assert.deepEqual({ customer: sum('customer'), shared: sum('shared'), aws: sum('aws') }, { customer: split.customer, shared: split.shared, aws: split.aws });
    const locations = Object.values(view.counts).flatMap((c) => [...c.locations.customer, ...c.locations.aws, ...c.locations.shared, ...c.findingLocations]);
    assert.ok(locations.every((l) => l.resource === 'OrdersDatabase' && l.file === 'risky.yaml'));
    assert.deepEqual(view.services.map((s) => s.service), ['rds']);
  });

  it('owner and model filters narrow settings; an AWS filter hides findings', () => {
    const aws = matrixWithCounts(files, { owner: 'aws' });
    assert.ok(Object.values(aws.counts).every((c) => c.customer === 0 && c.shared === 0 && c.findings === 0));
    assert.ok(Object.values(aws.counts).some((c) => c.aws > 0));
    const infra = matrixWithCounts(files, { model: 'infrastructure' });
    const locations = Object.values(infra.counts).flatMap((c) => [...c.locations.customer, ...c.locations.aws, ...c.locations.shared]);
    assert.ok(locations.length > 0);
    assert.ok(!locations.some((l) => l.resource === 'OrdersDatabase'), 'RDS is the container model');
    assert.ok(infra.services.every((s) => s.model === 'infrastructure'));
  });

  it('servicesByRow puts each workspace service on the side its model gives, with the reason', () => {
    const { services } = matrixWithCounts(files);
    const byRow = servicesByRow(services);
    const patching = byRow['guest-os-patching'];
    assert.ok(patching.customer.some((s) => s.service === 'ec2'), 'EC2 guest OS is the customer’s');
    const rds = [...patching.aws, ...patching.shared].find((s) => s.service === 'rds');
    assert.ok(rds, 'RDS OS patching is not the customer’s');
    assert.ok(rds.reason.length > 20);
    for (const sides of Object.values(byRow)) assert.equal(sides.customer.length + sides.aws.length + sides.shared.length, services.length);
  });

  it('serviceColumn gives the service’s model, owner per row and its security page', () => {
    const column = serviceColumn('rds');
    assert.equal(column.model, 'container');
    assert.equal(column.known, true);
    assert.match(column.securityDoc?.url ?? '', /^https:\/\/docs\.aws\.amazon\.com\//);
    assert.equal(column.rows.length, 15);
    assert.equal(column.rows.find((r) => r.row === 'database-patching')?.owner, 'aws');
    const unknown = serviceColumn('madeup', 'abstracted');
    assert.equal(unknown.known, false);
    assert.equal(unknown.securityDoc, undefined);
  });

  it('a service’s column speaks of that service: ElastiCache shows no RDS reason or page', () => {
    const column = serviceColumn('elasticache');
    assert.equal(column.name, 'Amazon ElastiCache');
    for (const row of column.rows) {
      assert.doesNotMatch(row.reason, /\bRDS\b|Aurora/, `${row.row}: ${row.reason}`);
      for (const source of row.sources) assert.doesNotMatch(`${source.title} ${source.url}`, /RDS|AmazonRDS/, `${row.row}: ${source.url}`);
      assert.ok(row.sources.length > 0, `${row.row} keeps a source`);
    }
    const patching = column.rows.find((row) => row.row === 'database-patching')!;
    assert.equal(patching.basis, 'service');
    assert.equal(patching.owner, 'aws', 'the owner stays the model’s');
    assert.match(patching.reason, /ElastiCache .*service updates/);
    assert.ok(patching.sources.every((source) => source.url.startsWith('https://docs.aws.amazon.com/AmazonElastiCache/')));
    // Rows without ElastiCache text are the container model's, marked so, with general pages (IAM, CloudTrail) kept.
    const compromise = column.rows.find((row) => row.row === 'account-compromise')!;
    assert.equal(compromise.basis, 'model');
    assert.ok(compromise.sources.some((source) => /awscloudtrail/.test(source.url)));
    // RDS keeps its own pages.
    assert.ok(serviceColumn('rds').rows.some((row) => row.sources.some((source) => /AmazonRDS/.test(source.url))));
  });

  it('no service’s column cites a page of another service of its model (other than account-wide ones)', () => {
    const guide = (url: string) => /^https:\/\/docs\.aws\.amazon\.com\/([^/]+)\//.exec(url)?.[1]?.toLowerCase();
    const services = Object.entries(serviceKnowledge.services);
    for (const [id, info] of services.filter(([, info]) => info.curated)) {
      const others = new Set(services.filter(([other, o]) => other !== id && o.model === info.model && !o.accountWide).map(([, o]) => guide(o.securityDoc.url)));
      others.delete(guide(info.securityDoc.url));
      for (const row of serviceColumn(id).rows) for (const source of row.sources) assert.ok(!guide(source.url) || !others.has(guide(source.url)), `${id} ${row.row}: ${source.url}`);
    }
  });

  it('exports Markdown and CSV with the counts, escaping what came from documents', () => {
    const view = matrixWithCounts(files);
    const markdown = matrixMarkdown(view);
    assert.match(markdown, /^# Shared responsibility matrix \(third-party summary of the AWS model\)/);
    assert.match(markdown, /## AWS.s IT-control view/);
    // 15 rows of the table, one per service, and AWS's three IT-control kinds.
    assert.equal(markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Responsibility') && !l.startsWith('| Service') && !l.startsWith('| Kind')).length, 15 + view.services.length + 3);
    // Every setting falls in exactly one IT-control kind.
    for (const owner of ['customer', 'shared', 'aws', 'findings'] as const) {
      const rows = Object.values(view.counts).reduce((sum, counts) => sum + counts[owner], 0);
      assert.equal(view.controls.reduce((sum, kind) => sum + kind[owner], 0), rows, owner);
    }
    assert.deepEqual(view.controls.map((kind) => kind.kind), ['inherited', 'shared', 'customer-specific']);
    assert.deepEqual([view.controls[0].customer, view.controls[0].shared, view.controls[0].aws], [0, 0, 0], 'nothing in a template configures physical and environmental controls');
    const c = view.counts['network-security'];
    assert.ok(markdown.includes(`| ${c.customer} | ${c.shared} | ${c.aws} | ${c.findings} |`));
    const csv = matrixCsv(view).trimEnd().split('\r\n');
    assert.equal(csv.length, 16);
    assert.ok(csv.some((line) => line.startsWith('network-security,"Ensuring network security (DoS, MITM, port scanning)",') && line.endsWith(`,${c.customer},${c.shared},${c.aws},${c.findings}`)));
    const hostile = matrixMarkdown({ ...view, services: [{ service: 'x|y*[z](http://e)', model: 'abstracted', resources: 1 }] });
    assert.ok(hostile.includes('| x\\|y\\*\\[z\\]\\(http\\://e\\) | abstracted | 1 |'), hostile);
    const formula = matrixCsv({ ...view, matrix: { ...view.matrix, rows: [{ ...view.matrix.rows[0], title: '=HYPERLINK("x")' }] } });
    assert.match(formula, /^account-compromise,"'=HYPERLINK\(""x""\)",/m);
  });
});

describe('.gitignore and globs', () => {
  it('follows git’s rules for anchoring, folders, depth and negation', () => {
    const rules = [...parseGitignore('# build output\nnode_modules/\n/dist\n*.bak\nbuild/**/*.yaml\n!keep.bak\n\n'), ...parseGitignore('secret.yaml\n', 'infra')];
    assert.equal(isIgnored('node_modules/x/template.yaml', rules), true);
    assert.equal(isIgnored('packages/a/node_modules/t.yaml', rules), true, 'unanchored folder at any depth');
    assert.equal(isIgnored('dist/t.yaml', rules), true);
    assert.equal(isIgnored('src/dist/t.yaml', rules), false, 'a leading slash anchors to the root');
    assert.equal(isIgnored('a/b/old.bak', rules), true);
    assert.equal(isIgnored('a/keep.bak', rules), false, 'negation re-includes');
    assert.equal(isIgnored('build/x/y/t.yaml', rules), true);
    assert.equal(isIgnored('infra/secret.yaml', rules), true, 'nested .gitignore applies below its folder');
    assert.equal(isIgnored('secret.yaml', rules), false, 'and not above it');
    assert.equal(isIgnored('templates/app.yaml', rules), false);
    assert.equal(isIgnored('node_modules', parseGitignore('node_modules/')), false, 'a folder-only rule never matches a file of that name');
  });

  it('matchesAny uses minimatch with dot files', () => {
    assert.equal(matchesAny('a/.hidden/t.yaml', ['**/.hidden/**']), true);
    assert.equal(matchesAny('a/t.yaml', ['**/*.json']), false);
  });
});
