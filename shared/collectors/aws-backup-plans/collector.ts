import {
  BackupClient,
  GetBackupPlanCommand,
  paginateListBackupPlans,
  paginateListBackupSelections,
  paginateListBackupVaults,
  type BackupRule as SdkRule,
} from '@aws-sdk/client-backup';
import { defineCollector, requestedPageSize } from '../../kernel/types.js';
import { meta } from './meta.js';
import {
  schema,
  type BackupPlan,
  type BackupPlansData,
  type BackupRule,
  type BackupVault,
} from './schema.js';

/**
 * Lists the region's AWS Backup plans with their rules and selections, and its vaults with their lock
 * settings. Per-plan failures leave that plan's `rules` or `selections` null and are recorded in errors.
 * `ctx.extras.pageSize` (tests) sets MaxResults.
 */
export const collector = defineCollector<BackupPlansData>({
  meta,
  schema,
  async collect(ctx) {
    const backup = ctx.aws(BackupClient);
    const pageSize = requestedPageSize(ctx);
    const plans: BackupPlan[] = [];
    for await (const page of paginateListBackupPlans({ client: backup, pageSize }, {})) {
      for (const p of page.BackupPlansList ?? []) {
        // Identity fields pass through as-is: a plan listed without them fails the schema.
        const id = p.BackupPlanId as string;
        const got = await ctx.tryResource(id, 'GetBackupPlan', () =>
          backup.send(new GetBackupPlanCommand({ BackupPlanId: id })),
        );
        const selections = await ctx.tryResource(id, 'ListBackupSelections', async () => {
          const out: NonNullable<BackupPlan['selections']> = [];
          for await (const s of paginateListBackupSelections(
            { client: backup, pageSize },
            { BackupPlanId: id },
          )) {
            for (const sel of s.BackupSelectionsList ?? [])
              out.push({ id: sel.SelectionId as string, name: sel.SelectionName ?? '' });
          }
          return out;
        });
        plans.push({
          id,
          arn: p.BackupPlanArn as string,
          name: p.BackupPlanName as string,
          versionId: p.VersionId ?? null,
          rules: got ? (got.BackupPlan?.Rules ?? []).map(toRule) : null,
          selections: selections ?? null,
        });
      }
    }
    const vaults = await ctx.tryResource('backup-vaults', 'ListBackupVaults', async () => {
      const out: BackupVault[] = [];
      for await (const page of paginateListBackupVaults({ client: backup, pageSize }, {})) {
        for (const v of page.BackupVaultList ?? []) {
          out.push({
            name: v.BackupVaultName as string,
            arn: v.BackupVaultArn as string,
            encryptionKeyArn: v.EncryptionKeyArn ?? null,
            locked: v.Locked ?? false,
            minRetentionDays: v.MinRetentionDays ?? null,
            maxRetentionDays: v.MaxRetentionDays ?? null,
            lockDate: v.LockDate ? v.LockDate.toISOString() : null,
            recoveryPoints: v.NumberOfRecoveryPoints ?? null,
          });
        }
      }
      return out;
    });
    return { data: { plans, vaults: vaults ?? null } };
  },
});

function toRule(r: SdkRule): BackupRule {
  return {
    name: r.RuleName as string,
    vaultName: r.TargetBackupVaultName as string,
    schedule: r.ScheduleExpression ?? null,
    scheduleTimezone: r.ScheduleExpressionTimezone ?? null,
    startWindowMinutes: r.StartWindowMinutes ?? null,
    completionWindowMinutes: r.CompletionWindowMinutes ?? null,
    deleteAfterDays: r.Lifecycle?.DeleteAfterDays ?? null,
    moveToColdStorageAfterDays: r.Lifecycle?.MoveToColdStorageAfterDays ?? null,
    continuousBackup: r.EnableContinuousBackup ?? false,
    copyDestinations: (r.CopyActions ?? []).map((c) => c.DestinationBackupVaultArn as string),
  };
}
