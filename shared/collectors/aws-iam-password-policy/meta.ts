import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-iam-password-policy',
  version: '1.0.0',
  title: 'IAM account password policy',
  source: 'aws',
  scope: 'global',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['iam:GetAccountPasswordPolicy'],
};
