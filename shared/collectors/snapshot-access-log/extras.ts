import type { EvidenceLoader } from '../../mapping/evidence-loader.js';
import { scopeKey } from '../runner.js';
import type { SnapshotAccessExtras } from './collector.js';
import { ACCESS_LOGS_SCOPE, SNAPSHOT_ACCESS_LOG_ID } from './meta.js';

/**
 * What a scheduled run reads: the access logs under `prefix` after the last key the latest scheduled run
 * (scope {@link ACCESS_LOGS_SCOPE}) recorded, so each log object is read once; the first run reads them all.
 */
export async function accessLogExtras(
  logs: { readonly bucket: string; readonly prefix: string },
  evidence: Pick<EvidenceLoader, 'latest'>,
): Promise<SnapshotAccessExtras> {
  const own = scopeKey(ACCESS_LOGS_SCOPE);
  const latest = (await evidence.latest(SNAPSHOT_ACCESS_LOG_ID)).filter((e) => e.scope === own);
  const lastKeys = latest
    .map((e) => (e.data as { accessLogs?: { lastKey?: string } | null }).accessLogs?.lastKey)
    .filter((k): k is string => typeof k === 'string' && k.startsWith(logs.prefix))
    .sort();
  const startAfter = lastKeys.at(-1);
  return { accessLogs: { bucket: logs.bucket, prefix: logs.prefix, ...(startAfter ? { startAfter } : {}) } };
}
