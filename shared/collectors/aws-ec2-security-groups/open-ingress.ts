import type { IpPermission } from '@aws-sdk/client-ec2';
import type { OpenIngress } from './schema.js';

/**
 * Ports whose exposure the collector lists for reading convenience; override with `ctx.extras.adminPorts`. The
 * rule judges the raw port ranges against its own configurable list, so this list only shapes the artifact.
 */
export const DEFAULT_ADMIN_PORTS: readonly number[] = [
  21, 22, 23, 445, 1433, 3306, 3389, 5432, 5900, 6379, 9200, 27017,
];

const WORLD_V4 = '0.0.0.0/0';
const WORLD_V6 = '::/0';
// ICMP "ports" are type/code numbers, not ports.
const NO_PORTS = new Set(['icmp', '1', 'icmpv6', '58']);

/** The ingress permissions of a group that are open to the whole internet, one entry per open range. */
export function openIngress(
  permissions: readonly IpPermission[],
  adminPorts: readonly number[],
): OpenIngress[] {
  const out: OpenIngress[] = [];
  for (const p of permissions) {
    const cidrs: Array<OpenIngress['cidr']> = [];
    if ((p.IpRanges ?? []).some((r) => r.CidrIp === WORLD_V4)) cidrs.push(WORLD_V4);
    if ((p.Ipv6Ranges ?? []).some((r) => r.CidrIpv6 === WORLD_V6)) cidrs.push(WORLD_V6);
    if (cidrs.length === 0) continue;
    const protocol = p.IpProtocol as string;
    const all = protocol === '-1';
    const fromPort = all || p.FromPort === undefined || p.FromPort === -1 ? null : p.FromPort;
    const toPort = all || p.ToPort === undefined || p.ToPort === -1 ? null : p.ToPort;
    const exposed = NO_PORTS.has(protocol)
      ? []
      : adminPorts.filter((port) =>
          fromPort === null ? true : port >= fromPort && port <= (toPort ?? fromPort),
        );
    for (const cidr of cidrs)
      out.push({ protocol, fromPort, toPort, cidr, adminPortsExposed: [...exposed].sort((a, b) => a - b) });
  }
  return out;
}
