// The logic of the GitHub Action (action.yml runs it after building the CLI): scan, write the SARIF
// log for code scanning, append the Markdown report to the job summary, and exit with the CLI's
// code (0 clean, 1 findings at the fail-on level, 2 usage error or missing path, 3 no supported file).
//
// Inputs come as environment variables, as action.yml passes them: INPUT_PATHS (separated by
// spaces or new lines), INPUT_FAIL_ON, INPUT_BASELINE, INPUT_CONFIG, INPUT_REQUIRE_FILES,
// INPUT_SARIF_FILE, INPUT_SUMMARY, INPUT_ARGS (extra CLI options, separated by spaces).
// GitHub's own: GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA.
// The scan runs in the working directory (the workspace), so paths in reports are relative to it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli.js');
const env = process.env;

const words = (value) => (value ?? '').split(/\s+/).filter(Boolean);
const flag = (value, fallback) => {
  const text = (value ?? '').trim().toLowerCase();
  if (!text) return fallback;
  if (['true', 'yes', '1'].includes(text)) return true;
  if (['false', 'no', '0'].includes(text)) return false;
  throw new Error(`expected true or false, not ${JSON.stringify(value)}`);
};

function scanArguments() {
  const paths = words(env.INPUT_PATHS);
  const options = [];
  if (env.INPUT_BASELINE?.trim()) options.push('--baseline', env.INPUT_BASELINE.trim());
  if (env.INPUT_CONFIG?.trim()) options.push('--config', env.INPUT_CONFIG.trim());
  if (flag(env.INPUT_REQUIRE_FILES, true)) options.push('--require-files');
  options.push(...words(env.INPUT_ARGS));
  // "--" keeps a path that starts with a dash from being read as an option.
  return { options, paths: ['--', ...(paths.length ? paths : ['.'])] };
}

function cli(args) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
}

function appendTo(file, text) {
  if (file) fs.appendFileSync(file, text);
}

function setOutputs(outputs) {
  appendTo(env.GITHUB_OUTPUT, Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`).join(''));
}

function linkBase() {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  return server && repository && sha ? `${server}/${repository}/blob/${sha}/` : undefined;
}

function main() {
  const failOn = env.INPUT_FAIL_ON?.trim() || 'error';
  const sarifFile = env.INPUT_SARIF_FILE?.trim() || 'responsibility-lens.sarif';
  const summary = flag(env.INPUT_SUMMARY, true) ? env.GITHUB_STEP_SUMMARY : undefined;
  const { options, paths } = scanArguments();

  const scan = cli(['scan', '--format', 'sarif', '--fail-on', failOn, ...options, ...paths]);
  process.stderr.write(scan.stderr ?? '');
  const status = scan.status ?? 2;
  if (status > 1 || !scan.stdout) {
    // Nothing was scanned (a missing path, a bad option, no supported file): no SARIF claims a clean run.
    fs.rmSync(sarifFile, { force: true });
    appendTo(summary, `## Responsibility Lens\n\n**The scan did not run** (exit code ${status}):\n\n\`\`\`text\n${(scan.stderr || scan.error?.message || '').trim()}\n\`\`\`\n`);
    setOutputs({ 'exit-code': status, 'sarif-file': '', findings: '' });
    return status;
  }
  fs.mkdirSync(path.dirname(path.resolve(sarifFile)), { recursive: true });
  fs.writeFileSync(sarifFile, scan.stdout);
  const findings = JSON.parse(scan.stdout).runs.reduce((count, run) => count + (run.results?.length ?? 0), 0);

  if (summary) {
    const base = linkBase();
    const markdown = cli(['scan', '--format', 'markdown', '--fail-on', 'never', ...(base ? ['--link-base', base] : []), ...options, ...paths]);
    const verdict = status === 1 ? `fails: findings at the \`${failOn}\` level` : `passes (\`--fail-on ${failOn}\`)`;
    appendTo(summary, `## Responsibility Lens\n\nThe scan ${verdict}.\n\n${markdown.stdout || `\`\`\`text\n${markdown.stderr}\n\`\`\`\n`}\n`);
  }
  setOutputs({ 'exit-code': status, 'sarif-file': sarifFile, findings });
  return status;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`responsibility-lens action: ${error.message}\n`);
  process.exitCode = 2;
}
