/**
 * Which user a container base image runs as when a Dockerfile sets none,
 * from knowledge/base-images.json. An image the knowledge does not list is
 * unknown, never assumed to be root or not.
 */
import type { Source } from '../../types';
import type { BaseImageEntry, BaseImagesData } from './knowledge/schema';
import baseImagesJson from './knowledge/base-images.json';

export const baseImages = baseImagesJson as unknown as BaseImagesData;

export interface BaseImageUser {
  runsAsRoot: boolean;
  /** As the image's documentation names it ("nobody", "472 (grafana)", "root"). */
  user: string;
  source: Source;
}

/**
 * The user `reference` (a FROM image as written: `node:22-alpine`,
 * `docker.io/library/python@sha256:…`) runs as, or undefined when the
 * knowledge does not say or the reference holds a build argument.
 */
export function baseImageUser(reference: string): BaseImageUser | undefined {
  const parsed = parseReference(reference);
  if (!parsed) return undefined;
  const entry = baseImages.images.find((candidate) => candidate.names.some((name) => nameMatches(name, parsed.name)) && tagMatches(candidate, parsed.tag));
  return entry && { runsAsRoot: entry.runsAsRoot, user: entry.user, source: entry.source };
}

/** Repository and tag; the tag is `latest` when none is written, undefined when only a digest is. */
function parseReference(reference: string): { name: string; tag: string | undefined } | undefined {
  let rest = reference.trim().toLowerCase();
  if (!rest || rest.includes('$')) return undefined;
  let tag: string | undefined;
  const at = rest.indexOf('@');
  // Stryker disable next-line EqualityOperator: a reference that starts with @ leaves a name no entry matches, with or without the digest cut off
  const digest = at >= 0;
  if (digest) rest = rest.slice(0, at);
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  } else if (!digest) tag = 'latest';
  return { name: withoutMirror(rest), tag };
}

/** `docker.io/library/node`, `public.ecr.aws/docker/library/node`, `arm64v8/node` → `node`. */
function withoutMirror(name: string): string {
  for (let pass = 0; pass < baseImages.mirrors.length; pass++) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: stripping a whole name leaves the empty name, which no entry matches either
    const mirror = baseImages.mirrors.find((candidate) => name.startsWith(candidate.prefix) && name.length > candidate.prefix.length);
    if (!mirror) break;
    name = name.slice(mirror.prefix.length);
  }
  return name;
}

function nameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) && name.length > pattern.length - 1 : pattern === name;
}

const tagPatterns = new Map<string, RegExp>();

function tagMatches(entry: BaseImageEntry, tag: string | undefined): boolean {
  if (entry.tag === undefined) return true;
  if (tag === undefined) return false;
  let pattern = tagPatterns.get(entry.tag);
  // Stryker disable next-line BooleanLiteral,ConditionalExpression: a cache of compiled patterns; the same RegExp either way (without it a fresh process would throw, but Stryker's has every pattern cached by earlier tests)
  if (!pattern) tagPatterns.set(entry.tag, (pattern = new RegExp(entry.tag)));
  return pattern.test(tag);
}
