import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3';
import * as z from 'zod';
import { ConfigError, formatIssues, isAwsError } from '../errors.js';

const EvidenceBucketOptionsSchema = z.strictObject({
  objectLock: z.union([
    z.literal(false),
    z.strictObject({
      mode: z.enum(['COMPLIANCE', 'GOVERNANCE']).default('COMPLIANCE'),
      days: z.number().int().positive(),
    }),
  ]),
  kmsKeyId: z.string().min(1).optional(),
});

/**
 * Options of {@link ensureEvidenceBucket}. `objectLock: false` makes an unlocked (but versioned, encrypted,
 * private) bucket, which tests use to tamper with stored objects.
 */
export type EvidenceBucketOptions = z.input<typeof EvidenceBucketOptionsSchema>;

/**
 * Creates (or completes) an evidence bucket the way the tests and the demo need it: Object Lock with a default
 * retention, versioning, default SSE-KMS encryption (the given key, else the AWS managed key) and Block Public
 * Access. The deployed bucket comes from infra/ and also has a TLS-only policy and access logging; that policy
 * is left out here because moto ignores its condition and would refuse every request (docs/EMULATOR.md).
 */
export async function ensureEvidenceBucket(
  s3: S3Client,
  bucket: string,
  options: EvidenceBucketOptions,
): Promise<void> {
  const parsed = EvidenceBucketOptionsSchema.safeParse(options);
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues));
  const { objectLock, kmsKeyId } = parsed.data;
  const region = await s3.config.region();
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ObjectLockEnabledForBucket: objectLock !== false,
        ...(region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
  } catch (error) {
    if (!isAwsError(error, ['BucketAlreadyOwnedByYou'])) throw error;
  }
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  if (objectLock !== false) {
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: objectLock.mode, Days: objectLock.days } },
        },
      }),
    );
  }
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              ...(kmsKeyId ? { KMSMasterKeyID: kmsKeyId } : {}),
            },
            BucketKeyEnabled: true,
          },
        ],
      },
    }),
  );
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      },
    }),
  );
}
