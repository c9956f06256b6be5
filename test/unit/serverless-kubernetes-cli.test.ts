/**
 * Serverless, Kubernetes, SAM and CDK files from the command line, and the
 * rule that no fixture secret ever appears unmasked in any output: analysis
 * JSON, every hover, the report JSON and text, and the CLI.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { fileReport, textReport } from '../../src/core/reports/report';
import { readFixture } from './helpers';
import { runCli } from './cliHelpers';

const FILES = [
  'test/fixtures/serverless/risky/serverless.yml',
  'test/fixtures/kubernetes/risky-workloads.yaml',
  'test/fixtures/sam/template.yaml',
];

const SECRETS = ['hunter2-orders-db', 'sk_live_orders_fixture_0001', 'hunter2-k8s-db', 'hunter2-k8s-secret', 'sam-Globals-fixture-key-7f3a9'];

function leaks(output: string): string[] {
  return SECRETS.filter((secret) => output.includes(secret));
}

describe('Serverless, Kubernetes and SAM outputs', () => {
  it('the fixtures really contain every secret (so the test can fail)', () => {
    const all = FILES.map(readFixture).join('\n');
    assert.deepEqual(SECRETS.filter((secret) => !all.includes(secret)), []);
  });

  for (const file of FILES) {
    it(`${file}: no secret in the analysis, any hover, or the report`, () => {
      const text = readFixture(file);
      const analysis = analyze(text, file);
      assert.ok(analysis.findings.some((finding) => finding.ruleId === 'literal-secret' || finding.ruleId === 'k8s-secret-in-manifest'));
      const outputs = [JSON.stringify({ ...analysis, settings: analysis.settings.map((s) => ({ ...s, key: undefined, span: undefined })) })];
      for (const setting of analysis.settings) {
        for (const offset of [setting.key.offset, setting.span.offset + setting.span.length - 1]) outputs.push(hoverMarkdown(analysis, offset, text) ?? '');
      }
      for (const resource of analysis.resources) outputs.push(hoverMarkdown(analysis, resource.key.offset, text) ?? '');
      const report = fileReport(file, text, analysis);
      outputs.push(JSON.stringify(report), textReport({ version: 1, files: [report] }));
      assert.deepEqual(leaks(outputs.join('\n')), []);
    });
  }

  it('CLI scan reports kind serverless and kubernetes, masks secrets, and notes Helm templates as info', () => {
    for (const format of ['text', 'json']) {
      const result = runCli(['scan', '--format', format, 'test/fixtures/serverless', 'test/fixtures/kubernetes', 'test/fixtures/sam', 'test/fixtures/cdk']);
      assert.equal(result.status, 1, result.stderr);
      assert.deepEqual(leaks(result.stdout + result.stderr), [], format);
      if (format === 'text') {
        assert.match(result.stdout, /serverless\.yml \(serverless\)/);
        assert.match(result.stdout, /risky-workloads\.yaml \(kubernetes\)/);
        assert.match(result.stdout, /helm-template\.yaml:4 {2}info {3}Helm chart template/);
        continue;
      }
      const report = JSON.parse(result.stdout) as {
        files: { path: string; kind: string; findings: { ruleId: string; line: number }[]; errors: { line: number; message: string; severity?: string }[] }[];
      };
      const kindOf = (name: string) => report.files.find((file) => file.path.endsWith(name))?.kind;
      assert.equal(kindOf('risky/serverless.yml'), 'serverless');
      assert.equal(kindOf('risky-workloads.yaml'), 'kubernetes');
      assert.equal(kindOf('sam/template.yaml'), 'cloudformation');
      assert.equal(kindOf('OrdersStack.template.json'), 'cloudformation');
      const helm = report.files.find((file) => file.path.endsWith('helm-template.yaml'))!;
      assert.deepEqual(helm.errors.map((error) => [error.line, error.severity]), [[4, 'info']]);
      const k8s = report.files.find((file) => file.path.endsWith('risky-workloads.yaml'))!;
      assert.ok(k8s.findings.some((finding) => finding.ruleId === 'k8s-privileged-container' && finding.line === 28));
    }
  });
});
