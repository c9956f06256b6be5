import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { analyzeFixture, lineOf, slice } from './helpers';
import type { Analysis } from '../../src/core/types';

const summary = (text: string, analysis: Analysis) =>
  analysis.findings.map((f) => `${lineOf(text, f.span.offset)} ${f.ruleId} ${f.severity} ${slice(text, f.span).split(/[:= ]/)[0]}`);

describe('application config', () => {
  it('is recognised by name, and config/*.json leaves templates and manifests alone', () => {
    for (const name of ['application.yml', 'src/main/resources/application-prod.yaml', 'application.properties', 'bootstrap.yml', 'appsettings.json', 'appsettings.Development.json', 'config/default.json']) {
      assert.equal(analyze('{}\n', name).kind === 'app-config' || analyze('a: 1\n', name).kind === 'app-config', true, name);
    }
    assert.equal(analyze('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}', 'config/stack.json').kind, 'cloudformation');
    assert.equal(analyze('{"apiVersion": "v1", "kind": "ConfigMap"}', 'config/cm.json').kind, undefined);
    assert.equal(analyze('a: 1\n', 'app.yml').kind, undefined);
  });

  it('Spring YAML: datasource password, TLS off in the URL, actuator exposure and CORS; both documents', () => {
    const { text, analysis } = analyzeFixture('test/fixtures/app-config/application.yml');
    assert.deepEqual(summary(text, analysis), [
      '3 tls-disabled warning url',
      '5 literal-secret error password',
      '7 literal-secret error secret',
      '12 management-endpoints-exposed warning include',
      '14 cors-any-origin warning allowed-origins',
      '26 literal-secret error key-store-password',
    ]);
    const setting = (path: string) => analysis.settings.find((s) => s.path === path)!;
    assert.equal(setting('spring.datasource.password').attribution.row, 'customer-data');
    assert.equal(setting('server.ssl.enabled').attribution.row, 'network-security');
    assert.equal(slice(text, setting('server.ssl.enabled').key), 'enabled');
    assert.equal(setting('spring.datasource').leaf, false);
    assert.ok(analysis.settings.some((s) => s.path === 'spring.config.activate.on-profile'), 'the second document is read');
    assert.deepEqual(analysis.errors, []);
    assert.ok(!JSON.stringify(analysis).includes('springFixturePw1'));
  });

  it('Spring .properties: the same rules, key=value, key: value and key value', () => {
    const { text, analysis } = analyzeFixture('test/fixtures/app-config/application.properties');
    assert.deepEqual(summary(text, analysis), [
      '3 tls-disabled warning spring.datasource.url',
      '4 literal-secret error spring.datasource.password',
      '5 management-endpoints-exposed warning management.security.enabled',
      '6 literal-secret error cloud.aws.credentials.access-key',
    ]);
    assert.match(analysis.findings[3].message, /AKIA\*{12}/);
    assert.equal(analysis.settings.find((s) => s.path === 'cloud.aws.region.static')!.attribution.row, 'compliant-use');
  });

  it('ASP.NET appsettings.json: connection-string password and TLS, CORS, Kestrel certificate password', () => {
    const { text, analysis } = analyzeFixture('test/fixtures/app-config/appsettings.json');
    assert.deepEqual(summary(text, analysis), [
      '3 literal-secret error "Default"',
      '3 tls-disabled warning "Default"',
      '6 cors-any-origin warning "AllowedOrigins"',
      '7 cors-any-origin warning "AllowAnyOrigin"',
      '13 literal-secret error "Password"',
    ]);
    assert.match(analysis.findings[0].message, /ConnectionStrings:Default holds a literal password in a connection string \(\*{8}\)/);
    assert.equal(analysis.settings.find((s) => s.path === 'Kestrel:Endpoints:Https:Url')!.attribution.row, 'network-security');
    assert.equal(analysis.settings.find((s) => s.path === 'AWS:Region')!.attribution.row, 'compliant-use');
    assert.equal(analysis.settings.find((s) => s.path === 'AllowedHosts')!.attribution.confidence, 'fallback');
  });

  it('Node config/*.json: rejectUnauthorized false and a literal API key', () => {
    const { text, analysis } = analyzeFixture('test/fixtures/app-config/config/default.json');
    assert.deepEqual(summary(text, analysis), ['4 tls-disabled warning "rejectUnauthorized"', '6 literal-secret error "apiKey"']);
  });

  for (const safe of ['application-safe.yml', 'application-safe.properties', 'appsettings.Production.json', 'config/production.json']) {
    it(`the safe twin ${safe} leaves every line alone`, () => {
      const { analysis } = analyzeFixture(`test/fixtures/app-config/${safe}`);
      assert.deepEqual(analysis.findings.map((f) => f.ruleId), []);
      assert.ok(analysis.settings.length >= 4);
    });
  }

  it('broken JSON or YAML gives one clear problem, never a crash', () => {
    const json = analyze('{ "a": 1, ', 'appsettings.json');
    assert.equal(json.kind, 'app-config');
    assert.equal(json.errors.length, 1);
    const yaml = analyze('a: [1, 2\nb: c\n', 'application.yml');
    assert.equal(yaml.errors.length, 1);
    for (const text of ['', '---\n---\n', '\\', '= =', ': x']) assert.doesNotThrow(() => analyze(text, 'application.properties'));
  });
});
