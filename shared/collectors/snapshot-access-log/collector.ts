import { GetObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { parseAccessLog, snapshotDownloads } from './access-log.js';
import { defineCollector } from '../../kernel/types.js';
import { meta } from './meta.js';
import { schema, type Issuance, type SnapshotAccessLogData } from './schema.js';

/** What the collector reads, passed as `extras.snapshotAccess`. */
export interface SnapshotAccessExtras {
  /** Issuances to record (the snapshot API passes the one it just made). */
  readonly issuances?: readonly Issuance[];
  /** S3 server access log objects to read: keys after `startAfter` (log keys start with their UTC time). */
  readonly accessLogs?: { readonly bucket: string; readonly prefix: string; readonly startAfter?: string };
}

export const collector = defineCollector<
  SnapshotAccessLogData,
  { readonly snapshotAccess: SnapshotAccessExtras }
>({
  meta,
  schema,
  async collect(ctx) {
    const extras = ctx.extras.snapshotAccess ?? {};
    const issuances = [...(extras.issuances ?? [])];
    const logs = extras.accessLogs;
    if (!logs) return { data: { issuances, downloads: [], accessLogs: null } };
    const s3 = ctx.aws(S3Client);
    const downloads: SnapshotAccessLogData['downloads'] = [];
    let objects = 0;
    let lastKey: string | undefined;
    const pages = paginateListObjectsV2(
      { client: s3 },
      {
        Bucket: logs.bucket,
        Prefix: logs.prefix,
        ...(logs.startAfter ? { StartAfter: logs.startAfter } : {}),
      },
    );
    for await (const page of pages) {
      for (const o of page.Contents ?? []) {
        const text = await ctx.tryResource(o.Key!, 'GetObject', async () =>
          (
            await s3.send(new GetObjectCommand({ Bucket: logs.bucket, Key: o.Key! }))
          ).Body!.transformToString(),
        );
        if (text === undefined) continue;
        objects++;
        lastKey = o.Key!;
        downloads.push(...snapshotDownloads(parseAccessLog(text)));
      }
    }
    downloads.sort((a, b) =>
      a.time < b.time ? -1 : a.time > b.time ? 1 : a.requestId.localeCompare(b.requestId),
    );
    return {
      data: {
        issuances,
        downloads,
        accessLogs: { bucket: logs.bucket, prefix: logs.prefix, objects, ...(lastKey ? { lastKey } : {}) },
      },
    };
  },
});
