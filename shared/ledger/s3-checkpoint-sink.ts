import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConflictError } from '../errors.js';
import type { CheckpointSink } from './dynamo-ledger.js';

export interface S3CheckpointSinkOptions {
  readonly client: S3Client;
  readonly bucket: string;
  /** Object Lock retention for each checkpoint object; omitted = the bucket's default retention. */
  readonly retention?: { readonly mode?: 'COMPLIANCE' | 'GOVERNANCE'; readonly days: number };
  /** Key prefix (default `checkpoints/`). */
  readonly prefix?: string;
}

/** Where the locked checkpoint copies live in the evidence bucket. */
export const CHECKPOINT_PREFIX = 'checkpoints/';

/** Object key of a checkpoint: `checkpoints/<treeSize>-<timestamp>.json`. */
function checkpointObjectKey(treeSize: number, timestamp: string, prefix = CHECKPOINT_PREFIX): string {
  return `${prefix}${treeSize}-${timestamp}.json`;
}

/**
 * Stores each signed checkpoint as a create-only, checksummed, locked S3 object (the body is the
 * canonical JSON of the signed checkpoint). A second write to the same key is a ConflictError.
 */
export function s3CheckpointSink(options: S3CheckpointSinkOptions): CheckpointSink {
  return async (signed, bytes) => {
    const { treeSize, timestamp } = signed.checkpoint;
    const key = checkpointObjectKey(treeSize, timestamp, options.prefix);
    const retention = options.retention
      ? {
          ObjectLockMode: options.retention.mode ?? 'COMPLIANCE',
          ObjectLockRetainUntilDate: new Date(Date.parse(timestamp) + options.retention.days * 86_400_000),
        }
      : {};
    try {
      await options.client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: key,
          Body: bytes,
          ContentType: 'application/json',
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: createHash('sha256').update(bytes).digest('base64'),
          IfNoneMatch: '*',
          ...retention,
        }),
      );
    } catch (e) {
      if (
        e instanceof Error &&
        (e.name === 'PreconditionFailed' ||
          (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412)
      ) {
        throw new ConflictError(
          `checkpoint object ${key} already exists`,
          { bucket: options.bucket, key },
          { cause: e },
        );
      }
      throw e;
    }
  };
}
