import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { type ProxiedRequest, faultProxyPerTest } from '../../../test/harness/fault-proxy.js';
import { awsTestConfig } from '../../../test/harness/aws.js';
import { collectEnvelope } from '../../kernel/runner.js';
import { collector } from './collector.js';
import type { SecurityGroupsData } from './schema.js';

const region = 'eu-central-1';
const scope = { account: '123456789012', region };
const now = () => new Date('2026-03-01T00:00:00Z');
const action = (req: ProxiedRequest) => new URLSearchParams(req.body).get('Action');
const ec2Error = (code: string) =>
  `<Response><Errors><Error><Code>${code}</Code><Message>${code}</Message></Error></Errors><RequestID>fault</RequestID></Response>`;

const proxy = faultProxyPerTest();

describe('aws-ec2-security-groups', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const ec2 = new EC2Client(awsTestConfig(region));
    const vpcId = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    const group = async (name: string, perm: IpPermission[]) => {
      const id = (
        await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }))
      ).GroupId!;
      await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: perm }));
      ids[name] = id;
    };
    await group('ssh-open', [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ]);
    await group('rdp-v6', [
      { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    ]);
    await group('restricted', [
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
    ]);
    await group('all-open', [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    const subnetId = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets![0]!.SubnetId!;
    await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Groups: [ids['ssh-open']!] }));
  });

  it('reports world-open ingress, exposed admin ports and attachment per group', async () => {
    const { envelope } = await collectEnvelope(collector, scope, { connection: awsTestConfig(), now });
    const data = envelope.data as SecurityGroupsData;
    expect(envelope.errors).toEqual([]);
    const byName = new Map(data.groups.map((g) => [g.groupName, g]));
    expect(byName.get('ssh-open')).toMatchObject({
      groupId: ids['ssh-open'],
      vpcId: expect.stringMatching(/^vpc-/),
      attached: true,
      openIngress: [
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0', adminPortsExposed: [22] },
      ],
    });
    expect(byName.get('rdp-v6')).toMatchObject({
      attached: false,
      openIngress: [
        { protocol: 'tcp', fromPort: 3389, toPort: 3389, cidr: '::/0', adminPortsExposed: [3389] },
      ],
    });
    expect(byName.get('restricted')).toMatchObject({ attached: false, openIngress: [] });
    expect(byName.get('all-open')!.openIngress).toEqual([
      { protocol: '-1', fromPort: null, toPort: null, cidr: '0.0.0.0/0', adminPortsExposed: data.adminPorts },
    ]);
    expect(data.adminPorts).toEqual(
      expect.arrayContaining([22, 3389, 3306, 5432, 1433, 6379, 9200, 27017, 5900, 23, 21]),
    );
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        service: 'EC2',
        operation: 'DescribeSecurityGroups',
        pages: 1,
        items: data.groups.length,
      }),
    );
  });

  it('uses the configured admin ports', async () => {
    const { envelope } = await collectEnvelope(collector, scope, {
      connection: awsTestConfig(),
      now,
      extras: { adminPorts: [8080, 22] },
    });
    const data = envelope.data as SecurityGroupsData;
    expect(data.adminPorts).toEqual([22, 8080]);
    expect(data.groups.find((g) => g.groupName === 'rdp-v6')!.openIngress[0]!.adminPortsExposed).toEqual([]);
  });

  it('follows NextToken across DescribeSecurityGroups pages', async () => {
    // moto answers every group in one page whatever MaxResults says, so the proxy serves a first page (one
    // group, with a NextToken) and lets the second request, carrying the token, through to moto.
    const seen: Array<string | null> = [];
    const connection = await proxy((req) => {
      if (action(req) !== 'DescribeSecurityGroups') return undefined;
      const q = new URLSearchParams(req.body);
      seen.push(q.get('NextToken'));
      if (q.get('NextToken')) return undefined;
      const body = `<DescribeSecurityGroupsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>p1</requestId><securityGroupInfo><item><groupId>sg-0page1</groupId><groupName>page-one</groupName><vpcId>vpc-1</vpcId><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>5432</fromPort><toPort>5432</toPort><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissions></item></securityGroupInfo><nextToken>page-2</nextToken></DescribeSecurityGroupsResponse>`;
      return { status: 200, body };
    });
    const { envelope } = await collectEnvelope(collector, scope, {
      connection,
      now,
      extras: { pageSize: 5 },
    });
    const data = envelope.data as SecurityGroupsData;
    expect(envelope.errors).toEqual([]);
    expect(seen).toEqual([null, 'page-2']);
    expect(data.groups[0]).toEqual({
      groupId: 'sg-0page1',
      groupName: 'page-one',
      vpcId: 'vpc-1',
      attached: false,
      openIngress: [
        { protocol: 'tcp', fromPort: 5432, toPort: 5432, cidr: '0.0.0.0/0', adminPortsExposed: [5432] },
      ],
    });
    expect(data.groups.map((g) => g.groupName)).toEqual(
      expect.arrayContaining(['ssh-open', 'rdp-v6', 'restricted', 'all-open']),
    );
    expect(envelope.provenance.operations).toContainEqual(
      expect.objectContaining({
        operation: 'DescribeSecurityGroups',
        params: { MaxResults: 5 },
        pages: 2,
        items: data.groups.length,
      }),
    );
  });

  it('records AccessDenied on the interface listing and still reports every group', async () => {
    const connection = await proxy((req) =>
      action(req) === 'DescribeNetworkInterfaces'
        ? { status: 403, body: ec2Error('UnauthorizedOperation') }
        : undefined,
    );
    const { envelope } = await collectEnvelope(collector, scope, { connection, now });
    const data = envelope.data as SecurityGroupsData;
    expect(envelope.errors).toEqual([
      expect.objectContaining({
        code: 'AccessDenied',
        resource: 'network-interfaces',
        operation: 'DescribeNetworkInterfaces',
      }),
    ]);
    expect(envelope.provenance.complete).toBe(false);
    expect(data.groups.find((g) => g.groupName === 'ssh-open')).toMatchObject({
      attached: null,
      openIngress: [expect.objectContaining({ adminPortsExposed: [22] })],
    });
  });

  it('turns a group without an id into InvalidSourceData, and a truncated page into an error', async () => {
    let truncate = false;
    const connection = await proxy((req) => {
      if (action(req) !== 'DescribeSecurityGroups') return undefined;
      const body = truncate
        ? '<DescribeSecurityGroupsResponse><securityGroupInfo><item><groupId>sg-1'
        : '<DescribeSecurityGroupsResponse><securityGroupInfo><item><groupName>no-id</groupName></item></securityGroupInfo></DescribeSecurityGroupsResponse>';
      return { status: 200, body };
    });
    const missing = await collectEnvelope(collector, scope, { connection, now });
    expect(missing.envelope.data).toBeNull();
    expect(missing.envelope.errors).toEqual([expect.objectContaining({ code: 'InvalidSourceData' })]);
    truncate = true;
    const cut = await collectEnvelope(collector, scope, { connection, now });
    expect(cut.envelope.data).toBeNull();
    expect(cut.envelope.errors).toEqual([expect.objectContaining({ operation: 'collect' })]);
  });
});
