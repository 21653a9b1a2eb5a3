import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { artifactKey, HEAD_KEY, leafKey, nodeKey } from '../dynamo-schema.js';
import { CompactRange } from '../merkle.js';
import { leafHashOf } from '../records.js';
import type { LedgerRecord } from '../types.js';

/**
 * Writes `records` as the ledger wrote them before pages (up to 2026-12-06): the whole entry in an ART# and a
 * LEAF# item per leaf, a NODE# item for every completed subtree of every level, the head, and no LAYOUT item. For
 * tests that a table written then still reads, proves and extends.
 */
export async function writeUnpagedLog(
  doc: DynamoDBDocumentClient,
  table: string,
  records: readonly LedgerRecord[],
  storedAt: string,
): Promise<void> {
  const range = CompactRange.empty();
  const put = (Item: Record<string, unknown>) => doc.send(new PutCommand({ TableName: table, Item }));
  for (const [index, record] of records.entries()) {
    const entry = { ...record, index, storedAt };
    for (const n of range.append(leafHashOf(record)))
      await put({ ...nodeKey(n.level, n.index), hash: n.hash.toString('hex') });
    await put({ ...artifactKey(record.sha256), ...entry });
    await put({ ...leafKey(index), ...entry });
  }
  await put({
    ...HEAD_KEY,
    treeSize: range.size,
    rootHash: range.root().toString('hex'),
    edge: range.hashes().map((h) => h.toString('hex')),
    updatedAt: storedAt,
  });
}
