import { IntegrityError } from '../../shared/errors.js';
import { verifyConsistency } from '../../shared/ledger/merkle-verify.js';
import type { Ledger, SignedCheckpoint, Signer } from '../../shared/ledger/types.js';
import { verifyCheckpoint } from '../../shared/ledger/verify-checkpoint.js';

export interface SequenceOptions {
  /** Sign a checkpoint at least this often even when the log did not grow (a liveness heartbeat). */
  readonly heartbeatHours: number;
}

/** Why the sequencer refused to sign: the head does not extend the last signed checkpoint. */
export interface LedgerFork {
  readonly kind: 'ledger-fork';
  readonly origin: string;
  /** The last good signed checkpoint (still the latest: nothing was signed). */
  readonly signed: { readonly treeSize: number; readonly rootHash: string; readonly timestamp: string };
  /** The head found in the log. */
  readonly head: { readonly treeSize: number; readonly rootHash: string };
  /** The IntegrityError check that failed, e.g. `consistency-proof` or `checkpoint-signature`. */
  readonly check: string;
  readonly reason: string;
  readonly detectedAt: string;
}

/** Announces a fork through the alert channels (functions/sequencer/ledger-alerts.ts in production). */
export type ForkAlert = (fork: LedgerFork) => Promise<void>;

export type SequenceOutcome =
  | { readonly status: 'signed'; readonly signed: SignedCheckpoint }
  | { readonly status: 'not-due'; readonly latest: SignedCheckpoint }
  | { readonly status: 'fork'; readonly fork: LedgerFork };

/**
 * Signs a checkpoint when the log grew since the latest one, or when the latest is older than the heartbeat.
 * Before signing, the latest checkpoint's signature is verified with the signer's own public key and the head
 * must extend it: an RFC 9162 consistency proof from the signed (size, root) to the head's, checked with the
 * verifier auditors use (shared/ledger/merkle-verify.ts). When either fails, nothing is signed (the last good
 * checkpoint stays the latest) and `alert` announces a `ledger-fork`.
 */
export async function sequence(
  ledger: Ledger & { readonly origin: string },
  signer: Signer,
  now: Date,
  alert: ForkAlert,
  options: SequenceOptions = { heartbeatHours: 24 },
): Promise<SequenceOutcome> {
  const [head, latest] = await Promise.all([ledger.head(), ledger.latestCheckpoint()]);
  if (latest) {
    const age = now.getTime() - Date.parse(latest.checkpoint.timestamp);
    const unchanged =
      latest.checkpoint.treeSize === head.treeSize && latest.checkpoint.rootHash === head.rootHash;
    if (unchanged && age < options.heartbeatHours * 3_600_000) return { status: 'not-due', latest };
    try {
      await extendsSigned(ledger, signer, latest, head);
    } catch (e) {
      if (!(e instanceof IntegrityError)) throw e;
      const fork: LedgerFork = {
        kind: 'ledger-fork',
        origin: ledger.origin,
        signed: {
          treeSize: latest.checkpoint.treeSize,
          rootHash: latest.checkpoint.rootHash,
          timestamp: latest.checkpoint.timestamp,
        },
        head,
        check: e.check,
        reason: e.message,
        detectedAt: now.toISOString(),
      };
      await alert(fork);
      return { status: 'fork', fork };
    }
  }
  return { status: 'signed', signed: await ledger.checkpoint(signer, now) };
}

/** Throws IntegrityError unless `latest` is ours and the head is an append-only extension of it. */
async function extendsSigned(
  ledger: Ledger & { readonly origin: string },
  signer: Signer,
  latest: SignedCheckpoint,
  head: { treeSize: number; rootHash: string },
): Promise<void> {
  const signed = verifyCheckpoint(latest, await signer.publicKeyPem(), {
    origin: ledger.origin,
    keyId: signer.keyId,
  });
  if (head.treeSize < signed.treeSize) {
    throw new IntegrityError(
      'consistency-proof',
      `the log head has ${head.treeSize} leaves, fewer than the ${signed.treeSize} already signed: a log cannot shrink`,
      { signedSize: signed.treeSize, headSize: head.treeSize },
    );
  }
  let proof: string[];
  try {
    proof = await ledger.consistencyProof(signed.treeSize, head.treeSize);
  } catch (e) {
    if (!(e instanceof IntegrityError)) throw e;
    throw new IntegrityError('consistency-proof', `no consistency proof can be built: ${e.message}`, {
      cause: e.check,
    });
  }
  verifyConsistency(signed.treeSize, head.treeSize, proof, signed.rootHash, head.rootHash);
}
