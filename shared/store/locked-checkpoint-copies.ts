import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import type { LockedCopies } from '../ledger/locked-checkpoints.js';
import { CHECKPOINT_PREFIX } from '../ledger/s3-checkpoint-sink.js';
import type { SignedCheckpoint } from '../ledger/types.js';
import { readStoredObject } from './s3-read.js';

/** Checkpoint objects are a few hundred bytes; anything far larger is not one. */
const MAX_CHECKPOINT_BYTES = 64 * 1024;

/**
 * Reads every locked checkpoint copy under `checkpoints/` in the evidence bucket, in key order. The ledger table's
 * writer (the sequencer) can rewrite or delete the table's checkpoints; it cannot change or remove these copies
 * before their retention ends, so the audit checks the log against them.
 */
export async function readLockedCheckpoints(
  s3: S3Client,
  bucket: string,
  prefix = CHECKPOINT_PREFIX,
): Promise<LockedCopies> {
  const locked: LockedCopies['locked'][number][] = [];
  const unreadable: LockedCopies['unreadable'][number][] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    for (const o of page.Contents ?? []) {
      const key = o.Key!;
      try {
        const { bytes } = await readStoredObject(s3, bucket, key, MAX_CHECKPOINT_BYTES);
        const signed = JSON.parse(bytes.toString('utf8')) as unknown;
        const inner = (signed as { checkpoint?: unknown } | null)?.checkpoint;
        if (
          typeof signed !== 'object' ||
          Array.isArray(signed) ||
          typeof inner !== 'object' ||
          inner === null
        )
          throw new Error('not a signed checkpoint (no checkpoint object)');
        locked.push({ key, signed: signed as SignedCheckpoint });
      } catch (e) {
        unreadable.push({ key, message: (e as Error).message });
      }
    }
  }
  return { locked, unreadable };
}
