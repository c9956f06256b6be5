// Build-time generator: every Terraform AWS resource type → its service.
//
// Reads:
//   - @cdktf/provider-aws (about 400 MB, so not a devDependency): one folder per
//     resource and data source, whose index.js sets the class's static
//     `tfResourceType`. Installed on first use, at the version and lockfile of
//     scripts/terraform-provider/, into that folder's (git-ignored) node_modules:
//     the only step that uses the network;
//   - src/core/clouds/aws/knowledge/terraform-service-prefixes.json: the provider's service
//     table (names/data/names_data.csv, checked in with its provenance);
//   - src/core/clouds/aws/knowledge/services.json: the core's service ids, so a Terraform
//     type lands on the same id as the CloudFormation types of its namespace.
// Writes src/core/clouds/aws/knowledge/terraform-types.json.
//
// Usage: node scripts/gen-terraform-knowledge.mjs [--check]
//   --check  exits 1 when the checked-in file differs from what would be written
//            (the `generated` date is ignored).
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installOnDemand } from './install-on-demand.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const knowledge = join(root, 'src/core/clouds/aws/knowledge');
const outFile = join(knowledge, 'terraform-types.json');
const providerDir = join(root, 'scripts/terraform-provider');
const require = createRequire(join(providerDir, 'package.json'));

installOnDemand(providerDir, '@cdktf/provider-aws/package.json', '@cdktf/provider-aws (about 400 MB)');
const pkgJsonPath = require.resolve('@cdktf/provider-aws/package.json');
const pkg = JSON.parse(readFileSync(pkgJsonPath, 'utf8'));
const lib = join(dirname(pkgJsonPath), 'lib');
const prefixesData = JSON.parse(readFileSync(join(knowledge, 'terraform-service-prefixes.json'), 'utf8'));
const coreServices = JSON.parse(readFileSync(join(knowledge, 'services.json'), 'utf8')).services;

// ---------------------------------------------------------------- enumerate types
// Loading the package's entry point would evaluate ~2,200 modules of jsii
// classes; reading the one static assignment in each folder's index.js is
// enough and takes well under a second.
const STATIC = /\.tfResourceType = "([^"]+)";/;
const resources = [];
const dataSources = [];
for (const folder of readdirSync(lib).sort()) {
  const file = join(lib, folder, 'index.js');
  if (!existsSync(file)) continue;
  const match = STATIC.exec(readFileSync(file, 'utf8'));
  if (!match) continue;
  const type = match[1];
  if (folder === 'provider' || !type.startsWith('aws_')) continue; // the provider block itself ("aws")
  (folder.startsWith('data-') ? dataSources : resources).push(type);
}

// ---------------------------------------------------------------- service ids
// Natural id (from the prefixes file) → the core's id where services.json
// claims one of the service's CloudFormation namespaces.
const namespaceOwner = new Map();
for (const [id, info] of Object.entries(coreServices)) for (const ns of info.namespaces ?? []) namespaceOwner.set(ns, id);
// vpc and ebs live inside AWS::EC2 but are services of their own in the core.
const KEEP = new Set(['vpc', 'ebs']);
function coreId(naturalId) {
  if (KEEP.has(naturalId) || coreServices[naturalId]) return naturalId;
  for (const ns of prefixesData.services[naturalId]?.cfnNamespaces ?? []) {
    const owner = namespaceOwner.get(ns);
    if (owner) return owner;
  }
  return naturalId;
}

// Cases the provider's prefix scheme files under a package that is wrong for
// responsibility (or that we want to pin explicitly). Checked first.
const OVERRIDES = [
  { pattern: /^aws_(default_)?security_group(_|$)/, service: 'vpc' },
  { pattern: /^aws_(default_)?vpc(_|$)/, service: 'vpc' },
  { pattern: /^aws_(default_)?subnet(_|s$|$)/, service: 'vpc' },
  { pattern: /^aws_(default_)?route(_|s$|$)/, service: 'vpc' },
  { pattern: /^aws_(egress_only_)?internet_gateway(_|$)/, service: 'vpc' },
  { pattern: /^aws_nat_gateway(_|s$|$)/, service: 'vpc' },
  { pattern: /^aws_(default_)?network_acl(_|s$|$)/, service: 'vpc' },
  { pattern: /^aws_ebs_/, service: 'ebs' },
  { pattern: /^aws_volume_attachment$/, service: 'ebs' },
  { pattern: /^aws_instances?$/, service: 'ec2' },
  { pattern: /^aws_launch_template(s?)$/, service: 'ec2' },
  { pattern: /^aws_ami(_|s$|$)/, service: 'ec2' },
  { pattern: /^aws_(db|rds)_/, service: 'rds' },
  { pattern: /^aws_(a?lbs?|elbs?)(_|$)/, service: 'elasticloadbalancing' },
];

const rules = [];
// The provider names types by ResourcePrefixActual where it is set; the
// "correct" prefix is only what a future rename would use (aws_kinesis_ would
// wrongly claim aws_kinesis_video_stream).
for (const row of prefixesData.prefixes) {
  rules.push({ re: new RegExp(`^(?:${row.resourcePrefixActual ?? row.resourcePrefixCorrect})`), service: row.service, via: 'prefix' });
}
for (const row of prefixesData.supplement) rules.push({ re: new RegExp(`^(?:${row.resourcePrefix})`), service: row.service, via: 'supplement' });
const docRules = [];
for (const row of prefixesData.prefixes) {
  for (const doc of row.docPrefix ?? []) docRules.push({ re: new RegExp(`^aws_(?:${doc.replace(/\\\./g, '$')})`), service: row.service, via: 'docPrefix' });
}

