/**
 * Property-name completion in block YAML templates
 * (src/core/formats/cloudformation/completion.ts): where the cursor must be,
 * how the resource's Type line is read, and what is already set.
 */
import assert from 'node:assert/strict';
import { propertyCompletions } from '../../src/core';

/** The labels offered with the cursor at `|`. */
function offered(marked: string): string[] {
  const offset = marked.indexOf('|');
  return propertyCompletions(marked.replace('|', ''), offset).map((item) => item.label);
}

const KMS = ['KmsDataKeyReusePeriodSeconds', 'KmsMasterKeyId'];
const queue = (type: string, body = '      Kms|\n', head = 'Resources:\n'): string => `${head}  Q:\n    Type: ${type}\n    Properties:\n${body}`;

describe('property-name completion in block YAML', () => {
  it('reads the Type with its comment, quotes of either kind, and nothing else around it', () => {
    assert.deepEqual(offered(queue('AWS::SQS::Queue')), KMS);
    assert.deepEqual(offered(queue('AWS::SQS::Queue   # the work queue')), KMS);
    assert.deepEqual(offered(queue('"AWS::SQS::Queue"')), KMS);
    assert.deepEqual(offered(queue("'AWS::SQS::Queue'")), KMS);
    assert.deepEqual(offered(queue('"AWS::SQS::Queue\'')), [], 'mismatched quotes are no type name');
    assert.deepEqual(offered(queue('!Ref QueueType')), []);
  });

  it('the Type may come after Properties, and a nested Type key is not the resource’s', () => {
    const after = 'Resources:\n  Q:\n    Properties:\n      Kms|\n    Type: AWS::SQS::Queue\n';
    assert.deepEqual(offered(after), KMS);
    const nested = 'Resources:\n  Q:\n    Properties:\n      Kms|\n      Tags:\n        Type: AWS::SNS::Topic\n    Type: AWS::SQS::Queue\n';
    assert.deepEqual(offered(nested), KMS);
    const none = 'Resources:\n  Q:\n    Properties:\n      Kms|\n      Tags:\n        Type: AWS::SQS::Queue\n';
    assert.deepEqual(offered(none), [], 'no Type at the level of Properties');
  });

  it('the resource must sit under Resources, across blank lines and comments', () => {
    assert.deepEqual(offered(queue('AWS::SQS::Queue', '      Kms|\n', 'Resources:\n\n  # queues\n')), KMS);
    assert.deepEqual(offered(queue('AWS::SQS::Queue', '      Kms|\n', 'Outputs:\n')), []);
    assert.deepEqual(offered(`Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n\n      # encryption\n      Kms|\n`), KMS);
    assert.deepEqual(offered('    Type: AWS::SQS::Queue\n    Properties:\n      Kms|\n'), [], 'no logical id above');
  });

  it('only one level under Properties, and only on a line holding nothing but the key typed so far', () => {
    assert.deepEqual(offered(queue('AWS::SQS::Queue', '      RedrivePolicy:\n        Kms|\n')), []);
    assert.deepEqual(offered(queue('AWS::SQS::Queue', '      x Kms|\n')), []);
    assert.deepEqual(offered(queue('AWS::SQS::Queue', '      Km|s\n')), KMS, 'the cursor may be inside the word');
    const [item] = propertyCompletions(queue('AWS::SQS::Queue', '      KmsMaster\n'), queue('AWS::SQS::Queue', '      KmsMaster\n').indexOf('KmsMaster') + 3);
    assert.deepEqual(item.replace, { offset: queue('AWS::SQS::Queue', '      KmsMaster\n').indexOf('KmsMaster'), length: 9 }, 'the whole word is replaced');
    assert.deepEqual(offered('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: # settings\n      Kms|\n'), KMS, 'a comment after Properties:');
    assert.deepEqual(offered('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {}\n      Kms|\n'), [], 'Properties with a value opens no block');
    assert.deepEqual(offered('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n      Kms|\n'), []);
  });

  it('keys set at this level are not offered again, wherever they are; deeper keys do not count', () => {
    const body = '      KmsMasterKeyId: alias/q\n      Kms|\n      RedrivePolicy:\n        KmsDataKeyReusePeriodSeconds: 1\n';
    assert.deepEqual(offered(queue('AWS::SQS::Queue', body)), ['KmsDataKeyReusePeriodSeconds']);
    assert.deepEqual(offered(queue('AWS::SQS::Queue', '      Kms|\n      "KmsMasterKeyId": alias/q\n')), ['KmsDataKeyReusePeriodSeconds'], 'a quoted key');
    assert.deepEqual(offered(queue('AWS::SQS::Queue', "      Kms|\n      'KmsMasterKeyId'  : alias/q\n")), ['KmsDataKeyReusePeriodSeconds']);
    assert.deepEqual(offered(queue('AWS::SQS::Queue', '      Kms|\n      KmsMasterKeyId   :\n        Ref: Key\n')), ['KmsDataKeyReusePeriodSeconds'], 'spaces before the colon');
    assert.deepEqual(offered(queue('AWS::SQS::Queue', '      Kms|\n      KmsMasterKeyId:alias\n')), KMS, 'no space after the colon: a plain scalar, not a key');
  });

  it('the cursor on the first or the last line of the text', () => {
    assert.deepEqual(offered('Kms|'), []);
    assert.deepEqual(offered(queue('AWS::SQS::Queue', '      Kms|')), KMS);
    assert.deepEqual(offered(queue('AWS::SQS::Queue', '      |')).length > 10, true);
  });

  it('Windows line ends are read like Unix ones', () => {
    assert.deepEqual(offered(queue('AWS::SQS::Queue', '      Kms|\r\n').replace(/\n/g, '\r\n').replace(/\r\r/g, '\r')), KMS);
  });
});
