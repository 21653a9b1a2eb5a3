import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-guardduty-detectors',
  version: '1.0.0',
  title: 'GuardDuty detectors: status, finding publishing frequency, data sources and features',
  source: 'aws',
  scope: 'regional',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
};
