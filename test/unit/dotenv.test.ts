import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { parseDotenv } from '../../src/core/parse/dotenv';
import { parseProperties } from '../../src/core/parse/properties';
import { analyzeFixture, lineOf, slice } from './helpers';

describe('.env files', () => {
  it('are recognised by name: .env, .env.*, *.env; not .envrc', () => {
    for (const name of ['.env', 'app/.env.local', '.env.production', 'service.env']) assert.equal(analyze('A=1\n', name).kind, 'dotenv', name);
    for (const name of ['.envrc', 'environment.ts', 'env.json', 'my.env.bak']) assert.notEqual(analyze('A=1\n', name).kind, 'dotenv', name);
  });

  describe('parser', () => {
    it('reads export, quotes, comments, multi-line values, CRLF and a BOM with exact offsets', () => {
      const text = '\uFEFF# c\r\nexport A = 1\r\nB="two\\nlines" # note\r\nC=\'x # y\'\r\nD=`tick`\r\nE=plain value # comment\r\nF="multi\r\nline"\r\nG=a#b\r\nH=\r\n';
      const { entries, errors } = parseDotenv(text);
      assert.deepEqual(errors, []);
      assert.deepEqual(entries.map((e) => [e.key, e.value]), [
        ['A', '1'],
        ['B', 'two\nlines'],
        ['C', 'x # y'],
        ['D', 'tick'],
        ['E', 'plain value'],
        ['F', 'multi\r\nline'],
        ['G', 'a#b'],
        ['H', ''],
      ]);
      const a = entries[0];
      assert.equal(a.exported, true);
      assert.equal(slice(text, a.keySpan), 'A');
      assert.equal(slice(text, a.span), 'A = 1');
      assert.equal(slice(text, entries[1].valueSpan), '"two\\nlines"');
      assert.equal(slice(text, entries[5].span), 'F="multi\r\nline"');
      assert.equal(lineOf(text, entries[6].keySpan.offset), 9);
    });

    it('reports a malformed line and an unclosed quote without stopping', () => {
      const { entries, errors } = parseDotenv('GOOD=1\nthis is not a variable\nBAD="open\nLATER=2\n');
      assert.deepEqual(entries.map((e) => e.key), ['GOOD', 'BAD', 'LATER'], 'an unclosed quote ends at its line');
      assert.equal(errors.length, 2);
      assert.match(errors[0].message, /Not a KEY=VALUE line/);
      const analysis = analyze('GOOD=1\nthis is not a variable\n', '.env');
      assert.equal(analysis.errors.length, 1, 'one clear problem');
      assert.equal(analysis.settings.length, 1);
    });
  });

  describe('risky .env', () => {
    const { text, analysis } = analyzeFixture('test/fixtures/dotenv/.env');
    const at = (key: string) => analysis.findings.filter((f) => slice(text, f.span).startsWith(`${key}=`));

    it('flags live-looking credentials as errors, each on its own line', () => {
      const expected: [string, string, string][] = [
        ['AWS_ACCESS_KEY_ID', 'literal-secret', 'error'],
        ['AWS_SECRET_ACCESS_KEY', 'literal-secret', 'error'],
        ['DATABASE_URL', 'literal-secret', 'error'],
        ['DATABASE_URL', 'tls-disabled', 'warning'],
        ['REDIS_URL', 'literal-secret', 'error'],
        ['STRIPE_API_KEY', 'literal-secret', 'error'],
        ['PRIVATE_KEY', 'literal-secret', 'error'],
        ['NODE_TLS_REJECT_UNAUTHORIZED', 'tls-disabled', 'warning'],
        ['DB_SSL', 'tls-disabled', 'warning'],
        ['CORS_ORIGINS', 'cors-any-origin', 'warning'],
        ['LEGACY_KEY_ID', 'literal-secret', 'warning'],
      ];
      const actual = analysis.findings.map((f) => [slice(text, f.span).split('=')[0], f.ruleId, f.severity]);
      assert.deepEqual(actual, expected);
      assert.equal(lineOf(text, at('AWS_ACCESS_KEY_ID')[0].span.offset), 2);
      assert.equal(lineOf(text, at('PRIVATE_KEY')[0].span.offset), 8);
      assert.equal(slice(text, at('REDIS_URL')[0].span), "REDIS_URL='redis://:redisFixturePass7@cache.internal:6379'");
    });

    it('says what each secret is, masked, and explains the AWS example key', () => {
      assert.match(at('AWS_ACCESS_KEY_ID')[0].message, /AWS_ACCESS_KEY_ID holds a literal AWS access key id \(AKIA\*{12}\)/);
      assert.match(at('AWS_SECRET_ACCESS_KEY')[0].message, /AWS secret access key \(\*{8}\)/);
      assert.match(at('DATABASE_URL')[0].message, /password in a postgres URL \(\*{8}\)/);
      assert.match(at('DATABASE_URL')[1].message, /sslmode=disable/);
      assert.match(at('LEGACY_KEY_ID')[0].message, /example key printed in the AWS documentation/);
      assert.equal(at('AWS_ACCESS_KEY_ID')[0].docUrl, 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/hardcoded.html');
    });

    it('attributes credentials, Region and TLS to their matrix rows', () => {
      const row = (key: string) => analysis.settings.find((s) => s.path === key)!.attribution;
      assert.equal(row('AWS_ACCESS_KEY_ID').row, 'account-compromise');
      assert.equal(row('AWS_ACCESS_KEY_ID').service, 'iam');
      assert.equal(row('AWS_REGION').row, 'compliant-use');
      assert.equal(row('DATABASE_URL').row, 'customer-data');
      assert.equal(row('NODE_TLS_REJECT_UNAUTHORIZED').row, 'network-security');
      assert.equal(row('CORS_ORIGINS').row, 'custom-applications');
      for (const setting of analysis.settings) assert.equal(setting.attribution.owner, 'customer', setting.path);
    });
  });

  it('the safe twin (.env.example) leaves every line alone and attributes endpoints', () => {
    const { analysis } = analyzeFixture('test/fixtures/dotenv/.env.example');
    assert.deepEqual(analysis.findings.map((f) => f.ruleId), []);
    assert.equal(analysis.settings.find((s) => s.path === 'AWS_ENDPOINT_URL')!.attribution.row, 'network-security');
    assert.equal(analysis.settings.find((s) => s.path === 'AWS_DEFAULT_REGION')!.attribution.row, 'compliant-use');
    assert.equal(analysis.settings.length, 13);
  });
});

describe('.properties parser', () => {
  it('reads =, :, whitespace separators, ! and # comments, continuations and escapes with exact offsets', () => {
    const text = '\uFEFF# comment\r\n! bang\r\na.b=1\r\nc.d : two\r\ne.f three words\r\ng=first \\\r\n    second\r\nh\\:key=\\u0041\\tB\r\nempty=\r\n';
    const entries = parseProperties(text);
    assert.deepEqual(entries.map((e) => [e.key, e.value]), [
      ['a.b', '1'],
      ['c.d', 'two'],
      ['e.f', 'three words'],
      ['g', 'first second'],
      ['h:key', 'A\tB'],
      ['empty', ''],
    ]);
    assert.equal(slice(text, entries[1].keySpan), 'c.d');
    assert.equal(slice(text, entries[3].span), 'g=first \\\r\n    second');
    assert.equal(slice(text, entries[4].keySpan), 'h\\:key');
    assert.equal(lineOf(text, entries[4].keySpan.offset), 8);
  });
});
