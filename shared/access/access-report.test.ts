import { describe, expect, it } from '@jest/globals';
import { sealEnvelope } from '../evidence/artifact.js';
import { ENVELOPE_SCHEMA } from '../evidence/envelope.js';
import { MemoryLedger, MemoryStore } from '../snapshot/testing/memory.js';
import { accessReport, formatAccessReport } from './access-report.js';

const KEY = 'snapshots/acme-soc2-2026/soc2-2017/2026-01-01_2026-03-31/20260401T090000Z-1a2b3c4d.zip';
const OTHER = 'snapshots/acme-iso-2026/iso27001-2022/2026-01-01_2026-03-31/20260401T090000Z-5e6f7a8b.zip';
const JANE = 'arn:aws:sts::123456789012:assumed-role/acme-auditor/jane';
const issuance = (snapshotKey: string, engagement: string, urlId: string, issuedAt: string) => ({
  snapshotKey,
  principal: JANE,
  engagement,
  issuedAt,
  expiresAt: '2026-04-01T10:00:00.000Z',
  expiresIn: 1800,
  requestedExpiresIn: 7200,
  cappedBy: ['credentials'],
  urlId,
});
const download = (requestId: string, bytesSent: number, urlId?: string) => ({
  snapshotKey: KEY,
  engagement: 'acme-soc2-2026',
  time: '2026-04-01T09:30:00.000Z',
  requester: 'arn:aws:sts::123456789012:assumed-role/FluxEvidence-SnapshotSigner/fn',
  remoteIp: '198.51.100.23',
  requestId,
  httpStatus: 200,
  bytesSent,
  objectSize: 4096,
  complete: bytesSent === 4096,
  authenticationType: 'QueryString',
  ...(urlId ? { urlId } : {}),
});

async function logged(data: object[], collector = 'snapshot-access-log') {
  const store = new MemoryStore();
  const ledger = new MemoryLedger();
  for (const [i, d] of data.entries()) {
    const at = new Date(Date.UTC(2026, 3, 1, 10 + i)).toISOString();
    const a = sealEnvelope({
      schema: ENVELOPE_SCHEMA,
      collector,
      collectorVersion: '1.0.0',
      scope: { account: '123456789012', region: 'us-east-1' },
      observedAt: at,
      collectedAt: at,
      provenance: { identity: 'derived', operations: [], complete: true },
      data: d,
      errors: [],
    });
    const stored = await store.put(a);
    await ledger.append({
      sha256: a.sha256,
      key: stored.key,
      collector,
      scope: 'account=123456789012,region=us-east-1',
      observedAt: at,
      collectedAt: at,
    });
  }
  return { store, ledger };
}

describe('accessReport', () => {
  it("lists one engagement's issuances and downloads once each, attributing URL downloads to their issuance", async () => {
    const logs = { bucket: 'flux-logs', prefix: 'evidence-bucket/', objects: 1 };
    const deps = await logged([
      {
        issuances: [
          issuance(KEY, 'acme-soc2-2026', '00000000000000aa', '2026-04-01T09:00:00.000Z'),
          issuance(OTHER, 'acme-iso-2026', '00000000000000bb', '2026-04-01T08:00:00.000Z'),
        ],
        downloads: [],
        accessLogs: null,
      },
      // The same log object read by two runs: request R1 appears twice.
      { issuances: [], downloads: [download('R1', 4096, '00000000000000aa')], accessLogs: logs },
      {
        issuances: [],
        downloads: [download('R1', 4096, '00000000000000aa'), download('R2', 100)],
        accessLogs: logs,
      },
    ]);
    const r = await accessReport('acme-soc2-2026', deps);
    expect(r.treeSize).toBe(3);
    expect(r.accessLogObjects).toBe(2);
    expect(r.issuances.map((i) => [i.snapshotKey, i.evidence.index])).toEqual([[KEY, 0]]);
    expect(r.downloads.map((d) => [d.requestId, d.issuedTo, d.complete, d.evidence.index])).toEqual([
      ['R1', JANE, true, 1],
      ['R2', undefined, false, 2],
    ]);
    const text = formatAccessReport(r);
    expect(text).toContain(`expires 2026-04-01T10:00:00.000Z (1800 s, asked 7200 s, capped by credentials)`);
    expect(text).toContain(`${JANE}  198.51.100.23  ${KEY}  HTTP 200  4096/4096 bytes  url 00000000000000aa`);
    expect(text).toContain('HTTP 200  100/4096 bytes (incomplete)');
  });

  it('reads nothing but snapshot-access-log artifacts, and says when no access log was read yet', async () => {
    const deps = await logged([{ not: 'access evidence' }], 'aws-iam-credential-report');
    const r = await accessReport('acme-soc2-2026', deps);
    expect(r).toMatchObject({ treeSize: 1, issuances: [], downloads: [], accessLogObjects: 0 });
    expect(formatAccessReport(r)).toContain('no access-log object read yet');
  });
});
