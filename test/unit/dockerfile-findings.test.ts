/**
 * What a Dockerfile's findings say, case by case (src/core/formats/dockerfile/analyze.ts):
 * unpinned base images, the user the final stage runs as (through stages,
 * Lambda base images and ARG defaults), SSH ports, unverified remote ADDs
 * and literal secrets in ENV and ARG, each at its instruction.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { analyzeDockerfile, isDockerfileName } from '../../src/core/formats/dockerfile/analyze';
import { slice } from './helpers';

/** `rule-id severity resource [span]`, and the message, for each finding. */
function findings(text: string): { summary: string; message: string }[] {
  return analyze(text, 'Dockerfile').findings.map((finding) => ({ summary: `${finding.ruleId} ${finding.severity} ${finding.resource} [${slice(text, finding.span)}]`, message: finding.message }));
}

function assertFindings(text: string, expected: [summary: string, fragment: string][]): void {
  const found = findings(text);
  assert.deepEqual(
    found.map((finding) => finding.summary),
    expected.map(([summary]) => summary),
    text,
  );
  expected.forEach(([, fragment], index) => assert.ok(found[index].message.includes(fragment), `${found[index].message}\nshould say: ${fragment}`));
}

describe('Dockerfile findings, case by case', () => {
  it('a base image without a tag or with latest is unpinned; a tag, a digest, scratch, a variable or a stage is not', () => {
    assertFindings('FROM node\n', [
      ['docker-unpinned-base-image warning stage 1 [FROM node]', 'Stage 1 builds FROM node with no tag, which means :latest:'],
      ['docker-runs-as-root warning stage 1 [FROM node]', 'The final stage (stage 1) has no USER instruction and its base image node does not switch away from root'],
    ]);
    assertFindings('FROM node:latest\nUSER app\n', [['docker-unpinned-base-image warning stage 1 [FROM node:latest]', 'Stage 1 builds FROM node:latest, a floating tag:']]);
    assertFindings('FROM node AS build\nUSER app\n', [['docker-unpinned-base-image warning build [FROM node AS build]', 'Stage build builds FROM node with no tag']]);
    assertFindings(`FROM node@sha256:${'a'.repeat(64)}\nUSER 1000\n`, []);
    assertFindings('FROM node:20 AS build\nUSER app\nFROM build\n', []);
    assertFindings('ARG IMG=node\nFROM ${IMG}\nUSER app\n', []);
  });

  it('the final stage runs as root when its last USER, or its stages’ last, is root or 0', () => {
    assertFindings('FROM node:20 AS build\nFROM build\nUSER root\n', [['docker-runs-as-root warning stage 2 [USER root]', 'The final stage (stage 2) switches to USER root, so']]);
    assertFindings('FROM node:20\nUSER 0:0\n', [['docker-runs-as-root warning stage 1 [USER 0:0]', 'switches to USER 0:0, so']]);
    assertFindings('FROM node:20\nFROM python:3.12 AS app\nUSER root:root\n', [['docker-runs-as-root warning app [USER root:root]', 'The final stage app switches to USER root:root, so']]);
    assertFindings('FROM node:20 AS base\nUSER root\nFROM base\nUSER app\n', []);
  });

  it('without a USER: Lambda base images are fine, known images are judged, ARG defaults are applied, unknown images are information', () => {
    assertFindings('FROM public.ecr.aws/lambda/nodejs:20\n', []);
    assertFindings('FROM amazon/aws-lambda-python:3.12\n', []);
    assertFindings('FROM public.ecr.aws/lambda/nodejs:20 AS base\nFROM base\n', []);
    assertFindings('FROM gcr.io/distroless/nodejs20-debian12:nonroot\n', []);
    assertFindings('FROM scratch\n', [['docker-runs-as-root warning stage 1 [FROM scratch]', 'its base image scratch does not switch away from root']]);
    assertFindings('ARG TAG=20\nFROM node:${TAG}\n', [['docker-runs-as-root warning stage 1 [FROM node:${TAG}]', 'its base image node:20 (node:${TAG} with its ARG defaults) does not switch away from root']]);
    assertFindings('ARG IMG=node\nFROM ${IMG}\n', [['docker-runs-as-root warning stage 1 [FROM ${IMG}]', 'its base image node (${IMG} with its ARG defaults)']]);
    assertFindings('FROM public.ecr.aws/other/x:1\n', [['docker-runs-as-root info stage 1 [FROM public.ecr.aws/other/x:1]', 'cannot tell whether the container runs as root: its base image public.ecr.aws/other/x:1']]);
    assertFindings('ARG TAG\nFROM node:${TAG}\n', [['docker-runs-as-root info stage 1 [FROM node:${TAG}]', 'node:${TAG} (set by a build argument)']]);
    assertFindings('FROM node:${TAG}\nARG TAG=99\n', [['docker-runs-as-root info stage 1 [FROM node:${TAG}]', 'node:${TAG} (set by a build argument)']], );
    assertFindings('FROM myregistry.example.com/lambda/base:1\n', [['docker-runs-as-root info stage 1 [FROM myregistry.example.com/lambda/base:1]', 'cannot tell whether the container runs as root']]);
    assertFindings('FROM myorg/amazon/aws-lambda-python:3.12\n', [['docker-runs-as-root info stage 1 [FROM myorg/amazon/aws-lambda-python:3.12]', 'cannot tell whether the container runs as root']]);
    const [root] = analyze('FROM node:20\nUSER root\n', 'Dockerfile').findings;
    assert.equal(root.resourceType, 'Dockerfile::USER');
    const [base] = analyze('FROM node:20\n', 'Dockerfile').findings;
    assert.equal(base.resourceType, 'Dockerfile::FROM');
  });

  it('port 22 exposed alone, with a protocol or in a range; other ports are not SSH', () => {
    for (const ports of ['22', '22/tcp', '20-25']) {
      assertFindings(`FROM node:20\nEXPOSE ${ports}\nUSER app\n`, [[`docker-ssh-exposed warning stage 1 [EXPOSE ${ports}]`, 'Stage 1 exposes port 22 (SSH)']]);
    }
    assertFindings('FROM node:20\nEXPOSE 2222 8022 23-30 1-21 x22 22x\nUSER app\n', []);
  });

  it('a remote ADD without --checksum, quoted without credentials or query, and shortened', () => {
    assertFindings('FROM node:20\nADD https://user:pw@example.com/a.tgz?token=abc /x\nUSER app\n', [
      ['docker-add-remote-url warning stage 1 [ADD https://user:pw@example.com/a.tgz?token=abc /x]', 'Stage 1 downloads https://example.com/a.tgz?… with ADD'],
    ]);
    const long = `ftp://example.com/${'b'.repeat(90)}`;
    assertFindings(`FROM node:20\nADD ${long} /x\nUSER app\n`, [[`docker-add-remote-url warning stage 1 [ADD ${long} /x]`, `downloads ${long.slice(0, 77)}… with ADD`]]);
    assertFindings('FROM node:20\nADD --checksum=sha256:abc https://example.com/a.tgz /x\nUSER app\n', []);
    assertFindings('FROM node:20\nADD ./local https://example.com/dest\nUSER app\n', []);
    assertFindings('FROM node:20\nADD a.txt http://example.com/b.tgz /dest/\nUSER app\n', [['docker-add-remote-url warning stage 1 [ADD a.txt http://example.com/b.tgz /dest/]', 'downloads http://example.com/b.tgz with ADD']]);
    assertFindings('FROM node:20\nADD --chown=app https://example.com/a.tgz /x\nUSER app\n', [['docker-add-remote-url warning stage 1 [ADD --chown=app https://example.com/a.tgz /x]', 'downloads https://example.com/a.tgz with ADD']]);
    assertFindings('FROM node:20\nADD ./mirror/http://example.com/a /x\nUSER app\n', []);
    const exactly80 = `https://example.com/${'c'.repeat(80 - 'https://example.com/'.length)}`;
    assertFindings(`FROM node:20\nADD ${exactly80} /x\nUSER app\n`, [[`docker-add-remote-url warning stage 1 [ADD ${exactly80} /x]`, `downloads ${exactly80} with ADD`]]);
  });

  it('literal secrets in ENV and ARG, before or in a stage; never in LABEL or an ARG without a value', () => {
    assertFindings('ENV DB_PASSWORD=Tr0ub4dor-and-3\nFROM node:20\nARG API_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\nLABEL password=Tr0ub4dor-and-3\nARG NOTHING\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nUSER app\n', [
      ['literal-secret error global [DB_PASSWORD=Tr0ub4dor-and-3]', 'The global scope puts a literal secret into ENV DB_PASSWORD (********);'],
      ['literal-secret error stage 1 [API_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345]', 'Stage 1 puts a literal secret into ARG API_TOKEN (********);'],
      ['literal-secret warning stage 1 [AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE]', 'ENV AWS_ACCESS_KEY_ID (AKIA************); '],
    ]);
  });

  it('settings: each instruction, and each ENV, ARG and LABEL variable, with its row; only AWS keys are AWS credentials', () => {
    const text = 'ARG BASE=node:20\nFROM node:20 AS build\nENV PORT=80 API_KEY=sk_live_0123456789abcdefABCDEF AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY DATABASE_URL=postgres://app:Tr0ub4dor-and-3@db/x DB_CONN="Server=db;Password=Tr0ub4dor-and-3"\nLABEL team=a\nUSER app\nEXPOSE 80\nRUN make\nCOPY . /app\nADD https://example.com/a.tgz /x\nHEALTHCHECK CMD true\nENV\n';
    const analysis = analyze(text, 'Dockerfile');
    assert.deepEqual(
      analysis.settings.map((setting) => `${setting.resource} ${setting.path} ${slice(text, setting.key)} ${setting.leaf} ${setting.attribution.row}`),
      [
        'global ARG ARG false custom-applications',
        'global ARG.BASE BASE true custom-applications',
        'build FROM FROM true guest-os-patching',
        'build ENV ENV false custom-applications',
        'build ENV.PORT PORT true custom-applications',
        'build ENV.API_KEY API_KEY true custom-applications',
        'build ENV.AWS_ACCESS_KEY_ID AWS_ACCESS_KEY_ID true account-compromise',
        'build ENV.AWS_SECRET_ACCESS_KEY AWS_SECRET_ACCESS_KEY true account-compromise',
        'build ENV.DATABASE_URL DATABASE_URL true customer-data',
        'build ENV.DB_CONN DB_CONN true customer-data',
        'build LABEL LABEL false compliant-use',
        'build LABEL.team team true compliant-use',
        'build USER USER true custom-applications',
        'build EXPOSE EXPOSE true network-security',
        'build RUN RUN true guest-os-patching',
        'build COPY COPY true custom-applications',
        'build ADD ADD true custom-applications',
        'build HEALTHCHECK HEALTHCHECK true custom-applications',
        'build ENV ENV true custom-applications',
      ],
    );
    assert.deepEqual([analysis.settings[0].resourceType, analysis.settings[2].resourceType], ['Dockerfile::ARG', 'Dockerfile::FROM']);
  });

  it('file names: Dockerfile and Containerfile with a suffix, or a .dockerfile extension in any case', () => {
    assert.deepEqual(
      ['Dockerfile', 'Dockerfile.prod', 'dir\\Containerfile', 'api.Dockerfile', 'x.CONTAINERFILE', 'dockerfile', 'Dockerfile-old', 'Dockerfile.', 'api.dockerfile.bak'].map(isDockerfileName),
      [true, true, true, true, true, false, false, false, false],
    );
  });
});

