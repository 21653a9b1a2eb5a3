import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/entra-users/schema.js';
import { rule } from './entra-user-mfa-registered.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const user = (upn: string, enabled: boolean | null, registered: boolean | null) => ({
  id: upn,
  userPrincipalName: upn,
  email: upn,
  accountEnabled: enabled,
  userType: 'Member',
  created: null,
  lastSignIn: null,
  lastNonInteractiveSignIn: null,
  mfa:
    registered === null
      ? null
      : { registered, capable: registered, methods: registered ? ['microsoftAuthenticatorPush'] : [] },
  isAdmin: false,
});
const data = (users: ReturnType<typeof user>[]) =>
  schema.parse({ signInActivityAvailable: true, users, deletedUsers: [] });

describe('entra-user-mfa-registered', () => {
  it('returns PASS when every enabled user is registered; disabled users are not judged', () => {
    const out = rule.evaluate(
      data([user('alice@a.example', true, true), user('erin@a.example', false, false)]),
      ctx,
    );
    expect(out.status).toBe('PASS');
  });

  it('returns FAIL naming unregistered users and users without registration details', () => {
    const out = rule.evaluate(
      data([
        user('alice@a.example', true, true),
        user('carol@a.example', true, false),
        user('dave@a.example', null, null),
        { ...user('sms@a.example', true, true), mfa: { registered: true, capable: false, methods: ['sms'] } },
      ]),
      ctx,
    );
    expect(out.failing).toEqual([
      { resource: 'carol@a.example', reason: 'not registered for MFA' },
      { resource: 'dave@a.example', reason: 'no MFA registration details for the user' },
      {
        resource: 'sms@a.example',
        reason: 'registered, but with no method the MFA policy allows (not MFA capable)',
      },
    ]);
  });

  it('returns NOT_APPLICABLE when every user is disabled', () => {
    expect(rule.evaluate(data([user('erin@a.example', false, null)]), ctx).status).toBe('NOT_APPLICABLE');
  });

  it('returns NOT_APPLICABLE for empty input', () => {
    expect(rule.evaluate(data([]), ctx).status).toBe('NOT_APPLICABLE');
  });
});
