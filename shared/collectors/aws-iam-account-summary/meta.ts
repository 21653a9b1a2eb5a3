import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-iam-account-summary',
  version: '1.0.0',
  title: 'IAM account summary (root MFA, root access keys, entity counts)',
  source: 'aws',
  scope: 'global',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['iam:GetAccountSummary'],
};
