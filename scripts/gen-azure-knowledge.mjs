// Build-time generator: every deployable resource type of the Azure resource providers the
// knowledge covers → its service.
//
// Reads:
//   - the Azure SDK for JavaScript's management packages (@azure/arm-*, about 360 MB, so not
//     devDependencies), listed with their versions in scripts/azure-sdk/package.json and installed
//     on first use from its lockfile into that folder's (git-ignored) node_modules: the only step
//     that uses the network. Their operation paths are generated from the Azure REST API
//     specifications, so every resource type a provider's API serves appears in one, as
//     `/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}/blobServices/{name}`;
//   - src/core/clouds/azure/knowledge/services.json: the curated services, so a type lands on the
//     service that its exact type or its provider namespace names there.
// Writes src/core/clouds/azure/knowledge/resource-types.json.
//
// Usage: node scripts/gen-azure-knowledge.mjs [--check]
//   --check  exits 1 when the checked-in file differs from what would be written (the
//            `generated` date is ignored).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installOnDemand } from './install-on-demand.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const knowledge = join(root, 'src/core/clouds/azure/knowledge');
const outFile = join(knowledge, 'resource-types.json');
const sdkDir = join(root, 'scripts/azure-sdk');
const check = process.argv.includes('--check');

installOnDemand(sdkDir, '@azure/arm-storage/package.json', 'the Azure SDK management packages (about 360 MB)');
const wanted = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')).dependencies;
const services = JSON.parse(readFileSync(join(knowledge, 'services.json'), 'utf8')).services;

// ---------------------------------------------------------------- types from operation paths
// A deployable resource lives under a resource group (`…/resourceGroups/{…}/providers/<Namespace>`) or,
// for extension resources such as role assignments, under any scope (`/{scope}/providers/…`), followed
// by `/<type>/{<name>}` pairs, one per level of nesting (a few children have fixed names: `config/web`).
// The path ends at a quote or at the query template (`{?api%2Dversion}`). Paths under `locations/{…}`,
// subscription-level listings and actions (`/listKeys`) end in something else and are left out.
const FIXED_NAMES = 'default|current|web|appsettings|connectionstrings|authsettings|authsettingsV2|logs|metadata|slotConfigNames|pushsettings|azurestorageaccounts|backup|ftp|scm';
const RESOURCE_PATH = new RegExp(
  `(?:[Rr]esource[Gg]roups/\\{[A-Za-z0-9_]+\\}|\\{\\+?(?:scope|resourceUri|resourceId)\\})/providers/(Microsoft\\.[A-Za-z0-9]+)((?:/[A-Za-z0-9]+/(?:\\{[A-Za-z0-9_]+\\}|${FIXED_NAMES}))+)(?:["'\`]|\\{\\?)`,
  'g',
);

function distFiles(packageDir) {
  const dist = join(packageDir, 'dist');
  // One build of each package: the CommonJS one where there are several.
  const base = existsSync(join(dist, 'commonjs')) ? join(dist, 'commonjs') : dist;
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.js') && !name.endsWith('.min.js')) out.push(file);
    }
  };
  walk(base);
  return out;
}

const types = new Map();
const seen = new Set();
const packages = {};
for (const name of Object.keys(wanted).sort()) {
  const packageDir = join(sdkDir, 'node_modules', name);
  packages[name] = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  for (const file of distFiles(packageDir)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(RESOURCE_PATH)) {
      const segments = match[2].split('/').filter(Boolean);
      const names = segments.filter((_, index) => index % 2 === 0);
      const type = `${match[1]}/${names.join('/')}`;
      // Providers spell their namespace in one case; keep the first spelling seen.
      if (!seen.has(type.toLowerCase())) {
        seen.add(type.toLowerCase());
        types.set(type, name);
      }
    }
  }
}

// ---------------------------------------------------------------- their services
const byType = new Map();
const byNamespace = new Map();
for (const [id, info] of Object.entries(services)) {
  for (const type of info.types ?? []) byType.set(type.toLowerCase(), id);
  for (const namespace of info.namespaces ?? []) byNamespace.set(namespace.toLowerCase(), id);
}
const serviceOf = (type) => byType.get(type.toLowerCase()) ?? byNamespace.get(type.split('/')[0].toLowerCase());

// The one deployable type addressed without a provider segment (`/subscriptions/{…}/resourcegroups/{…}`).
if (wanted['@azure/arm-resources']) types.set('Microsoft.Resources/resourceGroups', '@azure/arm-resources');
const sorted = [...types.keys()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
const unplaced = sorted.filter((type) => !serviceOf(type));
const data = {
  $comment: 'Generated by scripts/gen-azure-knowledge.mjs. Do not edit by hand.',
  source: {
    title: 'Azure SDK for JavaScript, management packages (operation paths generated from the Azure REST API specifications)',
    url: 'https://github.com/Azure/azure-sdk-for-js/tree/main/sdk',
    packages,
    generated: new Date().toISOString().slice(0, 10),
    note: 'Deployable resource types (those under a resource group) of each package; the service comes from services.json (exact type, else provider namespace). Types whose namespace services.json does not cover are listed with service null.',
  },
  types: Object.fromEntries(sorted.map((type) => [type, serviceOf(type) ?? null])),
};
const text = `${JSON.stringify(data, null, 2)}\n`;

if (check) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  const withoutDate = (value) => value.replace(/"generated": "[^"]*"/, '');
  if (withoutDate(current) !== withoutDate(text)) {
    console.error(`${outFile} is out of date: run node scripts/gen-azure-knowledge.mjs`);
    process.exit(1);
  }
  console.log(`resource-types.json is up to date: ${sorted.length} types`);
} else {
  writeFileSync(outFile, text);
  console.log(`resource-types.json: ${sorted.length} types from ${Object.keys(packages).length} packages (${unplaced.length} in namespaces services.json does not cover)`);
}
