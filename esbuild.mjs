// Bundles into dist/: the extension (the language client, loaded at activation), the language
// server and the analysis worker it and the CLI share, and the CLI (which includes the server for
// `lsp --stdio`); the tests into out/.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { thirdPartyNotices } from './scripts/third-party-notices.mjs';

const args = new Set(process.argv.slice(2));
const common = { bundle: true, mainFields: ['module', 'main'], platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

// metafile: which packages each bundle holds, for ThirdPartyNotices.txt (out/meta/ keeps them for its test).
const shipped = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], minify: !args.has('--dev'), metafile: true },
  { ...common, entryPoints: ['src/server/entry.ts'], outfile: 'dist/server.js', minify: !args.has('--dev'), metafile: true },
  { ...common, entryPoints: ['src/node/worker.ts'], outfile: 'dist/worker.js', minify: !args.has('--dev'), metafile: true },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', minify: !args.has('--dev'), metafile: true },
];
const builds = [...shipped];

if (args.has('--tests')) {
  // A deleted or renamed test must not keep running from an old bundle.
  rmSync('out/test', { recursive: true, force: true });
  const list = (dir) => readdirSync(dir).filter((name) => name.endsWith('.ts')).map((name) => `${dir}/${name}`);
  builds.push({ ...common, entryPoints: list('test/unit'), outdir: 'out/test/unit', external: ['mocha'] });
  builds.push({ ...common, entryPoints: list('test/host'), outdir: 'out/test/host', external: ['vscode', 'mocha'] });
}

// Files copied next to the bundles; those from a package are listed in ThirdPartyNotices.txt.
const assets = [
  // Property docs for hovers stay out of the bundle (loaded on first hover: src/core/clouds/aws/specDocs.ts).
  { from: 'src/core/clouds/aws/knowledge/spec-docs.json', output: 'dist/spec-docs.json' },
  // The Terraform parser (WebAssembly), loaded by prepareFormats(__dirname) when the first .tf file is analysed.
  { from: 'node_modules/web-tree-sitter/tree-sitter.wasm', output: 'dist/tree-sitter.wasm', packageDir: 'node_modules/web-tree-sitter' },
  { from: 'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm', output: 'dist/tree-sitter-terraform.wasm', packageDir: 'node_modules/@tree-sitter-grammars/tree-sitter-hcl' },
  // The Bicep parser, loaded by prepareBicep(__dirname) when the first .bicep file is analysed.
  { from: 'node_modules/tree-sitter-bicep/tree-sitter-bicep.wasm', output: 'dist/tree-sitter-bicep.wasm', packageDir: 'node_modules/tree-sitter-bicep' },
];
mkdirSync('dist', { recursive: true });
for (const { from, output } of assets) copyFileSync(from, output);

if (args.has('--watch')) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  mkdirSync('out/meta', { recursive: true });
  const bundles = shipped.map((options, index) => ({ output: options.outfile, metafile: results[index].metafile }));
  for (const { output, metafile } of bundles) writeFileSync(`out/meta/${output.replace(/^dist\/(.*)\.js$/, '$1')}.json`, JSON.stringify(metafile));
  const notices = thirdPartyNotices('.', bundles, assets.filter((asset) => asset.packageDir));
  // Written only when it changes: a new or updated dependency shows up as a change to commit.
  if (!existsSync('ThirdPartyNotices.txt') || readFileSync('ThirdPartyNotices.txt', 'utf8') !== notices) writeFileSync('ThirdPartyNotices.txt', notices);
}
