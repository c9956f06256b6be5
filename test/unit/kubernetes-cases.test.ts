/**
 * Kubernetes manifests, one small case at a time: what makes a document a
 * manifest, its name, the secrets it holds and where a Helm template starts.
 * Each case pins a branch that the example manifests happen not to tell apart.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { helmTemplateAction } from '../../src/core/formats/kubernetes/analyze';
import { slice } from './helpers';

const names = (text: string): string[] => analyze(text, 'manifests.yaml').resources.map((resource) => resource.logicalId);

describe('Kubernetes manifests, case by case', () => {
  it('is a manifest only with a string apiVersion and a non-empty kind', () => {
    assert.deepEqual(names('apiVersion: v1\nkind: Pod\n'), ['Pod/(unnamed)']);
    assert.equal(analyze('apiVersion: 1\nkind: Pod\n', 'pod.yaml').kind, undefined, 'a number is no apiVersion');
    assert.equal(analyze('apiVersion: v1\nkind: ""\n', 'pod.yaml').kind, undefined, 'an empty kind');
    assert.equal(analyze('apiVersion: v1\nkind: [Pod]\n', 'pod.yaml').kind, undefined, 'a kind that is not a scalar');
    assert.deepEqual(names('- apiVersion: v1\n  kind: Pod\n'), [], 'a list is not a manifest');
  });

  it('is named by kind and metadata.name, a number kept as written, anything else (unnamed)', () => {
    const text = [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: 42\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: true\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
    ].join('---\n');
    assert.deepEqual(names(text), ['Pod/42', 'Pod/(unnamed)', 'ConfigMap/settings']);
  });

  it('a Secret: one warning per literal block, on its key, counting the values that are not placeholders', () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      'data:',
      '  password: cGFzc3dvcmQtdmFsdWU=',
      'stringData:',
      '  user: app-reader',
      '  token: s3cr3t-t0ken-value',
      '  unset: null',
      '  later: ${DB_TOKEN}',
      '',
    ].join('\n');
    const found = analyze(text, 'secret.yaml').findings.filter((finding) => finding.ruleId === 'k8s-secret-in-manifest');
    assert.deepEqual(
      found.map((finding) => [slice(text, finding.span), /has (\d+ literal values? in \w+)/.exec(finding.message)?.[1]]),
      [
        ['data', '1 literal value in data'],
        ['stringData', '2 literal values in stringData'],
      ],
    );
    assert.deepEqual(found.map((finding) => finding.resource), ['Secret/db', 'Secret/db']);
  });

  it('only a Secret is warned about for its data; a block of placeholders alone is no warning', () => {
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  token: s3cr3t-t0ken-value\n';
    assert.deepEqual(analyze(configMap, 'cm.yaml').findings.map((finding) => finding.ruleId), []);
    const placeholders = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  token: ${DB_TOKEN}\n  user: changeme\n';
    assert.deepEqual(analyze(placeholders, 'secret.yaml').findings.map((finding) => finding.ruleId), []);
  });

  it('Helm: an action quoted by either quote, or in a comment, is text; one after a # inside a value is not', () => {
    assert.equal(helmTemplateAction("summary: '{{ .Values.name }} is down'\n"), undefined);
    assert.equal(helmTemplateAction('summary: "{{ .Values.name }} is down"\n'), undefined);
    assert.equal(helmTemplateAction('  # {{ .Values.name }}\nkind: Pod\n'), undefined);
    const url = 'url: http://example.com/#{{ .Values.path }}\n';
    assert.deepEqual(helmTemplateAction(url), { offset: url.indexOf('{{'), length: 2 });
    // The quotes counted are those of the action's own line, not the line before.
    const afterQuote = "note: 'it''s'\nimage: {{ .Values.image }}\n";
    assert.deepEqual(helmTemplateAction(afterQuote), { offset: afterQuote.indexOf('{{'), length: 2 });
  });
});
