/**
 * Property quick fixes of CloudFormation templates (src/core/clouds/aws/fixes.ts):
 * the path a fix names for an entry inside a list, and which missing
 * properties can be inserted.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { applyEdits } from '../../src/core/engine/edits';
import type { Finding } from '../../src/core/types';

const instance = (mappings: string): string =>
  `Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-12345678\n      BlockDeviceMappings:\n${mappings}`;

function ebs(text: string): Finding[] {
  return analyze(text, 'template.yaml').findings.filter((finding) => finding.ruleId === 'ebs-volume-unencrypted');
}

describe('property fixes in templates', () => {
  it('an insecure entry in the second list item is fixed in place, and the fix names that item', () => {
    const text = instance('        - DeviceName: /dev/sda1\n          Ebs: {VolumeSize: 8, Encrypted: true}\n        - DeviceName: /dev/sdb\n          Ebs:\n            VolumeSize: 20\n            Encrypted: false\n');
    const [finding, ...more] = ebs(text);
    assert.equal(more.length, 0);
    assert.ok(finding.fix);
    assert.equal(finding.fix.title.split(' (')[0], 'Set Encrypted: true');
    assert.equal(finding.fix.target?.path, 'Properties.BlockDeviceMappings[1].Ebs.Encrypted');
    assert.equal(applyEdits(text, finding.fix.edits), text.replace('Encrypted: false', 'Encrypted: true'));
  });
});
