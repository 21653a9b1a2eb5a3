import { describe, expect, it } from '@jest/globals';
import { DEFAULT_THRESHOLDS, ruleContext } from './types.js';
import { schema } from '../collectors/aws-iam-credential-report/schema.js';
import { rule } from './iam-user-unused-credentials-disabled.js';

const now = new Date('2026-03-01T00:00:00Z');
const ago = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
const off = { active: false, lastRotated: null, lastUsed: null };
const key = (rotatedDaysAgo: number, usedDaysAgo: number | null) => ({
  active: true,
  lastRotated: ago(rotatedDaysAgo),
  lastUsed: usedDaysAgo === null ? null : ago(usedDaysAgo),
});
const arn = (n: string) => `arn:aws:iam::123456789012:user/${n}`;
const user = (
  name: string,
  o: { password?: boolean; pwUsed?: number | null; created?: number; k1?: object; k2?: object } = {},
) => ({
  user: name,
  arn: arn(name),
  createdAt: ago(o.created ?? 400),
  passwordEnabled: o.password ?? false,
  passwordLastUsed: o.pwUsed == null ? null : ago(o.pwUsed),
  passwordLastChanged: null,
  passwordNextRotation: null,
  mfaActive: true,
  accessKey1: o.k1 ?? off,
  accessKey2: o.k2 ?? off,
  cert1Active: false,
  cert2Active: false,
});
const report = (users: ReturnType<typeof user>[]) =>
  schema.parse({ generatedAt: now.toISOString(), root: null, users });

describe('iam-user-unused-credentials-disabled', () => {
  it('returns PASS when every enabled credential was used within 45 days (CIS 1.11)', () => {
    const out = rule.evaluate(
      report([
        user('alice', { password: true, pwUsed: 3, k1: key(200, 45) }),
        user('new', { password: true, created: 10 }),
      ]),
      ruleContext(now),
    );
    expect(out).toEqual({
      status: 'PASS',
      reason: 'all 3 enabled credentials were used within 45 days',
      failing: [],
    });
  });

  it('returns FAIL naming stale passwords and keys, including never-used ones', () => {
    const out = rule.evaluate(
      report([
        user('leaver', { password: true, pwUsed: 150 }),
        user('ghost', { password: true, pwUsed: null, created: 120 }),
        user('ci', { k1: key(30, 5), k2: key(100, null) }),
        user('idle', { k1: key(200, 46) }),
      ]),
      ruleContext(now),
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('4 of 5 enabled credentials are unused for more than 45 days');
    expect(out.failing).toEqual([
      { resource: arn('leaver'), reason: 'console password unused for 150 days' },
      { resource: arn('ghost'), reason: 'console password never used for 120 days' },
      { resource: `${arn('ci')}#key2`, reason: 'access key never used for 100 days' },
      { resource: `${arn('idle')}#key1`, reason: 'access key unused for 46 days' },
    ]);
  });

  it('reads the threshold from the configuration', () => {
    const data = report([user('idle', { k1: key(200, 60) })]);
    const ninety = ruleContext(now, { thresholds: { ...DEFAULT_THRESHOLDS, unusedCredentialDays: 90 } });
    expect(rule.evaluate(data, ninety).status).toBe('PASS');
    expect(rule.evaluate(data, ruleContext(now)).status).toBe('FAIL');
  });

  it('returns NOT_APPLICABLE when no user has an enabled password or active key', () => {
    expect(rule.evaluate(report([user('dormant')]), ruleContext(now)).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE for empty input: no users', () => {
    expect(rule.evaluate(report([]), ruleContext(now))).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'no IAM user has an enabled password or active key',
      failing: [],
    });
  });
});
