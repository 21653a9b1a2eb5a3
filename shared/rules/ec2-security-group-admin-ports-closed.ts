import type { OpenIngress, SecurityGroupsData } from '../collectors/aws-ec2-security-groups/schema.js';
import { defineRule, outcome } from './types.js';

function exposure(i: OpenIngress): string {
  const ports = i.protocol === '-1' ? 'all traffic' : `${i.protocol} ${i.adminPortsExposed.join(', ')}`;
  return `${ports} from ${i.cidr}`;
}

/**
 * No security group lets the internet (0.0.0.0/0 or ::/0) reach an administrative port: SSH, RDP,
 * database ports, as configured for the collector (CIS AWS 5.2, 5.3). Unattached groups count too: they
 * can be attached at any time.
 */
export const rule = defineRule<SecurityGroupsData>({
  id: 'ec2-security-group-admin-ports-closed',
  version: '1.0.0',
  collector: 'aws-ec2-security-groups',
  controls: ['NET-04'],
  title: 'No security group opens administrative ports to the internet',
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as SecurityGroupsData).groups),
  evaluate({ groups, adminPorts }) {
    if (groups.length === 0) return outcome.notApplicable('the region has no security groups');
    const failing = groups.flatMap((g) => {
      const open = g.openIngress.filter((i) => i.adminPortsExposed.length > 0);
      if (open.length === 0) return [];
      return [{ resource: g.groupId, reason: `${g.groupName}: ${open.map(exposure).join('; ')}` }];
    });
    return outcome.of(
      failing,
      `none of ${groups.length} security groups opens ports ${adminPorts.join(', ')} to the internet`,
      `${failing.length} of ${groups.length} security groups open administrative ports to the internet`,
    );
  },
});
