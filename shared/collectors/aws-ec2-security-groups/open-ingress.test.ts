import { describe, expect, it } from '@jest/globals';
import { DEFAULT_ADMIN_PORTS, openIngress } from './open-ingress.js';

describe('openIngress', () => {
  it('flags SSH open to 0.0.0.0/0', () => {
    const out = openIngress(
      [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      DEFAULT_ADMIN_PORTS,
    );
    expect(out).toEqual([
      { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0', adminPortsExposed: [22] },
    ]);
  });

  it('treats protocol -1 as every port and reports both address families', () => {
    const out = openIngress(
      [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
      [22, 3389],
    );
    expect(out).toEqual([
      { protocol: '-1', fromPort: null, toPort: null, cidr: '0.0.0.0/0', adminPortsExposed: [22, 3389] },
      { protocol: '-1', fromPort: null, toPort: null, cidr: '::/0', adminPortsExposed: [22, 3389] },
    ]);
  });

  it('lists every admin port inside a wide range', () => {
    const out = openIngress(
      [{ IpProtocol: 'tcp', FromPort: 1000, ToPort: 6000, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      DEFAULT_ADMIN_PORTS,
    );
    expect(out[0]!.adminPortsExposed).toEqual([1433, 3306, 3389, 5432, 5900]);
  });

  it('ignores rules limited to private ranges and exposes no ports for ICMP', () => {
    const out = openIngress(
      [
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
        { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      ],
      DEFAULT_ADMIN_PORTS,
    );
    expect(out).toEqual([
      { protocol: 'icmp', fromPort: 8, toPort: null, cidr: '0.0.0.0/0', adminPortsExposed: [] },
    ]);
  });

  it('returns nothing for a group without ingress', () => {
    expect(openIngress([], DEFAULT_ADMIN_PORTS)).toEqual([]);
  });
});
