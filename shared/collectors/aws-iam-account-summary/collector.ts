import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { essentialCall } from '../../kernel/errors.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type AccountSummaryData } from './schema.js';

/** IAM gives the root flags as 0/1 counts; anything else is left as-is for the schema to reject. */
function flag(value: number | undefined): boolean | undefined {
  if (value === 0) return false;
  if (value === 1) return true;
  return value as unknown as boolean | undefined;
}

export const collector = defineCollector<AccountSummaryData>({
  meta,
  schema,
  async collect(ctx) {
    // The one call there is: its failure is recorded against the call, and the rules read UNKNOWN naming it.
    const { SummaryMap: m = {} } = await essentialCall('account-summary', 'GetAccountSummary', () =>
      ctx.aws(IAMClient).send(new GetAccountSummaryCommand({})),
    );
    // Missing keys stay undefined so the runner's schema check records InvalidSourceData instead of a guess.
    const data = {
      accountMfaEnabled: flag(m.AccountMFAEnabled),
      accountAccessKeysPresent: flag(m.AccountAccessKeysPresent),
      accountSigningCertificatesPresent: flag(m.AccountSigningCertificatesPresent),
      users: m.Users,
      groups: m.Groups,
      roles: m.Roles,
      policies: m.Policies,
      mfaDevices: m.MFADevices,
      mfaDevicesInUse: m.MFADevicesInUse,
    };
    return { data: data as AccountSummaryData };
  },
});
