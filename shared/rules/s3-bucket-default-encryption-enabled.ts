import type { S3BucketsData } from '../collectors/aws-s3-buckets/schema.js';
import { defineRule, outcome } from './types.js';

/** Every bucket has default encryption (SSE-S3 or SSE-KMS). */
export const rule = defineRule<S3BucketsData>({
  id: 's3-bucket-default-encryption-enabled',
  version: '1.1.0',
  collector: 'aws-s3-buckets',
  controls: ['CRY-01'],
  title: 'Every S3 bucket has default encryption',
  benchmarks: { cis: [], prowler: ['s3_bucket_default_encryption'] },
  reads: ['GetBucketEncryption'],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as S3BucketsData).buckets),
  evaluate({ buckets }) {
    if (buckets.length === 0) return outcome.notApplicable('the account has no buckets');
    // `undefined`: not collected (the envelope's errors name the bucket and the engine reports it as unseen).
    const failing = buckets
      .filter((b) => b.encryption === null)
      .map((b) => ({ resource: b.name, reason: 'no default encryption' }));
    return outcome.of(
      failing,
      `all ${buckets.length} buckets have default encryption`,
      `${failing.length} of ${buckets.length} buckets have no default encryption`,
    );
  },
});
