import { describe, expect, it } from '@jest/globals';
import { ruleContext } from './types.js';
import { rule, type AccessKeyFacts } from './iam-access-key-rotated.js';

const now = new Date('2026-03-01T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
const none: { active: boolean; lastRotated: string | null } = { active: false, lastRotated: null };
const key = (days: number) => ({ active: true, lastRotated: daysAgo(days) });
const user = (
  name: string,
  accessKey1: AccessKeyFacts['users'][number]['accessKey1'],
  accessKey2 = none,
) => ({
  arn: `arn:aws:iam::123456789012:user/${name}`,
  accessKey1,
  accessKey2,
});

describe('iam-access-key-rotated', () => {
  it('returns PASS when every active key is at most 90 days old', () => {
    const out = rule.evaluate(
      { users: [user('alice', key(10), key(90)), user('bob', none)] },
      ruleContext(now),
    );
    expect(out).toEqual({
      status: 'PASS',
      reason: 'all 2 active access keys were rotated within 90 days',
      failing: [],
    });
  });

  it('returns FAIL listing each old key with its age', () => {
    const out = rule.evaluate(
      { users: [user('alice', key(10)), user('carol', key(91), key(400))] },
      ruleContext(now),
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('2 of 3 active access keys are older than 90 days');
    expect(out.failing).toEqual([
      { resource: 'arn:aws:iam::123456789012:user/carol#key1', reason: 'last rotated 91 days ago' },
      { resource: 'arn:aws:iam::123456789012:user/carol#key2', reason: 'last rotated 400 days ago' },
    ]);
  });

  it('returns FAIL for an active key whose rotation date is unknown', () => {
    const out = rule.evaluate(
      { users: [user('dave', { active: true, lastRotated: null })] },
      ruleContext(now),
    );
    expect(out.failing).toEqual([
      { resource: 'arn:aws:iam::123456789012:user/dave#key1', reason: 'rotation date unknown' },
    ]);
  });

  it('returns NOT_APPLICABLE when no key is active', () => {
    expect(rule.evaluate({ users: [user('erin', none, none)] }, ruleContext(now)).status).toBe(
      'NOT_APPLICABLE',
    );
  });

  it('returns NOT_APPLICABLE for empty input: no users', () => {
    expect(rule.evaluate({ users: [] }, ruleContext(now))).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'no active access keys',
      failing: [],
    });
  });
});
