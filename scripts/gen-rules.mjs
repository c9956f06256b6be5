#!/usr/bin/env node
// The rule reference: docs/rules/<rule-id>.md for every rule of
// src/core/clouds/aws/knowledge/findings.json, and docs/rules/README.md as the
// index. Each page says what the rule checks, why (its matrix row and who owns
// it), what to do, the controls and sources, and a before/after per file
// format taken from test/fixtures/rules/<rule-id>/fail and pass, the files the
// unit tests run (test/unit/rule-fixtures.test.ts), with the quick fix the core
// offers on the failing file.
//
// Also writes the table of AWS infrastructure rules in README.md (between its
// rule-table markers), the table of Azure rules (between its azure-rule-table markers) and src/core/clouds/aws/knowledge/rule-docs.json: where the pages are
// published (from package.json `repository` or `homepage`), so that a finding's
// documentation link points at its page; null while the package names none.
//
// Usage: npm run gen:rules [-- --check]   (--check writes nothing, exits 1 when stale)
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const knowledge = join(root, 'src/core/clouds/aws/knowledge');
const fixturesDir = join(root, 'test/fixtures/rules');
const docsDir = join(root, 'docs/rules');
const check = process.argv.includes('--check');

const findings = JSON.parse(readFileSync(join(knowledge, 'findings.json'), 'utf8'));
const matrix = JSON.parse(readFileSync(join(knowledge, 'matrix.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// ------------------------------------------------------------- the core, bundled for this run
const bundled = await build({
  stdin: { contents: "export { analyze, prepareFormats } from './src/core'; export { maskSecret } from './src/core/engine/text';", resolveDir: root, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  mainFields: ['module', 'main'],
  write: false,
  logLevel: 'error',
});
const scratch = mkdtempSync(join(tmpdir(), 'gen-rules-'));
const corePath = join(scratch, 'core.cjs');
writeFileSync(corePath, bundled.outputFiles[0].text);
const core = createRequire(import.meta.url)(corePath);
await core.prepareFormats(join(root, 'node_modules/web-tree-sitter'), join(root, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl'));
rmSync(scratch, { recursive: true, force: true });

// ------------------------------------------------------------- where the pages are published
function publishedBase() {
  const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const github = /github\.com[/:]([^/]+)\/([^/#]+?)(?:\.git)?(?:#.*)?$/.exec(repository ?? pkg.homepage ?? '');
  if (github) return `https://github.com/${github[1]}/${github[2]}/blob/main/docs/rules/`;
  if (typeof pkg.homepage === 'string' && /^https:\/\//.test(pkg.homepage)) return `${pkg.homepage.replace(/\/$/, '')}/docs/rules/`;
  return null;
}

// ------------------------------------------------------------- pages
const OWNER = { customer: 'Customer', aws: 'AWS', shared: 'Shared', both: 'Shared' };
const KIND = {
  cloudformation: 'CloudFormation',
  serverless: 'Serverless Framework',
  terraform: 'Terraform',
  kubernetes: 'Kubernetes',
  dockerfile: 'Dockerfile',
  dotenv: '.env',
  'app-config': 'Application config',
};
const FENCE = { cloudformation: 'yaml', serverless: 'yaml', kubernetes: 'yaml', terraform: 'hcl', dockerfile: 'dockerfile', dotenv: 'properties', 'app-config': 'yaml' };

function fixtures(ruleId, verdict) {
  const dir = join(fixturesDir, ruleId, verdict);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, text, path: relative(root, join(dir, name)).split('\\').join('/'), analysis: core.analyze(text, name) };
    });
}

// ------------------------------------------------------------- secrets in examples
// The examples are fixture files, and some hold a (made-up) literal secret. The pages are an output
// like any report (SARIF carries them as rule help), so the secrets are masked as everywhere else.

/** The secret in a literal-secret finding's text: `Key: value`, `KEY=value`, `"key": "value"`, a URL's password. */
function secretIn(spanText) {
  const value = /^[^:=]*?["']?\s*[:=]\s*(.*)$/s.exec(spanText)?.[1]?.trim().replace(/^["']|["']$/g, '');
  if (!value) return undefined;
  const url = /:\/\/[^:@/\s]*:([^@/\s]+)@/.exec(value);
  return url ? url[1] : value;
}

let exampleSecrets;
/** Every literal secret the rule examples hold, longest first (one may contain another). */
function secretsOfExamples() {
  if (exampleSecrets) return exampleSecrets;
  const found = new Set();
  for (const ruleId of existsSync(fixturesDir) ? readdirSync(fixturesDir) : []) {
    for (const verdict of ['fail', 'pass']) {
      const dir = join(fixturesDir, ruleId, verdict);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        const text = readFileSync(join(dir, name), 'utf8');
        for (const finding of core.analyze(text, name).findings) {
          if (finding.ruleId !== 'literal-secret') continue;
          const secret = secretIn(text.slice(finding.span.offset, finding.span.offset + finding.span.length));
          if (secret && secret.length >= 6 && !/^\$\{|^\{\{resolve:/.test(secret)) found.add(secret);
        }
      }
    }
  }
  return (exampleSecrets = [...found].sort((a, b) => b.length - a.length));
}

function masked(text) {
  let out = text;
  for (const secret of secretsOfExamples()) out = out.split(secret).join(core.maskSecret(secret));
  return out;
}

function fence(kind, name, text) {
  const language = name.endsWith('.json') ? 'json' : name.endsWith('.properties') ? 'properties' : FENCE[kind] ?? '';
  const ticks = text.includes('```') ? '````' : '```';
  return `${ticks}${language}\n${masked(text).replace(/\n$/, '')}\n${ticks}`;
}

function describeCheck(rules) {
  const lines = [];
  for (const rule of rules) {
    const check = rule.check;
    const types = check.types ? check.types.map((type) => `\`${type}\``).join(', ') : undefined;
    switch (check.kind) {
      case 'property': {
        const conditions = check.insecure.map((condition) =>
          condition.path !== undefined
            ? `\`${condition.path}\` ${condition.equals !== undefined ? `is \`${JSON.stringify(condition.equals)}\`` : JSON.stringify(condition)}`
            : condition.equals !== undefined ? `is \`${JSON.stringify(condition.equals)}\`` : condition.inList ? `is in the list \`${condition.inList}\`` : condition.matches ? `matches \`${condition.matches}\`` : condition.below !== undefined ? `is below ${condition.below}` : condition.noItem ? `has no item where ${condition.noItem.map((item) => `\`${item.path}\` is \`${JSON.stringify(item.equals)}\``).join(' and ')}` : condition.present ? 'is set' : JSON.stringify(condition),
        );
        lines.push(`- \`${check.path}\` on ${types} ${conditions.length ? `${conditions.join(' and ')}${check.missingIsInsecure ? ', or is missing' : ''}` : 'is missing'}${check.unless ? ` (unless ${check.unless.map((c) => `\`${c.path}\` ${c.present ? 'is set' : c.equals !== undefined ? `is \`${JSON.stringify(c.equals)}\`` : c.in ? `is one of ${c.in.map((v) => `\`${v}\``).join(', ')}` : c.matches ? `matches \`${c.matches}\`` : JSON.stringify(c)}`).join(', ')})` : ''}.`);
        if (check.unlessNamed) lines.push(`- Not when the logical id or Terraform name matches \`${check.unlessNamed.pattern}\`: ${check.unlessNamed.because}`);
        for (const referrer of check.unlessReferencedBy ?? []) lines.push(`- Not when a \`${referrer.type}\` of the same template or module refers to it in \`${referrer.path}\`: ${referrer.because}`);
        break;
      }
      case 'referenced-by':
        lines.push(`- ${types} with no ${check.referrers.map((referrer) => `\`${referrer.type}\` whose \`${referrer.path}\` refers to it`).join(' or ')} in the same template or Terraform module.`);
        break;
      case 'list-contains':
        lines.push(`- the list \`${check.path}\` on ${types} contains one of ${check.values.map((value) => `\`${value}\``).join(', ')}.`);
        break;
      default:
        lines.push(`- \`${check.kind}\`: ${rule.title.charAt(0).toLowerCase()}${rule.title.slice(1)}${check.ports ? ` (ports ${check.ports.join(', ')})` : ''}.`);
    }
  }
  return [...new Set(lines)];
}

