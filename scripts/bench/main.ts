/**
 * `npm run bench`: medians over repeated runs after a warm-up, on generated
 * inputs of growing size. Every comparison is a ratio measured side by side
 * in this run. Prints Markdown tables; `--write` also updates BENCHMARKS.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { analyze } from '../../src/core';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { targetAt } from '../../src/core/engine/lookup';
import { BENCH_FORMATS, MISSING_FORMATS, ROOT, type BenchFormat } from './formats';
import { Random, cloudFormationJson, cloudFormationYaml, workspace } from './generate';
import { prepareFormats } from './prepare';
import { parseJsonOriginal, targetAtLinear } from './baseline';
import { parseJson } from '../../src/core/parse/json';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import TreeSitter = require('web-tree-sitter');

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const out: string[] = [];

function print(line = ''): void {
  out.push(line);
  process.stdout.write(`${line}\n`);
}

function now(): number {
  return performance.now();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs for this many repetitions after warm-up; fewer for bigger inputs. */
function repetitions(lines: number): { warmup: number; runs: number } {
  if (QUICK) return { warmup: 1, runs: 3 };
  if (lines <= 1_000) return { warmup: 20, runs: 61 };
  if (lines <= 10_000) return { warmup: 3, runs: 11 };
  return { warmup: 2, runs: 7 };
}

interface Timed {
  /** Median wall time, ms. */
  wall: number;
  /** Median CPU time of the process (user + system), ms: what the work costs, without time spent descheduled. */
  cpu: number;
}

function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Alternates a and b so both see the same machine state. Returns the medians
 * of each and the median of the per-pair CPU-time ratios a/b: on a shared
 * machine, load that comes and goes during the run inflates wall times but
 * hardly CPU times, and pairing cancels what drift remains.
 */
function sideBySide(a: () => unknown, b: () => unknown, lines: number): { a: Timed; b: Timed; ratio: number } {
  const { warmup, runs } = repetitions(lines);
  for (let index = 0; index < warmup; index++) {
    a();
    b();
  }
  const samples = { a: { wall: [] as number[], cpu: [] as number[] }, b: { wall: [] as number[], cpu: [] as number[] } };
  const time = (run: () => unknown, into: { wall: number[]; cpu: number[] }) => {
    const cpu = cpuNow();
    const wall = now();
    run();
    into.wall.push(now() - wall);
    into.cpu.push(cpuNow() - cpu);
  };
  // One full collection before measuring; none between runs (a forced GC leaves concurrent sweeping that bills the next run).
  gc();
  for (let index = 0; index < runs; index++) {
    time(a, samples.a);
    time(b, samples.b);
  }
  const summary = (into: { wall: number[]; cpu: number[] }): Timed => ({ wall: median(into.wall), cpu: median(into.cpu) });
  return { a: summary(samples.a), b: summary(samples.b), ratio: median(samples.a.cpu.map((cpu, index) => cpu / Math.max(samples.b.cpu[index], 0.001))) };
}

const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const ratio = (value: number): string => `${value.toFixed(2)}×`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function table(header: string[], rows: string[][]): void {
  print(`| ${header.join(' | ')} |`);
  const numeric = (column: number) => rows.every((row) => /^[\d.,]+(?: ?(?:ms|s|MB|kB|×|%))?$/.test(row[column] ?? ''));
  print(`|${header.map((_cell, column) => (numeric(column) ? '---:' : '---')).join('|')}|`);
  for (const row of rows) print(`| ${row.join(' | ')} |`);
}

// ---------------------------------------------------------------------------

const inputs = new Map<string, string>();
function input(format: BenchFormat, lines: number): string {
  const key = `${format.label}/${lines}`;
  if (!inputs.has(key)) inputs.set(key, format.makeInput(lines, 42));
  return inputs.get(key)!;
}

