import * as z from 'zod';

const principalType = z.enum(['user', 'group', 'role']);

/** One principal's full administrative grant and where it comes from. */
const AdminGrantSchema = z.strictObject({
  type: principalType,
  name: z.string().min(1),
  arn: z.string().startsWith('arn:'),
  /** `attached` (managed policy), `inline`, or `group:<name>` for a user who is admin through a group. */
  via: z.string().regex(/^(attached|inline|group:.+)$/),
  policyName: z.string().min(1),
  /** The managed policy's ARN; null for inline policies. */
  policyArn: z.string().nullable(),
});
export type AdminGrant = z.infer<typeof AdminGrantSchema>;

/** A user with policies of its own (CIS: permissions should come through groups or roles only). */
const DirectPolicyUserSchema = z.strictObject({
  name: z.string().min(1),
  arn: z.string().startsWith('arn:'),
  attachedPolicies: z.array(z.string()),
  inlinePolicies: z.array(z.string()),
});

export const schema = z.strictObject({
  counts: z.strictObject({
    users: z.number().int().nonnegative(),
    groups: z.number().int().nonnegative(),
    roles: z.number().int().nonnegative(),
  }),
  /** Every (principal, policy) pair granting `Allow * on *`, sorted by type, name, via, policy. */
  admins: z.array(AdminGrantSchema),
  usersWithDirectPolicies: z.array(DirectPolicyUserSchema),
});
export type AdminAccessData = z.infer<typeof schema>;
