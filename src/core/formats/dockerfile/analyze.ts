/**
 * Dockerfiles and Containerfiles, parsed with dockerfile-ast (tolerant: an
 * unknown instruction is just an instruction). Each instruction is a
 * setting of its build stage; ENV, ARG and LABEL also give one setting per
 * variable. dockerfile-ast speaks LSP line/character ranges; they become
 * UTF-16 offsets in `span()` and nowhere else.
 */
import { DockerfileParser, type Instruction, type From, type Property } from 'dockerfile-ast';
import type { Analysis, Finding, Setting, Span } from '../../types';
import { LineIndex } from '../../parse/lines';
import { byKey, bySpan, EXAMPLE_KEY_NOTE, makeFinding, makeSetting, type WorkloadAttributionId } from '../../clouds/aws/workloads';
import { baseImageUser } from '../../clouds/aws/base-images';
import { findSecret, type SecretKind } from '../../engine/secrets';
import { maskSecret } from '../../engine/text';

/** `Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`, `Containerfile` (any case for the extension). */
export function isDockerfileName(fileName: string): boolean {
  const base = baseName(fileName);
  return /^(?:Dockerfile|Containerfile)(?:\.[^/\\]+)?$/.test(base) || /\.(?:dockerfile|containerfile)$/i.test(base);
}

function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

interface Stage {
  name: string;
  /** The FROM instruction's image reference as written. */
  image: string;
  from: From;
  /** Stage this one builds on (`FROM build`), if any. */
  parent: Stage | undefined;
  lambda: boolean;
  user: { value: string; instruction: Instruction } | undefined;
}

const RESOURCE_TYPE = (keyword: string) => `Dockerfile::${keyword}`;

export function analyzeDockerfile(text: string): Analysis {
  const lines = new LineIndex(text);
  const span = (range: LspRange | null | undefined): Span => {
    // Stryker disable next-line ConditionalExpression: dockerfile-ast types every range passed here (instructions, their keywords, properties and names) as non-null
    if (!range) return { offset: 0, length: 0 };
    const start = lines.offsetAt(range.start.line, range.start.character);
    return { offset: start, length: Math.max(0, lines.offsetAt(range.end.line, range.end.character) - start) };
  };
  const dockerfile = DockerfileParser.parse(text);
  const settings: Setting[] = [];
  const findings: Finding[] = [];
  const stages: Stage[] = [];
  // Stages by name, so a FROM finds the stage it builds on in one lookup (searching the list per stage was quadratic).
  const stagesByName = new Map<string, Stage>();
  /** Defaults of the ARGs before the first FROM: the only ones a FROM line can use. */
  const globalArgs = new Map<string, string>();
  let current: Stage | undefined;

  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      current = newStage(instruction as From, stages.length, stagesByName);
      stages.push(current);
    }
    const resource = current?.name ?? 'global';
    const base = { resource, resourceType: RESOURCE_TYPE(keyword) };
    const instructionSpan = span(instruction.getRange());
    const keySpan = span(instruction.getInstructionRange());
    const addInstruction = (id: WorkloadAttributionId, leaf = true) =>
      settings.push(makeSetting({ key: keySpan, span: instructionSpan, path: keyword, leaf, ...base }, id));

    switch (keyword) {
      case 'FROM': {
        const stage = current!;
        addInstruction(stage.lambda ? 'docker-from-lambda' : 'docker-from');
        const unpinned = unpinnedImage(stage, stagesByName);
        if (!stagesByName.has(stage.name)) stagesByName.set(stage.name, stage);
        if (unpinned) {
          findings.push(
            // Stryker disable next-line StringLiteral: this rule has no wording or page by file kind in findings.json
            makeFinding({ kind: 'dockerfile', check: 'docker-unpinned-image', span: instructionSpan, ...base, values: { resource: describeStage(stage), value: unpinned } }),
          );
        }
        break;
      }
      case 'ENV':
      case 'ARG':
      case 'LABEL': {
        const properties = (instruction as unknown as { getProperties(): Property[] }).getProperties();
        addInstruction(keyword === 'LABEL' ? 'docker-label' : 'docker-variable', properties.length === 0);
        for (const property of properties) {
          const name = property.getName();
          const value = property.getValue();
          if (keyword === 'ARG' && !current && value !== null) globalArgs.set(name, value);
          const propertySpan = span(property.getRange());
          const path = `${keyword}.${name}`;
          const hit = keyword === 'LABEL' || value === null ? undefined : findSecret(name, value);
          settings.push(makeSetting({ key: span(property.getNameRange()), span: propertySpan, path, leaf: true, ...base }, keyword === 'LABEL' ? 'docker-label' : hit ? secretAttribution(hit.kind) : 'docker-variable'));
          // Stryker disable next-line ConditionalExpression: hit is set only when value is not null (the line above)
          if (hit && value !== null) {
            findings.push(
              makeFinding({
                kind: 'dockerfile',
                check: 'literal-secret',
                span: propertySpan,
                ...base,
                values: { resource: describeStage(current), path: `${keyword} ${name}`, value: maskSecret(value.slice(hit.start, hit.start + hit.length)) },
                severity: hit.example ? 'warning' : undefined,
                note: hit.example ? EXAMPLE_KEY_NOTE : undefined,
              }),
            );
          }
        }
        break;
      }
      case 'USER': {
        addInstruction('docker-user');
        if (current) current.user = { value: instruction.getArgumentsContent() ?? '', instruction };
        break;
      }
      case 'EXPOSE': {
        addInstruction('docker-expose');
        const ssh = instruction.getArguments().find((argument) => exposesPort(argument.getValue(), 22));
        // Stryker disable next-line StringLiteral: this rule has no wording or page by file kind in findings.json
        if (ssh) findings.push(makeFinding({ kind: 'dockerfile', check: 'docker-ssh-port', span: instructionSpan, ...base, values: { resource: describeStage(current) } }));
        break;
      }
      case 'ADD': {
        const sources = instruction.getArguments().slice(0, -1);
        const remote = sources.find((argument) => /^(?:https?|ftp):\/\//i.test(argument.getValue()));
        addInstruction(remote ? 'docker-add-remote' : 'docker-content');
        const flags = (instruction as unknown as { getFlags(): { getName(): string }[] }).getFlags();
        if (remote && !flags.some((flag) => flag.getName() === 'checksum')) {
          findings.push(
            // Stryker disable next-line StringLiteral: this rule has no wording or page by file kind in findings.json
            makeFinding({ kind: 'dockerfile', check: 'docker-remote-add', span: instructionSpan, ...base, values: { resource: describeStage(current), value: shortUrl(remote.getValue()) } }),
          );
        }
        break;
      }
      case 'COPY':
        addInstruction('docker-content');
        break;
      case 'RUN':
        addInstruction('docker-run');
        break;
      default:
        addInstruction('docker-instruction');
    }
  }

  const root = rootUserFinding(stages, span, globalArgs);
  if (root) findings.push(root);
  return { kind: 'dockerfile', settings: byKey(settings), findings: bySpan(findings), errors: [], resources: [] };
}

