import { describe, expect, it } from '@jest/globals';
import { decodeEntry, encodeEntry } from './dynamo-log-items.js';
import { cancelledIntegrity, planLogWrites, type TransactItem } from './dynamo-log-write.js';
import { CompactRange, leafHash } from './merkle.js';
import { sampleRecord } from './testing/fixtures.js';
import type { HeadItem } from './dynamo-schema.js';

const AT = '2026-01-02T03:04:05.000Z';

function headOf(size: number): HeadItem {
  const range = CompactRange.empty();
  for (let i = 0; i < size; i++) range.append(leafHash(Buffer.from(sampleRecord(i).sha256, 'hex')));
  return {
    treeSize: size,
    rootHash: range.root().toString('hex'),
    edge: range.hashes().map((h) => h.toString('hex')),
  };
}

const pkOf = (op: TransactItem) => String((op.Put?.Item ?? op.Update?.Key ?? op.ConditionCheck?.Key)?.pk);
const records = (from: number, n: number) => Array.from({ length: n }, (_, i) => sampleRecord(from + i));

describe('planLogWrites', () => {
  it('fills a transaction to its budget exactly, counting pages and the nodes above page level', () => {
    // From 30: leaves 30.. cross pages at 32, 64, 96 and complete node 6/0 at index 63 (and 7/0 at 127).
    for (const budget of [99, 50, 7]) {
      const plan = planLogWrites({
        table: 't',
        head: headOf(30),
        pagedFrom: 0,
        records: records(30, 200),
        storedAt: AT,
        budget,
      });
      expect(plan.items.length).toBeLessThanOrEqual(budget);
      // One more record would not have fitted.
      const more = planLogWrites({
        table: 't',
        head: headOf(30),
        pagedFrom: 0,
        records: records(30, plan.entries.length + 1),
        storedAt: AT,
        budget: budget + 3,
      });
      expect(more.entries.length).toBe(plan.entries.length + 1);
      expect(new Set(plan.items.map(pkOf)).size).toBe(plan.items.length); // no item twice in one transaction
    }
    const full = planLogWrites({
      table: 't',
      head: headOf(30),
      pagedFrom: 0,
      records: records(30, 200),
      storedAt: AT,
      budget: 99,
    });
    expect(full.entries.map((e) => e.index)).toEqual(
      Array.from({ length: full.entries.length }, (_, i) => 30 + i),
    );
    expect(full.items.map(pkOf).filter((k) => !k.startsWith('ART#'))).toEqual([
      'PAGE#0',
      'PAGE#1',
      'PAGE#2',
      'PAGE#3',
      'NODE#6#0',
    ]);
    expect(full.items).toHaveLength(99);
    // The partial page is extended on the condition that it holds exactly the 30 entries before.
    const page0 = full.items.find((op) => pkOf(op) === 'PAGE#0')!;
    expect(page0.Update?.ConditionExpression).toBe('size(entries) = :held');
    expect(page0.Update?.ExpressionAttributeValues?.[':held']).toBe(30);
    expect(full.items.find((op) => pkOf(op) === 'PAGE#1')!.Put?.ConditionExpression).toBe(
      'attribute_not_exists(pk)',
    );
  });

  it('on a table written before pages, creates LAYOUT only if its last entry is in a LEAF# item', () => {
    const plan = planLogWrites({
      table: 't',
      head: headOf(45),
      pagedFrom: undefined,
      records: records(45, 3),
      storedAt: AT,
      budget: 99,
    });
    expect(plan.pagedFrom).toBe(45);
    expect(plan.items.map(pkOf)).toEqual([
      ...records(45, 3).map((r) => `ART#${r.sha256}`),
      'LAYOUT',
      'LEAF#44',
      'PAGE#1',
    ]);
    const page1 = plan.items.find((op) => pkOf(op) === 'PAGE#1')!;
    expect(page1.Put?.ConditionExpression).toBe('attribute_not_exists(pk)'); // the first paged entry starts it
    const empty = planLogWrites({
      table: 't',
      head: headOf(0),
      pagedFrom: undefined,
      records: records(0, 1),
      storedAt: AT,
      budget: 99,
    });
    expect(empty.items.map(pkOf)).toEqual([`ART#${sampleRecord(0).sha256}`, 'LAYOUT', 'PAGE#0']);
  });
});

describe('cancelledIntegrity', () => {
  const plan = planLogWrites({
    table: 't',
    head: headOf(45),
    pagedFrom: undefined,
    records: records(45, 2),
    storedAt: AT,
    budget: 99,
  });
  const items: TransactItem[] = [
    ...plan.items,
    { Put: { TableName: 't', Item: { pk: 'HEAD', sk: 'HEAD' } } },
  ];
  const failing = (...pks: string[]) =>
    items.map((op) => ({ Code: pks.includes(pkOf(op)) ? 'ConditionalCheckFailed' : 'None' }));

  it('retries a lost race: the head moved, or only an artifact or LAYOUT item already existed', () => {
    expect(cancelledIntegrity(failing('HEAD', 'PAGE#1'), items, 45)).toBeUndefined();
    expect(cancelledIntegrity(failing(`ART#${sampleRecord(45).sha256}`), items, 45)).toBeUndefined();
    expect(cancelledIntegrity(failing('LAYOUT'), items, 45)).toBeUndefined();
    expect(cancelledIntegrity([], items, 45)).toBeUndefined();
  });

  it('names a page beyond the head and a removed LAYOUT item as integrity failures', () => {
    const behind = cancelledIntegrity(failing('PAGE#1'), items, 45);
    expect(behind?.check).toBe('ledger-head-behind');
    expect(behind?.message).toBe(
      'ledger item PAGE#1 does not hold the entries the head counts (tree size 45): it holds entries beyond the head, or lacks some before it',
    );
    const layout = cancelledIntegrity(failing('LEAF#44'), items, 45);
    expect(layout?.check).toBe('ledger-layout');
    expect(layout?.message).toMatch(
      /45 leaves and no LAYOUT item, but no LEAF#44 item: its LAYOUT item was removed/,
    );
  });
});

describe('page entries', () => {
  it('round-trip as canonical JSON and read anything else as absent', () => {
    const entry = { ...sampleRecord(3), index: 3, storedAt: AT };
    expect(decodeEntry(encodeEntry(entry))).toEqual(entry);
    const withLeaf = { ...entry, leafHash: 'a'.repeat(64) };
    expect(decodeEntry(encodeEntry(withLeaf))).toEqual(withLeaf);
    for (const bad of [
      42,
      'not json',
      '[]',
      'null',
      JSON.stringify({ ...entry, index: -1 }),
      JSON.stringify({ ...entry, index: 1.5 }),
      JSON.stringify({ ...entry, sha256: 'ABC' }),
      JSON.stringify({ ...entry, leafHash: 'xyz' }),
      JSON.stringify({ ...entry, key: 7 }),
      JSON.stringify({ ...entry, storedAt: undefined }),
    ])
      expect(decodeEntry(bad)).toBeUndefined();
  });
});
