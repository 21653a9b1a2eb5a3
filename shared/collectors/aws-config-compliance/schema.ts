import * as z from 'zod';

/** One Config rule with the compliance AWS Config reports for it. */
const RuleSchema = z.strictObject({
  name: z.string().min(1),
  arn: z.string().nullable(),
  id: z.string().nullable(),
  /** AWS (managed rule), CUSTOM_LAMBDA or CUSTOM_POLICY. */
  sourceOwner: z.string().min(1),
  /** Managed rule identifier (e.g. S3_BUCKET_VERSIONING_ENABLED) or the custom rule's Lambda ARN. */
  sourceIdentifier: z.string().nullable(),
  state: z.string().nullable(),
  /** The service that created the rule (e.g. securityhub.amazonaws.com, conformance packs); null if a user. */
  createdBy: z.string().nullable(),
  /**
   * Null when Config has no compliance result for the rule yet. This and the two counts below are absent when
   * the compliance listing failed before reaching the rule (see the envelope's errors).
   */
  complianceType: z
    .enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'])
    .nullable()
    .optional(),
  /** Non-compliant resources, as counted by Config (capped at 100); null when not given. */
  nonCompliantResourceCount: z.number().int().nonnegative().nullable().optional(),
  /** True when the count hit Config's cap, so the real number is larger. */
  nonCompliantCountCapped: z.boolean().nullable().optional(),
});
export type ConfigRuleCompliance = z.infer<typeof RuleSchema>;

export const schema = z.strictObject({ rules: z.array(RuleSchema) });
export type ConfigComplianceData = z.infer<typeof schema>;
