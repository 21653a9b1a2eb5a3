import type { CredentialReportData } from '../collectors/aws-iam-credential-report/schema.js';
import { defineRule, outcome } from './types.js';

/** Every IAM user with a console password has an active MFA device (CIS AWS 1.10). Root is judged apart. */
export const rule = defineRule<CredentialReportData>({
  id: 'iam-user-console-mfa-enabled',
  version: '1.0.0',
  collector: 'aws-iam-credential-report',
  controls: ['IAM-02'],
  title: 'IAM users with a console password have MFA',
  benchmarks: { cis: ['1.10'], prowler: ['iam_user_mfa_enabled_console_access'] },
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as CredentialReportData).users),
  evaluate({ users }) {
    const withPassword = users.filter((u) => u.passwordEnabled === true);
    if (withPassword.length === 0) return outcome.notApplicable('no IAM user has a console password');
    const failing = withPassword
      .filter((u) => !u.mfaActive)
      .map((u) => ({ resource: u.arn, reason: `console user ${u.user} has no MFA device` }));
    return outcome.of(
      failing,
      `all ${withPassword.length} console users have MFA`,
      `${failing.length} of ${withPassword.length} console users have no MFA`,
    );
  },
});
