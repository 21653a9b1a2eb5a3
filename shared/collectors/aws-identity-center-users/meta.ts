import type { CollectorMeta } from '../../kernel/types.js';

/**
 * Scope: 'global' (once per account) with the identity store's home region from configuration
 * (`extras.identityCenter`). A 'regional' plan would call every region, and an account has one Identity
 * Center instance, in one region.
 */
export const meta: CollectorMeta = {
  id: 'aws-identity-center-users',
  version: '1.0.0',
  title: 'IAM Identity Center users and groups (MFA not exposed by any public API)',
  source: 'aws',
  scope: 'global',
  configuredBy: 'identityCenter',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['identitystore:ListUsers', 'identitystore:ListGroups', 'identitystore:ListGroupMemberships'],
};
