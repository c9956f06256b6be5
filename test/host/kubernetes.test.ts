/**
 * Kubernetes manifests in a real editor: a hover that explains the EKS
 * split, a Problems-panel finding, the Helm-template note as Information,
 * and no secret value anywhere.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsFor, hoverDetails, hoverText, open, positionOf } from './helpers';

const SECRET = 'k8s-host-fixture-key-77';

describe('Kubernetes manifests in a real editor', () => {
  before(async () => {
    await vscode.extensions.getExtension('responsibility-lens.responsibility-lens')!.activate();
  });

  it('hovering privileged: true says the customer owns it under EKS; the kind line explains the node split', async () => {
    const document = await open('k8s/deployment.yaml');
    assert.equal(document.languageId, 'yaml');
    const text = await hoverText(document, 'privileged: true');
    assert.match(text, /\*\*Customer\*\*/);
    assert.match(text, /Amazon EKS/);
    assert.match(text, /container model/);
    assert.ok(!text.includes('Who runs what'), 'the EKS split is on the kind line, not on every key');
    const kind = await hoverText(document, 'kind: Deployment', 7);
    assert.match(kind, /\*\*Deployment\/checkout\*\*/);
    // Who runs what (managed node groups, Fargate) is the card's detail, behind its Details link.
    const split = await hoverDetails(kind);
    assert.match(split, /Managed node groups/);
    assert.match(split, /Fargate/);
    assert.ok(!text.includes(SECRET) && !kind.includes(SECRET) && !split.includes(SECRET));
  });

  it('the Problems panel shows the privileged container as an error on its line, and the literal secret masked', async () => {
    const document = await open('k8s/deployment.yaml');
    const diagnostics = await diagnosticsFor(document.uri, (all) => all.some((d) => codeOf(d) === 'k8s-privileged-container'));
    const privileged = diagnostics.find((d) => codeOf(d) === 'k8s-privileged-container');
    assert.ok(privileged, diagnostics.map((d) => `${codeOf(d)}: ${d.message}`).join('\n'));
    assert.equal(privileged.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(privileged.range.start.line, positionOf(document, 'privileged: true').line);
    const secret = diagnostics.find((d) => codeOf(d) === 'literal-secret');
    assert.ok(secret, 'the literal env value is reported');
    assert.ok(!diagnostics.some((d) => d.message.includes(SECRET)), 'no secret in any diagnostic');
    assert.ok(!diagnostics.some((d) => codeOf(d) === 'k8s-unpinned-image'), 'a pinned image is left alone');
  });

  it('a Helm chart template gets one Information note instead of errors', async () => {
    const document = await open('k8s/helm-template.yaml');
    const diagnostics = await diagnosticsFor(document.uri, (all) => all.length > 0);
    assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join('\n'));
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Information);
    assert.match(diagnostics[0].message, /Helm chart template/);
    assert.equal(diagnostics[0].range.start.line, 3);
  });
});
