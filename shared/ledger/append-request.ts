import { decodeLeaf } from './leaf.js';
import { leafHash } from './merkle.js';
import * as z from 'zod';
import { formatIssues, ValidationError } from '../errors.js';
import { parseArtifactKey } from '../store/types.js';
import type { LedgerRecord } from './types.js';

/**
 * An append request: what a collector hands the sequencer after it stored an artifact create-only. Collectors
 * never write log items themselves; the sequencer checks the object and appends (docs/ARCHITECTURE.md, "One writer").
 */
const AppendRequestSchema = z.strictObject({
  schema: z.literal('flux.append/v1'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256'),
  key: z.string().min(1).max(1024),
  collector: z.string().regex(/^[a-z0-9-]{1,64}$/),
  scope: z.string().min(1).max(512),
  observedAt: z.iso.datetime(),
  collectedAt: z.iso.datetime(),
  /**
   * A statement leaf's hash, SHA-256(0x00 || statement bytes): present for an observation statement (a collection
   * that found its source unchanged), absent for an artifact. The sequencer recomputes it from the stored bytes.
   */
  leafHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256')
    .optional(),
});
export type AppendRequest = z.infer<typeof AppendRequestSchema>;

/** The request for a ledger record. */
export function appendRequest(record: LedgerRecord): AppendRequest {
  return {
    schema: 'flux.append/v1',
    sha256: record.sha256,
    key: record.key,
    collector: record.collector,
    scope: record.scope,
    observedAt: record.observedAt,
    collectedAt: record.collectedAt,
    ...(record.leafHash ? { leafHash: record.leafHash } : {}),
  };
}

/**
 * Key of a statement (`<kind>/<yyyy>/<mm>/<dd>/<sha256>.json`, see shared/manual/files.ts): an observation a
 * collector stored, a run's coverage attestation, or a manual, approval or exception statement a person added
 * through the upload API.
 */
const STATEMENT_KEY =
  /^(observation|coverage|manual|approval|exception)\/\d{4}\/\d{2}\/\d{2}\/([0-9a-f]{64})\.json$/;

/** The collector and scope a coverage leaf's append request carries: `coverage` and the run it attests. */
export const COVERAGE_COLLECTOR = 'coverage';
export const coverageScope = (runId: string): string => `run=${runId}`;

/**
 * Parses a request body; throws ValidationError listing every problem. The key must be an evidence key naming
 * the same collector and hash (or, for a statement leaf, an observation key naming the hash), so a request cannot
 * point the log at another object.
 */
export function parseAppendRequest(body: string): AppendRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ValidationError('append request', ['body: not JSON']);
  }
  const r = AppendRequestSchema.safeParse(json);
  if (!r.success) throw new ValidationError('append request', formatIssues(r.error.issues));
  if (r.data.leafHash !== undefined) {
    const [, kind, sha] = STATEMENT_KEY.exec(r.data.key) ?? [];
    const problems = [
      ...(sha
        ? []
        : ['key: not a <observation|coverage|manual|approval|exception>/<yyyy>/<mm>/<dd>/<sha256>.json key']),
      ...(sha && sha !== r.data.sha256 ? ['key: names another hash than sha256'] : []),
      // A person's statement is logged under its kind (the collector field names it, as the manual log reads it).
      ...(kind && kind !== 'observation' && kind !== 'coverage' && r.data.collector !== kind
        ? [`collector: a ${kind} key needs collector ${kind}`]
        : []),
    ];
    if (problems.length > 0) throw new ValidationError('append request', problems);
    return r.data;
  }
  const key = parseArtifactKey(r.data.key);
  const issues = [
    ...(key ? [] : ['key: not an evidence/<collector>/<yyyy>/<mm>/<dd>/<time>_<sha256>.json key']),
    ...(key && key.sha256 !== r.data.sha256 ? ['key: names another hash than sha256'] : []),
    ...(key && key.collector !== r.data.collector ? ['key: names another collector'] : []),
  ];
  if (issues.length > 0) throw new ValidationError('append request', issues);
  return r.data;
}

/** Where collectors put append requests (an SQS FIFO queue in a deployment, a list in the local locker). */
export interface AppendQueue {
  enqueue(request: AppendRequest): Promise<void>;
}

/** A request waiting in the queue, with the handle to acknowledge it. */
export interface QueuedRequest {
  readonly handle: string;
  readonly body: string;
}

/** What the sequencer drains. */
export interface AppendSource {
  /** Up to `max` waiting requests (fewer, or none, when the queue is short). */
  receive(max: number): Promise<QueuedRequest[]>;
  /** Removes handled requests (appended, already logged, or refused and alerted). */
  ack(handles: readonly string[]): Promise<void>;
}

/** An in-process append queue (single-process runs and tests), drained with the same checks as SQS. */
export class MemoryAppendQueue implements AppendQueue, AppendSource {
  private readonly items: QueuedRequest[] = [];
  /** Received and not yet acknowledged: not handed out again (like SQS's visibility timeout). */
  private readonly inFlight = new Set<string>();
  private next = 0;

