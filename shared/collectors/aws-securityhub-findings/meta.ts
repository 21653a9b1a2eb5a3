import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-securityhub-findings',
  version: '1.0.0',
  title: 'Security Hub findings: active findings of the account and region, with standard control ids',
  source: 'aws',
  scope: 'regional',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['securityhub:DescribeHub', 'securityhub:GetFindings'],
};
