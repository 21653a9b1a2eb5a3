import { describe, expect, it } from '@jest/globals';
import { rule } from './iam-password-policy-minimum-length.js';
import { DEFAULT_THRESHOLDS, ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const policy = (minimumLength: number, passwordReusePrevention: number | null = 24) => ({
  present: true,
  policy: { minimumLength, passwordReusePrevention, requireSymbols: true, hardExpiry: false },
});

describe('iam-password-policy-minimum-length', () => {
  it('returns PASS when the policy requires 14 characters or more and remembers 24 passwords', () => {
    expect(rule.evaluate(policy(14), ctx)).toEqual({
      status: 'PASS',
      reason: 'minimum password length is 14 and the last 24 passwords cannot be reused',
      failing: [],
    });
    expect(rule.evaluate(policy(32), ctx).status).toBe('PASS');
  });

  it('returns FAIL naming the policy when it allows shorter passwords', () => {
    const out = rule.evaluate(policy(8), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('minimum length 8 is below 14');
    expect(out.failing).toEqual([
      { resource: 'account-password-policy', reason: 'minimumLength=8, passwordReusePrevention=24' },
    ]);
  });

  it('returns FAIL when password reuse is not prevented or too few passwords are remembered (CIS 1.8)', () => {
    expect(rule.evaluate(policy(16, null), ctx).reason).toBe(
      'password reuse is not prevented (at least 24 remembered)',
    );
    expect(rule.evaluate(policy(16, 5), ctx)).toMatchObject({
      status: 'FAIL',
      reason: 'only the last 5 passwords are remembered, below 24',
    });
  });

  it('reads its thresholds from the configuration', () => {
    const lenient = ruleContext(ctx.now, {
      thresholds: { ...DEFAULT_THRESHOLDS, passwordMinimumLength: 8, passwordReusePrevention: 5 },
    });
    expect(rule.evaluate(policy(8, 5), lenient).status).toBe('PASS');
  });

  it('returns FAIL for empty input: an account without a password policy', () => {
    const out = rule.evaluate({ present: false, policy: null }, ctx);
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([{ resource: 'account-password-policy', reason: 'no policy' }]);
  });

  it('never returns NOT_APPLICABLE: every AWS account has a password policy, set or default', () => {
    for (const data of [policy(1), policy(14), { present: false, policy: null }]) {
      expect(rule.evaluate(data, ctx).status).not.toBe('NOT_APPLICABLE');
    }
  });

  it('accepts only data of the collector shape', () => {
    expect(rule.accepts!({ present: false, policy: null })).toBe(true);
    expect(rule.accepts!({ users: [] })).toBe(false);
    expect(rule.accepts!(null)).toBe(false);
  });

  it('returns UNKNOWN, not FAIL, when the policy could not be read', () => {
    const blind = [{ operation: 'GetAccountPasswordPolicy', why: 'access denied' }];
    const out = rule.evaluate({ present: false, policy: null }, ruleContext(new Date(), { blind }));
    expect(out.status).toBe('UNKNOWN');
  });
});
