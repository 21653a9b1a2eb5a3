import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalSigner } from '../ledger/signer.js';
import { loadOrCreateLocalKey } from './local-key.js';
import { LocalEvidenceStore } from './local-store.js';
import { openSqlite } from './sqlite-db.js';
import { SqliteContentIndex } from './sqlite-content-index.js';
import { SqliteLedger } from './sqlite-ledger.js';
import { SqliteResultsStore } from './sqlite-results-store.js';

/** The local locker's parts, all in one directory. */
export interface Locker {
  /** The locker directory. */
  readonly root: string;
  /** Artifacts under `<root>/evidence/...`, the same key layout as the S3 bucket. */
  readonly store: LocalEvidenceStore;
  /** The Merkle log in `<root>/ledger.db`. */
  readonly ledger: SqliteLedger;
  /** Latest artifact per collector and scope, in `ledger.db`. */
  readonly index: SqliteContentIndex;
  /** Control results and states, in `ledger.db`. */
  readonly results: SqliteResultsStore;
  /** Checkpoint signer from `<root>/keys/checkpoint-signing.pem` (created on first open). */
  readonly signer: LocalSigner;
  /** Closes the database; the locker must not be used afterwards. */
  close(): void;
}

export interface OpenLockerOptions {
  /**
   * The ledger's origin. Default: the one recorded in `ledger.db`, or for a new locker
   * `flux-evidence/locker/<random uuid>`, so checkpoints of two lockers never pass for one log.
   */
  readonly origin?: string;
  /** Clock for the ledger's `storedAt`. */
  readonly clock?: () => Date;
}

/** Opens the locker at `path`, creating its layout (`evidence/`, `keys/`, `ledger.db`) on first use. */
export async function openLocker(path: string, options: OpenLockerOptions = {}): Promise<Locker> {
  await mkdir(join(path, 'evidence'), { recursive: true });
  const signer = await loadOrCreateLocalKey(path);
  const db = openSqlite(join(path, 'ledger.db'));
  try {
    const origin = options.origin ?? SqliteLedger.storedOrigin(db) ?? `flux-evidence/locker/${randomUUID()}`;
    return {
      root: path,
      store: new LocalEvidenceStore(path),
      ledger: new SqliteLedger({ db, origin, ...(options.clock ? { clock: options.clock } : {}) }),
      index: new SqliteContentIndex(db),
      results: new SqliteResultsStore(db),
      signer,
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
