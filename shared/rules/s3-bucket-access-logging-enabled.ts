import type { S3BucketsData } from '../collectors/aws-s3-buckets/schema.js';
import { defineRule, outcome } from './types.js';

/**
 * Every bucket has server access logging on, except the buckets that receive access logs (logging a log
 * bucket into itself or another log bucket loops, and AWS advises against it).
 */
export const rule = defineRule<S3BucketsData>({
  id: 's3-bucket-access-logging-enabled',
  version: '1.1.0',
  collector: 'aws-s3-buckets',
  controls: ['LOG-03'],
  title: 'S3 server access logging is on for every bucket but the log targets',
  benchmarks: { cis: [], prowler: ['s3_bucket_server_access_logging_enabled'] },
  reads: ['GetBucketLogging'],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as S3BucketsData).buckets),
  evaluate({ buckets }) {
    const targets = new Set(buckets.flatMap((b) => (b.logging ? [b.logging.targetBucket] : [])));
    const judged = buckets.filter((b) => !targets.has(b.name));
    if (judged.length === 0) return outcome.notApplicable('the account has no buckets besides log targets');
    const failing = judged
      .filter((b) => b.logging === null) // undefined: not collected, named by the engine
      .map((b) => ({ resource: b.name, reason: 'server access logging off' }));
    return outcome.of(
      failing,
      `all ${judged.length} buckets log access`,
      `${failing.length} of ${judged.length} buckets have server access logging off`,
    );
  },
});
