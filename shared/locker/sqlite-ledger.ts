import { ConflictError, IntegrityError, ValidationError } from '../errors.js';
import { leafHashOf, pickRecord, requireSameRecord } from '../ledger/records.js';
import {
  CompactRange,
  consistencyPlan,
  EMPTY_ROOT,
  inclusionPlan,
  resolvePlan,
  type ProofPlan,
} from '../ledger/merkle.js';
import { checkpointBytes } from '../ledger/checkpoint-bytes.js';
import type {
  AppendResult,
  Checkpoint,
  Ledger,
  LedgerEntry,
  LedgerRecord,
  SignedCheckpoint,
  Signer,
} from '../ledger/types.js';
import type { SqliteDb } from './sqlite-db.js';
import { ENTRY_COLUMNS, LEAF_HASH_MIGRATION, LEDGER_SCHEMA } from './sqlite-ledger-schema.js';

export interface SqliteLedgerOptions {
  /** An open connection (see openSqlite); the ledger creates its tables in it. */
  readonly db: SqliteDb;
  /** Names the log in its checkpoints; recorded on first use and refused if it later differs. */
  readonly origin: string;
  /** Clock for `storedAt`. */
  readonly clock?: () => Date;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const EMPTY_ROOT_HEX = EMPTY_ROOT.toString('hex');
const PAGE = 500;

interface Head {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly edge: string[];
}

/**
 * The ledger in SQLite, with the same RFC 9162 log semantics as DynamoLedger. One IMMEDIATE
 * transaction is the sequencer: it checks the artifact hash, extends the compact range kept on the
 * head row, and writes the entry, the perfect-subtree nodes it completes and the new head together,
 * so indexes are contiguous across connections and processes. Proofs read stored nodes only.
 */
export class SqliteLedger implements Ledger {
  private readonly db: SqliteDb;
  private readonly clock: () => Date;
  private readonly appendTx: (record: LedgerRecord, storedAt: string) => AppendResult;

  constructor(private readonly options: SqliteLedgerOptions) {
    this.db = options.db;
    this.clock = options.clock ?? (() => new Date());
    this.db.exec(LEDGER_SCHEMA);
    const columns = this.db.prepare(`SELECT name FROM pragma_table_info('ledger_entries')`).pluck().all();
    if (!columns.includes('leaf_hash')) this.db.exec(LEAF_HASH_MIGRATION);
    this.db
      .prepare(`INSERT OR IGNORE INTO ledger_meta (name, value) VALUES ('origin', ?)`)
      .run(options.origin);
    const stored = SqliteLedger.storedOrigin(this.db);
    if (stored !== options.origin) {
      throw new ConflictError(`this ledger's origin is ${stored}, not ${options.origin}`, {
        origin: stored,
        requested: options.origin,
      });
    }
    const tx = this.db.transaction((record: LedgerRecord, storedAt: string) =>
      this.appendInTx(record, storedAt),
    );
    this.appendTx = (record, storedAt) => tx.immediate(record, storedAt);
  }

  /** The origin recorded in a ledger database, if one was opened in it before. */
  static storedOrigin(db: SqliteDb): string | undefined {
    const hasMeta = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_meta'`)
      .get();
    if (!hasMeta) return undefined;
    const row = db.prepare(`SELECT value FROM ledger_meta WHERE name = 'origin'`).get() as
      { value: string } | undefined;
    return row?.value;
  }

  get origin(): string {
    return this.options.origin;
  }

  async append(input: LedgerRecord): Promise<AppendResult> {
    const record = pickRecord(input);
    if (!SHA256_HEX.test(record.sha256))
      throw new ValidationError('ledger record', ['sha256: not a lower-case hex SHA-256']);
    if (record.leafHash !== undefined && !SHA256_HEX.test(record.leafHash))
      throw new ValidationError('ledger record', ['leafHash: not a lower-case hex SHA-256']);
    return this.appendTx(record, this.clock().toISOString());
  }

