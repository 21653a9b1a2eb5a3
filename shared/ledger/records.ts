import { ConflictError } from '../errors.js';
import type { LedgerEntry, LedgerRecord } from './types.js';

/** Storage-neutral helpers for ledger records, shared by the DynamoDB and SQLite ledgers. */
const RECORD_FIELDS = ['sha256', 'key', 'collector', 'scope', 'observedAt', 'collectedAt'] as const;

/** The record fields of an entry (drops anything else a caller passed). */
export function pickRecord(record: LedgerRecord): LedgerRecord {
  const out: Record<string, string> = {};
  for (const f of RECORD_FIELDS) out[f] = record[f];
  return out as unknown as LedgerRecord;
}

/** Names the record fields that differ between two records. */
export function recordDifferences(a: LedgerRecord, b: LedgerRecord): string[] {
  return RECORD_FIELDS.filter((f) => a[f] !== b[f]);
}

/** An idempotent re-append must name the same record; the same hash with other fields is a conflict. */
export function requireSameRecord(existing: LedgerEntry, record: LedgerRecord): LedgerEntry {
  const fields = recordDifferences(existing, record);
  if (fields.length > 0) {
    throw new ConflictError(
      `artifact ${record.sha256} is already in the ledger with different ${fields.join(', ')}`,
      { sha256: record.sha256, index: existing.index, fields },
    );
  }
  return existing;
}
