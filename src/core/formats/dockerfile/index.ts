/** Dockerfiles and Containerfiles, recognised by name. */
import type { Format } from '../../engine/format';
import { analyzeDockerfile, isDockerfileName } from './analyze';

export const dockerfile: Format = {
  kind: 'dockerfile',
  claims: isDockerfileName,
  analyze: analyzeDockerfile,
  matchesName: isDockerfileName,
  // dockerfile-ast re-reads an instruction's arguments on every access: a 2 MB line takes 5 s, 1 MB about 1 s.
  maxChars: 1_000_000,
};
