import assert from 'node:assert/strict';
import { braceExpansions, fileGlobProblem, typeGlobMatcher } from '../../src/core/engine/glob';

describe('resource-type globs and file-glob limits', () => {
  it('a `*` inside a segment needs the prefix, the suffix and each middle part in order', () => {
    assert.equal(typeGlobMatcher('a*b*c')('axc'), false, 'the middle part must be there');
    assert.equal(typeGlobMatcher('a*b*c')('abc'), true);
    assert.equal(typeGlobMatcher('ab*b')('ab'), false, 'prefix and suffix may not overlap');
    assert.equal(typeGlobMatcher('ab*b')('abb'), true);
    assert.equal(typeGlobMatcher('a*')('b'), false);
    assert.equal(typeGlobMatcher('a*b')('xb'), false, 'wrong prefix');
    assert.equal(typeGlobMatcher('a*a')('aab'), false, 'wrong suffix');
    assert.equal(typeGlobMatcher('a*bc*c')('abcc'), true);
    assert.equal(typeGlobMatcher('a*bc*c')('a_bc'), false, 'a middle part may not run into the suffix');
    assert.equal(typeGlobMatcher('AWS::S3::*Policy')('AWS::S3::BucketPolicy'), true);
  });

  it('counts brace expansions without expanding, with escapes, nesting and ranges', () => {
    assert.equal(braceExpansions('{a,b}{c,d}', 100), 4);
    assert.equal(braceExpansions('x,{a,b}', 100), 2, 'a comma outside a group is a literal');
    assert.equal(braceExpansions('a}{b,c}', 100), 2, 'a stray closing brace is a literal');
    assert.equal(braceExpansions('\\{a,b}', 100), 1, 'an escaped brace opens no group');
    assert.equal(braceExpansions('ab', 100), 1);
    assert.equal(braceExpansions('{a,{b,c}}', 100), 3);
    assert.equal(braceExpansions('{1..5000}', 10), 11, 'stops counting just above the limit');
  });

  it('refuses a file glob just over either limit and accepts one at it', () => {
    assert.equal(fileGlobProblem('a'.repeat(1000)), undefined);
    assert.equal(fileGlobProblem('a'.repeat(1001)), 'is 1,001 characters long; the limit is 1,000');
    assert.equal(fileGlobProblem('{1..1000}'), undefined);
    assert.equal(fileGlobProblem('{1..1001}'), 'expands to more than 1,000 patterns ({a,b} groups multiply)');
  });
});
