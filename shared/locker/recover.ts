import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { scopeKey } from '../kernel/runner.js';
import { parseArtifactKey, type EvidenceStore } from '../store/types.js';
import type { LogAppender } from '../ledger/append-request.js';
import { temporaryFiles } from '../ledger/log-audit.js';
import type { Ledger } from '../ledger/types.js';

/** How far before the last appended artifact's collection time recovery looks (clock skew, parallel units). */
const RECOVERY_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/** At most this many orphans are appended per run; the rest wait for the next run (and `audit` lists them). */
const RECOVERY_MAX = 1000;

export interface RecoveryResult {
  readonly scanned: number;
  readonly appended: readonly string[];
}

/**
 * Appends evidence objects that were stored but never reached the log (a run killed between the create-only
 * write and the append). Bounded: only objects collected at most RECOVERY_LOOKBACK_MS before the last appended
 * artifact, at most RECOVERY_MAX of them. Each object is read back and must hash to the SHA-256 its key names
 * and carry a valid envelope, the same checks as the sequencer, before its append request is handed over.
 */
export async function recoverOrphans(
  store: EvidenceStore,
  ledger: Ledger,
  appender: LogAppender,
  max = RECOVERY_MAX,
): Promise<RecoveryResult> {
  const since = await lastCollectedAt(ledger);
  const appended: string[] = [];
  let scanned = 0;
  for await (const key of store.list()) {
    const parsed = parseArtifactKey(key)!;
    const at = Date.parse(parsed.collectedAt);
    if (since !== undefined && Number.isFinite(at) && at < since - RECOVERY_LOOKBACK_MS) continue;
    scanned++;
    if (await ledger.get(parsed.sha256)) continue;
    if (appended.length >= max) break;
    const { envelope } = await store.get(key, parsed.sha256);
    await appender.append({
      sha256: parsed.sha256,
      key,
      collector: envelope.collector,
      scope: scopeKey(envelope.scope),
      observedAt: envelope.observedAt,
      collectedAt: envelope.collectedAt,
    });
    appended.push(key);
  }
  return { scanned, appended };
}

async function lastCollectedAt(ledger: Ledger): Promise<number | undefined> {
  const head = await ledger.head();
  if (head.treeSize === 0) return undefined;
  const last = await ledger.entryAt(head.treeSize - 1);
  return last ? Date.parse(last.collectedAt) : undefined;
}

/**
 * Removes the temporary files an interrupted local write left under `<root>/evidence` (never linked into place,
 * so no evidence is lost). The local locker has one writer at a time: a collect run starts with this step.
 */
export async function removeTemporaryFiles(root: string): Promise<string[]> {
  const files = await temporaryFiles(root, 'evidence');
  for (const rel of files) await rm(join(root, rel), { force: true });
  return files;
}
