import type { Rule } from './types.js';
import { rule as accessLeaversDeprovisionedWithinSla } from './access-leavers-deprovisioned-within-sla.js';
import { rule as entraUserMfaRegistered } from './entra-user-mfa-registered.js';
import { rule as googleUser2svEnforced } from './google-user-2sv-enforced.js';
import { rule as oktaUserMfaEnrolled } from './okta-user-mfa-enrolled.js';

/**
 * The rules that judge identity-provider evidence and the access reconciliation. IAM Identity Center has no MFA
 * rule on purpose: no public API reports its users' MFA, and a user listing is not evidence of MFA.
 */
export const identityRules: readonly Rule[] = [
  accessLeaversDeprovisionedWithinSla,
  entraUserMfaRegistered,
  googleUser2svEnforced,
  oktaUserMfaEnrolled,
] as readonly Rule[];
