import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'github-repos',
  version: '1.0.0',
  title:
    'GitHub repositories: visibility, default-branch protection and rulesets, security and analysis settings',
  source: 'github',
  scope: 'org',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  // GitHub App permissions: repository metadata (listing), administration (branch protection, rules, and the
  // security_and_analysis block, shown to admins only).
  permissions: ['metadata:read', 'administration:read'],
};
