import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { hoverMarkdown } from '../../src/core/reports/hover';
import { helmTemplateAction } from '../../src/core/formats/kubernetes/analyze';
import { parseYamlDocuments } from '../../src/core/parse/yaml';
import { analyzeFixture, findingsBy, lineOf, setting, slice } from './helpers';

const RISKY = 'test/fixtures/kubernetes/risky-workloads.yaml';
const HARDENED = 'test/fixtures/kubernetes/hardened-workloads.yaml';

function findingLines(text: string, analysis: ReturnType<typeof analyze>): string[] {
  return analysis.findings.map((finding) => `${lineOf(text, finding.span.offset)} ${finding.ruleId}`);
}

describe('Kubernetes manifests', () => {
  const { text, analysis } = analyzeFixture(RISKY);

  it('are recognised by apiVersion and kind, in every document of a multi-document file', () => {
    assert.equal(analysis.kind, 'kubernetes');
    assert.deepEqual(analysis.errors, []);
    assert.deepEqual(
      analysis.resources.map((resource) => resource.logicalId),
      ['Deployment/web', 'Service/web', 'ClusterRoleBinding/ci-admin', 'Role/everything', 'Secret/db'],
    );
    assert.equal(analyze('kind: Pod\nname: x\n', 'x.yaml').kind, undefined, 'kind alone is not a manifest');
    assert.equal(analyze('apiVersion: v1\nkind: Pod\n', 'pod.json').kind, undefined, 'YAML files only');
  });

  it('flags each risky line, at its exact line', () => {
    assert.deepEqual(findingLines(text, analysis), [
      '17 k8s-host-network',
      '18 k8s-host-pid-ipc',
      '21 k8s-unpinned-image',
      '24 literal-secret',
      '28 k8s-privileged-container',
      '29 k8s-privilege-escalation',
      '30 k8s-run-as-root',
      '32 k8s-dangerous-capability',
      '34 k8s-unpinned-image',
      '38 k8s-host-path-volume',
      '61 k8s-cluster-admin-binding',
      '74 k8s-rbac-wildcard',
      '75 k8s-rbac-wildcard',
      '82 k8s-secret-in-manifest',
    ]);
    const privileged = analysis.findings.find((finding) => finding.ruleId === 'k8s-privileged-container')!;
    assert.equal(slice(text, privileged.span), 'privileged: true');
    assert.equal(privileged.severity, 'error');
    assert.match(privileged.message, /Deployment\/web/);
    assert.ok(privileged.sources.some((source) => source.url.startsWith('https://docs.aws.amazon.com/eks/latest/best-practices/')));
  });

  it('leaves hardened manifests alone: pinned images, digests, non-root, drop ALL, internal load balancer', () => {
    const hardened = analyzeFixture(HARDENED);
    assert.deepEqual(hardened.analysis.errors, []);
    assert.deepEqual(findingsBy(hardened.analysis), []);
    const digest = hardened.analysis.settings.find((candidate) => candidate.path.endsWith('containers[1].image'))!;
    assert.equal(digest.attribution.row, 'guest-os-patching');
    const policy = setting(hardened.analysis, 'NetworkPolicy/default-deny', 'spec.policyTypes');
    assert.deepEqual([policy.attribution.owner, policy.attribution.row], ['customer', 'network-security']);
    const ranges = setting(hardened.analysis, 'Service/web', 'spec.loadBalancerSourceRanges');
    assert.equal(ranges.attribution.row, 'network-security');
  });

  it('workload security is the customer’s, under EKS (container model), with the data-plane split in the rationale', () => {
    const privileged = setting(analysis, 'Deployment/web', 'spec.template.spec.containers[0].securityContext.privileged');
    assert.equal(slice(text, privileged.key), 'privileged');
    assert.deepEqual(
      [privileged.attribution.owner, privileged.attribution.service, privileged.attribution.model, privileged.attribution.confidence],
      ['customer', 'eks', 'container', 'curated'],
    );
    assert.match(privileged.attribution.rationale, /control plane/);
    assert.match(privileged.attribution.rationale, /Fargate/);
    const hostNetwork = setting(analysis, 'Deployment/web', 'spec.template.spec.hostNetwork');
    assert.equal(hostNetwork.attribution.row, 'network-security');
    const image = setting(analysis, 'Deployment/web', 'spec.template.spec.containers[0].image');
    assert.deepEqual([image.attribution.owner, image.attribution.row], ['customer', 'guest-os-patching']);
  });

  it('Services, RBAC and Secrets are attributed to their rows', () => {
    assert.equal(setting(analysis, 'Service/web', 'spec.type').attribution.row, 'network-security');
    assert.equal(setting(analysis, 'Service/web', 'metadata.annotations.service.beta.kubernetes.io/aws-load-balancer-scheme').attribution.row, 'network-security');
    assert.equal(setting(analysis, 'ClusterRoleBinding/ci-admin', 'roleRef.name').attribution.row, 'restrict-access');
    assert.equal(setting(analysis, 'Role/everything', 'rules[0].verbs').attribution.row, 'restrict-access');
    assert.equal(setting(analysis, 'Secret/db', 'stringData.password').attribution.row, 'customer-data');
    assert.ok(!analysis.findings.some((finding) => finding.resource === 'Service/web'), 'a LoadBalancer Service is attributed, not flagged');
  });

  it('secrets are masked: env values and Secret data never appear in messages', () => {
    for (const finding of analysis.findings) {
      assert.ok(!finding.message.includes('hunter2'), finding.message);
    }
    const env = analysis.findings.find((finding) => finding.ruleId === 'literal-secret')!;
    assert.match(env.message, /DB_PASSWORD \(\*{8}\)/);
    assert.equal(env.docUrl, 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/');
    const secret = analysis.findings.find((finding) => finding.ruleId === 'k8s-secret-in-manifest')!;
    assert.match(secret.message, /1 literal value in stringData/);
  });

  it('CronJobs reach the pod spec through jobTemplate', () => {
    const cron = analyzeFixture('test/fixtures/kubernetes/cronjob.yaml');
    assert.deepEqual(findingsBy(cron.analysis), ['CronJob/nightly-report:k8s-privileged-container', 'CronJob/nightly-report:k8s-unpinned-image']);
    const privileged = setting(cron.analysis, 'CronJob/nightly-report', 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged');
    assert.equal(privileged.attribution.confidence, 'curated');
  });

  it('Pods, StatefulSets, DaemonSets, Jobs and ReplicaSets all reach their pod spec', () => {
    const container = 'containers:\n  - name: a\n    image: busybox:1.36\n    securityContext:\n      privileged: true\n';
    const indent = (spaces: number): string => container.replace(/^/gm, ' '.repeat(spaces));
    const cases: [string, string][] = [
      ['Pod', `spec:\n${indent(2)}`],
      ['StatefulSet', `spec:\n  template:\n    spec:\n${indent(6)}`],
      ['DaemonSet', `spec:\n  template:\n    spec:\n${indent(6)}`],
      ['Job', `spec:\n  template:\n    spec:\n${indent(6)}`],
      ['ReplicaSet', `spec:\n  template:\n    spec:\n${indent(6)}`],
    ];
    for (const [kind, body] of cases) {
      const result = analyze(`apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: x\n${body}`, 'm.yaml');
      assert.deepEqual(findingsBy(result), [`${kind}/x:k8s-privileged-container`], kind);
    }
  });

  it('a list item without the key does not hide its siblings (templates and manifests alike)', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: busybox:1.36\n  volumes:\n    - name: cache\n      emptyDir: {}\n    - name: host\n      hostPath:\n        path: /etc\n';
    assert.deepEqual(findingsBy(analyze(pod, 'p.yaml')), ['Pod/p:k8s-host-path-volume']);
    const instance = [
      'Resources:',
      '  Web:',
      '    Type: AWS::EC2::Instance',
      '    Properties:',
      '      ImageId: ami-123',
      '      MetadataOptions: {HttpTokens: required}',
      '      BlockDeviceMappings:',
      '        - DeviceName: /dev/sdb',
      '          NoDevice: {}',
      '        - DeviceName: /dev/sdc',
      '          Ebs:',
      '            Encrypted: false',
      '',
    ].join('\n');
    assert.deepEqual(findingsBy(analyze(instance, 'i.yaml')), ['Web:ebs-volume-unencrypted']);
  });

  it('Helm templates are skipped with one Information note, not an error', () => {
    const helm = analyzeFixture('test/fixtures/kubernetes/helm-template.yaml');
    assert.equal(helm.analysis.kind, 'kubernetes');
    assert.deepEqual([helm.analysis.settings.length, helm.analysis.findings.length], [0, 0]);
    assert.equal(helm.analysis.errors.length, 1);
    const [note] = helm.analysis.errors;
    assert.equal(note.severity, 'info');
    assert.match(note.message, /Helm chart template/);
    assert.match(note.message, /helm template/);
    assert.equal(lineOf(helm.text, note.span.offset), 4);
    assert.equal(slice(helm.text, note.span), '{{');
  });

  it('Helm-rendered output and quoted {{ }} in alerting rules are analysed normally', () => {
    const rendered = analyzeFixture('test/fixtures/kubernetes/helm-rendered.yaml');
    assert.deepEqual(rendered.analysis.errors, []);
    assert.deepEqual(findingsBy(rendered.analysis), ['Deployment/shop:k8s-privilege-escalation']);
    assert.deepEqual(rendered.analysis.resources.map((resource) => resource.logicalId), ['ServiceAccount/shop', 'Deployment/shop']);
    const alerts = analyzeFixture('test/fixtures/kubernetes/alert-rules.yaml');
    assert.deepEqual(alerts.analysis.errors, []);
    assert.ok(alerts.analysis.settings.length > 0);
    assert.equal(helmTemplateAction('summary: "Pod {{ $labels.pod }} is down"\n'), undefined);
    assert.ok(helmTemplateAction('  {{- if .Values.enabled }}\n'));
  });

  it('hovers name EKS on settings and explain its split once, on the kind: line', () => {
    const card = hoverMarkdown(analysis, text.indexOf('privileged: true') + 2, text)!;
    assert.match(card, /\*\*Customer\*\*/);
    assert.match(card, /Amazon EKS/);
    assert.match(card, /container model/);
    assert.ok(!card.includes('Who runs what'));
    const kindCard = hoverMarkdown(analysis, text.indexOf('kind: Deployment') + 7, text)!;
    assert.match(kindCard, /\*\*Deployment\/web\*\*/);
    assert.match(kindCard, /Control plane/);
    assert.match(kindCard, /Self\\?-managed nodes/);
  });

  it('document text in hovers is escaped', () => {
    const evil = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "[x](https://evil.example)"\nspec:\n  containers:\n    - name: a\n      image: busybox:1\n';
    const result = analyze(evil, 'evil.yaml');
    const card = hoverMarkdown(result, evil.indexOf('kind: Pod') + 7, evil)!;
    assert.ok(!card.includes('](https://evil.example)'), card);
  });

  it('a broken document gives one clear error and the other documents still count', () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\ndata:\n  a: b\n---\napiVersion: v1\nkind: Pod\nspec: [unclosed\n';
    const result = analyze(broken, 'b.yaml');
    assert.equal(result.kind, 'kubernetes');
    assert.equal(result.errors.length, 1);
    assert.ok(result.resources.some((resource) => resource.logicalId === 'ConfigMap/ok'));
  });
});

describe('multi-document YAML parsing', () => {
  it('keeps exact offsets in every document', () => {
    const text = 'a: 1\n---\nb: two\n---\n# comment\nc: [3]\n';
    const { documents, errors } = parseYamlDocuments(text);
    assert.deepEqual(errors, []);
    assert.equal(documents.length, 3);
    const second = documents[1].root;
    assert.equal(second?.kind, 'map');
    if (second?.kind !== 'map') return;
    assert.equal(slice(text, second.entries[0].span), 'b: two');
  });

  it('never expands aliases and cuts off deep nesting', () => {
    const bomb = `a: &a [x, x]\nb: &b [*a, *a]\n---\nc: &c [*b]\n`;
    const parsed = parseYamlDocuments(bomb);
    assert.equal(parsed.documents.length, 2);
    const deep = `${'['.repeat(300)}${']'.repeat(300)}\n`;
    const result = parseYamlDocuments(`x: 1\n---\n${deep}`);
    assert.ok(result.errors.some((error) => /Nested more than|nested too deeply/.test(error.message)));
  });
});
