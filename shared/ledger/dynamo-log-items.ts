import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { IntegrityError } from '../errors.js';
import { canonicalBytes } from '../evidence/canonical.js';
import { batchGetByPk } from './dynamo-batch.js';
import { itemToEntry, leafKey, nodeKey, PAGE_LEVEL, PAGE_SIZE, pageKey } from './dynamo-schema.js';
import { merkleRoot, type NodeId } from './merkle.js';
import { leafHashOf, RECORD_FIELDS } from './records.js';
import type { LedgerEntry } from './types.js';

/**
 * Reading the DynamoDB ledger's log items (dynamo-schema.ts): entries from pages (or, before `pagedFrom`, LEAF#
 * items), artifact items, and Merkle nodes (recomputed from entries up to page level). Writing them:
 * dynamo-log-write.ts.
 */

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
