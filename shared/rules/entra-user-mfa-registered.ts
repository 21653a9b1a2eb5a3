import type { EntraUsersData } from '../collectors/entra-users/schema.js';
import { defineRule, outcome } from './types.js';

/** Every enabled Entra ID user (members and guests) is registered for MFA; no registration details never pass. */
export const rule = defineRule<EntraUsersData>({
  id: 'entra-user-mfa-registered',
  version: '1.0.0',
  collector: 'entra-users',
  controls: ['IAM-02'],
  title: 'Enabled Entra ID users are registered for MFA',
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as EntraUsersData).users),
  evaluate({ users }) {
    const enabled = users.filter((u) => u.accountEnabled !== false);
    if (enabled.length === 0) return outcome.notApplicable('no enabled Entra ID user');
    const failing = enabled
      .filter((u) => u.mfa?.registered !== true)
      .map((u) => ({
        resource: u.userPrincipalName,
        reason: u.mfa === null ? 'no MFA registration details for the user' : 'not registered for MFA',
      }));
    return outcome.of(
      failing,
      `all ${enabled.length} enabled Entra ID users are registered for MFA`,
      `${failing.length} of ${enabled.length} enabled Entra ID users are not registered for MFA`,
    );
  },
});
