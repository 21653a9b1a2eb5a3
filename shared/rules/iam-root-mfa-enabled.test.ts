import { describe, expect, it } from '@jest/globals';
import { schema, type CredentialEntry } from '../collectors/aws-iam-credential-report/schema.js';
import { rule } from './iam-root-mfa-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const key = { active: false, lastRotated: null, lastUsed: null };
const root = (mfaActive: boolean): CredentialEntry => ({
  user: '<root_account>',
  arn: 'arn:aws:iam::123456789012:root',
  createdAt: '2020-01-01T00:00:00Z',
  passwordEnabled: null,
  passwordLastUsed: null,
  passwordLastChanged: null,
  passwordNextRotation: null,
  mfaActive,
  accessKey1: key,
  accessKey2: key,
  cert1Active: false,
  cert2Active: false,
});
const report = (r: CredentialEntry | null) =>
  schema.parse({ generatedAt: '2026-02-28T00:00:00Z', root: r, users: [] });

describe('iam-root-mfa-enabled', () => {
  it('returns PASS when the root row shows MFA', () => {
    expect(rule.evaluate(report(root(true)), ctx)).toEqual({
      status: 'PASS',
      reason: 'the root user has MFA enabled',
      failing: [],
    });
  });

  it('returns FAIL naming the root ARN when the root user has no MFA', () => {
    const out = rule.evaluate(report(root(false)), ctx);
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([{ resource: 'arn:aws:iam::123456789012:root', reason: 'mfa_active=false' }]);
  });

  it('returns UNKNOWN, never NOT_APPLICABLE, for a report without the root row every account has', () => {
    expect(rule.evaluate(report(null), ctx)).toEqual({
      status: 'UNKNOWN',
      reason:
        'the credential report has no root account row, so whether the root user has MFA cannot be seen',
      failing: [],
    });
  });

  it('refuses data without a root field', () => {
    expect(rule.accepts?.({ users: [] })).toBe(false);
    expect(rule.accepts?.(report(null))).toBe(true);
  });
});
