// `npm run package [-- --out FILE.vsix]` (after a build): the .vsix that a Marketplace user gets.
//
// npm and vsce read the same package.json but ship different files: its `files` list is the npm
// package (the CLI), and vsce refuses a .vscodeignore next to a `files` list. So the extension is
// staged in out/vsix/ with exactly the files below, and vsce packages that folder.
//
// Its README is README.md without the "Develop" section (between the `<!-- develop` and
// `<!-- /develop -->` markers): one text serves GitHub, npm and the Marketplace, and only the
// instructions for people who work on the extension stay out. Its links stay relative (there is no
// repository URL to rewrite them to), so every relative link and image must be a staged file:
// checked here, so a screenshot that would show nothing fails the packaging.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { installOnDemand } from './install-on-demand.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAGE = path.join(root, 'out', 'vsix');

/**
 * What the extension runs and shows: the bundle with its data and wasm (dist/), the webview's
 * script, styles and icon (media/), grammars (syntaxes/), the schema package.json points VS Code
 * at (schemas/), the README's screenshots (docs/images/), and the manifest with its localisation
 * strings, changelog, license and third-party notices. No node_modules (esbuild bundles every
 * dependency), sources, tests, source maps or the command-line entry point (the npm package's).
 */
const SHIPPED = [
  'package.json',
  /^package\.nls(\.[\w-]+)?\.json$/,
  'CHANGELOG.md',
  'LICENSE',
  'ThirdPartyNotices.txt',
  'dist/extension.js',
  'dist/server.js',
  'dist/worker.js',
  'dist/spec-docs.json',
  /^dist\/[^/]+\.wasm$/,
  'media/matrix.js',
  'media/matrix.css',
  'media/icon.png',
  /^syntaxes\/[^/]+\.json$/,
  /^schemas\/[^/]+\.json$/,
  /^docs\/images\/[^/]+\.png$/,
  /^docs\/rules\/[^/]+\.md$/,
  /^l10n\/[^/]+\.json$/,
];

/** README.md without the part between the develop markers. */
export function userReadme(text) {
  const start = text.indexOf('<!-- develop');
  const end = text.indexOf('<!-- /develop -->');
  if (start < 0 || end < start) throw new Error('README.md has no <!-- develop … <!-- /develop --> section');
  return `${text.slice(0, start).trimEnd()}\n${text.slice(end + '<!-- /develop -->'.length).replace(/^\n+/, '\n')}`.replace(/\n*$/, '\n');
}

/** Relative targets of Markdown links and images and of <img src>, without their #fragment; code is skipped. */
export function relativeLinks(markdown) {
  const withoutCode = markdown.replace(/^[ \t]*```[\s\S]*?^[ \t]*```/gm, '').replace(/`[^`\n]*`/g, '');
  const links = [...withoutCode.matchAll(/!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...withoutCode.matchAll(/<img[^>]*\ssrc=["']([^"']+)["']/gi)];
  return [...new Set(links.map((match) => match[1]).filter((target) => !/^([a-z][a-z0-9+.-]*:|#)/i.test(target)).map((target) => decodeURI(target.replace(/#.*$/, ''))))];
}

/** Every file of the repository that SHIPPED names, relative, with "/". */
function shippedFiles() {
  const files = [];
  const walk = (relative) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!['node_modules', '.git', 'out', '.vscode-test', 'test-results'].includes(entry.name)) walk(child);
      } else if (SHIPPED.some((pattern) => (typeof pattern === 'string' ? pattern === child : pattern.test(child)))) files.push(child);
    }
  };
  walk('');
  const missing = SHIPPED.filter((pattern) => typeof pattern === 'string' && !files.includes(pattern));
  if (missing.length) throw new Error(`missing (run npm run build first?): ${missing.join(', ')}`);
  return files.sort();
}

function stage() {
  fs.rmSync(STAGE, { recursive: true, force: true });
  for (const file of shippedFiles()) {
    fs.mkdirSync(path.dirname(path.join(STAGE, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(STAGE, file));
  }
  // The npm package's file list is not the extension's.
  const manifest = JSON.parse(fs.readFileSync(path.join(STAGE, 'package.json'), 'utf8'));
  delete manifest.files;
  fs.writeFileSync(path.join(STAGE, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(path.join(STAGE, '.vscodeignore'), '# Staged by scripts/package.mjs: every file here ships.\n');

  const readme = userReadme(fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
  fs.writeFileSync(path.join(STAGE, 'README.md'), readme);
  const broken = relativeLinks(readme).filter((target) => !fs.existsSync(path.join(STAGE, target)));
  if (broken.length) throw new Error(`the README links to files the .vsix would not hold (add them to SHIPPED in scripts/package.mjs, or link elsewhere): ${broken.join(', ')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values: options } = parseArgs({ options: { out: { type: 'string', short: 'o' } } });
  try {
    stage();
  } catch (error) {
    console.error(`package: ${error.message}`);
    process.exit(1);
  }
  const out = path.resolve(options.out ?? path.join(root, `responsibility-lens-${JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version}.vsix`));
  // vsce and its Azure sign-in and signing dependencies are about 120 MB: not a devDependency.
  const packager = path.join(root, 'scripts', 'vsce');
  installOnDemand(packager, '@vscode/vsce/package.json', 'the .vsix packager @vscode/vsce (about 120 MB)');
  const vsce = path.join(packager, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], { cwd: STAGE, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
