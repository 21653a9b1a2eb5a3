import type { EvidenceLoader } from '../../mapping/evidence-loader.js';
import type { SnapshotAccessExtras } from './collector.js';
import { SNAPSHOT_ACCESS_LOG_ID } from './meta.js';

const HOUR_MS = 3_600_000;
/** `2026-02-01T10:00:00.000Z` → `2026-02-01-10-00-00`, the time part of an S3 server access log key. */
const logKeyTime = (iso: string) => iso.slice(0, 19).replace(/[T:]/g, '-');

/**
 * What a scheduled run reads: the access logs under `prefix` after the last key a previous run recorded, so
 * each log object is read once; the first run reads them all. When the latest artifact is an issuance the API
 * recorded (it carries no log position), reading resumes at log keys from two hours (the collector's time to
 * live, longer than the hourly schedule) before it: no download is missed, and one read twice appears with the
 * same `requestId` in both artifacts.
 */
export async function accessLogExtras(
  logs: { readonly bucket: string; readonly prefix: string },
  evidence: Pick<EvidenceLoader, 'latest'>,
): Promise<SnapshotAccessExtras> {
  const starts = (await evidence.latest(SNAPSHOT_ACCESS_LOG_ID)).map((e) => {
    const lastKey = (e.data as { accessLogs?: { lastKey?: string } | null }).accessLogs?.lastKey;
    if (typeof lastKey === 'string' && lastKey.startsWith(logs.prefix)) return lastKey;
    const before = new Date(Date.parse(e.collectedAt) - 2 * HOUR_MS).toISOString();
    return `${logs.prefix}${logKeyTime(before)}`;
  });
  const startAfter = starts.sort().at(-1);
  return { accessLogs: { bucket: logs.bucket, prefix: logs.prefix, ...(startAfter ? { startAfter } : {}) } };
}
