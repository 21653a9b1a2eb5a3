import type { PublicAccessBlock, S3BucketsData } from '../collectors/aws-s3-buckets/schema.js';
import { defineRule, outcome } from './types.js';

const FLAGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

/** The switches of `pab` that are off (all four when it is not configured). */
function offFlags(pab: PublicAccessBlock | null | undefined): string[] {
  return FLAGS.filter((f) => pab?.[f] !== true);
}

/**
 * Every bucket has Block Public Access in force: all four switches on at account level, or on the bucket
 * itself (CIS AWS 2.1.4).
 */
export const rule = defineRule<S3BucketsData>({
  id: 's3-bucket-public-access-blocked',
  version: '1.1.0',
  collector: 'aws-s3-buckets',
  controls: ['DAT-01'],
  title: 'S3 Block Public Access is on for every bucket (account or bucket level)',
  benchmarks: {
    cis: ['2.1.4'],
    prowler: ['s3_bucket_level_public_access_block', 's3_account_level_public_access_blocks'],
  },
  reads: ['GetPublicAccessBlock'],
  accepts: (d) => typeof d === 'object' && d !== null && Array.isArray((d as S3BucketsData).buckets),
  evaluate({ accountPublicAccessBlock, buckets }) {
    if (buckets.length === 0) return outcome.notApplicable('the account has no buckets');
    if (offFlags(accountPublicAccessBlock).length === 0)
      return outcome.pass(`account-level Block Public Access covers all ${buckets.length} buckets`);
    const failing = buckets.flatMap((b) => {
      if (b.publicAccessBlock === undefined) return []; // not collected: named by the engine as unseen
      const off = offFlags(b.publicAccessBlock);
      return off.length === 0
        ? []
        : [{ resource: b.name, reason: `Block Public Access off: ${off.join(', ')}` }];
    });
    return outcome.of(
      failing,
      `all ${buckets.length} buckets block public access`,
      `${failing.length} of ${buckets.length} buckets do not fully block public access`,
    );
  },
});
