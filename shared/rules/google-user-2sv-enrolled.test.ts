import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/google-workspace-users/schema.js';
import { rule } from './google-user-2sv-enrolled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const user = (email: string, suspended: boolean, enrolled: boolean | null) => ({
  id: email,
  primaryEmail: email,
  suspended,
  archived: false,
  isAdmin: false,
  isDelegatedAdmin: false,
  isEnrolledIn2Sv: enrolled,
  isEnforcedIn2Sv: false,
  created: null,
  lastLogin: null,
});
const data = (users: ReturnType<typeof user>[]) => schema.parse({ users, deletedUsers: [] });

describe('google-user-2sv-enrolled', () => {
  it('returns PASS when every active user is enrolled; suspended users are not judged', () => {
    expect(
      rule.evaluate(data([user('a@a.example', false, true), user('e@a.example', true, false)]), ctx).status,
    ).toBe('PASS');
  });

  it('returns FAIL naming users not enrolled or not reported', () => {
    const out = rule.evaluate(
      data([user('c@a.example', false, false), user('d@a.example', false, null)]),
      ctx,
    );
    expect(out).toEqual({
      status: 'FAIL',
      reason: '2 of 2 active Google Workspace users are not enrolled in 2SV',
      failing: [
        { resource: 'c@a.example', reason: 'not enrolled in 2SV' },
        { resource: 'd@a.example', reason: '2SV enrollment not reported' },
      ],
    });
  });

  it('returns NOT_APPLICABLE when every user is suspended', () => {
    expect(rule.evaluate(data([user('e@a.example', true, false)]), ctx).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE for empty input', () => {
    expect(rule.evaluate(data([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
