import type { RdsInstancesData } from '../collectors/aws-rds-instances/schema.js';
import { isRdsData, storageOwners } from './lib/rds-databases.js';
import { defineRule, outcome } from './types.js';

/** Every RDS instance and cluster has deletion protection on, so one call cannot destroy a database. */
export const rule = defineRule<RdsInstancesData>({
  id: 'rds-instance-deletion-protection-enabled',
  version: '1.0.0',
  collector: 'aws-rds-instances',
  controls: ['RES-01'],
  title: 'RDS deletion protection is on',
  benchmarks: { cis: [], prowler: ['rds_instance_deletion_protection'] },
  accepts: isRdsData,
  evaluate(data) {
    const dbs = storageOwners(data);
    if (dbs.length === 0) return outcome.notApplicable('the region has no RDS databases');
    const failing = dbs
      .filter((d) => !d.deletionProtection)
      .map((d) => ({ resource: d.arn, reason: `${d.kind} ${d.id} has deletion protection off` }));
    return outcome.of(
      failing,
      `all ${dbs.length} RDS databases have deletion protection`,
      `${failing.length} of ${dbs.length} RDS databases have deletion protection off`,
    );
  },
});
