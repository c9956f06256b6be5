/**
 * Kubernetes manifests, as run on Amazon EKS. AWS operates the control
 * plane; everything a manifest sets (pod security, images, RBAC, Services,
 * Secrets, network policies) is the customer's side of the data plane, on
 * whichever nodes run it (self-managed, managed node groups or Fargate).
 *
 * A document is a manifest when it has `apiVersion` and `kind` at the top.
 * Multi-document files (`---`) and Helm-rendered output work; Helm chart
 * templates (`{{ … }}`) are not YAML yet and get one Information note.
 */
import type { Analysis, Finding, ParseProblem, ResourceInfo, Setting, Span } from '../../types';
import { attribute } from '../../clouds/aws/attribution';
import type { TemplateResource } from '../../clouds/aws/resources';
import { asExampleKey, checkResources } from '../../clouds/aws/findings';
import { awsRules } from '../../clouds/aws/knowledge';
import { atVisibleText } from '../../parse/limits';
import { parseYamlDocuments } from '../../parse/yaml';
import { get, getEntry, scalar, type Entry, type MapNode, type Node } from '../../parse/tree';
import { findSecret, isPlaceholder } from '../../engine/secrets';
import { maskSecret } from '../../engine/text';

/** Every Kubernetes setting is attributed under Amazon EKS (services.json), whose model is container. */
const SERVICE = 'eks';
/** Attribution paths inside a pod spec start here, whatever workload holds the pod spec. */
export const POD_SPEC = 'podSpec';

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

/** Cheap test on raw text: `apiVersion:` and `kind:` at the start of a line. */
export function mightBeKubernetes(head: string): boolean {
  return /^apiVersion[ \t]*:/m.test(head) && /^kind[ \t]*:/m.test(head);
}

export function analyzeKubernetes(text: string, _fileName: string): Analysis {
  const helm = helmTemplateAction(text);
  if (helm) {
    const note: ParseProblem = {
      span: helm,
      severity: 'info',
      message:
        'Helm chart template ({{ … }}): not analysed, because it is not YAML until Helm renders it. Run `helm template` and open the rendered manifests to see who is responsible for each setting.',
    };
    return { kind: 'kubernetes', settings: [], findings: [], errors: [note], resources: [] };
  }
  const parsed = parseYamlDocuments(text);
  const errors = [...parsed.errors.slice(0, 1).map((error) => atVisibleText(error, text)), ...parsed.notes];
  const settings: Setting[] = [];
  const findings: Finding[] = [];
  const resources: ResourceInfo[] = [];
  for (const document of parsed.documents) {
    const manifest = manifestOf(document.root);
    if (!manifest) continue;
    resources.push(manifest.info);
    settings.push(...manifestSettings(manifest));
    findings.push(...manifestFindings(manifest));
  }
  const kind = resources.length || parsed.errors.length ? 'kubernetes' : undefined;
  return {
    kind,
    settings: settings.sort((a, b) => a.key.offset - b.key.offset),
    findings: findings.sort((a, b) => a.span.offset - b.span.offset),
    errors: kind ? errors : [],
    resources,
  };
}

interface Manifest {
  info: ResourceInfo;
  kind: string;
  root: MapNode;
  /** The pod spec entry path (["spec","template","spec"]) when the kind runs pods and has one. */
  podSpecPath: string[] | undefined;
}

function manifestOf(root: Node | undefined): Manifest | undefined {
  // Stryker disable next-line ConditionalExpression,OptionalChaining: every document has contents (an empty one is a null scalar), and get() reads nothing from a node that is not a map, so the checks below give up on it too
  if (root?.kind !== 'map') return undefined;
  const apiVersion = scalar(get(root, 'apiVersion'));
  const kindEntry = getEntry(root, 'kind');
  const kind = scalar(kindEntry?.value);
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !kindEntry || !kind) return undefined;
  const name = scalar(get(get(root, 'metadata'), 'name'));
  const podSpecPath = POD_SPEC_PATHS[kind];
  return {
    kind,
    root,
    podSpecPath: podSpecPath && nodeAt(root, podSpecPath)?.kind === 'map' ? podSpecPath : undefined,
    info: {
      logicalId: `${kind}/${typeof name === 'string' || typeof name === 'number' ? name : '(unnamed)'}`,
      type: typeName(kind),
      key: kindEntry.keySpan,
      typeSpan: kindEntry.span,
      service: SERVICE,
      model: 'container',
      confidence: 'curated',
    },
  };
}

function typeName(kind: string): string {
  return `Kubernetes::${kind}`;
}

function nodeAt(node: Node | undefined, keys: string[]): Node | undefined {
  return keys.reduce<Node | undefined>((current, key) => get(current, key), node);
}

/** Keys that identify a manifest rather than configure it; `status` is written by the cluster. */
const SKIPPED = new Set(['apiVersion', 'kind', 'metadata', 'status']);

function manifestSettings(manifest: Manifest): Setting[] {
  const out: Setting[] = [];
  const { info } = manifest;
  const podSpecPrefix = manifest.podSpecPath?.join('.');
  const visit = (entry: Entry, path: string): void => {
    const attributionPath = podSpecPrefix && (path === podSpecPrefix || path.startsWith(`${podSpecPrefix}.`)) ? POD_SPEC + path.slice(podSpecPrefix.length) : path;
    out.push({
      key: entry.keySpan,
      span: entry.span,
      resource: info.logicalId,
      resourceType: info.type,
      path,
      leaf: !(entry.value?.kind === 'map' || (entry.value?.kind === 'seq' && entry.value.items.some((item) => item.kind === 'map'))),
      attribution: attribute({ resourceType: info.type, path: attributionPath, value: entry.value, resource: manifest.root, service: SERVICE }),
    });
    visitValue(entry.value, path);
  };
  const visitValue = (value: Node | undefined, path: string): void => {
    if (value?.kind === 'map') for (const child of value.entries) visit(child, `${path}.${child.key}`);
    else if (value?.kind === 'seq') value.items.forEach((item, index) => visitValue(item, `${path}[${index}]`));
  };
  for (const entry of manifest.root.entries) {
    if (!SKIPPED.has(entry.key)) visit(entry, entry.key);
  }
  // How a Service's load balancer is exposed is set by annotations (scheme, source ranges …).
  const annotations = getEntry(get(manifest.root, 'metadata'), 'annotations');
  if (manifest.kind === 'Service' && annotations) visit(annotations, 'metadata.annotations');
  return out;
}

