import { describe, expect, it } from '@jest/globals';
import { schema, type AdminGrant } from '../collectors/aws-iam-admin-access/schema.js';
import { rule } from './iam-user-admin-access-absent.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const arnOf = (type: string, name: string) => `arn:aws:iam::123456789012:${type}/${name}`;
const grant = (type: AdminGrant['type'], name: string, via: string, policyName = 'AdministratorAccess') => ({
  type,
  name,
  arn: arnOf(type, name),
  via,
  policyName,
  policyArn: via === 'inline' ? null : ADMIN,
});
const data = (admins: ReturnType<typeof grant>[], users = 3, groups = 1, roles = 2) =>
  schema.parse({ counts: { users, groups, roles }, admins, usersWithDirectPolicies: [] });

describe('iam-user-admin-access-absent', () => {
  it('returns PASS when only roles hold administrator access', () => {
    expect(rule.evaluate(data([grant('role', 'OrgAdmin', 'attached')]), ctx)).toEqual({
      status: 'PASS',
      reason: 'none of 3 users and 1 groups holds administrator access',
      failing: [],
    });
  });

  it('returns FAIL naming each user and group once, with every grant it holds', () => {
    const out = rule.evaluate(
      data([
        grant('group', 'admins', 'attached'),
        grant('role', 'OrgAdmin', 'attached'),
        grant('user', 'bob', 'attached'),
        grant('user', 'bob', 'inline', 'god-mode'),
        grant('user', 'carol', 'group:admins'),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.reason).toBe('3 users or groups hold administrator access directly');
    expect(out.failing).toEqual([
      { resource: arnOf('group', 'admins'), reason: 'AdministratorAccess attached' },
      {
        resource: arnOf('user', 'bob'),
        reason: 'AdministratorAccess attached; inline policy god-mode grants *:*',
      },
      { resource: arnOf('user', 'carol'), reason: 'AdministratorAccess through group:admins' },
    ]);
  });

  it('returns NOT_APPLICABLE when the account has roles only', () => {
    expect(rule.evaluate(data([grant('role', 'OrgAdmin', 'attached')], 0, 0, 1), ctx).status).toBe(
      'NOT_APPLICABLE',
    );
  });

  it('returns NOT_APPLICABLE for empty input: no principals at all', () => {
    expect(rule.evaluate(data([], 0, 0, 0), ctx)).toEqual({
      status: 'NOT_APPLICABLE',
      reason: 'the account has no IAM users or groups',
      failing: [],
    });
  });
});