function analysisVsParse(): void {
  print('## 1. Analysis vs bare parse (same parser, same options)');
  print();
  print('Medians per file of CPU time (process user + system: unaffected by time spent descheduled on a busy machine), with wall time alongside; runs alternate analysis and bare parse after a warm-up. Ratio = median of the per-pair CPU ratios analysis ÷ bare parse; target ≤ 1.5× at every size. µs/line shows whether growth is linear.');
  print();
  const rows: string[][] = [];
  for (const format of BENCH_FORMATS) {
    for (const lines of QUICK ? format.sizes.filter((size) => size <= 10_000) : format.sizes) {
      const text = input(format, lines);
      const first = analyze(text, format.fileName);
      if (first.errors.length) throw new Error(`${format.label} ${lines}: generated input has errors: ${first.errors[0].message}`);
      const measured = sideBySide(
        () => analyze(text, format.fileName),
        () => format.bareParse(text),
        lines,
      );
      const actualLines = text.split('\n').length;
      rows.push([
        format.label,
        actualLines.toLocaleString('en'),
        `${(text.length / 1024).toFixed(0)} kB`,
        first.settings.length.toLocaleString('en'),
        ms(measured.b.cpu),
        ms(measured.a.cpu),
        ratio(measured.ratio),
        ((measured.a.cpu * 1000) / actualLines).toFixed(2),
        ms(measured.b.wall),
        ms(measured.a.wall),
      ]);
    }
  }
  table(['format', 'lines', 'size', 'settings', 'bare parse ms', 'analysis ms', 'ratio', 'analysis µs/line', 'bare parse wall ms', 'analysis wall ms'], rows);
  if (MISSING_FORMATS.length) print(`\nNot measured (not in the format registry yet): ${MISSING_FORMATS.join(', ')}.`);
  print();
}

function hoverLatency(): void {
  print('## 2. Hover latency from the cached analysis (largest file per format)');
  print();
  print('20,000 random offsets; `targetAt` is the lookup, `hoverMarkdown` the whole card. Target: p99 < 1 ms.');
  print();
  const rows: string[][] = [];
  for (const format of BENCH_FORMATS) {
    const lines = Math.max(...(QUICK ? format.sizes.filter((size) => size <= 10_000) : format.sizes));
    const text = input(format, lines);
    const analysis = analyze(text, format.fileName);
    const random = new Random(9);
    const offsets = Array.from({ length: 20_000 }, () => random.int(0, text.length));
    for (const [name, call] of [
      ['targetAt', (offset: number) => targetAt(analysis, offset)],
      ['hoverMarkdown', (offset: number) => hoverMarkdown(analysis, offset, text)],
    ] as const) {
      for (const offset of offsets.slice(0, 2_000)) call(offset);
      const times: number[] = [];
      let hits = 0;
      for (const offset of offsets) {
        const start = now();
        const result = call(offset);
        times.push(now() - start);
        if (result) hits++;
      }
      times.sort((a, b) => a - b);
      rows.push([format.label, lines.toLocaleString('en'), name, `${((hits / offsets.length) * 100).toFixed(0)}%`, (percentile(times, 50) * 1000).toFixed(1), (percentile(times, 99) * 1000).toFixed(1), (times[times.length - 1] * 1000).toFixed(0)]);
    }
  }
  table(['format', 'lines', 'call', 'hits', 'p50 µs', 'p99 µs', 'max µs'], rows);
  print();
}

/** Changes one character in the middle of a value (a digit or a letter) as typing would. */
function oneCharacterEdit(text: string): string {
  let at = text.length >> 1;
  while (at < text.length && !/[0-9a-z]/.test(text[at])) at++;
  const replacement = /[0-9]/.test(text[at]) ? String((Number(text[at]) + 1) % 10) : text[at] === 'a' ? 'b' : 'a';
  return text.slice(0, at) + replacement + text.slice(at + 1);
}

async function reanalysis(): Promise<void> {
  print('## 3. Re-analysis after a one-character edit (10,000 lines)');
  print();
  print('The extension re-analyses the whole document after the debounce; this is that cost. The previous analysis stays cached until then, so hovers never wait.');
  print();
  const rows: string[][] = [];
  for (const format of BENCH_FORMATS.filter((row) => row.sizes.includes(10_000))) {
    const text = input(format, 10_000);
    let edited = oneCharacterEdit(text);
    const { a: reanalyse } = sideBySide(
      () => {
        edited = oneCharacterEdit(edited);
        return analyze(edited, format.fileName);
      },
      () => undefined,
      10_000,
    );
    rows.push([format.label, ms(reanalyse.cpu), ms(reanalyse.wall)]);
  }
  table(['format', 're-analysis CPU ms', 'wall ms'], rows);
  const terraformRow = BENCH_FORMATS.find((row) => row.kind === 'terraform');
  if (terraformRow) await incrementalTerraform(terraformRow);
  print();
}

