import * as z from 'zod';

/** The reason carried by every user's MFA fact. */
export const IDENTITY_CENTER_MFA_REASON = "IAM Identity Center exposes no public API for users' MFA devices";

const IdentityCenterUserSchema = z.strictObject({
  id: z.string().min(1),
  userName: z.string().min(1),
  /** Primary (else first) email, lower-cased and trimmed, for reconciliation across sources. */
  email: z.string().nullable(),
  /** ENABLED or DISABLED; null when the store does not report it. */
  status: z.string().nullable(),
  /** Ids of the groups the user is a direct member of (from groups whose memberships could be read). */
  groupIds: z.array(z.string()),
  /** Always UNKNOWN: no public API reports Identity Center MFA devices, and a gap is never a pass. */
  mfa: z.strictObject({ status: z.literal('UNKNOWN'), reason: z.string().min(1) }),
});

const IdentityCenterGroupSchema = z.strictObject({
  id: z.string().min(1),
  displayName: z.string().nullable(),
  /** null when the memberships could not be read (see errors). */
  memberUserIds: z.array(z.string()).nullable(),
});

export const schema = z.strictObject({
  identityStoreId: z.string().min(1),
  region: z.string().min(1),
  users: z.array(IdentityCenterUserSchema),
  groups: z.array(IdentityCenterGroupSchema),
});
export type IdentityCenterUsersData = z.infer<typeof schema>;
