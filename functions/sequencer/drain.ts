import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  parseAppendRequest,
  type AppendRequest,
  type AppendSource,
  objectProblem,
} from '../../shared/ledger/append-request.js';
import type { BatchAppendOutcome } from '../../shared/ledger/dynamo-append-batch.js';
import type { StoredBytes } from '../../shared/store/s3-read.js';
import type { AppendResult, LedgerRecord } from '../../shared/ledger/types.js';

/** Why a request was refused (never appended). */
type RefusalReason = 'malformed' | 'missing-object' | 'hash-mismatch' | 'conflict';

interface RefusedRequest {
  readonly reason: RefusalReason;
  readonly message: string;
  /** The request's hash and key when it parsed; never the raw body (it may be anything). */
  readonly sha256?: string;
  readonly key?: string;
}

/** Announces refused requests (functions/sequencer/ledger-alerts.ts in production). */
export type RefusalAlert = (refused: readonly RefusedRequest[]) => Promise<void>;

export interface DrainDeps {
  readonly source: AppendSource;
  readonly ledger: {
    appendBatch(records: readonly LedgerRecord[]): Promise<BatchAppendOutcome[]>;
    append(record: LedgerRecord): Promise<AppendResult>;
  };
  /** The stored object's bytes and their SHA-256 (hex), rehashed on read; NotFoundError when there is none. */
  readonly readObject: (key: string) => Promise<StoredBytes>;
  readonly refuse: RefusalAlert;
  /** Requests per run at most (default 5,000). */
  readonly maxRequests?: number;
  /** Requests received per round (default 500). */
  readonly roundSize?: number;
  /** Objects read at once (default 16). */
  readonly concurrency?: number;
  /** `single`: one transaction per leaf, the benchmark's baseline. Default `batch`. */
  readonly mode?: 'batch' | 'single';
}

export interface DrainResult {
  readonly received: number;
  readonly appended: number;
  readonly alreadyLogged: number;
  readonly refused: readonly RefusedRequest[];
}

/**
 * The sequencer's append step: receives queued requests, refuses what is malformed, names no stored object, or
 * names an object whose bytes hash to something else, and appends the rest in batched transactions. Refusals are
 * announced once per run and acknowledged (a bad request is never retried into the log); a request whose object
 * could not be read for another reason (throttling, network) stays queued for the next run.
 */
export async function drainAppends(deps: DrainDeps): Promise<DrainResult> {
  const max = deps.maxRequests ?? 5000;
  const round = deps.roundSize ?? 500;
  const refused: RefusedRequest[] = [];
  let received = 0;
  let appended = 0;
  let alreadyLogged = 0;
  while (received < max) {
    const batch = await deps.source.receive(Math.min(round, max - received));
    if (batch.length === 0) break;
    received += batch.length;
    const handled: string[] = [];
    const refusedNow: RefusedRequest[] = [];
    const valid: Array<{ handle: string; request: AppendRequest }> = [];
    for (const q of batch) {
      try {
        valid.push({ handle: q.handle, request: parseAppendRequest(q.body) });
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        refusedNow.push({ reason: 'malformed', message: e.issues.join('; ') });
        handled.push(q.handle);
      }
    }
    const checked = await mapLimited(valid, deps.concurrency ?? 16, async (v) => {
      try {
        const object = await deps.readObject(v.request.key);
        const problem = objectProblem(v.request, object);
        if (!problem) return v;
        refusedNow.push({
          reason: 'hash-mismatch',
          message: problem,
          sha256: v.request.sha256,
          key: v.request.key,
        });
      } catch (e) {
        if (!(e instanceof NotFoundError)) return undefined; // transient: stays queued
        refusedNow.push({
          reason: 'missing-object',
          message: 'no stored object under the key',
          sha256: v.request.sha256,
          key: v.request.key,
        });
      }
      handled.push(v.handle);
      return undefined;
    });
    const ok = checked.filter((v): v is NonNullable<typeof v> => v !== undefined);
    const records = ok.map((v) => toRecord(v.request));
    const outcomes =
      deps.mode === 'single'
        ? await serially(records, (r) => deps.ledger.append(r))
        : await deps.ledger.appendBatch(records);
    outcomes.forEach((o, i) => {
      handled.push(ok[i]!.handle);
      if (o instanceof ConflictError) {
        refusedNow.push({
          reason: 'conflict',
          message: o.message,
          sha256: records[i]!.sha256,
          key: records[i]!.key,
        });
      } else if (o.created) appended++;
      else alreadyLogged++;
    });
    // Announce before acknowledging: a failed alert leaves the requests queued, so the refusal is announced later.
    if (refusedNow.length > 0) await deps.refuse(refusedNow);
    refused.push(...refusedNow);
    await deps.source.ack(handled);
  }
  return { received, appended, alreadyLogged, refused };
}

function toRecord(r: AppendRequest): LedgerRecord {
  return {
    sha256: r.sha256,
    key: r.key,
    collector: r.collector,
    scope: r.scope,
    observedAt: r.observedAt,
    collectedAt: r.collectedAt,
    ...(r.leafHash ? { leafHash: r.leafHash } : {}),
  };
}

async function serially<T, R>(xs: readonly T[], f: (x: T) => Promise<R>): Promise<Array<R | ConflictError>> {
  const out: Array<R | ConflictError> = [];
  for (const x of xs) {
    try {
      out.push(await f(x));
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      out.push(e);
    }
  }
  return out;
}

async function mapLimited<T, R>(xs: readonly T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(xs.length);
  let next = 0;
  const worker = async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await f(xs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, xs.length) }, worker));
  return out;
}
