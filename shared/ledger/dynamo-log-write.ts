import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { IntegrityError } from '../errors.js';
import { encodeEntry } from './dynamo-log-items.js';
import {
  artifactKey,
  HEAD_KEY,
  LAYOUT_KEY,
  leafKey,
  nodeKey,
  PAGE_LEVEL,
  PAGE_SIZE,
  pageKey,
  type HeadItem,
} from './dynamo-schema.js';
import { CompactRange } from './merkle.js';
import { leafHashOf } from './records.js';
import type { LedgerEntry, LedgerRecord } from './types.js';

/**
 * Writing the DynamoDB ledger's log items in pages (dynamo-schema.ts): a leaf costs one artifact item, and a page
 * of 32 entries and the Merkle nodes above it one item each, so one TransactWriteItems of 100 items carries about
 * 95 leaves. Tables written before pages keep their LEAF# items and node items of every level; the LAYOUT item
 * (written once, with the first paged append) says where pages begin. Reading them: dynamo-log-items.ts.
 */

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface LogWritePlan {
  /** Artifact items (in record order), the layout item if new, pages, then nodes; the head is the caller's. */
  readonly items: TransactItem[];
  readonly entries: LedgerEntry[];
  readonly next: HeadItem;
  /** Where pages begin once the plan is written. */
  readonly pagedFrom: number;
}

/**
 * The items that append the longest prefix of `records` fitting in `budget` items at the head's tree size: for
 * each leaf a create-only artifact item; per page touched, a create-only page or an append to the page
 * conditioned on how many entries it holds; the create-only nodes above page level it completes; and, on the
 * first paged append to a table, the LAYOUT item.
 */
export function planLogWrites(args: {
  readonly table: string;
  readonly head: HeadItem;
  readonly pagedFrom: number | undefined;
  readonly records: readonly LedgerRecord[];
  readonly storedAt: string;
  readonly budget: number;
}): LogWritePlan {
  const { table, head, storedAt } = args;
  const range = CompactRange.from(
    head.treeSize,
    head.edge.map((h) => Buffer.from(h, 'hex')),
  );
  const pagedFrom = args.pagedFrom ?? head.treeSize;
  // The first paged append creates LAYOUT. On a table with entries, those must then be in LEAF# items (the layout
  // before pages): were LAYOUT removed from a paged table, a new one would hide every paged entry.
  const layout: TransactItem[] =
    args.pagedFrom !== undefined
      ? []
      : [
          createOnly(table, { ...LAYOUT_KEY, pagedFrom }),
          ...(pagedFrom > 0
            ? [
                {
                  ConditionCheck: {
                    TableName: table,
                    Key: leafKey(pagedFrom - 1),
                    ConditionExpression: 'attribute_exists(pk)',
                  },
                },
              ]
            : []),
        ];
  const arts: TransactItem[] = [];
  const nodes: TransactItem[] = [];
  const entries: LedgerEntry[] = [];
  let count = layout.length;
  for (const record of args.records) {
    const index = range.size;
    const startsPage = entries.length === 0 || index % PAGE_SIZE === 0;
    const need = 1 + (startsPage ? 1 : 0) + Math.max(0, trailingOnes(index) - PAGE_LEVEL);
    if (count + need > args.budget) break;
    count += need;
    const entry: LedgerEntry = { ...record, index, storedAt };
    for (const n of range.append(leafHashOf(record))) {
      if (n.level > PAGE_LEVEL)
        nodes.push(createOnly(table, { ...nodeKey(n.level, n.index), hash: n.hash.toString('hex') }));
    }
    arts.push(createOnly(table, { ...artifactKey(record.sha256), index }, true));
    entries.push(entry);
  }
  const next: HeadItem = {
    treeSize: range.size,
    rootHash: range.root().toString('hex'),
    edge: range.hashes().map((h) => h.toString('hex')),
  };
  return {
    items: [...arts, ...layout, ...pageWrites(table, pagedFrom, entries), ...nodes],
    entries,
    next,
    pagedFrom,
  };
}

