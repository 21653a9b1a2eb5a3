import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-securityhub-status',
  version: '1.0.0',
  title: 'Security Hub: subscription, enabled standards and active failed findings by severity',
  source: 'aws',
  scope: 'regional',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['securityhub:DescribeHub', 'securityhub:GetEnabledStandards', 'securityhub:GetFindings'],
};
