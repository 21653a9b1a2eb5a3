import type { AccountSummaryData } from '../collectors/aws-iam-account-summary/schema.js';
import { defineRule, outcome } from './types.js';

/** The resource name failures use: the summary carries no ARN. */
const ROOT_RESOURCE = 'root-account';

/**
 * The root user has no access keys (CIS AWS 1.4), read from the account summary's
 * AccountAccessKeysPresent, which every account reports (the credential report may lack a root row).
 */
export const rule = defineRule<AccountSummaryData>({
  id: 'iam-root-access-key-absent',
  version: '1.0.0',
  collector: 'aws-iam-account-summary',
  controls: ['IAM-05'],
  title: 'The root user has no access keys',
  benchmarks: { cis: ['1.4'], prowler: ['iam_no_root_access_key'] },
  accepts: (d) =>
    typeof d === 'object' &&
    d !== null &&
    typeof (d as Partial<AccountSummaryData>).accountAccessKeysPresent === 'boolean',
  evaluate(data) {
    if (!data.accountAccessKeysPresent) return outcome.pass('the root user has no access keys');
    return outcome.fail('the root user has access keys', [
      { resource: ROOT_RESOURCE, reason: 'AccountAccessKeysPresent=1' },
    ]);
  },
});
