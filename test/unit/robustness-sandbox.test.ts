/**
 * The analysis opens no sockets, makes no requests, spawns no processes or
 * threads and evaluates nothing: every such entry point is replaced by a
 * recorder while analyze() and the hover run over every fixture and example
 * of every format (and fuzzed variants), then the recorders must be empty.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { ROOT } from './helpers';
import { ROBUST_FORMATS, prepareFormats } from './robustnessFormats';

type Patch = { target: Record<string, unknown>; name: string; original: unknown };

// The modules themselves (not esbuild's read-only namespace copies), so that
// the bundled core, which reads their members at call time, sees the stubs.
/* eslint-disable @typescript-eslint/no-require-imports */
const childProcess = require('node:child_process') as typeof import('node:child_process');
const dgram = require('node:dgram') as object;
const dns = require('node:dns') as object;
const http = require('node:http') as typeof import('node:http');
const https = require('node:https') as object;
const http2 = require('node:http2') as object;
const net = require('node:net') as typeof import('node:net');
const tls = require('node:tls') as object;
const workerThreads = require('node:worker_threads') as object;
/* eslint-enable @typescript-eslint/no-require-imports */

describe('robustness: no network, no processes, no evaluation', function () {
  this.timeout(60_000);
  const calls: string[] = [];
  const patches: Patch[] = [];

  function stub(target: object, label: string, names: string[]): void {
    const record = target as Record<string, unknown>;
    for (const name of names) {
      if (typeof record[name] !== 'function') continue;
      const original = record[name];
      patches.push({ target: record, name, original });
      const replacement = function (this: unknown, ...args: unknown[]) {
        calls.push(`${label}.${name}(${String(args[0]).slice(0, 60)})`);
        throw new Error(`${label}.${name} is not allowed during analysis`);
      };
      try {
        record[name] = replacement;
      } catch {
        Object.defineProperty(record, name, { value: replacement, configurable: true, writable: true });
      }
      if (record[name] !== replacement) {
        patches.pop();
        throw new Error(`could not stub ${label}.${name}`);
      }
    }
  }

  before(async () => {
    // Load what formats need first: the Terraform grammar is read from disk once, at activation.
    await prepareFormats();
    stub(net, 'net', ['connect', 'createConnection', 'createServer']);
    stub(net.Socket.prototype, 'net.Socket', ['connect']);
    stub(tls, 'tls', ['connect', 'createServer']);
    stub(http, 'http', ['request', 'get', 'createServer']);
    stub(https, 'https', ['request', 'get', 'createServer']);
    stub(http2, 'http2', ['connect', 'createServer', 'createSecureServer']);
    stub(dgram, 'dgram', ['createSocket']);
    stub(dns, 'dns', ['lookup', 'resolve', 'resolve4', 'resolve6']);
    stub(childProcess, 'child_process', ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
    stub(workerThreads, 'worker_threads', ['Worker']);
    stub(globalThis, 'globalThis', ['eval', 'Function', 'fetch', 'WebSocket']);
  });

  after(() => {
    for (const { target, name, original } of patches.reverse()) {
      try {
        target[name] = original;
      } catch {
        Object.defineProperty(target, name, { value: original, configurable: true, writable: true });
      }
    }
  });

  it('the recorders work (so the test can fail)', () => {
    assert.throws(() => childProcess.execSync('true'));
    assert.throws(() => http.get('http://127.0.0.1:1/'));
    assert.throws(() => (globalThis as { eval: (code: string) => unknown }).eval('1'));
    assert.throws(() => new (globalThis as unknown as { Function: new (...args: string[]) => unknown }).Function('return 1'));
    assert.equal(calls.length, 4);
    calls.length = 0;
  });

  it('analysing and hovering every fixture and example of every format calls none of them', () => {
    const files: string[] = [];
    for (const folder of ['examples', 'test/fixtures']) {
      for (const entry of fs.readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
        if (entry.isFile()) files.push(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
      }
    }
    let analysed = 0;
    const kinds = new Set<string>();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const variant of [text, text.replace(/\n/g, '\r\n'), text.slice(0, text.length >> 1)]) {
        const analysis = analyze(variant, file);
        if (analysis.kind) {
          analysed++;
          kinds.add(analysis.kind);
        }
        for (const setting of analysis.settings) hoverMarkdown(analysis, setting.key.offset, variant);
      }
    }
    assert.deepEqual(calls, []);
    assert.ok(analysed > 50, `${analysed} analyses`);
    for (const format of ROBUST_FORMATS) assert.ok(kinds.has(format.kind), `no ${format.kind} fixture was analysed`);
  });
});
