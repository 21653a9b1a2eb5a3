import type { GoogleWorkspaceUsersData } from '../collectors/google-workspace-users/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * Every Google Workspace user who is neither suspended nor archived has 2-Step Verification enforced
 * (`isEnforcedIn2Sv`, set by the organizational unit's policy) and is enrolled: enrolment alone lets the user turn
 * 2SV off, enforcement alone leaves a user in the enrolment grace period signing in with a password only. A user
 * whose state the Directory omitted is not failed; if no one fails, the rule is UNKNOWN naming them.
 */
export const rule = defineRule<GoogleWorkspaceUsersData>({
  id: 'google-user-2sv-enforced',
  version: '2.0.0',
  collector: 'google-workspace-users',
  controls: ['IAM-02'],
  title: 'Active Google Workspace users have 2-Step Verification enforced and enrolled',
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as GoogleWorkspaceUsersData).users),
  evaluate({ users }) {
    const active = users.filter((u) => u.suspended !== true && u.archived !== true);
    if (active.length === 0) return outcome.notApplicable('no active Google Workspace user');
    const failing = active.flatMap((u) => {
      const gaps = [
        u.isEnforcedIn2Sv === false && '2SV not enforced',
        u.isEnrolledIn2Sv === false && 'not enrolled in 2SV',
      ].filter((g): g is string => typeof g === 'string');
      return gaps.length ? [{ resource: u.primaryEmail, reason: gaps.join(', ') }] : [];
    });
    if (failing.length)
      return outcome.fail(
        `${failing.length} of ${active.length} active Google Workspace users lack enforced, enrolled 2SV`,
        failing,
      );
    const unreported = active.filter((u) => u.isEnforcedIn2Sv === null || u.isEnrolledIn2Sv === null);
    if (unreported.length)
      return outcome.unknown(
        `the Directory did not report 2SV enforcement or enrolment for ${unreported.map((u) => u.primaryEmail).join(', ')}`,
      );
    return outcome.pass(`all ${active.length} active Google Workspace users have 2SV enforced and enrolled`);
  },
});
