/**
 * Hostile and broken input: each case gets a clear problem (or a normal
 * analysis) quickly, never a crash or a hang, and positions stay exact.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, MAX_ANALYSED_CHARS } from '../../src/core';
import { runJob } from '../../src/node/jobs';
import type { Analysis } from '../../src/core/types';
import { ROOT, readFixture } from './helpers';
import { ROBUST_FORMATS, prepareFormats, spanOutside } from './robustnessFormats';

const HEADER = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n';
const registered = new Set(ROBUST_FORMATS.map((format) => format.kind));

/**
 * Analyses and checks every span; returns the analysis. A hang fails on mocha's timeout; how fast
 * each case is belongs to `npm run bench`, not to a wall-clock bound that flakes on a loaded machine.
 */
function analysed(text: string, fileName: string): Analysis {
  const analysis = analyze(text, fileName);
  assert.equal(spanOutside(analysis, text), undefined);
  return analysis;
}

function messages(analysis: Analysis): string {
  return analysis.errors.map((error) => error.message).join(' | ');
}

function cli(args: string[], options: { preload?: string; cwd?: string } = {}): { status: number | null; stdout: string; stderr: string } {
  const node = options.preload ? ['-r', options.preload] : [];
  const result = spawnSync(process.execPath, [...node, path.join(ROOT, 'dist/cli.js'), ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('robustness: pathological input', function () {
  this.timeout(60_000);
  before(prepareFormats);

  describe('YAML alias bombs (billion laughs)', () => {
    // Nine levels of nine aliases each: 387,420,489 strings if expanded.
    const levels = 'abcdefghij';
    const bomb = [`  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`, ...[...levels.slice(1)].map((name, index) => `  ${name}: &${name} [${Array(9).fill(`*${levels[index]}`).join(', ')}]`)].join('\n');

    it('CloudFormation: aliases are never expanded; the analysis is small and fast', () => {
      const text = `AWSTemplateFormatVersion: "2010-09-09"\nMappings:\n${bomb}\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: *j\n      BucketName: *j\n`;
      const analysis = analysed(text, 'bomb.yaml');
      assert.equal(analysis.kind, 'cloudformation');
      assert.ok(analysis.settings.length < 10, `${analysis.settings.length} settings`);
      const report = cli(['scan', '--format', 'json', writeTemp('bomb.yaml', text)]);
      assert.ok(report.stdout.length < 100_000, `CLI output of ${report.stdout.length} bytes`);
      assert.notEqual(report.status, 2, report.stderr);
    });

    for (const [kind, fileName, prefix] of [
      ['kubernetes', 'bomb-k8s.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n'],
      ['serverless', 'serverless.yml', 'service: bomb\nprovider:\n  name: aws\ncustom:\n'],
      ['app-config', 'application.yml', 'spring:\n'],
    ] as const) {
      it(`${kind}: the same bomb is harmless`, function () {
        if (!registered.has(kind)) this.skip();
        analysed(`${prefix}${bomb}\n`, fileName);
      });
    }
  });

  describe('nesting 10,000 levels deep', () => {
    const N = 10_000;
    const deep = /nested too deeply|Nested more than 200 levels/;

    it('YAML flow sequences and maps: one "nested too deeply" problem', () => {
      for (const nested of ['['.repeat(N) + ']'.repeat(N), '{a: '.repeat(N) + '1' + '}'.repeat(N)]) {
        const analysis = analysed(`${HEADER}      Tags: ${nested}\n`, 'deep.yaml');
        assert.match(messages(analysis), deep);
        assert.equal(analysis.errors.length, 1);
      }
    });

    it('YAML block mappings as deep as the size limit allows (2,500 levels) are cut off at 200', () => {
      const lines = Array.from({ length: 2_500 }, (_, depth) => `${' '.repeat(6 + depth)}a${depth}:`);
      const text = `${HEADER}${lines.join('\n')} 1\n`;
      assert.ok(text.length < MAX_ANALYSED_CHARS);
      const analysis = analysed(text, 'deep-block.yaml');
      assert.match(messages(analysis), deep);
    });

    it('JSON arrays and objects', () => {
      for (const nested of ['['.repeat(N) + ']'.repeat(N), '{"a":'.repeat(N) + '1' + '}'.repeat(N)]) {
        const text = `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"Tags":${nested}}}}}`;
        const analysis = analysed(text, 'deep.json');
        assert.match(messages(analysis), deep);
      }
    });

    it('HCL tuples, objects and nested blocks', function () {
      if (!registered.has('terraform')) this.skip();
      for (const body of [`  tags = ${'['.repeat(N)}${']'.repeat(N)}\n`, `  tags = ${'{a = '.repeat(N)}1${'}'.repeat(N)}\n`, `${'b {\n'.repeat(N)}${'}\n'.repeat(N)}`]) {
        const analysis = analysed(`resource "aws_s3_bucket" "b" {\n${body}}\n`, 'deep.tf');
        assert.match(messages(analysis), deep);
      }
    });
  });

  describe('size', () => {
    it('a 20 MB file gets a "too large" notice at once, in every format', () => {
      const big = `${HEADER}${'      # padding padding padding padding\n'.repeat(540_000)}`;
      assert.ok(big.length > 20_000_000);
      for (const format of ROBUST_FORMATS) {
        const prefix = format.kind === 'kubernetes' ? 'apiVersion: v1\nkind: ConfigMap\n' : format.kind === 'cloudformation' && format.fileName.endsWith('.json') ? '{"AWSTemplateFormatVersion": "2010-09-09",' : '';
        const analysis = analysed(prefix + big, format.fileName);
        if (analysis.kind === undefined) continue; // not claimed at all (e.g. YAML padding under a JSON name)
        assert.match(messages(analysis), /File is too large to analyse \(2\d\.\d MB; the limit is [15] MB\)/, format.fileName);
        assert.equal(analysis.settings.length, 0);
      }
    });

    it(`the limit is ${MAX_ANALYSED_CHARS.toLocaleString('en')} characters: one more gets the notice`, () => {
      const line = (length: number) => `${HEADER}      BucketName: ${'a'.repeat(length - HEADER.length - 19)}\n`;
      assert.equal(line(MAX_ANALYSED_CHARS).length, MAX_ANALYSED_CHARS);
      assert.doesNotMatch(messages(analysed(line(MAX_ANALYSED_CHARS), 'line.yaml')), /too large/);
      assert.match(messages(analysed(line(MAX_ANALYSED_CHARS + 1), 'line.yaml')), /too large/);
    });

    it('a single line of almost 5 MB is analysed quickly in YAML, JSON, .env and Terraform; Dockerfiles stop at 1 MB', () => {
      const value = 'a'.repeat(4_990_000);
      const yaml = analysed(`${HEADER}      BucketName: ${value}\n`, 'line.yaml');
      assert.equal(yaml.settings.find((s) => s.path === 'Properties.BucketName')?.span.length, 'BucketName: '.length + value.length);
      analysed(`{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":"${value}"}}}}`, 'line.json');
      if (registered.has('dotenv')) analysed(`DATABASE_URL=postgres://${value}\nAPI_KEY=${value}\n`.slice(0, 4_999_000), '.env');
      if (registered.has('app-config')) analysed(`spring.datasource.url=jdbc:mysql://${value}\n`, 'application.properties');
      if (registered.has('dockerfile')) assert.match(messages(analysed(`FROM alpine\nRUN echo ${value}\n`, 'Dockerfile')), /too large.*limit is 1 MB/);
      if (registered.has('terraform')) {
        // tree-sitter needs about 10 s for this; the parse is cut off after 3 s with a clear problem.
        const terraform = analysed(`resource "aws_s3_bucket" "b" {\n  bucket = "${value}"\n}\n`, 'line.tf');
        assert.ok(terraform.settings.length === 1 || /took more than 3 s to parse/.test(messages(terraform)), messages(terraform));
      }
    });
  });

  describe('bytes that are not text', () => {
    it('a NUL in the first 200 kB: "looks binary" notice, also through the CLI', () => {
      assert.match(messages(analysed(`${HEADER}\u0000\u0001\u0002`, 'binary.yaml')), /looks binary/);
      const file = writeTemp('binary.yaml', Buffer.concat([Buffer.from(HEADER), Buffer.from([0, 0xff, 0xfe, 0x00, 0x89, 0x50, 0x4e, 0x47])]));
      const { status, stdout } = cli(['scan', '--format', 'json', file]);
      assert.equal(status, 0);
      assert.match(JSON.parse(stdout).files[0].errors[0].message, /looks binary/);
    });

    it('invalid UTF-8 reads as replacement characters and positions after it stay exact (CLI)', () => {
      const bytes = Buffer.concat([Buffer.from(`${HEADER}      BucketName: caf`), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('\n      AccessControl: PublicRead\n')]);
      const file = writeTemp('latin.yaml', bytes);
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.includes('\uFFFD'));
      const analysis = analysed(text, file);
      const access = analysis.settings.find((s) => s.path === 'Properties.AccessControl')!;
      assert.equal(text.slice(access.key.offset, access.key.offset + access.key.length), 'AccessControl');
      const { status, stdout } = cli(['scan', '--format', 'json', file]);
      assert.notEqual(status, 2);
      const setting = JSON.parse(stdout).files[0].settings.find((s: { key: string }) => s.key === 'Properties.AccessControl');
      assert.deepEqual([setting.line, setting.column], [7, 7]);
    });
  });

  describe('line endings and byte-order marks keep positions exact', () => {
    const variants: [string, (text: string) => string][] = [
      ['CRLF', (text) => text.replace(/\r?\n/g, '\r\n')],
      // (A lone CR as a line break is left out: the yaml library does not treat it as one, and no editor writes it any more.)
      ['mixed LF/CRLF', (text) => text.split('\n').map((line, index, lines) => (index === lines.length - 1 ? line : line + (index % 2 ? '\r\n' : '\n'))).join('')],
      ['BOM', (text) => `\uFEFF${text}`],
      ['BOM + CRLF', (text) => `\uFEFF${text.replace(/\r?\n/g, '\r\n')}`],
    ];
    const keyTexts = (text: string, analysis: Analysis) => analysis.settings.map((s) => `${s.path} = ${text.slice(s.key.offset, s.key.offset + s.key.length)}`);

    for (const format of ROBUST_FORMATS) {
      it(`${format.kind} (${format.fileName}): every setting's key text and every finding are the same`, () => {
        for (const fixture of format.fixtures) {
          const original = readFixture(fixture).replace(/\r\n/g, '\n');
          const base = analyze(original, fixture);
          if (base.kind !== format.kind || !base.settings.length) continue;
          for (const [name, change] of variants) {
            const text = change(original);
            const analysis = analysed(text, fixture);
            assert.deepEqual(keyTexts(text, analysis), keyTexts(original, base), `${fixture} with ${name}`);
            assert.deepEqual(analysis.findings.map((f) => f.ruleId), base.findings.map((f) => f.ruleId), `${fixture} findings with ${name}`);
          }
        }
      });
    }
  });

  it('an empty file, a lone newline, a lone BOM or whitespace: no crash in any format', () => {
    for (const format of ROBUST_FORMATS) for (const text of ['', '\n', '\r\n', '\uFEFF', '   \t  ', '\u0000']) analysed(text, format.fileName);
  });

  describe('a file that changes while it is being scanned', () => {
    // The CLI lists the files, then reads each (src/node/read.ts: resolve,
    // lstat, open, fstat, read). A preload script (node -r) patches
    // fs.openSync so that, just before a file is opened, it is deleted,
    // replaced by a folder, truncated mid-token or overwritten with binary:
    // the race is simulated deterministically, not hoped for.
    let folder: string;
    before(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-changing-'));
      for (const name of ['a-stable.yaml', 'b-deleted.yaml', 'c-now-a-folder.yaml', 'd-truncated.yaml', 'e-binary.yaml', 'f-stable.json']) {
        fs.copyFileSync(path.join(ROOT, name.endsWith('.json') ? 'test/fixtures/templates/risky-stack.json' : 'examples/cloudformation/risky-stack.yaml'), path.join(folder, name));
      }
      fs.writeFileSync(
        path.join(folder, 'preload.cjs'),
        `const fs = require('fs');
const open = fs.openSync;
const done = new Set();
fs.openSync = function (file, ...rest) {
  const name = String(file);
  if (!done.has(name)) {
    done.add(name);
    if (name.endsWith('b-deleted.yaml')) fs.unlinkSync(name);
    else if (name.endsWith('c-now-a-folder.yaml')) { fs.unlinkSync(name); fs.mkdirSync(name); }
    else if (name.endsWith('d-truncated.yaml')) fs.truncateSync(name, 300);
    else if (name.endsWith('e-binary.yaml')) fs.writeFileSync(name, Buffer.from([0, 1, 2, 255]));
  }
  return open.call(this, file, ...rest);
};
`,
      );
    });
    after(() => fs.rmSync(folder, { recursive: true, force: true }));

    it('the CLI reports the files it could not read and analyses the rest, in every output format', () => {
      for (const format of ['text', 'json', 'sarif', 'markdown', 'csv']) {
        for (const name of ['b-deleted.yaml', 'c-now-a-folder.yaml', 'd-truncated.yaml', 'e-binary.yaml']) {
          fs.rmSync(path.join(folder, name), { recursive: true, force: true });
          fs.copyFileSync(path.join(ROOT, 'examples/cloudformation/risky-stack.yaml'), path.join(folder, name));
        }
        const { status, stdout, stderr } = cli(['scan', '--format', format, folder], { preload: path.join(folder, 'preload.cjs') });
        assert.ok(status === 0 || status === 1, `--format ${format}: exit ${status}: ${stderr}`);
        assert.doesNotMatch(stderr, /internal error/);
        assert.match(stderr, /b-deleted\.yaml/);
        assert.match(stderr, /c-now-a-folder\.yaml/);
        assert.ok(stdout.includes('a-stable.yaml') && stdout.includes('f-stable.json'), `--format ${format} lost the stable files`);
        if (format === 'json') {
          const report = JSON.parse(stdout) as { files: { path: string; errors: { message: string }[] }[] };
          // Overwritten with four binary bytes it is no longer a template: not reported, not a crash.
          assert.equal(report.files.find((file) => file.path.endsWith('e-binary.yaml')), undefined);
          assert.ok(report.files.find((file) => file.path.endsWith('d-truncated.yaml')), 'the truncated template is still reported');
        }
      }
    });

    it('the worker job that reads and reports a file lists a vanished file or a folder as not analysed', () => {
      const gone = path.join(folder, 'never-there.yaml');
      assert.match(runJob({ kind: 'report', file: gone, root: folder, path: 'never-there.yaml' }).unanalysed!.message, /ENOENT/);
      const dir = path.join(folder, 'a-folder.yaml');
      fs.mkdirSync(dir, { recursive: true });
      assert.match(runJob({ kind: 'report', file: dir, root: folder, path: 'a-folder.yaml' }).unanalysed!.message, /not a regular file/);
    });
  });
});

const tempDirs: string[] = [];
after(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function writeTemp(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-patho-'));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
