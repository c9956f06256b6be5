/**
 * The CI integrations run locally: the GitHub Action's entry point (scripts/github-action.mjs,
 * with a temporary GITHUB_STEP_SUMMARY and GITHUB_OUTPUT and its inputs as environment variables,
 * as action.yml passes them) and the pre-commit hook's entry on file names, as pre-commit runs it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { matchesFileName } from '../../src/core/formats';
import { ROOT } from './helpers';
import { filesUnder, tempDir } from './cliHelpers';

const RISKY = fs.readFileSync(path.join(ROOT, 'examples/cloudformation/risky-stack.yaml'), 'utf8');
const HARDENED = fs.readFileSync(path.join(ROOT, 'examples/cloudformation/hardened-stack.yaml'), 'utf8');

interface ActionRun {
  status: number | null;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  sarif?: { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]; invocations?: { executionSuccessful: boolean }[] }[] };
}

/** Runs the action's entry point in a workspace holding `files`. */
function runAction(files: Record<string, string>, inputs: Record<string, string>): ActionRun {
  const { dir, cleanup } = tempDir('rl-action-');
  try {
    const workspace = path.join(dir, 'workspace');
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
      fs.writeFileSync(path.join(workspace, name), text);
    }
    fs.mkdirSync(workspace, { recursive: true });
    const summaryFile = path.join(dir, 'step-summary.md');
    const outputFile = path.join(dir, 'github-output');
    fs.writeFileSync(summaryFile, '# Earlier steps\n');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'org/repo',
      GITHUB_SHA: 'abc123',
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/github-action.mjs')], { cwd: workspace, env, encoding: 'utf8' });
    const sarifName = inputs['sarif-file'] || 'responsibility-lens.sarif';
    const sarifPath = path.join(workspace, sarifName);
    const outputs = Object.fromEntries(
      (fs.existsSync(outputFile) ? fs.readFileSync(outputFile, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return {
      status: result.status,
      stderr: result.stderr,
      summary: fs.readFileSync(summaryFile, 'utf8'),
      outputs,
      sarif: fs.existsSync(sarifPath) ? JSON.parse(fs.readFileSync(sarifPath, 'utf8')) : undefined,
    };
  } finally {
    cleanup();
  }
}

describe('GitHub Action (action.yml, scripts/github-action.mjs)', () => {
  it('writes SARIF, appends the Markdown report to the job summary, and fails on errors', () => {
    const run = runAction({ 'infra/risky.yaml': RISKY, 'infra/ok.yaml': HARDENED }, { paths: 'infra', 'fail-on': 'error' });
    assert.equal(run.status, 1, run.stderr);
    assert.ok(run.sarif, 'the SARIF file was written');
    const results = run.sarif.runs[0].results;
    assert.ok(results.length >= 10);
    assert.ok(results.every((result) => result.locations[0].physicalLocation.artifactLocation.uri === 'infra/risky.yaml'));
    assert.ok(run.summary.startsWith('# Earlier steps\n## Responsibility Lens\n'), 'appended, not overwritten');
    assert.match(run.summary, /The scan fails: findings at the `error` level/);
    assert.match(run.summary, /\| Responsibility \| Owner in the table \| Customer \| Shared \| AWS \| Findings \|/);
    assert.match(run.summary, /\(https:\/\/github\.com\/org\/repo\/blob\/abc123\/infra\/risky\.yaml#L\d+\)/, 'findings link to the commit');
    assert.deepEqual(run.outputs, { 'exit-code': '1', 'sarif-file': 'responsibility-lens.sarif', findings: String(results.length) });
  });

  it('passes with fail-on never, and the level decides: warnings only fail at warning', () => {
    const never = runAction({ 'risky.yaml': RISKY }, { 'fail-on': 'never' });
    assert.equal(never.status, 0, never.stderr);
    assert.match(never.summary, /The scan passes \(`--fail-on never`\)/);
    assert.ok(never.sarif && never.sarif.runs[0].results.length > 0);

    const warningOnly = 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: false\n';
    assert.equal(runAction({ 'queue.yaml': warningOnly }, { 'fail-on': 'error' }).status, 0);
    assert.equal(runAction({ 'queue.yaml': warningOnly }, { 'fail-on': 'warning' }).status, 1);
  });

  it('honours baseline, sarif-file, summary and extra args inputs', () => {
    const { dir, cleanup } = tempDir('rl-action-baseline-');
    try {
      const baseline = path.join(dir, 'baseline.json');
      const first = runAction({ 'risky.yaml': RISKY }, { 'fail-on': 'never', args: `--write-baseline ${baseline}` });
      assert.equal(first.status, 0, first.stderr);
      assert.ok(fs.existsSync(baseline), 'args reach the CLI');
      const run = runAction({ 'risky.yaml': RISKY, 'skip/other.yaml': RISKY }, { baseline, 'sarif-file': 'out/scan.sarif', summary: 'false', args: '--exclude skip/**' });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.outputs['sarif-file'], 'out/scan.sarif');
      assert.equal(run.sarif?.runs[0].results.length, 0, 'known findings are not reported');
      assert.equal(run.summary, '# Earlier steps\n', 'no summary when summary is false');
    } finally {
      cleanup();
    }
  });

  it('a mistyped path fails with exit 2, writes no SARIF and says why in the summary', () => {
    const run = runAction({ 'infra/risky.yaml': RISKY }, { paths: 'infar' });
    assert.equal(run.status, 2);
    assert.equal(run.sarif, undefined, 'no SARIF that claims a clean run');
    assert.match(run.summary, /The scan did not run\*\* \(exit code 2\)/);
    assert.match(run.summary, /no such file or directory: infar/);
    assert.equal(run.outputs['sarif-file'], '');
  });

  it('no supported file fails with exit 3 unless require-files is false', () => {
    const files = { 'docs/readme.md': '# nothing to scan' };
    const required = runAction(files, { paths: 'docs' });
    assert.equal(required.status, 3);
    assert.match(required.summary, /no supported file found in docs/);
    assert.equal(runAction(files, { paths: 'docs', 'require-files': 'false' }).status, 0);
  });

  it('action.yml passes every scan input to the entry point and uploads SARIF even when the scan fails', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
      runs: { using: string; steps: { id?: string; run?: string; uses?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> }[] };
    };
    assert.equal(action.runs.using, 'composite');
    const scan = action.runs.steps.find((step) => step.id === 'scan')!;
    assert.match(scan.run!, /scripts\/github-action\.mjs/);
    const upload = action.runs.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    assert.match(upload.if!, /always\(\)/);
    assert.match(upload.with!.sarif_file, /steps\.scan\.outputs\.sarif-file/);
    for (const name of Object.keys(action.inputs)) {
      if (name === 'upload-sarif' || name === 'category') continue;
      const variable = `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;
      assert.equal(scan.env?.[variable], `\${{ inputs.${name} }}`, variable);
    }
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const [hook] = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; files: string; args?: string[] }[];
  // pre-commit matches `files` with Python's re.search; (?i) is Python's inline flag.
  const files = new RegExp(hook.files.replace(/^\(\?i\)/, ''), hook.files.startsWith('(?i)') ? 'i' : '');
  const bin = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin as Record<string, string>;

  /** Runs the hook's entry with its args and the file names, from the repository root, as pre-commit does. */
  function runHook(fileNames: string[], extraArgs: string[] = []) {
    const [command, ...entryArgs] = hook.entry.split(/\s+/);
    assert.ok(bin[command], `the entry runs the package's ${command} command`);
    return spawnSync(process.execPath, [path.join(ROOT, bin[command]), ...entryArgs, ...(hook.args ?? []), ...extraArgs, ...fileNames], { cwd: ROOT, encoding: 'utf8' });
  }

  const exampleFiles = () => filesUnder('examples').map((file) => file.split(path.sep).join('/'));

  it('is a node hook whose files pattern selects every file a scan reads, and nothing else', () => {
    assert.equal(hook.id, 'responsibility-lens');
    assert.equal(hook.language, 'node');
    const candidates = [...filesUnder('examples'), ...filesUnder('test/fixtures')].map((file) => file.split(path.sep).join('/'));
    for (const file of candidates) {
      if (matchesFileName(file) || /\.(ya?ml|json|template)$/i.test(file)) assert.ok(files.test(file), `${file} reaches the hook`);
    }
    for (const file of ['README.md', 'src/cli/main.ts', 'docs/images/hover.png', 'LICENSE', 'Dockerfile-notes.txt']) assert.ok(!files.test(file), `${file} is not passed`);
    for (const file of ['Dockerfile', 'build/Containerfile.prod', 'api.dockerfile', '.env', '.env.local', 'prod.env', 'main.tf', 'main.tf.json', 'main.bicep', 'main.bicepparam', 'application-prod.properties']) assert.ok(files.test(file), `${file} is passed`);
  });

  it('fails the commit on the risky examples and names the findings; passes on the hardened ones', () => {
    const staged = exampleFiles().filter((file) => files.test(file));
    assert.equal(staged.length, 20);
    const all = runHook(staged);
    assert.equal(all.status, 1, all.stderr);
    assert.match(all.stdout, /examples\/terraform\/risky\/main\.tf:\d+:\d+ +error +sg-world-open-admin-port/);
    assert.match(all.stdout, /examples\/docker\/risky\.Dockerfile:\d+:\d+ +warning +docker-unpinned-base-image/);
    assert.ok(!all.stdout.includes('Orders-Db-Pass-2024!'), 'secrets stay masked');

    const hardened = runHook(staged.filter((file) => file.includes('hardened')));
    assert.equal(hardened.status, 0, hardened.stdout);
    assert.match(hardened.stdout, /10 file\(s\), 0 finding\(s\)/);
  });

  it('args from .pre-commit-config.yaml come before the file names and override the level', () => {
    const risky = ['examples/app-config/spring/risky/application.yml'];
    assert.equal(runHook(risky).status, 1);
    assert.equal(runHook(risky, ['--fail-on', 'never']).status, 0);
  });
});
