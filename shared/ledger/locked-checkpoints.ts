import { canonicalBytes } from '../evidence/canonical.js';
import { CHECKPOINT_PREFIX } from './s3-checkpoint-sink.js';
import type { SignedCheckpoint } from './types.js';

/** A checkpoint's copy under Object Lock in the evidence bucket (what the sequencer's sink wrote). */
interface LockedCheckpoint {
  readonly key: string;
  /** The object's JSON, unchecked: the audit verifies it like any other checkpoint. */
  readonly signed: SignedCheckpoint;
}

/** A locked copy that is not even shaped like a signed checkpoint (the audit reports it). */
interface UnreadableCopy {
  readonly key: string;
  readonly message: string;
}

/** Every locked copy read (shared/store/locked-checkpoint-copies.ts), and the ones that could not be read as a signed checkpoint. */
export interface LockedCopies {
  readonly locked: readonly LockedCheckpoint[];
  readonly unreadable: readonly UnreadableCopy[];
}

const identity = (cp: SignedCheckpoint) => canonicalBytes(cp).toString('utf8');
const label = (cp: SignedCheckpoint) =>
  `checkpoint of size ${cp.checkpoint?.treeSize} at ${cp.checkpoint?.timestamp}`;

/**
 * Compares the table's checkpoints with their locked copies. A copy the table does not hold means the table's
 * checkpoints were removed or rewritten after signing (the sequencer writes the table first, then the copy); a
 * table checkpoint without a copy was never anchored (a sequencer stopped between the two writes, or someone
 * signed one outside it). Returns every distinct checkpoint, by tree size then time, so the audit verifies the copies
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