/** Which attribution a recognised secret gets: only AWS keys are AWS credentials (a Stripe or GitHub token is the application's). */
function secretAttribution(kind: SecretKind): WorkloadAttributionId {
  if (kind === 'access-key-id' || kind === 'secret-access-key') return 'aws-credential';
  if (kind === 'url-password' || kind === 'connection-string-password') return 'database-credential';
  return 'app-secret';
}

function newStage(from: From, earlier: number, stagesByName: Map<string, Stage>): Stage {
  const image = from.getImage() ?? '';
  const imageName = from.getImageName();
  // Stryker disable next-line ConditionalExpression,LogicalOperator: Map.get(undefined or null) finds no stage, as stage names are strings
  const parent = imageName === undefined || imageName === null ? undefined : stagesByName.get(imageName);
  const name = from.getBuildStage() ?? `stage ${earlier + 1}`;
  return { name, image, from, parent, lambda: parent ? parent.lambda : isLambdaBaseImage(from), user: undefined };
}

/** "Stage build", "Stage 2" (unnamed), "The global scope" (before the first FROM). */
function describeStage(stage: Stage | undefined, final = false): string {
  if (!stage) return 'The global scope';
  const unnamed = stage.name.startsWith('stage ');
  if (final) return unnamed ? `The final stage (${stage.name})` : `The final stage ${stage.name}`;
  return unnamed ? `Stage ${stage.name.slice('stage '.length)}` : `Stage ${stage.name}`;
}

/** AWS base images for Lambda: public.ecr.aws/lambda/… and the amazon/aws-lambda-… mirrors on Docker Hub. */
function isLambdaBaseImage(from: From): boolean {
  const registry = from.getRegistry();
  // Stryker disable next-line StringLiteral: any text that does not start lambda/ or amazon/aws-lambda- answers as the empty name does
  const name = from.getImageName() ?? '';
  return (registry === 'public.ecr.aws' && name.startsWith('lambda/')) || (!registry && /^amazon\/aws-lambda-/.test(name));
}

