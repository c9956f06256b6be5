import assert from 'node:assert/strict';
import type { Analysis, AwsRowId, Finding, ResourceInfo, Setting } from '../../src/core/types';
import { analyze } from '../../src/core';
import { hoverMarkdown, hoverSections, resourceCard, settingCard } from '../../src/core/reports/hover';
import { escapeHtml, escapeMarkdown, maskSecret } from '../../src/core/engine/text';
import { analyzeFixture, readFixture } from './helpers';
import { cellFor, matrix, matrixRow } from '../../src/core/clouds/aws/knowledge';
import { DETAIL_RULE } from '../../src/core/reports/hover';
import { diagnosticMessage, prepareFormats } from '../../src/core';
import * as path from 'node:path';
import { ROOT } from './helpers';

function hoverOn(text: string, needle: string, analysis = analyze(text, 't.yaml')): string {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const markdown = hoverMarkdown(analysis, offset + 1, text);
  assert.ok(markdown, `no hover on ${needle}`);
  return markdown;
}

describe('hover cards', () => {
  const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');

  it('a property shows owner badge, row, service, model, rationale, both sides and sources', () => {
    const card = hoverOn(text, 'StorageEncrypted: false', analysis);
    assert.match(card, /\*\*Customer\*\*/);
    assert.match(card, /customer data/i);
    assert.match(card, /container model/);
    assert.match(card, /\*\*You:\*\* /);
    assert.match(card, /\*\*AWS:\*\* /);
    assert.match(card, /\]\(https:\/\/docs\.aws\.amazon\.com\//);
    assert.ok(!card.includes('rds-storage-unencrypted'), 'findings are left to the diagnostic hover, not repeated');
  });

  it('an AWS-owned property says AWS', () => {
    const hardened = analyzeFixture('examples/cloudformation/hardened-stack.yaml');
    assert.match(hoverOn(hardened.text, 'EngineVersion', hardened.analysis), /^\$\(cloud\) \*\*AWS\*\* · Database patching/);
  });

  it('a value line inside a nested list is covered by its entry', () => {
    const card = hoverOn(text, 'subnet-2', analysis);
    assert.match(card, /SubnetIds/);
  });

  it('the Type line summarises the resource and the matrix split for its model', () => {
    const card = hoverOn(text, 'AWS::RDS::DBInstance', analysis);
    assert.match(card, /\*\*OrdersDatabase\*\*/);
    assert.match(card, /\*\*container\*\* model/);
    assert.match(card, /How the matrix splits/);
    assert.match(card, /Database patching/i);
  });

  it('lines outside resources have no hover', () => {
    assert.equal(hoverMarkdown(analysis, text.indexOf('Description') + 2, text), undefined);
  });

  it('document text is escaped: no HTML, links or formatting get through', () => {
    const hostile = 'Resources:\n  "<script>alert(1)</script>[x](javascript:alert(1))":\n    Type: AWS::S3::Bucket\n    Properties:\n      "<img src=x onerror=alert(1)>": 1\n';
    const result = analyze(hostile, 't.yaml');
    const card = hoverMarkdown(result, hostile.indexOf('AWS::S3') + 2, hostile)!;
    assert.ok(!card.includes('<script>'));
    assert.ok(!card.includes('](javascript:'));
    const propertyCard = hoverOn(hostile, '<img', result);
    assert.ok(!/<img/.test(propertyCard.replace(/`[^`]*`/g, '')), 'raw HTML appears only inside code spans');
  });
});

/**
 * Lines a Markdown card takes in a hover about 70 characters wide (VS Code's
 * default hover width at the default font): each non-blank line wraps, links
 * and formatting count only their visible text.
 */
function renderedLines(markdown: string, width = 70): number {
  let lines = 0;
  for (const raw of markdown.split('\n')) {
    if (!raw.trim()) continue;
    const visible = raw.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*|`|\\/g, '').replace(/\$\([a-z-]+\)/g, '##');
    lines += Math.max(1, Math.ceil(visible.length / width));
  }
  return lines;
}

/** What fits the first screen: the card up to the rule before the detail. */
function firstScreen(card: string): string {
  const at = card.indexOf(`\n${DETAIL_RULE}\n`);
  assert.ok(at > 0, 'the card has a first screen and a detail');
  return card.slice(0, at);
}

/** The first screen gets at most 8 of the ~12 lines a hover shows at 1400×900: the Problems entry takes the rest. */
const FIRST_SCREEN_LINES = 8;

describe('hover cards fit the first screen', () => {
  before(async function () {
    this.timeout(20000);
    await prepareFormats(path.join(ROOT, 'node_modules/web-tree-sitter'), path.join(ROOT, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl'));
  });

  // One test per file, so a mutant in one format's code runs only that format's cards. Each file
  // has at least as many cards as it had when this was written, so none is silently left out.
  const files: [file: string, atLeast: number][] = [
    ['examples/cloudformation/risky-stack.yaml', 89],
    ['examples/cloudformation/hardened-stack.yaml', 102],
    ['test/fixtures/terraform/risky.tf', 51],
    ['test/fixtures/kubernetes/risky-workloads.yaml', 61],
    ['test/fixtures/docker/Dockerfile', 22],
    ['test/fixtures/sam/template.yaml', 42],
    ['test/fixtures/app-config/application.yml', 25],
  ];

  for (const [file, atLeast] of files) {
    it(`every setting and resource card of ${file}: owner, why, what to do and what it is in ${FIRST_SCREEN_LINES} lines, then the detail`, () => {
      const over: string[] = [];
      let cards = 0;
      const text = readFixture(file);
      const analysis = analyze(text, path.basename(file));
      const offsets = [...analysis.settings.map((s) => s.key.offset), ...analysis.resources.map((r) => r.typeSpan.offset)];
      for (const offset of offsets) {
        const card = hoverMarkdown(analysis, offset + 1, text);
        if (!card) continue;
        cards++;
        const lines = renderedLines(firstScreen(card));
        if (lines > FIRST_SCREEN_LINES) over.push(`${file}@${offset}: ${lines} lines\n${firstScreen(card)}`);
      }
      assert.ok(cards >= atLeast, `${cards} cards, expected at least ${atLeast}`);
      assert.deepEqual(over, []);
    });
  }

  it('a setting card reads in order: owner and row, why, what you do, what it is; then AWS’s part, documentation, controls and sources', () => {
    const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const card = hoverOn(text, 'StorageEncrypted: false', analysis);
    const order = ['**Customer** · Protecting customer data', 'Encryption at rest is an option', '**You:** Turn on storage encryption', '`StorageEncrypted` on `AWS::RDS::DBInstance`', DETAIL_RULE, '**AWS:**', 'Sources:', 'Controls:'];
    const at = order.map((needle) => card.indexOf(needle));
    assert.ok(at.every((index) => index >= 0), order.filter((_, i) => at[i] < 0).join(' | '));
    assert.deepEqual([...at].sort((a, b) => a - b), at, 'in reading order');
  });

  it('under the Problems entries of its line (VS Code), a card with findings keeps owner, row and what it is; why and what to do move to the detail', () => {
    const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const offset = text.indexOf('StorageEncrypted: false') + 1;
    const compact = hoverSections(analysis, offset, text, { findingsShownAbove: true })!;
    assert.deepEqual(compact.first.split('\n').filter(Boolean), [
      `$(account) **Customer** · ${escapeMarkdown(matrixRow('customer-data').title)}`,
      '`StorageEncrypted` on `AWS::RDS::DBInstance` · Amazon RDS and Aurora · container model',
    ]);
    assert.match(compact.detail, /^Encryption at rest is an option/);
    assert.match(compact.detail, /\*\*You:\*\* Turn on storage encryption/);
    // Without findings nothing moves; without the option the card is the one every other client gets.
    const engine = text.indexOf('EngineVersion') + 1;
    assert.deepEqual(hoverSections(analysis, engine, text, { findingsShownAbove: true }), hoverSections(analysis, engine, text));
    const full = hoverSections(analysis, offset, text)!;
    assert.equal(hoverMarkdown(analysis, offset, text), `${full.first}\n\n${DETAIL_RULE}\n\n${full.detail}`);
  });

  it('one list of controls per card: the setting’s and its findings’, once', () => {
    const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const card = hoverOn(text, 'StorageEncrypted: false', analysis);
    assert.equal(card.match(/Controls:/g)?.length, 1);
    assert.match(card, /Controls: SecurityHub RDS\\.3, SecurityHub RDS\\.27/);
  });

  it('a literal-secret finding names the same row as the card of its line', () => {
    const { text, analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const secrets = analysis.findings.filter((f) => f.ruleId === 'literal-secret');
    assert.ok(secrets.length >= 2);
    for (const finding of secrets) {
      const card = hoverMarkdown(analysis, finding.span.offset + 1, text)!;
      assert.ok(card.split('\n')[0].endsWith(escapeMarkdown(matrixRow(finding.row as AwsRowId).title)), `${finding.row}: ${card.split('\n')[0]}`);
    }
  });

  it('“Who runs what in Amazon EKS” is on the resource’s kind line only, not on every Kubernetes key', () => {
    const { text, analysis } = analyzeFixture('test/fixtures/kubernetes/risky-workloads.yaml');
    const keys = analysis.settings.map((s) => hoverMarkdown(analysis, s.key.offset + 1, text)!).filter(Boolean);
    assert.ok(keys.length > 20);
    assert.ok(keys.every((card) => !card.includes('Who runs what')));
    const kind = hoverMarkdown(analysis, analysis.resources[0].typeSpan.offset + 1, text)!;
    assert.equal(kind.match(/Who runs what in Amazon EKS/g)?.length, 1);
    assert.ok(kind.indexOf('Who runs what') > kind.indexOf(DETAIL_RULE), 'below the first screen');
  });
});

describe('escaping and masking', () => {
  it('escapeMarkdown neutralises links, HTML and theme icons', () => {
    assert.equal(escapeMarkdown('[a](b)'), '\\[a\\]\\(b\\)');
    assert.equal(escapeMarkdown('<b>'), '&lt;b&gt;');
    assert.equal(escapeMarkdown('$(alert)'), '\\$\\(alert\\)');
  });

  it('escapeHtml neutralises markup and attribute breakouts', () => {
    assert.equal(escapeHtml('"><img onerror=x>'), '&#34;&#62;&#60;img onerror=x&#62;');
  });

  it('maskSecret never shows a password and keeps only a key id prefix', () => {
    assert.equal(maskSecret('hunter2'), '********');
    assert.equal(maskSecret('AKIAIOSFODNN7EXAMPLE'), 'AKIA************');
  });
});

describe('the Problems entry for the language server', () => {
  it('is the message and the row, without controls (the card lists them once)', () => {
    const { analysis } = analyzeFixture('examples/cloudformation/risky-stack.yaml');
    const finding = analysis.findings.find((f) => f.ruleId === 'rds-storage-unencrypted')!;
    assert.equal(diagnosticMessage(finding), `${finding.message} [${matrixRow(finding.row as AwsRowId).title}]`);
    assert.ok(!diagnosticMessage(finding).includes('SecurityHub'));
  });
});

/** A setting made for the card: every optional part present, so each line of the card can be pinned. */
function craftedSetting(text: string, key: string, attribution: Partial<Setting['attribution']> = {}, cfn?: Setting['cfn']): Setting {
  const offset = text.indexOf(key);
  assert.ok(offset >= 0, key);
  return {
    key: { offset, length: key.length },
    span: { offset, length: text.indexOf('\n', offset) - offset },
    resource: 'Db',
    resourceType: 'aws_db_instance',
    path: 'storage_encrypted',
    leaf: true,
    cfn,
    attribution: {
      owner: 'customer',
      row: 'customer-data',
      service: 'rds',
      model: 'container',
      rationale: 'Keys stay yours. AWS never sees them [x](y).',
      customerAction: 'Turn it on.',
      providerAction: 'AWS encrypts.',
      sources: [
        { title: 'Doc A', url: 'https://docs.aws.amazon.com/a' },
        { title: 'Doc B', url: 'https://docs.aws.amazon.com/b' },
      ],
      controls: ['C.1'],
      confidence: 'curated',
      ...attribution,
    },
  };
}

/** The two parts of a card built by settingCard. */
function parts(card: string): { first: string[]; detail: string[] } {
  const [first, detail, ...more] = card.split(`\n\n${DETAIL_RULE}\n\n`);
  assert.equal(more.length, 0, 'one rule');
  return { first: first.split('\n'), detail: detail.split('\n') };
}

const CUSTOMER_DATA = escapeMarkdown(matrixRow('customer-data').title);
const PROSE_NOTE = `_${CUSTOMER_DATA}: a duty the source states in its text, not a row of its table._`;

describe('hover cards, line by line', () => {
  it('a Terraform setting: team, the why and what-to-do cut at a word with the rest in the detail, its CloudFormation property, override, generic note', () => {
    const text = 'X:\n  "Encrypted": false\n';
    const action = 'Turn it on, because a very long reason that goes on and on about keys and snapshots and replicas and backups, really quite long, longer than one line. Then more.';
    const card = settingCard(
      craftedSetting(text, '"Encrypted"', { customerAction: action, confidence: 'fallback', team: 'platform', override: '.rl.yaml overrides[2]' }, { type: 'AWS::RDS::DBInstance', path: 'Properties.StorageEncrypted' }),
      text,
      [],
      'aws',
    );
    assert.deepEqual(parts(card), {
      first: [
        `$(account) **Customer** — platform · ${CUSTOMER_DATA}`,
        '',
        'Keys stay yours\\.',
        '',
        '**You:** Turn it on, because a very long reason that goes on and on about keys and snapshots and replicas and backups, really quite long…',
        '',
        '`Encrypted` on `aws_db_instance` · Amazon RDS and Aurora · container model',
      ],
      detail: [
        '≙ `AWS::RDS::DBInstance.StorageEncrypted` in CloudFormation',
        '',
        'AWS never sees them \\[x\\]\\(y\\)\\.',
        '',
        '**You:** …longer than one line\\. Then more\\.',
        '',
        '**AWS:** AWS encrypts\\.',
        '',
        PROSE_NOTE,
        '',
        '_Organisation override: \\.rl\\.yaml overrides\\[2\\]._',
        '',
        '_Generic attribution: no curated or pattern rule covers this setting yet._',
        '',
        'Sources: [Doc A](https://docs.aws.amazon.com/a) · [Doc B](https://docs.aws.amazon.com/b)  ',
        'Controls: C\\.1',
      ],
    });
  });

  it('a one-sentence why and what-to-do leave nothing for the detail; a table row, no sources and no controls add no line', () => {
    const text = "X:\n  'it''s': 1\n";
    const card = settingCard(
      craftedSetting(text, "'it''s'", { row: 'database-patching', rationale: 'Only one.', sources: [], controls: [], confidence: 'derived', basis: 'name-pattern' }),
      text,
    );
    const { first, detail } = parts(card);
    assert.equal(first[2], 'Only one\\.');
    assert.equal(first[6].split(' on ')[0], "`it''s`", 'only the quotes around the key go');
    assert.deepEqual(detail, ['**AWS:** AWS encrypts\\.', '', '_Derived from the setting’s name; not individually curated._', '', '']);
  });

  it('a setting derived from its resource’s purpose says so; sources without controls have no Controls line', () => {
    const text = 'X:\n  Name: n\n';
    const card = settingCard(craftedSetting(text, 'Name', { confidence: 'derived', basis: 'resource-purpose', controls: [] }), text);
    assert.deepEqual(parts(card).detail.slice(-4), [
      '',
      '_Derived from what this resource is for: no rule or name pattern covers the setting itself._',
      '',
      'Sources: [Doc A](https://docs.aws.amazon.com/a) · [Doc B](https://docs.aws.amazon.com/b)',
    ]);
  });

  it('controls without sources: only the Controls line', () => {
    const text = 'X:\n  Name: n\n';
    const card = settingCard(craftedSetting(text, 'Name', { sources: [], controls: ['C.1', 'C.2'] }), text);
    assert.equal(parts(card).detail.at(-1), 'Controls: C\\.1, C\\.2');
    assert.equal(parts(card).detail.at(-2), '');
  });

  it('a key with a backtick or a line break stays one code span', () => {
    const text = 'X:\n  "a`b\n  c": 1\n';
    const setting = craftedSetting(text, '"a`b');
    const card = settingCard({ ...setting, key: { offset: setting.key.offset, length: '"a`b\n  c"'.length } }, text);
    assert.equal(parts(card).first[6].split(' on ')[0], "`a'b   c`");
  });

  it('the first sentence is kept whole up to 130 characters, cut at the last space before that, or hard at 129 when no space is past the 40th character', () => {
    const text = 'X:\n  Name: n\n';
    const firstLine = (rationale: string) => parts(settingCard(craftedSetting(text, 'Name', { rationale }), text)).first[2];
    const restLine = (rationale: string) => parts(settingCard(craftedSetting(text, 'Name', { rationale }), text)).detail[0];
    const exactly130 = `${'a'.repeat(60)} ${'b'.repeat(68)}.`;
    assert.equal(exactly130.length, 130);
    assert.equal(firstLine(exactly130), escapeMarkdown(exactly130));
    // Spaces at 100 and 130: the cut is before the 130th character, at 100.
    const spaced = `${'a'.repeat(100)} ${'b'.repeat(29)} ${'c'.repeat(20)}.`;
    assert.equal(firstLine(spaced), `${'a'.repeat(100)}…`);
    assert.equal(restLine(spaced), `…${'b'.repeat(29)} ${'c'.repeat(20)}\\.`);
    // The only space at 40: too early to cut at, so the cut is hard.
    const early = `${'a'.repeat(40)} ${'b'.repeat(120)}.`;
    assert.equal(firstLine(early), `${'a'.repeat(40)} ${'b'.repeat(88)}…`);
    const noSpace = `${'a'.repeat(150)}.`;
    assert.equal(firstLine(noSpace), `${'a'.repeat(129)}…`);
    assert.equal(restLine(noSpace), `…${'a'.repeat(21)}\\.`);
    // A sentence starts the text: with a line break before the first full stop there is none, and the text stays whole.
    assert.equal(firstLine('Keys rotate\nyearly. Then more.'), 'Keys rotate yearly\\. Then more\\.');
  });

  it('under the Problems entries, the why and what-to-do move whole to the detail; only findings starting inside the entry and on its resource count', () => {
    const text = 'X:\n  Name: n\n  Next: m\n';
    const setting = craftedSetting(text, 'Name', { rationale: 'Why one. Why two.', customerAction: 'Do one. Do two.' });
    const end = setting.span.offset + setting.span.length;
    const finding = (offset: number, resource = 'Db', controls = ['F.1']) =>
      ({ ruleId: 'r', severity: 'warning', message: 'm', row: 'customer-data', span: { offset, length: 1 }, resource, resourceType: 'aws_db_instance', sources: [], controls, docUrl: '' }) as Finding;
    const analysisWith = (findings: Finding[]) => ({ kind: 'terraform', cloud: 'aws', settings: [setting], findings, errors: [], resources: [] }) as unknown as Analysis;
    const offset = setting.key.offset + 1;
    const compact = hoverSections(analysisWith([finding(setting.span.offset + 2)]), offset, text, { findingsShownAbove: true })!;
    assert.deepEqual(compact.first.split('\n'), [`$(account) **Customer** · ${CUSTOMER_DATA}`, '', '`Name` on `aws_db_instance` · Amazon RDS and Aurora · container model']);
    assert.deepEqual(compact.detail.split('\n').slice(0, 4), ['Why one\\. Why two\\.', '', '**You:** Do one\\. Do two\\.', '']);
    assert.match(compact.detail, /Controls: C\\\.1, F\\\.1$/);
    // A finding at the entry's end (the next line) or on another resource leaves the card whole.
    for (const other of [finding(end), finding(setting.span.offset + 2, 'Other')]) {
      const sections = hoverSections(analysisWith([other]), offset, text, { findingsShownAbove: true })!;
      assert.equal(sections.first.split('\n')[2], 'Why one\\.', JSON.stringify(other.span));
      assert.deepEqual(sections.detail.split('\n').slice(0, 4), ['Why two\\.', '', '**You:** Do two\\.', '']);
      assert.match(sections.detail, /Controls: C\\\.1$/);
    }
  });

  it('an AWS resource card: id, types, service and model, the first sentence of why, counts; the detail has the rest, CDK path, variants and the matrix split', () => {
    const resource: ResourceInfo = { logicalId: 'Cluster', type: 'aws_eks_cluster', key: { offset: 0, length: 1 }, typeSpan: { offset: 0, length: 1 }, service: 'eks', model: 'container', confidence: 'curated', constructPath: 'Stack/Cluster/Resource', cfnType: 'AWS::EKS::Cluster' };
    const owned = (owner: Setting['attribution']['owner']) => craftedSetting('X:\n  Name: n\n', 'Name', { owner });
    const settings = [owned('customer'), owned('customer'), owned('aws'), owned('shared'), owned('shared'), owned('shared')].map((s) => ({ ...s, resource: 'Cluster' }));
    const analysis = { kind: 'terraform', cloud: 'aws', settings, findings: [], errors: [], resources: [resource] } as unknown as Analysis;
    const { first, detail } = parts(resourceCard(resource, analysis));
    assert.deepEqual(first, [
      '**Cluster** · `aws_eks_cluster` ≙ `AWS::EKS::Cluster`',
      '',
      'Amazon EKS · **container** model',
      '',
      'Managed Kubernetes\\: AWS runs and patches the control plane; the customer owns Kubernetes version upgrades, worker nodes \\(unless…',
      '',
      'Settings here: Customer 2 · Shared 3 · AWS 1',
    ]);
    assert.equal(detail[0], '…Fargate\\), workloads and cluster access\\.');
    assert.deepEqual(detail.slice(1, 6), ['', 'CDK construct: `Stack/Cluster/Resource`', '', '**Who runs what in Amazon EKS**', '']);
    assert.match(detail[6], /^- \*\*Auto Mode\*\* \(container\): With EKS Auto Mode .* \[source\]\(https:\/\/docs\.aws\.amazon\.com\/eks\/latest\/userguide\/automode\.html\)$/);
    const split = detail.indexOf('**How the matrix splits for the container model**');
    const titles = (owner: string) => matrix.rows.filter((row) => cellFor(row, 'container').owner === owner).map((row) => row.title);
    assert.equal(detail.length, split + 7, 'the sources end the card');
    assert.deepEqual(detail.slice(split - 1), [
      '',
      '**How the matrix splits for the container model**',
      '',
      `- $(account) **Customer**: ${titles('customer').join('; ')}`,
      `- $(organization) **Shared**: ${titles('shared').join('; ')}`,
      `- $(cloud) **AWS**: ${titles('aws').join('; ')}`,
      '',
      'Sources: [Security in Amazon EKS](https://docs.aws.amazon.com/eks/latest/userguide/security.html)',
    ]);
    assert.ok(titles('aws').includes(matrixRow('database-patching').title));
  });

  it('an AWS resource without variants or construct path: the detail starts with the rest of why, then the split', () => {
    const resource: ResourceInfo = { logicalId: 'Bucket', type: 'AWS::S3::Bucket', key: { offset: 0, length: 1 }, typeSpan: { offset: 0, length: 1 }, service: 's3', model: 'abstracted', confidence: 'curated', variant: undefined };
    const analysis = { kind: 'cloudformation', cloud: 'aws', settings: [], findings: [], errors: [], resources: [resource] } as unknown as Analysis;
    const { first, detail } = parts(resourceCard(resource, analysis));
    assert.equal(first[0], '**Bucket** · `AWS::S3::Bucket`');
    assert.equal(first.at(-1), 'Settings here: Customer 0 · Shared 0 · AWS 0');
    assert.match(detail[0], /^…/);
    assert.deepEqual(detail.slice(1, 4), ['', '**How the matrix splits for the abstracted model**', '']);
  });

  it('an Azure resource card: Microsoft’s side and its matrix split; the generic note only for a fallback service', () => {
    const vault: ResourceInfo = { logicalId: 'vault', type: 'Microsoft.KeyVault/vaults', key: { offset: 0, length: 1 }, typeSpan: { offset: 0, length: 1 }, service: 'Microsoft.KeyVault', model: 'paas', confidence: 'fallback' };
    const analysis = { kind: 'arm', cloud: 'azure', settings: [], findings: [], errors: [], resources: [vault] } as unknown as Analysis;
    const card = resourceCard(vault, analysis);
    assert.deepEqual(parts(card), {
      first: ['**vault** · `Microsoft.KeyVault/vaults`', '', 'Microsoft\\.KeyVault · **PaaS** model _(generic: this service is not classified yet)_', '', 'Settings here: Customer 0 · Shared 0 · Microsoft 0'],
      detail: [
        '**How Microsoft’s matrix splits for PaaS**',
        '',
        '- $(account) **Customer**: Customer data; Configurations and settings; Identities and users; Client devices',
        '- $(organization) **Shared**: Applications; Network controls',
        '- $(cloud) **Microsoft**: Operating system; Physical hosts; Physical network; Physical datacenter',
        '',
        'Sources: [Shared responsibility in the cloud](https://learn.microsoft.com/en-us/azure/security/fundamentals/shared-responsibility)',
      ],
    });
    const curated = resourceCard({ ...vault, confidence: 'curated' }, analysis);
    assert.equal(parts(curated).first[2], 'Microsoft\\.KeyVault · **PaaS** model');
  });
});
