import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/aws-iam-account-summary/schema.js';
import { rule } from './iam-root-access-key-absent.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const summary = (keys: boolean, mfa = false) =>
  schema.parse({
    accountMfaEnabled: mfa,
    accountAccessKeysPresent: keys,
    accountSigningCertificatesPresent: false,
    users: 3,
    groups: 1,
    roles: 4,
    policies: 2,
    mfaDevices: 1,
    mfaDevicesInUse: 1,
  });

describe('iam-root-access-key-absent', () => {
  it('returns PASS when the root user has no access keys, whatever the emulated MFA flag says', () => {
    expect(rule.evaluate(summary(false, false), ctx)).toEqual({
      status: 'PASS',
      reason: 'the root user has no access keys',
      failing: [],
    });
  });

  it('returns FAIL naming the root account when it has access keys', () => {
    const out = rule.evaluate(summary(true, true), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([{ resource: 'root-account', reason: 'AccountAccessKeysPresent=1' }]);
  });

  it('is never NOT_APPLICABLE: every account has a root user, so an empty account passes', () => {
    const empty = schema.parse({
      accountMfaEnabled: false,
      accountAccessKeysPresent: false,
      accountSigningCertificatesPresent: false,
      users: 0,
      groups: 0,
      roles: 0,
      policies: 0,
      mfaDevices: 0,
      mfaDevicesInUse: 0,
    });
    expect(rule.evaluate(empty, ctx).status).toBe('PASS');
  });

  it('refuses data without the access-key flag, so the engine reports UNKNOWN', () => {
    expect(rule.accepts?.({})).toBe(false);
    expect(rule.accepts?.(null)).toBe(false);
  });
});
