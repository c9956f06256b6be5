/**
 * How each .env variable is read (src/core/formats/dotenv/analyze.ts): the
 * matrix row its name and value give it, and the TLS, CORS and secret
 * findings it raises, variable by variable.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { isDotenvName } from '../../src/core/formats/dotenv/analyze';

/** `NAME row finding…` for each line, where a finding is `rule-id(what it turns off)`. */
function classify(...lines: string[]): string[] {
  const text = `${lines.join('\n')}\n`;
  const analysis = analyze(text, '.env');
  return analysis.settings.map((setting) => {
    const found = analysis.findings.filter((finding) => finding.span.offset === setting.span.offset).map((finding) => `${finding.ruleId}${finding.ruleId === 'tls-disabled' ? `(${/turns off (.*?): connections/.exec(finding.message)?.[1]})` : ''}`);
    return [setting.path, setting.attribution.row, ...found].join(' ');
  });
}

describe('.env variables, one by one', () => {
  it('AWS credentials, Regions and endpoints by name', () => {
    assert.deepEqual(classify('AWS_ACCESS_KEY_ID=${KEY}', 'aws_session_token=', 'AWS_SECURITY_TOKEN=', 'AWS_REGION=eu-west-1', 'AWS_DEFAULT_REGION=eu-west-1', 'S3_REGION=x', 'MYREGION=x'), [
      'AWS_ACCESS_KEY_ID account-compromise',
      'aws_session_token account-compromise',
      'AWS_SECURITY_TOKEN account-compromise',
      'AWS_REGION compliant-use',
      'AWS_DEFAULT_REGION compliant-use',
      'S3_REGION compliant-use',
      'MYREGION custom-applications',
    ]);
    assert.deepEqual(classify('AWS_ENDPOINT_URL=http://localhost:4566', 'AWS_ENDPOINT_URL_S3=http://x', 'SQS_ENDPOINT=http://x', 'SQS_ENDPOINT_URL=http://x', 'ENDPOINTS=x'), [
      'AWS_ENDPOINT_URL network-security',
      'AWS_ENDPOINT_URL_S3 network-security',
      'SQS_ENDPOINT network-security',
      'SQS_ENDPOINT_URL network-security',
      'ENDPOINTS custom-applications',
    ]);
  });

  it('CORS origins: only a "*" among them is any origin', () => {
    assert.deepEqual(classify('CORS_ORIGINS=https://a.com, *', 'ALLOWED_ORIGINS=https://a.com', 'ALLOW_ORIGIN=*', 'MY_ALLOWED_ORIGINS_LIST=*', 'CORS=https://*.a.com'), [
      'CORS_ORIGINS custom-applications cors-any-origin',
      'ALLOWED_ORIGINS custom-applications',
      'ALLOW_ORIGIN custom-applications cors-any-origin',
      'MY_ALLOWED_ORIGINS_LIST custom-applications',
      'CORS custom-applications',
    ]);
  });

  it('databases by name, or by a URL of a database scheme', () => {
    assert.deepEqual(classify('DB_HOST=db', 'DATABASE=x', 'MONGODB_URI=x', 'SENTRY_DSN=x', 'CACHE=redis://cache:6379', 'QUEUE=amqp://q', 'OTHER=http://x', 'NOTE=postgres'), [
      'DB_HOST customer-data',
      'DATABASE customer-data',
      'MONGODB_URI customer-data',
      'SENTRY_DSN customer-data',
      'CACHE customer-data',
      'QUEUE customer-data',
      'OTHER custom-applications',
      'NOTE custom-applications',
    ]);
  });

  it('secret names with placeholders, and everything else, are application settings', () => {
    assert.deepEqual(classify('API_TOKEN=changeme', 'APP_SECRET=<your-secret>', 'NAME=value'), ['API_TOKEN custom-applications', 'APP_SECRET custom-applications', 'NAME custom-applications']);
  });

  it('TLS switches: each family of names, and only the values that turn it off', () => {
    assert.deepEqual(classify('NODE_TLS_REJECT_UNAUTHORIZED=0', 'NODE_TLS_REJECT_UNAUTHORIZED=1', 'DB_SSL_MODE=disable', 'DB_SSL_MODE=require', 'PGSSLMODE=disable', 'SSLMODE=Disable'), [
      'NODE_TLS_REJECT_UNAUTHORIZED network-security tls-disabled(certificate verification for every TLS connection of the Node.js process)',
      'NODE_TLS_REJECT_UNAUTHORIZED network-security',
      'DB_SSL_MODE network-security tls-disabled(TLS to the database (sslmode=disable))',
      'DB_SSL_MODE network-security',
      'PGSSLMODE network-security tls-disabled(TLS to the database (sslmode=disable))',
      'SSLMODE network-security tls-disabled(TLS to the database (sslmode=disable))',
    ]);
    assert.deepEqual(classify('VERIFY_SSL=false', 'SSL_VERIFY=no', 'TLS_VERIFICATION=off', 'CHECK_CERTS=0', 'REJECT_UNAUTHORIZED=false', 'VERIFY_SSL=true'), [
      'VERIFY_SSL network-security tls-disabled(certificate verification)',
      'SSL_VERIFY network-security tls-disabled(certificate verification)',
      'TLS_VERIFICATION network-security tls-disabled(certificate verification)',
      'CHECK_CERTS network-security tls-disabled(certificate verification)',
      'REJECT_UNAUTHORIZED network-security tls-disabled(certificate verification)',
      'VERIFY_SSL network-security',
    ]);
    assert.deepEqual(classify('HTTP_INSECURE=true', 'SKIP_TLS_VERIFY=yes', 'TLS_SKIP_VERIFY=1', 'INSECURE_SKIP_VERIFY=1', 'ALLOW_INSECURE=on', 'INSECURE=false'), [
      'HTTP_INSECURE network-security tls-disabled(certificate verification (an insecure switch is on))',
      'SKIP_TLS_VERIFY network-security tls-disabled(certificate verification (an insecure switch is on))',
      'TLS_SKIP_VERIFY network-security tls-disabled(certificate verification (an insecure switch is on))',
      'INSECURE_SKIP_VERIFY network-security tls-disabled(certificate verification (an insecure switch is on))',
      'ALLOW_INSECURE network-security tls-disabled(certificate verification (an insecure switch is on))',
      'INSECURE network-security',
    ]);
    assert.deepEqual(classify('USE_SSL=false', 'TLS_ENABLED=0', 'HTTPS_REQUIRED=no', 'USE_HTTPS=disabled', 'SSL=true', 'SSL_ENABLED= false '), [
      'USE_SSL network-security tls-disabled(TLS)',
      'TLS_ENABLED network-security tls-disabled(TLS)',
      'HTTPS_REQUIRED network-security tls-disabled(TLS)',
      'USE_HTTPS network-security tls-disabled(TLS)',
      'SSL network-security',
      'SSL_ENABLED network-security tls-disabled(TLS)',
    ]);
  });

  it('TLS turned off inside a connection string, with or without a password in it', () => {
    assert.deepEqual(classify('DATABASE_URL=postgres://u:p4ssw0rd-real@db/x?sslmode=disable', 'REPORT_URL=postgres://db/x?sslmode=disable', 'CONN=Server=x;Encrypt=False', 'PLAIN=sslmode=disable'), [
      'DATABASE_URL customer-data literal-secret tls-disabled(TLS in its connection string (sslmode=disable))',
      'REPORT_URL network-security tls-disabled(TLS in its connection string (sslmode=disable))',
      'CONN network-security tls-disabled(TLS in its connection string (Encrypt=False))',
      'PLAIN custom-applications',
    ]);
    assert.deepEqual(classify('DB_URL=postgres://db/x?sslmode=disable'), ['DB_URL customer-data tls-disabled(TLS in its connection string (sslmode=disable))']);
  });

  it('a secret is attributed by what it is, whatever its name; switches are read trimmed and whole', () => {
    assert.deepEqual(classify('KEY_ID=AKIAIOSFODNN7EXAMPLE', 'TARGET=postgres://u:Tr0ub4dor-and-3@h/x', 'CONN=Server=x;Password=Tr0ub4dor-and-3', 'NODE_TLS_REJECT_UNAUTHORIZED= 0 ', 'PGSSLMODE=disabled', 'USE_SSL= no '), [
      'KEY_ID account-compromise literal-secret',
      'TARGET customer-data literal-secret',
      'CONN customer-data literal-secret',
      'NODE_TLS_REJECT_UNAUTHORIZED network-security tls-disabled(certificate verification for every TLS connection of the Node.js process)',
      'PGSSLMODE network-security',
      'USE_SSL network-security tls-disabled(TLS)',
    ]);
  });

  it('file names: .env, .env.<stage> and <name>.env, on either path separator', () => {
    assert.equal(isDotenvName('config\\.env.production'), true);
    assert.equal(isDotenvName('deploy/app.env'), true);
    assert.equal(isDotenvName('.env.'), false);
    assert.equal(isDotenvName('.envrc'), false);
    assert.equal(isDotenvName('.env/x'), false);
  });
});
