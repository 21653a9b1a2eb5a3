import type { CredentialReportData } from '../collectors/aws-iam-credential-report/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * The root user has MFA, read from the credential report's `<root_account>` row. Every AWS account has a root
 * user and AWS always reports its row, so a report without one is evidence that should exist and does not:
 * UNKNOWN with that reason, never NOT_APPLICABLE (which would let the root-keys rule alone pass IAM-05).
 */
export const rule = defineRule<CredentialReportData>({
  id: 'iam-root-mfa-enabled',
  version: '2.0.0',
  collector: 'aws-iam-credential-report',
  controls: ['IAM-05'],
  title: 'The root user has MFA enabled',
  benchmarks: { cis: ['1.5'], prowler: ['iam_root_mfa_enabled'] },
  accepts: (d) => typeof d === 'object' && d !== null && 'root' in d,
  evaluate({ root }) {
    if (root === null)
      return outcome.unknown(
        'the credential report has no root account row, so whether the root user has MFA cannot be seen',
      );
    if (root.mfaActive) return outcome.pass('the root user has MFA enabled');
    return outcome.fail('the root user has no MFA device', [
      { resource: root.arn, reason: 'mfa_active=false' },
    ]);
  },
});
