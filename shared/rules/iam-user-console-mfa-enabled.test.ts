import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/aws-iam-credential-report/schema.js';
import { rule } from './iam-user-console-mfa-enabled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const key = { active: false, lastRotated: null, lastUsed: null };
const user = (name: string, passwordEnabled: boolean, mfaActive: boolean) => ({
  user: name,
  arn: `arn:aws:iam::123456789012:user/${name}`,
  createdAt: '2025-01-01T00:00:00Z',
  passwordEnabled,
  passwordLastUsed: null,
  passwordLastChanged: null,
  passwordNextRotation: null,
  mfaActive,
  accessKey1: key,
  accessKey2: key,
  cert1Active: false,
  cert2Active: false,
});
const report = (users: ReturnType<typeof user>[]) =>
  schema.parse({ generatedAt: '2026-02-28T00:00:00Z', root: null, users });

describe('iam-user-console-mfa-enabled', () => {
  it('returns PASS when every console user has MFA; API-only users are not judged', () => {
    const out = rule.evaluate(report([user('alice', true, true), user('ci-bot', false, false)]), ctx);
    expect(out).toEqual({ status: 'PASS', reason: 'all 1 console users have MFA', failing: [] });
  });

  it('returns FAIL naming each console user without MFA', () => {
    const out = rule.evaluate(
      report([user('alice', true, true), user('bob', true, false), user('carol', true, false)]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('2 of 3 console users have no MFA');
    expect(out.failing).toEqual([
      { resource: 'arn:aws:iam::123456789012:user/bob', reason: 'console user bob has no MFA device' },
      { resource: 'arn:aws:iam::123456789012:user/carol', reason: 'console user carol has no MFA device' },
    ]);
  });

  it('returns NOT_APPLICABLE when no user has a console password', () => {
    expect(rule.evaluate(report([user('ci-bot', false, false)]), ctx).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE for empty input: no users', () => {
    expect(rule.evaluate(report([]), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'no IAM user has a console password',
      failing: [],
    });
  });
});
