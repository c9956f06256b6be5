import assert from 'node:assert/strict';
import Ajv from 'ajv';
import workloads from '../../src/core/clouds/aws/knowledge/workloads.json';
import workloadsSchema from '../../src/core/clouds/aws/knowledge/schema/workloads.schema.json';
import services from '../../src/core/clouds/aws/knowledge/services.json';
import findings from '../../src/core/clouds/aws/knowledge/findings.json';
import baseImages from '../../src/core/clouds/aws/knowledge/base-images.json';
import baseImagesSchema from '../../src/core/clouds/aws/knowledge/schema/base-images.schema.json';
import { workloadAttribution, type WorkloadAttributionId } from '../../src/core/clouds/aws/workloads';

describe('knowledge for Dockerfiles, .env files and app config', () => {
  it('workloads.json matches its schema, and the schema rejects unknown fields and rows', () => {
    const validate = new Ajv({ allErrors: true }).compile(workloadsSchema);
    assert.ok(validate(workloads), JSON.stringify(validate.errors));
    const first = Object.values(workloads.attributions)[0];
    assert.equal(validate({ attributions: { x: { ...first, extra: 1 } } }), false);
    assert.equal(validate({ attributions: { x: { ...first, row: 'nope' } } }), false);
  });

  it('every attribution names a service in services.json and resolves to a full attribution', () => {
    const ids = Object.keys(services.services);
    for (const [id, entry] of Object.entries(workloads.attributions)) {
      assert.ok(ids.includes(entry.service), `${id}: service ${entry.service}`);
      const attribution = workloadAttribution(id as WorkloadAttributionId);
      assert.ok(attribution.sources.length > 0 && attribution.sources.every((source) => source.url.startsWith('https://')), id);
    }
  });

  it('the new finding rules exist once each, with https sources and a per-kind wording for literal secrets', () => {
    const kinds = ['docker-root-user', 'docker-unpinned-image', 'docker-remote-add', 'docker-ssh-port', 'tls-verification-off', 'cors-any-origin', 'management-endpoints-exposed'];
    for (const kind of kinds) assert.equal(findings.rules.filter((rule) => rule.check.kind === kind).length, 1, kind);
    const literal = findings.rules.find((rule) => rule.id === 'literal-secret') as { messageByKind?: Record<string, string>; docUrlByKind?: Record<string, string> };
    for (const kind of ['dockerfile', 'dotenv', 'app-config']) {
      assert.ok(literal.messageByKind?.[kind]?.includes('{value}'), kind);
      assert.match(literal.docUrlByKind?.[kind] ?? '', /^https:\/\//);
    }
    for (const id of ['docker-runs-as-root', 'docker-unpinned-base-image', 'docker-add-remote-url', 'docker-ssh-exposed', 'tls-disabled', 'cors-any-origin', 'management-endpoints-exposed']) {
      assert.equal(findings.rules.filter((rule) => rule.id === id).length, 1, id);
    }
  });

  it('base-images.json matches its schema; every entry has a source, a date and a tag pattern that compiles; no entry is shadowed', () => {
    const validate = new Ajv({ allErrors: true }).compile(baseImagesSchema);
    assert.ok(validate(baseImages), JSON.stringify(validate.errors));
    assert.equal(validate({ ...baseImages, images: [{ ...baseImages.images[0], extra: 1 }] }), false);
    const seen = new Set<string>();
    for (const entry of baseImages.images as { names: string[]; tag?: string; source: { url: string }; retrieved: string }[]) {
      assert.match(entry.source.url, /^https:\/\//);
      assert.match(entry.retrieved, /^\d{4}-\d{2}-\d{2}$/);
      if (entry.tag) assert.doesNotThrow(() => new RegExp(entry.tag!), entry.tag);
      for (const name of entry.names) {
        const key = `${name}|${entry.tag ?? ''}`;
        assert.ok(!seen.has(key), `${key} is listed twice: the second entry would never be used`);
        seen.add(key);
      }
    }
    const rule = findings.rules.find((candidate) => candidate.id === 'docker-runs-as-root') as { cases?: Record<string, { severity: string; message: string }> };
    assert.equal(rule.cases?.['unknown-base']?.severity, 'info');
  });
});
