import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-config-compliance',
  version: '1.0.0',
  title: 'AWS Config rules and their compliance',
  source: 'aws',
  scope: 'regional',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['config:DescribeConfigRules', 'config:DescribeComplianceByConfigRule'],
};
