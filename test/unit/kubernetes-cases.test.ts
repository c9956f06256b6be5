/**
 * Kubernetes manifests, one small case at a time: what makes a document a
 * manifest, its name, the secrets it holds and where a Helm template starts.
 * Each case pins a branch that the example manifests happen not to tell apart.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { analyzeKubernetes, helmTemplateAction } from '../../src/core/formats/kubernetes/analyze';
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

describe('Kubernetes documents, read directly', () => {
  const pod = (spec: string): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;
  const setting = (text: string, path: string) => analyzeKubernetes(text, 'm.yaml').settings.find((candidate) => candidate.path === path)!;

  it('a Helm template is one note and nothing else', () => {
    const text = 'apiVersion: v1\nkind: {{ .Values.kind }}\n';
    const analysis = analyzeKubernetes(text, 'm.yaml');
    assert.deepEqual({ ...analysis, errors: analysis.errors.map((error) => [error.severity, slice(text, error.span)]) }, {
      kind: 'kubernetes',
      settings: [],
      findings: [],
      errors: [['info', '{{']],
      resources: [],
    });
  });

  it('only the first syntax error is reported, moved onto the last visible character when it is at the end', () => {
    assert.deepEqual(analyzeKubernetes('apiVersion: v1\nkind: Pod\nspec:\n  a: b: c\n  d: e: f\n', 'm.yaml').errors, [
      { span: { offset: 36, length: 1 }, message: 'YAML syntax error: Nested mappings are not allowed in compact mappings' },
    ]);
    assert.deepEqual(analyzeKubernetes('apiVersion: v1\nkind: Pod\nspec: [\n', 'm.yaml').errors, [
      { span: { offset: 31, length: 1 }, message: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]' },
    ]);
  });

  it('YAML that holds no manifest reports nothing, not even a note on how it was read', () => {
    assert.deepEqual(analyzeKubernetes('a: "x\ny"\n', 'm.yaml'), { kind: undefined, settings: [], findings: [], errors: [], resources: [] });
  });

  it('empty documents, a missing kind and a kind that is a number are skipped', () => {
    const text = 'apiVersion: v1\nkind: Pod\n---\n---\napiVersion: v1\nmetadata: {name: x}\n---\napiVersion: v1\nkind: 5\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n';
    const analysis = analyzeKubernetes(text, 'm.yaml');
    assert.deepEqual(analysis.resources.map((resource) => resource.logicalId), ['Pod/(unnamed)', 'Service/web']);
    assert.deepEqual(analysis.resources[1], {
      logicalId: 'Service/web',
      type: 'Kubernetes::Service',
      key: { offset: text.indexOf('kind: Service'), length: 4 },
      typeSpan: { offset: text.indexOf('kind: Service'), length: 'kind: Service'.length },
      service: 'eks',
      model: 'container',
      confidence: 'curated',
    });
  });

  it('keys beside the pod spec keep their own attribution; the pod spec key is read as the pod spec', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 2\n  template:\n    spec:\n      hostNetwork: true\n';
    assert.equal(setting(text, 'spec.replicas').attribution.row, 'business-continuity');
    assert.deepEqual([setting(text, 'spec.template.spec').attribution.row, setting(text, 'spec.template.spec').attribution.basis], ['custom-applications', 'resource-purpose']);
    assert.equal(setting(text, 'spec.template.spec.hostNetwork').attribution.row, 'network-security');
    // Where the pod spec is not a map, its key is an ordinary key.
    const empty = text.replace('spec:\n      hostNetwork: true\n', 'spec: ~\n');
    assert.deepEqual([setting(empty, 'spec.template.spec').attribution.row, setting(empty, 'spec.template.spec').attribution.basis], ['custom-applications', 'name-pattern']);
  });

  it('a key without a value is a leaf; a list is a block when any item is a map', () => {
    const text = pod('  hostIPC:\n  securityContext: {runAsNonRoot}\n  containers:\n    - name: a\n      args: [serve, {port: 80}]\n');
    const analysis = analyzeKubernetes(text, 'm.yaml');
    assert.deepEqual(
      analysis.settings.filter((candidate) => /securityContext|args/.test(candidate.path)).map((candidate) => `${candidate.path} ${candidate.leaf}`),
      ['spec.securityContext false', 'spec.securityContext.runAsNonRoot true', 'spec.containers[0].args false', 'spec.containers[0].args[1].port true'],
    );
  });

  it('a pod that leaves settings out is not judged on them: a manifest may be patched later', () => {
    assert.deepEqual(analyzeKubernetes(pod('  containers:\n    - name: a\n      image: nginx:1.27.0\n'), 'm.yaml').findings, []);
  });

  it('a credential inside a longer env value is masked as the credential, in the Kubernetes wording', () => {
    const [finding] = analyzeKubernetes(pod('  containers:\n    - name: a\n      env: [{name: AWS_ACCESS_KEY_ID, value: "id AKIAI44QLNUHJYGX2XBQ"}]\n'), 'm.yaml').findings;
    assert.equal(finding.ruleId, 'literal-secret');
    assert.match(finding.message, /^Mount the secret from a Secret synced from AWS Secrets Manager instead of writing it into the manifest\. Pod\/p holds a literal secret in containers\[0\]\.env AWS_ACCESS_KEY_ID \(AKIA\*{12}\);/);
  });

  it('a Secret key with no value at all holds nothing', () => {
    assert.deepEqual(analyzeKubernetes('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n? data\n', 'm.yaml').findings, []);
  });
});