/** Longest prefix match wins (aws_vpclattice_ over aws_vpc); doc prefixes only as a fallback. */
function classify(type) {
  for (const override of OVERRIDES) if (override.pattern.test(type)) return { service: override.service, via: 'override' };
  for (const set of [rules, docRules]) {
    let best;
    for (const rule of set) {
      const match = rule.re.exec(type);
      if (match && (!best || match[0].length > best.length)) best = { service: rule.service, via: rule.via, length: match[0].length };
    }
    if (best) return best;
  }
  return undefined;
}

function build(types) {
  const out = {};
  const unmatched = [];
  const via = {};
  for (const type of [...types].sort()) {
    const hit = classify(type);
    if (!hit) {
      unmatched.push(type);
      continue;
    }
    out[type] = coreId(hit.service);
    via[hit.via] = (via[hit.via] ?? 0) + 1;
  }
  return { map: out, unmatched, via };
}

const builtResources = build(resources);
const builtData = build(dataSources);

const services = {};
for (const [natural, info] of Object.entries(prefixesData.services)) {
  const id = coreId(natural);
  const entry = (services[id] ??= { name: coreServices[id]?.name ?? info.name, cfnNamespaces: [], resourceTypes: 0, dataSources: 0, inCoreServices: Boolean(coreServices[id]) });
  for (const ns of info.cfnNamespaces) if (!entry.cfnNamespaces.includes(ns)) entry.cfnNamespaces.push(ns);
  entry.cfnNamespaces.sort();
  if (id !== natural) (entry.aliases ??= []).push(natural);
}
for (const id of Object.values(builtResources.map)) services[id].resourceTypes++;
for (const id of Object.values(builtData.map)) services[id].dataSources++;
for (const [id, entry] of Object.entries(services)) if (entry.resourceTypes === 0 && entry.dataSources === 0) delete services[id];

const output = {
  $comment: 'Generated by scripts/gen-terraform-knowledge.mjs. Do not edit by hand; re-run the script.',
  source: {
    package: pkg.name,
    version: pkg.version,
    provider: pkg.cdktf?.provider ?? null,
    generated: new Date().toISOString().slice(0, 10),
    method: 'static tfResourceType of each class in lib/*/index.js; folders named data-* are data sources',
  },
  serviceSource: {
    file: 'src/core/clouds/aws/knowledge/terraform-service-prefixes.json',
    repo: prefixesData.source.repo,
    path: prefixesData.source.path,
    commit: prefixesData.source.commit,
    method:
      'explicit overrides (security groups, VPC, subnets, routes, gateways, network ACLs → vpc; EBS → ebs; instances, launch templates, AMIs → ec2; db_/rds_ → rds; ALB/NLB/ELB → the load-balancing service), then the longest match of the provider ResourcePrefixActual/ResourcePrefixCorrect patterns (plus a supplement for services newer than the CSV), then DocPrefix; natural ids are replaced by the id services.json gives their CloudFormation namespace',
  },
  counts: {
    resourceTypes: Object.keys(builtResources.map).length,
    dataSources: Object.keys(builtData.map).length,
    services: Object.keys(services).length,
    matchedBy: { resourceTypes: builtResources.via, dataSources: builtData.via },
  },
  unmatched: { resourceTypes: builtResources.unmatched, dataSources: builtData.unmatched },
  services: Object.fromEntries(Object.entries(services).sort(([a], [b]) => a.localeCompare(b))),
  types: builtResources.map,
  dataSources: builtData.map,
};

// One type per line keeps diffs readable.
let text = JSON.stringify(output, null, 2);
text = text.replace(/("services": \{\n)([\s\S]*?)(\n {2}\},\n {2}"types")/, (_, open, body, close) => {
  const entries = Object.entries(JSON.parse(`{${body}}`));
  return open + entries.map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n') + close;
});
JSON.parse(text);
text += '\n';

const strip = (s) => s.replace(/"generated": "[^"]*"/, '');
if (process.argv.includes('--check')) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  if (strip(current) !== strip(text)) {
    console.error('terraform-types.json is out of date: run node scripts/gen-terraform-knowledge.mjs');
    process.exit(1);
  }
  console.log('terraform-types.json is up to date.');
} else {
  writeFileSync(outFile, text);
  console.log(
    `terraform-types.json: ${output.counts.resourceTypes} resource types, ${output.counts.dataSources} data sources, ${output.counts.services} services from ${pkg.name}@${pkg.version}` +
      ` (hashicorp/aws ${pkg.cdktf?.provider?.version ?? '?'}); unmatched: ${builtResources.unmatched.length} resource types, ${builtData.unmatched.length} data sources`,
  );
  if (builtResources.unmatched.length > 0) console.log(`unmatched resource types: ${builtResources.unmatched.join(', ')}`);
  if (builtData.unmatched.length > 0) console.log(`unmatched data sources: ${builtData.unmatched.join(', ')}`);
}
