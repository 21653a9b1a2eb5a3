import {
  EC2Client,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroups,
} from '@aws-sdk/client-ec2';
import { ConfigError } from '../../errors.js';
import { defineCollector, requestedPageSize } from '../../kernel/types.js';
import type { AwsExtras } from '../../sources/aws/extras.js';
import { meta } from './meta.js';
import { DEFAULT_ADMIN_PORTS, openIngress } from './open-ingress.js';
import { schema, type SecurityGroupsData } from './schema.js';

/**
 * Lists every security group in the region with its ingress rules open to 0.0.0.0/0 or ::/0 and the
 * administrative ports they expose. Attachment comes from one paginated DescribeNetworkInterfaces
 * listing (not one call per group). Extras: `adminPorts` (number[]) replaces the default port list;
 * `pageSize` (tests) sets MaxResults.
 */
export const collector = defineCollector<SecurityGroupsData, AwsExtras>({
  meta,
  schema,
  async collect(ctx) {
    const ec2 = ctx.aws(EC2Client);
    const pageSize = requestedPageSize(ctx);
    const adminPorts = readAdminPorts(ctx.extras.adminPorts);

    const inUse = await ctx.tryResource('network-interfaces', 'DescribeNetworkInterfaces', async () => {
      const ids = new Set<string>();
      for await (const page of paginateDescribeNetworkInterfaces({ client: ec2, pageSize }, {})) {
        for (const eni of page.NetworkInterfaces ?? [])
          for (const g of eni.Groups ?? []) if (g.GroupId) ids.add(g.GroupId);
      }
      return ids;
    });

    const groups: SecurityGroupsData['groups'] = [];
    for await (const page of paginateDescribeSecurityGroups({ client: ec2, pageSize }, {})) {
      for (const g of page.SecurityGroups ?? []) {
        groups.push({
          // A group without an id is malformed: left undefined so the schema rejects the run.
          groupId: g.GroupId as string,
          groupName: g.GroupName ?? '',
          vpcId: g.VpcId ?? null,
          attached: inUse ? inUse.has(g.GroupId ?? '') : null,
          openIngress: openIngress(g.IpPermissions ?? [], adminPorts),
        });
      }
    }
    return { data: { groups, adminPorts: [...adminPorts] } };
  },
});

function readAdminPorts(value: unknown): readonly number[] {
  if (value === undefined) return DEFAULT_ADMIN_PORTS;
  if (!Array.isArray(value) || !value.every((p) => Number.isInteger(p) && p >= 0 && p <= 65535)) {
    throw new ConfigError(['extras.adminPorts must be an array of port numbers (0-65535)']);
  }
  return [...(value as number[])].sort((a, b) => a - b);
}