  async get(sha256: string): Promise<LedgerEntry | undefined> {
    return toEntry(
      this.db.prepare(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE sha256 = ?`).get(sha256),
    );
  }

  async entryAt(index: number): Promise<LedgerEntry | undefined> {
    return toEntry(this.db.prepare(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE idx = ?`).get(index));
  }

  async head(): Promise<{ treeSize: number; rootHash: string }> {
    const { treeSize, rootHash } = this.readHead();
    return { treeSize, rootHash };
  }

  async inclusionProof(index: number, treeSize: number): Promise<string[]> {
    return this.resolve(treeSize, () => inclusionPlan(index, treeSize));
  }

  async consistencyProof(from: number, to: number): Promise<string[]> {
    return this.resolve(to, () => consistencyPlan(from, to));
  }

  async checkpoint(signer: Signer, now: Date): Promise<SignedCheckpoint> {
    const { treeSize, rootHash } = this.readHead();
    const checkpoint: Checkpoint = { origin: this.origin, treeSize, rootHash, timestamp: now.toISOString() };
    const body = checkpointBytes(checkpoint);
    const signature = (await signer.sign(body)).toString('base64');
    try {
      this.db
        .prepare(
          `INSERT INTO ledger_checkpoints (timestamp, tree_size, body, signature, key_id) VALUES (?, ?, ?, ?, ?)`,
        )
        .run(checkpoint.timestamp, treeSize, body.toString('utf8'), signature, signer.keyId);
    } catch (e) {
      if (constraintCode(e) !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw e;
      throw new ConflictError(
        `a checkpoint of tree size ${treeSize} at ${checkpoint.timestamp} already exists`,
        {
          treeSize,
          timestamp: checkpoint.timestamp,
        },
      );
    }
    return { checkpoint, signature, keyId: signer.keyId };
  }

  /** Every stored checkpoint, oldest first (audits check each one and that each extends the one before). */
  checkpoints(): SignedCheckpoint[] {
    const rows = this.db
      .prepare(
        `SELECT body, signature, key_id AS keyId FROM ledger_checkpoints ORDER BY timestamp, tree_size`,
      )
      .all() as { body: string; signature: string; keyId: string }[];
    return rows.map((row) => {
      const { origin, treeSize, rootHash, timestamp } = JSON.parse(row.body) as Checkpoint;
      return {
        checkpoint: { origin, treeSize, rootHash, timestamp },
        signature: row.signature,
        keyId: row.keyId,
      };
    });
  }

  async latestCheckpoint(at?: Date): Promise<SignedCheckpoint | undefined> {
    const row = this.db
      .prepare(
        `SELECT body, signature, key_id AS keyId FROM ledger_checkpoints
         ${at ? 'WHERE timestamp <= ?' : ''} ORDER BY timestamp DESC, tree_size DESC LIMIT 1`,
      )
      .get(...(at ? [at.toISOString()] : [])) as
      { body: string; signature: string; keyId: string } | undefined;
    if (!row) return undefined;
    const { origin, treeSize, rootHash, timestamp } = JSON.parse(row.body) as Checkpoint;
    return {
      checkpoint: { origin, treeSize, rootHash, timestamp },
      signature: row.signature,
      keyId: row.keyId,
    };
  }

  /** Entries in index order, read a page at a time; a missing leaf is skipped (audits see the gap). */
  async *entries(from: number, to: number): AsyncIterable<LedgerEntry> {
    const page = this.db.prepare(
      `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx LIMIT ${PAGE}`,
    );
    for (let start = from; start < to;) {
      const rows = page.all(start, to).map((r) => toEntry(r)!);
      yield* rows;
      if (rows.length < PAGE) return;
      start = rows[rows.length - 1]!.index + 1;
    }
  }

  private appendInTx(record: LedgerRecord, storedAt: string): AppendResult {
    const existing = toEntry(
      this.db.prepare(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE sha256 = ?`).get(record.sha256),
    );
    if (existing)
      return { index: existing.index, created: false, entry: requireSameRecord(existing, record) };
    const head = this.readHead();
    const range = CompactRange.from(
      head.treeSize,
      head.edge.map((h) => Buffer.from(h, 'hex')),
    );
    const nodes = range.append(leafHashOf(record));
    const index = head.treeSize;
    const entry: LedgerEntry = { ...record, index, storedAt };
    try {
      this.db
        .prepare(
          `INSERT INTO ledger_entries (idx, sha256, key, collector, scope, observed_at, collected_at, stored_at,
             leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          index,
          record.sha256,
          record.key,
          record.collector,
          record.scope,
          record.observedAt,
          record.collectedAt,
          storedAt,
          record.leafHash ?? null,
        );
      const node = this.db.prepare(`INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)`);
      for (const n of nodes) node.run(n.level, n.index, n.hash);
    } catch (e) {
      if (constraintCode(e) !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw e;
      throw new IntegrityError(
        'ledger-head-behind',
        `ledger rows exist beyond the head (tree size ${index})`,
        {
          treeSize: index,
        },
      );
    }
    this.db
      .prepare(
        `INSERT INTO ledger_head (id, tree_size, root_hash, edge) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET tree_size = excluded.tree_size, root_hash = excluded.root_hash, edge = excluded.edge`,
      )
      .run(
        range.size,
        range.root().toString('hex'),
        JSON.stringify(range.hashes().map((h) => h.toString('hex'))),
      );
    return { index, created: true, entry };
  }

  private readHead(): Head {
    const row = this.db.prepare(`SELECT tree_size, root_hash, edge FROM ledger_head WHERE id = 1`).get() as
      { tree_size: number; root_hash: string; edge: string } | undefined;
    if (!row) return { treeSize: 0, rootHash: EMPTY_ROOT_HEX, edge: [] };
    return { treeSize: row.tree_size, rootHash: row.root_hash, edge: JSON.parse(row.edge) as string[] };
  }

  /** Checks the size against the head and folds the plan's stored subtrees, in one read transaction. */
  private resolve(treeSize: number, plan: () => ProofPlan): string[] {
    const leaf = this.db.prepare(`SELECT sha256, leaf_hash AS leafHash FROM ledger_entries WHERE idx = ?`);
    const node = this.db.prepare(`SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?`).pluck();
    const read = this.db.transaction(() => {
      const current = this.readHead().treeSize;
      if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > current) {
        throw new IntegrityError('tree-size', `tree size ${treeSize} is outside 0..${current}`, {
          treeSize,
          current,
        });
      }
      return resolvePlan(plan(), (level, index) => {
        const found = (level === 0 ? leaf.get(index) : node.get(level, index)) as
          { sha256: string; leafHash: string | null } | Buffer | undefined;
        if (found === undefined) {
          throw new IntegrityError(
            'ledger-node-missing',
            `ledger has no ${level === 0 ? `leaf ${index}` : `node ${level}/${index}`}`,
            { level, index },
          );
        }
        if (Buffer.isBuffer(found)) return found;
        return leafHashOf({ sha256: found.sha256, ...(found.leafHash ? { leafHash: found.leafHash } : {}) });
      });
    });
    return read().map((h) => h.toString('hex'));
  }
}

function constraintCode(e: unknown): string | undefined {
  return (e as { code?: unknown }).code === undefined ? undefined : String((e as { code: unknown }).code);
}

/** A row as an entry, without the null leaf_hash of an artifact leaf. */
function toEntry(row: unknown): LedgerEntry | undefined {
  if (!row) return undefined;
  const { leafHash, ...rest } = row as LedgerEntry & { leafHash: string | null };
  return leafHash ? { ...rest, leafHash } : rest;
}
