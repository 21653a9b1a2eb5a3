import * as z from 'zod';

/** One ingress permission open to 0.0.0.0/0 or ::/0. */
const OpenIngressSchema = z.strictObject({
  /** As AWS reports it: `tcp`, `udp`, `icmp`, `-1` (all traffic) or a protocol number. */
  protocol: z.string().min(1),
  /** Null when the rule covers all ports (`-1`). */
  fromPort: z.number().int().nullable(),
  toPort: z.number().int().nullable(),
  cidr: z.enum(['0.0.0.0/0', '::/0']),
  /** The configured administrative ports this rule opens (all of them for protocol -1). */
  adminPortsExposed: z.array(z.number().int()),
});
export type OpenIngress = z.infer<typeof OpenIngressSchema>;

const SecurityGroupSchema = z.strictObject({
  groupId: z.string().min(1),
  groupName: z.string(),
  vpcId: z.string().nullable(),
  /** Whether any network interface uses the group; null when interfaces could not be listed. */
  attached: z.boolean().nullable(),
  openIngress: z.array(OpenIngressSchema),
});
export type SecurityGroup = z.infer<typeof SecurityGroupSchema>;

export const schema = z.strictObject({
  groups: z.array(SecurityGroupSchema),
  /** The administrative ports checked (configuration in force for this run). */
  adminPorts: z.array(z.number().int()),
});
export type SecurityGroupsData = z.infer<typeof schema>;
