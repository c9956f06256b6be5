/**
 * Findings on a Serverless provider or function (src/core/formats/serverless/analyze.ts):
 * function URLs, the API resource policy (judged only for who it lets in) and
 * literal secrets in the environment, with what each finding says.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { slice } from './helpers';

function findings(text: string): string[] {
  return analyze(text, 'serverless.yml').findings.map((finding) => `${finding.ruleId} ${finding.resource} ${finding.resourceType} [${slice(text, finding.span)}]`);
}

describe('Serverless findings', () => {
  describe('function URLs', () => {
    const url = (value: string): string[] => findings(`provider:\n  name: aws\nfunctions:\n  f:\n    handler: a.b\n    url: ${value}\n`);

    it('a URL without an authorizer is public, reported as the function URL it becomes', () => {
      assert.deepEqual(url('true'), ['lambda-public-function-url function:f AWS::Lambda::Url [url: true]']);
      assert.deepEqual(url('{authorizer: NONE}'), ['lambda-public-function-url function:f AWS::Lambda::Url [url: {authorizer: NONE}]']);
    });

    it('a URL known only at deploy time, a list, or an authorizer that is not text is not judged public', () => {
      assert.deepEqual(url('${self:custom.url}'), []);
      assert.deepEqual(url('[a]'), []);
      assert.deepEqual(url('{authorizer: true}'), []);
      assert.deepEqual(url('{authorizer: aws_iam}'), []);
    });
  });

  describe('the API resource policy', () => {
    it('is judged only for who it lets in: Action "*" on Resource "*" for an account is not this file’s finding', () => {
      const policy = (principal: string): string[] =>
        findings(`provider:\n  name: aws\n  apiGateway:\n    resourcePolicy:\n      - Effect: Allow\n        Principal: ${principal}\n        Action: "*"\n        Resource: "*"\n`);
      assert.deepEqual(policy('{AWS: arn:aws:iam::111122223333:root}'), []);
      assert.deepEqual(policy('"*"'), ['policy-public-principal ApiGatewayRestApi AWS::ApiGateway::RestApi [Principal: "*"]']);
    });
  });

  describe('environment secrets', () => {
    it('name the variable and mask the value', () => {
      const text = 'provider:\n  name: aws\n  environment:\n    DB_PASSWORD: Tr0ub4dor-and-3\n';
      const [finding] = analyze(text, 'serverless.yml').findings;
      assert.equal(slice(text, finding.span), 'DB_PASSWORD: Tr0ub4dor-and-3');
      assert.match(finding.message, /provider holds a literal secret in environment\.DB_PASSWORD \(\*{8}\)/);
    });
  });
});
