import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/google-workspace-users/schema.js';
import { rule } from './google-user-2sv-enforced.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const user = (
  email: string,
  suspended: boolean,
  enrolled: boolean | null,
  enforced: boolean | null = true,
) => ({
  id: email,
  primaryEmail: email,
  suspended,
  archived: false,
  isAdmin: false,
  isDelegatedAdmin: false,
  isEnrolledIn2Sv: enrolled,
  isEnforcedIn2Sv: enforced,
  created: null,
  lastLogin: null,
});
const data = (users: ReturnType<typeof user>[]) => schema.parse({ users, deletedUsers: [] });

describe('google-user-2sv-enforced', () => {
  it('returns PASS when every active user has 2SV enforced and enrolled; suspended users are not judged', () => {
    const out = rule.evaluate(
      data([user('a@a.example', false, true), user('e@a.example', true, false, false)]),
      ctx,
    );
    expect(out).toEqual({
      status: 'PASS',
      reason: 'all 1 active Google Workspace users have 2SV enforced and enrolled',
      failing: [],
    });
  });

  it('returns FAIL for a user enrolled but not enforced, and for one enforced but not enrolled', () => {
    const out = rule.evaluate(
      data([
        user('c@a.example', false, true, false),
        user('d@a.example', false, false, true),
        user('ok@a.example', false, true),
      ]),
      ctx,
    );
    expect(out).toEqual({
      status: 'FAIL',
      reason: '2 of 3 active Google Workspace users lack enforced, enrolled 2SV',
      failing: [
        { resource: 'c@a.example', reason: '2SV not enforced' },
        { resource: 'd@a.example', reason: 'not enrolled in 2SV' },
      ],
    });
  });

  it('returns UNKNOWN naming users whose 2SV state the Directory omitted, when no one fails', () => {
    const out = rule.evaluate(
      data([user('a@a.example', false, true), user('q@a.example', false, true, null)]),
      ctx,
    );
    expect(out.status).toBe('UNKNOWN');
    expect(out.reason).toContain('q@a.example');
  });

  it('returns NOT_APPLICABLE for empty input', () => {
    expect(rule.evaluate(data([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
