import assert from 'node:assert/strict';
import { isIgnored, matchesAny, parseGitignore, readGitignore } from '../../src/core/engine/ignore';

const patterns = (text: string, base = '') => parseGitignore(text, base).map((rule) => rule.pattern);

describe('.gitignore reading: lines, escapes, caps and notes', () => {
  it('skips comments and empty rules, unescapes \\! and \\#, trims unescaped trailing spaces', () => {
    assert.deepEqual(patterns('# comment\n\n/\na#\n\\!bang\n\\#hash\nold.bak  \nkeep\\ \n**x\na**'), [
      '**/a#',
      '**/!bang',
      '**/#hash',
      '**/old.bak',
      '**/keep\\ ',
      '**x',
      '**/a**',
    ]);
    const read = readGitignore('x\n');
    assert.deepEqual(read.notes, []);
    assert.deepEqual(
      read.rules.map(({ base, negate, directoryOnly, pattern }) => ({ base, negate, directoryOnly, pattern })),
      [{ base: '', negate: false, directoryOnly: false, pattern: '**/x' }],
    );
  });

  it('normalises the folder it lives in', () => {
    assert.equal(parseGitignore('x', './infra/')[0].base, 'infra');
    assert.equal(parseGitignore('x', '/infra/')[0].base, 'infra');
    assert.equal(parseGitignore('x', 'a\\b')[0].base, 'a/b');
    assert.equal(parseGitignore('x', 'a./b')[0].base, 'a./b');
  });

  it('caps rule length, rule count and text length, and says so', () => {
    const long = readGitignore(`${'a'.repeat(4097)}\n${'b'.repeat(4096)}\n`, 'infra');
    assert.deepEqual(long.rules.map((rule) => rule.pattern.length), [4099]);
    assert.deepEqual(long.notes, ['infra/.gitignore: 1 rule(s) longer than 4,096 characters were skipped.']);
    const budget = readGitignore('a\nb\nc\n', '', 2);
    assert.deepEqual(budget.rules.map((rule) => rule.pattern), ['**/a', '**/b']);
    assert.deepEqual(budget.notes, ['.gitignore: 1 rule(s) past the limit of 2 .gitignore rules were not used.']);
    const full = `${'#'.repeat(999_995)}\nab\nc`;
    assert.equal(full.length, 1_000_000);
    assert.deepEqual(readGitignore(full).notes, []);
    const over = readGitignore(`${full}d`);
    assert.deepEqual(over.rules.map((rule) => rule.pattern), ['**/ab', '**/c']);
    assert.deepEqual(over.notes, ['.gitignore: only the first 1,000,000 of its 1,000,001 characters were read.']);
  });
});

describe('.gitignore matching', () => {
  it('matches wildcard rules like git at any depth and anchored', () => {
    const ignored = (text: string, path: string) => isIgnored(path, parseGitignore(text));
    assert.equal(ignored('*.bak', 'old.bak'), true);
    assert.equal(ignored('/d*st', 'dust'), true);
    assert.equal(ignored('**/*/x', 'a/x'), true);
    assert.equal(ignored('a*', 'abc'), true);
    assert.equal(ignored('?.bak', 'x.bak'), true);
    assert.equal(ignored('?.bak', 'xy.bak'), false);
    assert.equal(ignored('*.b?k', 'x.bak'), true);
    assert.equal(ignored('*/', 'top.yaml'), false, 'a file at the root is in no folder');
    assert.equal(ignored('*/', 'a/top.yaml'), true);
    assert.equal(ignored('a/', 'ab/t.yaml'), false);
  });

  it('reads paths with backslashes, ./ and leading slashes, relative to each .gitignore', () => {
    const rules = [...parseGitignore('/dist\n/x/t.yaml\n'), ...parseGitignore('/secret.yaml\n', 'infra')];
    assert.equal(isIgnored('./dist/t.yaml', rules), true);
    assert.equal(isIgnored('/dist/t.yaml', rules), true);
    assert.equal(isIgnored('x./t.yaml', rules), false);
    assert.equal(isIgnored('infra\\secret.yaml', rules), true);
    assert.equal(isIgnored('infra/secret.yaml', rules), true);
    assert.equal(isIgnored('other/secret.yaml', rules), false);
    assert.equal(isIgnored('infra//secret.yaml', rules), false);
  });

  it('matchesAny takes Windows separators and any of the globs', () => {
    assert.equal(matchesAny('a\\b.yaml', ['a/*.yaml']), true);
    assert.equal(matchesAny('a.json', ['*.yaml', '*.json']), true);
  });
});
