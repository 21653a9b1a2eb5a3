import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createLedgerTable } from '../ledger/dynamo-schema.js';
import { awsTestConfig } from '../../test/harness/aws.js';
import { DynamoResultsStore } from './results-store.js';
import { resultAt, resultsStoreContract } from './results-store.contract.js';

const ddb = new DynamoDBClient(awsTestConfig());
const doc = DynamoDBDocumentClient.from(ddb);
let tables = 0;

/** A results store in a fresh table of the ledger's shape (results live in the ledger table when deployed). */
async function newStore(pageSize?: number): Promise<{ store: DynamoResultsStore; table: string }> {
  const table = `results-${++tables}`;
  await createLedgerTable(ddb, table);
  return { store: new DynamoResultsStore(doc, table, pageSize), table };
}

describe('DynamoResultsStore (moto)', () => {
  resultsStoreContract(async () => (await newStore()).store);

  it('pages through five Query pages in order', async () => {
    const { store } = await newStore(10);
    const start = Date.UTC(2026, 0, 1);
    const all = Array.from({ length: 45 }, (_, i) =>
      resultAt(new Date(start + i * 3_600_000).toISOString(), 'PASS', 'BIG-01'),
    );
    // Ten items a page: 45 results take five Query pages.
    for (let i = 0; i < all.length; i += 20)
      await Promise.all(all.slice(i, i + 20).map((r) => store.putResult(r)));
    let n = 0;
    let last = '';
    for await (const r of store.results('BIG-01', '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z')) {
      expect(r.observedAt > last).toBe(true);
      last = r.observedAt;
      n++;
    }
    expect(n).toBe(45);
  });

  it('coexists with ledger items in the same table', async () => {
    const { store, table } = await newStore();
    await doc.send(new PutCommand({ TableName: table, Item: { pk: 'HEAD', sk: 'HEAD', treeSize: 3 } }));
    await doc.send(
      new PutCommand({ TableName: table, Item: { pk: 'RESULT#IAM-0', sk: '2026-01-01', other: true } }),
    );
    await store.putResult(resultAt('2026-01-01T00:00:00.000Z', 'PASS', 'IAM-01'));
    const got = [];
    for await (const r of store.results('IAM-01', '2025-01-01T00:00:00Z', '2027-01-01T00:00:00Z'))
      got.push(r);
    expect(got.map((r) => r.controlId)).toEqual(['IAM-01']);
  });
});
