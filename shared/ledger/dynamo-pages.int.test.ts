import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { awsTestConfig } from '../../test/harness/aws.js';
import { IntegrityError } from '../errors.js';
import { DynamoLedger } from './dynamo-ledger.js';
import { createLedgerTable, LAYOUT_KEY, pageKey } from './dynamo-schema.js';
import { auditLocker } from './log-audit.js';
import { leafHash, merkleRoot } from './merkle.js';
import { verifyConsistency, verifyInclusion } from './merkle-verify.js';
import { MemoryStore } from '../snapshot/testing/memory.js';
import { LedgerTamper } from './testing/dynamo-tamper.js';
import { sampleRecord } from './testing/fixtures.js';
import { writeUnpagedLog } from './testing/unpaged-log.js';
import { LocalSigner } from './signer.js';

const ddb = new DynamoDBClient(awsTestConfig());
const doc = DynamoDBDocumentClient.from(ddb);
const AT = '2026-01-02T03:04:05.000Z';
let tables = 0;

async function newTable(): Promise<{ table: string; ledger: DynamoLedger }> {
  const table = `pages-${++tables}`;
  await createLedgerTable(ddb, table);
  const ledger = new DynamoLedger({
    client: doc,
    tableName: table,
    origin: 'flux-evidence/pages',
    clock: () => new Date(AT),
    maxAttempts: 3,
    backoffMs: { base: 1, max: 2 },
  });
  return { table, ledger };
}

async function keysOf(table: string): Promise<string[]> {
  const out = await doc.send(new ScanCommand({ TableName: table, ProjectionExpression: 'pk' }));
  return (out.Items ?? []).map((i) => String(i.pk)).sort();
}

const leafOf = (sha: string) => leafHash(Buffer.from(sha, 'hex'));

/** Every listed inclusion and consistency proof of the ledger verifies against the tree of `all` leaves. */
async function expectProofs(
  ledger: DynamoLedger,
  all: readonly Buffer[],
  indexes: readonly number[],
  froms: readonly number[],
): Promise<void> {
  const head = await ledger.head();
  expect(head).toEqual({ treeSize: all.length, rootHash: merkleRoot(all).toString('hex') });
  for (const i of indexes)
    verifyInclusion(all[i]!, i, all.length, await ledger.inclusionProof(i, all.length), head.rootHash);
  for (const from of froms) {
    const proof = await ledger.consistencyProof(from, all.length);
    verifyConsistency(from, all.length, proof, merkleRoot(all.slice(0, from)), head.rootHash);
  }
}

