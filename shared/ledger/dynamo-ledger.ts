import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ContentionError, IntegrityError, ValidationError } from '../errors.js';
import { canonicalBytes } from '../evidence/canonical.js';
import { appendBatch, type BatchAppendOutcome } from './dynamo-append-batch.js';
import { batchGetByPk } from './dynamo-batch.js';
import {
  artifactKey,
  HEAD_KEY,
  itemToHead,
  fromAttributeMap,
  LAYOUT_KEY,
  PAGE_SIZE,
  pickRecord,
  type HeadItem,
} from './dynamo-schema.js';
import { putCheckpoint, queryCheckpoints, queryLatestCheckpoint } from './dynamo-checkpoints.js';
import { artifactEntries, itemToPagedFrom, readEntries, readNodes } from './dynamo-log-items.js';
import {
  cancelledIntegrity,
  cancelReasons,
  headPut,
  isCancelled,
  planLogWrites,
} from './dynamo-log-write.js';
import {
  consistencyPlan,
  EMPTY_ROOT,
  inclusionPlan,
  planNodes,
  resolvePlan,
  type ProofPlan,
} from './merkle.js';
import { checkpointBytes } from './checkpoint-bytes.js';
import { requireSameRecord } from './records.js';
import type {
  AppendResult,
  Checkpoint,
  Ledger,
  LedgerEntry,
  LedgerRecord,
  SignedCheckpoint,
  Signer,
} from './types.js';

/** Receives each new signed checkpoint and its canonical JSON bytes (e.g. to store it locked in S3). */
export type CheckpointSink = (signed: SignedCheckpoint, bytes: Buffer) => Promise<void>;

export interface DynamoLedgerOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Names the log in its checkpoints, e.g. `flux-evidence/prod/eu-west-1`. */
  readonly origin: string;
  /** Clock for `storedAt`. */
  readonly clock?: () => Date;
  /** Attempts before append gives up with ContentionError (default 40). */
  readonly maxAttempts?: number;
  /** Full-jitter retry delay after a lost race: random in [0, min(max, base * 2^attempt)) ms (defaults 10 and 1000). */
  readonly backoffMs?: { readonly base?: number; readonly max?: number };
  readonly checkpointSink?: CheckpointSink;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const EMPTY_ROOT_HEX = EMPTY_ROOT.toString('hex');

/**
 * The ledger on one DynamoDB table. Append assigns contiguous indexes with one TransactWriteItems
 * conditioned on the head's tree size, so a lost race writes nothing and is retried: no gap and no
 * duplicate. The head carries the compact range, so append and checkpoint never re-read the log;
 * proofs read only the pages and the node items above page level they need (dynamo-log-items.ts).
 */
export class DynamoLedger implements Ledger {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly clock: () => Date;
  private readonly maxAttempts: number;
  private readonly backoff: { readonly base: number; readonly max: number };
  /** The head this instance last wrote or was told about; a stale value only costs one cancelled write. */
  private knownHead: HeadItem | undefined;
  /** Where pages begin (the LAYOUT item, immutable once written); undefined until read or written. */
  private pagedFrom: number | undefined;

