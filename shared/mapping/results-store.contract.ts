import { expect, it } from '@jest/globals';
import type { ResultsStore } from './results-store.js';
import type { ControlResult, ControlStatus } from './types.js';

/** A result of IAM-04 observed at `observedAt` with `status` (test helper). */
export function resultAt(observedAt: string, status: ControlStatus, controlId = 'IAM-04'): ControlResult {
  return {
    controlId,
    status,
    reason: `${status} at ${observedAt}`,
    failing: status === 'FAIL' ? [{ resource: 'account=123456789012/policy', reason: 'len=8' }] : [],
    ruleVersions: { 'demo-policy-length': '1.0.0' },
    mappingVersion: '1.0.0',
    artifacts: [observedAt.replace(/\D/g, '').padStart(64, 'a')],
    observedAt,
    evaluatedAt: observedAt,
  };
}

/** The behaviour every ResultsStore shares; run against memory (unit) and DynamoDB on moto (integration). */
export function resultsStoreContract(make: () => Promise<ResultsStore>): void {
  it('reports exactly two transitions for PASS → FAIL → FAIL → PASS', async () => {
    const store = await make();
    const seq: ControlStatus[] = ['PASS', 'FAIL', 'FAIL', 'PASS'];
    const out = [];
    for (const [i, s] of seq.entries())
      out.push(await store.updateState(resultAt(`2026-03-0${i + 1}T00:00:00.000Z`, s)));
    expect(out[0]).toBeUndefined();
    expect(out[1]).toMatchObject({
      controlId: 'IAM-04',
      from: 'PASS',
      to: 'FAIL',
      kind: 'drift',
      at: '2026-03-02T00:00:00.000Z',
    });
    expect(out[1]!.failing).toEqual([{ resource: 'account=123456789012/policy', reason: 'len=8' }]);
    expect(out[2]).toBeUndefined();
    expect(out[3]).toMatchObject({
      from: 'FAIL',
      to: 'PASS',
      kind: 'recovered',
      at: '2026-03-04T00:00:00.000Z',
    });
    expect(out.filter(Boolean)).toHaveLength(2);
    expect(await store.getState('IAM-04')).toMatchObject({
      status: 'PASS',
      rev: 4,
      since: '2026-03-04T00:00:00.000Z',
    });
  });

  it('reports a transition once when concurrent mappers update with the same result', async () => {
    const store = await make();
    await store.updateState(resultAt('2026-03-01T00:00:00.000Z', 'PASS', 'LOG-01'));
    const r = resultAt('2026-03-02T00:00:00.000Z', 'UNKNOWN', 'LOG-01');
    const out = await Promise.all(Array.from({ length: 6 }, () => store.updateState(r)));
    expect(out.filter(Boolean)).toEqual([
      expect.objectContaining({ from: 'PASS', to: 'UNKNOWN', kind: 'unknown' }),
    ]);
    expect((await store.getState('LOG-01'))!.status).toBe('UNKNOWN');
  });

  it('reports a first FAIL but not a first PASS, and never moves state back for an older result', async () => {
    const store = await make();
    expect(await store.updateState(resultAt('2026-03-05T00:00:00.000Z', 'FAIL', 'NET-01'))).toMatchObject({
      from: undefined,
      to: 'FAIL',
    });
    expect(await store.updateState(resultAt('2026-03-04T00:00:00.000Z', 'PASS', 'NET-01'))).toBeUndefined();
    expect((await store.getState('NET-01'))!.status).toBe('FAIL');
    expect(await store.updateState(resultAt('2026-03-05T00:00:00.000Z', 'PASS', 'NET-02'))).toBeUndefined();
  });

  it('stores a result once and returns a time range oldest first', async () => {
    const store = await make();
    const days = Array.from({ length: 12 }, (_, i) =>
      resultAt(`2026-04-${String(i + 1).padStart(2, '0')}T06:00:00.000Z`, i % 3 ? 'PASS' : 'FAIL', 'BCK-01'),
    );
    for (const r of [...days].reverse()) expect(await store.putResult(r)).toBe(true);
    expect(await store.putResult(days[0]!)).toBe(false);
    const got: string[] = [];
    for await (const r of store.results('BCK-01', '2026-04-03T00:00:00Z', '2026-04-10T06:00:00.000Z'))
      got.push(r.observedAt);
    expect(got).toEqual(days.slice(2, 10).map((d) => d.observedAt));
    const firstDay = store.results('BCK-01', '2026-04-01T00:00:00Z', '2026-04-01T23:59:59Z');
    const first = firstDay[Symbol.asyncIterator]();
    expect((await first.next()).value).toEqual(days[0]);
  });
}
