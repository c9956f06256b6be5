/**
 * A hostile repository, as a pull request could make it, scanned by the CLI
 * (dist/cli.js, spawned as CI would run it) in every output format and with
 * --write-baseline. Fixtures are made here, in a temporary folder: symbolic
 * links (loops, a link to a secret outside the folder), a planted git config
 * with a filter driver and a planted `git`, a NUL byte, CR-only line ends, a
 * huge file, a FIFO, an undecodable file name, Terraform siblings that are a
 * planted link or a FIFO, injection strings (in files and in a config's
 * rationale), secrets in keys, URLs and syntax errors, a repository config
 * that turns everything off, the freezes of issue 12 and a file over its time
 * budget.
 *
 * Every scan must end (each process gets a generous time limit, to catch a
 * hang rather than measure speed), and nothing may leak: no piece of four or
 * more characters of any planted secret, and nothing from outside the scanned
 * folder, appears in any output format, on stderr or in the baseline.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './helpers';
import { render } from './markdownRender';
import { isDocumentationUrl } from '../../src/core/engine/text';
import { sarifErrors } from './sarifSchema';
import { slowTemplate } from './slowTemplate';

const FORMATS = ['text', 'json', 'sarif', 'markdown', 'csv'] as const;
/** Ends a hung scan; a scan of these small folders takes a second or two. */
const HANG_LIMIT_MS = 120_000;

/**
 * Secrets are mixed-case letters and digits in an order that no report text
 * has (no English word, no hex id), so any 4-character piece of one showing
 * up in an output is a leak, not a coincidence.
 */
const SECRETS = {
  outside: 'q7Z3x9K1w4V8m2B6t5N0r8Y2h6J4p1L9',
  keyLine1: 'b7Q2z9X4k1W8v3M6n5T0y2R8j4H6g1P9f3D7c5S2a8E4u6F1',
  keyLine2: 'Z8x1Q7w4K9v2M3b6N5t0Y8r2H4j6G1p9D3f7C5s2A4e8U6',
  urlToken: 'k3W8z1Q7v9X4m2N6b5T0r8Y2',
  terraform: 'P4d9Q2k7Z1x8W3v6M5n0T8b2',
  urlPassword: 'h5J2r8Y4t0N6b3M9v1W7x2K8',
};

