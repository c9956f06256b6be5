/**
 * The user a FROM image runs as (src/core/clouds/aws/base-images.ts), read
 * directly from image references as a Dockerfile writes them: blanks, tags,
 * digests, mirrors and the name patterns of knowledge/base-images.json.
 */
import assert from 'node:assert/strict';
import { baseImageUser } from '../../src/core/clouds/aws/base-images';

const userOf = (reference: string): string | undefined => baseImageUser(reference)?.user;

describe('the user of a base image', () => {
  it('reads a reference with blanks around it', () => {
    assert.equal(userOf('  node:20 \t'), 'root');
  });

  it('a digest pins the image: the name before it counts, and a tag before the digest too', () => {
    const digest = '@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
    assert.equal(userOf(`python${digest}`), 'root', 'an entry for every tag');
    assert.equal(userOf(`gcr.io/distroless/static-debian12:nonroot${digest}`), '65532 (nonroot)');
    // An entry for some tags only cannot tell from a digest alone.
    assert.equal(userOf(`gcr.io/distroless/static-debian12${digest}`), undefined);
    assert.equal(userOf(`cgr.dev/chainguard/static${digest}`), undefined);
  });

  it('a name pattern matches names that start with its prefix and go on past it', () => {
    assert.equal(userOf('gcr.io/distroless/cc:nonroot'), '65532 (nonroot)', 'one character past the prefix');
    assert.equal(userOf('gcr.io/distroless/'), undefined, 'the prefix alone');
    assert.equal(userOf('gitlab/gitlab-runner:latest'), undefined, 'a longer name that shares only a first letter');
  });

  it('a plain name matches only itself, not names that start with it', () => {
    assert.equal(userOf('nodered/node-red:4.0'), undefined);
    assert.equal(userOf('node:4.0'), 'root');
  });
});
