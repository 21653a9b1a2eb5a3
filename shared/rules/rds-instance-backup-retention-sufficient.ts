import type { RdsInstancesData } from '../collectors/aws-rds-instances/schema.js';
import { isRdsData, storageOwners } from './lib/rds-databases.js';
import { defineRule, outcome } from './types.js';

/** Automated backups must be kept at least this many days. */
const MIN_BACKUP_RETENTION_DAYS = 7;

/** Every RDS database keeps automated backups for at least 7 days (0 means backups are off). */
export const rule = defineRule<RdsInstancesData>({
  id: 'rds-instance-backup-retention-sufficient',
  version: '1.0.0',
  collector: 'aws-rds-instances',
  controls: ['BCK-01'],
  title: `RDS automated backups are kept at least ${MIN_BACKUP_RETENTION_DAYS} days`,
  benchmarks: { cis: [], prowler: ['rds_instance_backup_enabled'] },
  accepts: isRdsData,
  evaluate(data) {
    const dbs = storageOwners(data);
    if (dbs.length === 0) return outcome.notApplicable('the region has no RDS databases');
    const failing = dbs
      .filter((d) => d.backupRetentionPeriod < MIN_BACKUP_RETENTION_DAYS)
      .map((d) => ({
        resource: d.arn,
        reason:
          d.backupRetentionPeriod === 0
            ? `${d.kind} ${d.id} has automated backups off`
            : `${d.kind} ${d.id} keeps backups ${d.backupRetentionPeriod} days`,
      }));
    return outcome.of(
      failing,
      `all ${dbs.length} RDS databases keep backups at least ${MIN_BACKUP_RETENTION_DAYS} days`,
      `${failing.length} of ${dbs.length} RDS databases keep backups under ${MIN_BACKUP_RETENTION_DAYS} days`,
    );
  },
});
