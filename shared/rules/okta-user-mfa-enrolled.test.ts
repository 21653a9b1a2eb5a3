import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/okta-users/schema.js';
import { rule } from './okta-user-mfa-enrolled.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const factor = (status: string) => ({ id: `f-${status}`, factorType: 'push', provider: 'OKTA', status });
const user = (login: string, status: string, factors: ReturnType<typeof factor>[] | null) => ({
  id: `00u${login}`,
  login,
  email: login,
  status,
  statusChanged: null,
  lastLogin: null,
  created: '2025-01-01T00:00:00Z',
  factors,
});
const data = (users: ReturnType<typeof user>[]) => schema.parse({ users });

describe('okta-user-mfa-enrolled', () => {
  it('returns PASS when every user who can sign in has an active factor', () => {
    const out = rule.evaluate(
      data([
        user('alice@a.example', 'ACTIVE', [factor('ACTIVE')]),
        user('erin@a.example', 'DEPROVISIONED', []),
      ]),
      ctx,
    );
    expect(out).toEqual({
      status: 'PASS',
      reason: 'all 1 Okta users who can sign in have an active factor',
      failing: [],
    });
  });

  it('returns FAIL naming users with no active factor or unreadable factors', () => {
    const out = rule.evaluate(
      data([
        user('alice@a.example', 'ACTIVE', [factor('ACTIVE')]),
        user('dave@a.example', 'ACTIVE', [factor('PENDING_ACTIVATION')]),
        user('carol@a.example', 'LOCKED_OUT', null),
      ]),
      ctx,
    );
    expect(out.status).toBe('FAIL');
    expect(out.failing).toEqual([
      { resource: 'dave@a.example', reason: 'ACTIVE user with no active factor' },
      { resource: 'carol@a.example', reason: 'factors could not be read' },
    ]);
  });

  it('returns NOT_APPLICABLE when no user can sign in', () => {
    expect(rule.evaluate(data([user('s@a.example', 'STAGED', [])]), ctx).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE for empty input', () => {
    expect(rule.evaluate(data([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
