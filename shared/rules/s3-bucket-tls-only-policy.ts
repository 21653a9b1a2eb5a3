import type { S3BucketsData } from '../collectors/aws-s3-buckets/schema.js';
import { defineRule, outcome } from './types.js';

/** Every bucket policy denies requests without TLS (`aws:SecureTransport` = false; CIS AWS 2.1.1). */
export const rule = defineRule<S3BucketsData>({
  id: 's3-bucket-tls-only-policy',
  version: '1.1.0',
  collector: 'aws-s3-buckets',
  controls: ['CRY-02'],
  title: 'Every S3 bucket policy denies requests without TLS',
  benchmarks: { cis: ['2.1.1'], prowler: ['s3_bucket_secure_transport_policy'] },
  reads: ['GetBucketPolicy'],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as S3BucketsData).buckets),
  evaluate({ buckets }) {
    if (buckets.length === 0) return outcome.notApplicable('the account has no buckets');
    const failing = buckets
      // undefined: the policy was not collected (named by the engine as unseen).
      .filter((b) => b.policy !== undefined && b.policy?.tlsOnlyStatement !== true)
      .map((b) => ({
        resource: b.name,
        reason: b.policy ? 'policy has no aws:SecureTransport deny' : 'no bucket policy',
      }));
    return outcome.of(
      failing,
      `all ${buckets.length} buckets deny requests without TLS`,
      `${failing.length} of ${buckets.length} buckets accept requests without TLS`,
    );
  },
});