function quickFixLine(example) {
  const finding = example.analysis.findings[0];
  if (!finding?.fix) return '_No mechanical fix: the change needs a decision._';
  const fix = finding.fix;
  const notes = [];
  if (!fix.preferred) notes.push('offered as a quick fix, never applied by Fix all or on save');
  else notes.push('applied by Fix all');
  return `Quick fix: **${fix.title.replace(/[*_`[\]]/g, '\\$&')}** (${notes.join('; ')}).`;
}

function page(ruleId) {
  const rules = findings.rules.filter((rule) => rule.id === ruleId);
  const rule = rules[0];
  const row = matrix.rows.find((candidate) => candidate.id === rule.row);
  const sources = [...rules.flatMap((candidate) => candidate.sources), { title: 'AWS control or reference page', url: rule.docUrl }].filter(
    (source, index, all) => all.findIndex((other) => other.url === source.url) === index,
  );
  const failing = fixtures(ruleId, 'fail');
  const passing = fixtures(ruleId, 'pass');
  const kinds = Object.keys(KIND).filter((kind) => [...failing, ...passing].some((example) => example.analysis.kind === kind));
  const out = [
    `# \`${ruleId}\`: ${rule.title}`,
    '',
    `<!-- Generated by scripts/gen-rules.mjs (npm run gen:rules) from findings.json, matrix.json and test/fixtures/rules/${ruleId}/. Do not edit by hand. -->`,
    '',
    `**Severity:** ${rule.severity} · **Who owns it:** ${OWNER[row.sourceOwner]} (matrix row _${row.title}_, \`${row.id}\`)${row.origin === 'prose' ? ', a duty the source states in its text' : ''} · **Formats:** ${kinds.map((kind) => KIND[kind] ?? kind).join(', ')}`,
    '',
    '## What to do',
    '',
    rule.fix,
    ...(rule.fixEffect ? ['', `Applying it changes clients: ${rule.fixEffect}.`] : []),
    '',
    '## What it checks',
    '',
    ...describeCheck(rules),
    '',
    '## Why',
    '',
    row.summary,
    '',
    `The finding reads: “${rule.message.replace(/\{(\w+)\}/g, '‹$1›')}”`,
    '',
    '## Controls',
    '',
    rule.controls.length ? rule.controls.map((control) => `- ${control}`).join('\n') : '_None mapped._',
    '',
    '## Sources',
    '',
    ...sources.map((source) => `- [${source.title}](${source.url})`),
    '',
    '## Examples',
  ];
  for (const kind of kinds) {
    out.push('', `### ${KIND[kind] ?? kind}`);
    for (const example of failing.filter((candidate) => candidate.analysis.kind === kind)) {
      out.push('', `Flagged (\`${example.path}\`):`, '', fence(kind, example.name, example.text), '', quickFixLine(example));
    }
    for (const example of passing.filter((candidate) => candidate.analysis.kind === kind)) {
      out.push('', `Passes (\`${example.path}\`):`, '', fence(kind, example.name, example.text));
    }
  }
  return `${out.join('\n')}\n`;
}

