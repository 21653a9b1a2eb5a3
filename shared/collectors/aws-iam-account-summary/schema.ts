import * as z from 'zod';

const count = z.number().int().nonnegative();

export const schema = z.strictObject({
  /** Root user has MFA (IAM's AccountMFAEnabled). */
  accountMfaEnabled: z.boolean(),
  /** Root user has access keys (AccountAccessKeysPresent). */
  accountAccessKeysPresent: z.boolean(),
  /** Root user has signing certificates (AccountSigningCertificatesPresent). */
  accountSigningCertificatesPresent: z.boolean(),
  users: count,
  groups: count,
  roles: count,
  /** Customer managed policies. */
  policies: count,
  mfaDevices: count,
  mfaDevicesInUse: count,
});
export type AccountSummaryData = z.infer<typeof schema>;
