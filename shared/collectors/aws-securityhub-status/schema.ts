import * as z from 'zod';

const StandardSchema = z.strictObject({
  standardsArn: z.string().min(1),
  subscriptionArn: z.string().min(1),
  /** `READY`, `PENDING`, `INCOMPLETE`, `DELETING` or `FAILED`. */
  status: z.string().min(1),
});

export const schema = z.strictObject({
  /** False when the account is not subscribed to Security Hub in this region (a fact, not an error). */
  enabled: z.boolean(),
  hubArn: z.string().nullable(),
  subscribedAt: z.string().nullable(),
  autoEnableControls: z.boolean().nullable(),
  controlFindingGenerator: z.string().nullable(),
  /** Null when the hub is off or the standards could not be read (see the envelope's errors). */
  standards: z.array(StandardSchema).nullable(),
  /**
   * ACTIVE findings with compliance status FAILED, counted by severity label (`NONE` when unlabeled);
   * null when the hub is off or the findings could not be read.
   */
  failedFindingsBySeverity: z.record(z.string(), z.number().int().nonnegative()).nullable(),
});
export type SecurityHubStatusData = z.infer<typeof schema>;
