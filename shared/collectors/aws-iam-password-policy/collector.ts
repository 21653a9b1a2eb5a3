import { GetAccountPasswordPolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { essentialCall } from '../../kernel/errors.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type PasswordPolicyData } from './schema.js';

export const collector = defineCollector<PasswordPolicyData>({
  meta,
  schema,
  async collect(ctx) {
    // The one call there is: a failure other than "no policy" is recorded against it, never read as "no policy".
    const p = await essentialCall('account-password-policy', 'GetAccountPasswordPolicy', async () => {
      try {
        return (await ctx.aws(IAMClient).send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
      } catch (err) {
        // No policy set is a fact about the account, not a failure to collect.
        if ((err as { name?: string }).name === 'NoSuchEntityException') return undefined;
        throw err;
      }
    });
    if (!p) return { data: { present: false, policy: null } };
    return {
      data: {
        present: true,
        policy: {
          minimumLength: p.MinimumPasswordLength ?? 6,
          requireSymbols: p.RequireSymbols ?? false,
          requireNumbers: p.RequireNumbers ?? false,
          requireUppercase: p.RequireUppercaseCharacters ?? false,
          requireLowercase: p.RequireLowercaseCharacters ?? false,
          allowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
          maxPasswordAgeDays: p.MaxPasswordAge ?? null,
          passwordReusePrevention: p.PasswordReusePrevention ?? null,
          hardExpiry: p.HardExpiry ?? false,
        },
      },
    };
  },
});
