import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { resultAt, resultsStoreContract } from '../mapping/results-store.contract.js';
import { openSqlite } from './sqlite-db.js';
import { SqliteResultsStore } from './sqlite-results-store.js';

describe('SqliteResultsStore', () => {
  resultsStoreContract(async () => new SqliteResultsStore(openSqlite(':memory:')));

  it('pages through more results than one read returns, oldest first', async () => {
    const store = new SqliteResultsStore(openSqlite(':memory:'));
    const start = Date.UTC(2026, 0, 1);
    const all = Array.from({ length: 1100 }, (_, i) =>
      resultAt(new Date(start + i * 3_600_000).toISOString(), i % 5 ? 'PASS' : 'FAIL', 'BIG-01'),
    );
    for (const r of [...all].reverse()) await store.putResult(r);
    const got: string[] = [];
    for await (const r of store.results('BIG-01', all[1]!.observedAt, '2027-01-01T00:00:00Z'))
      got.push(r.observedAt);
    expect(got).toEqual(all.slice(1).map((r) => r.observedAt));
  });

  it('reports a transition once when two connections to one file update with the same result', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'flux-results-')), 'ledger.db');
    const a = new SqliteResultsStore(openSqlite(path));
    const b = new SqliteResultsStore(openSqlite(path));
    await a.updateState(resultAt('2026-03-01T00:00:00.000Z', 'PASS', 'LOG-02'));
    const r = resultAt('2026-03-02T00:00:00.000Z', 'FAIL', 'LOG-02');
    const out = await Promise.all([a.updateState(r), b.updateState(r), a.updateState(r), b.updateState(r)]);
    expect(out.filter(Boolean)).toEqual([
      expect.objectContaining({ from: 'PASS', to: 'FAIL', kind: 'drift' }),
    ]);
    expect(await b.getState('LOG-02')).toMatchObject({
      status: 'FAIL',
      rev: 5,
      since: '2026-03-02T00:00:00.000Z',
    });
  });
});
