/**
 * Tables of the SQLite ledger (in the locker's ledger.db). Leaf n is row `idx = n` of ledger_entries
 * (its hash is SHA-256(0x00 || sha256 bytes), or leaf_hash for a statement leaf); ledger_nodes holds perfect subtrees of level >= 1;
 * the single ledger_head row holds the tree size, root and compact range (edge hashes, JSON hex);
 * ledger_checkpoints keeps each signed checkpoint's canonical body as it was signed.
 */
export const LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_entries (
  idx INTEGER PRIMARY KEY CHECK (idx >= 0),
  sha256 TEXT NOT NULL UNIQUE,
  key TEXT NOT NULL,
  collector TEXT NOT NULL,
  scope TEXT NOT NULL,
  observed_at TEXT NOT NULL,
  collected_at TEXT NOT NULL,
  stored_at TEXT NOT NULL,
  leaf_hash TEXT
);
CREATE TABLE IF NOT EXISTS ledger_nodes (
  level INTEGER NOT NULL CHECK (level >= 1),
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ledger_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  tree_size INTEGER NOT NULL,
  root_hash TEXT NOT NULL,
  edge TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_checkpoints (
  timestamp TEXT NOT NULL,
  tree_size INTEGER NOT NULL,
  body TEXT NOT NULL,
  signature TEXT NOT NULL,
  key_id TEXT NOT NULL,
  PRIMARY KEY (timestamp, tree_size)
) WITHOUT ROWID;
`;

export const ENTRY_COLUMNS = `idx AS "index", sha256, key, collector, scope, observed_at AS observedAt,
  collected_at AS collectedAt, stored_at AS storedAt, leaf_hash AS leafHash`;

/** Adds leaf_hash (statement leaves) to a ledger.db created before it existed. */
export const LEAF_HASH_MIGRATION = `ALTER TABLE ledger_entries ADD COLUMN leaf_hash TEXT`;
