import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'okta-users',
  version: '1.0.0',
  title: 'Okta users: status, dates and MFA factors',
  source: 'okta',
  scope: 'tenant',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  // OAuth scope for a service app; with an SSWS token, a read-only administrator role grants the same reads.
  permissions: ['okta.users.read'],
};