/** Does tree-sitter's incremental parse pay for Terraform? Full parse vs edit + reparse with the old tree. */
async function incrementalTerraform(format: BenchFormat): Promise<void> {
  const { Language, Parser } = TreeSitter;
  const language = await Language.load(path.join(ROOT, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  const text = input(format, 10_000);
  let at = text.length >> 1;
  while (!/[0-9a-z]/.test(text[at])) at++;
  const edited = text.slice(0, at) + (text[at] === 'a' ? 'b' : 'a') + text.slice(at + 1);
  const point = (offset: number) => {
    const before = text.slice(0, offset);
    const row = before.split('\n').length - 1;
    return { row, column: offset - (before.lastIndexOf('\n') + 1) };
  };
  const old = parser.parse(text)!;
  const { a: full, b: incremental } = sideBySide(
    () => parser.parse(edited)!.delete(),
    () => {
      const copy = old.copy();
      copy.edit({ startIndex: at, oldEndIndex: at + 1, newEndIndex: at + 1, startPosition: point(at), oldEndPosition: point(at + 1), newEndPosition: point(at + 1) });
      parser.parse(edited, copy)!.delete();
      copy.delete();
    },
    10_000,
  );
  const { a: analysis } = sideBySide(() => analyze(edited, format.fileName), () => undefined, 10_000);
  print();
  print(`Terraform, tree-sitter incremental parse (CPU): full parse ${ms(full.cpu)} ms, edit + incremental parse ${ms(incremental.cpu)} ms; the whole analysis is ${ms(analysis.cpu)} ms, so an incremental parse would save at most ${(((full.cpu - incremental.cpu) / analysis.cpu) * 100).toFixed(0)}% of a re-analysis.`);
  old.delete();
  parser.delete();
}

function timeV(command: string[]): { stdout: string; maxRssKb?: number; wallMs: number } {
  const hasTime = fs.existsSync('/usr/bin/time');
  const start = now();
  const result = hasTime
    ? spawnSync('/usr/bin/time', ['-v', ...command], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallMs = now() - start;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr ?? '');
  return { stdout: result.stdout, maxRssKb: rss ? Number(rss[1]) : undefined, wallMs };
}

function workspaceScan(): string {
  print('## 4. Workspace scan (2,000-file mixed workspace)');
  print();
  const files = workspace(2_000, 7);
  const folder = path.join(os.tmpdir(), 'responsibility-lens-bench-workspace');
  fs.rmSync(folder, { recursive: true, force: true });
  for (const file of files) {
    fs.mkdirSync(path.join(folder, path.dirname(file.path)), { recursive: true });
    fs.writeFileSync(path.join(folder, file.path), file.text);
  }
  const totalLines = files.reduce((sum, file) => sum + file.text.split('\n').length, 0);
  const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);
  print(`${files.length.toLocaleString('en')} files, ${totalLines.toLocaleString('en')} lines, ${(bytes / 1024 / 1024).toFixed(1)} MB, in ${folder}. Each run is a fresh process; medians of ${QUICK ? 1 : 3} runs; peak RSS from \`/usr/bin/time -v\` (whole process) and from \`process.memoryUsage().rss\` sampled in-process. Target: < 5 s and < 300 MB.`);
  print();
  const runs = QUICK ? 1 : 3;
  const rows: string[][] = [];
  const node = process.execPath;
  const variants: [string, string[]][] = [
    ['CLI `scan --format json` (end to end, one thread)', [node, path.join(ROOT, 'dist/cli.js'), 'scan', '--format', 'json', folder]],
    ['in-process scan, one thread', [node, path.join(__dirname, 'scan.js'), folder]],
    ['scan on the worker pool, 1 thread (the CLI\'s and the server\'s size on 2 cores)', [node, path.join(__dirname, 'scan.js'), folder, '--workers', '1']],
    ['scan on the worker pool, 2 threads', [node, path.join(__dirname, 'scan.js'), folder, '--workers', '2']],
  ];
  let summary = '';
  for (const [name, command] of variants) {
    const results = Array.from({ length: runs }, () => timeV(command));
    const wall = median(results.map((result) => result.wallMs));
    const rss = median(results.map((result) => result.maxRssKb ?? 0)) * 1024;
    let sampled = '';
    let analysed = '';
    if (command[1].endsWith('scan.js')) {
      const stats = results.map((result) => JSON.parse(result.stdout.trim().split('\n').pop()!));
      sampled = mb(median(stats.map((stat) => stat.peakRss)));
      analysed = `${stats[0].analysed} (${Object.entries(stats[0].kinds as Record<string, number>).map(([kind, count]) => `${kind} ${count}`).join(', ')})`;
      if (!summary) summary = `${stats[0].settings.toLocaleString('en')} settings and ${stats[0].findings.toLocaleString('en')} findings.`;
    } else {
      const report = JSON.parse(results[0].stdout) as { files: unknown[] };
      analysed = `${report.files.length}`;
    }
    rows.push([name, `${(wall / 1000).toFixed(2)} s`, Math.round((files.length / wall) * 1000).toLocaleString('en'), rss ? mb(rss) : 'n/a', sampled || '—', analysed]);
  }
  table(['scan', 'wall', 'files/s', 'peak RSS (time -v)', 'peak RSS (sampled)', 'files analysed'], rows);
  print();
  if (summary) print(`The workspace yields ${summary}`);
  print();
  return folder;
}

async function peer(folder: string): Promise<void> {
  print('## 5. Peer side by side: the `cfn-lint` npm package on the same CloudFormation templates');
  print();
  print('Both read the file from disk and validate/analyse it, in this process, alternating. cfn-lint 1.x (npm) uses js-yaml and its own resource specification.');
  print();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cfnLint = require('cfn-lint/lib/api') as { validateFile(file: string, options?: object): { errors: { crit: unknown[]; warn: unknown[]; info: unknown[] } } };
  silenceCfnLint();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'responsibility-lens-peer-'));
  const rows: string[][] = [];
  const cases: [string, string, string][] = [];
  for (const lines of QUICK ? [1_000] : [1_000, 10_000]) {
    cases.push([`CloudFormation YAML ${lines.toLocaleString('en')} lines`, path.join(dir, `t${lines}.yaml`), cloudFormationYaml(lines, 42)]);
    cases.push([`CloudFormation JSON ${lines.toLocaleString('en')} lines`, path.join(dir, `t${lines}.json`), cloudFormationJson(lines, 42)]);
  }
  for (const [name, file, text] of cases) {
    fs.writeFileSync(file, text);
    const lines = text.split('\n').length;
    const measured = sideBySide(
      () => analyze(fs.readFileSync(file, 'utf8'), file),
      () => cfnLint.validateFile(file),
      Math.max(lines, 10_000),
    );
    rows.push([name, ms(measured.a.cpu), ms(measured.b.cpu), ratio(1 / measured.ratio)]);
  }
  // The CloudFormation templates of the 2,000-file workspace, one pass each.
  const templates = listFiles(folder).filter((file) => /template-\d+\.(yaml|json)$/.test(file));
  const start = cpuNow();
  for (const file of templates) analyze(fs.readFileSync(file, 'utf8'), file);
  const oursAll = cpuNow() - start;
  const startPeer = cpuNow();
  let peerFailures = 0;
  for (const file of templates) {
    try {
      cfnLint.validateFile(file);
    } catch {
      peerFailures++;
    }
  }
  const theirsAll = cpuNow() - startPeer;
  rows.push([`the workspace's ${templates.length} templates (one pass)`, ms(oursAll), ms(theirsAll), ratio(theirsAll / oursAll)]);
  table(['templates', 'Responsibility Lens CPU ms', 'cfn-lint CPU ms', 'cfn-lint ÷ ours'], rows);
  if (peerFailures) print(`\ncfn-lint threw on ${peerFailures} templates.`);
  print();
  fs.rmSync(dir, { recursive: true, force: true });
}

