import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsTestConfig, motoEndpoint } from '../../test/harness/aws.js';
import { verifyLog } from './audit.js';
import { DynamoLedger } from './dynamo-ledger.js';
import { createLedgerTable } from './dynamo-schema.js';
import { leafHash, merkleRoot } from './merkle.js';
import { LocalSigner } from './signer.js';
import { sampleRecord } from './testing/fixtures.js';
import { startSerialProxy, type SerialProxy } from './testing/serial-proxy.js';
import type { AppendResult, LedgerEntry } from './types.js';

const TABLE = 'ledger-concurrency';
const WRITERS = 8;
const DISTINCT = 160;
const RETRIES = 40;

// moto runs requests on threads and its TransactWriteItems is not atomic across them (see
// serial-proxy.ts): the writers reach it through a proxy that forwards one request at a time, as
// DynamoDB applies each transaction atomically. The writers still race between their reads and writes.
let proxy: SerialProxy;
const config = () => ({ ...awsTestConfig(), endpoint: proxy.endpoint });

beforeAll(async () => {
  proxy = await startSerialProxy(motoEndpoint());
  await createLedgerTable(new DynamoDBClient(config()), TABLE);
});
afterAll(async () => {
  await proxy.close();
});

describe('DynamoLedger under concurrent writers', () => {
  it('assigns each distinct artifact exactly one index, 0..n-1 with no gap, whatever the interleaving', async () => {
    // 200 appends: every distinct artifact once, plus 40 retries of artifacts another writer may be appending.
    const ops = [
      ...Array.from({ length: DISTINCT }, (_, i) => i),
      ...Array.from({ length: RETRIES }, (_, i) => (i * 37) % DISTINCT),
    ];
    const queues: number[][] = Array.from({ length: WRITERS }, () => []);
    ops.forEach((n, i) => queues[(i * 5) % WRITERS]!.push(n));
    const results: Array<{ n: number; result: AppendResult }> = [];
    await Promise.all(
      queues.map(async (queue) => {
        // Each writer is its own process in production: its own client and connection pool.
        const client = DynamoDBDocumentClient.from(new DynamoDBClient(config()));
        const ledger = new DynamoLedger({
          client,
          tableName: TABLE,
          origin: 'flux-evidence/concurrency',
          maxAttempts: 200,
        });
        for (const n of queue) results.push({ n, result: await ledger.append(sampleRecord(n)) });
      }),
    );

    expect(results).toHaveLength(DISTINCT + RETRIES);
    const created = results.filter((r) => r.result.created);
    expect(created).toHaveLength(DISTINCT);
    expect(created.map((r) => r.result.index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: DISTINCT }, (_, i) => i),
    );
    const indexOf = new Map(created.map((r) => [r.n, r.result.index]));
    for (const r of results) expect(r.result.index).toBe(indexOf.get(r.n));

    const reader = new DynamoLedger({
      client: DynamoDBDocumentClient.from(new DynamoDBClient(config())),
      tableName: TABLE,
      origin: 'flux-evidence/concurrency',
    });
    const entries: LedgerEntry[] = [];
    for await (const e of reader.entries(0, DISTINCT + 5)) entries.push(e);
    expect(entries.map((e) => e.index)).toEqual(Array.from({ length: DISTINCT }, (_, i) => i));
    expect(new Set(entries.map((e) => e.sha256))).toEqual(
      new Set(Array.from({ length: DISTINCT }, (_, n) => sampleRecord(n).sha256)),
    );
    const byHash = new Map(Array.from({ length: DISTINCT }, (_, n) => [sampleRecord(n).sha256, n]));
    for (const e of entries) expect(indexOf.get(byHash.get(e.sha256)!)).toBe(e.index);

    const root = merkleRoot(entries.map((e) => leafHash(Buffer.from(e.sha256, 'hex')))).toString('hex');
    expect(await reader.head()).toEqual({ treeSize: DISTINCT, rootHash: root });
    const signer = LocalSigner.generate();
    const cp = await reader.checkpoint(signer, new Date());
    await expect(verifyLog(reader, cp, { publicKeyPem: await signer.publicKeyPem() })).resolves.toMatchObject(
      { treeSize: DISTINCT },
    );
  }, 300_000);
});
