import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';
import { runCli, tempDir } from './cliHelpers';
import { csvCell } from '../../src/core/reports/csv';

const RISKY = fs.readFileSync(path.join(ROOT, 'examples/cloudformation/risky-stack.yaml'), 'utf8');
const HARDENED = fs.readFileSync(path.join(ROOT, 'examples/cloudformation/hardened-stack.yaml'), 'utf8');
const WARNING_ONLY = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false
`;

function withFolder(files: Record<string, string>, body: (dir: string) => void): void {
  const { dir, cleanup } = tempDir();
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    body(dir);
  } finally {
    cleanup();
  }
}

const scannedPaths = (stdout: string) => (JSON.parse(stdout).files as { path: string }[]).map((file) => file.path.split(path.sep).join('/'));

describe('CLI in CI', function () {
  // Each test spawns the CLI several times; on a loaded machine that passes mocha's 20 s default.
  this.timeout(120_000);
  describe('--fail-on and exit codes', () => {
    it('error (the default) fails on errors only; warning fails on warnings too; never always passes', function () {
      this.timeout(60_000); // ten CLI processes, on a machine that may be shared
      withFolder({ 'risky.yaml': RISKY, 'warn.yaml': WARNING_ONLY, 'ok.yaml': HARDENED }, (dir) => {
        assert.equal(runCli(['scan', 'risky.yaml'], dir).status, 1);
        assert.equal(runCli(['scan', 'warn.yaml'], dir).status, 0);
        assert.equal(runCli(['scan', '--fail-on', 'error', 'warn.yaml'], dir).status, 0);
        assert.equal(runCli(['scan', '--fail-on', 'warning', 'warn.yaml'], dir).status, 1);
        assert.equal(runCli(['scan', '--fail-on=warning', 'ok.yaml'], dir).status, 0);
        assert.equal(runCli(['scan', '--fail-on', 'never', 'risky.yaml'], dir).status, 0);
        for (const format of ['json', 'sarif', 'markdown', 'csv']) assert.equal(runCli(['scan', '--format', format, 'risky.yaml'], dir).status, 1, format);
      });
    });

    it('usage mistakes exit 2 with a message on stderr and nothing on stdout', () => {
      for (const args of [['scan', '--fail-on', 'sometimes'], ['scan', '--format', 'xml'], ['scan', '--baseline'], ['scan', '--bogus'], ['frobnicate'], ['scan', '--changed-since', '--upload-pack=x']]) {
        const result = runCli(args);
        assert.equal(result.status, 2, args.join(' '));
        assert.equal(result.stdout, '', args.join(' '));
        assert.match(result.stderr, /responsibility-lens: /);
      }
      const help = runCli(['scan', '--help']);
      assert.equal(help.status, 0);
      assert.match(help.stdout, /--fail-on error\|warning\|never/);
      assert.match(help.stdout, /Exit codes: 0 no findings at the --fail-on level, 1 findings at that level, 2 usage or internal error/);
    });

    it('--version prints the version of package.json and nothing else', () => {
      const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      for (const args of [['--version'], ['-V'], ['scan', '--version']]) {
        const result = runCli(args);
        assert.equal(result.status, 0, args.join(' '));
        assert.equal(result.stdout, `${version}\n`, args.join(' '));
        assert.equal(result.stderr, '');
      }
    });

    it('a path that does not exist exits 2 in every format, names the path, and prints no report', () => {
      withFolder({ 'examples/stack.yaml': RISKY }, (dir) => {
        for (const format of ['text', 'json', 'sarif', 'markdown', 'csv']) {
          const result = runCli(['scan', '--format', format, '--fail-on', 'never', 'exmaples'], dir);
          assert.equal(result.status, 2, format);
          assert.equal(result.stdout, '', `no ${format} report, so no SARIF run claims success`);
          assert.match(result.stderr, /^responsibility-lens: no such file or directory: exmaples$/m, format);
        }
        const mixed = runCli(['scan', 'examples', 'exmaples/stack.yaml'], dir);
        assert.equal(mixed.status, 2, 'one missing path among good ones still fails');
        assert.match(mixed.stderr, /no such file or directory: exmaples\/stack\.yaml/);
        assert.equal(mixed.stdout, '');
      });
    });

    it('a scan that finds no supported file says so on stderr; --require-files makes it exit 3', () => {
      withFolder({ 'docs/notes.txt': 'hello', 'docs/readme.md': '# hi', 'infra/stack.yaml': HARDENED }, (dir) => {
        const quiet = runCli(['scan', '--format', 'json', 'docs'], dir);
        assert.equal(quiet.status, 0);
        assert.deepEqual(JSON.parse(quiet.stdout).files, []);
        assert.match(quiet.stderr, /^responsibility-lens: no supported file found in docs$/m);

        const explicit = runCli(['scan', 'docs/readme.md'], dir);
        assert.match(explicit.stderr, /no supported file found in docs\/readme\.md \(1 file\(s\) read, none of a supported format\)/);

        for (const format of ['text', 'sarif']) {
          const required = runCli(['scan', '--require-files', '--format', format, 'docs'], dir);
          assert.equal(required.status, 3, format);
          assert.equal(required.stdout, '', format);
          assert.match(required.stderr, /no supported file found in docs/);
        }
        const excluded = runCli(['scan', '--require-files', '--exclude', 'infra/**', '.'], dir);
        assert.equal(excluded.status, 3, 'everything excluded is nothing scanned');

        const found = runCli(['scan', '--require-files', 'infra'], dir);
        assert.equal(found.status, 0);
        assert.equal(found.stderr, '');
      });
    });

    it('progress never reaches stdout, and stderr stays quiet when it is not a terminal', () => {
      const result = runCli(['scan', '--format', 'json', 'examples']);
      assert.doesNotThrow(() => JSON.parse(result.stdout));
      assert.equal(result.stderr, '');
    });
  });

  describe('baselines', () => {
    it('round trip: a saved report hides known findings, even after lines move, and shows new ones', () => {
      withFolder({ 'stack.yaml': RISKY }, (dir) => {
        const first = runCli(['scan', '--format', 'json', '--write-baseline', 'baseline.json', 'stack.yaml'], dir);
        assert.equal(first.status, 1);
        const saved = JSON.parse(fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8'));
        assert.deepEqual(saved, JSON.parse(first.stdout), 'the baseline is the JSON report');
        assert.ok(saved.files[0].findings.every((finding: { fingerprint?: string }) => /^[0-9a-f]{16}$/.test(finding.fingerprint ?? '')));

        const again = runCli(['scan', '--format', 'json', '--baseline', 'baseline.json', 'stack.yaml'], dir);
        assert.equal(again.status, 0, 'nothing new');
        assert.deepEqual(JSON.parse(again.stdout).files[0].findings, []);

        // Move every line down and add one new insecure resource at the end.
        fs.writeFileSync(
          path.join(dir, 'stack.yaml'),
          `# moved\n# down\n${RISKY.trimEnd()}\n  NewOpenGroup:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: new\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 3389\n          ToPort: 3389\n          CidrIp: 0.0.0.0/0\n`,
        );
        const moved = runCli(['scan', '--format', 'json', '--baseline', 'baseline.json', 'stack.yaml'], dir);
        assert.equal(moved.status, 1);
        const findings = JSON.parse(moved.stdout).files[0].findings;
        assert.deepEqual(
          findings.map((finding: { ruleId: string; resource: string }) => `${finding.resource}:${finding.ruleId}`),
          ['NewOpenGroup:sg-world-open-admin-port'],
        );
        const markdown = runCli(['scan', '--format', 'markdown', '--baseline', 'baseline.json', 'stack.yaml'], dir).stdout;
        assert.match(markdown, new RegExp(`_${saved.files[0].findings.length} finding\\(s\\) already in the baseline \`baseline.json\` are not shown\\._`));
      });
    });

    it('a report without fingerprints still works as a baseline (matched by file, rule and message)', () => {
      withFolder({ 'stack.yaml': RISKY }, (dir) => {
        const report = JSON.parse(runCli(['scan', '--format', 'json', 'stack.yaml'], dir).stdout);
        for (const finding of report.files[0].findings) {
          for (const key of Object.keys(finding)) if (!['line', 'column', 'ruleId', 'severity', 'message', 'row'].includes(key)) delete finding[key];
        }
        fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify(report));
        const result = runCli(['scan', '--baseline', 'old.json', 'stack.yaml'], dir);
        assert.equal(result.status, 0);
        assert.match(result.stdout, /0 finding\(s\)/);
      });
    });

    it('a missing or foreign baseline is a usage error (exit 2)', () => {
      withFolder({ 'stack.yaml': RISKY, 'other.json': '{"runs": []}' }, (dir) => {
        assert.equal(runCli(['scan', '--baseline', 'nope.json', 'stack.yaml'], dir).status, 2);
        const foreign = runCli(['scan', '--baseline', 'other.json', 'stack.yaml'], dir);
        assert.equal(foreign.status, 2);
        assert.match(foreign.stderr, /not a responsibility-lens JSON report/);
      });
    });
  });

  describe('include, exclude and the organisation config', () => {
    const tree = { 'infra/a.yaml': RISKY, 'infra/b.yaml': HARDENED, 'cdk.out/Stack.template.json': JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: {} } } }), 'app/c.yaml': HARDENED };

    it('--include and --exclude globs are relative to the scanned folder', () => {
      withFolder(tree, (dir) => {
        assert.deepEqual(scannedPaths(runCli(['scan', '--format', 'json', '.'], dir).stdout), ['app/c.yaml', 'cdk.out/Stack.template.json', 'infra/a.yaml', 'infra/b.yaml']);
        assert.deepEqual(scannedPaths(runCli(['scan', '--format', 'json', '--exclude', 'cdk.out/**', '--exclude', '**/a.yaml', '.'], dir).stdout), ['app/c.yaml', 'infra/b.yaml']);
        assert.deepEqual(scannedPaths(runCli(['scan', '--format', 'json', '--include', 'infra/**'], dir).stdout), ['infra/a.yaml', 'infra/b.yaml']);
      });
    });

    it('honours .responsibility-lens.yaml in the scanned folder: globs, overrides and team', () => {
      const config = `team: platform team
exclude: ["cdk.out/**"]
overrides:
  - rule: sg-world-open-admin-port
    severity: warning
  - rule: rds-publicly-accessible
    severity: "off"
  - rule: policy-public-principal
    severity: warning
  - rule: iam-admin-wildcard
    severity: warning
  - rule: literal-secret
    severity: warning
`;
      withFolder({ ...tree, '.responsibility-lens.yaml': config }, (dir) => {
        const result = runCli(['scan', '--format', 'json', '.'], dir);
        assert.equal(result.status, 0, 'every error was re-graded or dropped');
        const report = JSON.parse(result.stdout);
        assert.deepEqual(scannedPaths(result.stdout), ['app/c.yaml', 'infra/a.yaml', 'infra/b.yaml']);
        const risky = report.files.find((file: { path: string }) => file.path.endsWith('a.yaml'));
        assert.ok(!risky.findings.some((finding: { ruleId: string }) => finding.ruleId === 'rds-publicly-accessible'));
        const sg = risky.findings.find((finding: { ruleId: string }) => finding.ruleId === 'sg-world-open-admin-port');
        assert.equal(sg.severity, 'warning');
        assert.equal(sg.override, '.responsibility-lens.yaml overrides[0]');
        assert.ok(risky.settings.some((setting: { team?: string; owner: string }) => setting.owner === 'customer' && setting.team === 'platform team'));
        // The config also applies when scanning from elsewhere with --config, and --no-config turns it off.
        const outside = runCli(['scan', '--format', 'json', '--config', path.join(dir, '.responsibility-lens.yaml'), path.join(dir, 'infra/a.yaml')]);
        assert.equal(outside.status, 0);
        assert.equal(runCli(['scan', '--no-config', '.'], dir).status, 1);
        assert.equal(runCli(['scan', '--fail-on', 'warning', '.'], dir).status, 1);
      });
    });

    it('a bad config stops the scan with exit 2 and file:line:column messages', () => {
      withFolder({ 'a.yaml': RISKY, '.responsibility-lens.yaml': 'team: ok\noverrides:\n  - type: AWS::S3::Bucket\n    owner: someone\n' }, (dir) => {
        const result = runCli(['scan', '.'], dir);
        assert.equal(result.status, 2);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, /\.responsibility-lens\.yaml:4:12: overrides\[0\]\.owner must be one of customer, aws, shared; got "someone"\./);
      });
    });
  });

  describe('--changed-since', () => {
    const git = (dir: string, ...args: string[]) => {
      const result = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      return result.stdout.trim();
    };

    it('scans only files changed since the ref: committed, uncommitted and untracked; not deleted', () => {
      withFolder({ 'old.yaml': HARDENED, 'touched.yaml': HARDENED, 'gone.yaml': HARDENED, 'keep/same.yaml': HARDENED }, (dir) => {
        git(dir, 'init', '-q', '-b', 'main');
        git(dir, 'add', '.');
        git(dir, 'commit', '-q', '-m', 'base');
        const base = git(dir, 'rev-parse', 'HEAD');
        fs.writeFileSync(path.join(dir, 'committed.yaml'), RISKY);
        fs.rmSync(path.join(dir, 'gone.yaml'));
        git(dir, 'add', '-A');
        git(dir, 'commit', '-q', '-m', 'change');
        fs.appendFileSync(path.join(dir, 'touched.yaml'), '# edited\n');
        fs.writeFileSync(path.join(dir, 'untracked.yaml'), WARNING_ONLY);
        const result = runCli(['scan', '--format', 'json', '--changed-since', base, '.'], dir);
        assert.equal(result.status, 1, result.stderr);
        assert.deepEqual(scannedPaths(result.stdout), ['committed.yaml', 'touched.yaml', 'untracked.yaml']);
        const bad = runCli(['scan', '--changed-since', 'no-such-ref', '.'], dir);
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /git diff failed/);
      });
    });
  });

  describe('secrets', () => {
    const SECRETS = ['hunter2-very-secret', 'sk-live-0123456789abcdef', 'AKIAIOSFODNN7EXAMPLE', 'correct-horse-battery-staple-42', 'opensesame-formula-secret', 'sk-test-ZZZZ9999yyyy8888'];
    it('no fixture secret appears unmasked in any format', () => {
      const targets = ['examples', 'test/fixtures/templates', 'test/fixtures/workspace', 'test/fixtures/ci'];
      let findings = 0;
      for (const format of ['text', 'json', 'sarif', 'markdown', 'csv']) {
        const result = runCli(['scan', '--format', format, ...targets]);
        assert.equal(result.status, 1, format);
        for (const secret of SECRETS) {
          assert.ok(!result.stdout.includes(secret), `${secret} in --format ${format}`);
          assert.ok(!result.stderr.includes(secret), `${secret} on stderr with --format ${format}`);
        }
        findings += (result.stdout.match(/literal-secret/g) ?? []).length;
      }
      assert.ok(findings > 10, 'the secrets were found (and masked), not skipped');
    });
  });

  describe('CSV cells', () => {
    it('quote per RFC 4180 and defuse spreadsheet formulas', () => {
      assert.equal(csvCell('plain'), 'plain');
      assert.equal(csvCell('a,b'), '"a,b"');
      assert.equal(csvCell('say "hi"'), '"say ""hi"""');
      assert.equal(csvCell('two\nlines'), '"two\nlines"');
      assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
      assert.equal(csvCell('+1'), "'+1");
      assert.equal(csvCell('-cmd'), "'-cmd");
      assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
      assert.equal(csvCell('\tx'), "'\tx");
      assert.equal(csvCell(42), '42');
      assert.equal(csvCell(undefined), '');
    });
  });
});
