import { CreateTableCommand, waitUntilTableExists, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { pickRecord } from './records.js';
import type { LedgerEntry, LedgerRecord, SignedCheckpoint } from './types.js';

export { pickRecord } from './records.js';

/**
 * Single-table layout of the DynamoDB ledger (string pk/sk). Each item kind has its own partition
 * key prefix so reads and writes spread over partitions:
 *   HEAD / HEAD                     treeSize, rootHash, compact range (edge) hashes
 *   LAYOUT / LAYOUT                 pagedFrom: the first index stored in pages (written once, create-only)
 *   ART#<sha256> / ARTIFACT         the index of the artifact's entry (idempotency); the whole entry in tables
 *                                   written before pages
 *   PAGE#<page> / PAGE              entries (canonical JSON strings, index order) of indexes
 *                                   [32 * page, 32 * page + 32) at or after pagedFrom
 *   LEAF#<index> / LEAF             the entry of an index before pagedFrom (the layout before pages)
 *   NODE#<level>#<index> / NODE     hash of a perfect subtree of level > 5 (every level >= 1 before pages);
 *                                   subtrees of up to 32 leaves are recomputed from the entries
 *   CHECKPOINT / <timestamp>#<size> a signed checkpoint
 */
export const HEAD_KEY = { pk: 'HEAD', sk: 'HEAD' } as const;
export const LAYOUT_KEY = { pk: 'LAYOUT', sk: 'LAYOUT' } as const;
/** A page holds the entries of one perfect subtree of this level (32 leaves); no node item is stored at or below it. */
export const PAGE_LEVEL = 5;
export const PAGE_SIZE = 2 ** PAGE_LEVEL;
export const CHECKPOINT_PK = 'CHECKPOINT';

export const artifactKey = (sha256: string) => ({ pk: `ART#${sha256}`, sk: 'ARTIFACT' });
export const leafKey = (index: number) => ({ pk: `LEAF#${index}`, sk: 'LEAF' });
export const pageKey = (page: number) => ({ pk: `PAGE#${page}`, sk: 'PAGE' });
export const nodeKey = (level: number, index: number) => ({ pk: `NODE#${level}#${index}`, sk: 'NODE' });
export const checkpointSk = (timestamp: string, treeSize: number) =>
  `${timestamp}#${String(treeSize).padStart(16, '0')}`;

export interface HeadItem {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly edge: string[];
}

/** Reads an entry from an artifact or leaf item. */
export function itemToEntry(item: Record<string, unknown>): LedgerEntry {
  return {
    ...pickRecord(item as unknown as LedgerRecord),
    index: Number(item.index),
    storedAt: String(item.storedAt),
  };
}

/** Reads a signed checkpoint from its item. */
export function itemToCheckpoint(item: Record<string, unknown>): SignedCheckpoint {
  return {
    checkpoint: {
      origin: String(item.origin),
      treeSize: Number(item.treeSize),
      rootHash: String(item.rootHash),
      timestamp: String(item.timestamp),
    },
    signature: String(item.signature),
    keyId: String(item.keyId),
  };
}

/** Creates a ledger table (pk/sk strings, on demand) and waits until it is active. For tests and the demo. */
export async function createLedgerTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName });
}

/** Converts a raw AttributeValue map (as in TransactionCanceled reasons, which the document client leaves raw). */
export function fromAttributeMap(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, fromAttributeValue(v)]));
}

function fromAttributeValue(v: unknown): unknown {
  const a = v as {
    S?: string;
    N?: string;
    L?: unknown[];
    M?: Record<string, unknown>;
    BOOL?: boolean;
    NULL?: boolean;
  };
  if (a.S !== undefined) return a.S;
  if (a.N !== undefined) return Number(a.N);
  if (a.L !== undefined) return a.L.map(fromAttributeValue);
  if (a.M !== undefined) return fromAttributeMap(a.M);
  if (a.BOOL !== undefined) return a.BOOL;
  return null;
}

/** Reads the head item (a missing head is the empty tree). */
export function itemToHead(item: Record<string, unknown> | undefined, emptyRoot: string): HeadItem {
  if (!item) return { treeSize: 0, rootHash: emptyRoot, edge: [] };
  return {
    treeSize: Number(item.treeSize),
    rootHash: String(item.rootHash),
    edge: ((item.edge ?? []) as unknown[]).map(String),
  };
}
