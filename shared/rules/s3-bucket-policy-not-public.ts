import type { S3BucketsData } from '../collectors/aws-s3-buckets/schema.js';
import { defineRule, outcome } from './types.js';

/** No bucket policy grants public access (S3's PolicyStatus, or an unconditioned Allow to Principal "*"). */
export const rule = defineRule<S3BucketsData>({
  id: 's3-bucket-policy-not-public',
  version: '1.1.0',
  collector: 'aws-s3-buckets',
  controls: ['DAT-01'],
  title: 'No S3 bucket policy grants public access',
  // CIS v4.0.1 2.1.4 is Block Public Access (s3-bucket-public-access-blocked); CIS has no bucket-policy check.
  benchmarks: {
    cis: [],
    prowler: ['s3_bucket_public_access', 's3_bucket_policy_public_write_access'],
  },
  reads: ['GetBucketPolicyStatus', 'GetBucketPolicy'],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as S3BucketsData).buckets),
  evaluate({ buckets }) {
    if (buckets.length === 0) return outcome.notApplicable('the account has no buckets');
    const failing = buckets
      .filter((b) => b.policy?.isPublic === true)
      .map((b) => ({ resource: b.name, reason: `bucket policy is public (${b.policy!.isPublicSource})` }));
    return outcome.of(
      failing,
      `no bucket policy of ${buckets.length} buckets is public`,
      `${failing.length} of ${buckets.length} buckets have a public bucket policy`,
    );
  },
});
