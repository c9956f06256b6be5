// `npm test`: every check in order, then one closing line counting all tests
// ("N passed, N failed"), unit and editor suites together.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npmRun = (script) => ['npm', ['run', '--silent', script]];
const steps = [
  // A fresh clone has no node_modules: install them as `npm start` does (a quick no-op when they are current).
  ['install dependencies', 'npm', ['install', '--no-audit', '--no-fund']],
  ['set up code-server', ...npmRun('setup:code-server')],
  ['build', ...npmRun('build')],
  ['typecheck', ...npmRun('typecheck')],
  ['lint', ...npmRun('lint')],
  ['unit tests', ...npmRun('test:unit')],
  ['editor tests', ...npmRun('test:host')],
  ['UI end-to-end tests', ...npmRun('test:e2e')],
];

let passed = 0;
let failed = 0;
for (const [name, command, args] of steps) {
  console.log(`\n> ${name}`);
  const capture = name === 'unit tests' || name === 'UI end-to-end tests';
  const resultsFile = path.join(root, 'test-results/host/results.json');
  if (name === 'editor tests') fs.rmSync(resultsFile, { force: true });
  const result = spawnSync(command, args, { cwd: root, stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  if (capture) {
    process.stdout.write(result.stdout ?? '');
    // mocha ("N passing") for the unit tests, node --test ("ℹ pass N") for the UI tests.
    passed += Number((/(\d+) passing/.exec(result.stdout ?? '') ?? /^ℹ pass (\d+)/m.exec(result.stdout ?? ''))?.[1] ?? 0);
    failed += Number((/(\d+) failing/.exec(result.stdout ?? '') ?? /^ℹ fail (\d+)/m.exec(result.stdout ?? ''))?.[1] ?? 0);
  }
  if (name === 'editor tests') {
    const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : { passed: 0, failed: 0 };
    passed += results.passed ?? 0;
    failed += results.failed ?? 0;
  }
  if (result.status !== 0) {
    console.log(`\n${name} failed (exit ${result.status ?? result.signal})`);
    console.log(`${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(1);
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
