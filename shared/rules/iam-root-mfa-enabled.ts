import type { CredentialReportData } from '../collectors/aws-iam-credential-report/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * The root user has MFA, read from the credential report's `<root_account>` row. The account summary's
 * AccountMFAEnabled says the same on AWS, but emulators report it as always 0; a report without a root row
 * (the emulator again) cannot tell, so the rule is NOT_APPLICABLE rather than guessing.
 */
export const rule = defineRule<CredentialReportData>({
  id: 'iam-root-mfa-enabled',
  version: '1.0.0',
  collector: 'aws-iam-credential-report',
  controls: ['IAM-05'],
  title: 'The root user has MFA enabled',
  accepts: (d) => typeof d === 'object' && d !== null && 'root' in d,
  evaluate({ root }) {
    if (root === null) return outcome.notApplicable('the credential report has no root account row');
    if (root.mfaActive) return outcome.pass('the root user has MFA enabled');
    return outcome.fail('the root user has no MFA device', [
      { resource: root.arn, reason: 'mfa_active=false' },
    ]);
  },
});
