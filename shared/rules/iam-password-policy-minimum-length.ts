import { defineRule, outcome } from './types.js';

/** The slice of `aws-iam-password-policy` data this rule reads (structural, so the collector may add fields). */
export interface PasswordPolicyFacts {
  readonly present: boolean;
  readonly policy: {
    readonly minimumLength: number;
    readonly passwordReusePrevention?: number | null;
  } | null;
}

/**
 * The account's IAM password policy requires passwords of at least 14 characters (CIS AWS 1.8) and prevents
 * reuse of the last 24 (CIS AWS 1.9); both thresholds are configurable under `rules`.
 */
export const rule = defineRule<PasswordPolicyFacts>({
  id: 'iam-password-policy-minimum-length',
  version: '2.0.0',
  collector: 'aws-iam-password-policy',
  controls: ['IAM-04'],
  title: 'IAM password policy requires long passwords and prevents reuse',
  benchmarks: {
    cis: ['1.8', '1.9'],
    prowler: ['iam_password_policy_minimum_length_14', 'iam_password_policy_reuse_24'],
  },
  accepts: (d) =>
    typeof d === 'object' && d !== null && typeof (d as PasswordPolicyFacts).present === 'boolean',
  evaluate(data, { thresholds, blind }) {
    const length = thresholds.passwordMinimumLength;
    const reuse = thresholds.passwordReusePrevention;
    // "No policy" is knowledge only when the read succeeded: a failed GetAccountPasswordPolicy proves nothing.
    if ((!data.present || data.policy === null) && blind.length > 0) {
      return outcome.unknown('the account password policy could not be read');
    }
    if (!data.present || data.policy === null) {
      return outcome.fail('no account password policy is set; IAM defaults allow 8-character passwords', [
        { resource: 'account-password-policy', reason: 'no policy' },
      ]);
    }
    const { minimumLength } = data.policy;
    const remembered = data.policy.passwordReusePrevention ?? 0;
    const problems: string[] = [];
    if (minimumLength < length) problems.push(`minimum length ${minimumLength} is below ${length}`);
    if (remembered < reuse)
      problems.push(
        remembered === 0
          ? `password reuse is not prevented (at least ${reuse} remembered)`
          : `only the last ${remembered} passwords are remembered, below ${reuse}`,
      );
    if (problems.length === 0) {
      return outcome.pass(
        `minimum password length is ${minimumLength} and the last ${remembered} passwords cannot be reused`,
      );
    }
    return outcome.fail(problems.join('; '), [
      {
        resource: 'account-password-policy',
        reason: `minimumLength=${minimumLength}, passwordReusePrevention=${remembered || 'none'}`,
      },
    ]);
  },
});
