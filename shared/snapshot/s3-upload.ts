import { PassThrough } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { planSnapshot, type SnapshotDeps } from './plan.js';
import type { SnapshotRequest } from './request.js';
import { writeSnapshot, type SnapshotSummary } from './builder.js';

/** Where to put the snapshot. */
export interface SnapshotTarget {
  readonly client: S3Client;
  readonly bucket: string;
  /** Object key, e.g. `snapshots/soc2-2017/2026-01-01_2026-03-31/<createdAt>.zip`. */
  readonly key: string;
  /** Multipart part size (default 8 MiB; S3's minimum is 5 MiB). */
  readonly partSize?: number;
  /**
   * Object Lock retention for the archive (sent on CreateMultipartUpload, with SHA-256 part checksums, which S3
   * requires for locked uploads). Absent: the bucket's default retention applies.
   */
  readonly objectLock?: { readonly mode: 'COMPLIANCE' | 'GOVERNANCE'; readonly retainUntil: Date };
}

/**
 * Builds a snapshot and streams it into S3 as a multipart upload (lib-storage Upload), never holding the archive in
 * memory. Validation happens first: on a ValidationError no upload is started.
 */
export async function uploadSnapshot(
  request: SnapshotRequest,
  deps: SnapshotDeps,
  target: SnapshotTarget,
): Promise<SnapshotSummary & { key: string; etag?: string }> {
  const plan = await planSnapshot(request, deps);
  const body = new PassThrough();
  const upload = new Upload({
    client: target.client,
    params: {
      Bucket: target.bucket,
      Key: target.key,
      Body: body,
      ContentType: 'application/zip',
      ...(target.objectLock
        ? {
            ObjectLockMode: target.objectLock.mode,
            ObjectLockRetainUntilDate: target.objectLock.retainUntil,
            ChecksumAlgorithm: 'SHA256' as const,
          }
        : {}),
    },
    partSize: target.partSize ?? 8 * 1024 * 1024,
    queueSize: 2,
    leavePartsOnError: false,
  });
  const uploaded = upload.done();
  uploaded.catch(() => undefined);
  try {
    const summary = await writeSnapshot(plan, deps, body);
    const out = await uploaded;
    return { ...summary, key: target.key, ...(out.ETag ? { etag: out.ETag } : {}) };
  } catch (err) {
    body.destroy();
    await upload.abort().catch(() => undefined);
    throw err;
  }
}
