import type { CollectorMeta } from '../../kernel/types.js';

export const meta: CollectorMeta = {
  id: 'aws-rds-instances',
  version: '1.0.0',
  title: 'RDS DB instances and clusters: encryption, public access, backups, deletion protection',
  source: 'aws',
  scope: 'regional',
  schedule: 'rate(1 day)',
  ttlHours: 36,
  permissions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
};
