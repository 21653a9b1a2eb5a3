import type { BackupPlan, BackupPlansData } from '../collectors/aws-backup-plans/schema.js';
import { defineRule, outcome, type FailingResource } from './types.js';

/** Recovery points must be kept at least this many days. */
const MIN_RETENTION_DAYS = 7;
/** The resource failures name when the region has no plan. */
const NO_PLAN_RESOURCE = 'backup-plans';

function problems(p: BackupPlan): string[] {
  const out: string[] = [];
  if (p.selections !== null && p.selections.length === 0) out.push('selects no resources');
  if (p.rules !== null && p.rules.length === 0) out.push('has no backup rules');
  for (const r of p.rules ?? []) {
    if (r.deleteAfterDays === null) out.push(`rule ${r.name} sets no retention (kept forever)`);
    else if (r.deleteAfterDays < MIN_RETENTION_DAYS)
      out.push(`rule ${r.name} keeps ${r.deleteAfterDays} days`);
  }
  return out;
}

/**
 * The region has AWS Backup plans, and each selects resources and retains recovery points for a defined
 * period of at least 7 days: retention that is both long enough and bounded.
 */
export const rule = defineRule<BackupPlansData>({
  id: 'backup-plan-retention-configured',
  version: '1.1.0',
  collector: 'aws-backup-plans',
  controls: ['BCK-01', 'DAT-02'],
  title: `AWS Backup plans exist and retain backups for a defined period of at least ${MIN_RETENTION_DAYS} days`,
  benchmarks: { cis: [], prowler: ['backup_plans_exist'] },
  // Vaults are not judged here: an unreadable vault listing leaves the plans' verdict whole.
  reads: ['ListBackupPlans', 'GetBackupPlan', 'ListBackupSelections'],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as BackupPlansData).plans),
  evaluate({ plans }) {
    if (plans.length === 0)
      return outcome.fail('no AWS Backup plan in this region', [
        { resource: NO_PLAN_RESOURCE, reason: 'none' },
      ]);
    const failing: FailingResource[] = plans.flatMap((p) => {
      const why = problems(p);
      return why.length ? [{ resource: p.arn, reason: `${p.name}: ${why.join('; ')}` }] : [];
    });
    return outcome.of(
      failing,
      `all ${plans.length} backup plans select resources and retain at least ${MIN_RETENTION_DAYS} days`,
      `${failing.length} of ${plans.length} backup plans lack resources or a sound retention`,
    );
  },
});
