import { describe, expect, it } from '@jest/globals';
import { rule } from './iam-password-policy-minimum-length.js';

const ctx = { now: new Date('2026-03-01T00:00:00Z') };
const policy = (minimumLength: number) => ({
  present: true,
  policy: { minimumLength, requireSymbols: true, requireNumbers: true, hardExpiry: false },
});

describe('iam-password-policy-minimum-length', () => {
  it('returns PASS when the policy requires 14 characters or more', () => {
    expect(rule.evaluate(policy(14), ctx)).toEqual({
      status: 'PASS',
      reason: 'minimum password length is 14',
      failing: [],
    });
    expect(rule.evaluate(policy(32), ctx).status).toBe('PASS');
  });

  it('returns FAIL naming the policy when it allows shorter passwords', () => {
    const out = rule.evaluate(policy(8), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('minimum password length is 8, below 14');
    expect(out.failing).toEqual([{ resource: 'account-password-policy', reason: 'minimumLength=8' }]);
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
});