function index(ids) {
  const lines = [
    '# Rule reference',
    '',
    '<!-- Generated by scripts/gen-rules.mjs (npm run gen:rules). Do not edit by hand. -->',
    '',
    'Every rule of Responsibility Lens, with what it checks, who owns the fix under the AWS shared responsibility model, and a flagged and a passing example per file format. The examples are the files in `test/fixtures/rules/<rule-id>/`, which the unit tests run. To add a rule: its entry in `src/core/clouds/aws/knowledge/findings.json`, a `fail/` and a `pass/` file in `test/fixtures/rules/<rule-id>/`, then `npm run gen:rules`.',
    '',
    '| Rule | What | Severity | Owner (row) |',
    '|---|---|---|---|',
  ];
  for (const id of ids) {
    const rule = findings.rules.find((candidate) => candidate.id === id);
    const row = matrix.rows.find((candidate) => candidate.id === rule.row);
    lines.push(`| [\`${id}\`](${id}.md) | ${rule.title} | ${rule.severity} | ${OWNER[row.sourceOwner]} (${row.title}) |`);
  }
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------- the README's table of AWS infrastructure rules
/** Check kinds of the workload, Kubernetes and suppression rules: the README has their own sections. */
const NOT_INFRASTRUCTURE = new Set([
  'docker-root-user', 'docker-unpinned-image', 'docker-remote-add', 'docker-ssh-port', 'tls-verification-off', 'cors-any-origin',
  'management-endpoints-exposed', 'kubernetes-secret-data', 'suppression-without-reason', 'suppression-unknown-rule',
]);
const README_START = '<!-- rule-table:start (generated by npm run gen:rules from findings.json; do not edit by hand) -->';
const README_END = '<!-- rule-table:end -->';

function cell(text) {
  return String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function readmeTable(ids) {
  const lines = ['| Rule id | What | Severity | Matrix row | Formats | Controls |', '|---|---|---|---|---|---|'];
  for (const id of ids) {
    const rules = findings.rules.filter((rule) => rule.id === id);
    if (rules.every((rule) => NOT_INFRASTRUCTURE.has(rule.check.kind) || rule.check.types?.every((type) => type.startsWith('Kubernetes::')))) continue;
    const rule = rules.find((candidate) => candidate.summary) ?? rules[0];
    const row = matrix.rows.find((candidate) => candidate.id === rule.row);
    const severities = [...new Set(rules.map((candidate) => candidate.severity))].join(' / ');
    const kinds = Object.keys(KIND).filter((kind) => [...fixtures(id, 'fail'), ...fixtures(id, 'pass')].some((example) => example.analysis.kind === kind));
    const controls = [...new Set(rules.flatMap((candidate) => candidate.controls))].map((control) => control.replace(/^SecurityHub /, '').replace(/^CIS AWS Foundations /, 'CIS '));
    lines.push(
      `| [\`${id}\`](docs/rules/${id}.md) | ${cell(rule.summary ?? rule.title)} | ${severities} | \`${row.id}\` | ${kinds.map((kind) => KIND[kind]).join(', ')} | ${controls.join(', ') || '–'} |`,
    );
  }
  return lines.join('\n');
}

function withReadmeTable(readme, ids) {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${README_START} … ${README_END}`);
  return `${readme.slice(0, start + README_START.length)}\n${readmeTable(ids)}\n${readme.slice(end)}`;
}

// ------------------------------------------------------------- the README's table of Azure rules
const azureRules = JSON.parse(readFileSync(join(root, 'src/core/clouds/azure/knowledge/rules.json'), 'utf8'));
const azureMatrix = JSON.parse(readFileSync(join(root, 'src/core/clouds/azure/knowledge/matrix.json'), 'utf8'));
const AZURE_START = '<!-- azure-rule-table:start (generated by npm run gen:rules from clouds/azure/knowledge/rules.json; do not edit by hand) -->';
const AZURE_END = '<!-- azure-rule-table:end -->';
/** Formats by the file names of a rule's failing fixtures (test/fixtures/azure-rules/<rule-id>/fail). */
const AZURE_FORMATS = [
  ['ARM', (name) => name.endsWith('.json')],
  ['Bicep', (name) => name.endsWith('.bicep')],
  ['Terraform', (name) => name.endsWith('.tf')],
];

function azureTable() {
  const lines = ['| Rule id | What | Severity | Matrix row | Formats | Controls |', '|---|---|---|---|---|---|'];
  for (const rule of [...azureRules.rules].sort((a, b) => a.id.localeCompare(b.id))) {
    const failing = join(root, 'test/fixtures/azure-rules', rule.id, 'fail');
    const names = existsSync(failing) ? readdirSync(failing) : [];
    const formats = AZURE_FORMATS.filter(([, matches]) => names.some(matches)).map(([name]) => name);
    // The message, with its placeholders read as words.
    const what = rule.message.replace(/TLS \{value\}/g, 'TLS below 1.2').replace(/\{resource\}/g, 'the resource').replace(/ \(\{value\}\)/g, '').replace(/\{value\}/g, '…').replace(/\{what\}/g, 'secret').replace(/\{path\}/g, 'a property').replace(/\{port\}/g, 'an admin port').replace(/\{source\}/g, 'anywhere');
    const row = azureMatrix.rows.find((candidate) => candidate.id === rule.row);
    lines.push(`| \`${rule.id}\` | ${cell(what)} | ${rule.severity} | \`${row.id}\` | ${formats.join(', ')} | ${rule.controls.join(', ')} |`);
  }
  return lines.join('\n');
}

