import { paginateListBuckets, S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { InvalidSourceDataError } from '../../errors.js';
import { defineCollector, type Collector } from '../../kernel/types.js';
import { accountPublicAccessBlock } from './account-pab.js';
import { bucketFacts, type ListedBucket } from './bucket-facts.js';
import { meta } from './meta.js';
import { schema, type S3BucketsData } from './schema.js';

export interface S3BucketsOptions {
  /** MaxBuckets per ListBuckets page (AWS allows up to 10,000). */
  readonly pageSize?: number;
  /** Buckets examined at once. */
  readonly concurrency?: number;
}

/** Builds the S3 buckets collector; options exist so tests can prove paging with a small page. */
export function createS3BucketsCollector(options: S3BucketsOptions = {}): Collector<S3BucketsData> {
  const pageSize = options.pageSize ?? 1000;
  const limit = pLimit(options.concurrency ?? 8);
  return defineCollector<S3BucketsData>({
    meta,
    schema,
    async collect(ctx) {
      const listed: ListedBucket[] = [];
      // ListBuckets is global: ask in us-east-1 whatever the scope says.
      const pages = paginateListBuckets({ client: ctx.aws(S3Client, 'us-east-1'), pageSize }, {});
      for await (const page of pages) {
        for (const b of page.Buckets ?? []) {
          if (!b.Name) throw new InvalidSourceDataError('ListBuckets', ['a listed bucket has no Name']);
          listed.push({
            name: b.Name,
            createdAt: b.CreationDate ? b.CreationDate.toISOString() : null,
            ...(b.BucketRegion ? { region: b.BucketRegion } : {}),
          });
        }
      }
      const [account, buckets] = await Promise.all([
        accountPublicAccessBlock(ctx),
        Promise.all(listed.map((b) => limit(() => bucketFacts(ctx, b)))),
      ]);
      return {
        data: {
          ...(account !== undefined ? { accountPublicAccessBlock: account } : {}),
          buckets: buckets.sort((a, b) => a.name.localeCompare(b.name)),
        },
      };
    },
  });
}

/** The S3 buckets collector with production defaults. */
export const collector = createS3BucketsCollector();
