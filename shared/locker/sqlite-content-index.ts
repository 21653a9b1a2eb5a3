import type { ContentIndex, LatestArtifact } from '../kernel/content-index.js';
import type { SqliteDb } from './sqlite-db.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS content_latest (
  collector TEXT NOT NULL,
  scope TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  key TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  observed_at TEXT NOT NULL,
  confirmed_at TEXT NOT NULL,
  observation TEXT,
  PRIMARY KEY (collector, scope)
) WITHOUT ROWID;
`;

/**
 * ContentIndex in the locker database: one row per (collector, scope). Like DynamoContentIndex, a put
 * never moves the pointer back in time when runs overlap (an older `confirmedAt` is ignored).
 */
export class SqliteContentIndex implements ContentIndex {
  constructor(private readonly db: SqliteDb) {
    db.exec(SCHEMA);
    // Lockers created before re-observations were logged lack the column.
    const columns = db.prepare('PRAGMA table_info(content_latest)').all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === 'observation'))
      db.exec('ALTER TABLE content_latest ADD COLUMN observation TEXT');
  }

  async latest(collector: string, scope: string): Promise<LatestArtifact | undefined> {
    const row = this.db
      .prepare(
        `SELECT sha256, key, content_hash AS contentHash, observed_at AS observedAt, confirmed_at AS confirmedAt,
           observation FROM content_latest WHERE collector = ? AND scope = ?`,
      )
      .get(collector, scope) as
      (Omit<LatestArtifact, 'observation'> & { observation: string | null }) | undefined;
    if (!row) return undefined;
    const { observation, ...rest } = row;
    return { ...rest, ...(observation ? { observation } : {}) };
  }

  async put(collector: string, scope: string, latest: LatestArtifact): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO content_latest
           (collector, scope, sha256, key, content_hash, observed_at, confirmed_at, observation)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (collector, scope) DO UPDATE SET
           sha256 = excluded.sha256, key = excluded.key, content_hash = excluded.content_hash,
           observed_at = excluded.observed_at, confirmed_at = excluded.confirmed_at,
           observation = excluded.observation
         WHERE excluded.confirmed_at >= content_latest.confirmed_at`,
      )
      .run(
        collector,
        scope,
        latest.sha256,
        latest.key,
        latest.contentHash,
        latest.observedAt,
        latest.confirmedAt,
        latest.observation ?? null,
      );
  }
}
