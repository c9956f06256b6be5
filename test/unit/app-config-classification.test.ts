/**
 * How each application-config key is read (src/core/formats/app-config/analyze.ts):
 * which flavour a file name is, the matrix row a key's name and value give
 * it, and the CORS, actuator, TLS and secret findings it raises, key by key.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { appConfigFlavour, claimsAppConfig } from '../../src/core/formats/app-config/analyze';
import { slice } from './helpers';

/** `path row rule-id:severity(what)…` for each key of a Spring .properties file. */
function classify(...lines: string[]): string[] {
  const text = `${lines.join('\n')}\n`;
  const analysis = analyze(text, 'src/main/resources/application.properties');
  return analysis.settings.map((setting) => {
    const found = analysis.findings
      .filter((finding) => finding.span.offset === setting.span.offset)
      .map((finding) => `${finding.ruleId}:${finding.severity}${finding.ruleId === 'tls-disabled' ? `(${/turns off (.*?): connections/.exec(finding.message)?.[1]})` : ''}`);
    return [setting.path, setting.attribution.row, ...found].join(' ');
  });
}

describe('application config, key by key', () => {
  it('CORS: a "*" among the origins, or AllowAnyOrigin true', () => {
    assert.deepEqual(
      classify('cors.allowed-origins=https://a.com,*', 'web.allowedOrigins=*', 'app.allow-origin = https://a.com , *', 'spring.web.cors.allowed-methods=*', 'x.AllowAnyOrigin=true', 'x.allowAnyOrigin=false', 'x.access-control-allow-origin=*', 'x.allowed-origin-patterns=*', 'x.allowed-origins=https://*.a.com'),
      [
        'cors.allowed-origins custom-applications cors-any-origin:warning',
        'web.allowedOrigins custom-applications cors-any-origin:warning',
        'app.allow-origin custom-applications cors-any-origin:warning',
        'spring.web.cors.allowed-methods custom-applications',
        'x.AllowAnyOrigin custom-applications cors-any-origin:warning',
        'x.allowAnyOrigin custom-applications',
        'x.access-control-allow-origin custom-applications cors-any-origin:warning',
        'x.allowed-origin-patterns custom-applications cors-any-origin:warning',
        'x.allowed-origins custom-applications',
      ],
    );
  });

  it('actuator: every endpoint exposed, or its security off; a secret under management is still a secret', () => {
    assert.deepEqual(
      classify('management.endpoints.web.exposure.include=health,*', 'management.endpoints.web.exposure.include=health,info', 'management.security.enabled=false', 'management.security.enabled=true', 'management.port=8081', 'endpoints.shutdown.enabled=true', 'management.password=Tr0ub4dor-and-3'),
      [
        'management.endpoints.web.exposure.include custom-applications management-endpoints-exposed:warning',
        'management.endpoints.web.exposure.include custom-applications',
        'management.security.enabled custom-applications management-endpoints-exposed:warning',
        'management.security.enabled custom-applications',
        'management.port custom-applications',
        'endpoints.shutdown.enabled custom-applications',
        'management.password custom-applications literal-secret:error',
      ],
    );
    const [exposed] = analyze('management.endpoints.web.exposure.include=*\n', 'application.properties').findings;
    assert.match(exposed.message, /management\.endpoints\.web\.exposure\.include exposes every actuator endpoint over HTTP \(include: "\*"\)/);
    const [security] = analyze('management.security.enabled=FALSE\n', 'application.properties').findings;
    assert.match(security.message, /management\.security\.enabled turns actuator security off/);
  });

  it('AWS Regions, endpoints and credentials by name', () => {
    assert.deepEqual(classify('aws.secret-key=${AWS_SECRET}', 'aws.access-key=', 'aws.region=eu-west-1', 'cloud.aws.region.static=eu-west-1', 'aws.s3.endpoint=http://x', 'aws.sqs.service-url=http://x', 'region=x', 'aws.bucket=x'), [
      'aws.secret-key account-compromise',
      'aws.access-key account-compromise',
      'aws.region compliant-use',
      'cloud.aws.region.static compliant-use',
      'aws.s3.endpoint network-security',
      'aws.sqs.service-url network-security',
      'region custom-applications',
      'aws.bucket custom-applications',
    ]);
  });

  it('database settings by name; secret names with placeholders and the rest are application settings', () => {
    assert.deepEqual(classify('spring.datasource.url=jdbc:postgresql://db/x', 'spring.datasource.username=app', 'db.host=x', 'mongodb.uri=mongodb://x', 'redis.password=', 'app.db-name=x', 'connectionstrings.main=x', 'app.api-key=${KEY}', 'app.token=', 'app.name=x'), [
      'spring.datasource.url customer-data',
      'spring.datasource.username customer-data',
      'db.host customer-data',
      'mongodb.uri customer-data',
      'redis.password customer-data',
      'app.db-name custom-applications',
      'connectionstrings.main customer-data',
      'app.api-key custom-applications',
      'app.token custom-applications',
      'app.name custom-applications',
    ]);
  });

  it('TLS switches and connection strings that turn TLS off', () => {
    assert.deepEqual(
      classify('client.rejectUnauthorized=false', 'client.reject-unauthorized=true', 'db.TrustServerCertificate=true', 'db.trust-server-certificate=no', 'pg.sslmode=disable', 'pg.sslmode=require', 'server.ssl.enabled=false', 'kestrel.endpoints.http.url=http://x', 'app.https-port=443', 'app.certificate-path=x'),
      [
        'client.rejectUnauthorized network-security tls-disabled:warning(certificate verification (rejectUnauthorized: false))',
        'client.reject-unauthorized network-security',
        'db.TrustServerCertificate network-security tls-disabled:warning(certificate verification (TrustServerCertificate: true))',
        'db.trust-server-certificate network-security',
        'pg.sslmode network-security tls-disabled:warning(TLS (sslmode: disable))',
        'pg.sslmode network-security',
        'server.ssl.enabled network-security',
        'kestrel.endpoints.http.url network-security',
        'app.https-port network-security',
        'app.certificate-path network-security',
      ],
    );
    assert.deepEqual(classify('report.url=postgres://db/x?sslmode=disable', 'report.conn=Server=x;Encrypt=False', 'report.conn3=Server=x;SslMode=Disable;', 'report.conn4=Server=x;Encrypt=True', 'db.conn=Server=x; Encrypt = no ;'), [
      'report.url network-security tls-disabled:warning(TLS in its connection string (sslmode=disable))',
      'report.conn network-security tls-disabled:warning(TLS in its connection string (Encrypt=False))',
      'report.conn3 network-security tls-disabled:warning(TLS in its connection string (SslMode=Disable))',
      'report.conn4 custom-applications',
      'db.conn customer-data tls-disabled:warning(TLS in its connection string (Encrypt = no))',
    ]);
  });

  it('connection strings: the TLS switch must be a whole entry of the string (or the whole string), anywhere in it, with any spaces', () => {
    assert.deepEqual(
      classify(
        'r.c1=Encrypt=False;Server=x',
        'r.c2=Server=x;Encrypt=Falsey',
        'r.c3=Server=x;MyEncrypt=False',
        'r.c4=Server=x;Encrypt  =  no',
        'r.c5=Server=x;Ssl  Mode=Disable',
        'r.c6=Server=x;TrustServerCertificate  =  yes;',
        'r.c7=Encrypt=False',
        'r.c8=Server=x;Ssl Mode=Disabled',
        'r.c9=Server=x;TrustServerCertificate=Yesterday',
      ),
      [
        'r.c1 network-security tls-disabled:warning(TLS in its connection string (Encrypt=False))',
        'r.c2 custom-applications',
        'r.c3 custom-applications',
        'r.c4 network-security tls-disabled:warning(TLS in its connection string (Encrypt  =  no))',
        'r.c5 network-security tls-disabled:warning(TLS in its connection string (Ssl  Mode=Disable))',
        'r.c6 network-security tls-disabled:warning(TLS in its connection string (TrustServerCertificate  =  yes))',
        'r.c7 network-security tls-disabled:warning(TLS in its connection string (Encrypt=False))',
        'r.c8 custom-applications',
        'r.c9 custom-applications',
      ],
    );
  });

  it('sslmode: only the value disable, with spaces around it', () => {
    assert.deepEqual(classify('pg.sslmode=  disable  ', 'pg.sslmode=disabled', 'pg.sslmode=nodisable', 'pg.mode=disable'), [
      'pg.sslmode network-security tls-disabled:warning(TLS (sslmode: disable))',
      'pg.sslmode network-security',
      'pg.sslmode network-security',
      'pg.mode custom-applications',
    ]);
  });

  it('secrets: database, AWS and application ones, the example key as a warning', () => {
    assert.deepEqual(classify('spring.datasource.password=p4ssw0rd-Real9', 'app.aws-secret-access-key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'mail.password=Tr0ub4dor-and-3'), [
      'spring.datasource.password customer-data literal-secret:error',
      'app.aws-secret-access-key account-compromise literal-secret:warning',
      'mail.password custom-applications literal-secret:error',
    ]);
  });

  it('a secret is attributed by what it is, wherever it sits: AWS keys, URL and connection-string passwords', () => {
    assert.deepEqual(classify('app.key-id=AKIAIOSFODNN7EXAMPLE', 'app.target=postgres://u:Tr0ub4dor-and-3@h/x', 'app.conn=Server=x;Password=Tr0ub4dor-and-3', 'app.items[0].password=Tr0ub4dor-and-3'), [
      'app.key-id account-compromise literal-secret:warning',
      'app.target customer-data literal-secret:error',
      'app.conn customer-data literal-secret:error',
      'app.items[0].password custom-applications literal-secret:error',
    ]);
  });

  it('switches are read trimmed and whole', () => {
    assert.deepEqual(classify('x.AllowAnyOrigin= TRUE ', 'management.security.enabled=falsey', 'pg.sslmode=disabled', 'client.rejectUnauthorized=false!', 'x.allowed-origins=https://a.com,  *  ,https://b.com'), [
      'x.AllowAnyOrigin custom-applications cors-any-origin:warning',
      'management.security.enabled custom-applications',
      'pg.sslmode network-security',
      'client.rejectUnauthorized network-security',
      'x.allowed-origins custom-applications cors-any-origin:warning',
    ]);
  });

  it('names are matched whole: CORS, AWS endpoint, database and switch names and values', () => {
    assert.deepEqual(classify('app.myallowedorigins=*', 'x.allowed-origin=*', 'management.health.enabled=false', 'aws.s3.endpoint-type=x', 'db.pool-size=5', 'x.AllowAnyOrigin=untrue', 'x.AllowAnyOrigin=trueish', 'client.rejectUnauthorized=notfalse'), [
      'app.myallowedorigins custom-applications',
      'x.allowed-origin custom-applications cors-any-origin:warning',
      'management.health.enabled custom-applications',
      'aws.s3.endpoint-type custom-applications',
      'db.pool-size custom-applications',
      'x.AllowAnyOrigin custom-applications',
      'x.AllowAnyOrigin custom-applications',
      'client.rejectUnauthorized network-security',
    ]);
    const [any] = analyze('x.AllowAnyOrigin=true\n', 'application.properties').findings;
    assert.match(any.message, /x\.AllowAnyOrigin allows cross-origin requests from any web site \(AllowAnyOrigin: true\)/);
    const [star] = analyze('x.allowed-origins=*\n', 'application.properties').findings;
    assert.match(star.message, /\("\*"\)/);
    assert.equal(analyze('{"a": 1}', 'config\\default.json').settings[0].resource, 'default.json');
  });

  it('appsettings.json: paths joined with ":", list items by index, blocks are not leaves', () => {
    const json = '{\n  "ConnectionStrings": {\n    "Main": "Server=x;Database=y;Encrypt=False"\n  },\n  "Cors": {"Origins": ["https://a.com", "*"]},\n  "Items": [{"Name": "a"}, "b"],\n  "Empty": null,\n  "Tags": ["a", 1]\n}\n';
    const analysis = analyze(json, 'appsettings.Production.json');
    assert.deepEqual(
      analysis.settings.map((setting) => `${setting.path} ${setting.leaf ? 'leaf' : 'block'} ${setting.attribution.row}`),
      ['ConnectionStrings block customer-data', 'ConnectionStrings:Main leaf customer-data', 'Cors block custom-applications', 'Cors:Origins leaf custom-applications', 'Items block custom-applications', 'Items[0]:Name leaf custom-applications', 'Empty leaf custom-applications', 'Tags leaf custom-applications'],
    );
    assert.deepEqual(analysis.findings.map((finding) => `${finding.ruleId} ${slice(json, finding.span)}`), ['tls-disabled "Main": "Server=x;Database=y;Encrypt=False"', 'cors-any-origin "Origins": ["https://a.com", "*"]']);
    assert.equal(analysis.settings[0].resourceType, 'ASP.NET::Setting');
    assert.equal(analysis.settings[0].resource, 'appsettings.Production.json');
    assert.equal(analyze('{"db": {"rejectUnauthorized": false}}', 'config/default.json').settings[1].resourceType, 'Node::Config');
  });

  it('Spring YAML: every document of a file, at its own offsets, blank and comment-only documents skipped', () => {
    const yaml = 'server:\n  port: 8080\n---\nmanagement:\n  endpoints:\n    web:\n      exposure:\n        include: "*"\n--- # comment\n\n---\ncors:\n  allowed-origins:\n    - "*"\n';
    const analysis = analyze(yaml, 'application.yml');
    assert.deepEqual(analysis.errors, []);
    assert.deepEqual(
      analysis.settings.map((setting) => `${setting.path}@${slice(yaml, setting.key)}`),
      ['server@server', 'server.port@port', 'management@management', 'management.endpoints@endpoints', 'management.endpoints.web@web', 'management.endpoints.web.exposure@exposure', 'management.endpoints.web.exposure.include@include', 'cors@cors', 'cors.allowed-origins@allowed-origins'],
    );
    assert.deepEqual(analysis.findings.map((finding) => `${finding.ruleId} ${slice(yaml, finding.span).split('\n')[0]}`), ['management-endpoints-exposed include: "*"', 'cors-any-origin allowed-origins:']);
    assert.equal(analysis.settings[0].resourceType, 'Spring::Property');
  });

  it('file names: Spring, ASP.NET and config/*.json; config/*.json leaves templates and manifests alone', () => {
    const flavours = ['application.yml', 'application-prod.yaml', 'bootstrap.properties', 'Application.YML', 'application-.yml', 'myapplication.yml', 'appsettings.json', 'appsettings.Development.json', 'config/default.json', 'a\\config\\x.JSON', 'config.json', 'other/x.json', 'config/x.yaml'];
    assert.deepEqual(
      flavours.map((name) => `${name} ${appConfigFlavour(name)}`),
      ['application.yml spring', 'application-prod.yaml spring', 'bootstrap.properties spring', 'Application.YML spring', 'application-.yml undefined', 'myapplication.yml undefined', 'appsettings.json aspnet', 'appsettings.Development.json aspnet', 'config/default.json node', 'a\\config\\x.JSON node', 'config.json undefined', 'other/x.json undefined', 'config/x.yaml undefined'],
    );
    assert.equal(claimsAppConfig('config/x.json', '{"AWSTemplateFormatVersion": 1}'), false);
    assert.equal(claimsAppConfig('config/x.json', '{"Resources": {"A": {"Type" : "AWS::S3::Bucket"}}}'), false);
    assert.equal(claimsAppConfig('config/x.json', '{"apiVersion": "v1", "kind": "Pod"}'), false);
    assert.equal(claimsAppConfig('config/x.json', '{"apiVersion": "v1"}'), true);
    assert.equal(claimsAppConfig('config/x.json', '{"kind": "Pod"}'), true);
    assert.equal(claimsAppConfig('application.yml', 'AWSTemplateFormatVersion'), true, 'a Spring file is claimed by its name');
    assert.equal(claimsAppConfig('x.json', '{}'), false);
    assert.equal(claimsAppConfig('config/x.json', '{"Resources": {"A": {"Type":"AWS::S3::Bucket"}}}'), false, 'with or without spaces');
    assert.equal(claimsAppConfig('config/x.json', '{"apiVersion" : "v1", "kind" : "Pod"}'), false);
    assert.deepEqual(['application.yml.bak', 'xappsettings.json', 'appsettings.json.bak', 'config/x.json.bak'].map(appConfigFlavour), [undefined, undefined, undefined, undefined]);
  });
});
