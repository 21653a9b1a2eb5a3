import { IntegrityError } from '../errors.js';
import { CompactRange, leafHash } from './merkle.js';
import { leafHashOf } from './records.js';
import { verifyConsistency, verifyInclusion, type HashInput } from './merkle-verify.js';
import { verifyCheckpoint } from './verify-checkpoint.js';
import type { Ledger, SignedCheckpoint } from './types.js';

export interface AuditOptions {
  /** Verify the checkpoint's signature with this SPKI PEM first. */
  readonly publicKeyPem?: string;
  readonly keyId?: string;
}

export interface AuditReport {
  readonly treeSize: number;
  readonly rootHash: string;
  /** The ledger's current size, shown consistent with the checkpoint. */
  readonly headSize: number;
}

/**
 * Audits a ledger against a signed checkpoint: reads leaves 0..treeSize-1 in order, reports the
 * first missing index (`ledger-gap`), recomputes the root from the artifact hashes and compares it
 * with the signed root (`checkpoint-root-mismatch`), then checks that the ledger's current head is
 * an append-only extension of the checkpoint (`consistency-proof`).
 */
export async function verifyLog(
  ledger: Ledger,
  signed: SignedCheckpoint,
  options: AuditOptions = {},
): Promise<AuditReport> {
  if (options.publicKeyPem) verifyCheckpoint(signed, options.publicKeyPem, { keyId: options.keyId });
  const { treeSize, rootHash } = signed.checkpoint;
  const range = CompactRange.empty();
  for await (const entry of ledger.entries(0, treeSize)) {
    if (entry.index !== range.size) throw gap(range.size, treeSize);
    if (!/^[0-9a-f]{64}$/.test(entry.sha256)) {
      throw new IntegrityError('malformed-hash', `leaf ${entry.index} does not hold a hex SHA-256`, {
        index: entry.index,
      });
    }
    range.append(leafHashOf(entry));
  }
  if (range.size !== treeSize) throw gap(range.size, treeSize);
  const computed = range.root().toString('hex');
  if (computed !== rootHash) {
    throw new IntegrityError(
      'checkpoint-root-mismatch',
      `the ${treeSize} leaves in the ledger hash to a root other than the one the checkpoint signed: a recorded hash was rewritten`,
      { treeSize, expectedRoot: rootHash, computedRoot: computed },
    );
  }
  const head = await ledger.head();
  verifyConsistency(
    treeSize,
    head.treeSize,
    await ledger.consistencyProof(treeSize, head.treeSize),
    rootHash,
    head.rootHash,
  );
  return { treeSize, rootHash, headSize: head.treeSize };
}

/** Throws unless artifact `sha256` is leaf `index` of the tree the checkpoint signed. */
export function verifyArtifactInclusion(
  sha256: string,
  index: number,
  proof: readonly HashInput[],
  signed: SignedCheckpoint,
): void {
  const { treeSize, rootHash } = signed.checkpoint;
  verifyInclusion(leafHash(Buffer.from(sha256, 'hex')), index, treeSize, proof, rootHash);
}

/** Throws unless `newer` extends `older`: same log (`checkpoint-origin`) and a valid consistency proof. */
export function verifyCheckpointConsistency(
  older: SignedCheckpoint,
  newer: SignedCheckpoint,
  proof: readonly HashInput[],
): void {
  const a = older.checkpoint;
  const b = newer.checkpoint;
  if (a.origin !== b.origin) {
    throw new IntegrityError(
      'checkpoint-origin',
      `checkpoints come from different logs (${a.origin} and ${b.origin})`,
      {
        origins: [a.origin, b.origin],
      },
    );
  }
  verifyConsistency(a.treeSize, b.treeSize, proof, a.rootHash, b.rootHash);
}

function gap(index: number, treeSize: number): IntegrityError {
  return new IntegrityError(
    'ledger-gap',
    `leaf ${index} of the ${treeSize} the checkpoint covers is missing from the ledger`,
    {
      index,
      treeSize,
    },
  );
}
