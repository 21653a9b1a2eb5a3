import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ContentionError, ValidationError } from '../errors.js';
import { batchGetByPk } from './dynamo-batch.js';
import { artifactKey, HEAD_KEY, itemToHead, LAYOUT_KEY, pickRecord } from './dynamo-schema.js';
import { artifactEntries, itemToPagedFrom } from './dynamo-log-items.js';
import {
  cancelledIntegrity,
  cancelReasons,
  headPut,
  isCancelled,
  planLogWrites,
} from './dynamo-log-write.js';
import { EMPTY_ROOT } from './merkle.js';
import { requireSameRecord } from './records.js';
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
 * leaves as fit in 100 items (about 95), their artifact items, the pages their entries go in, the Merkle nodes
 * above page level they complete and the head (conditioned on the tree size read); see dynamo-log-items.ts. Records already in the log come back with `created: false`; the same hash
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
    if (record.leafHash !== undefined && !SHA256_HEX.test(record.leafHash))
      throw new ValidationError('ledger record', [`[${i}].leafHash: not a lower-case hex SHA-256`]);
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
      LAYOUT_KEY,
    ]);
    let pagedFrom = itemToPagedFrom(read.get(LAYOUT_KEY.pk));
    const arts = new Map<string, Record<string, unknown>>();
    for (const r of pending) {
      const item = read.get(artifactKey(r.sha256).pk);
      if (item) arts.set(r.sha256, item);
    }
    const existing = await artifactEntries(deps.client, deps.table, pagedFrom, arts);
    pending = pending.filter((r) => {
      const entry = existing.get(r.sha256);
      if (!entry) return true;
      done.set(r.sha256, existingOutcome(entry, r));
      return false;
    });
    let head = itemToHead(read.get(HEAD_KEY.pk), EMPTY_ROOT_HEX);
    while (pending.length > 0) {
      const storedAt = deps.clock().toISOString();
      const plan = planLogWrites({
        table: deps.table,
        head,
        pagedFrom,
        records: pending,
        storedAt,
        budget: TRANSACT_LIMIT - 1,
      });
      const items = [...plan.items, headPut(deps.table, head, plan.next, storedAt)];
      try {
        await deps.client.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (e) {
        if (!isCancelled(e)) throw e;
        const behind = cancelledIntegrity(cancelReasons(e), items, head.treeSize);
        if (behind) throw behind;
        await deps.pause(attempt);
        break; // re-read the head and which artifacts another writer added
      }
      for (const entry of plan.entries) done.set(entry.sha256, { index: entry.index, created: true, entry });
      pending = pending.slice(plan.entries.length);
      head = plan.next;
      pagedFrom = plan.pagedFrom;
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
