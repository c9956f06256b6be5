/**
 * Serverless runtime management and provider names (src/core/formats/serverless/analyze.ts):
 * how `runtimeManagement` is read into CloudFormation's UpdateRuntimeOn and so
 * decides who patches the runtime, and which provider names are AWS.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';

/** The owner of each setting of a service, `resource path owner`. */
function owners(text: string): string[] {
  return analyze(text, 'serverless.yml').settings.map((setting) => `${setting.resource} ${setting.path} ${setting.attribution.owner}`);
}

describe('Serverless runtime management', () => {
  const provider = (mode: string): string[] => owners(`provider:\n  name: aws\n  runtime: python3.12\n  runtimeManagement: ${mode}\n`);

  it('auto leaves patching to AWS, onFunctionUpdate shares it, manual hands it to the customer, in any case', () => {
    assert.deepEqual(provider('auto'), ['provider runtime aws', 'provider runtimeManagement aws']);
    assert.deepEqual(provider('onFunctionUpdate'), ['provider runtime shared', 'provider runtimeManagement shared']);
    assert.deepEqual(provider('ONFUNCTIONUPDATE'), ['provider runtime shared', 'provider runtimeManagement shared']);
    assert.deepEqual(provider('manual'), ['provider runtime customer', 'provider runtimeManagement customer']);
  });

  it('a mode that is not text is left as written', () => {
    assert.deepEqual(provider('5'), ['provider runtime aws', 'provider runtimeManagement aws']);
    assert.deepEqual(provider('~'), ['provider runtime aws', 'provider runtimeManagement aws']);
  });

  it('the mode key of a runtimeManagement map counts, for the provider and for a function', () => {
    assert.deepEqual(owners('provider:\n  name: aws\n  runtime: python3.12\n  runtimeManagement:\n    mode: onFunctionUpdate\nfunctions:\n  f:\n    handler: a.b\n'), [
      'provider runtime shared',
      'provider runtimeManagement shared',
      'provider runtimeManagement.mode shared',
      'function:f handler customer',
    ]);
    assert.deepEqual(owners('provider:\n  name: aws\nfunctions:\n  f:\n    runtime: python3.12\n    runtimeManagement:\n      mode: manual\n')[0], 'function:f runtime customer');
  });
});

describe('Serverless provider names', () => {
  it('aws in any case, with spaces around it, is AWS', () => {
    assert.deepEqual(owners('provider:\n  name: " AWS "\n  runtime: python3.12\n'), ['provider runtime aws']);
  });

  it('another provider is named in the note, cut to 40 characters', () => {
    const analysis = analyze('provider:\n  name: a-very-long-provider-name-that-goes-on-and-on-and-on\n', 'serverless.yml');
    assert.deepEqual(
      analysis.errors.map((error) => error.message),
      ['This Serverless service deploys to the "a-very-long-provider-name-that-goes-on-a" provider, not AWS, so its settings are not attributed.'],
    );
  });
});