function silenceCfnLint(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const logger = require('cfn-lint/lib/logger') as { default?: { transports?: Record<string, { silent?: boolean }> } };
    for (const transport of Object.values(logger.default?.transports ?? {})) transport.silent = true;
  } catch {
    // Older layouts: cfn-lint's validateFile does not log by default.
  }
}

function listFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.push(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
  }
  return files;
}

function activation(): void {
  print('## 6. Extension activation and bundle size');
  print();
  const runs = QUICK ? 3 : 15;
  const samples = Array.from({ length: runs }, () => {
    const result = spawnSync(process.execPath, [path.join(__dirname, 'activate.js')], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`activation run failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as { requireMs: number; activateMs: number; serverReadyMs: number; firstHoverMs: number };
  });
  print(`Fresh Node process per run (${runs} runs, medians): \`require('dist/extension.js')\` (the language client) with a stub of the \`vscode\` API (scripts/bench/activate.ts), then the synchronous part of \`activate()\`; then the language server as the client starts it (\`dist/server.js\`, here over stdio): until \`initialize\` is answered, and from \`didOpen\` of a 200-line template to its first hover (the first analysis on a worker thread, which starts then, and the card). A stub rather than code-server: it isolates the extension's own cost from the editor's start-up, which varies by seconds.`);
  print();
  table(
    ['step', 'median ms'],
    [
      ['require dist/extension.js (extension host)', ms(median(samples.map((sample) => sample.requireMs)))],
      ['activate(), synchronous part (extension host)', ms(median(samples.map((sample) => sample.activateMs)))],
      ['language server started and initialized (own process)', ms(median(samples.map((sample) => sample.serverReadyMs)))],
      ['didOpen → first hover of a 200-line template (worker start, analysis, card)', ms(median(samples.map((sample) => sample.firstHoverMs)))],
    ],
  );
  print();
  const dist = path.join(ROOT, 'dist');
  const rows = fs
    .readdirSync(dist)
    .filter((name) => fs.statSync(path.join(dist, name)).isFile())
    .sort()
    .map((name) => [name, fs.statSync(path.join(dist, name)).size.toLocaleString('en')]);
  table(['dist/ file', 'bytes'], rows);
  print();
}

/** The replaced implementations (scripts/bench/baseline.ts) against the current ones, in this run. */
function optimisations(): void {
  print('## 7. Optimisations, old and new side by side');
  print();
  const rows: string[][] = [];
  for (const lines of QUICK ? [10_000] : [10_000, 50_000]) {
    const text = cloudFormationJson(lines, 42);
    const measured = sideBySide(() => parseJsonOriginal(text), () => parseJson(text), lines);
    rows.push([`JSON tree, ${lines.toLocaleString('en')} lines: parseTree + conversion → built from scanner events`, ms(measured.a.cpu), ms(measured.b.cpu), ratio(measured.ratio)]);
  }
  const yamlFormat = BENCH_FORMATS.find((format) => format.label === 'CloudFormation YAML');
  if (yamlFormat) {
    const lines = QUICK ? 10_000 : 50_000;
    const text = input(yamlFormat, lines);
    const analysis = analyze(text, yamlFormat.fileName);
    const random = new Random(11);
    const offsets = Array.from({ length: 5_000 }, () => random.int(0, text.length));
    const measured = sideBySide(
      () => offsets.forEach((offset) => targetAtLinear(analysis, offset)),
      () => offsets.forEach((offset) => targetAt(analysis, offset)),
      10_000,
    );
    rows.push([`5,000 hover lookups on ${lines.toLocaleString('en')} lines: linear walk → index`, ms(measured.a.cpu), ms(measured.b.cpu), ratio(measured.ratio)]);
  }
  table(['change', 'old CPU ms', 'new CPU ms', 'speed-up'], rows);
  print();
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
}

async function main(): Promise<void> {
  await prepareFormats();
  for (const format of BENCH_FORMATS) await format.init?.();
  print(`# Responsibility Lens benchmark`);
  print();
  print(`${new Date().toISOString().slice(0, 10)} · ${machine()}${QUICK ? ' · --quick (fewer runs)' : ''} · load average at start ${os.loadavg()[0].toFixed(2)}`);
  print();
  const only = [...args].find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
  const wants = (name: string) => !only || only.includes(name);
  if (wants('parse')) analysisVsParse();
  if (wants('hover')) hoverLatency();
  if (wants('edit')) await reanalysis();
  let folder: string | undefined;
  if (wants('scan') || wants('peer')) folder = workspaceScan();
  if (wants('peer') && folder) await peer(folder);
  if (wants('activation')) activation();
  if (wants('optimisations')) optimisations();
  print(`Load average at the end: ${os.loadavg()[0].toFixed(2)} (other work on the machine shows up as noise in absolute times; the side-by-side ratios are far less affected).`);
  if (args.has('--write')) {
    const file = path.join(ROOT, 'BENCHMARKS.md');
    const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const notes = previous.includes('<!-- notes -->') ? previous.slice(previous.indexOf('<!-- notes -->')) : '<!-- notes -->\n';
    fs.writeFileSync(file, `${out.join('\n')}\n\n${notes}`);
    process.stdout.write(`\nWrote ${path.relative(process.cwd(), file)}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
