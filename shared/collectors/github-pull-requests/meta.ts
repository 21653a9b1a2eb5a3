import type { CollectorMeta } from '../types.js';

export const meta: CollectorMeta = {
  id: 'github-pull-requests',
  version: '1.1.0',
  title:
    'GitHub pull requests merged into default branches: author, approvals at merge time, required checks',
  source: 'github',
  scope: 'org',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  // GitHub App permissions: metadata (repo listing), pull_requests (PRs, reviews), administration (required
  // checks from branch protection and rules), checks and statuses (check runs / commit statuses).
  permissions: ['metadata:read', 'pull_requests:read', 'administration:read', 'checks:read', 'statuses:read'],
};