interface Scan {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Scan {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], { cwd, encoding: 'utf8', timeout: HANG_LIMIT_MS, env, maxBuffer: 1 << 28 });
  assert.notEqual(result.signal, 'SIGTERM', `scan ${args.join(' ')} did not end within ${HANG_LIMIT_MS / 1000} s`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every output of one scan: the five formats, their stderr, and the baseline it wrote. */
function everyOutput(folder: string, extra: string[] = [], env?: NodeJS.ProcessEnv): { scans: Record<string, Scan>; baseline: string; all: string } {
  const scans: Record<string, Scan> = {};
  for (const format of FORMATS) scans[format] = cli(['scan', '--format', format, ...extra, '.'], folder, env);
  const baselineFile = path.join(os.tmpdir(), `rl-hostile-baseline-${process.pid}.json`);
  cli(['scan', '--format', 'json', '--write-baseline', baselineFile, ...extra, '.'], folder, env);
  const baseline = fs.readFileSync(baselineFile, 'utf8');
  fs.rmSync(baselineFile, { force: true });
  const all = [...Object.values(scans).flatMap((scan) => [scan.stdout, scan.stderr]), baseline].join('\n');
  return { scans, baseline, all };
}

/** Fails when any piece of four or more characters of `secret` occurs in `text`. */
function assertNoFragment(text: string, secret: string, what: string): void {
  for (let start = 0; start + 4 <= secret.length; start++) {
    const piece = secret.slice(start, start + 4);
    const at = text.indexOf(piece);
    assert.equal(at, -1, `${what}: "${piece}" (from a planted secret) appears in the output: …${text.slice(Math.max(0, at - 60), at + 60)}…`);
  }
}

const folders: string[] = [];
function folder(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `rl-hostile-${prefix}-`)));
  folders.push(dir);
  return dir;
}
after(() => folders.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function write(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

const TEMPLATE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicReadWrite\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: false\n      PubliclyAccessible: true\n      EnableCloudwatchLogsExports: [error]\n';

describe('hostile repository, scanned through the CLI', function () {
  this.timeout(15 * 60_000);

  describe('links, loops and files that cannot be analysed', () => {
    let repo: string;
    let outside: string;
    let result: ReturnType<typeof everyOutput>;

    before(() => {
      const base = folder('links');
      outside = path.join(base, 'outside');
      repo = path.join(base, 'repo');
      fs.mkdirSync(repo);
      // Outside the scanned folder: a "private key" a link in the repository points at.
      write(outside, 'id_test', `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRETS.outside}\n-----END OPENSSH PRIVATE KEY-----\n`);
      write(outside, 'template.yaml', TEMPLATE.replace('Logs', `Outside${SECRETS.outside.slice(0, 8)}`));
      write(repo, 'templates/stack.yaml', TEMPLATE);
      fs.symlinkSync(path.join(outside, 'id_test'), path.join(repo, 'bootstrap.properties'));
      fs.symlinkSync(path.join(outside, 'template.yaml'), path.join(repo, 'linked-out.yaml'));
      fs.symlinkSync(path.join(repo, 'templates/stack.yaml'), path.join(repo, 'linked-in.yaml'));
      fs.symlinkSync(outside, path.join(repo, 'outside-folder'));
      // Two links to the parent and one to itself: the old walk never ended.
      fs.symlinkSync('..', path.join(repo, 'templates/up'));
      fs.symlinkSync('..', path.join(repo, 'templates/up2'));
      fs.symlinkSync('.', path.join(repo, 'templates/self'));
      // A NUL byte in a comment, CR-only line ends, a huge file, a FIFO, an undecodable name.
      write(repo, 'nul.yaml', TEMPLATE.replace('Resources:\n', 'Resources:\n# a \u0000 here\n'));
      write(repo, 'cr-only.yaml', TEMPLATE.replace(/\n/g, '\r'));
      const huge = path.join(repo, 'huge.yaml');
      fs.writeFileSync(huge, TEMPLATE);
      fs.truncateSync(huge, 64 * 1024 * 1024);
      spawnSync('mkfifo', [path.join(repo, 'fifo.yaml')]);
      fs.writeFileSync(Buffer.concat([Buffer.from(`${repo}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.yaml')]), TEMPLATE);
      // Terraform reads the files beside a .tf file (variable defaults, tfvars): a planted link to a file
      // outside, with a syntax error that would quote it, and a FIFO that would block the reader.
      write(outside, 'secret.tf', `variable "db_password" {\n  default = "${SECRETS.outside}"\n}\n${SECRETS.outside} {\n`);
      write(repo, 'tf/main.tf', 'resource "aws_db_instance" "db" {\n  password            = var.db_password\n  publicly_accessible = true\n}\n');
      fs.symlinkSync(path.join(outside, 'secret.tf'), path.join(repo, 'tf/variables.tf'));
      spawnSync('mkfifo', [path.join(repo, 'tf/prod.auto.tfvars')]);
      result = everyOutput(repo);
    });

    it('every scan ends and exits 0 or 1 (findings), never 2', () => {
      for (const [format, scan] of Object.entries(result.scans)) assert.ok(scan.status === 0 || scan.status === 1, `${format}: exit ${scan.status}: ${scan.stderr}`);
    });

    it('nothing from outside the folder is read: no piece of the linked secret or template anywhere, baseline included', () => {
      assertNoFragment(result.all, SECRETS.outside, 'outside secret');
      assert.ok(!result.all.includes('Outside'), 'the linked outside template was analysed');
    });

    it('a Terraform file beside a planted link and a FIFO is analysed without reading either', () => {
      const report = JSON.parse(result.scans.json.stdout) as { files: { path: string; findings: { ruleId: string }[]; errors: { message: string }[] }[] };
      const terraform = report.files.find((file) => file.path === path.join('tf', 'main.tf'));
      assert.ok(terraform, report.files.map((file) => file.path).join(', '));
      assert.ok(terraform.findings.some((finding) => finding.ruleId === 'rds-publicly-accessible'), JSON.stringify(terraform.findings));
      // That nothing of the linked file was read is the test above: no piece of its secret anywhere.
    });

    it('a link to a file inside the folder is read; links to folders are not followed', () => {
      const report = JSON.parse(result.scans.json.stdout) as { files: { path: string; findings: unknown[] }[] };
      const paths = report.files.map((file) => file.path).sort();
      assert.ok(paths.includes('linked-in.yaml'), paths.join(', '));
      assert.ok(paths.includes(path.join('templates', 'stack.yaml')));
      assert.ok(!paths.some((file) => file.includes('up') || file.includes('self') || file.includes('outside-folder')), paths.join(', '));
    });

    it('a CR-only file is read correctly: the same findings as with LF', () => {
      const report = JSON.parse(result.scans.json.stdout) as { files: { path: string; findings: { ruleId: string; line: number }[] }[] };
      const cr = report.files.find((file) => file.path === 'cr-only.yaml')!;
      const lf = report.files.find((file) => file.path === path.join('templates', 'stack.yaml'))!;
      assert.deepEqual(
        cr.findings.map((finding) => `${finding.ruleId}:${finding.line}`),
        lf.findings.map((finding) => `${finding.ruleId}:${finding.line}`),
      );
      assert.ok(cr.findings.length >= 2);
    });

    it('every file that could not be analysed is listed, with why, in every format', () => {
      const expected: [string, string][] = [
        ['bootstrap.properties', 'outside-root'],
        ['linked-out.yaml', 'outside-root'],
        ['nul.yaml', 'binary'],
        ['huge.yaml', 'too-large'],
        ['fifo.yaml', 'not-a-file'],
        ['bad-', 'undecodable-name'],
        ['outside-folder', 'symlinked-folder'],
        ['variables.tf', 'outside-root'],
        ['up', 'symlinked-folder'],
        ['self', 'symlinked-folder'],
      ];
      const json = JSON.parse(result.scans.json.stdout) as { unanalysed: { path: string; reason: string }[] };
      for (const [name, reason] of expected) {
        assert.ok(
          json.unanalysed.some((entry) => entry.path.includes(name) && entry.reason === reason),
          `JSON lists ${name} as ${reason}: ${JSON.stringify(json.unanalysed)}`,
        );
        for (const format of ['text', 'markdown', 'csv', 'sarif'] as const) {
          assert.ok(result.scans[format].stdout.includes(reason), `${format} says ${reason}`);
        }
      }
      const sarif = JSON.parse(result.scans.sarif.stdout);
      assert.equal(sarifErrors(sarif), '', 'valid SARIF 2.1.0');
      assert.ok(sarif.runs[0].properties.unanalysed.length >= expected.length);
      assert.ok(sarif.runs[0].invocations[0].toolExecutionNotifications.some((note: { descriptor: { id: string } }) => note.descriptor.id === 'not-analysed/outside-root'));
    });

    it('--fail-on-unanalysed makes such a scan fail; the huge file was never read whole', () => {
      const scan = cli(['scan', '--fail-on', 'never', '--fail-on-unanalysed', '.'], repo);
      assert.equal(scan.status, 1);
      assert.equal(cli(['scan', '--fail-on', 'never', '.'], repo).status, 0);
      assert.match(result.scans.text.stdout, /huge\.yaml\s+too-large\s+is too large to analyse \(67\.1 MB; the limit is 15 MB\); it was not read/);
    });
  });

  describe('secrets in keys, URLs and syntax errors', () => {
    let result: ReturnType<typeof everyOutput>;

    before(() => {
      const repo = folder('secrets');
      // A private key committed as a .properties file: every line is a key.
      write(repo, 'bootstrap.properties', `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRETS.keyLine1}\n${SECRETS.keyLine2}\n-----END OPENSSH PRIVATE KEY-----\n`);
      write(repo, 'Dockerfile', `FROM alpine:3.20\nADD https://downloads.example.com/tool.tgz?token=${SECRETS.urlToken}&v=2 /opt/\nADD https://deploy:${SECRETS.urlPassword}@downloads.example.com/b.tgz /opt/\nUSER app\n`);
      write(repo, 'main.tf', `resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n\nresource "aws_iam_access_key" "k" {\n  secret ${SECRETS.terraform} {\n`);
      result = everyOutput(repo);
    });

    it('no piece of any secret appears in any format, on stderr or in the baseline', () => {
      for (const name of ['keyLine1', 'keyLine2', 'urlToken', 'terraform', 'urlPassword'] as const) assertNoFragment(result.all, SECRETS[name], name);
    });

    it('the findings and errors are still reported, masked', () => {
      const report = JSON.parse(result.scans.json.stdout) as { files: { path: string; settings: { key: string }[]; findings: { ruleId: string; message: string }[]; errors: { message: string }[] }[] };
      const docker = report.files.find((file) => file.path === 'Dockerfile')!;
      assert.ok(docker.findings.some((finding) => finding.ruleId === 'docker-add-remote-url' && /tool\.tgz\?…/.test(finding.message)), JSON.stringify(docker.findings));
      const terraform = report.files.find((file) => file.path === 'main.tf')!;
      assert.match(terraform.errors[0].message, /Terraform syntax error/);
      const properties = report.files.find((file) => file.path === 'bootstrap.properties');
      if (properties) assert.ok(properties.settings.every((setting) => !setting.key.includes(SECRETS.keyLine1.slice(0, 16))));
    });
  });

  describe('injection strings', () => {
    const injection = '](https://evil.example/p.png) ![t](https://evil.example/t.png) <img src=x> \u202Egnp.exe\u2069 \u001b[31mred\r';
    let result: ReturnType<typeof everyOutput>;

    before(() => {
      const repo = folder('inject');
      const quoted = JSON.stringify(injection);
      write(repo, 'inject.yaml', `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ${quoted}:\n    Type: ${JSON.stringify(`Custom::X${injection}`)}\n    Properties:\n      ${quoted}: ${quoted}\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: false\n`);
      write(repo, `odd ${'[x](https:evil.example)'}.yaml`, TEMPLATE);
      // A rationale is config text that reports and hovers show.
      write(repo, '.responsibility-lens.yaml', `overrides:\n  - type: "AWS::RDS::*"\n    rationale: ${quoted}\n    team: ${quoted}\n`);
      result = everyOutput(repo);
    });

    it('the Markdown report renders no link or image from the files', () => {
      const { links, images } = render(result.scans.markdown.stdout);
      assert.deepEqual(images, []);
      for (const link of links) assert.ok(isDocumentationUrl(link) || !/^[a-z]+:/i.test(link), `a link to ${link}`);
    });

    it('no raw escape, bidi control or lone CR reaches the text, Markdown or CSV output', () => {
      for (const format of ['text', 'markdown', 'csv'] as const) {
        // eslint-disable-next-line no-control-regex -- looking for control characters is the point
        assert.ok(!/[\u001b\u202A-\u202E\u2066-\u2069]|\r(?!\n)/.test(result.scans[format].stdout), `${format} carries a raw control character`);
      }
    });
  });

  describe('a repository config that turns everything off', () => {
    let repo: string;
    let organisationConfig: string;

    before(() => {
      repo = folder('config');
      write(repo, 'templates/stack.yaml', TEMPLATE);
      write(repo, 'infra/db.yaml', TEMPLATE);
      write(repo, '.responsibility-lens.yaml', 'overrides:\n  - rule: rds-publicly-accessible\n    severity: "off"\n  - type: "AWS::RDS::*"\n    severity: info\n  - type: "*"\n    owner: aws\nexclude:\n  - "infra/**"\n');
      organisationConfig = write(folder('org'), 'org.yaml', 'team: platform\noverrides:\n  - rule: rds-storage-unencrypted\n    severity: error\n');
    });

    it('every format says what the repository config silenced and how much', () => {
      const { scans } = everyOutput(repo);
      const json = JSON.parse(scans.json.stdout) as { silenced: { source: string; origin: string; findingsRemoved: number; findingsLowered: number; filesExcluded: number; foldersExcluded: number; settingsMovedFromCustomer: number }[] };
      const by = (source: string) => json.silenced.find((entry) => entry.source === source)!;
      assert.equal(by('.responsibility-lens.yaml overrides[0]').findingsRemoved, 1);
      assert.equal(by('.responsibility-lens.yaml overrides[1]').findingsLowered, 1);
      assert.ok(by('.responsibility-lens.yaml overrides[2]').settingsMovedFromCustomer >= 1);
      assert.equal(by('.responsibility-lens.yaml exclude').foldersExcluded, 1);
      assert.ok(json.silenced.every((entry) => entry.origin === 'repository'));
      for (const format of ['text', 'markdown', 'csv'] as const) {
        // Markdown as it reads once rendered (its text is escaped).
        const shown = format === 'markdown' ? render(scans[format].stdout).html : scans[format].stdout;
        assert.match(shown, /overrides\[0\]/, format);
        assert.match(shown, /removed 1 finding/, format);
        assert.match(shown, /kept 1 folder\(s\) out of the scan/, format);
      }
      const sarif = JSON.parse(scans.sarif.stdout);
      assert.equal(sarifErrors(sarif), '', 'valid SARIF 2.1.0');
      assert.equal(sarif.runs[0].properties.silenced.length, json.silenced.length);
    });

    it('with --config, the repository config cannot weaken the organisation config', () => {
      const plain = JSON.parse(cli(['scan', '--format', 'json', '--no-config', '.'], repo).stdout) as { files: { findings: { ruleId: string; severity: string }[] }[] };
      const layered = JSON.parse(cli(['scan', '--format', 'json', '--config', organisationConfig, '.'], repo).stdout) as {
        files: { path: string; findings: { ruleId: string; severity: string }[]; settings: { owner: string; team?: string }[] }[];
        silenced: { source: string; refused: boolean; origin: string }[];
      };
      const count = (report: { files: { findings: { ruleId: string; severity: string }[] }[] }) => report.files.flatMap((file) => file.findings.map((finding) => `${finding.ruleId}:${finding.severity}`)).sort();
      // Nothing turned off, lowered or excluded: the same findings as without any config, except what the organisation raised.
      assert.deepEqual(
        count(layered),
        count(plain).map((key) => (key.startsWith('rds-storage-unencrypted:') ? 'rds-storage-unencrypted:error' : key)),
      );
      assert.ok(layered.files.some((file) => file.path.startsWith('infra')), 'the repository exclude is refused');
      const owners = (report: { files: { settings: { owner: string }[] }[] }) => report.files.flatMap((file) => file.settings.map((setting) => setting.owner));
      assert.deepEqual(owners(layered), owners(plain as unknown as typeof layered), 'no owner moved away from the customer');
      // overrides[1] never gets to decide: the organisation's override, then the refused overrides[0], match first.
      for (const source of ['.responsibility-lens.yaml overrides[0]', '.responsibility-lens.yaml overrides[2]', '.responsibility-lens.yaml exclude']) {
        const entry = layered.silenced.find((candidate) => candidate.source === source);
        assert.ok(entry?.refused && entry.origin === 'repository', `${source} is reported as refused: ${JSON.stringify(layered.silenced)}`);
      }
    });
  });

  describe('git and files written', () => {
    let repo: string;
    let marker: string;

    before(() => {
      repo = folder('git');
      marker = path.join(folder('marker'), 'ran');
      const git = (...args: string[]) => {
        const done = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
        assert.equal(done.status, 0, done.stderr);
      };
      git('init', '-q');
      git('config', 'user.email', 'test@example.com');
      git('config', 'user.name', 'test');
      write(repo, 'stack.yaml', TEMPLATE);
      write(repo, '.gitattributes', '*.yaml filter=evil diff=evil\n');
      git('add', '-A');
      git('commit', '-qm', 'init');
      // Planted after the commit: a filter driver, a textconv and an external diff that would leave a marker.
      const touch = `sh -c 'echo ran >> ${marker}; cat'`;
      git('config', 'filter.evil.clean', touch);
      git('config', 'filter.evil.smudge', touch);
      git('config', 'diff.evil.textconv', touch);
      git('config', 'diff.external', touch);
      // And a `git` of its own in the scanned folder, first on PATH.
      write(repo, 'bin/git', `#!/bin/sh\necho ran >> ${marker}\nexit 1\n`);
      fs.chmodSync(path.join(repo, 'bin/git'), 0o755);
      write(repo, 'git', `#!/bin/sh\necho ran >> ${marker}\n`);
      fs.chmodSync(path.join(repo, 'git'), 0o755);
      // A change in the working tree, so git compares content.
      write(repo, 'stack.yaml', `${TEMPLATE}  Extra:\n    Type: AWS::SQS::Queue\n`);
      write(repo, 'new.yaml', TEMPLATE);
    });

    it('--changed-since runs no filter driver, textconv, external diff or planted git', () => {
      const env = { ...process.env, PATH: `${path.join(repo, 'bin')}${path.delimiter}.${path.delimiter}${process.env.PATH}` };
      const scan = cli(['scan', '--format', 'json', '--changed-since', 'HEAD', '.'], repo, env);
      assert.ok(scan.status === 0 || scan.status === 1, scan.stderr);
      assert.equal(fs.existsSync(marker), false, `something from the repository ran: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`);
      const paths = (JSON.parse(scan.stdout) as { files: { path: string }[] }).files.map((file) => file.path).sort();
      assert.deepEqual(paths, ['new.yaml', 'stack.yaml']);
    });

    it('--write-baseline replaces a planted link instead of writing through it', () => {
      const target = write(folder('victim'), 'victim.txt', 'precious\n');
      const link = path.join(repo, 'baseline.json');
      fs.symlinkSync(target, link);
      const scan = cli(['scan', '--format', 'json', '--write-baseline', 'baseline.json', 'stack.yaml'], repo);
      assert.ok(scan.status === 0 || scan.status === 1, scan.stderr);
      assert.equal(fs.readFileSync(target, 'utf8'), 'precious\n');
      assert.ok(fs.lstatSync(link).isFile(), 'the link was replaced by the baseline');
      assert.equal(JSON.parse(fs.readFileSync(link, 'utf8')).version, 1);
      assert.deepEqual(fs.readdirSync(repo).filter((name) => name.endsWith('.tmp')), [], 'no temporary file is left');
    });
  });

  describe('baselines read', () => {
    it('a --baseline that is a FIFO is not opened (it would block for ever): exit 2 with a clear message', () => {
      const repo = folder('baseline-fifo');
      write(repo, 'stack.yaml', TEMPLATE);
      spawnSync('mkfifo', [path.join(repo, 'baseline.json')]);
      const scan = cli(['scan', '--baseline', 'baseline.json', '.'], repo);
      assert.equal(scan.status, 2);
      assert.match(scan.stderr, /baseline baseline\.json is not a regular file/);
      assert.equal(scan.stdout, '');
    });
  });

  describe('freezes of issue 12, end to end', () => {
    let repo: string;

    before(() => {
      repo = folder('freeze');
      write(repo, 'main.tf.json', `{"resource":{"aws_s3_bucket":{"b":{"bucket":"\${${' '.repeat(4_000)}"}}}}`);
      write(repo, 'Dockerfile', Array.from({ length: 4_000 }, (_, index) => `FROM img AS s${index}`).join('\n'));
      write(repo, 'application.yml', `spring:\n  web:\n    cors:\n      allowed-origins: "${' '.repeat(100_000)}"\n`);
      write(repo, 'many-ignores.yaml', `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${'# responsibility-lens:ignore rds-publicly-accessible -- reviewed\n'.repeat(40_000)}  B:\n    Type: AWS::S3::Bucket\n`);
      write(repo, 'long-types.yaml', `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${Array.from({ length: 200 }, (_, index) => `  R${index}:\n    Type: ${'a'.repeat(60)}\n    Properties:\n      A: 1\n`).join('')}`);
      write(repo, '.responsibility-lens.yaml', `overrides:\n${'  - type: "*a*a*a*a*a*a*a*a*a*a::*"\n    owner: aws\n'.repeat(10)}`);
      write(repo, 'ingress.yaml', `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      SecurityGroupIngress:\n${'        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0\n'.repeat(60_000)}`);
    });

    it('each ends, in every format, and every file is either analysed or listed as not analysed', () => {
      const { scans } = everyOutput(repo);
      for (const [format, scan] of Object.entries(scans)) assert.ok(scan.status === 0 || scan.status === 1, `${format}: exit ${scan.status}: ${scan.stderr}`);
      const report = JSON.parse(scans.json.stdout) as { files: { path: string }[]; unanalysed?: { path: string }[] };
      const seen = new Set([...report.files, ...(report.unanalysed ?? [])].map((entry) => entry.path));
      for (const name of ['main.tf.json', 'Dockerfile', 'application.yml', 'many-ignores.yaml', 'long-types.yaml', 'ingress.yaml']) assert.ok(seen.has(name), `${name} is neither analysed nor listed: ${[...seen].join(', ')}`);
    });

    it('a file over its time budget is stopped, listed as not analysed in every format, and fails the run with --fail-on-unanalysed', () => {
      const slow = folder('budget');
      write(slow, 'slow.yaml', slowTemplate(40_000));
      write(slow, 'stack.yaml', TEMPLATE);
      const { scans } = everyOutput(slow, ['--time-budget', '1000']);
      const json = JSON.parse(scans.json.stdout) as { files: { path: string; findings: unknown[]; errors: { message: string }[] }[]; unanalysed: { path: string; reason: string }[] };
      assert.deepEqual(json.unanalysed.map((entry) => `${entry.path} ${entry.reason}`), ['slow.yaml over-budget']);
      assert.match(json.files.find((file) => file.path === 'slow.yaml')!.errors[0].message, /time budget of 1000 ms/);
      assert.ok(json.files.find((file) => file.path === 'stack.yaml')!.findings.length >= 2, 'the other file is analysed');
      for (const format of ['text', 'markdown', 'csv', 'sarif'] as const) assert.match(scans[format].stdout, /over-budget/, format);
      assert.equal(cli(['scan', '--fail-on', 'never', '--fail-on-unanalysed', '--time-budget', '1000', '.'], slow).status, 1);
    });

    it('a 40 MB config is refused before it is parsed, with a clear message', () => {
      const big = folder('bigconfig');
      write(big, 'stack.yaml', TEMPLATE);
      const config = path.join(big, '.responsibility-lens.yaml');
      fs.writeFileSync(config, `overrides:\n${'  - type: AWS::S3::Bucket\n    owner: aws\n'.repeat(1_000_000)}`);
      const scan = cli(['scan', '.'], big);
      assert.equal(scan.status, 2);
      assert.match(scan.stderr, /The configuration is \d+\.\d MB; the limit is 1 MB/);
    });
  });
});
