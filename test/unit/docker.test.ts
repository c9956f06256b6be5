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

  describe('the user of the base image (knowledge/base-images.json)', () => {
    const rootFindings = (text: string) => analyze(text, 'Dockerfile').findings.filter((finding) => finding.ruleId === 'docker-runs-as-root');

    it('images published to run as a non-root user need no USER of their own', () => {
      for (const image of [
        'prom/prometheus:v2.53.0',
        'quay.io/prometheus/node-exporter:v1.8.1',
        'grafana/grafana:11.1.0',
        'nginxinc/nginx-unprivileged:1.27-alpine',
        'gcr.io/distroless/static-debian12:nonroot',
        'gcr.io/distroless/java21-debian12:debug-nonroot',
        'cgr.dev/chainguard/python:latest',
        'amazon/dynamodb-local:2.5.2',
      ]) {
        assert.deepEqual(rootFindings(`FROM ${image}\nCOPY app /app\n`), [], image);
      }
    });

    it('images known to run as root stay a warning that names the base image and cites its source', () => {
      const text = 'FROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM node:22-alpine\nCOPY --from=build /app /app\n';
      const [finding] = rootFindings(text);
      assert.equal(finding.severity, 'warning');
      assert.equal(slice(text, finding.span), 'FROM node:22-alpine');
      assert.match(finding.message, /^Add a non-root USER to the final stage\. The final stage \(stage 2\) has no USER instruction and its base image node:22-alpine does not switch away from root, so the container runs as root[:.]/);
      assert.ok(finding.sources.some((source) => source.url.startsWith('https://github.com/nodejs/docker-node/')));
      for (const image of ['ubuntu:22.04', 'python:3.12-slim', 'scratch', 'gcr.io/distroless/static-debian12', 'gcr.io/distroless/base-debian12:debug', 'lambci/lambda:build-python3.7', 'amazon/aws-cli:2.15.0']) {
        assert.deepEqual(rootFindings(`FROM ${image}\n`).map((hit) => hit.severity), ['warning'], image);
      }
    });

    it('mirrors of the Docker Official Images are the same images', () => {
      for (const image of ['docker.io/library/node:20', 'library/node:20', 'public.ecr.aws/docker/library/python:3.9-slim', 'arm64v8/node:20', 'amd64/node:18.17-alpine', 'index.docker.io/library/alpine:3.20']) {
        assert.deepEqual(rootFindings(`FROM ${image}\n`).map((hit) => hit.severity), ['warning'], image);
      }
    });

    it('an image the knowledge does not know is information that says why, not a warning', () => {
      const [finding] = rootFindings('FROM acme/base-image:1.4\nCOPY app /app\n');
      assert.equal(finding.severity, 'info');
      assert.equal(
        finding.message.split('. ')[0],
        'The final stage (stage 1) has no USER instruction, and Responsibility Lens cannot tell whether the container runs as root: its base image acme/base-image:1.4 is not known to set a user',
      );
      assert.match(rootFindings('ARG BASE\nFROM ${BASE}\n')[0].message, /its base image \$\{BASE\} \(set by a build argument\) is not known/);
      // A digest alone does not say which variant: distroless's nonroot and root tags differ only in their tag.
      assert.equal(rootFindings('FROM gcr.io/distroless/static-debian12@sha256:0000\n')[0].severity, 'info');
      assert.equal(rootFindings('FROM cgr.dev/chainguard/python:latest-dev\n')[0].severity, 'info');
    });

    it('a build argument with a default is that default (ARGs before the first FROM)', () => {
      assert.deepEqual(rootFindings('ARG ARCH="amd64"\nFROM gcr.io/distroless/static-debian12:nonroot-${ARCH}\nCOPY app /app\n'), []);
      const [root] = rootFindings('ARG BASE=node:20\nFROM $BASE\n');
      assert.equal(root.severity, 'warning');
      assert.match(root.message, /its base image node:20 \(\$BASE with its ARG defaults\) does not switch away from root/);
      // An ARG declared after the first FROM is not in scope for a later FROM.
      assert.equal(rootFindings('FROM alpine:3.20\nARG X=node:20\nFROM ${X}\n')[0].severity, 'info');
    });

    it('a final stage built on an earlier stage inherits its base image and its USER', () => {
      assert.deepEqual(rootFindings('FROM prom/prometheus:v2.53.0 AS base\nRUN true\nFROM base\nCOPY x /x\n'), []);
      assert.deepEqual(rootFindings('FROM node:20 AS builder\nUSER node\nFROM builder AS runtime\nCOPY . .\n'), []);
      const text = 'FROM python:3.12-slim AS base\nFROM base AS final\nCOPY . .\n';
      const [finding] = rootFindings(text);
      assert.equal(finding.severity, 'warning');
      assert.equal(slice(text, finding.span), 'FROM base AS final');
      assert.match(finding.message, /its base image python:3\.12-slim does not switch away from root/);
    });

    it('an explicit USER root or 0 in the final stage stays a warning, whatever the base', () => {
      for (const text of ['FROM prom/prometheus:v2.53.0\nUSER root\n', 'FROM grafana/grafana:11.1.0\nUSER 0\nRUN apk add curl\n', 'FROM gcr.io/distroless/static-debian12:nonroot\nUSER 0:0\n']) {
        const [finding] = rootFindings(text);
        assert.equal(finding?.severity, 'warning', text);
        assert.match(finding.message, /switches to USER (root|0)/);
      }
      // A later non-root USER in the final stage wins over an earlier root one.
      assert.deepEqual(rootFindings('FROM grafana/grafana:11.1.0\nUSER root\nRUN apk add curl\nUSER 472\n'), []);
    });
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
