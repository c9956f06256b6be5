/**
 * No fixture secret ever appears unmasked in anything a user sees: the
 * analysis (as the extension and reports use it), every hover card, the
 * CLI's text and JSON output.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { fileReport, textReport } from '../../src/core/reports/report';
import { readFixture } from './helpers';
import { runCli } from './cliHelpers';
import { secretLeaks } from './secretLeaks';

const FILES = [
  'test/fixtures/docker/Dockerfile',
  'test/fixtures/dotenv/.env',
  'test/fixtures/app-config/application.yml',
  'test/fixtures/app-config/application.properties',
  'test/fixtures/app-config/appsettings.json',
  'test/fixtures/app-config/config/default.json',
  'test/fixtures/workspace/docker/Dockerfile',
  'test/fixtures/workspace/env/.env',
];

/** Every secret written into the fixtures above, and distinctive pieces of them. */
const SECRETS = [
  'Tr0ub4dor-docker-9',
  'ghp_fixtureToken0123456789abcdefABCD',
  'AKIAZQ3DOCKERFIXTURE',
  'ZQ3DOCKERFIXTURE',
  'AKIAR7ENVFIXTURE0001',
  'R7ENVFIXTURE0001',
  'fixtureSecretAccessKey/0123456789+abcdEF',
  'fixtureSecretAccessKey',
  'pgFixturePass42',
  'redisFixturePass7',
  'sk_live_fixture_0123456789',
  'MIIfixturePrivateKeyBody',
  'IOSFODNN7EXAMPLE',
  'springFixturePw1',
  'jwtFixtureSecret99',
  'prodKeystoreFixture8',
  'propsFixturePw2',
  'PROPSFIXTURE0002',
  'aspFixturePw3',
  'kestrelCertPw4',
  'nodeFixtureApiKey5',
  'hostFixtureToken-1234567',
  'HOSTFIXTURE00001',
  'hostDbFixturePw9',
];

function leaks(output: string): string[] {
  return secretLeaks(output, SECRETS);
}

describe('secrets are masked everywhere', () => {
  it('the fixtures really contain every secret (so the test can fail)', () => {
    const all = FILES.map(readFixture).join('\n');
    assert.deepEqual(SECRETS.filter((secret) => !all.includes(secret)), []);
  });

  for (const file of FILES) {
    it(`${file}: analysis JSON, every hover, the report JSON and text`, () => {
      const text = readFixture(file);
      const analysis = analyze(text, file);
      assert.ok(analysis.kind, 'analysed');
      assert.ok(analysis.findings.some((f) => f.ruleId === 'literal-secret'), 'has secrets to mask');
      // Findings and settings carry no document values besides spans.
      const outputs = [JSON.stringify({ ...analysis, settings: analysis.settings.map((s) => ({ ...s, key: undefined, span: undefined })) })];
      for (const setting of analysis.settings) {
        for (const offset of [setting.key.offset, setting.span.offset + setting.span.length - 1]) outputs.push(hoverMarkdown(analysis, offset, text) ?? '');
      }
      const report = fileReport(file, text, analysis);
      outputs.push(JSON.stringify(report), textReport({ version: 1, files: [report] }));
      assert.deepEqual(leaks(outputs.join('\n')), []);
    });
  }

  it('the CLI, text and JSON, walking the fixture folders', () => {
    for (const format of ['text', 'json']) {
      const result = runCli(['scan', '--format', format, 'test/fixtures/docker', 'test/fixtures/dotenv', 'test/fixtures/app-config', 'test/fixtures/workspace/docker', 'test/fixtures/workspace/env']);
      assert.equal(result.status, 1, result.stderr);
      for (const file of ['Dockerfile', '.env', 'application.yml', 'application.properties', 'appsettings.json', 'default.json', 'Containerfile', 'safe.Dockerfile', '.env.example']) {
        assert.ok(result.stdout.includes(file), `${format} output lists ${file}`);
      }
      assert.deepEqual(leaks(result.stdout + result.stderr), [], format);
      if (format === 'json') {
        const kinds = new Set((JSON.parse(result.stdout) as { files: { kind: string }[] }).files.map((f) => f.kind));
        assert.deepEqual([...kinds].sort(), ['app-config', 'dockerfile', 'dotenv']);
      }
    }
  });
});
