import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { describeLedgerContract } from '../../test/contracts/ledger.contract.js';
import { ConflictError, IntegrityError } from '../errors.js';
import { verifyLog } from '../ledger/audit.js';
import { leafHash, merkleRoot } from '../ledger/merkle.js';
import { LocalSigner } from '../ledger/signer.js';
import { sampleRecord } from '../ledger/testing/fixtures.js';
import { openSqlite } from './sqlite-db.js';
import { SqliteLedger } from './sqlite-ledger.js';

describeLedgerContract('SQLite (in memory)', async ({ origin, clock }) => {
  const db = openSqlite(':memory:');
  return {
    ledger: new SqliteLedger({ db, origin, clock }),
    tamper: {
      rewriteLeaf: async (index, sha256) => {
        db.prepare('UPDATE ledger_entries SET sha256 = ? WHERE idx = ?').run(sha256, index);
      },
      deleteLeaf: async (index) => {
        db.prepare('DELETE FROM ledger_entries WHERE idx = ?').run(index);
      },
    },
  };
});

const ORIGIN = 'flux-evidence/locker-test';
const dbFile = async () => join(await mkdtemp(join(tmpdir(), 'flux-ledger-')), 'ledger.db');

describe('SqliteLedger on a file', () => {
  it('keeps its log across reopening, in WAL mode, and continues the indexes', async () => {
    const path = await dbFile();
    const db1 = openSqlite(path);
    const first = new SqliteLedger({ db: db1, origin: ORIGIN });
    for (let i = 0; i < 5; i++) await first.append(sampleRecord(i));
    const cp = await first.checkpoint(LocalSigner.generate(), new Date('2026-01-03T00:00:00.000Z'));
    db1.close();

    const db2 = openSqlite(path);
    expect(db2.pragma('journal_mode', { simple: true })).toBe('wal');
    const reopened = new SqliteLedger({ db: db2, origin: ORIGIN });
    expect(await reopened.latestCheckpoint()).toEqual(cp);
    expect((await reopened.append(sampleRecord(5))).index).toBe(5);
    const leaves = Array.from({ length: 6 }, (_, i) => leafHash(Buffer.from(sampleRecord(i).sha256, 'hex')));
    expect((await reopened.head()).rootHash).toBe(merkleRoot(leaves).toString('hex'));
    expect(await verifyLog(reopened, cp)).toMatchObject({ treeSize: 5, headSize: 6 });
    db2.close();
  });

  it('sequences appends from two connections to one file into contiguous indexes', async () => {
    const path = await dbFile();
    const a = new SqliteLedger({ db: openSqlite(path), origin: ORIGIN });
    const b = new SqliteLedger({ db: openSqlite(path), origin: ORIGIN });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).append(sampleRecord(i % 30))),
    );
    const created = results.filter((r) => r.created).map((r) => r.index);
    expect(created.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // The ten retries got the index their first append got.
    for (const r of results) expect(r.index).toBe((await a.get(r.entry.sha256))!.index);
    expect(await b.head()).toEqual(await a.head());
  });

  it('refuses to open a ledger database under another origin', async () => {
    const db = openSqlite(':memory:');
    new SqliteLedger({ db, origin: ORIGIN });
    expect(SqliteLedger.storedOrigin(db)).toBe(ORIGIN);
    expect(() => new SqliteLedger({ db, origin: 'flux-evidence/other' })).toThrow(ConflictError);
  });

  it('pages through more entries than one read returns', async () => {
    const ledger = new SqliteLedger({ db: openSqlite(':memory:'), origin: ORIGIN });
    for (let i = 0; i < 1203; i++) await ledger.append(sampleRecord(i));
    const seen: number[] = [];
    for await (const e of ledger.entries(1, 1203)) seen.push(e.index);
    expect(seen).toEqual(Array.from({ length: 1202 }, (_, i) => i + 1));
  });

  it('refuses a second checkpoint of the same size at the same instant', async () => {
    const ledger = new SqliteLedger({ db: openSqlite(':memory:'), origin: ORIGIN });
    await ledger.append(sampleRecord(0));
    const at = new Date('2026-01-03T00:00:00.000Z');
    await ledger.checkpoint(LocalSigner.generate(), at);
    await expect(ledger.checkpoint(LocalSigner.generate(), at)).rejects.toThrow(ConflictError);
  });

  it('stops appending when rows exist beyond the head, and writes nothing', async () => {
    const db = openSqlite(':memory:');
    const ledger = new SqliteLedger({ db, origin: ORIGIN });
    await ledger.append(sampleRecord(0));
    const r = sampleRecord(50, 'planted');
    db.prepare('INSERT INTO ledger_entries VALUES (1, ?, ?, ?, ?, ?, ?, ?, NULL)').run(
      r.sha256,
      r.key,
      r.collector,
      r.scope,
      r.observedAt,
      r.collectedAt,
      r.collectedAt,
    );
    const err = await ledger.append(sampleRecord(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrityError);
    expect((err as IntegrityError).check).toBe('ledger-head-behind');
    expect(await ledger.head()).toMatchObject({ treeSize: 1 });
    expect(await ledger.get(sampleRecord(1).sha256)).toBeUndefined();
  });
});
