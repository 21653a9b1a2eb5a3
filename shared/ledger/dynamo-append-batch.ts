import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, ContentionError, ValidationError } from '../errors.js';
import { batchGetByPk } from './dynamo-batch.js';
import {
  artifactKey,
  HEAD_KEY,
  itemToEntry,
  itemToHead,
  leafKey,
  nodeKey,
  pickRecord,
  type HeadItem,
} from './dynamo-schema.js';
import { CompactRange, EMPTY_ROOT } from './merkle.js';
import { leafHashOf, requireSameRecord } from './records.js';
import type { AppendResult, LedgerEntry, LedgerRecord } from './types.js';

/** DynamoDB's limit of items in one TransactWriteItems. */
const TRANSACT_LIMIT = 100;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const EMPTY_ROOT_HEX = EMPTY_ROOT.toString('hex');

export interface BatchAppendDeps {
  readonly client: DynamoDBDocumentClient;
  readonly table: string;
  readonly clock: () => Date;
  readonly maxAttempts: number;
  readonly pause: (attempt: number) => Promise<void>;
}

/** One record's outcome: appended (or already present), or refused because its hash is logged with other fields. */
export type BatchAppendOutcome = AppendResult | ConflictError;

/**
 * Appends many records with as few transactions as DynamoDB allows: each TransactWriteItems carries, for as many
 * leaves as fit in 100 items, the artifact and leaf items, the Merkle nodes they complete and the head
 * (conditioned on the tree size read). Records already in the log come back with `created: false`; the same hash
 * with other fields comes back as a ConflictError (nothing written for it). Duplicates within the batch share
 * one leaf. A lost race re-reads and retries the rest, up to `maxAttempts` times.
 */
export async function appendBatch(
  deps: BatchAppendDeps,
  input: readonly LedgerRecord[],
): Promise<BatchAppendOutcome[]> {
  const records = input.map((r, i) => {
    const record = pickRecord(r);
    if (!SHA256_HEX.test(record.sha256))
      throw new ValidationError('ledger record', [`[${i}].sha256: not a lower-case hex SHA-256`]);
    return record;
  });
  const done = new Map<string, BatchAppendOutcome>();
  const firsts = new Map<string, LedgerRecord>();
  for (const r of records) if (!firsts.has(r.sha256)) firsts.set(r.sha256, r);
  let pending = [...firsts.values()];
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > deps.maxAttempts) {
      throw new ContentionError(`batch append lost the race ${deps.maxAttempts} times`, {
        pending: pending.length,
        attempts: deps.maxAttempts,
      });
    }
    const read = await batchGetByPk(deps.client, deps.table, [
      ...pending.map((r) => artifactKey(r.sha256)),
      HEAD_KEY,
    ]);
    pending = pending.filter((r) => {
      const item = read.get(artifactKey(r.sha256).pk);
      if (!item) return true;
      done.set(r.sha256, existingOutcome(itemToEntry(item), r));
      return false;
    });
    let head = itemToHead(read.get(HEAD_KEY.pk), EMPTY_ROOT_HEX);
    while (pending.length > 0) {
      const chunk = planChunk(deps, head, pending);
      try {
        await deps.client.send(new TransactWriteCommand({ TransactItems: chunk.items }));
      } catch (e) {
        if (!isCancelled(e)) throw e;
        await deps.pause(attempt);
        break; // re-read the head and which artifacts another writer added
      }
      for (const entry of chunk.entries) done.set(entry.sha256, { index: entry.index, created: true, entry });
      pending = pending.slice(chunk.entries.length);
      head = chunk.next;
    }
  }
  const seen = new Set<string>();
  return records.map((r) => {
    const out = done.get(r.sha256)!;
    const first = !seen.has(r.sha256);
    seen.add(r.sha256);
    if (out instanceof ConflictError || first) return out;
    // A duplicate within the batch: already present once the first copy is in; a conflict if its fields differ.
    return existingOutcome(out.entry, r);
  });
}

function existingOutcome(existing: LedgerEntry, record: LedgerRecord): BatchAppendOutcome {
  try {
    return { index: existing.index, created: false, entry: requireSameRecord(existing, record) };
  } catch (e) {
    if (e instanceof ConflictError) return e;
    throw e;
  }
}

/** The transaction for the longest prefix of `pending` whose items fit in one TransactWriteItems. */
function planChunk(deps: BatchAppendDeps, head: HeadItem, pending: readonly LedgerRecord[]) {
  const range = CompactRange.from(
    head.treeSize,
    head.edge.map((h) => Buffer.from(h, 'hex')),
  );
  const storedAt = deps.clock().toISOString();
  const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [];
  const entries: LedgerEntry[] = [];
  for (const record of pending) {
    const index = range.size;
    // The leaf at `index` completes one node per trailing 1 bit of `index`; one slot stays for the head.
    if (items.length + 2 + trailingOnes(index) + 1 > TRANSACT_LIMIT) break;
    const nodes = range.append(leafHashOf(record));
    const entry: LedgerEntry = { ...record, index, storedAt };
    items.push(
      createOnly(deps.table, { ...artifactKey(record.sha256), ...entry }),
      createOnly(deps.table, { ...leafKey(index), ...entry }),
      ...nodes.map((n) =>
        createOnly(deps.table, { ...nodeKey(n.level, n.index), hash: n.hash.toString('hex') }),
      ),
    );
    entries.push(entry);
  }
  const next: HeadItem = {
    treeSize: range.size,
    rootHash: range.root().toString('hex'),
    edge: range.hashes().map((h) => h.toString('hex')),
  };
  items.push({
    Put: {
      TableName: deps.table,
      Item: { ...HEAD_KEY, ...next, updatedAt: storedAt },
      ...(head.treeSize === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'treeSize = :n', ExpressionAttributeValues: { ':n': head.treeSize } }),
    },
  });
  return { items, entries, next };
}

function createOnly(table: string, item: Record<string, unknown>) {
  return { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

function trailingOnes(n: number): number {
  let k = 0;
  while (n % 2 === 1) {
    k++;
    n = (n - 1) / 2;
  }
  return k;
}

function isCancelled(e: unknown): boolean {
  return (
    e instanceof Error &&
    (e.name === 'TransactionCanceledException' || e.name === 'TransactionConflictException')
  );
}
