/**
 * analyzeDotenv on one variable at a time: which attribution each name and value get, what the finding
 * says and where, for the edges of each name and value pattern.
 */
import assert from 'node:assert/strict';
import { analyzeDotenv } from '../../src/core/formats/dotenv/analyze';
import type { Analysis } from '../../src/core/types';

const KEY_ID = ['AKIA', 'Q3EGRT7Z', 'WJ5XHN2P'].join('');
const FORTY = ['Zq9Wx7Lm3Np5Rt1Vb8Ck', '2Dh6Fj4Gs0Hy5Ja7Kc9E'].join('');

function one(line: string, fileName = '.env'): Analysis {
  return analyzeDotenv(`${line}\n`, fileName);
}

/** The attribution's row and rationale: an app secret and an app setting share the row, not the rationale. */
function attribution(line: string): [string, string] {
  const { row, rationale } = one(line).settings[0].attribution;
  return [row, rationale];
}

function rules(line: string): string[] {
  return one(line).findings.map((finding) => finding.ruleId);
}

describe('.env attribution, variable by variable', () => {
  it('attributes an AWS secret access key to AWS credentials whatever its name, other secrets to the app', () => {
    assert.deepEqual(attribution(`MY_SECRET_ACCESS_KEY=${FORTY}`), attribution('AWS_ACCESS_KEY_ID=x'));
    assert.deepEqual(attribution('API_TOKEN=Zq9Wx7Lm3Np5'), attribution('API_KEY=changeme'));
    assert.notDeepEqual(attribution('API_TOKEN=Zq9Wx7Lm3Np5'), attribution('DB_HOST=h'));
  });

  it('keeps a placeholder under a secret name an app secret, and anything else an app setting', () => {
    const secret = attribution('API_TOKEN=Zq9Wx7Lm3Np5');
    const setting = attribution('FOO=bar');
    assert.notDeepEqual(secret, setting);
    assert.deepEqual(attribution('APIKEY=changeme'), secret);
    assert.deepEqual(attribution('FOO=changeme'), setting);
  });

  it('takes a value as a database URL only when it starts with a database scheme', () => {
    const database = attribution('DB_HOST=h');
    assert.deepEqual(attribution('CONN=" postgres://h"'), database);
    assert.notDeepEqual(attribution('CONN=postgres x://h'), database);
    assert.notDeepEqual(attribution('CONN=http://h/postgres'), database);
  });

  it('trims a quoted switch before reading it', () => {
    for (const line of ['NODE_TLS_REJECT_UNAUTHORIZED=" 0"', 'PGSSLMODE=" disable"', 'INSECURE=" yes"', 'VERIFY_SSL=" false"', 'USE_TLS=" false"']) {
      assert.deepEqual(rules(line), ['tls-disabled'], line);
    }
    assert.deepEqual(rules('PGSSLMODE=nodisable'), []);
  });

  it('names the file as the resource and each variable a dotenv::Variable leaf', () => {
    const analysis = one('DATABASE_URL=postgres://u:Zq9pw7@db/x?sslmode=disable', 'dir/app.env');
    assert.deepEqual(
      analysis.settings.map((setting) => [setting.resource, setting.resourceType, setting.leaf]),
      [['app.env', 'dotenv::Variable', true]],
    );
    assert.deepEqual(
      analysis.findings.map((finding) => [finding.ruleId, finding.resource, finding.resourceType, finding.span.offset]),
      [
        ['literal-secret', 'app.env', 'dotenv::Variable', 0],
        ['tls-disabled', 'app.env', 'dotenv::Variable', 0],
      ],
    );
    assert.equal(one('A=1', 'dir\\.env.local').settings[0].resource, '.env.local');
  });

  it('quotes only the secret, masked, and reports the first malformed line only', () => {
    const [finding] = one(`NOTE=id ${KEY_ID}`).findings;
    assert.match(finding.message, /NOTE holds a literal AWS access key id \(AKIA\*{12}\)/);
    assert.equal(analyzeDotenv('bad line\nanother bad\n', '.env').errors.length, 1);
  });

  it('finds a "*" among CORS origins separated by commas and blanks', () => {
    const [finding] = one('CORS_ORIGINS=a,  *').findings;
    assert.match(finding.message, /CORS_ORIGINS allows cross-origin requests from any web site \(\*\)/);
  });
});
