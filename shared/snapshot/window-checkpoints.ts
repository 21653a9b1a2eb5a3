// Every checkpoint signed during a snapshot's window, each with a consistency proof to the closing checkpoint: the
// auditor sees the log only ever grew, and can keep any of them for `verify --since` later.
import * as z from 'zod';
import { verifyConsistency } from '../ledger/merkle-verify.js';
import type { Ledger, SignedCheckpoint } from '../ledger/types.js';
import { verifyCheckpoint } from '../ledger/verify-checkpoint.js';
import { message, summarize, type SnapshotCheck } from './verify-checks.js';
import type { ZipFileRead } from './zip-read.js';

/** Path of the list inside a snapshot. */
export const WINDOW_CHECKPOINTS_PATH = 'checkpoints/window.json';

/** Most checkpoints listed (hourly checkpoints over a 400-day window fit). */
const MAX_WINDOW_CHECKPOINTS = 10_000;

/** One checkpoint of the window and the consistency proof from it to the closing checkpoint. */
export interface WindowCheckpoint {
  readonly signed: SignedCheckpoint;
  readonly proof: readonly string[];
}

/**
 * The checkpoints signed after the start checkpoint and before the closing one, oldest first, found by walking back
 * from the closing checkpoint with `latestCheckpoint` (one look-up each; checkpoints are at least a millisecond apart).
 */
export async function windowCheckpoints(
  ledger: Pick<Ledger, 'latestCheckpoint' | 'consistencyProof'>,
  closing: SignedCheckpoint,
  start?: SignedCheckpoint,
): Promise<WindowCheckpoint[]> {
  const out: WindowCheckpoint[] = [];
  const floor = start ? Date.parse(start.checkpoint.timestamp) : -Infinity;
  let at = Date.parse(closing.checkpoint.timestamp) - 1;
  while (out.length < MAX_WINDOW_CHECKPOINTS && at > floor) {
    const c = await ledger.latestCheckpoint(new Date(at));
    if (!c || Date.parse(c.checkpoint.timestamp) <= floor) break;
    const proof = await ledger.consistencyProof(c.checkpoint.treeSize, closing.checkpoint.treeSize);
    out.push({ signed: c, proof });
    at = Date.parse(c.checkpoint.timestamp) - 1;
  }
  return out.reverse();
}

const ListSchema = z.array(z.strictObject({ signed: z.unknown(), proof: z.array(z.string()) }));

/**
 * Each listed checkpoint is signed by the snapshot's key for the same log, lies strictly between the start and closing
 * checkpoints in time, the sizes never shrink, and each is consistent with the closing checkpoint.
 */
export function windowCheckpointsCheck(
  files: ReadonlyMap<string, ZipFileRead>,
  publicKeyPem: string,
  closing?: SignedCheckpoint,
  start?: SignedCheckpoint,
): SnapshotCheck {
  const name = 'window-checkpoints';
  const problems: string[] = [];
  let count = 0;
  try {
    if (!closing) throw new Error('no valid closing checkpoint');
    const bytes = files.get(WINDOW_CHECKPOINTS_PATH)?.bytes;
    if (!bytes) throw new Error(`${WINDOW_CHECKPOINTS_PATH} is missing`);
    const parsed = ListSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    if (!parsed.success) throw new Error(`${WINDOW_CHECKPOINTS_PATH} is malformed`);
    const end = closing.checkpoint;
    let prev = start?.checkpoint;
    for (const [i, item] of parsed.data.entries()) {
      try {
        const c = verifyCheckpoint(item.signed, publicKeyPem, { origin: end.origin });
        if (prev && (c.timestamp <= prev.timestamp || c.treeSize < prev.treeSize))
          throw new Error(
            `tree size ${c.treeSize} at ${c.timestamp} does not follow ${prev.treeSize} at ${prev.timestamp}`,
          );
        if (c.timestamp >= end.timestamp || c.treeSize > end.treeSize)
          throw new Error(`is not before the closing checkpoint`);
        verifyConsistency(c.treeSize, end.treeSize, item.proof, c.rootHash, end.rootHash);
        prev = c;
        count++;
      } catch (err) {
        problems.push(`checkpoint ${i}: ${message(err)}`);
      }
    }
  } catch (err) {
    problems.push(message(err));
  }
  return {
    name,
    ok: problems.length === 0,
    detail: problems.length
      ? summarize(problems)
      : `${count} checkpoints signed during the window, each a prefix of the closing one`,
  };
}
