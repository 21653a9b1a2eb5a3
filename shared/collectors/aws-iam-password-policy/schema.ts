import * as z from 'zod';

const PasswordPolicySchema = z.strictObject({
  minimumLength: z.number().int(),
  requireSymbols: z.boolean(),
  requireNumbers: z.boolean(),
  requireUppercase: z.boolean(),
  requireLowercase: z.boolean(),
  allowUsersToChangePassword: z.boolean(),
  maxPasswordAgeDays: z.number().int().nullable(),
  passwordReusePrevention: z.number().int().nullable(),
  hardExpiry: z.boolean(),
});

export const schema = z.strictObject({
  /** False when the account has no password policy (IAM defaults apply). */
  present: z.boolean(),
  policy: PasswordPolicySchema.nullable(),
});
export type PasswordPolicyData = z.infer<typeof schema>;