/** The audit of a ledger with no evidence store and no checkpoints: only its own items are checked. */
async function auditOf(ledger: DynamoLedger) {
  return auditLocker({
    store: new MemoryStore(),
    ledger,
    origin: 'flux-evidence/pages',
    publicKeyPem: await LocalSigner.generate().publicKeyPem(),
    checkpoints: [],
  });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('DynamoDB ledger pages (moto)', () => {
  it('stores a leaf as one artifact item: entries in pages of 32, node items only above page level', async () => {
    const { table, ledger } = await newTable();
    await ledger.appendBatch(Array.from({ length: 100 }, (_, i) => sampleRecord(i)));
    const keys = await keysOf(table);
    expect(keys.filter((k) => k.startsWith('ART#'))).toHaveLength(100);
    expect(keys.filter((k) => !k.startsWith('ART#'))).toEqual(
      ['HEAD', 'LAYOUT', 'NODE#6#0', 'PAGE#0', 'PAGE#1', 'PAGE#2', 'PAGE#3'].sort(),
    );
    const layout = await doc.send(new GetCommand({ TableName: table, Key: LAYOUT_KEY }));
    expect(layout.Item?.pagedFrom).toBe(0);
    const page3 = await doc.send(new GetCommand({ TableName: table, Key: pageKey(3) }));
    expect(page3.Item?.entries).toHaveLength(4); // indexes 96..99
    // One-by-one appends extend the partial page; the head and every proof agree with the tree.
    for (let i = 100; i < 110; i++) await ledger.append(sampleRecord(i));
    const page3After = await doc.send(new GetCommand({ TableName: table, Key: pageKey(3) }));
    expect(page3After.Item?.entries).toHaveLength(14);
    const all = Array.from({ length: 110 }, (_, i) => leafOf(sampleRecord(i).sha256));
    await expectProofs(ledger, all, [0, 31, 32, 63, 64, 97, 109], [1, 32, 64, 65, 100]);
    expect(await ledger.get(sampleRecord(97).sha256)).toMatchObject({ index: 97, storedAt: AT });
  });

  it('reads, proves and extends a table written before pages: new entries are paged from its size on', async () => {
    const { table, ledger } = await newTable();
    const old = Array.from({ length: 45 }, (_, i) => sampleRecord(i, 'old'));
    await writeUnpagedLog(doc, table, old, AT);
    const fresh = Array.from({ length: 60 }, (_, i) => sampleRecord(i, 'new'));
    const out = await ledger.appendBatch([old[3]!, ...fresh]);
    expect(out[0]).toMatchObject({ index: 3, created: false });
    expect(await ledger.append(sampleRecord(60, 'new'))).toMatchObject({ index: 105, created: true });

    const layout = await doc.send(new GetCommand({ TableName: table, Key: LAYOUT_KEY }));
    expect(layout.Item?.pagedFrom).toBe(45);
    const keys = await keysOf(table);
    expect(keys.filter((k) => k.startsWith('LEAF#'))).toHaveLength(45);
    expect(keys.filter((k) => k.startsWith('PAGE#'))).toEqual(['PAGE#1', 'PAGE#2', 'PAGE#3']);

    const all = [...old, ...fresh, sampleRecord(60, 'new')].map((r) => leafOf(r.sha256));
    expect((await collect(ledger.entries(0, 106))).map((e) => e.index)).toEqual(all.map((_, i) => i));
    // Proofs whose subtrees straddle the boundary are recomputed from LEAF# items and a page together.
    await expectProofs(ledger, all, [0, 31, 44, 45, 63, 64, 105], [10, 44, 45, 64]);
    expect(await ledger.get(old[7]!.sha256)).toMatchObject({ index: 7 });
    expect(await ledger.get(fresh[0]!.sha256)).toMatchObject({ index: 45 });

    const audit = await auditOf(ledger);
    expect(audit.problems.filter((p) => p.kind !== 'missing-object')).toEqual([]);
  });

  it('never overwrites a page that holds entries beyond the head: both append paths refuse with ledger-head-behind', async () => {
    const { table, ledger } = await newTable();
    await ledger.appendBatch(Array.from({ length: 5 }, (_, i) => sampleRecord(i)));
    const before = await doc.send(new GetCommand({ TableName: table, Key: pageKey(0) }));
    // A head rewound to 3 leaves (its compact range consistent with them); the page still holds 5 entries.
    await new LedgerTamper(doc, table).setHead([0, 1, 2].map((i) => sampleRecord(i).sha256));
    const fresh = new DynamoLedger({ client: doc, tableName: table, origin: 'flux-evidence/pages' });
    for (const attempt of [() => fresh.append(sampleRecord(7)), () => fresh.appendBatch([sampleRecord(8)])]) {
      const e = await attempt().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(IntegrityError);
      expect((e as IntegrityError).check).toBe('ledger-head-behind');
      expect((e as IntegrityError).message).toMatch(
        /PAGE#0 does not hold the entries the head counts \(tree size 3\)/,
      );
    }
    const after = await doc.send(new GetCommand({ TableName: table, Key: pageKey(0) }));
    expect(after.Item).toEqual(before.Item);
  });

  it('reads an unreadable page entry as absent: the audit reports the gap and proofs over it fail', async () => {
    const { table, ledger } = await newTable();
    await ledger.appendBatch(Array.from({ length: 8 }, (_, i) => sampleRecord(i)));
    const page = await doc.send(new GetCommand({ TableName: table, Key: pageKey(0) }));
    const entries = [...(page.Item!.entries as string[])];
    entries[3] = '{"not":"an entry"}';
    await doc.send(new PutCommand({ TableName: table, Item: { ...page.Item!, entries } }));

    expect(await ledger.entryAt(3)).toBeUndefined();
    expect(await ledger.get(sampleRecord(3).sha256).catch((e: IntegrityError) => e.check)).toBe(
      'ledger-artifact-index',
    );
    const audit = await auditOf(ledger);
    expect(audit.problems.filter((p) => p.kind === 'index-gap')).toEqual([
      expect.objectContaining({ kind: 'index-gap', index: 3 }),
    ]);
    const proof = await ledger.inclusionProof(0, 8).catch((e: IntegrityError) => e);
    expect(proof).toBeInstanceOf(IntegrityError);
    expect((proof as IntegrityError).message).toMatch(/no leaf 3 \(of node 1\/1\)/);
    // The tamper helper used by other tests edits pages the same way.
    await new LedgerTamper(doc, table).remove(5);
    expect(await ledger.entryAt(5)).toBeUndefined();
  });
});

describe('a removed LAYOUT item (moto)', () => {
  it('is refused, not replaced: a new LAYOUT would hide every paged entry', async () => {
    const { table, ledger } = await newTable();
    await ledger.appendBatch(Array.from({ length: 40 }, (_, i) => sampleRecord(i)));
    await doc.send(new DeleteCommand({ TableName: table, Key: LAYOUT_KEY }));
    const fresh = new DynamoLedger({ client: doc, tableName: table, origin: 'flux-evidence/pages' });
    for (const attempt of [
      () => fresh.append(sampleRecord(41)),
      () => fresh.appendBatch([sampleRecord(42)]),
    ]) {
      const e = await attempt().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(IntegrityError);
      expect((e as IntegrityError).check).toBe('ledger-layout');
    }
    expect(await keysOf(table)).not.toContain('LAYOUT');
    expect((await ledger.head()).treeSize).toBe(40);
  });
});
