import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-config-recorder',
  version: '1.0.0',
  title: 'AWS Config recorders and delivery channels',
  source: 'aws',
  scope: 'regional',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: [
    'config:DescribeConfigurationRecorders',
    'config:DescribeConfigurationRecorderStatus',
    'config:DescribeDeliveryChannels',
    'config:DescribeDeliveryChannelStatus',
  ],
};
