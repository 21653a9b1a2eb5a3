import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-cloudtrail-trails',
  version: '1.1.0',
  title: 'CloudTrail trails: logging, multi-region, log file validation, KMS, management events',
  source: 'aws',
  scope: 'regional',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
};
