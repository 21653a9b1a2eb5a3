import { ConflictError } from '../errors.js';
import { leafHash } from './merkle.js';
import type { LedgerEntry, LedgerRecord } from './types.js';

/** Storage-neutral helpers for ledger records, shared by the DynamoDB and SQLite ledgers. */
export const RECORD_FIELDS = [
  'sha256',
  'key',
  'collector',
  'scope',
  'observedAt',
  'collectedAt',
  'leafHash',
] as const;

/** The record fields of an entry (drops anything else a caller passed, and an absent or null leafHash). */
export function pickRecord(record: LedgerRecord): LedgerRecord {
  const out: Record<string, string> = {};
  for (const f of RECORD_FIELDS) {
    const v = record[f];
    if (v !== undefined && v !== null) out[f] = v;
  }
  return out as unknown as LedgerRecord;
}

/** The RFC 9162 leaf hash of a record: its statement leaf hash, or H(0x00 || artifact sha256 bytes). */
export function leafHashOf(record: Pick<LedgerRecord, 'sha256' | 'leafHash'>): Buffer {
  return record.leafHash ? Buffer.from(record.leafHash, 'hex') : leafHash(Buffer.from(record.sha256, 'hex'));
}

/** Names the record fields that differ between two records. */
function recordDifferences(a: LedgerRecord, b: LedgerRecord): string[] {
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
