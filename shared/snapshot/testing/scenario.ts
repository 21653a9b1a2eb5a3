import { sealEnvelope } from '../../evidence/artifact.js';
import { ENVELOPE_SCHEMA } from '../../evidence/envelope.js';
import { LocalSigner } from '../../ledger/signer.js';
import type { ControlResult } from '../../mapping/types.js';
import { evaluateWindows } from '../../window/evaluate.js';
import { rollUpRequirement } from '../../window/rollup.js';
import type { SnapshotDeps } from '../plan.js';
import type { SnapshotRequest } from '../request.js';
import { MemoryLedger, MemoryStore } from './memory.js';

/** A sealed evidence artifact for `collector` observed at `at` (tests and benchmarks). `pad` bytes of filler data. */
export function makeArtifact(collector: string, at: string, n: number, pad = 0) {
  return sealEnvelope({
    schema: ENVELOPE_SCHEMA,
    collector,
    collectorVersion: '1.0.0',
    scope: { account: '123456789012', region: 'us-east-1' },
    observedAt: at,
    collectedAt: at,
    provenance: { identity: 'arn:aws:iam::123456789012:role/flux-collector', operations: [], complete: true },
    data: { n, users: [{ name: `user-${n}`, mfa: n % 7 !== 3 }], filler: 'x'.repeat(pad) },
    errors: [],
  });
}

export interface Scenario {
  readonly deps: SnapshotDeps & { store: MemoryStore; ledger: MemoryLedger; signer: LocalSigner };
  readonly request: SnapshotRequest;
}

const CONTROLS = [
  { id: 'IAM-01', frequency: 'daily' as const, collector: 'aws-iam-credential-report' },
  { id: 'LOG-01', frequency: 'daily' as const, collector: 'aws-cloudtrail-trails' },
];

/**
 * A small realistic world: two daily controls over a `days`-day window starting 2026-01-01, one artifact per control per
 * day (LOG-01 fails on day 3 and misses day 5), a checkpoint at the window start after some older evidence and one
 * after the window.
 */
export async function buildScenario(days = 7, perDay = 1, pad = 0): Promise<Scenario> {
  const signer = LocalSigner.generate();
  const store = new MemoryStore();
  const ledger = new MemoryLedger();
  const record = async (collector: string, at: string, n: number) => {
    const a = makeArtifact(collector, at, n, pad);
    const stored = await store.put(a);
    await ledger.append({
      sha256: a.sha256,
      key: stored.key,
      collector,
      scope: 'account=123456789012,region=us-east-1',
      observedAt: at,
      collectedAt: at,
    });
    return a.sha256;
  };
  let n = 0;
  for (let i = 0; i < 3; i++) await record('aws-iam-credential-report', `2025-12-2${i}T10:00:00.000Z`, n++);
  await ledger.checkpoint(signer, new Date('2025-12-31T23:00:00.000Z'));
  const results: ControlResult[] = [];
  for (let d = 0; d < days; d++) {
    const day = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
    for (const c of CONTROLS) {
      if (c.id === 'LOG-01' && d === 4) continue;
      for (let k = 0; k < perDay; k++) {
        const at = `${day}T${String(6 + (k % 12)).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}:00.000Z`;
        const sha = await record(c.collector, at, n++);
        const fail = c.id === 'LOG-01' && d === 2;
        results.push({
          controlId: c.id,
          status: fail ? 'FAIL' : 'PASS',
          reason: fail ? 'trail logging disabled' : 'ok',
          failing: fail
            ? [{ resource: 'account=123456789012,region=us-east-1/trail/main', reason: 'IsLogging=false' }]
            : [],
          ruleVersions: { 'demo-rule': '1.0.0' },
          mappingVersion: '1.0.0',
          artifacts: [sha],
          observedAt: at,
          evaluatedAt: at,
        });
      }
    }
  }
  const closeAt = new Date(Date.UTC(2026, 0, 1 + days, 1));
  await ledger.checkpoint(signer, closeAt);
  const window = { start: '2026-01-01', end: new Date(Date.UTC(2026, 0, days)).toISOString().slice(0, 10) };
  const reports = evaluateWindows(window, CONTROLS, (id) => results.filter((r) => r.controlId === id));
  const verdicts = new Map(reports.map((r) => [r.controlId, r.verdict]));
  const requirements = [
    rollUpRequirement({ id: 'CC6.1', controls: ['IAM-01'] }, verdicts),
    rollUpRequirement({ id: 'CC7.2', controls: ['IAM-01', 'LOG-01'] }, verdicts),
  ];
  return {
    deps: { store, ledger, signer, now: () => new Date('2026-02-01T00:00:00.000Z') },
    request: {
      framework: 'soc2-2017',
      window,
      results,
      evaluation: { controls: reports, requirements },
      toolVersion: '0.1.0',
    },
  };
}
