import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../cli/backend.js';
import { ingestProwler } from '../../ingest/ingest-prowler.js';
import type { RunResult } from '../../kernel/runner.js';

/**
 * The demo's recorded Prowler scan: the pinned Prowler's OCSF output for the demo company's management account
 * after its readiness fixes, trimmed (scripts/record-demo-prowler-scan.ts records it).
 */
export const DEMO_PROWLER_SCAN = fileURLToPath(new URL('./management.ocsf.json', import.meta.url));

type Json = Record<string, unknown>;
const pick = (o: unknown, keys: readonly string[]): Json =>
  Object.fromEntries(keys.filter((k) => (o as Json)[k] !== undefined).map((k) => [k, (o as Json)[k]]));

/**
 * A Prowler OCSF record trimmed to what the ingest reads and a reader needs (check, status, severity, resource,
 * account, time); Prowler's remediation text, risk details and per-finding compliance tables are dropped.
 */
export function trimProwlerRecord(r: Json): Json {
  const cloud = r.cloud as Json;
  return {
    ...pick(r, ['message', 'status', 'status_code', 'status_detail', 'severity', 'class_uid', 'class_name']),
    metadata: pick(r.metadata, ['event_code', 'product', 'version']),
    finding_info: pick(r.finding_info, ['uid', 'title']),
    cloud: { ...pick(cloud, ['provider', 'region']), account: pick(cloud.account, ['uid', 'type']) },
    resources: ((r.resources as Json[] | undefined) ?? []).map((x) =>
      pick(x, ['uid', 'name', 'type', 'region']),
    ),
    ...pick(r, ['time', 'time_dt']),
  };
}

/**
 * Ingests the recorded scan as if Prowler had just run it at `scanAt`, through `flux-evidence ingest prowler`'s
 * own path. The demo simulates a 90-day window on its own clock, and a scan recorded once would be older than the
 * ingest's freshness limit (8 days): so the demo re-dates the recorded scan to its clock, shifting every finding's
 * time by the same amount. The recorded scan time is kept in the artifact's provenance (`recordedAt`).
 */
export async function ingestDemoProwlerScan(
  backend: Pick<Backend, 'store' | 'ledger' | 'index'>,
  o: { scanAt: Date; now: Date; accounts: readonly string[] },
): Promise<RunResult> {
  const records = JSON.parse(await readFile(DEMO_PROWLER_SCAN, 'utf8')) as Json[];
  const times = records.map((r) => Number(r.time) * 1000);
  const recorded = Math.min(...times);
  const shift = o.scanAt.getTime() - recorded;
  const redated = records.map((r) => {
    const t = Number(r.time) * 1000 + shift;
    return { ...r, time: Math.floor(t / 1000), time_dt: new Date(t).toISOString() };
  });
  const text = JSON.stringify(redated);
  return ingestProwler(
    (async function* () {
      yield text;
    })(),
    {
      ...backend,
      now: () => o.now,
      accounts: o.accounts,
      notes: [
        `recordedAt ${new Date(recorded).toISOString()}: a recorded Prowler scan, re-dated by the demo to its simulated clock (finding times shifted by ${Math.round(shift / 3_600_000)} h)`,
      ],
    },
    'demo Prowler scan (shared/demo/prowler/management.ocsf.json)',
  );
}
