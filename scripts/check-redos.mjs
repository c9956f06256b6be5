// Part of `npm run lint`: every regular expression built from knowledge data
// (src/core/clouds/aws/knowledge: rule paths, name patterns, `matches`
// conditions) runs on names and values from files, so none may backtrack
// super-linearly. recheck decides, as the ESLint rule redos/no-vulnerable
// does for the regex literals in src/; a pattern it cannot decide fails too.
import * as esbuild from 'esbuild';
import { check } from 'recheck';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/core/clouds/aws/knowledge/index.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
  logLevel: 'warning',
});
const dir = mkdtempSync(path.join(tmpdir(), 'rl-redos-'));
let regexes;
try {
  const file = path.join(dir, 'knowledge.cjs');
  writeFileSync(file, bundle.outputFiles[0].text);
  regexes = createRequire(import.meta.url)(file).knowledgeRegexes();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const problems = [];
// Safe results are cached by pattern and recheck version (node_modules/.cache), so only new or changed patterns are checked again.
const cacheFile = path.join(root, 'node_modules/.cache/responsibility-lens/recheck-knowledge.json');
const version = createRequire(import.meta.url)('recheck/package.json').version;
let cache = {};
try {
  cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
} catch {
  // first run
}
if (cache.version !== version) cache = { version, results: {} };
// One at a time: recheck's agent runs one check at a time, and concurrent requests only time out.
const results = [];
for (const { regex } of regexes) {
  const key = `/${regex.source}/${regex.flags}`;
  let result = cache.results[key];
  if (!result) {
    result = await check(regex.source, regex.flags, { timeout: 60_000 });
    if (result.status === 'safe') cache.results[key] = result;
  }
  results.push(result);
}
mkdirSync(path.dirname(cacheFile), { recursive: true });
writeFileSync(cacheFile, JSON.stringify(cache));
for (const [index, { where, regex }] of regexes.entries()) {
  const result = results[index];
  if (result.status === 'vulnerable') problems.push(`${where}: /${regex.source}/${regex.flags} is ReDoS-vulnerable (${result.complexity.summary}), e.g. ${JSON.stringify(result.attack?.pattern ?? '')}`);
  else if (result.status === 'unknown') problems.push(`${where}: /${regex.source}/${regex.flags} could not be checked (${result.error.kind}${result.error.message ? `: ${result.error.message}` : ''})`);
}
if (problems.length) {
  process.stderr.write(`${problems.join('\n')}\n\n${problems.length} of ${regexes.length} knowledge regular expressions fail the ReDoS check.\n`);
  process.exit(1);
}
process.stdout.write(`ReDoS check: ${regexes.length} knowledge regular expressions are linear.\n`);
