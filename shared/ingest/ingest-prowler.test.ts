import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openBackend, type Backend } from '../cli/backend.js';
import { FluxConfigSchema } from '../config/schema.js';
import { ValidationError } from '../errors.js';
import { ingestProwler } from './ingest-prowler.js';
import { chunked, prowlerRecord } from './testing.js';

const dir = mkdtempSync(join(tmpdir(), 'ingest-prowler-'));
let backend: Backend;
const now = () => new Date('2026-03-02T00:00:00Z');
const accounts = ['111111111111'];
const file = (records: unknown[]) => chunked(JSON.stringify(records), 4096);

beforeAll(async () => {
  backend = await openBackend(FluxConfigSchema.parse({ locker: { path: join(dir, 'locker') } }));
});
afterAll(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingestProwler (local locker)', () => {
  it('stores one logged artifact per scan with its origin, observed at the scan start', async () => {
    const r = await ingestProwler(
      file([prowlerRecord(1, { status: 'FAIL' }), prowlerRecord(2, { time: '2026-03-01T09:00:00Z' })]),
      { ...backend, now, accounts },
    );
    expect(r).toMatchObject({ outcome: 'stored', collector: 'prowler-ocsf-findings' });
    expect(r.scope).toEqual({ account: '111111111111', region: 'global' });
    const stored = await backend.store.get(r.key, r.sha256);
    expect(stored.envelope).toMatchObject({
      collector: 'prowler-ocsf-findings',
      observedAt: '2026-03-01T09:00:00.000Z',
      provenance: { identity: 'prowler 5.46.0', complete: true },
      data: { tool: 'prowler', version: '5.46.0', scanStartedAt: '2026-03-01T09:00:00.000Z' },
      errors: [],
    });
    expect(await backend.ledger.get(r.sha256)).toMatchObject({ collector: 'prowler-ocsf-findings' });
  });

  it('stores nothing for a refused file', async () => {
    const before = await backend.ledger.head();
    const keys = async () => {
      const out: string[] = [];
      for await (const k of backend.store.list('prowler-ocsf-findings')) out.push(k);
      return out;
    };
    const storedBefore = await keys();
    const truncated = JSON.stringify([prowlerRecord(3), prowlerRecord(4)]).slice(0, -30);
    await expect(ingestProwler(chunked(truncated), { ...backend, now, accounts })).rejects.toThrow(
      ValidationError,
    );
    await expect(
      ingestProwler(file([prowlerRecord(5, { account: '999999999999' })]), { ...backend, now, accounts }),
    ).rejects.toThrow(/not in the configuration/);
    expect(await backend.ledger.head()).toEqual(before);
    expect(await keys()).toEqual(storedBefore);
  });
});
