/**
 * Coverage of the knowledge over every CloudFormation type, and the honesty
 * of what the product says about its sources.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core';
import { matrix } from '../../src/core/clouds/aws/knowledge';
import specTypes from '../../src/core/clouds/aws/knowledge/spec-types.json';
import { ROOT } from './helpers';

interface SpecTypesData {
  types: Record<string, { properties: string[] }>;
}

describe('coverage: one resource of every CloudFormation type with all its top-level properties', () => {
  it('at least 85% of the properties get a curated or derived attribution, each with a source', function () {
    this.timeout(120_000);
    const resources: Record<string, unknown> = {};
    Object.entries((specTypes as unknown as SpecTypesData).types).forEach(([type, entry], index) => {
      resources[`R${index}`] = { Type: type, Properties: Object.fromEntries(entry.properties.map((name) => [name, 'example'])) };
    });
    const text = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Transform: 'AWS::Serverless-2016-10-31', Resources: resources });
    const analysis = analyze(text, 'every-type.json');
    assert.deepEqual(analysis.errors, []);
    const settings = analysis.settings.filter((setting) => /^Properties\.[^.[]+$/.test(setting.path));
    assert.ok(settings.length > 12_000, `${settings.length} top-level properties`);
    const by = (predicate: (setting: (typeof settings)[number]) => boolean) => settings.filter(predicate).length;
    const curated = by((setting) => setting.attribution.confidence === 'curated');
    const byName = by((setting) => setting.attribution.basis === 'name-pattern');
    const byPurpose = by((setting) => setting.attribution.basis === 'resource-purpose');
    const fallback = by((setting) => setting.attribution.confidence === 'fallback');
    const share = (count: number) => `${((100 * count) / settings.length).toFixed(1)}%`;
    console.log(`      ${settings.length} properties: curated ${share(curated)}, name patterns ${share(byName)}, what the resource is for ${share(byPurpose)}, fallback ${share(fallback)}`);
    assert.ok((settings.length - fallback) / settings.length >= 0.85, `${share(settings.length - fallback)} curated or derived`);
    // Curated rules and name patterns alone, without the catch-all of what the resource is for.
    assert.ok((curated + byName) / settings.length >= 0.55, `${share(curated + byName)} curated or by name`);
    for (const setting of settings) {
      if (setting.attribution.confidence !== 'fallback') assert.ok(setting.attribution.sources.length > 0, `${setting.resourceType} ${setting.path} has a source`);
    }
  });
});

describe('honest sources', () => {
  /** What ships or speaks to users: the sources, the webview, the manifest and the shipped documents. */
  const productFiles = (): string[] => {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const relative = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(relative);
        else if (/\.(ts|js|json|css|md|html)$/.test(entry.name)) out.push(relative);
      }
    };
    for (const dir of ['src', 'media', 'syntaxes', 'schemas', 'docs']) walk(dir);
    return [...out, 'package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md'];
  };

  it('the word "seed" appears nowhere in the product', () => {
    const hits = productFiles().filter((file) => /seed/i.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    assert.deepEqual(hits, []);
  });

  it('the 13-row table is labelled a third-party summary, never credited to AWS', () => {
    assert.equal(matrix.source.kind, 'third-party');
    assert.match(matrix.source.label, /third-party/i);
    assert.match(matrix.source.label, /not published by AWS/);
    assert.ok(!matrix.source.url?.includes('aws.amazon.com'), 'the table does not link to an AWS page as its source');
    assert.equal(matrix.rows.filter((row) => row.origin === 'table').length, 13);
  });

  it('AWS’s own page is cited only in cells whose owner it states, and AWS’s guidance is shown where it differs', () => {
    const awsPage = matrix.aws.url;
    const citing = matrix.rows.flatMap((row) => Object.entries(row.byModel).filter(([, cell]) => cell.sources.some((source) => source.url === awsPage)).map(([model]) => `${row.id}/${model}`));
    // e.g. it says nothing about who patches databases on managed platforms, or about incident response.
    for (const cell of ['database-patching/container', 'business-continuity/infrastructure', 'account-compromise/abstracted']) assert.ok(!citing.includes(cell), cell);
    for (const cell of ['physical-access/infrastructure', 'guest-os-patching/infrastructure', 'customer-data/abstracted']) assert.ok(citing.includes(cell), cell);
    const resilience = matrix.rows.find((row) => row.id === 'business-continuity')!;
    assert.equal(resilience.sourceOwner, 'aws');
    assert.equal(resilience.awsGuidance?.owner, 'shared');
    assert.ok(resilience.awsGuidance!.sources.some((source) => /reliability-pillar\/shared-responsibility-model-for-resiliency\.html$/.test(source.url)));
  });

  it('every row falls in one of AWS’s three IT-control kinds, with AWS’s examples where AWS gives one', () => {
    assert.deepEqual(matrix.itControls.kinds.map((kind) => kind.id), ['inherited', 'shared', 'customer-specific']);
    assert.equal(matrix.itControls.source.url, 'https://aws.amazon.com/compliance/shared-responsibility-model/');
    const kindOf = (id: string) => matrix.rows.find((row) => row.id === id)!.itControl;
    assert.deepEqual([kindOf('physical-access').kind, kindOf('environmental-security').kind], ['inherited', 'inherited']);
    assert.deepEqual([kindOf('guest-os-patching').kind, kindOf('configure-services').kind], ['shared', 'shared']);
    assert.equal(kindOf('network-security').kind, 'customer-specific');
    for (const id of ['physical-access', 'guest-os-patching', 'configure-services', 'network-security']) assert.equal(kindOf(id).basis, 'aws-example', id);
    assert.equal(kindOf('restrict-access').basis, 'this-product');
  });
});
