import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'google-workspace-users',
  version: '1.0.0',
  title: 'Google Workspace users: suspension, 2-Step Verification, admin roles and deleted users',
  source: 'google-workspace',
  scope: 'tenant',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  // The one OAuth scope delegated to the service account (domain-wide delegation).
  permissions: ['https://www.googleapis.com/auth/admin.directory.user.readonly'],
};
