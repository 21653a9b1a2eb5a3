import type { RdsInstancesData } from '../collectors/aws-rds-instances/schema.js';
import { isRdsData } from './lib/rds-databases.js';
import { defineRule, outcome } from './types.js';

/**
 * No RDS instance, and no Multi-AZ DB cluster, is publicly accessible (CIS AWS 2.3.3). Aurora clusters
 * report no such flag: their instances are judged one by one.
 */
export const rule = defineRule<RdsInstancesData>({
  id: 'rds-instance-public-access-disabled',
  version: '1.0.0',
  collector: 'aws-rds-instances',
  controls: ['DAT-04', 'NET-02'],
  title: 'RDS databases are not publicly accessible',
  benchmarks: { cis: ['2.2.3'], prowler: ['rds_instance_no_public_access'] },
  accepts: isRdsData,
  evaluate({ instances, clusters }) {
    const all = [...instances, ...(clusters ?? [])];
    if (all.length === 0) return outcome.notApplicable('the region has no RDS databases');
    const failing = all
      .filter((d) => d.publiclyAccessible === true)
      .map((d) => ({ resource: d.arn, reason: `${d.id} is publicly accessible` }));
    return outcome.of(
      failing,
      `none of ${all.length} RDS instances and clusters is publicly accessible`,
      `${failing.length} of ${all.length} RDS instances and clusters are publicly accessible`,
    );
  },
});
