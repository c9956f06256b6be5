import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { analyzeFixture, lineOf, slice } from './helpers';
import type { Analysis } from '../../src/core/types';

const found = (analysis: Analysis) => analysis.findings.map((finding) => finding.ruleId).sort();

describe('Dockerfiles', () => {
  it('are recognised by name: Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile', () => {
    for (const name of ['Dockerfile', 'build/Dockerfile.prod', 'api.Dockerfile', 'x.dockerfile', 'Containerfile', 'Containerfile.dev']) {
      assert.equal(analyze('FROM alpine:3.20\n', name).kind, 'dockerfile', name);
    }
    for (const name of ['Dockerfile.yaml.txt/other', 'docker-compose.yml', 'notes.md', 'MyDockerfile']) assert.notEqual(analyze('FROM alpine:3.20\n', name).kind, 'dockerfile', name);
  });

  describe('risky Dockerfile', () => {
    const { text, analysis } = analyzeFixture('test/fixtures/docker/Dockerfile');
    const finding = (ruleId: string, needle: string) => {
      const hit = analysis.findings.find((candidate) => candidate.ruleId === ruleId && slice(text, candidate.span).startsWith(needle));
      assert.ok(hit, `${ruleId} at ${needle}; have ${analysis.findings.map((f) => `${f.ruleId}@${slice(text, f.span)}`).join(' | ')}`);
      return hit;
    };

    it('reports each risky line, at its exact span', () => {
      assert.deepEqual(found(analysis), [
        'docker-add-remote-url',
        'docker-runs-as-root',
        'docker-ssh-exposed',
        'docker-unpinned-base-image',
        'docker-unpinned-base-image',
        'literal-secret',
        'literal-secret',
        'literal-secret',
      ]);
      assert.equal(slice(text, finding('docker-unpinned-base-image', 'FROM node').span), 'FROM node:latest AS build');
      assert.equal(lineOf(text, finding('docker-unpinned-base-image', 'FROM ubuntu').span.offset), 14);
      assert.equal(slice(text, finding('literal-secret', 'DB_PASSWORD').span), 'DB_PASSWORD=Tr0ub4dor-docker-9');
      assert.equal(slice(text, finding('literal-secret', 'GITHUB_TOKEN').span), 'GITHUB_TOKEN=ghp_fixtureToken0123456789abcdefABCD');
      assert.equal(slice(text, finding('docker-add-remote-url', 'ADD').span), 'ADD https://example.com/tools/cli.tar.gz /opt/');
      assert.equal(slice(text, finding('docker-ssh-exposed', 'EXPOSE').span), 'EXPOSE 22 8080');
      assert.equal(slice(text, finding('docker-runs-as-root', 'USER').span), 'USER root');
    });

    it('masks every secret and says why the image is at risk', () => {
      const secret = finding('literal-secret', 'DB_PASSWORD');
      assert.equal(secret.severity, 'error');
      assert.match(secret.message, /Stage build puts a literal secret into ENV DB_PASSWORD \(\*{8}\)/);
      assert.match(finding('literal-secret', 'AWS_ACCESS_KEY_ID').message, /AKIA\*{12}/);
      assert.equal(secret.docUrl, 'https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/');
      const all = JSON.stringify(analysis.findings);
      for (const value of ['Tr0ub4dor', 'ghp_fixtureToken', 'ZQ3DOCKERFIXTURE']) assert.ok(!all.includes(value), value);
      assert.match(finding('docker-runs-as-root', 'USER').message, /The final stage runtime switches to USER root/);
      assert.match(finding('docker-unpinned-base-image', 'FROM ubuntu').message, /ubuntu with no tag, which means :latest/);
    });

    it('attributes every instruction to its stage, with exact key spans', () => {
      const from = analysis.settings.find((s) => s.path === 'FROM' && s.resource === 'build')!;
      assert.equal(slice(text, from.key), 'FROM');
      assert.equal(from.resourceType, 'Dockerfile::FROM');
      assert.deepEqual([from.attribution.owner, from.attribution.row, from.attribution.service, from.attribution.model], ['customer', 'guest-os-patching', 'container-image', 'infrastructure']);
      const env = analysis.settings.find((s) => s.path === 'ENV.DB_PASSWORD')!;
      assert.equal(slice(text, env.key), 'DB_PASSWORD');
      assert.equal(analysis.settings.find((s) => s.path === 'ENV.AWS_ACCESS_KEY_ID')!.attribution.row, 'account-compromise');
      assert.equal(analysis.settings.find((s) => s.path === 'EXPOSE')!.attribution.row, 'network-security');
      assert.equal(analysis.settings.find((s) => s.path === 'ARG' && s.resource === 'global')!.resourceType, 'Dockerfile::ARG');
      const unknown = analysis.settings.find((s) => s.path === 'FROBNICATE')!;
      assert.equal(unknown.attribution.confidence, 'fallback');
      assert.deepEqual(analysis.errors, []);
    });
  });

  it('the safe twin leaves every line alone', () => {
    const { analysis } = analyzeFixture('test/fixtures/docker/safe.Dockerfile');
    assert.deepEqual(found(analysis), []);
    assert.ok(analysis.settings.length > 10);
  });

  it('AWS Lambda base images are shared and need no USER', () => {
    const { text, analysis } = analyzeFixture('test/fixtures/docker/lambda.Dockerfile');
    assert.deepEqual(found(analysis), []);
    const from = analysis.settings.find((s) => s.path === 'FROM')!;
    assert.deepEqual([from.attribution.owner, from.attribution.service, from.attribution.model], ['shared', 'lambda', 'container']);
    assert.equal(slice(text, from.span), 'FROM public.ecr.aws/lambda/python:3.12');
    assert.equal(analyze('FROM amazon/aws-lambda-nodejs:20\n', 'Dockerfile').settings[0].attribution.owner, 'shared');
  });

  it('USER is inherited through FROM <stage>; numeric 0 is root; a variable is not judged', () => {
    const inherited = analyze('FROM alpine:3.20 AS base\nUSER app\nFROM base\nCMD ["x"]\n', 'Dockerfile');
    assert.deepEqual(found(inherited), []);
    const zero = analyze('FROM alpine:3.20\nUSER 0:0\n', 'Dockerfile');
    assert.deepEqual(found(zero), ['docker-runs-as-root']);
    const missing = analyze('FROM alpine:3.20\nRUN true\n', 'Dockerfile');
    assert.equal(missing.findings[0].message.includes('The final stage (stage 1) has no USER instruction'), true);
    assert.deepEqual(found(analyze('FROM alpine:3.20\nUSER ${APP_USER}\n', 'Dockerfile')), []);
  });

  it('pinning: a digest is safe, :latest and no tag are not, variables and scratch are not judged', () => {
    assert.deepEqual(found(analyze('FROM alpine@sha256:abcd\nUSER 1\n', 'Dockerfile')), []);
    assert.deepEqual(found(analyze('FROM alpine:latest@sha256:abcd\nUSER 1\n', 'Dockerfile')), []);
    assert.deepEqual(found(analyze('ARG BASE=alpine\nFROM ${BASE}\nUSER 1\n', 'Dockerfile')), []);
    assert.deepEqual(found(analyze('FROM scratch\nUSER 1\n', 'Dockerfile')), []);
    assert.deepEqual(found(analyze('FROM registry:5000/team/app\nUSER 1\n', 'Dockerfile')), ['docker-unpinned-base-image']);
  });

  it('EXPOSE ranges that include 22 count; ADD --checksum and local ADD are fine', () => {
    assert.deepEqual(found(analyze('FROM a:1\nEXPOSE 20-25/tcp\nUSER 1\n', 'Dockerfile')), ['docker-ssh-exposed']);
    assert.deepEqual(found(analyze('FROM a:1\nEXPOSE 2222\nUSER 1\n', 'Dockerfile')), []);
    assert.deepEqual(found(analyze('FROM a:1\nADD rootfs.tar.gz /\nUSER 1\n', 'Dockerfile')), []);
  });

  it('CRLF, continuation lines and non-ASCII text keep exact UTF-16 offsets', () => {
    const text = '# Ünïcødé 🚀 comment\r\nFROM alpine:3.20\r\nENV A=1 \\\r\n    SECRET_KEY=crlfFixtureSecret42\r\nUSER 1000\r\n';
    const analysis = analyze(text, 'Dockerfile');
    const secret = analysis.findings.find((f) => f.ruleId === 'literal-secret')!;
    assert.equal(slice(text, secret.span), 'SECRET_KEY=crlfFixtureSecret42');
    assert.equal(lineOf(text, secret.span.offset), 4);
    const from = analysis.settings.find((s) => s.path === 'FROM')!;
    assert.equal(slice(text, from.span), 'FROM alpine:3.20');
  });

  it('never crashes on odd input', () => {
    for (const text of ['', '\n\n', 'FROM', 'ENV', 'ARG =', 'USER', 'EXPOSE', 'ADD', '\\\n\\', 'FROM a AS', '\u0000'.repeat(3), 'RUN <<EOF\nx\nEOF\n']) {
      assert.doesNotThrow(() => analyze(text, 'Dockerfile'), JSON.stringify(text));
    }
  });
});
