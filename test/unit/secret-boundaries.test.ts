/**
 * The edges of the credential recognizer (src/core/engine/secrets.ts): each pattern is tried with a
 * value just inside and just outside each of its anchors, quantifiers and character classes, so a
 * loosened or tightened pattern shows as a missed secret or a false one. Token-shaped strings are
 * assembled at run time so that no credential-shaped string sits in the source.
 */
import assert from 'node:assert/strict';
import {
  credentialShape,
  credentialShapes,
  findSecret,
  hasEnclosed,
  isAwsDocumentationExample,
  isPlaceholder,
  isReference,
  looksLikeSecretValue,
  isSecretName,
  tlsOffInUrl,
  maskSecretsInText,
  nameWords,
  secretNameKind,
  secretsInText,
  urlPassword,
} from '../../src/core/engine/secrets';

const GITHUB = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');
const SLACK = ['xoxb', '-', '2048118', '-', 'Qz8kW2n5Rt0vYb'].join('');
const HEADER = ['eyJ', 'hbGciOiJIUzI1NiJ9'].join('');
const PAYLOAD = ['eyJ', '1c2VyIjoib3BzLWJvdCJ9'].join('');
const SIGNATURE = 'k7Vq3mXw9TzL2pRj8sNc4Hd6';
const JWT = [HEADER, PAYLOAD, SIGNATURE].join('.');
/** A stand-in JWT: the same shape with a documentation word in its signature. */
const STAND_IN_JWT = [HEADER, PAYLOAD, 'k7Vq3mXwEXAMPLEz'].join('.');
/** Forty key characters, the length of an AWS secret access key. */
const FORTY = ['Zq9Wx7Lm3Np5Rt1Vb8Ck', '2Dh6Fj4Gs0Hy5Ja7Kc9E'].join('');
const KEY_ID = ['AKIA', 'Q3EGRT7ZW2N5VB8K'].join('');
const KEY_ID_2 = ['ASIA', 'Q3EGRT7ZW2N5VB8K'].join('');

function jwtSpans(text: string, limit = 20): [number, number][] {
  return credentialShapes(text, limit)
    .filter((hit) => hit.kind === 'jwt')
    .map((hit) => [hit.start, hit.length]);
}

