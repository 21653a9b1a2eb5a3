import type { Ledger, SignedCheckpoint, Signer } from '../../shared/ledger/types.js';

export interface SequenceOptions {
  /** Sign a checkpoint at least this often even when the log did not grow (a liveness heartbeat). */
  readonly heartbeatHours: number;
}

/**
 * Signs a checkpoint when the log grew since the latest one, or when the latest is older than the heartbeat;
 * otherwise returns undefined (a 5-minute schedule would else lock ~105,000 identical checkpoints a year).
 */
export async function checkpointIfDue(
  ledger: Ledger,
  signer: Signer,
  now: Date,
  options: SequenceOptions = { heartbeatHours: 24 },
): Promise<SignedCheckpoint | undefined> {
  const [head, latest] = await Promise.all([ledger.head(), ledger.latestCheckpoint()]);
  if (latest) {
    const age = now.getTime() - Date.parse(latest.checkpoint.timestamp);
    if (latest.checkpoint.treeSize === head.treeSize && age < options.heartbeatHours * 3_600_000)
      return undefined;
  }
  return ledger.checkpoint(signer, now);
}