  constructor(private readonly options: DynamoLedgerOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.clock = options.clock ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 40;
    this.backoff = { base: options.backoffMs?.base ?? 10, max: options.backoffMs?.max ?? 1000 };
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
    let head = this.knownHead;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      if (!head || this.pagedFrom === undefined) {
        const read = await this.readArtifactAndHead(record.sha256);
        if (read.existing)
          return {
            index: read.existing.index,
            created: false,
            entry: requireSameRecord(read.existing, record),
          };
        head = read.head;
      }
      const storedAt = this.clock().toISOString();
      const plan = planLogWrites({
        table: this.table,
        head,
        pagedFrom: this.pagedFrom,
        records: [record],
        storedAt,
        budget: 99,
      });
      const entry = plan.entries[0]!;
      const items = [...plan.items, headPut(this.table, head, plan.next, storedAt)];
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        this.knownHead = plan.next;
        this.pagedFrom = plan.pagedFrom;
        return { index: entry.index, created: true, entry };
      } catch (e) {
        if (!isCancelled(e)) throw e;
        const reasons = cancelReasons(e);
        const artifact = reasons[0];
        if (artifact?.Code === 'ConditionalCheckFailed' && artifact.Item) {
          const existing = await this.artifactEntry(record.sha256, fromAttributeMap(artifact.Item));
          return { index: existing.index, created: false, entry: requireSameRecord(existing, record) };
        }
        const behind = cancelledIntegrity(reasons, items, entry.index);
        if (behind) throw behind;
        const lost = reasons[items.length - 1];
        // Another writer moved the head: its current value came back with the cancellation. Otherwise (a
        // transaction conflict or an unknown reason) read again.
        head =
          lost?.Code === 'ConditionalCheckFailed' && lost.Item
            ? itemToHead(fromAttributeMap(lost.Item), EMPTY_ROOT_HEX)
            : undefined;
        this.knownHead = head;
        await this.pause(attempt);
      }
    }
    throw new ContentionError(`append of ${record.sha256} lost the race ${this.maxAttempts} times`, {
      sha256: record.sha256,
      attempts: this.maxAttempts,
    });
  }

  /**
   * Appends many records, up to ~95 leaves per TransactWriteItems (artifact items, pages, nodes and head in one
   * transaction); one outcome per record, in order (see dynamo-append-batch.ts). The sequencer's append path.
   */
  async appendBatch(records: readonly LedgerRecord[]): Promise<BatchAppendOutcome[]> {
    this.knownHead = undefined;
    return appendBatch(
      {
        client: this.client,
        table: this.table,
        clock: this.clock,
        maxAttempts: this.maxAttempts,
        pause: (attempt) => this.pause(attempt),
      },
      records,
    );
  }

  async get(sha256: string): Promise<LedgerEntry | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.table, Key: artifactKey(sha256), ConsistentRead: true }),
    );
    return out.Item ? this.artifactEntry(sha256, out.Item) : undefined;
  }

  async entryAt(index: number): Promise<LedgerEntry | undefined> {
    const entries = await readEntries(this.client, this.table, await this.layout(), [index]);
    return entries.get(index);
  }

  async head(): Promise<{ treeSize: number; rootHash: string }> {
    const { treeSize, rootHash } = await this.readHead();
    return { treeSize, rootHash };
  }

  async inclusionProof(index: number, treeSize: number): Promise<string[]> {
    await this.assertSize(treeSize);
    return this.resolve(inclusionPlan(index, treeSize));
  }

  async consistencyProof(from: number, to: number): Promise<string[]> {
    await this.assertSize(to);
    return this.resolve(consistencyPlan(from, to));
  }

  async checkpoint(signer: Signer, now: Date): Promise<SignedCheckpoint> {
    const { treeSize, rootHash } = await this.readHead();
    const checkpoint: Checkpoint = { origin: this.origin, treeSize, rootHash, timestamp: now.toISOString() };
    const signature = await signer.sign(checkpointBytes(checkpoint));
    const signed: SignedCheckpoint = {
      checkpoint,
      signature: signature.toString('base64'),
      keyId: signer.keyId,
    };
    await putCheckpoint(this.client, this.table, signed);
    await this.options.checkpointSink?.(signed, canonicalBytes(signed));
    return signed;
  }

  /**
   * Stores a signed checkpoint's locked copy (the latest, read by the sequencer) if it has none: the table is written first, so a sequencer that
   * stopped before the copy left the checkpoint unanchored (and `audit` reporting it). An existing copy is kept.
   */
  async anchor(latest: SignedCheckpoint): Promise<'written' | 'present' | 'none'> {
    if (!this.options.checkpointSink) return 'none';
    try {
      await this.options.checkpointSink(latest, canonicalBytes(latest));
      return 'written';
    } catch (e) {
      if (e instanceof ConflictError) return 'present';
      throw e;
    }
  }

  async latestCheckpoint(at?: Date): Promise<SignedCheckpoint | undefined> {
    return queryLatestCheckpoint(this.client, this.table, at);
  }

  /**
   * Every signed checkpoint in the table, oldest first (sort key `<timestamp>#<size>`), page by page. The sequencer
   * is the only writer of these items; `audit` checks each one and the consistency of each with the next.
   */
  async *checkpoints(): AsyncIterable<SignedCheckpoint> {
    yield* queryCheckpoints(this.client, this.table);
  }

  /** Entries in index order; a missing or unreadable entry is skipped (audits see the gap). */
  async *entries(from: number, to: number): AsyncIterable<LedgerEntry> {
    const CHUNK = 16 * PAGE_SIZE;
    const pagedFrom = await this.layout();
    for (let start = from; start < to; start += CHUNK) {
      const indexes = Array.from({ length: Math.min(CHUNK, to - start) }, (_, i) => start + i);
      const entries = await readEntries(this.client, this.table, pagedFrom, indexes);
      for (const i of indexes) {
        const entry = entries.get(i);
        if (entry) yield entry;
      }
    }
  }

  /** Where pages begin: the LAYOUT item, read until found (then cached: it never changes). */
  private async layout(): Promise<number | undefined> {
    if (this.pagedFrom !== undefined) return this.pagedFrom;
    const out = await this.client.send(
      new GetCommand({ TableName: this.table, Key: LAYOUT_KEY, ConsistentRead: true }),
    );
    this.pagedFrom = itemToPagedFrom(out.Item);
    return this.pagedFrom;
  }

  private async artifactEntry(sha256: string, item: Record<string, unknown>): Promise<LedgerEntry> {
    return this.entryOfArtifact(sha256, item, await this.layout());
  }

  private async entryOfArtifact(
    sha256: string,
    item: Record<string, unknown>,
    pagedFrom: number | undefined,
  ): Promise<LedgerEntry> {
    const entries = await artifactEntries(this.client, this.table, pagedFrom, new Map([[sha256, item]]));
    return entries.get(sha256)!;
  }

  private async readHead(): Promise<HeadItem> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.table, Key: HEAD_KEY, ConsistentRead: true }),
    );
    return itemToHead(out.Item, EMPTY_ROOT_HEX);
  }

  /** One consistent BatchGet of the artifact item, the head and the layout. */
  private async readArtifactAndHead(sha256: string): Promise<{ existing?: LedgerEntry; head: HeadItem }> {
    const items = await batchGetByPk(this.client, this.table, [artifactKey(sha256), HEAD_KEY, LAYOUT_KEY]);
    this.pagedFrom = itemToPagedFrom(items.get(LAYOUT_KEY.pk));
    const art = items.get(artifactKey(sha256).pk);
    return {
      // The layout came with this read: no second read of it, even when the table has none yet.
      existing: art ? await this.entryOfArtifact(sha256, art, this.pagedFrom) : undefined,
      head: itemToHead(items.get(HEAD_KEY.pk), EMPTY_ROOT_HEX),
    };
  }

  private async assertSize(treeSize: number): Promise<void> {
    const { treeSize: current } = await this.readHead();
    if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > current) {
      throw new IntegrityError('tree-size', `tree size ${treeSize} is outside 0..${current}`, {
        treeSize,
        current,
      });
    }
  }

  /** Fetches the plan's perfect subtrees (recomputed from entries up to page level, node items above) and folds them. */
  private async resolve(plan: ProofPlan): Promise<string[]> {
    const nodeAt = await readNodes(this.client, this.table, await this.layout(), planNodes(plan));
    return resolvePlan(plan, nodeAt).map((h) => h.toString('hex'));
  }

  private pause(attempt: number): Promise<void> {
    const cap = Math.min(this.backoff.max, this.backoff.base * 2 ** (attempt - 1));
    return new Promise((r) => setTimeout(r, Math.random() * cap));
  }
}
