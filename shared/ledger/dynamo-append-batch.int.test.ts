import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsTestConfig } from '../../test/harness/aws.js';
import { ConflictError } from '../errors.js';
import { DynamoLedger } from './dynamo-ledger.js';
import { createLedgerTable } from './dynamo-schema.js';
import { leafHash, merkleRoot } from './merkle.js';
import { verifyConsistency, verifyInclusion } from './merkle-verify.js';
import { sampleRecord } from './testing/fixtures.js';
import { startSerialProxy } from './testing/serial-proxy.js';

const cfg = awsTestConfig();
const ddb = new DynamoDBClient(cfg);
const doc = DynamoDBDocumentClient.from(ddb);
let tables = 0;

async function newLedger() {
  const table = `batch-${++tables}`;
  await createLedgerTable(ddb, table);
  let sends = 0;
  const counting = {
    send: (cmd: Parameters<typeof doc.send>[0]) => {
      if (cmd.constructor.name === 'TransactWriteCommand') sends++;
      return doc.send(cmd);
    },
  } as unknown as DynamoDBDocumentClient;
  const ledger = new DynamoLedger({ client: counting, tableName: table, origin: 'flux-evidence/batch' });
  return { ledger, transactions: () => sends };
}

const leafOf = (sha: string) => leafHash(Buffer.from(sha, 'hex'));

describe('DynamoLedger.appendBatch (moto)', () => {
  it('appends 250 records in few transactions with the same tree as one-by-one appends', async () => {
    const { ledger, transactions } = await newLedger();
    await ledger.append(sampleRecord(0));
    const records = Array.from({ length: 250 }, (_, i) => sampleRecord(i + 1));
    const out = await ledger.appendBatch(records);

    expect(out.map((o) => (o instanceof ConflictError ? -1 : o.index))).toEqual(records.map((_, i) => i + 1));
    // 1 single append + 3: a 100-item transaction carries ~95 leaves (an artifact item each, a page per 32
    // leaves, the nodes above page level, the head), never one transaction per leaf.
    expect(transactions()).toBe(1 + 3);
    const all = [sampleRecord(0), ...records].map((r) => leafOf(r.sha256));
    const head = await ledger.head();
    expect(head).toEqual({ treeSize: 251, rootHash: merkleRoot(all).toString('hex') });
    // Every stored node is right: proofs built from them verify.
    for (const i of [0, 1, 100, 127, 128, 250]) {
      verifyInclusion(all[i]!, i, 251, await ledger.inclusionProof(i, 251), head.rootHash);
    }
    verifyConsistency(
      1,
      251,
      await ledger.consistencyProof(1, 251),
      merkleRoot(all.slice(0, 1)),
      head.rootHash,
    );
    expect([...(await collect(ledger.entries(0, 251)))].map((e) => e.index)).toEqual(all.map((_, i) => i));
  });

  it('is idempotent, dedupes within the batch and refuses a logged hash with other fields without appending it', async () => {
    const { ledger } = await newLedger();
    await ledger.appendBatch([sampleRecord(1), sampleRecord(2)]);
    const other = { ...sampleRecord(2), key: 'evidence/elsewhere.json' };
    const out = await ledger.appendBatch([sampleRecord(1), sampleRecord(3), sampleRecord(3), other]);

    expect(out[0]).toMatchObject({ index: 0, created: false });
    expect(out[1]).toMatchObject({ index: 2, created: true });
    expect(out[2]).toMatchObject({ index: 2, created: false });
    expect(out[3]).toBeInstanceOf(ConflictError);
    expect((await ledger.head()).treeSize).toBe(3);
  });

  it('two concurrent batches both land, contiguously, without duplicates', async () => {
    // moto's TransactWriteItems is not atomic across its threads: writers go through a one-at-a-time proxy
    // (testing/serial-proxy.ts); their read-then-write races still happen between requests.
    const proxy = await startSerialProxy(cfg.endpoint);
    const table = `batch-${++tables}`;
    await createLedgerTable(ddb, table);
    const writer = () =>
      new DynamoLedger({
        client: DynamoDBDocumentClient.from(new DynamoDBClient({ ...cfg, endpoint: proxy.endpoint })),
        tableName: table,
        origin: 'flux-evidence/batch',
        backoffMs: { base: 5, max: 50 },
      });
    const [a, b] = [writer(), writer()];
    const left = Array.from({ length: 60 }, (_, i) => sampleRecord(i, 'left'));
    const right = Array.from({ length: 60 }, (_, i) => sampleRecord(i, 'right'));
    await Promise.all([a.appendBatch(left), b.appendBatch(right)]);
    const entries = await collect(a.entries(0, 120));
    expect(entries.map((e) => e.index)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(new Set(entries.map((e) => e.sha256)).size).toBe(120);
    const head = await a.head();
    expect(head.rootHash).toBe(merkleRoot(entries.map((e) => leafOf(e.sha256))).toString('hex'));
    await proxy.close();
  });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
