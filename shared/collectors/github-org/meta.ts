import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'github-org',
  version: '1.0.0',
  title:
    'GitHub organization: 2FA requirement, members and roles, outside collaborators, members without 2FA',
  source: 'github',
  scope: 'org',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  // GitHub App permissions. The 2FA filters answer only for organization owners (or an App with
  // organization administration); without it they fail and are recorded as errors.
  permissions: ['organization_administration:read', 'members:read'],
};
