import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'github-pull-requests',
  version: '1.1.0',
  title:
    'GitHub pull requests merged into default branches (author, approvals of the last commit, required checks) and commits pushed without one',
  source: 'github',
  scope: 'org',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  // GitHub App permissions: metadata (repo listing), pull_requests (PRs, reviews), administration (required
  // checks from branch protection and rules), checks and statuses (check runs / commit statuses), contents
  // (default-branch commits, to find those no merged pull request contains).
  permissions: [
    'metadata:read',
    'pull_requests:read',
    'administration:read',
    'checks:read',
    'statuses:read',
    'contents:read',
  ],
};
