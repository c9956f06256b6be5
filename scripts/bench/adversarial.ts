/**
 * Adversarial inputs, one row per shape a hostile file or config can take:
 * long runs of spaces, repeated stages and blocks, deep nesting, long comment
 * runs, many rules, long lines; for every format, the organisation config and
 * `.gitignore`. Each row makes an input of about N characters, and a benign
 * input of the same format and size to compare it with.
 *
 * Shared by `npm run bench` (absolute times against the targets: 100 kB
 * under 1 s, linear from 10 kB to 1 MB) and the unit test
 * test/unit/robustness-adversarial.test.ts (the same growth as ratios
 * measured side by side, no wall-clock bound).
 */
import { analyze } from '../../src/core';
import { applyConfig, parseConfig } from '../../src/core/engine/config';
import { isIgnored, readGitignore } from '../../src/core/engine/ignore';
import { cloudFormationJson, cloudFormationYaml, dockerfile, dotenv, kubernetes, Random, terraform } from './generate';

export interface AdversarialShape {
  /** Format and shape, e.g. "Terraform JSON: ${ and a run of spaces". */
  name: string;
  /** An adversarial input of at least `chars` characters (a little more is fine). */
  make(chars: number): string;
  /** A realistic input of the same format, of at least `chars` characters. */
  benign(chars: number): string;
  /** Does the work on a text: analyze() under the row's file name unless given. */
  run(text: string): unknown;
  /** Sizes the unit test compares (small, 10× small); Terraform's parser is slow, so its rows use less. */
  testSizes?: [number, number];
}

/** Repeats `unit` (with `head` and `tail` once) until the text has at least `chars` characters. */
function repeat(chars: number, unit: string, head = '', tail = ''): string {
  const count = Math.max(1, Math.ceil((chars - head.length - tail.length) / unit.length));
  return head + unit.repeat(count) + tail;
}

/** A run of `char` that makes the text at least `chars` long. */
function run(chars: number, head: string, char: string, tail: string): string {
  return head + char.repeat(Math.max(1, chars - head.length - tail.length)) + tail;
}

/** Calls `make` with more and more lines until the text is long enough. */
function grow(chars: number, make: (lines: number) => string): string {
  let lines = Math.max(10, Math.ceil(chars / 30));
  for (;;) {
    const text = make(lines);
    if (text.length >= chars) return text;
    lines *= 2;
  }
}

function pieces(chars: number, seed: number, make: (random: Random, index: number) => string, separator = ''): string {
  const random = new Random(seed);
  const parts: string[] = [];
  let total = 0;
  for (let index = 0; total < chars; index++) {
    const part = make(random, index);
    parts.push(part);
    total += part.length + separator.length;
  }
  return parts.join(separator);
}

const analyzed = (fileName: string) => (text: string) => analyze(text, fileName);

const CFN_HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';
const cfnYaml = (chars: number) => grow(chars, (lines) => cloudFormationYaml(lines, 42));
const cfnJson = (chars: number) => grow(chars, (lines) => cloudFormationJson(lines, 42));
const tf = (chars: number) => grow(chars, (lines) => terraform(lines, 42));
const k8s = (chars: number) => pieces(chars, 42, (random, index) => kubernetes(random, `app-${index}`), '---\n');
const docker = (chars: number) => pieces(chars, 42, (random) => dockerfile(random));
const env = (chars: number) => pieces(chars, 42, (random) => dotenv(random));
const properties = (chars: number) =>
  pieces(chars, 42, (random, index) => `server.port=${random.int(3000, 9000)}\nspring.datasource.url=jdbc:mysql://db:3306/app${index}\nlogging.level.root=${random.pick(['INFO', 'DEBUG'])}\nmanagement.endpoints.web.exposure.include=health,info\n`);
const serverlessFunctions = (chars: number) =>
  repeat(chars, '  fn:\n    handler: src/fn.handler\n    memorySize: 256\n    environment:\n      LOG_LEVEL: info\n    events:\n      - httpApi:\n          path: /fn\n', 'service: bench\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n');

/** A config of about `chars` characters: up to 1,000 ordinary overrides (the cap), each with a rationale. */
const benignConfig = (chars: number) => {
  const count = Math.max(1, Math.min(1_000, Math.floor(chars / 200)));
  const rationale = 'r'.repeat(Math.max(1, Math.ceil(chars / count) - 110));
  return `team: platform\noverrides:\n${`  - type: AWS::S3::Bucket\n    property: Properties.BucketEncryption.**\n    owner: customer\n    rationale: ${rationale}\n`.repeat(count)}`;
};
const TEMPLATE_FOR_CONFIG = analyze(cloudFormationYaml(2_000, 42), 'template.yaml');
/** Parses a config and applies it to a fixed template. */
const appliedConfig = (text: string) => {
  const { config, errors } = parseConfig(text, '.responsibility-lens.yaml');
  return config ? applyConfig(TEMPLATE_FOR_CONFIG, config) : errors;
};
/** Globs with ten `*` each (a backtracking regex took minutes per setting), applied to a template. */
const STARRY_CONFIG = parseConfig(`overrides:\n${'  - type: "*a*a*a*a*a*a*a*a*a*a::*"\n    owner: aws\n'.repeat(10)}`, '.responsibility-lens.yaml').config!;
const withStarryConfig = (text: string) => applyConfig(analyze(text, 'template.yaml'), STARRY_CONFIG);