/** Why a stage's base image is not pinned, or undefined when it is (or cannot be known). */
function unpinnedImage(stage: Stage, earlierStages: Map<string, Stage>): string | undefined {
  const from = stage.from;
  const image = stage.image;
  if (!image || image.includes('$') || stage.parent || image === 'scratch') return undefined;
  // Stryker disable next-line ConditionalExpression: a FROM naming an earlier stage already has it as parent (newStage looked it up by that name), which returned above
  if (earlierStages.has(image)) return undefined;
  if (from.getImageDigest()) return undefined;
  const tag = from.getImageTag();
  if (!tag) return `${image} with no tag, which means :latest`;
  if (tag === 'latest') return `${image}, a floating tag`;
  return undefined;
}

/** `${NAME}` and `$NAME` replaced by the default of a global ARG; references without one stay as written. */
function withArgDefaults(image: string, args: ReadonlyMap<string, string>): string {
  // Stryker disable next-line ConditionalExpression,StringLiteral: without a $ the replace below changes nothing
  if (!image.includes('$')) return image;
  return image.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced: string | undefined, bare: string | undefined) => args.get(braced ?? bare ?? '') ?? whole);
}

/** `22`, `22/tcp`, `20-25` all expose port 22. */
function exposesPort(argument: string, port: number): boolean {
  const match = /^(\d+)(?:-(\d+))?(?:\/\w+)?$/.exec(argument);
  if (!match) return false;
  const from = Number(match[1]);
  const to = match[2] ? Number(match[2]) : from;
  return from <= port && port <= to;
}

/** The URL to quote in a message: no user or password, no query string or fragment (`?token=…` is a credential). */
function shortUrl(url: string): string {
  const query = url.search(/[?#]/);
  // Stryker disable next-line EqualityOperator: a remote URL starts with its scheme, so ? or # is never at 0
  const clean = (query >= 0 ? `${url.slice(0, query)}?…` : url).replace(/\/\/[^/@\s]*@/, '//');
  return clean.length > 80 ? `${clean.slice(0, 77)}…` : clean;
}

/**
 * The container runs as the last USER of its final stage, inherited through
 * `FROM <stage>`. Without one it runs as its base image's user: none needed on
 * AWS Lambda base images (Lambda runs functions as its own least-privileged
 * user) or on images the knowledge says run as a non-root user; a warning on
 * images it says run as root; information when it does not know the image.
 */
function rootUserFinding(stages: Stage[], span: (range: LspRange | null | undefined) => Span, args: ReadonlyMap<string, string>): Finding | undefined {
  const final = stages[stages.length - 1];
  if (!final) return undefined;
  let user: Stage['user'];
  let lambda = false;
  let first = final;
  for (let stage: Stage | undefined = final; stage; stage = stage.parent) {
    user ??= stage.user;
    lambda ||= stage.lambda;
    first = stage;
  }
  const base = { kind: 'dockerfile' as const, check: 'docker-root-user' as const, resource: final.name };
  if (user) {
    // Stryker disable next-line MethodExpression: dockerfile-ast's getArgumentsContent has no blanks at either end
    const name = user.value.trim().split(':')[0];
    if (name !== 'root' && name !== '0') return undefined;
    // Stryker disable next-line MethodExpression: dockerfile-ast's getArgumentsContent has no blanks at either end
    return makeFinding({ ...base, span: span(user.instruction.getRange()), resourceType: RESOURCE_TYPE('USER'), values: { resource: describeStage(final, true), value: `switches to USER ${user.value.trim()}` } });
  }
  if (lambda) return undefined;
  // A build argument's default is a value written down: `FROM base:${TAG}` with `ARG TAG=1.2` is base:1.2.
  const resolved = withArgDefaults(first.image, args);
  const known = baseImageUser(resolved);
  if (known && !known.runsAsRoot) return undefined;
  const at = { ...base, span: span(final.from.getRange()), resourceType: RESOURCE_TYPE('FROM') };
  const image = !first.image
    ? 'of this stage'
    : resolved.includes('$')
      ? `${first.image} (set by a build argument)`
      : resolved !== first.image
        ? `${resolved} (${first.image} with its ARG defaults)`
        : first.image;
  if (!known) return makeFinding({ ...at, case: 'unknown-base', values: { resource: describeStage(final, true), value: image } });
  return makeFinding({
    ...at,
    values: { resource: describeStage(final, true), value: `has no USER instruction and its base image ${image} does not switch away from root` },
    extraSources: [known.source],
  });
}
