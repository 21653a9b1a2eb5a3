import * as z from 'zod';

/** The four Block Public Access switches (bucket or account level). */
const PublicAccessBlockSchema = z.strictObject({
  blockPublicAcls: z.boolean(),
  ignorePublicAcls: z.boolean(),
  blockPublicPolicy: z.boolean(),
  restrictPublicBuckets: z.boolean(),
});
export type PublicAccessBlock = z.infer<typeof PublicAccessBlockSchema>;

/**
 * One bucket. A fact that could not be collected (AccessDenied, throttling...) is left out and its
 * failure is listed in the envelope's `errors`; `null` means the source said "not configured".
 */
const BucketSchema = z.strictObject({
  name: z.string().min(1),
  region: z.string().min(1).optional(),
  createdAt: z.iso.datetime({ offset: true }).nullable(),
  /** Default encryption; null when the bucket has none. */
  encryption: z
    .strictObject({
      algorithm: z.string().min(1),
      kmsKeyId: z.string().nullable(),
      bucketKeyEnabled: z.boolean(),
    })
    .nullable()
    .optional(),
  /** Bucket-level Block Public Access; null when not configured. */
  publicAccessBlock: PublicAccessBlockSchema.nullable().optional(),
  /** Bucket policy facts; null when the bucket has no policy. */
  policy: z
    .strictObject({
      isPublic: z.boolean(),
      /** `PolicyStatus`: S3's own evaluation; `policy-document`: Allow to Principal "*" without conditions. */
      isPublicSource: z.enum(['PolicyStatus', 'policy-document']),
      /** A Deny statement with Condition Bool aws:SecureTransport = false is present. */
      tlsOnlyStatement: z.boolean(),
    })
    .nullable()
    .optional(),
  versioning: z
    .strictObject({
      status: z.enum(['Enabled', 'Suspended', 'Disabled']),
      mfaDelete: z.enum(['Enabled', 'Disabled']).nullable(),
    })
    .optional(),
  /** Object Lock; null when the bucket has no Object Lock configuration. */
  objectLock: z
    .strictObject({
      enabled: z.boolean(),
      defaultMode: z.enum(['GOVERNANCE', 'COMPLIANCE']).nullable(),
      defaultDays: z.number().int().nullable(),
      defaultYears: z.number().int().nullable(),
    })
    .nullable()
    .optional(),
  /** Server access logging; null when disabled. */
  logging: z
    .strictObject({ targetBucket: z.string().min(1), targetPrefix: z.string() })
    .nullable()
    .optional(),
});
export type Bucket = z.infer<typeof BucketSchema>;

export const schema = z.strictObject({
  /** Account-level Block Public Access; null when not configured, absent when it could not be read. */
  accountPublicAccessBlock: PublicAccessBlockSchema.nullable().optional(),
  buckets: z.array(BucketSchema),
});
export type S3BucketsData = z.infer<typeof schema>;
