// Bundles into dist/: the extension (the language client, loaded at activation), the language
// server and the analysis worker it and the CLI share, and the CLI (which includes the server for
// `lsp --stdio`); the tests into out/.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const common = { bundle: true, mainFields: ['module', 'main'], platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], minify: !args.has('--dev') },
  { ...common, entryPoints: ['src/server/entry.ts'], outfile: 'dist/server.js', minify: !args.has('--dev') },
  { ...common, entryPoints: ['src/node/worker.ts'], outfile: 'dist/worker.js', minify: !args.has('--dev') },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', minify: !args.has('--dev') },
];

if (args.has('--tests')) {
  const list = (dir) => readdirSync(dir).filter((name) => name.endsWith('.ts')).map((name) => `${dir}/${name}`);
  builds.push({ ...common, entryPoints: list('test/unit'), outdir: 'out/test/unit', external: ['mocha'] });
  builds.push({ ...common, entryPoints: list('test/host'), outdir: 'out/test/host', external: ['vscode', 'mocha'] });
}

// Property docs for hovers stay out of the bundle (loaded on first hover: src/core/clouds/aws/specDocs.ts).
mkdirSync('dist', { recursive: true });
copyFileSync('src/core/clouds/aws/knowledge/spec-docs.json', 'dist/spec-docs.json');
// The Terraform parser (WebAssembly), loaded by prepareFormats(__dirname) when the first .tf file is analysed.
copyFileSync('node_modules/web-tree-sitter/tree-sitter.wasm', 'dist/tree-sitter.wasm');
copyFileSync('node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm', 'dist/tree-sitter-terraform.wasm');

if (args.has('--watch')) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