describe('secret recognizer boundaries', () => {
  it('takes the AWS documentation example key ids: AKIA or ASIA, nine characters and EXAMPLE, nothing around them', () => {
    const example = ['AKIA', 'Q3EGRT7ZW', 'EXAMPLE'].join('');
    assert.equal(isAwsDocumentationExample(example), true);
    assert.equal(isAwsDocumentationExample(`x${example}`), false);
    assert.equal(isAwsDocumentationExample(`${example}x`), false);
    assert.equal(isAwsDocumentationExample(['AKIA', 'Q3EGRT7Z', 'EXAMPLE'].join('')), false);
  });

  describe('JSON Web Tokens', () => {
    it('spans header, payload and signature, wherever the token starts', () => {
      assert.deepEqual(jwtSpans(JWT), [[0, JWT.length]]);
      assert.deepEqual(jwtSpans(`id x ${JWT}`), [[5, JWT.length]]);
      assert.deepEqual(jwtSpans(`ab.cd.${JWT}`), [[6, JWT.length]]);
      // A header after a `-` starts at its `eyJ`.
      assert.deepEqual(jwtSpans(`Bearer-${JWT}`), [[7, JWT.length]]);
      // The first `eyJ` of a header starts it, not a later `-eyJ` inside it.
      const header = `${HEADER}-${HEADER}`;
      assert.deepEqual(jwtSpans([header, PAYLOAD, SIGNATURE].join('.')), [[0, header.length + PAYLOAD.length + SIGNATURE.length + 2]]);
    });

    it('needs a payload starting eyJ, parts long enough, and a third part', () => {
      assert.deepEqual(jwtSpans([HEADER, 'abcdefghijklmnop', SIGNATURE].join('.')), []);
      assert.deepEqual(jwtSpans([HEADER, PAYLOAD].join('.')), []);
      assert.deepEqual(jwtSpans(['abcdefghijklmnop', PAYLOAD, SIGNATURE].join('.')), []);
      const shortPayload = ['eyJ', 'a'.repeat(8)].join('');
      assert.deepEqual(jwtSpans([HEADER, shortPayload, SIGNATURE].join('.')), [[0, HEADER.length + 11 + SIGNATURE.length + 2]]);
      assert.deepEqual(jwtSpans([HEADER, shortPayload.slice(0, 10), SIGNATURE].join('.')), []);
      const longPayload = ['eyJ', 'b'.repeat(4000)].join('');
      assert.equal(jwtSpans([HEADER, longPayload, SIGNATURE].join('.')).length, 1);
      assert.deepEqual(jwtSpans([HEADER, `${longPayload}b`, SIGNATURE].join('.')), []);
      assert.deepEqual(jwtSpans([HEADER, PAYLOAD, 'k7Vq3mXw'].join('.')), [[0, HEADER.length + PAYLOAD.length + 10]]);
      assert.deepEqual(jwtSpans([HEADER, PAYLOAD, 'k7Vq3mX'].join('.')), []);
    });

    it('takes headers of 11 to 2003 characters, then tries a later -eyJ in a longer one', () => {
      const header11 = ['eyJ', 'c'.repeat(8)].join('');
      assert.deepEqual(jwtSpans([header11, PAYLOAD, SIGNATURE].join('.')), [[0, 11 + PAYLOAD.length + SIGNATURE.length + 2]]);
      assert.deepEqual(jwtSpans([header11.slice(0, 10), PAYLOAD, SIGNATURE].join('.')), []);
      const header2003 = ['eyJ', 'd'.repeat(2000)].join('');
      assert.deepEqual(jwtSpans([header2003, PAYLOAD, SIGNATURE].join('.')), [[0, 2003 + PAYLOAD.length + SIGNATURE.length + 2]]);
      assert.deepEqual(jwtSpans([`${header2003}d`, PAYLOAD, SIGNATURE].join('.')), []);
      const inner = ['eyJ', 'e'.repeat(8)].join('');
      assert.deepEqual(jwtSpans([`${header2003}d-${inner}`, PAYLOAD, SIGNATURE].join('.')), [[2005, 11 + PAYLOAD.length + SIGNATURE.length + 2]]);
    });

    it('counts at most 2000 characters of a signature', () => {
      const signature = 's'.repeat(2500);
      assert.deepEqual(jwtSpans([HEADER, PAYLOAD, signature].join('.')), [[0, HEADER.length + PAYLOAD.length + 2 + 2000]]);
    });

    it('drops a stand-in token but still finds a real one after it, within the limit', () => {
      assert.deepEqual(jwtSpans(STAND_IN_JWT), []);
      assert.deepEqual(jwtSpans(`sample ${JWT}`), [[7, JWT.length]]);
      const text = `${STAND_IN_JWT} ${JWT}`;
      assert.deepEqual(jwtSpans(text, 1), [[STAND_IN_JWT.length + 1, JWT.length]]);
      // Tokens are looked at up to twice `limit`, stand-ins included: two stand-ins joined to a real token hide it at limit 1.
      const joined = [STAND_IN_JWT, STAND_IN_JWT, JWT].join('.');
      assert.deepEqual(jwtSpans(joined, 1), []);
      assert.deepEqual(jwtSpans(joined, 2), [[2 * STAND_IN_JWT.length + 2, JWT.length]]);
      assert.deepEqual(
        credentialShapes(JWT).map((hit) => [hit.kind, hit.what, hit.example]),
        [['jwt', 'JSON Web Token', false]],
      );
    });
  });

  it('lists credential shapes in order of position, at most `limit` of them', () => {
    assert.deepEqual(
      credentialShapes(`${SLACK} ${GITHUB}`).map((hit) => [hit.what, hit.start]),
      [
        ['Slack token', 0],
        ['GitHub token', SLACK.length + 1],
      ],
    );
    assert.equal(credentialShape(`${SLACK} ${GITHUB}`)?.what, 'Slack token');
    assert.equal(credentialShapes(`${SLACK} ${GITHUB}`, 1).length, 1);
    assert.equal(credentialShape(GITHUB)?.example, false);
  });

  it('takes up to twice `limit` hits shape by shape (key ids first) before keeping the first by position', () => {
    const text = `${GITHUB} ${KEY_ID} ${KEY_ID_2}`;
    assert.deepEqual(
      credentialShapes(text, 1).map((hit) => [hit.what, hit.start]),
      [['AWS access key id', GITHUB.length + 1]],
    );
    assert.deepEqual(
      credentialShapes(text, 2).map((hit) => [hit.what, hit.start]),
      [
        ['GitHub token', 0],
        ['AWS access key id', GITHUB.length + 1],
      ],
    );
  });

  describe('passwords in URLs and connection strings', () => {
    it('reads the scheme from the start of its word and the password after the user', () => {
      assert.deepEqual(urlPassword(' postgres://app:Zq9pw7@db'), { scheme: 'postgres', start: 16, length: 6 });
      assert.deepEqual(urlPassword('redis://:Zq9pw7@cache'), { scheme: 'redis', start: 9, length: 6 });
    });

    it('finds Password= at the start or after a semicolon, with spaces, quoted or not', () => {
      const spans = (value: string): [number, number][] =>
        credentialShapes(value)
          .filter((hit) => hit.kind === 'connection-string-password')
          .map((hit) => [hit.start, hit.length]);
      assert.deepEqual(spans('Password=Zq9Wx7;Server=db'), [[9, 6]]);
      assert.deepEqual(spans('Server=db; Password = Zq9Wx7 ;x=1'), [[22, 6]]);
      assert.deepEqual(spans('Server=db;Password="Zq9;Wx7";x=1'), [[20, 7]]);
      assert.deepEqual(spans("Server=db;Pwd='Zq9;Wx7';x=1"), [[15, 7]]);
      assert.deepEqual(spans("Server=db;Pwd=Zq'9Wx7"), [[14, 7]]);
      // No semicolon: a single `Password=…` is a setting, found by its name elsewhere.
      assert.deepEqual(spans('Password=Zq9Wx7'), []);
      assert.deepEqual(spans('Server=db;Password=pass'), []);
      assert.deepEqual(spans('Server=db;Password=user'), []);
      assert.deepEqual(spans('Server=db;Password=passZq9'), [[19, 7]]);
      assert.deepEqual(spans('Server=db;Password=Zq9pass'), [[19, 7]]);
      assert.deepEqual(spans('Server=db;Password=" Zq9Wx7 ";x=1'), [[21, 6]]);
      assert.deepEqual(spans('Server=db;Password=${DB_PASSWORD}'), []);
    });
  });

  it('finds TLS switched off at the start of a value or after a separator', () => {
    assert.deepEqual(tlsOffInUrl('sslmode=disable'), { start: 0, length: 15, text: 'sslmode=disable' });
    assert.deepEqual(tlsOffInUrl('postgres://h/db?sslmode=disable'), { start: 16, length: 15, text: 'sslmode=disable' });
    assert.equal(tlsOffInUrl('xsslmode=disable'), undefined);
  });

  it('calls a value a placeholder by its whole text, not a part of it', () => {
    for (const value of [
      'ab', ' ab ', '{{resolve:ssm:p1}} q9', '${DB}', '$DB9', '%(db)s', '%(db)', '#{db}', '{{db}}', '%DB9%', '__DB9__', '@@DB9@@',
      '<db>', '[db]', '{db}', '<<a>b>>', '____', 'replaceme', 'enter_db9', 'EnterDb9', 'DB_PASS9', 'if_you_see_this_please',
      'yourdb9', 'GEN-PASSWORD', 'ADMIN-DB-KEY', 'sk-APIKEY', '00000000-0000', 'pass:', 'q9abcd', 'key-here', 'here',
      'q9ExampleZ', 'q9EXAMPLEKEYq9', '*x*-', '*-*-_x*', 'api-key', 'api_key', 'not-set', 'change_me', 'goes-here',
      'xxxx', 'XXXX', '****', '....', '----', '####', '0000', 'changeme',
    ]) {
      assert.equal(isPlaceholder(value), true, value);
    }
    for (const value of [
      'wxyz', 'q9 {{resolve:ssm:p1}}', 'q9${DB}', '${DB}q9', 'q9$DB9', '$DB9 q9', 'q9%(db)s', '%(db)q9', 'q9#{db}', '#{db}q9',
      'q9{{db}}', '{{db}}q9', 'q9%DB%', '%DB%q9', 'q9__DB__', '__DB__q9', 'q9@@DB@@', '@@DB@@q9', 'q9<db>', '<db>q9', 'q9[db]',
      '[db]q9', 'q9{db}', '{db}q9', 'q9<<a>b>>', 'replacexme', 'changexme', 'q9enter_db', 'q9EnterDb', 'q9DB_PASS', 'DB_PASSq9',
      'if_you_see_this_please9', '9a_b_c_d_e', 'a9_b_c_d_e', 'q9your', 'q9GEN-KEY', 'GEN-KEYq9', '9sk-APIKEY', 'sk-APIKEYq9',
      'q9pass:', 'q9w8e7r6t5y41234', 'here-q9x', 'q*-*-', '*-*-q', '<<a>>q9', 'api.key', 'not.set', 'change.me',
    ]) {
      assert.equal(isPlaceholder(value), false, value);
    }
  });

  it('calls a value a reference by its whole text, not a part of it', () => {
    for (const value of [
      ' $DB', '{{resolve:x', 'a${B}c', 'a$(B)c', '$DB', '%DB%', '#{x', '{{a}b}}', '<%= x', '@Microsoft.KeyVault(x)', 'arn:aws-cn:x',
      '$$.Task.Token', '$.input.token', 'vault:x', 'projects/P1/secrets/db', '~/a', 'C:\\a', 'a/b', 'db.pem',
    ]) {
      assert.equal(isReference(value), true, value);
    }
    for (const value of [
      'q9{{resolve:x', 'q9}x', 'q9${x', 'q9)x', 'q9$(x', 'q9$DB', 'q9%DB%', '%DB%q9', 'q9#{', 'q9{{a}}', '{{a}}q9', 'q9<%=',
      'q9@Microsoft.KeyVault(', 'q9arn:aws:x', 'q9$.a', '$.a b', 'q9vault:x', '/a b', 'Q9/a/b', 'a/b c', 'q9 db.pem', 'db.pemq9',
    ]) {
      assert.equal(isReference(value), false, value);
    }
  });

  it('calls a value secret-looking by its whole text: numbers, e-mails, URLs, hosts, sentences and code are not', () => {
    const chosen = (value: string): boolean => looksLikeSecretValue(value, 'chosen');
    for (const value of [
      'Zq9#', 'Zq9#'.repeat(2500), 'a b@corp.io', 'ops@corp.io9', '9https://a.io', 'q9 db.corp.io', 'db.corp.io9',
      'Zq9# Wx7!', 'a  b  c', 'a b c', '9cfg_x.db_pw', 'cfg_x.db_pw9', 'db-1.corp9.i', 'db-1.corp9.i9',
    ]) {
      assert.equal(chosen(value), true, value);
    }
    for (const value of [
      ' 42.5 ', 'Zq9#'.repeat(2501), '-4242', '42.25', 'ops@corp.io', 'https://db.corp.io', 'db.corp.io', 'db-1.corp9.io', 'ab cd ef gh', 'f(x)Zq9', 'Zq9(x)', '(#){}', 'cfg_x.db_pw', 'cfg_x.db_pw.k_y',
    ]) {
      assert.equal(chosen(value), false, value);
    }
    // Issued secrets (tokens, keys): eight characters or more, varied, not a name.
    for (const value of ['Zq9#Wx7!', '9my-secret-name', '9MySecretName', 'MySecretName9', 'qwertyuiop9']) {
      assert.equal(looksLikeSecretValue(value), true, value);
    }
    for (const value of ['Zq9#Wx7', 'my-secret-name', 'MySecretName', 'qwertyuiop', 'QWERTYUIOP']) {
      assert.equal(looksLikeSecretValue(value), false, value);
    }
  });

  it('splits a name into words around capitals and secret nouns', () => {
    assert.deepEqual(nameWords('DBPassword'), ['db', 'password']);
    assert.deepEqual(nameWords('DBHostPassword'), ['db', 'host', 'password']);
    assert.deepEqual(nameWords('_db__Password'), ['db', 'password']);
    assert.deepEqual(nameWords('SSLCa'), ['sslca']);
    assert.deepEqual(nameWords('dbpassword'), ['db', 'password']);
    assert.deepEqual(nameWords('passworddb'), ['password', 'db']);
    assert.deepEqual(nameWords('dbcredential'), ['db', 'credential']);
  });

  it('names a secret by its last secret noun and the words around it', () => {
    assert.equal(isSecretName('password'), true);
    assert.equal(isSecretName('SecretName'), false);
    assert.equal(secretNameKind('AccessPassword'), 'chosen');
    assert.equal(secretNameKind('ServicePassword'), 'chosen');
    assert.equal(secretNameKind('db_secrets'), 'issued');
    assert.equal(secretNameKind('secrets_value'), 'issued');
    assert.equal(secretNameKind('secrets'), undefined);
    assert.equal(secretNameKind('AccessToken', 'TokenValidityUnits'), undefined);
    assert.equal(secretNameKind('AccessToken', 'TokenValidityFoo'), undefined);
    assert.equal(secretNameKind('AccessToken', 'NameToken'), 'issued');
  });

  describe('a name and its value', () => {
    it('skips Step Functions paths and reports the trimmed value', () => {
      assert.equal(findSecret('token.$', 'Zq9#Wx7!Lm'), undefined);
      assert.deepEqual(findSecret('password', '  Zq9#Wx7!Lm'), { kind: 'named-secret', what: 'secret', start: 2, length: 10, example: false });
    });

    it('names an AWS secret access key only under its name and with forty key characters', () => {
      assert.deepEqual(findSecret('SecretAccessKey', FORTY), { kind: 'secret-access-key', what: 'AWS secret access key', start: 0, length: 40, example: false });
      assert.equal(findSecret('AWS_SECRET_ACCESS_KEY', FORTY)?.kind, 'secret-access-key');
      assert.equal(findSecret('password', FORTY)?.kind, 'named-secret');
      assert.equal(findSecret('SecretAccessKey', `#${FORTY}`)?.kind, 'named-secret');
      assert.equal(findSecret('SecretAccessKey', `${FORTY}#`)?.kind, 'named-secret');
    });

    it('marks a value ending in EXAMPLEKEY as the documentation example', () => {
      assert.equal(findSecret('api_key', 'q9Wx7Lm3Np5EXAMPLEKEY')?.example, true);
      assert.equal(findSecret('api_key', 'q9Wx7Lm3Np5Zt8')?.example, false);
    });

    it('leaves public identifiers alone, by their whole value or their name', () => {
      assert.equal(findSecret('skill_token', 'amzn1.ask.skill.Zq9Wx7Lm'), undefined);
      assert.equal(findSecret('skill_token', 'x.amzn1.ask.skill.Zq9Wx7Lm')?.kind, 'named-secret');
      assert.equal(findSecret('password', 'x908172635445')?.kind, 'named-secret');
      assert.equal(findSecret('password', '908172635445x')?.kind, 'named-secret');
      assert.equal(findSecret('password', 'Zq#Wx!Lm&Np%')?.kind, 'named-secret');
      for (const name of ['public_key', 'publickey', 'app_public_key', 'PublishableKey']) {
        assert.equal(findSecret(name, GITHUB), undefined, name);
      }
      assert.equal(findSecret('note', GITHUB)?.what, 'GitHub token');
      assert.equal(findSecret('token', 'pk_live_Zq9Wx7Lm3Np5'), undefined);
      assert.equal(findSecret('token', ' pk_live_Zq9Wx7Lm3Np5'), undefined);
      assert.equal(findSecret('token', 'x-pk_test_Zq9Wx7Lm3Np5')?.kind, 'named-secret');
      assert.equal(findSecret('note', `-----BEGIN RSA PUBLIC KEY----- ${GITHUB}`), undefined);
      assert.equal(findSecret('note', `-----BEGIN PUBLIC KEY----- ${GITHUB}`), undefined);
      assert.equal(findSecret('note', `x-----BEGIN PUBLIC KEY----- ${GITHUB}`)?.what, 'GitHub token');
      assert.equal(findSecret('token', 'ssh-rsa AAAAB3NzaC1yc2E'), undefined);
      assert.equal(findSecret('token', 'x ssh-rsa AAAAB3NzaC1yc2E')?.kind, 'named-secret');
    });
  });

  describe('secrets in a script', () => {
    const spans = (text: string, partialEnd = false, limit = 20): [string | undefined, number, number][] =>
      secretsInText(text, partialEnd, limit).map((hit) => [hit.name, hit.start, hit.length]);

    it('finds an assignment at the start of the text, quoted or not, its name without quotes', () => {
      assert.deepEqual(spans('API_TOKEN=Zq9Wx7Lm3Np5'), [['API_TOKEN', 10, 12]]);
      assert.deepEqual(spans('API_TOKEN="Zq9Wx7Lm3Np5"'), [['API_TOKEN', 11, 12]]);
      assert.deepEqual(spans("'API_TOKEN'='Zq9Wx7Lm3Np5'"), [['API_TOKEN', 13, 12]]);
      assert.deepEqual(spans('{"apiKey": "Zq9Wx7Lm3Np5"}'), [['apiKey', 12, 12]]);
      assert.deepEqual(spans('exportAPI_TOKEN=Zq9Wx7Lm3Np5'), [['exportAPI_TOKEN', 16, 12]]);
      assert.deepEqual(spans('setAPI_TOKEN=Zq9Wx7Lm3Np5'), [['setAPI_TOKEN', 13, 12]]);
      assert.deepEqual(spans('ENVAPI_TOKEN=Zq9Wx7Lm3Np5'), [['ENVAPI_TOKEN', 13, 12]]);
      assert.deepEqual(spans('ARGAPI_TOKEN=Zq9Wx7Lm3Np5'), [['ARGAPI_TOKEN', 13, 12]]);
      assert.deepEqual(spans('password=pZq9#Wx7'), [['password', 9, 8]]);
      assert.deepEqual(spans(`'password="Zq9#Wx7!Lm"`), [['password', 11, 10]]);
    });

    it('finds a flag at the start of the text, after several blanks, quoted', () => {
      assert.deepEqual(spans('--password Zq9#Wx7!Lm'), [['password', 11, 10]]);
      assert.deepEqual(spans('--password  Zq9#Wx7!Lm'), [['password', 12, 10]]);
      assert.deepEqual(spans('--password "Zq9 Wx7!Lm"'), [['password', 12, 10]]);
    });

    it('reports a credential shape once, not again as an assignment, and skips public identifiers', () => {
      assert.deepEqual(
        secretsInText(`TOKEN=${GITHUB}`).map((hit) => [hit.what, hit.start, hit.length]),
        [['GitHub token', 6, GITHUB.length]],
      );
      assert.deepEqual(spans('API_TOKEN=pk_live_Zq9Wx7Lm3Np5'), []);
    });

    it('skips a value running to the end of partial text', () => {
      assert.deepEqual(spans('API_TOKEN=Zq9Wx7Lm3Np5', true), []);
      assert.deepEqual(spans('API_TOKEN=Zq9Wx7Lm3Np5 x', true), [['API_TOKEN', 10, 12]]);
    });

    it('reports a named secret as such, with its name', () => {
      assert.deepEqual(secretsInText('API_TOKEN=Zq9Wx7Lm3Np5'), [{ kind: 'named-secret', what: 'secret', start: 10, length: 12, example: false, name: 'API_TOKEN' }]);
      assert.deepEqual(spans('export  API_TOKEN=Zq9Wx7Lm3Np5'), [['API_TOKEN', 18, 12]]);
    });

    it('reports a value that ends where a credential shape starts, or starts where one ends', () => {
      const value = 'Zq9#'.repeat(250);
      const armour = ['-----BEGIN RSA', 'PRIVATE KEY-----'].join(' ');
      assert.deepEqual(
        secretsInText(`PASSWORD=${value}${armour}`).map((hit) => [hit.kind, hit.start, hit.length]),
        [
          ['named-secret', 9, 1000],
          ['private-key', 1009, armour.length],
        ],
      );
      assert.deepEqual(
        secretsInText('redis://u:Zq9;token=@Zq9Wx7Lm3Np5').map((hit) => [hit.kind, hit.start, hit.length]),
        [
          ['url-password', 10, 10],
          ['named-secret', 20, 13],
        ],
      );
    });

    it('keeps the first secrets by position within the limit', () => {
      assert.deepEqual(spans('--password Zq9#Wx7!Lm API_TOKEN=Zq9Wx7Lm3Np5', false, 1), [['API_TOKEN', 32, 12]]);
    });
  });

  it('tells whether an opening is closed after it', () => {
    assert.equal(hasEnclosed('a${b}', '${', '}'), true);
    assert.equal(hasEnclosed('${}', '${', '}'), true);
    assert.equal(hasEnclosed('}${b', '${', '}'), false);
    assert.equal(hasEnclosed('x}', '${', '}'), false);
    assert.equal(hasEnclosed('${x', '${', '}'), false);
  });

  it('masks secrets quoted in free text', () => {
    assert.equal(maskSecretsInText(['-----BEGIN RSA', 'PRIVATE KEY-----'].join(' ')), '-----BEGIN ******** PRIVATE KEY-----');
    assert.equal(maskSecretsInText('postgres://u:Zq9Wx7@db'), 'postgres://u:********@db');
    assert.equal(maskSecretsInText('https://h/?token=Zq9Wx7&x=1'), 'https://h/?token=********&x=1');
    assert.equal(maskSecretsInText('password = Zq9Wx7Lm'), 'password = ********');
    assert.equal(maskSecretsInText('username = Zq9Wx7Lm'), 'username = Zq9Wx7Lm');
    assert.equal(maskSecretsInText('password = changeme'), 'password = changeme');
    assert.equal(maskSecretsInText('id 9F3B2C1D8E7A6F5B', 12, true), 'id 9F3B2C1D8E7A6F5B');
    assert.equal(maskSecretsInText('id 9f3B2c1D8e7A6f5B', 12, true), 'id ********');
    const digits = '908172635445'.repeat(3);
    assert.equal(maskSecretsInText(`id ${digits}`), `id ${digits}`);
  });
});
