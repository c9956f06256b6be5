/**
 * ThirdPartyNotices.txt covers every third-party package the shipped bundles contain (read from
 * the esbuild metafiles of the build that ran before the tests) and the tree-sitter WebAssembly
 * copied next to them, each with its own license text from node_modules, and nothing else.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';

interface Manifest {
  name: string;
  version: string;
}

const NOTICES = fs.readFileSync(path.join(ROOT, 'ThirdPartyNotices.txt'), 'utf8');
const WASM_PACKAGES = ['node_modules/web-tree-sitter', 'node_modules/@tree-sitter-grammars/tree-sitter-hcl', 'node_modules/tree-sitter-bicep'];

function bundledPackageDirs(): Set<string> {
  const dirs = new Set<string>();
  for (const bundle of ['extension', 'cli']) {
    const metafile = JSON.parse(fs.readFileSync(path.join(ROOT, 'out/meta', `${bundle}.json`), 'utf8')) as { inputs: Record<string, unknown> };
    for (const input of Object.keys(metafile.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match) dirs.add(match[1]);
    }
  }
  return dirs;
}

const manifestOf = (dir: string): Manifest => JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;

/** Each entry of the file: "name version (license)" and its text up to the next entry. */
function sections(): Map<string, string> {
  const result = new Map<string, string>();
  for (const part of NOTICES.split(/^-{79}$/m).slice(1)) {
    const [heading] = part.trim().split('\n');
    const match = /^(\S+) (\S+) \(/.exec(heading);
    assert.ok(match, `entry heading "${heading}"`);
    result.set(`${match[1]}@${match[2]}`, part);
  }
  return result;
}

describe('ThirdPartyNotices.txt', () => {
  it('covers every package in the bundles and the tree-sitter wasm, with each license file from node_modules', () => {
    const dirs = new Set([...bundledPackageDirs(), ...WASM_PACKAGES]);
    assert.ok(dirs.size >= 8, `found ${dirs.size} packages in the metafiles`);
    const entries = sections();
    for (const dir of dirs) {
      const { name, version } = manifestOf(dir);
      const entry = entries.get(`${name}@${version}`);
      assert.ok(entry, `${name}@${version} (${dir}) is bundled but not in ThirdPartyNotices.txt: run node esbuild.mjs and commit the file`);
      const licenseFiles = fs.readdirSync(path.join(ROOT, dir)).filter((file) => /^(licen[cs]e|copying)/i.test(file));
      assert.ok(licenseFiles.length > 0, `${name} has a license file`);
      for (const file of licenseFiles) {
        const text = fs.readFileSync(path.join(ROOT, dir, file), 'utf8').replace(/\r\n?/g, '\n').trimEnd();
        assert.ok(entry.includes(text), `${name}: the text of ${file} is in its entry`);
      }
    }
    const expected = new Set([...dirs].map((dir) => `${manifestOf(dir).name}@${manifestOf(dir).version}`));
    assert.deepEqual([...entries.keys()].filter((key) => !expected.has(key)), [], 'no entry for a package that is not shipped');
  });

  it('names the tree-sitter grammar and runtime next to the wasm files they ship as', () => {
    const entries = sections();
    const hcl = [...entries].find(([key]) => key.startsWith('@tree-sitter-grammars/tree-sitter-hcl@'));
    assert.ok(hcl && /Apache-2\.0/.test(hcl[1]) && hcl[1].includes('dist/tree-sitter-terraform.wasm'));
    const runtime = [...entries].find(([key]) => key.startsWith('web-tree-sitter@'));
    assert.ok(runtime && runtime[1].includes('dist/tree-sitter.wasm') && runtime[1].includes('dist/cli.js'));
  });
});