/**
 * The finding rules in findings.json run on the manifest as a resource whose
 * pod spec is also reachable as `podSpec`, so one rule covers Pods,
 * Deployments, CronJobs … alike.
 */
function manifestFindings(manifest: Manifest): Finding[] {
  const entries = [...manifest.root.entries];
  const podSpec = manifest.podSpecPath ? nodeAt(manifest.root, manifest.podSpecPath) : undefined;
  // Stryker disable next-line ConditionalExpression: an absent pod spec entry reads as missing settings, which partial checks never report
  if (podSpec) entries.push({ key: POD_SPEC, keySpan: podSpec, value: podSpec, span: podSpec });
  const resource: TemplateResource = { info: manifest.info, node: { ...manifest.root, entries } };
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: no rule on a Kubernetes:: type reports a missing setting (findings.json), so partial changes nothing for manifests today
  const findings = checkResources([resource], undefined, { partial: true });
  // Stryker disable next-line ConditionalExpression: environmentSecrets reads nothing from an absent pod spec
  if (podSpec) findings.push(...environmentSecrets(manifest, podSpec));
  if (manifest.kind === 'Secret') findings.push(...secretData(manifest));
  return findings;
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/** `env: [{name: DB_PASSWORD, value: hunter2}]`: a literal credential in the pod spec. */
function environmentSecrets(manifest: Manifest, podSpec: Node): Finding[] {
  const findings: Finding[] = [];
  for (const list of CONTAINER_LISTS) {
    const containers = get(podSpec, list);
    if (containers?.kind !== 'seq') continue;
    containers.items.forEach((container, index) => {
      const env = get(container, 'env');
      if (env?.kind !== 'seq') return;
      for (const variable of env.items) {
        const name = scalar(get(variable, 'name'));
        const valueEntry = getEntry(variable, 'value');
        const value = scalar(valueEntry?.value);
        // Stryker disable next-line ConditionalExpression,StringLiteral: findSecret rejects 'undefined' and 'null' (placeholders) and 'true' and 'false' (flag words) under any name
        if (typeof name !== 'string' || !valueEntry || value === undefined || value === null || typeof value === 'boolean') continue;
        const hit = findSecret(name, String(value));
        if (!hit) continue;
        const masked = maskSecret(String(value).slice(hit.start, hit.start + hit.length));
        const finding = awsRules.findingOf('literal-secret', valueEntry.span, manifest.info.logicalId, manifest.info.type, {
          path: `${list}[${index}].env ${name}`,
          value: masked,
        }, 'kubernetes');
        // Stryker disable next-line ConditionalExpression: literal-secret is in findings.json, so findingOf always returns a finding
        if (finding) findings.push(hit.example ? asExampleKey(finding) : finding);
      }
    });
  }
  return findings;
}

/**
 * A Secret manifest with literal `data` / `stringData`. That is where
 * Kubernetes secrets live in the cluster, but a manifest is a file that gets
 * committed and shared, and base64 is an encoding, not encryption: one
 * warning per block, naming how many values and none of them.
 */
function secretData(manifest: Manifest): Finding[] {
  const findings: Finding[] = [];
  for (const key of ['stringData', 'data']) {
    const entry = getEntry(manifest.root, key);
    if (entry?.value?.kind !== 'map') continue;
    const literal = entry.value.entries.filter((item) => {
      const value = scalar(item.value);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: String(undefined) and String(null) are placeholders to isPlaceholder
      return value !== undefined && value !== null && !isPlaceholder(String(value));
    });
    if (!literal.length) continue;
    const finding = awsRules.findingOf('k8s-secret-in-manifest', entry.keySpan, manifest.info.logicalId, manifest.info.type, {
      value: `${literal.length} literal value${literal.length === 1 ? '' : 's'} in ${key}`,
    });
    // Stryker disable next-line ConditionalExpression: k8s-secret-in-manifest is in findings.json, so findingOf always returns a finding
    if (finding) findings.push(finding);
  }
  return findings;
}

/**
 * Where a Helm chart template's first action is, or undefined for plain
 * YAML. Go-template actions (`{{ .Values.x }}`, `{{- if … }}`, `{{ include … }}`)
 * mark a template; quoted `{{ $labels.pod }}` strings in alerting rules, which
 * are valid YAML, do not.
 */
export function helmTemplateAction(text: string): Span | undefined {
  const action = /\{\{-?\s*(?:\.|-|\$\w*\s*:?=|(?:if|else|end|range|with|include|template|define|toYaml|tpl|required|default|printf|quote|nindent|indent|block)\b)/g;
  for (const match of text.matchAll(action)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    const before = text.slice(lineStart, match.index);
    // Inside a quoted scalar on this line: a literal string, not a template action.
    if ((before.match(/"/g)?.length ?? 0) % 2 === 1 || (before.match(/'/g)?.length ?? 0) % 2 === 1) continue;
    if (/^\s*#/.test(before)) continue;
    return { offset: match.index, length: 2 };
  }
  return undefined;
}
