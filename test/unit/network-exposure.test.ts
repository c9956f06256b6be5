/**
 * World-open ingress and public EKS endpoints (src/core/clouds/aws/findings.ts):
 * which ports of a rule's range a message names, which rule reports a rule
 * open on every port, and where each finding sits.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { slice } from './helpers';

/** `rule-id span → what the message says is open`, for the security-group rules. */
function ingress(rule: string, type = 'AWS::EC2::SecurityGroup'): string[] {
  const text =
    type === 'AWS::EC2::SecurityGroup'
      ? `Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      SecurityGroupIngress:\n        - ${rule}\n`
      : `Resources:\n  In:\n    Type: ${type}\n    Properties: ${rule}\n`;
  return analyze(text, 'template.yaml')
    .findings.filter((finding) => finding.ruleId.startsWith('sg-'))
    .map((finding) => `${finding.ruleId} ${slice(text, finding.span)} → ${/allows ingress from (.*?) to (.*?);/.exec(finding.message)?.slice(1).join(' to ')}`);
}

const open = (ports: string, protocol = 'tcp'): string => `{IpProtocol: ${protocol}, ${ports}, CidrIp: 0.0.0.0/0}`;

describe('world-open ingress', () => {
  it('names each admin port in the range, and sits on the source', () => {
    assert.deepEqual(ingress(open('FromPort: 22, ToPort: 22')), ['sg-world-open-admin-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to SSH (port 22)']);
    assert.deepEqual(ingress(open('FromPort: 3389, ToPort: 3389')), ['sg-world-open-admin-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to RDP (port 3389)']);
    assert.deepEqual(ingress(open('FromPort: 21, ToPort: 21')), []);
    assert.deepEqual(ingress(open('FromPort: 23, ToPort: 1000')), []);
    assert.deepEqual(ingress(open('FromPort: 3390, ToPort: 3390')), []);
    assert.deepEqual(ingress(open('FromPort: 22, ToPort: 3389')), [
      'sg-world-open-admin-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to SSH (port 22) and RDP (port 3389)',
      'sg-world-open-database-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to port 1433 and port 1521 and port 2483 and port 3306',
    ]);
  });

  it('database ports are named one by one, a port range by its ends', () => {
    assert.deepEqual(ingress(open('FromPort: 27017, ToPort: 27017')), ['sg-world-open-database-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to port 27017']);
    assert.deepEqual(ingress(open('FromPort: 27019, ToPort: 27020')), ['sg-world-open-database-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to ports 27018-27019']);
    assert.deepEqual(ingress(open('FromPort: 27010, ToPort: 27018')), ['sg-world-open-database-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to port 27017 and ports 27018-27019']);
    assert.deepEqual(ingress(open('FromPort: 27020, ToPort: 27030')), []);
  });

  it('a rule open on every port is "all ports" for the admin rule only (the database rule leaves it to that one)', () => {
    const all = ['sg-world-open-admin-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to all ports'];
    assert.deepEqual(ingress('{IpProtocol: -1, CidrIp: 0.0.0.0/0}'), all);
    assert.deepEqual(ingress('{IpProtocol: "-1", CidrIp: 0.0.0.0/0}'), all);
    assert.deepEqual(ingress('{IpProtocol: all, CidrIp: 0.0.0.0/0}'), all);
    assert.deepEqual(ingress(open('FromPort: 0, ToPort: 65535')), all);
    assert.deepEqual(ingress(open('FromPort: -1, ToPort: 65535')), all);
    assert.equal(ingress(open('FromPort: 1, ToPort: 65535'))[0], 'sg-world-open-admin-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to SSH (port 22) and RDP (port 3389)', 'port 0 left out');
    assert.equal(ingress(open('FromPort: 0, ToPort: 65534'))[0], 'sg-world-open-admin-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to SSH (port 22) and RDP (port 3389)', 'port 65535 left out');
  });

  it('TCP by name in any case or by number; other protocols and unknown ports are not judged', () => {
    const ssh = ['sg-world-open-admin-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to SSH (port 22)'];
    assert.deepEqual(ingress(open('FromPort: 22, ToPort: 22', 'TCP')), ssh);
    assert.deepEqual(ingress(open('FromPort: 22, ToPort: 22', '6')), ssh);
    assert.deepEqual(ingress(open('FromPort: 22, ToPort: 22', '"6"')), ssh);
    assert.deepEqual(ingress(open('FromPort: 22, ToPort: 22', 'udp')), []);
    assert.deepEqual(ingress('{FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}'), [], 'no protocol');
    assert.deepEqual(ingress('{IpProtocol: ~, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}'), [], 'a null protocol');
    assert.deepEqual(ingress(open('FromPort: 22')), [], 'no ToPort');
    assert.deepEqual(ingress(open('ToPort: 22')), [], 'no FromPort');
  });

  it('only the whole internet, in IPv4 or IPv6, and only a written source', () => {
    assert.deepEqual(ingress('{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIpv6: "::/0"}'), ['sg-world-open-admin-port CidrIpv6: "::/0" → ::/0 to SSH (port 22)']);
    assert.deepEqual(ingress('{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/1}'), []);
    assert.deepEqual(ingress('{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Cidr}'), []);
    assert.deepEqual(ingress('{IpProtocol: tcp, FromPort: 22, ToPort: 22, SourceSecurityGroupId: sg-1}'), []);
  });

  it('a standalone ingress resource is judged like a rule of its group; a group without a rule list is not', () => {
    assert.deepEqual(ingress('{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0, GroupId: sg-1}', 'AWS::EC2::SecurityGroupIngress'), ['sg-world-open-admin-port CidrIp: 0.0.0.0/0 → 0.0.0.0/0 to SSH (port 22)']);
    assert.deepEqual(ingress('{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}', 'AWS::EC2::SecurityGroupEgress'), []);
    const text = 'Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      SecurityGroupIngress: !Ref Rules\n';
    assert.deepEqual(analyze(text, 'template.yaml').findings.filter((finding) => finding.ruleId.startsWith('sg-')), []);
  });
});