/** The head's conditional put: it moves from `prev` to `next` only if no one moved it since `prev` was read. */
export function headPut(table: string, prev: HeadItem, next: HeadItem, updatedAt: string): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: { ...HEAD_KEY, ...next, updatedAt },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      ...(prev.treeSize === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'treeSize = :n', ExpressionAttributeValues: { ':n': prev.treeSize } }),
    },
  };
}

export type CancelReason = { Code?: string; Item?: Record<string, unknown> };

/** The per-item reasons of a cancelled TransactWriteItems (empty for another error). */
export function cancelReasons(e: unknown): CancelReason[] {
  return (e as { CancellationReasons?: CancelReason[] }).CancellationReasons ?? [];
}

/**
 * Why a log write was cancelled, when that is an integrity failure rather than a race to retry. With the head's
 * condition held (the head, last, did not move):
 * - a page or node item whose condition failed disagrees with the head (`ledger-head-behind`): it holds entries
 *   beyond the head (a rewound head), or a page lacks entries the head counts (written by a writer that did not
 *   know pages); never retried into an overwrite;
 * - the LAYOUT item being created while the last entry before it is not in a LEAF# item means the table's LAYOUT
 *   item was removed (`ledger-layout`): a new one would hide every paged entry.
 * Undefined when the head moved (a lost race) or only an artifact or the LAYOUT item already existed: a BatchGet is
 * not a snapshot, so another writer's commit can fall between reading those and the head; a re-read settles it.
 */
export function cancelledIntegrity(
  reasons: readonly CancelReason[],
  items: readonly TransactItem[],
  treeSize: number,
): IntegrityError | undefined {
  if (reasons[items.length - 1]?.Code === 'ConditionalCheckFailed') return undefined;
  for (const [i, r] of reasons.entries()) {
    if (r.Code !== 'ConditionalCheckFailed' || i >= items.length) continue;
    const op = items[i]!;
    const pk = String((op.Put?.Item ?? op.Update?.Key ?? op.ConditionCheck?.Key)?.pk);
    if (pk.startsWith('PAGE#') || pk.startsWith('NODE#')) {
      return new IntegrityError(
        'ledger-head-behind',
        `ledger item ${pk} does not hold the entries the head counts (tree size ${treeSize}): it holds entries beyond the head, or lacks some before it`,
        { item: pk, treeSize },
      );
    }
    if (pk.startsWith('LEAF#')) {
      return new IntegrityError(
        'ledger-layout',
        `the ledger has ${treeSize} leaves and no LAYOUT item, but no ${pk} item: its LAYOUT item was removed`,
        { item: pk, treeSize },
      );
    }
  }
  return undefined;
}

/** One write per page the (contiguous) entries fall in: a new page, or the entries appended to a partial one. */
function pageWrites(table: string, pagedFrom: number, entries: readonly LedgerEntry[]): TransactItem[] {
  const out: TransactItem[] = [];
  for (let i = 0; i < entries.length;) {
    const page = Math.floor(entries[i]!.index / PAGE_SIZE);
    let j = i;
    while (j < entries.length && Math.floor(entries[j]!.index / PAGE_SIZE) === page) j++;
    const strings = entries.slice(i, j).map(encodeEntry);
    const held = entries[i]!.index - Math.max(page * PAGE_SIZE, pagedFrom);
    out.push(
      held === 0
        ? createOnly(table, { ...pageKey(page), entries: strings })
        : {
            Update: {
              TableName: table,
              Key: pageKey(page),
              UpdateExpression: 'SET entries = list_append(entries, :e)',
              // The page must hold exactly the entries before this one: never a rewrite, never a gap.
              ConditionExpression: 'size(entries) = :held',
              ExpressionAttributeValues: { ':e': strings, ':held': held },
            },
          },
    );
    i = j;
  }
  return out;
}

/** Whether a TransactWriteItems failed as a whole: cancelled (a condition failed) or in conflict with another. */
export function isCancelled(e: unknown): boolean {
  return (
    e instanceof Error &&
    (e.name === 'TransactionCanceledException' || e.name === 'TransactionConflictException')
  );
}

function createOnly(table: string, item: Record<string, unknown>, returnOld = false): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk)',
      ...(returnOld ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
    },
  };
}

function trailingOnes(n: number): number {
  let k = 0;
  while (n % 2 === 1) {
    k++;
    n = (n - 1) / 2;
  }
  return k;
}
