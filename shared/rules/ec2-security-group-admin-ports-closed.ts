import type { OpenIngress, SecurityGroupsData } from '../collectors/aws-ec2-security-groups/schema.js';
import { defineRule, outcome } from './types.js';

// ICMP "ports" are type/code numbers, not ports.
const NO_PORTS = new Set(['icmp', '1', 'icmpv6', '58']);

/** The thresholds' admin ports an open ingress range reaches (judged here from the range, not the collector's list). */
function exposed(i: OpenIngress, adminPorts: readonly number[]): number[] {
  if (NO_PORTS.has(i.protocol)) return [];
  if (i.protocol === '-1' || i.fromPort === null) return [...adminPorts];
  const to = i.toPort ?? i.fromPort;
  return adminPorts.filter((p) => p >= i.fromPort! && p <= to);
}

function exposure(i: OpenIngress, ports: readonly number[]): string {
  const what = i.protocol === '-1' ? 'all traffic' : `${i.protocol} ${ports.join(', ')}`;
  return `${what} from ${i.cidr}`;
}

/**
 * No security group lets the internet (0.0.0.0/0 or ::/0) reach an administrative port: SSH, RDP, SMB (445),
 * database and other remote-administration ports (`rules.adminPorts`; CIS AWS v4.0.1 5.3 (IPv4) and 5.4 (IPv6) name
 * 22, 3389 and 445). Unattached groups count too: they can be attached at any time.
 */
export const rule = defineRule<SecurityGroupsData>({
  id: 'ec2-security-group-admin-ports-closed',
  version: '2.0.0',
  collector: 'aws-ec2-security-groups',
  controls: ['NET-04'],
  title: 'No security group opens administrative ports to the internet',
  benchmarks: {
    cis: ['5.3', '5.4'],
    prowler: [
      'ec2_securitygroup_allow_ingress_from_internet_to_all_ports',
      'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22',
      'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389',
      'ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mongodb_27017_27018',
    ],
  },
  reads: ['DescribeSecurityGroups'],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as SecurityGroupsData).groups),
  evaluate({ groups }, { thresholds }) {
    const adminPorts = thresholds.adminPorts;
    if (groups.length === 0) return outcome.notApplicable('the region has no security groups');
    const failing = groups.flatMap((g) => {
      const open = g.openIngress
        .map((i) => ({ i, ports: exposed(i, adminPorts) }))
        .filter((o) => o.ports.length > 0);
      if (open.length === 0) return [];
      const how = open.map((o) => exposure(o.i, o.ports)).join('; ');
      return [{ resource: g.groupId, reason: `${g.groupName}: ${how}` }];
    });
    return outcome.of(
      failing,
      `none of ${groups.length} security groups opens ports ${adminPorts.join(', ')} to the internet`,
      `${failing.length} of ${groups.length} security groups open administrative ports to the internet`,
    );
  },
});
