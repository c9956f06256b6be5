/**
 * src/node: the walk stays inside the folder, the reader reads only inside it
 * and only what is small enough, sibling files go through the same reader,
 * and git is never taken from the scanned folder.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBeside, readInsideRoot } from '../../src/node/read';
import { walkFiles } from '../../src/node/walk';
import { gitExecutable } from '../../src/cli/files';

describe('src/node: reading and walking inside the scanned folder', () => {
  let base: string;
  let root: string;
  before(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-node-')));
    root = path.join(base, 'repo');
    fs.mkdirSync(path.join(root, 'infra'), { recursive: true });
    fs.writeFileSync(path.join(base, 'secret.txt'), 'outside the folder\n');
    fs.writeFileSync(path.join(root, 'infra/main.tf'), 'resource "aws_s3_bucket" "b" {}\n');
    fs.writeFileSync(path.join(root, 'infra/variables.tf'), 'variable "x" {}\n');
    fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'infra/terraform.tfvars'));
    fs.symlinkSync(path.join(root, 'infra/main.tf'), path.join(root, 'inside-link.tf'));
    fs.symlinkSync('..', path.join(root, 'infra/up'));
    fs.symlinkSync(base, path.join(root, 'out'));
    spawnSync('mkfifo', [path.join(root, 'infra/pipe.tf')]);
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('reads a file, or a link to one, inside the folder', () => {
    assert.equal((readInsideRoot(path.join(root, 'inside-link.tf'), root) as { text: string }).text, 'resource "aws_s3_bucket" "b" {}\n');
  });

  it('refuses a link out of the folder, a FIFO (without blocking) and a file over the limit (before reading it)', () => {
    assert.equal((readInsideRoot(path.join(root, 'infra/terraform.tfvars'), root) as { problem: string }).problem, 'outside-root');
    assert.equal((readInsideRoot(path.join(root, 'infra/pipe.tf'), root) as { problem: string }).problem, 'not-a-file');
    assert.equal((readInsideRoot(path.join(root, 'infra/main.tf'), root, 10) as { problem: string }).problem, 'too-large');
    assert.match((readInsideRoot(path.join(root, 'gone.tf'), root) as { message: string }).message, /ENOENT/);
  });

  it('readBeside reads a sibling with the same checks, and only by a plain name', () => {
    const main = path.join(root, 'infra/main.tf');
    assert.equal((readBeside(main, 'variables.tf', root) as { text: string }).text, 'variable "x" {}\n');
    assert.equal((readBeside(main, 'terraform.tfvars', root) as { problem: string }).problem, 'outside-root');
    assert.equal(readBeside(main, 'absent.tfvars', root), undefined);
    for (const name of ['../secret.txt', '/etc/passwd', '..', '']) assert.equal((readBeside(main, name, root) as { problem: string }).problem, 'unreadable', name);
  });

  it('the walk follows no link to a folder, reports it, and reads links to files', () => {
    const { files, skipped } = walkFiles([root], { skippedDirectories: new Set(), selectFile: (file) => file.endsWith('.tf') || file.endsWith('.tfvars') });
    assert.deepEqual(files.map(({ file }) => path.relative(root, file)).sort(), ['infra/main.tf', 'infra/terraform.tfvars', 'infra/variables.tf', 'inside-link.tf']);
    assert.ok(files.every((file) => file.root === root));
    assert.deepEqual(skipped.map((skip) => `${path.relative(root, skip.path)} ${skip.reason}`).sort(), ['infra/pipe.tf not-a-file', 'infra/up symlinked-folder', 'out symlinked-folder']);
  });

  it('the same folder named twice is walked once', () => {
    const { files, skipped } = walkFiles([root, path.join(root, 'infra'), path.join(root, 'infra', '.')], { skippedDirectories: new Set(), selectFile: (file) => file.endsWith('main.tf') });
    assert.equal(files.length, 1);
    assert.ok(skipped.some((skip) => skip.reason === 'loop'));
  });

  it('git comes from an absolute PATH entry outside the scanned folder and the working directory', () => {
    const planted = path.join(root, 'bin');
    fs.mkdirSync(planted, { recursive: true });
    fs.writeFileSync(path.join(planted, 'git'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(root, 'git'), '#!/bin/sh\n', { mode: 0o755 });
    const real = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    const PATH = ['.', '', 'bin', planted, root, path.dirname(real)].join(path.delimiter);
    assert.equal(gitExecutable(root, { PATH }), path.join(path.dirname(real), 'git'));
    assert.throws(() => gitExecutable(root, { PATH: ['.', planted, root].join(path.delimiter) }), /no git executable on PATH outside the scanned folder/);
  });
});
