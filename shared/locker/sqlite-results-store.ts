import { nextState, resultSortKey, type ControlState, type ResultsStore } from '../mapping/results-store.js';
import { transitionOf } from '../mapping/transitions.js';
import type { ControlResult, Transition } from '../mapping/types.js';
import type { SqliteDb } from './sqlite-db.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS control_results (
  control_id TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (control_id, sort_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS control_states (
  control_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  rev INTEGER NOT NULL,
  observed_at TEXT NOT NULL,
  evaluated_at TEXT NOT NULL,
  since TEXT NOT NULL
) WITHOUT ROWID;
`;

const PAGE = 500;

/**
 * ResultsStore in the locker database, with DynamoResultsStore's semantics: results keyed by
 * `(controlId, <observedAt>#<hash16>)` so a retried put is a no-op, and one state row per control
 * moved in an IMMEDIATE transaction, so concurrent mappers (connections or processes) report a
 * transition once.
 */
export class SqliteResultsStore implements ResultsStore {
  private readonly update: (result: ControlResult) => Transition | undefined;

  constructor(private readonly db: SqliteDb) {
    db.exec(SCHEMA);
    const tx = db.transaction((result: ControlResult) => this.updateInTx(result));
    this.update = (result) => tx.immediate(result);
  }

  async putResult(result: ControlResult): Promise<boolean> {
    const info = this.db
      .prepare(`INSERT OR IGNORE INTO control_results (control_id, sort_key, body) VALUES (?, ?, ?)`)
      .run(result.controlId, resultSortKey(result), JSON.stringify(result));
    return info.changes === 1;
  }

  /** Results oldest first, read a page at a time so other calls may run between pages. */
  async *results(controlId: string, from: string, to: string): AsyncIterable<ControlResult> {
    const page = this.db.prepare(
      `SELECT sort_key AS sortKey, body FROM control_results
         WHERE control_id = ? AND sort_key >= ? AND sort_key <= ? AND sort_key > ?
         ORDER BY sort_key LIMIT ${PAGE}`,
    );
    const lo = new Date(from).toISOString();
    const hi = `${new Date(to).toISOString()}#~`;
    let after = '';
    for (;;) {
      const rows = page.all(controlId, lo, hi, after) as { sortKey: string; body: string }[];
      for (const row of rows) yield JSON.parse(row.body) as ControlResult;
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.sortKey;
    }
  }

  async getState(controlId: string): Promise<ControlState | undefined> {
    return this.db
      .prepare(
        `SELECT control_id AS controlId, status, rev, observed_at AS observedAt, evaluated_at AS evaluatedAt, since
         FROM control_states WHERE control_id = ?`,
      )
      .get(controlId) as ControlState | undefined;
  }

  async updateState(result: ControlResult): Promise<Transition | undefined> {
    return this.update(result);
  }

  private updateInTx(result: ControlResult): Transition | undefined {
    const cur = this.db
      .prepare(
        `SELECT control_id AS controlId, status, rev, observed_at AS observedAt, evaluated_at AS evaluatedAt, since
         FROM control_states WHERE control_id = ?`,
      )
      .get(result.controlId) as ControlState | undefined;
    const next = nextState(cur, result);
    if (!next) return undefined;
    this.db
      .prepare(
        `INSERT INTO control_states (control_id, status, rev, observed_at, evaluated_at, since)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (control_id) DO UPDATE SET status = excluded.status, rev = excluded.rev,
           observed_at = excluded.observed_at, evaluated_at = excluded.evaluated_at, since = excluded.since`,
      )
      .run(next.controlId, next.status, next.rev, next.observedAt, next.evaluatedAt, next.since);
    return transitionOf(cur?.status, result);
  }
}
