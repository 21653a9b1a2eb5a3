import * as z from 'zod';

/** Which management events a trail's selectors capture. */
const ManagementEventsSchema = z.strictObject({
  /** `classic`: EventSelectors; `advanced`: AdvancedEventSelectors; `none`: the trail has neither. */
  selectorKind: z.enum(['classic', 'advanced', 'none']),
  /** Some selector includes management events. */
  included: z.boolean(),
  /** Widest read/write coverage among the selectors that include management events; null when none do. */
  readWriteType: z.enum(['All', 'ReadOnly', 'WriteOnly']).nullable(),
  /** Event sources an advanced selector excludes from management events (e.g. kms.amazonaws.com). */
  excludedEventSources: z.array(z.string()),
});
export type ManagementEvents = z.infer<typeof ManagementEventsSchema>;

/**
 * One trail whose home region is the scope's region (shadow copies of multi-region trails are left to
 * their home region). A fact that could not be read is absent and its failure is in the envelope's errors.
 */
const TrailSchema = z.strictObject({
  name: z.string().min(1),
  arn: z.string().min(1),
  homeRegion: z.string().min(1),
  isMultiRegion: z.boolean(),
  isOrganizationTrail: z.boolean(),
  logFileValidationEnabled: z.boolean(),
  /** KMS key that encrypts the log files; null when S3-managed encryption is used. */
  kmsKeyId: z.string().nullable(),
  s3BucketName: z.string().nullable(),
  includeGlobalServiceEvents: z.boolean(),
  isLogging: z.boolean().optional(),
  latestDeliveryTime: z.iso.datetime({ offset: true }).nullable().optional(),
  latestDeliveryError: z.string().nullable().optional(),
  managementEvents: ManagementEventsSchema.optional(),
});
export type Trail = z.infer<typeof TrailSchema>;

/**
 * A trail homed in another region or owned by another account (an organization trail) that nevertheless records
 * this region: a multi-region trail appears in every region as a shadow trail. It is judged by the per-account
 * CloudTrail rule only; the per-trail settings rules judge it where it is homed.
 */
const CoveringTrailSchema = z.strictObject({
  name: z.string().min(1),
  arn: z.string().min(1),
  homeRegion: z.string().min(1),
  isMultiRegion: z.boolean(),
  isOrganizationTrail: z.boolean(),
  /** Absent when its status could not be read (see the envelope's errors). */
  isLogging: z.boolean().optional(),
});
export type CoveringTrail = z.infer<typeof CoveringTrailSchema>;

export const schema = z.strictObject({
  trails: z.array(TrailSchema),
  /** Absent in artifacts of collector versions before 1.1.0. */
  coveringTrails: z.array(CoveringTrailSchema).optional(),
});
export type CloudTrailTrailsData = z.infer<typeof schema>;