  enqueue(request: AppendRequest): Promise<void> {
    this.items.push({ handle: String(this.next++), body: JSON.stringify(request) });
    return Promise.resolve();
  }

  /** Enqueues a raw body (tests of malformed input). */
  enqueueRaw(body: string): void {
    this.items.push({ handle: String(this.next++), body });
  }

  receive(max: number): Promise<QueuedRequest[]> {
    const out = this.items.filter((q) => !this.inFlight.has(q.handle)).slice(0, max);
    for (const q of out) this.inFlight.add(q.handle);
    return Promise.resolve(out);
  }

  ack(handles: readonly string[]): Promise<void> {
    const done = new Set(handles);
    for (let i = this.items.length - 1; i >= 0; i--)
      if (done.has(this.items[i]!.handle)) this.items.splice(i, 1);
    for (const h of handles) this.inFlight.delete(h);
    return Promise.resolve();
  }

  get size(): number {
    return this.items.length;
  }
}

/** What a collection run appends through: the ledger itself (tests) or a queue to the sequencer. */
export interface LogAppender {
  /** Hands the record over; `index` when it was appended now (a queue hands it to the sequencer instead). */
  append(record: LedgerRecord): Promise<{ readonly index?: number }>;
}

/** A LogAppender that enqueues an append request for the sequencer: the collectors' only way into the log. */
export function queueAppender(queue: AppendQueue): LogAppender {
  return {
    async append(record) {
      await queue.enqueue(appendRequest(record));
      return {};
    },
  };
}

/**
 * The local locker's sequencer step, in process: each record becomes an append request and passes the sequencer's
 * checks (the same parser; the object exists under the key and its bytes hash to the requested SHA-256) before it
 * is appended. A refusal throws (ValidationError, NotFoundError or IntegrityError) and appends nothing.
 */
export function checkedAppender(
  ledger: { append(record: LedgerRecord): Promise<{ readonly index: number }> },
  store: { getBytes(key: string, expectedSha256: string): Promise<Buffer> },
  /** Where statement leaves' bytes live (the locker's blob store); their requests carry a `leafHash`. */
  statements?: { get(key: string, expectedSha256: string): Promise<Buffer> },
): LogAppender {
  return {
    async append(record) {
      const request = parseAppendRequest(JSON.stringify(appendRequest(record)));
      if (request.leafHash === undefined) await store.getBytes(request.key, request.sha256);
      else {
        if (!statements)
          throw new ValidationError('append request', ['a statement leaf needs the statement store']);
        const bytes = await statements.get(request.key, request.sha256);
        const problem = objectProblem(request, { sha256: request.sha256, bytes });
        if (problem) throw new ValidationError('append request', [problem]);
      }
      const { schema: _schema, ...checked } = request;
      return { index: (await ledger.append(checked)).index };
    },
  };
}

/**
 * Why a stored object does not match its request, or undefined. A statement leaf's bytes must also hash to the
 * requested leaf hash and be an observation statement of the requesting collector and scope, the coverage
 * statement of the run the request names, or a person's statement (manual, approval, exception) of the kind its
 * request names.
 */
export function objectProblem(
  r: AppendRequest,
  object: { readonly sha256: string; readonly bytes: Buffer },
): string | undefined {
  if (object.sha256 !== r.sha256)
    return `stored object hashes to ${object.sha256}, not the requested ${r.sha256}`;
  if (r.leafHash === undefined) return undefined;
  const actual = leafHash(object.bytes).toString('hex');
  if (actual !== r.leafHash)
    return `stored statement's leaf hash is ${actual}, not the requested ${r.leafHash}`;
  let leaf: ReturnType<typeof decodeLeaf>;
  try {
    leaf = decodeLeaf(object.bytes);
  } catch (e) {
    return `stored statement is not a flux.leaf/v1 statement: ${(e as Error).message}`;
  }
  if (leaf.kind === 'coverage') {
    if (!r.key.startsWith('coverage/')) return 'a coverage statement stored outside coverage/';
    return r.collector === COVERAGE_COLLECTOR && r.scope === coverageScope(leaf.runId)
      ? undefined
      : `stored coverage statement is of run ${leaf.runId}, not the requested ${r.collector} ${r.scope}`;
  }
  if (leaf.kind === 'manual' || leaf.kind === 'approval' || leaf.kind === 'exception') {
    return leaf.kind === r.collector && r.key.startsWith(`${leaf.kind}/`)
      ? undefined
      : `stored statement is a ${leaf.kind} leaf, not a ${r.collector} under ${r.key}`;
  }
  if (leaf.kind !== 'observation')
    return `stored statement is a ${leaf.kind} leaf, not an observation, coverage or person's statement`;
  if (!r.key.startsWith('observation/')) return 'an observation statement stored outside observation/';
  if (leaf.collector !== r.collector || leaf.scope !== r.scope)
    return `stored observation is of ${leaf.collector} ${leaf.scope}, not the requested ${r.collector} ${r.scope}`;
  return undefined;
}
