import { describe, expect, it } from '@jest/globals';
import { MemoryEvidenceLoader } from './evidence-loader.js';
import { controlsReading, mapArtifact, type MapDeps } from './map-artifact.js';
import { MemoryResultsStore } from './memory-results-store.js';
import { NOW, control, evidence, policyRule, ttlHoursOf, usersRule } from './test-fixtures.js';
import type { ControlDef } from './types.js';

const other: ControlDef = {
  id: 'LOG-01',
  collectors: ['demo-logs'],
  frequency: 'daily',
  version: '1.0.0',
  automation: 'automated',
};
const manual: ControlDef = {
  id: 'GOV-01',
  collectors: ['demo-policy'],
  frequency: 'annual',
  version: '1.0.0',
  automation: 'manual',
};

function setup() {
  const loader = new MemoryEvidenceLoader();
  const results = new MemoryResultsStore();
  let now = NOW;
  const deps: MapDeps = {
    controls: [control, other, manual],
    rules: [policyRule, usersRule],
    ttlHoursOf,
    evidence: loader,
    results,
    now: () => now,
  };
  return { loader, results, deps, advance: (h: number) => (now = new Date(now.getTime() + h * 3_600_000)) };
}

describe('mapArtifact', () => {
  it('evaluates only the automated controls that read the collector', () => {
    expect(controlsReading('demo-policy', [control, other, manual], [policyRule]).map((c) => c.id)).toEqual([
      'IAM-04',
    ]);
  });

  it('stores a result per control and reports drift once, then recovery', async () => {
    const { loader, results, deps, advance } = setup();
    const users = evidence({ collector: 'demo-users', data: { users: [{ name: 'alice', ok: true }] } });
    loader.add(users);
    const good = evidence({ collector: 'demo-policy', data: { minimumLength: 14 } });
    loader.add(good);
    const first = await mapArtifact(deps, good);
    expect(first.results.map((r) => [r.controlId, r.status])).toEqual([['IAM-04', 'PASS']]);
    expect(first.results[0]!.artifacts).toEqual([users.sha256, good.sha256].sort());
    expect(first.transitions).toEqual([]);

    advance(1);
    const weak = evidence({
      collector: 'demo-policy',
      data: { minimumLength: 8 },
      observedAt: deps.now().toISOString(),
    });
    loader.add(weak);
    const drift = await mapArtifact(deps, weak);
    expect(drift.transitions).toEqual([
      expect.objectContaining({ controlId: 'IAM-04', from: 'PASS', to: 'FAIL', kind: 'drift' }),
    ]);
    expect(drift.transitions[0]!.failing).toEqual([
      { resource: 'account=123456789012,region=global/policy', reason: 'len=8' },
    ]);
    expect((await mapArtifact(deps, weak)).transitions).toEqual([]);

    advance(30); // the users evidence (ttl 24h) is now stale: FAIL still wins over UNKNOWN
    expect((await mapArtifact(deps, weak)).results[0]!.status).toBe('FAIL');
    const fixed = evidence({
      collector: 'demo-policy',
      data: { minimumLength: 20 },
      observedAt: deps.now().toISOString(),
    });
    loader.add(fixed);
    const broken = await mapArtifact(deps, fixed);
    expect(broken.transitions).toEqual([
      expect.objectContaining({ from: 'FAIL', to: 'UNKNOWN', kind: 'unknown' }),
    ]);

    const stored = [];
    for await (const r of results.results('IAM-04', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'))
      stored.push(r.status);
    // Every result dates from the oldest input (the users artifact); the repeated FAIL was stored once.
    expect(stored.sort()).toEqual(['FAIL', 'PASS', 'UNKNOWN']);
  });
});
