import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { IntegrityError } from '../errors.js';
import { canonicalBytes } from '../evidence/canonical.js';
import { batchGetByPk } from './dynamo-batch.js';
import {
  artifactKey,
  HEAD_KEY,
  itemToEntry,
  LAYOUT_KEY,
  leafKey,
  nodeKey,
  PAGE_LEVEL,
  PAGE_SIZE,
  pageKey,
  type HeadItem,
} from './dynamo-schema.js';
import { CompactRange, merkleRoot, type NodeId } from './merkle.js';
import { leafHashOf, RECORD_FIELDS } from './records.js';
import type { LedgerEntry, LedgerRecord } from './types.js';

/**
 * The log items of the DynamoDB ledger, written and read in pages (dynamo-schema.ts): a leaf costs one artifact
 * item, and a page of 32 entries and the Merkle nodes above it one item each, so one TransactWriteItems of 100
 * items carries about 95 leaves. Tables written before pages keep their LEAF# items and node items of every level;
 * the LAYOUT item (written once, with the first paged append) says where pages begin.
 */

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** An entry's string fields: the record's (leafHash is optional) and storedAt. */
const ENTRY_STRINGS = [...RECORD_FIELDS.filter((f) => f !== 'leafHash'), 'storedAt'] as const;

/** A page's string for an entry: its canonical JSON. */
export function encodeEntry(entry: LedgerEntry): string {
  return canonicalBytes(entry).toString('utf8');
}

/** An entry from a page's string; undefined when it is not one (the index then reads as absent). */
export function decodeEntry(s: unknown): LedgerEntry | undefined {
  if (typeof s !== 'string') return undefined;
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(s) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  if (!ENTRY_STRINGS.every((f) => typeof v[f] === 'string') || !SHA256_HEX.test(v.sha256 as string))
    return undefined;
  if (v.leafHash !== undefined && !(typeof v.leafHash === 'string' && SHA256_HEX.test(v.leafHash)))
    return undefined;
  if (!Number.isSafeInteger(v.index) || (v.index as number) < 0) return undefined;
  return itemToEntry(v);
}

/** Where pages begin, from the LAYOUT item; undefined when the table has none yet (all entries in LEAF# items). */
export function itemToPagedFrom(item: Record<string, unknown> | undefined): number | undefined {
  if (!item) return undefined;
  const n = Number(item.pagedFrom);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new IntegrityError('ledger-layout', `the ledger's LAYOUT item has no valid pagedFrom`, {
      pagedFrom: item.pagedFrom,
    });
  return n;
}

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

/**
 * Entries by index, read in one consistent BatchGet (pages at or after `pagedFrom`, LEAF# items before it). An
 * index whose entry is missing or unreadable is absent from the map.
 */
export async function readEntries(
  client: DynamoDBDocumentClient,
  table: string,
  pagedFrom: number | undefined,
  indexes: readonly number[],
): Promise<Map<number, LedgerEntry>> {
  const items = await batchGetByPk(client, table, entryKeys(pagedFrom, indexes));
  return entriesFrom(items, pagedFrom, indexes);
}

/**
 * The entries that artifact items point at (by sha256): a paged table's artifact item holds the index, an older
 * one the whole entry. An artifact item whose index holds another artifact is an integrity failure.
 */
export async function artifactEntries(
  client: DynamoDBDocumentClient,
  table: string,
  pagedFrom: number | undefined,
  arts: ReadonlyMap<string, Record<string, unknown>>,
): Promise<Map<string, LedgerEntry>> {
  const out = new Map<string, LedgerEntry>();
  const pointers = new Map<string, number>();
  for (const [sha256, item] of arts) {
    if (typeof item.key === 'string') out.set(sha256, itemToEntry(item));
    else pointers.set(sha256, Number(item.index));
  }
  if (pointers.size === 0) return out;
  const entries = await readEntries(client, table, pagedFrom, [...pointers.values()]);
  for (const [sha256, index] of pointers) {
    const e = entries.get(index);
    if (!e || e.sha256 !== sha256) {
      throw new IntegrityError(
        'ledger-artifact-index',
        `the ledger's artifact item for ${sha256} points at index ${index}, which ${e ? `holds ${e.sha256}` : 'has no entry'}`,
        { sha256, index },
      );
    }
    out.set(sha256, e);
  }
  return out;
}

function entryKey(pagedFrom: number | undefined, index: number) {
  return pagedFrom === undefined || index < pagedFrom
    ? leafKey(index)
    : pageKey(Math.floor(index / PAGE_SIZE));
}

function entryKeys(pagedFrom: number | undefined, indexes: readonly number[]) {
  const keys = new Map<string, { pk: string; sk: string }>();
  for (const i of indexes) {
    const k = entryKey(pagedFrom, i);
    keys.set(k.pk, k);
  }
  return [...keys.values()];
}

function entriesFrom(
  items: Map<string, Record<string, unknown>>,
  pagedFrom: number | undefined,
  indexes: readonly number[],
): Map<number, LedgerEntry> {
  const out = new Map<number, LedgerEntry>();
  const wanted = new Set(indexes);
  for (const [pk, item] of items) {
    if (pk.startsWith('LEAF#')) {
      const e = itemToEntry(item);
      if (wanted.has(e.index)) out.set(e.index, e);
    } else if (pk.startsWith('PAGE#')) {
      const strings = Array.isArray(item.entries) ? (item.entries as unknown[]) : [];
      for (const s of strings) {
        const e = decodeEntry(s);
        // The first entry claiming an index is the page's; a page's entries must sit in its own range.
        if (e && wanted.has(e.index) && !out.has(e.index) && entryKey(pagedFrom, e.index).pk === pk)
          out.set(e.index, e);
      }
    }
  }
  return out;
}

/**
 * The hashes of perfect subtrees (level 0: a leaf): leaves and subtrees of up to a page are recomputed from the
 * entries, higher ones read from their node items. Throws `ledger-node-missing` naming the first absent one.
 */
export async function readNodes(
  client: DynamoDBDocumentClient,
  table: string,
  pagedFrom: number | undefined,
  ids: readonly NodeId[],
): Promise<(level: number, index: number) => Buffer> {
  const leaves = new Set<number>();
  const nodeKeys: Array<{ pk: string; sk: string }> = [];
  for (const { level, index } of ids) {
    if (level > PAGE_LEVEL) nodeKeys.push(nodeKey(level, index));
    else for (let i = index * 2 ** level; i < (index + 1) * 2 ** level; i++) leaves.add(i);
  }
  const items = await batchGetByPk(client, table, [...entryKeys(pagedFrom, [...leaves]), ...nodeKeys]);
  const entries = entriesFrom(items, pagedFrom, [...leaves]);
  const leafAt = (i: number, level: number, index: number) => {
    const e = entries.get(i);
    if (!e) {
      throw new IntegrityError(
        'ledger-node-missing',
        level === 0 ? `ledger has no leaf ${i}` : `ledger has no leaf ${i} (of node ${level}/${index})`,
        { level, index, leaf: i },
      );
    }
    return leafHashOf(e);
  };
  return (level, index) => {
    if (level === 0) return leafAt(index, 0, 0);
    if (level <= PAGE_LEVEL) {
      const first = index * 2 ** level;
      return merkleRoot(Array.from({ length: 2 ** level }, (_, k) => leafAt(first + k, level, index)));
    }
    const item = items.get(nodeKey(level, index).pk);
    if (!item)
      throw new IntegrityError('ledger-node-missing', `ledger has no node ${level}/${index}`, {
        level,
        index,
      });
    return Buffer.from(String(item.hash), 'hex');
  };
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
