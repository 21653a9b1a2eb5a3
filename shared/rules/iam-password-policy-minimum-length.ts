import { defineRule, outcome } from './types.js';

/** The slice of `aws-iam-password-policy` data this rule reads (structural, so the collector may add fields). */
export interface PasswordPolicyFacts {
  readonly present: boolean;
  readonly policy: { readonly minimumLength: number } | null;
}

/** CIS AWS Foundations 1.8 and NIST SP 800-63B guidance: at least 14 characters. */
export const MINIMUM_PASSWORD_LENGTH = 14;

/** The account's IAM password policy requires passwords of at least 14 characters. */
export const rule = defineRule<PasswordPolicyFacts>({
  id: 'iam-password-policy-minimum-length',
  version: '1.0.0',
  collector: 'aws-iam-password-policy',
  controls: ['IAM-04'],
  title: `IAM password policy requires at least ${MINIMUM_PASSWORD_LENGTH} characters`,
  accepts: (d) =>
    typeof d === 'object' && d !== null && typeof (d as PasswordPolicyFacts).present === 'boolean',
  evaluate(data) {
    if (!data.present || data.policy === null) {
      return outcome.fail('no account password policy is set; IAM defaults allow 8-character passwords', [
        { resource: 'account-password-policy', reason: 'no policy' },
      ]);
    }
    const { minimumLength } = data.policy;
    if (minimumLength >= MINIMUM_PASSWORD_LENGTH) {
      return outcome.pass(`minimum password length is ${minimumLength}`);
    }
    return outcome.fail(`minimum password length is ${minimumLength}, below ${MINIMUM_PASSWORD_LENGTH}`, [
      { resource: 'account-password-policy', reason: `minimumLength=${minimumLength}` },
    ]);
  },
});
