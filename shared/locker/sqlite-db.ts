import Database from 'better-sqlite3';

/** An open better-sqlite3 connection (the locker's `ledger.db`). */
export type SqliteDb = Database.Database;

/**
 * Opens (creating if needed) the locker database at `path` (or `':memory:'`): WAL journal so readers
 * never block the single writer, `synchronous = FULL` so a committed append survives a power loss,
 * and a busy timeout so a second process waits for the write lock instead of failing at once.
 */
export function openSqlite(path: string): SqliteDb {
  const db = new Database(path, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}
