import { describe, expect, it } from '@jest/globals';
import { schema } from '../collectors/github-org/schema.js';
import { rule } from './github-org-2fa-required.js';
import { ruleContext } from './types.js';

const ctx = ruleContext(new Date('2026-03-01T00:00:00Z'));
const org = (o: Partial<ReturnType<typeof base>> = {}) => schema.parse({ ...base(), ...o });
const base = () => ({
  org: 'acme',
  twoFactorRequirementEnabled: true as boolean | null,
  defaultRepositoryPermission: 'read',
  members: [
    { login: 'alice', role: 'admin' as const },
    { login: 'bob', role: 'member' as const },
  ],
  outsideCollaborators: [{ login: 'carl' }],
  membersWithout2fa: [] as string[] | null,
  outsideCollaboratorsWithout2fa: [] as string[] | null,
});

describe('github-org-2fa-required', () => {
  it('returns PASS when 2FA is required and everyone has it', () => {
    expect(rule.evaluate(org(), ctx)).toEqual({
      status: 'PASS',
      reason: 'acme requires 2FA and all 3 members and collaborators have 2FA',
      failing: [],
    });
  });

  it('returns FAIL naming the org when 2FA is not required, and each person without 2FA', () => {
    const out = rule.evaluate(
      org({
        twoFactorRequirementEnabled: false,
        membersWithout2fa: ['bob'],
        outsideCollaboratorsWithout2fa: ['carl'],
      }),
      ctx,
    );
    expect(out.failing.map((f) => f.resource)).toEqual([
      'github:acme',
      'github:acme/bob',
      'github:acme/carl',
    ]);
  });

  it('returns NOT_APPLICABLE for an org with no members', () => {
    expect(rule.evaluate(org({ members: [], outsideCollaborators: [] }), ctx).status).toBe('NOT_APPLICABLE');
  });

  it('refuses data that does not show who lacks 2FA, so the engine reports UNKNOWN rather than PASS', () => {
    expect(rule.accepts!(org({ twoFactorRequirementEnabled: null, membersWithout2fa: null }))).toBe(false);
    expect(rule.accepts!(org())).toBe(true);
  });

  it('returns NOT_APPLICABLE for empty input', () => {
    const empty = org({ members: [], outsideCollaborators: [], twoFactorRequirementEnabled: null });
    expect(rule.evaluate(empty, ctx).status).toBe('NOT_APPLICABLE');
  });
});
