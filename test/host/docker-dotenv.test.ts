/**
 * Dockerfiles and .env files in a real editor: one hover and one
 * diagnostic each, and no secret value in either.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsFor, hoverText, open, positionOf } from './helpers';


describe('Dockerfiles and .env files in a real editor', () => {
  before(async () => {
    await vscode.extensions.getExtension('responsibility-lens.responsibility-lens')!.activate();
  });

  it('a Dockerfile opens as dockerfile; hovering FROM says the customer patches the image', async () => {
    const document = await open('docker/Dockerfile');
    assert.equal(document.languageId, 'dockerfile');
    const text = await hoverText(document, 'FROM node:latest');
    assert.match(text, /\*\*Customer\*\* · Updating guest operating systems/);
    assert.match(text, /Container image · infrastructure model/);
    assert.ok(!text.includes('hostFixtureToken'), 'no secret in the card');
  });

  it('a Dockerfile reports its unpinned base image and its masked ENV secret', async () => {
    const document = await open('docker/Dockerfile');
    const diagnostics = await diagnosticsFor(document.uri, (all) => all.some((d) => codeOf(d) === 'literal-secret'));
    const unpinned = diagnostics.find((d) => codeOf(d) === 'docker-unpinned-base-image');
    assert.ok(unpinned, diagnostics.map(codeOf).join(', '));
    assert.equal(unpinned.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(unpinned.range.start.line, 0);
    const secret = diagnostics.find((d) => codeOf(d) === 'literal-secret');
    assert.ok(secret);
    assert.equal(secret.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(secret.range.start.line, positionOf(document, 'API_TOKEN=').line);
    assert.equal(secret.range.start.character, 4);
    for (const d of diagnostics) assert.ok(!d.message.includes('hostFixtureToken'), d.message);
  });

  it('a .env file opens as dotenv; hovering an access key names account compromise without the key', async () => {
    const document = await open('env/.env');
    assert.equal(document.languageId, 'dotenv');
    const text = await hoverText(document, 'AWS_ACCESS_KEY_ID');
    assert.match(text, /\*\*Customer\*\* · Preventing or detecting when an AWS account has been compromised/);
    assert.ok(!text.includes('AKIAHOSTFIXTURE00001') && !text.includes('HOSTFIXTURE'), 'the key never appears');
    const region = await hoverText(document, 'AWS_REGION');
    assert.match(region, /compliant/i);
  });

  it('a .env file reports the access key as an Error with the key masked', async () => {
    const document = await open('env/.env');
    const diagnostics = await diagnosticsFor(document.uri, (all) => all.some((d) => codeOf(d) === 'literal-secret'));
    const key = diagnostics.find((d) => codeOf(d) === 'literal-secret' && d.range.start.line === positionOf(document, 'AWS_ACCESS_KEY_ID').line);
    assert.ok(key, diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line}`).join(', '));
    assert.equal(key.severity, vscode.DiagnosticSeverity.Error);
    assert.match(key.message, /AKIA\*{12}/);
    for (const d of diagnostics) assert.ok(!/HOSTFIXTURE|hostDbFixturePw9/.test(d.message), d.message);
    assert.ok(diagnostics.some((d) => codeOf(d) === 'literal-secret' && d.range.start.line === positionOf(document, 'DATABASE_URL').line), 'the inline database password too');
  });
});
