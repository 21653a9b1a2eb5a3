import type { Ledger } from '../ledger/types.js';
import type { EvidenceStore } from '../store/types.js';
import { SNAPSHOT_ACCESS_LOG_ID } from '../collectors/snapshot-access-log/meta.js';
import { schema, type SnapshotAccessLogData } from '../collectors/snapshot-access-log/schema.js';

type Issuance = SnapshotAccessLogData['issuances'][number];
type Download = SnapshotAccessLogData['downloads'][number];

/** Where a listed record is evidenced: the logged `snapshot-access-log` artifact and its log index. */
interface Cited {
  readonly evidence: { readonly sha256: string; readonly index: number };
}

/** Every URL issued and every download of an engagement's snapshots, as the log's access evidence records them. */
export interface AccessReport {
  readonly engagement: string;
  /** Tree size read: every `snapshot-access-log` leaf below it was considered. */
  readonly treeSize: number;
  readonly issuances: readonly (Issuance & Cited)[];
  /**
   * Downloads, once each (S3 request id): a log object read by two runs appears in both artifacts. `issuedTo`
   * is the principal of the issuance whose URL was used (matched by `urlId`): for a presigned URL the access
   * log's requester is the signing role, not the auditor.
   */
  readonly downloads: readonly (Download & Cited & { readonly issuedTo?: string })[];
  /** Access-log objects read by the collector runs in the log (0: no download can have been seen yet). */
  readonly accessLogObjects: number;
}

const byTime = <T extends { readonly evidence: { readonly index: number } }>(
  at: (x: T) => string,
): ((a: T, b: T) => number) => {
  return (a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : a.evidence.index - b.evidence.index);
};

/**
 * Lists the issuances and downloads of one engagement from every logged `snapshot-access-log` artifact: only what
 * the log holds counts, each artifact is read back hash-checked and parsed with the collector's schema.
 */
export async function accessReport(
  engagement: string,
  deps: { readonly ledger: Pick<Ledger, 'head' | 'entries'>; readonly store: Pick<EvidenceStore, 'get'> },
): Promise<AccessReport> {
  const { treeSize } = await deps.ledger.head();
  const issuances: (Issuance & Cited)[] = [];
  const downloads = new Map<string, Download & Cited>();
  let accessLogObjects = 0;
  for await (const e of deps.ledger.entries(0, treeSize)) {
    if (e.collector !== SNAPSHOT_ACCESS_LOG_ID || e.leafHash !== undefined) continue;
    const data = schema.parse((await deps.store.get(e.key, e.sha256)).envelope.data);
    const evidence = { sha256: e.sha256, index: e.index };
    accessLogObjects += data.accessLogs?.objects ?? 0;
    for (const i of data.issuances) if (i.engagement === engagement) issuances.push({ ...i, evidence });
    for (const d of data.downloads)
      if (d.engagement === engagement && !downloads.has(d.requestId))
        downloads.set(d.requestId, { ...d, evidence });
  }
  const issuedTo = new Map(issuances.flatMap((i) => (i.urlId ? [[i.urlId, i.principal] as const] : [])));
  return {
    engagement,
    treeSize,
    issuances: issuances.sort(byTime((i) => i.issuedAt)),
    downloads: [...downloads.values()]
      .map((d) => {
        const who = d.urlId ? issuedTo.get(d.urlId) : undefined;
        return who ? { ...d, issuedTo: who } : d;
      })
      .sort(byTime((d) => d.time)),
    accessLogObjects,
  };
}

/** The report as text: one line per issuance and per download. */
export function formatAccessReport(r: AccessReport): string {
  const lines = [`Engagement ${r.engagement}: access to snapshots (log tree size ${r.treeSize})`, ''];
  lines.push(`URLs issued: ${r.issuances.length}`);
  for (const i of r.issuances)
    lines.push(
      `  ${i.issuedAt}  ${i.principal}  ${i.snapshotKey}  expires ${i.expiresAt} (${i.expiresIn} s` +
        `${i.cappedBy ? `, asked ${i.requestedExpiresIn} s, capped by ${i.cappedBy.join(', ')}` : ''})` +
        `${i.urlId ? `  url ${i.urlId}` : ''}`,
    );
  lines.push(
    '',
    `Downloads: ${r.downloads.length} (from ${r.accessLogObjects} S3 server access log objects)`,
  );
  for (const d of r.downloads)
    lines.push(
      `  ${d.time}  ${d.issuedTo ?? d.requester ?? 'unknown requester'}  ${d.remoteIp ?? '-'}  ${d.snapshotKey}` +
        `  HTTP ${d.httpStatus ?? '-'}  ${d.bytesSent ?? 0}/${d.objectSize ?? '?'} bytes` +
        `${d.complete ? '' : ' (incomplete)'}${d.urlId ? `  url ${d.urlId}` : ''}`,
    );
  if (r.accessLogObjects === 0)
    lines.push(
      '  (no access-log object read yet: the snapshot-access-log collector reads them hourly, S3 delivers them within hours)',
    );
  return lines.join('\n') + '\n';
}
