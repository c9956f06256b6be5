// Bundles the extension and the CLI into dist/, and the tests into out/.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const common = { bundle: true, mainFields: ['module', 'main'], platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], minify: !args.has('--dev') },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', minify: !args.has('--dev') },
];

if (args.has('--tests')) {
  const list = (dir) => readdirSync(dir).filter((name) => name.endsWith('.ts')).map((name) => `${dir}/${name}`);
  builds.push({ ...common, entryPoints: list('test/unit'), outdir: 'out/test/unit', external: ['mocha'] });
  builds.push({ ...common, entryPoints: list('test/host'), outdir: 'out/test/host', external: ['vscode', 'mocha'] });
}

if (args.has('--watch')) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