describe('public EKS endpoints', () => {
  /** `span → value` of the eks-public-endpoint finding. */
  function endpoint(vpc: string | undefined): string[] {
    const text = `Resources:\n  Cluster:\n    Type: AWS::EKS::Cluster\n    Properties:\n      RoleArn: arn:aws:iam::111122223333:role/eks\n${vpc === undefined ? '' : `      ResourcesVpcConfig: ${vpc}\n`}`;
    return analyze(text, 'template.yaml')
      .findings.filter((finding) => finding.ruleId === 'eks-public-endpoint')
      .map((finding) => `${slice(text, finding.span)} → ${/publicly to (.*?);/.exec(finding.message)?.[1]}`);
  }

  it('an endpoint left public by default is reported on the most specific key there is', () => {
    assert.deepEqual(endpoint(undefined), ['Cluster → the whole internet (the default)']);
    assert.deepEqual(endpoint('{SubnetIds: [a]}'), ['ResourcesVpcConfig → the whole internet (the default)']);
    assert.deepEqual(endpoint('{EndpointPublicAccess: true}'), ['EndpointPublicAccess: true → the whole internet (the default)']);
    assert.deepEqual(endpoint('{PublicAccessCidrs: [10.0.0.0/8, 0.0.0.0/0]}'), ['ResourcesVpcConfig → 0.0.0.0/0']);
    assert.deepEqual(endpoint('{EndpointPublicAccess: true, PublicAccessCidrs: ["::/0"]}'), ['EndpointPublicAccess: true → 0.0.0.0/0']);
  });

  it('a private endpoint, narrow CIDRs or a deploy-time value are not reported', () => {
    assert.deepEqual(endpoint('{EndpointPublicAccess: false}'), []);
    assert.deepEqual(endpoint('{EndpointPublicAccess: "false"}'), []);
    assert.deepEqual(endpoint('{EndpointPublicAccess: !Ref Public}'), []);
    assert.deepEqual(endpoint('!Ref VpcConfig'), []);
    assert.deepEqual(endpoint('{PublicAccessCidrs: [10.0.0.0/8]}'), []);
    assert.deepEqual(endpoint('{PublicAccessCidrs: !Ref Cidrs}'), []);
  });
});
