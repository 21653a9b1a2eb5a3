import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-iam-admin-access',
  version: '1.1.0',
  title: 'IAM principals with full administrative access, and users with policies attached directly',
  source: 'aws',
  scope: 'global',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['iam:GetAccountAuthorizationDetails', 'iam:ListPolicies', 'iam:GetPolicyVersion'],
};