/** A `.gitignore` read and asked about a few hundred paths. */
const PATHS = Array.from({ length: 100 }, (_, index) => `services/app${index % 17}/infra/deep/er/template-${index}.yaml`);
const ignored = (text: string) => {
  const { rules } = readGitignore(text);
  return PATHS.filter((file) => isIgnored(file, rules)).length;
};
const benignGitignore = (chars: number) => repeat(chars, 'node_modules/\n*.log\n/dist\nbuild/**/*.tmp\n!keep.log\n# comment\n');

const TF_SIZES: [number, number] = [20_000, 200_000];

export const ADVERSARIAL: AdversarialShape[] = [
  // CloudFormation YAML
  { name: 'CloudFormation YAML: a value of spaces', make: (n) => run(n, `${CFN_HEAD}  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: "`, ' ', '"\n'), benign: cfnYaml, run: analyzed('template.yaml') },
  {
    name: 'CloudFormation YAML: many ingress rules',
    make: (n) => repeat(n, '        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0\n', `${CFN_HEAD}  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      SecurityGroupIngress:\n`),
    benign: cfnYaml,
    run: analyzed('template.yaml'),
  },
  { name: 'CloudFormation YAML: a run of suppression comments', make: (n) => repeat(n, '# responsibility-lens:ignore s3-bucket-public-read -- reviewed\n', CFN_HEAD, '  B:\n    Type: AWS::S3::Bucket\n'), benign: cfnYaml, run: analyzed('template.yaml') },
  {
    name: 'CloudFormation YAML: nesting 150 deep, repeated',
    make: (n) => CFN_HEAD + pieces(n, 1, (_random, index) => `  R${index}:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: ${'['.repeat(150)}${']'.repeat(150)}\n`),
    benign: cfnYaml,
    run: analyzed('template.yaml'),
  },
  { name: 'CloudFormation YAML: one long line', make: (n) => run(n, `${CFN_HEAD}  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: `, 'a', '\n'), benign: cfnYaml, run: analyzed('template.yaml') },
  // CloudFormation JSON
  {
    name: 'CloudFormation JSON: many ingress rules',
    make: (n) => `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"G":{"Type":"AWS::EC2::SecurityGroup","Properties":{"GroupDescription":"g","SecurityGroupIngress":[${Array(Math.ceil(n / 70)).fill('{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"CidrIp":"0.0.0.0/0"}').join(',')}]}}}}`,
    benign: cfnJson,
    run: analyzed('template.json'),
  },
  { name: 'CloudFormation JSON: a value of spaces', make: (n) => run(n, '{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":"', ' ', '"}}}}'), benign: cfnJson, run: analyzed('template.json') },
  // Terraform
  {
    name: 'Terraform: many repeated ingress blocks',
    make: (n) => repeat(n, '  ingress {\n    protocol    = "tcp"\n    from_port   = 22\n    to_port     = 22\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n', 'resource "aws_security_group" "g" {\n', '}\n'),
    benign: tf,
    run: analyzed('main.tf'),
    testSizes: TF_SIZES,
  },
  { name: 'Terraform: a string of ${ and spaces', make: (n) => run(n, 'resource "aws_s3_bucket" "b" {\n  bucket = "${', ' ', '"\n}\n'), benign: tf, run: analyzed('main.tf'), testSizes: TF_SIZES },
  { name: 'Terraform: a run of suppression comments', make: (n) => repeat(n, '# responsibility-lens:ignore s3-bucket-public-read -- reviewed\n', '', 'resource "aws_s3_bucket" "b" {\n}\n'), benign: tf, run: analyzed('main.tf'), testSizes: TF_SIZES },
  { name: 'Terraform: nested blocks, repeated', make: (n) => repeat(n, `resource "aws_s3_bucket" "b" {\n${'a {\n'.repeat(50)}${'}\n'.repeat(50)}}\n`), benign: tf, run: analyzed('main.tf'), testSizes: TF_SIZES },
  { name: 'Terraform JSON: ${ and a run of spaces', make: (n) => run(n, '{"resource":{"aws_s3_bucket":{"b":{"bucket":"${', ' ', '"}}}}'), benign: (n) => repeat(n, '{"resource":{"aws_s3_bucket":{"b":{"bucket":"logs","acl":"private"}}}}\n').replace(/\n(?=.)/g, ''), run: analyzed('main.tf.json') },
  // Kubernetes, Serverless
  { name: 'Kubernetes: many containers', make: (n) => repeat(n, '        - name: c\n          image: nginx\n          securityContext:\n            privileged: true\n', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n'), benign: k8s, run: analyzed('pod.yaml') },
  { name: 'Kubernetes: a value of spaces', make: (n) => run(n, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "', ' ', '"\n'), benign: k8s, run: analyzed('configmap.yaml') },
  { name: 'Serverless: many functions', make: serverlessFunctions, benign: serverlessFunctions, run: analyzed('serverless.yml') },
  { name: 'Serverless: a value of spaces', make: (n) => run(n, 'service: s\nprovider:\n  name: aws\n  environment:\n    API_KEY: "', ' ', '"\n'), benign: serverlessFunctions, run: analyzed('serverless.yml') },
  // Dockerfile (its limit is 1 MB)
  { name: 'Dockerfile: many stages', make: (n) => pieces(n, 1, (_random, index) => `FROM img AS s${index}\n`), benign: docker, run: analyzed('Dockerfile'), testSizes: [20_000, 200_000] },
  { name: 'Dockerfile: a RUN line of spaces', make: (n) => run(n, 'FROM alpine:3.20\nRUN echo', ' ', 'x\n'), benign: docker, run: analyzed('Dockerfile') },
  { name: 'Dockerfile: a run of comments', make: (n) => repeat(n, '# responsibility-lens:ignore docker-root-user -- reviewed\n', 'FROM alpine:3.20\n'), benign: docker, run: analyzed('Dockerfile') },
  {
    name: 'Dockerfile: ADD with a long query string',
    make: (n) => run(n, 'FROM alpine:3.20\nADD https://example.com/a.tgz?token=', 'a', ' /a\n'),
    benign: docker,
    run: analyzed('Dockerfile'),
    // dockerfile-ast builds an argument one character at a time: the cost steps up once that string outgrows
    // the young generation (near 100 kB) and is linear on either side, up to the 1 MB Dockerfile limit. The test
    // measures above the step (90 kB → 900 kB straddled it and read 40–45× on a loaded machine); the bench shows the step.
    testSizes: [120_000, 960_000],
  },
  // .env and app config
  { name: '.env: a value of spaces', make: (n) => run(n, 'API_KEY="', ' ', 'x"\n'), benign: env, run: analyzed('.env') },
  { name: '.env: many variables', make: (n) => repeat(n, 'DATABASE_URL=postgres://u:p@db/x?sslmode=disable\n'), benign: env, run: analyzed('.env') },
  { name: 'app config: allowed-origins of spaces', make: (n) => run(n, 'spring:\n  web:\n    cors:\n      allowed-origins: "', ' ', '"\n'), benign: (n) => repeat(n, 'spring:\n  datasource:\n    url: jdbc:mysql://db/app\n'.replace(/^/, '') + 'server:\n  port: 8080\n'), run: analyzed('application.yml') },
  { name: 'app config: properties with a value of spaces', make: (n) => run(n, 'management.endpoints.web.exposure.include=', ' ', ',*\n'), benign: properties, run: analyzed('application.properties') },
  { name: 'app config: many properties', make: (n) => repeat(n, 'spring.datasource.password=hunter2hunter2\n'), benign: properties, run: analyzed('application.properties') },
  // Organisation config (capped at 1 MB and 1,000 overrides)
  {
    name: 'config: type globs with many * on long type names',
    make: (n) => pieces(n, 1, (_random, index) => `  R${index}:\n    Type: ${'a'.repeat(60)}\n    Properties:\n      A: 1\n`).replace(/^/, CFN_HEAD),
    benign: cfnYaml,
    run: withStarryConfig,
  },
  { name: 'config: a value of spaces', make: (n) => run(n, 'team: "', ' ', 'x"\n'), benign: benignConfig, run: appliedConfig },
  { name: 'config: many overrides', make: (n) => benignConfig(n), benign: benignConfig, run: appliedConfig },
  // .gitignore (capped at 1 MB and 5,000 rules)
  { name: '.gitignore: a line of spaces', make: (n) => run(n, 'a', ' ', 'x\n'), benign: benignGitignore, run: ignored },
  { name: '.gitignore: many rules', make: (n) => repeat(n, '**/*a*a*a*a*a*b\n'), benign: benignGitignore, run: ignored },
];

/** CPU time (user + system) of `work`, in ms: unlike wall time, it does not grow while the process waits for a CPU. */
export function cpuTime(work: () => unknown): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
