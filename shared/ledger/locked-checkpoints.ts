import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { canonicalBytes } from '../evidence/canonical.js';
import { readStoredObject } from '../store/s3-read.js';
import { CHECKPOINT_PREFIX } from './s3-checkpoint-sink.js';
import type { SignedCheckpoint } from './types.js';

/** A checkpoint's copy under Object Lock in the evidence bucket (what the sequencer's sink wrote). */
export interface LockedCheckpoint {
  readonly key: string;
  /** The object's JSON, unchecked: the audit verifies it like any other checkpoint. */
  readonly signed: SignedCheckpoint;
}

/** A locked copy that is not even shaped like a signed checkpoint (the audit reports it). */
export interface UnreadableCopy {
  readonly key: string;
  readonly message: string;
}

/** Every locked copy read, and the ones that could not be read as a signed checkpoint. */
export interface LockedCopies {
  readonly locked: readonly LockedCheckpoint[];
  readonly unreadable: readonly UnreadableCopy[];
}

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
  const locked: LockedCheckpoint[] = [];
  const unreadable: UnreadableCopy[] = [];
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

const identity = (cp: SignedCheckpoint) => canonicalBytes(cp).toString('utf8');
const label = (cp: SignedCheckpoint) =>
  `checkpoint of size ${cp.checkpoint?.treeSize} at ${cp.checkpoint?.timestamp}`;

/**
 * Compares the table's checkpoints with their locked copies. A copy the table does not hold means the table's
 * checkpoints were removed or rewritten after signing (the sequencer writes the table first, then the copy); a
 * table checkpoint without a copy was never anchored (a sequencer stopped between the two writes, or someone
 * signed one outside it). Returns every distinct checkpoint, oldest first, so the audit verifies the copies
 * against the log too, and one line per mismatch.
 */
export function reconcileCheckpoints(
  table: readonly SignedCheckpoint[],
  { locked, unreadable }: LockedCopies,
): { all: SignedCheckpoint[]; mismatches: { message: string; key?: string }[] } {
  const inTable = new Set(table.map(identity));
  const copied = new Set<string>();
  const mismatches: { message: string; key?: string }[] = unreadable.map(({ key, message }) => ({
    key,
    message: `the locked copy ${key} is unreadable: ${message}`,
  }));
  const all = [...table];
  for (const copy of locked) {
    const id = identity(copy.signed);
    copied.add(id);
    if (inTable.has(id)) continue;
    mismatches.push({
      key: copy.key,
      message: `the locked copy ${copy.key} (${label(copy.signed)}) is not among the ledger table's checkpoints: the table's checkpoints were removed or rewritten`,
    });
    all.push(copy.signed);
    inTable.add(id);
  }
  for (const cp of table) {
    if (!copied.has(identity(cp)))
      mismatches.push({
        message: `${label(cp)} has no locked copy under ${CHECKPOINT_PREFIX} in the evidence bucket: nothing outside the table anchors it`,
      });
  }
  all.sort(
    (a, b) =>
      (a.checkpoint?.treeSize ?? 0) - (b.checkpoint?.treeSize ?? 0) ||
      String(a.checkpoint?.timestamp).localeCompare(String(b.checkpoint?.timestamp)),
  );
  return { all, mismatches };
}
