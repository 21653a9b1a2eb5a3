import type { RdsInstancesData } from '../collectors/aws-rds-instances/schema.js';
import { isRdsData, storageOwners } from './lib/rds-databases.js';
import { defineRule, outcome } from './types.js';

/** Every RDS instance and cluster encrypts its storage (CIS AWS 2.3.1). */
export const rule = defineRule<RdsInstancesData>({
  id: 'rds-instance-storage-encrypted',
  version: '1.0.0',
  collector: 'aws-rds-instances',
  controls: ['CRY-01'],
  title: 'RDS storage is encrypted',
  benchmarks: { cis: ['2.2.1'], prowler: ['rds_instance_storage_encrypted'] },
  accepts: isRdsData,
  evaluate(data) {
    const dbs = storageOwners(data);
    if (dbs.length === 0) return outcome.notApplicable('the region has no RDS databases');
    const failing = dbs
      .filter((d) => !d.storageEncrypted)
      .map((d) => ({ resource: d.arn, reason: `${d.kind} ${d.id} storage is not encrypted` }));
    return outcome.of(
      failing,
      `all ${dbs.length} RDS databases encrypt their storage`,
      `${failing.length} of ${dbs.length} RDS databases have unencrypted storage`,
    );
  },
});
