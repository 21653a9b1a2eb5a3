import type { OktaUsersData } from '../collectors/okta-users/schema.js';
import { defineRule, outcome } from './types.js';

/** Okta statuses in which a user can sign in (STAGED/PROVISIONED have not activated; SUSPENDED/DEPROVISIONED cannot). */
const CAN_SIGN_IN = new Set(['ACTIVE', 'RECOVERY', 'LOCKED_OUT', 'PASSWORD_EXPIRED']);

/**
 * Every Okta user who can sign in has at least one ACTIVE factor. Okta's users and factors APIs report enrolment;
 * enforcement lives in sign-on policies this collector does not read, so an active factor is the evidence judged.
 * Unreadable factors never pass.
 */
export const rule = defineRule<OktaUsersData>({
  id: 'okta-user-mfa-enrolled',
  version: '1.0.0',
  collector: 'okta-users',
  controls: ['IAM-02'],
  title: 'Okta users who can sign in have an active MFA factor',
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as OktaUsersData).users),
  evaluate({ users }) {
    const judged = users.filter((u) => CAN_SIGN_IN.has(u.status));
    if (judged.length === 0) return outcome.notApplicable('no Okta user can sign in');
    const failing = judged
      .filter((u) => !u.factors?.some((f) => f.status === 'ACTIVE'))
      .map((u) => ({
        resource: u.login,
        reason: u.factors === null ? 'factors could not be read' : `${u.status} user with no active factor`,
      }));
    return outcome.of(
      failing,
      `all ${judged.length} Okta users who can sign in have an active factor`,
      `${failing.length} of ${judged.length} Okta users who can sign in have no active factor`,
    );
  },
});
