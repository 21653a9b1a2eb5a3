import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-ec2-security-groups',
  version: '1.0.0',
  title: 'EC2 security groups: ingress open to the internet and the administrative ports it exposes',
  source: 'aws',
  scope: 'regional',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces'],
};
