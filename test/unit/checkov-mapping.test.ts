/**
 * The Checkov mapping (scripts/checkov-mapping.json, read by npm run checkov)
 * is project data: it follows its schema, names only rules that exist, and
 * says why wherever it overrides one of Checkov's labels.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { findingRules } from '../../src/core/clouds/aws/knowledge';
import { ROOT } from './helpers';

const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts', name), 'utf8'));

describe('Checkov mapping (npm run checkov)', () => {
  const mapping = read('checkov-mapping.json') as { checks: Record<string, { rules: string[] }> };

  it('follows its schema', () => {
    const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
    const validate = ajv.compile(read('checkov-mapping.schema.json') as object);
    assert.ok(validate(mapping), ajv.errorsText(validate.errors, { separator: '\n' }));
  });

  it('maps checks only to rules that exist', () => {
    const ids = new Set(findingRules.rules.map((rule) => rule.id));
    const unknown = Object.entries(mapping.checks).flatMap(([check, entry]) => entry.rules.filter((rule) => !ids.has(rule)).map((rule) => `${check} → ${rule}`));
    assert.deepEqual(unknown, []);
  });
});
