import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'entra-users',
  version: '1.0.0',
  title: 'Microsoft Entra ID users: status, sign-in activity, MFA registration and deleted users',
  source: 'entra',
  scope: 'tenant',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  // Microsoft Graph application permissions. signInActivity and the registration report also need Entra ID P1.
  permissions: ['User.Read.All', 'AuditLog.Read.All'],
};
