import type { EntraUsersData } from '../collectors/entra-users/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * Every enabled Entra ID user (members and guests) is registered for MFA with a method the tenant's authentication
 * methods policy allows (`isMfaCapable`): the nearest Graph report to enforcement, since a registration the policy
 * does not accept is never asked for at sign-in. No registration details never pass.
 */
export const rule = defineRule<EntraUsersData>({
  id: 'entra-user-mfa-registered',
  version: '2.0.0',
  collector: 'entra-users',
  controls: ['IAM-02'],
  title: 'Enabled Entra ID users are registered for MFA with a method the policy allows',
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as EntraUsersData).users),
  evaluate({ users }) {
    const enabled = users.filter((u) => u.accountEnabled !== false);
    if (enabled.length === 0) return outcome.notApplicable('no enabled Entra ID user');
    const failing = enabled
      .filter((u) => u.mfa?.registered !== true || !u.mfa.capable)
      .map((u) => ({
        resource: u.userPrincipalName,
        reason:
          u.mfa === null
            ? 'no MFA registration details for the user'
            : !u.mfa.registered
              ? 'not registered for MFA'
              : 'registered, but with no method the MFA policy allows (not MFA capable)',
      }));
    return outcome.of(
      failing,
      `all ${enabled.length} enabled Entra ID users are registered for MFA`,
      `${failing.length} of ${enabled.length} enabled Entra ID users are not registered for MFA`,
    );
  },
});