function withAzureTable(readme) {
  const start = readme.indexOf(AZURE_START);
  const end = readme.indexOf(AZURE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${AZURE_START} … ${AZURE_END}`);
  return `${readme.slice(0, start + AZURE_START.length)}\n${azureTable()}\n${readme.slice(end)}`;
}

const ids = [...new Set(findings.rules.map((rule) => rule.id))].sort();
const outputs = new Map();
for (const id of ids) outputs.set(join(docsDir, `${id}.md`), page(id));
outputs.set(join(docsDir, 'README.md'), index(ids));
outputs.set(join(root, 'README.md'), withAzureTable(withReadmeTable(readFileSync(join(root, 'README.md'), 'utf8'), ids)));
outputs.set(
  join(knowledge, 'rule-docs.json'),
  `${JSON.stringify({ $comment: 'Generated by scripts/gen-rules.mjs from package.json repository/homepage: where docs/rules/<rule-id>.md is published (null: nowhere yet, so findings link to the AWS page).', base: publishedBase() }, null, 2)}\n`,
);

let stale = 0;
if (check) {
  for (const [file, text] of outputs) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current !== text) {
      stale++;
      console.error(`${relative(root, file)} is out of date: run npm run gen:rules`);
    }
  }
  const expected = new Set([...outputs.keys()].filter((file) => file.startsWith(docsDir)).map((file) => relative(docsDir, file)));
  for (const name of existsSync(docsDir) ? readdirSync(docsDir) : []) {
    if (!expected.has(name)) {
      stale++;
      console.error(`docs/rules/${name} names no rule: run npm run gen:rules`);
    }
  }
  if (stale) process.exit(1);
  console.log(`docs/rules: ${ids.length} rule pages up to date`);
} else {
  mkdirSync(docsDir, { recursive: true });
  for (const name of readdirSync(docsDir)) if (![...outputs.keys()].includes(join(docsDir, name))) rmSync(join(docsDir, name));
  for (const [file, text] of outputs) writeFileSync(file, text);
  console.log(`docs/rules: ${ids.length} rule pages and the index`);
}
