import * as z from 'zod';

const BackupRuleSchema = z.strictObject({
  name: z.string().min(1),
  vaultName: z.string().min(1),
  /** cron/rate expression; null for rules without a schedule. */
  schedule: z.string().nullable(),
  scheduleTimezone: z.string().nullable(),
  startWindowMinutes: z.number().int().nullable(),
  completionWindowMinutes: z.number().int().nullable(),
  /** Retention: recovery points are deleted after this many days; null keeps them forever. */
  deleteAfterDays: z.number().int().nullable(),
  moveToColdStorageAfterDays: z.number().int().nullable(),
  continuousBackup: z.boolean(),
  /** Vault ARNs recovery points are copied to (other regions or accounts). */
  copyDestinations: z.array(z.string()),
});
export type BackupRule = z.infer<typeof BackupRuleSchema>;

const BackupPlanSchema = z.strictObject({
  id: z.string().min(1),
  arn: z.string().min(1),
  name: z.string().min(1),
  versionId: z.string().nullable(),
  /** Null when the plan could not be read (see the envelope's errors). */
  rules: z.array(BackupRuleSchema).nullable(),
  /** What the plan backs up (selection ids and names); null when they could not be listed. */
  selections: z.array(z.strictObject({ id: z.string().min(1), name: z.string() })).nullable(),
});
export type BackupPlan = z.infer<typeof BackupPlanSchema>;

const BackupVaultSchema = z.strictObject({
  name: z.string().min(1),
  arn: z.string().min(1),
  encryptionKeyArn: z.string().nullable(),
  /** Vault Lock: true when a lock configuration is in force (governance or, after lockDate, compliance). */
  locked: z.boolean(),
  minRetentionDays: z.number().int().nullable(),
  maxRetentionDays: z.number().int().nullable(),
  lockDate: z.iso.datetime({ offset: true }).nullable(),
  recoveryPoints: z.number().int().nullable(),
});
export type BackupVault = z.infer<typeof BackupVaultSchema>;

export const schema = z.strictObject({
  plans: z.array(BackupPlanSchema),
  /** Null when the vaults could not be listed (see the envelope's errors). */
  vaults: z.array(BackupVaultSchema).nullable(),
});
export type BackupPlansData = z.infer<typeof schema>;
