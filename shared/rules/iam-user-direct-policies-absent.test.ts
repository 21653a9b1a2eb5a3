import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/aws-iam-admin-access/schema.js';
import { rule } from './iam-user-direct-policies-absent.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const arn = (n: string) => `arn:aws:iam::123456789012:user/${n}`;
const direct = (name: string, attachedPolicies: string[], inlinePolicies: string[]) => ({
  name,
  arn: arn(name),
  attachedPolicies,
  inlinePolicies,
});
const data = (usersWithDirectPolicies: ReturnType<typeof direct>[], users = 4) =>
  schema.parse({ counts: { users, groups: 2, roles: 1 }, admins: [], usersWithDirectPolicies });

describe('iam-user-direct-policies-absent', () => {
  it('returns PASS when users get permissions only through groups', () => {
    expect(rule.evaluate(data([]), ctx)).toEqual({
      status: 'PASS',
      reason: 'none of 4 users has policies of its own',
      failing: [],
    });
  });

  it('returns FAIL naming each user with its attached and inline policies', () => {
    const out = rule.evaluate(
      data([
        direct('bob', ['arn:aws:iam::aws:policy/AdministratorAccess'], []),
        direct('dave', ['arn:aws:iam::123456789012:policy/deploy'], ['s3-debug']),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('2 of 4 users have directly attached or inline policies');
    expect(out.failing).toEqual([
      { resource: arn('bob'), reason: 'attached arn:aws:iam::aws:policy/AdministratorAccess' },
      { resource: arn('dave'), reason: 'attached arn:aws:iam::123456789012:policy/deploy, inline s3-debug' },
    ]);
  });

  it('ignores listed users whose policy lists are empty', () => {
    expect(rule.evaluate(data([direct('erin', [], [])]), ctx).status).toBe('PASS');
  });

  it('returns NOT_APPLICABLE for empty input: no users', () => {
    expect(rule.evaluate(data([], 0), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'the account has no IAM users',
      failing: [],
    });
  });
});
