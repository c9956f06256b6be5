/**
 * The npm package (`npm pack`, `npm install -g`) holds exactly what the CLI needs at run time, and
 * those files alone are enough to run it: no node_modules, since esbuild bundles every dependency.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';
import { tempDir } from './cliHelpers';

/** The rule reference: SARIF's rule help and the language server's rule links read these pages. */
const RULE_PAGES = fs
  .readdirSync(path.join(ROOT, 'docs/rules'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/rules/${name}`);

const EXPECTED = [
  'LICENSE',
  'README.md',
  'ThirdPartyNotices.txt',
  'dist/cli.js',
  'dist/spec-docs.json',
  'dist/tree-sitter-bicep.wasm',
  'dist/tree-sitter-terraform.wasm',
  'dist/tree-sitter.wasm',
  'dist/worker.js',
  ...RULE_PAGES,
  'package.json',
  'schemas/responsibility-lens.schema.json',
].sort();

function packedFiles(): string[] {
  // --ignore-scripts: the build already ran (npm pack itself would run prepare first).
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const [pack] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
  return pack.files.map((file) => file.path).sort();
}

describe('npm package', () => {
  it('packs exactly the CLI bundle, its wasm and data, the rule reference, the schema, README, LICENSE and notices', function () {
    this.timeout(60_000);
    assert.deepEqual(packedFiles(), EXPECTED);
  });

  it('npm pack prints only the tarball name, even after the prepare build (pre-commit installs from that name)', function () {
    this.timeout(120_000);
    const result = spawnSync('npm', ['pack', '--dry-run'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), `responsibility-lens-${(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}.tgz`);
  });

  it('declares the command, a Node 20 engine, a prepare build and no runtime dependencies', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & { bin: Record<string, string>; scripts: Record<string, string>; engines: Record<string, string> };
    assert.deepEqual(manifest.bin, { 'responsibility-lens': './dist/cli.js' });
    assert.match(manifest.engines.node, />=20/);
    assert.match(manifest.scripts.prepare, /prepare\.mjs/);
    assert.equal(manifest.dependencies, undefined, 'everything is bundled: an install downloads nothing else');
    assert.match(fs.readFileSync(path.join(ROOT, 'dist/cli.js'), 'utf8').slice(0, 30), /^#!\/usr\/bin\/env node\n/);
  });

  it('the packed files alone run: --version, and a scan of a template and a Terraform file', () => {
    const { dir, cleanup } = tempDir('rl-package-');
    try {
      const installed = path.join(dir, 'node_modules', 'responsibility-lens');
      for (const file of EXPECTED) {
        fs.mkdirSync(path.dirname(path.join(installed, file)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, file), path.join(installed, file));
      }
      fs.writeFileSync(path.join(dir, 'main.tf'), 'resource "aws_db_instance" "db" {\n  storage_encrypted = false\n}\n');
      fs.copyFileSync(path.join(ROOT, 'examples/cloudformation/risky-stack.yaml'), path.join(dir, 'stack.yaml'));
      const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(installed, 'dist/cli.js'), ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.equal(cli('--version').stdout.trim(), version);
      const scan = cli('scan', '--format', 'json', '.');
      assert.equal(scan.status, 1, scan.stderr);
      assert.equal(scan.stderr, '');
      const report = JSON.parse(scan.stdout) as { files: { path: string; kind: string; findings: { ruleId: string }[] }[] };
      assert.deepEqual(report.files.map((file) => [file.path, file.kind]), [['main.tf', 'terraform'], ['stack.yaml', 'cloudformation']]);
      assert.ok(report.files[0].findings.some((finding) => finding.ruleId === 'rds-storage-unencrypted'), 'the Terraform parser (wasm) loaded from the package');
      // SARIF viewers show a rule's help: the rule's page from the package, readable without any link.
      const sarif = JSON.parse(cli('scan', '--format', 'sarif', '.').stdout) as { runs: { tool: { driver: { rules: { id: string; help: { text: string; markdown?: string } }[] } } }[] };
      const help = sarif.runs[0].tool.driver.rules.find((rule) => rule.id === 'rds-storage-unencrypted')!.help;
      assert.equal(help.markdown, fs.readFileSync(path.join(ROOT, 'docs/rules/rds-storage-unencrypted.md'), 'utf8').replace(/^<!--[\s\S]*?-->\n\n?/m, '').trim());
      assert.match(help.markdown, /^# `rds-storage-unencrypted`: .*\n\n\*\*Severity:\*\*[\s\S]*## What to do[\s\S]*## Examples/);
    } finally {
      cleanup();
    }
  });
});