describe('Dockerfile stages and values, read directly', () => {
  const messages = (text: string): string[] => analyzeDockerfile(text).findings.map((finding) => `${finding.ruleId}: ${finding.message}`);

  it('of two stages with one name, a later FROM builds on the first', () => {
    assert.deepEqual(messages('FROM node:20 AS build\nUSER app\nFROM node:20 AS build\nFROM build\n'), [], 'the first stage’s USER app is inherited');
  });

  it('an ENV before the first FROM is no build argument for it', () => {
    assert.deepEqual(messages('ENV TAG=20\nFROM node:${TAG}\n').map((message) => message.split('. ')[0]), [
      'docker-runs-as-root: The final stage (stage 1) has no USER instruction, and Responsibility Lens cannot tell whether the container runs as root: its base image node:${TAG} (set by a build argument) is not known to set a user',
    ]);
  });

  it('a FROM without an image is named as the image of its stage', () => {
    assert.deepEqual(messages('FROM\n').map((message) => message.split('. ')[0]), [
      'docker-runs-as-root: The final stage (stage 1) has no USER instruction, and Responsibility Lens cannot tell whether the container runs as root: its base image of this stage is not known to set a user',
    ]);
  });

  it('a credential inside a longer ENV value is masked as the credential', () => {
    const found = messages('FROM node:20\nUSER node\nENV AWS_ACCESS_KEY_ID="id AKIAI44QLNUHJYGX2XBQ"\n');
    assert.equal(found.length, 1);
    assert.match(found[0], /^literal-secret: .* ENV AWS_ACCESS_KEY_ID \(AKIA\*{12}\);/);
  });

  it('COPY is content, attributed as a local ADD is', () => {
    const settings = analyzeDockerfile('FROM node:20\nCOPY app /app\nADD lib /lib\n').settings;
    const copy = settings.find((setting) => setting.path === 'COPY')!;
    const add = settings.find((setting) => setting.path === 'ADD')!;
    assert.deepEqual(copy.attribution, add.attribution);
    assert.match(copy.attribution.rationale, /^COPY and ADD put your application's code/);
  });
});
