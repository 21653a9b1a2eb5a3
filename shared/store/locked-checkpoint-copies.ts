import { ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LockedCopies } from '../ledger/locked-checkpoints.js';
import { CHECKPOINT_PREFIX } from '../ledger/s3-checkpoint-sink.js';
import type { SignedCheckpoint } from '../ledger/types.js';
import { readStoredObject } from './s3-read.js';

/** Checkpoint objects are a few hundred bytes; anything far larger is not one. */
const MAX_CHECKPOINT_BYTES = 64 * 1024;

/**
 * Reads every locked checkpoint copy under `checkpoints/` in the evidence bucket, in key order. The ledger table's
 * writer (the sequencer) can rewrite or delete the table's checkpoints; it cannot change or remove these copies
 * before their retention ends, so the audit checks the log against them. The bucket is versioned: a DeleteObject
 * without a version only adds a delete marker, which hides the copy from an ordinary listing. Versions are listed,
 * so a hidden copy is still read (its newest version) and reported.
 */
export async function readLockedCheckpoints(
  s3: S3Client,
  bucket: string,
  prefix = CHECKPOINT_PREFIX,
): Promise<LockedCopies> {
  const locked: LockedCopies['locked'][number][] = [];
  const unreadable: LockedCopies['unreadable'][number][] = [];
  const newest = new Map<string, string | undefined>();
  const hidden = new Set<string>();
  // The SDK has no paginator for ListObjectVersions: follow its key and version markers.
  let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, ...markers }));
    for (const m of page.DeleteMarkers ?? []) if (m.IsLatest) hidden.add(m.Key!);
    // Versions of a key come newest first; a create-only key has one.
    for (const v of page.Versions ?? []) if (!newest.has(v.Key!)) newest.set(v.Key!, v.VersionId);
    if (!page.IsTruncated) break;
    markers = {
      ...(page.NextKeyMarker ? { KeyMarker: page.NextKeyMarker } : {}),
      ...(page.NextVersionIdMarker ? { VersionIdMarker: page.NextVersionIdMarker } : {}),
    };
  }
  for (const [key, versionId] of [...newest].sort(([a], [b]) => a.localeCompare(b))) {
    if (hidden.has(key))
      unreadable.push({ key, message: 'hidden behind a delete marker (its locked version is still read)' });
    try {
      const version = versionId && versionId !== 'null' ? versionId : undefined;
      const { bytes } = await readStoredObject(s3, bucket, key, MAX_CHECKPOINT_BYTES, version);
      const signed = JSON.parse(bytes.toString('utf8')) as unknown;
      const inner = (signed as { checkpoint?: unknown } | null)?.checkpoint;
      if (typeof signed !== 'object' || Array.isArray(signed) || typeof inner !== 'object' || inner === null)
        throw new Error('not a signed checkpoint (no checkpoint object)');
      locked.push({ key, signed: signed as SignedCheckpoint });
    } catch (e) {
      unreadable.push({ key, message: (e as Error).message });
    }
  }
  return { locked, unreadable };
}
