import type { StatementKind } from '../ledger/leaf.js';
/**
 * Create-only storage for manual evidence: the uploaded files and the statement bytes that are their log
 * leaves. The same bucket or locker directory as the collected evidence, under its own prefixes. Every read
 * is rehashed against the hash the caller expects (the one the log recorded).
 */
export interface BlobStore {
  /** Writes once; an identical re-put is a no-op (created=false); a differing stored object is an IntegrityError. */
  put(key: string, bytes: Buffer, contentType: string): Promise<{ created: boolean }>;
  get(key: string, expectedSha256: string): Promise<Buffer>;
  /** Keys of the statements of one kind (`<kind>/<yyyy>/<mm>/<dd>/<sha256>.json`), in key order. */
  /** Keys under a statement kind's prefix (`.json` statements), or every uploaded file under `manual-files`. */
  list(kind: StatementKind | 'manual-files'): AsyncIterable<string>;
}

/** The statement kinds people add (the rest are written by collectors and the scheduler). */
export const PERSON_KINDS = ['manual', 'approval', 'exception'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];
