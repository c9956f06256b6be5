/**
 * The settings and secrets of a Kubernetes manifest (src/core/formats/kubernetes/analyze.ts):
 * which keys are settings and which are containers of settings, the path a
 * hover shows, the pod spec path the attribution reads, annotations on a
 * Service, and literal credentials in every container list.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { helmTemplateAction, mightBeKubernetes } from '../../src/core/formats/kubernetes/analyze';
import { slice } from './helpers';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    team: a
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27.0
          ports:
            - containerPort: 80
          args: [serve, --port, "80"]
status:
  replicas: 2
`;

describe('Kubernetes settings', () => {
  it('every key under the manifest is a setting, in file order; identity keys and status are not', () => {
    const analysis = analyze(DEPLOYMENT, 'deploy.yaml');
    assert.deepEqual(
      analysis.settings.map((setting) => `${setting.path} ${setting.leaf ? 'leaf' : 'block'}`),
      [
        'spec block',
        'spec.replicas leaf',
        'spec.template block',
        'spec.template.spec block',
        'spec.template.spec.containers block',
        'spec.template.spec.containers[0].name leaf',
        'spec.template.spec.containers[0].image leaf',
        'spec.template.spec.containers[0].ports block',
        'spec.template.spec.containers[0].ports[0].containerPort leaf',
        'spec.template.spec.containers[0].args leaf',
      ],
    );
    const image = analysis.settings.find((setting) => setting.path.endsWith('.image'))!;
    assert.equal(slice(DEPLOYMENT, image.key), 'image');
    assert.equal(slice(DEPLOYMENT, image.span), 'image: nginx:1.27.0');
    assert.equal(image.resource, 'Deployment/web');
    assert.equal(image.resourceType, 'Kubernetes::Deployment');
    assert.equal(image.attribution.row, 'guest-os-patching', 'read through the pod spec path');
  });

  it('the pod spec path is used only where the kind keeps one and it is a map', () => {
    const pod = analyze('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n', 'pod.yaml');
    assert.equal(pod.settings.find((setting) => setting.path === 'spec.hostNetwork')?.attribution.row, 'network-security');
    assert.deepEqual(pod.findings.map((finding) => finding.ruleId), ['k8s-host-network']);
    const notAPodSpec = analyze('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: [hostNetwork]\n', 'pod.yaml');
    assert.deepEqual(notAPodSpec.findings, []);
    const template = analyze('apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate:\n  spec:\n    hostPID: true\n', 'template.yaml');
    assert.deepEqual(template.findings.map((finding) => `${finding.ruleId} ${slice('apiVersion: v1\nkind: PodTemplate\nmetadata: {name: t}\ntemplate:\n  spec:\n    hostPID: true\n', finding.span)}`), ['k8s-host-pid-ipc hostPID: true']);
    const config = analyze('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nspec:\n  hostNetwork: true\n', 'config.yaml');
    assert.deepEqual(config.findings, [], 'a ConfigMap runs no pods');
  });

  it('a Service’s annotations are settings (they shape its load balancer); other kinds’ are not', () => {
    const service = analyze('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing\nspec:\n  type: LoadBalancer\n', 'svc.yaml');
    assert.deepEqual(
      service.settings.map((setting) => setting.path),
      ['metadata.annotations', 'metadata.annotations.service.beta.kubernetes.io/aws-load-balancer-scheme', 'spec', 'spec.type'],
    );
    assert.ok(!analyze(DEPLOYMENT, 'deploy.yaml').settings.some((setting) => setting.path.startsWith('metadata')));
    assert.deepEqual(analyze('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n', 'svc.yaml').settings.map((setting) => setting.path), ['spec', 'spec.type']);
  });

  it('is a candidate only with apiVersion and kind keys at the start of lines', () => {
    assert.equal(mightBeKubernetes('apiVersion: v1\nkind: Pod\n'), true);
    assert.equal(mightBeKubernetes('apiVersion\t: v1\nkind  : Pod\n'), true);
    assert.equal(mightBeKubernetes('  apiVersion: v1\nkind: Pod\n'), false);
    assert.equal(mightBeKubernetes('apiVersion: v1\n  kind: Pod\n'), false);
    assert.equal(mightBeKubernetes('apiVersion: v1\n'), false);
    assert.equal(mightBeKubernetes('kind: Pod\n'), false);
    assert.equal(mightBeKubernetes('apiVersionX: v1\nkind: Pod\n'), false);
  });
});

describe('Kubernetes env secrets', () => {
  const pod = (containers: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${containers}`;
  const secrets = (text: string): string[] =>
    analyze(text, 'pod.yaml')
      .findings.filter((finding) => finding.ruleId === 'literal-secret')
      .map((finding) => `${slice(text, finding.span)} | ${/in (\S+ \S+) \(([^)]*)\)/.exec(finding.message)?.slice(1).join(' ')} | ${finding.severity}`);

  it('a literal credential in any container list is reported on its value entry, with its path and masked', () => {
    const text = pod(
      '  initContainers:\n    - name: init\n      env:\n        - name: DB_PASSWORD\n          value: Tr0ub4dor-and-3\n  containers:\n    - name: a\n    - name: b\n      env:\n        - name: API_TOKEN\n          value: ghp_0123456789abcdefghijABCDEFGHIJ012345\n  ephemeralContainers:\n    - name: debug\n      env:\n        - name: ADMIN_PASSWORD\n          value: c0rrect-h0rse\n',
    );
    assert.deepEqual(secrets(text), [
      'value: Tr0ub4dor-and-3 | initContainers[0].env DB_PASSWORD ******** | error',
      'value: ghp_0123456789abcdefghijABCDEFGHIJ012345 | containers[1].env API_TOKEN ******** | error',
      'value: c0rrect-h0rse | ephemeralContainers[0].env ADMIN_PASSWORD ******** | error',
    ]);
  });

  it('references, flags, empty values and unnamed variables are not credentials', () => {
    const env = (variable: string): string[] => secrets(pod(`  containers:\n    - name: a\n      env:\n        - ${variable}\n`));
    assert.deepEqual(env('{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}'), []);
    assert.deepEqual(env('{name: DB_PASSWORD, value: true}'), []);
    assert.deepEqual(env('{name: DB_PASSWORD, value: ~}'), []);
    assert.deepEqual(env('{value: Tr0ub4dor-and-3}'), []);
    assert.deepEqual(env('{name: 42, value: Tr0ub4dor-and-3}'), []);
    assert.deepEqual(secrets(pod('  containers:\n    - name: a\n      env: {DB_PASSWORD: Tr0ub4dor-and-3}\n')), [], 'env must be a list');
    assert.deepEqual(secrets(pod('  containers: {a: {env: [{name: DB_PASSWORD, value: Tr0ub4dor-and-3}]}}\n')), [], 'containers must be a list');
  });

  it('the AWS documentation’s example key is a warning', () => {
    const text = pod('  containers:\n    - name: a\n      env:\n        - name: AWS_ACCESS_KEY_ID\n          value: AKIAIOSFODNN7EXAMPLE\n');
    assert.deepEqual(secrets(text), ['value: AKIAIOSFODNN7EXAMPLE | containers[0].env AWS_ACCESS_KEY_ID AKIA************ | warning']);
  });
});

describe('Kubernetes Secrets and Helm actions', () => {
  it('a Secret counts only the values written down: an empty value is none', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  a: ~\n  b: cmVhbA==\nstringData:\n  c: Tr0ub4dor-and-3\n  d: c0rrect-h0rse-9\n';
    assert.deepEqual(
      analyze(text, 's.yaml').findings.map((finding) => `${slice(text, finding.span)} ${/(\d+ literal values? in \w+)/.exec(finding.message)?.[1]}`),
      ['data 1 literal value in data', 'stringData 2 literal values in stringData'],
    );
  });

  it('Helm actions are found with or without spaces, as variable declarations and assignments', () => {
    for (const [text, offset] of [
      ['{{.Values.x}}', 0],
      ['a: {{ $var := .Values }}', 3],
      ['a: {{ $x:=1 }}', 3],
      ['a: {{ $x = 2 }}', 3],
      ['a: {{- $v := 1 }}', 3],
    ] as const) {
      assert.deepEqual(helmTemplateAction(text), { offset, length: 2 }, text);
    }
    assert.equal(helmTemplateAction('a: {{ $ }}'), undefined, 'a lone $ declares nothing');
  });
});
