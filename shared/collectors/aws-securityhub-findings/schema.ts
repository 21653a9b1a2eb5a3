import * as z from 'zod';

const FindingSchema = z.strictObject({
  id: z.string().min(1),
  productArn: z.string().min(1),
  generatorId: z.string().min(1),
  /** The consolidated control id (`IAM.6`, `S3.8`), null for findings that are not control checks. */
  securityControlId: z.string().nullable(),
  /** Standards the control check belongs to (`standards/aws-foundational-security-best-practices/v/1.0.0`). */
  standards: z.array(z.string()),
  title: z.string(),
  severity: z.string(),
  /** `PASSED`, `FAILED`, `WARNING` or `NOT_AVAILABLE`; null when the finding has no compliance part. */
  complianceStatus: z.string().nullable(),
  workflowStatus: z.string().nullable(),
  resources: z.array(z.strictObject({ type: z.string(), id: z.string() })),
  updatedAt: z.string(),
});
export type SecurityHubFinding = z.infer<typeof FindingSchema>;

export const schema = z.strictObject({
  /** False when Security Hub is not enabled in the region (a fact: there are no findings to read). */
  enabled: z.boolean(),
  /** ACTIVE findings of this account and region, sorted by id. */
  findings: z.array(FindingSchema),
});
export type SecurityHubFindingsData = z.infer<typeof schema>;
