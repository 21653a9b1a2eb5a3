import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { sealEnvelope } from '../evidence/artifact.js';
import { canonicalBytes, sha256Hex } from '../evidence/canonical.js';
import { ENVELOPE_SCHEMA, type CollectionError, type Envelope, type Scope } from '../evidence/envelope.js';
import { formatIssues } from '../errors.js';
import type { LogAppender } from '../ledger/append-request.js';
import { encodeStatement, LEAF_SCHEMA, type StatementOf } from '../ledger/leaf.js';
import { leafHash } from '../ledger/merkle.js';
import { statementKey } from '../manual/files.js';
import type { BlobStore } from '../manual/types.js';
import type { EvidenceStore } from '../store/types.js';
import { createAwsClientFactory, type AwsConnection } from '../sources/aws/clients.js';
import type { ContentIndex } from './content-index.js';
import { classifyError, runFailure } from './errors.js';
import { ProvenanceRecorder } from './provenance.js';
import type { Collector, CollectorContext, RawExtras } from './types.js';

export interface RunDeps {
  readonly store: EvidenceStore;
  /** The log's way in: an append request queued for the sequencer in a deployment and the local locker. */
  readonly ledger: LogAppender;
  readonly index?: ContentIndex;
  readonly connection: AwsConnection;
  readonly now: () => Date;
  readonly extras?: RawExtras;
  /** Identity to report when the source is not AWS (e.g. `github-app:1234`). */
  readonly identity?: string;
  /** Provenance notes recorded on every artifact of the run (e.g. a back-fill label). */
  readonly notes?: readonly string[];
  /**
   * Where observation statements are stored create-only (the evidence bucket or locker, `observation/` prefix).
   * With it, a re-observation is a log leaf; without it, it only refreshes the content index (a cache).
   */
  readonly statements?: Pick<BlobStore, 'put'>;
  /** Identifies the collection run on observation statements (default: the collection time). */
  readonly runId?: string;
}

/** A re-observation as logged: the statement's SHA-256 (its ledger identity), its key, its log index. */
export interface LoggedObservation {
  readonly sha256: string;
  readonly key: string;
  readonly leafHash: string;
  readonly ledgerIndex?: number;
  readonly statement: StatementOf<'observation'>;
}

export interface RunResult {
  readonly collector: string;
  readonly scope: Scope;
  /** `stored`: a new artifact; `unchanged`: identical to the latest artifact, recorded as a re-observation. */
  readonly outcome: 'stored' | 'unchanged';
  readonly sha256: string;
  readonly key: string;
  readonly ledgerIndex?: number;
  readonly envelope: Envelope;
  readonly requests: number;
  /** For `unchanged` with a statement store: the observation leaf that proves the source still held the artifact. */
  readonly observation?: LoggedObservation;
}

/** Canonical string form of a scope, used in ledger records and indexes. */
export function scopeKey(scope: Scope): string {
  return Object.entries(scope)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/**
 * Runs one collector for one scope: collects with provenance, validates the data against the collector's
 * schema, and stores the envelope through the store and the ledger. Source failures end up in the
 * envelope's `errors` (and `provenance.complete: false`), never as a thrown error or a silent pass.
 */
export async function runCollector(collector: Collector, scope: Scope, deps: RunDeps): Promise<RunResult> {
  const { envelope, requests } = await collectEnvelope(collector, scope, deps);
  return storeEnvelope(envelope, requests, deps);
}

export type CollectDeps = Pick<RunDeps, 'connection' | 'now' | 'extras' | 'identity' | 'notes'>;

/** Runs a collector and builds its envelope without storing it (tests, dry runs). */
export async function collectEnvelope(
  collector: Collector,
  scope: Scope,
  deps: CollectDeps,
): Promise<{ envelope: Envelope; requests: number }> {
  const provenance = new ProvenanceRecorder();
  for (const n of deps.notes ?? []) provenance.note(n);
  const region = scope.region && scope.region !== 'global' ? scope.region : 'us-east-1';
  const aws = createAwsClientFactory(deps.connection, region, provenance);
  const errors: CollectionError[] = [];
  const ctx: CollectorContext = {
    scope,
    now: deps.now,
    aws,
    provenance,
    extras: deps.extras ?? {},
    recordError: (e) => errors.push(e),
    async tryResource(resource, operation, fn) {
      try {
        return await fn();
      } catch (err) {
        errors.push({ ...classifyError(err), resource, operation });
        return undefined;
      }
    },
  };
  const collectedAt = deps.now().toISOString();
  if (collector.meta.source === 'aws') {
    const who = await ctx.tryResource('sts', 'GetCallerIdentity', () =>
      aws(STSClient).send(new GetCallerIdentityCommand({})),
    );
    provenance.setIdentity(who?.Arn ?? 'unknown');
  } else {
    provenance.setIdentity(deps.identity ?? collector.meta.source);
  }

  let data: unknown = null;
  let observedAt = collectedAt;
  try {
    const out = await collector.collect(ctx);
    const parsed = collector.schema.safeParse(out.data);
    if (parsed.success) {
      data = parsed.data;
      observedAt = out.observedAt ?? collectedAt;
    } else {
      errors.push({
        code: 'InvalidSourceData',
        message: `the source returned data that fails the ${collector.meta.id} schema: ${formatIssues(parsed.error.issues).slice(0, 20).join('; ')}`,
      });
    }
  } catch (err) {
    errors.push(runFailure(err));
  }

  const envelope: Envelope = {
    schema: ENVELOPE_SCHEMA,
    collector: collector.meta.id,
    collectorVersion: collector.meta.version,
    scope,
    observedAt,
    collectedAt,
    provenance: {
      identity: provenance.identity,
      operations: provenance.operations(),
      complete: errors.length === 0,
      ...(provenance.allNotes().length ? { notes: provenance.allNotes() } : {}),
    },
    data,
    errors,
  };
  return { envelope, requests: provenance.requestCount() };
}

async function storeEnvelope(envelope: Envelope, requests: number, deps: RunDeps): Promise<RunResult> {
  const sKey = scopeKey(envelope.scope);
  const contentHash = sha256Hex(
    canonicalBytes({
      collector: envelope.collector,
      collectorVersion: envelope.collectorVersion,
      scope: envelope.scope,
      data: envelope.data,
      errors: envelope.errors,
    }),
  );
  const base = { collector: envelope.collector, scope: envelope.scope, requests };
  const latest = await deps.index?.latest(envelope.collector, sKey);
  if (latest && latest.contentHash === contentHash) {
    const observation = deps.statements
      ? await recordObservation(
          {
            collector: envelope.collector,
            scope: sKey,
            artifactSha256: latest.sha256,
            observedAt: envelope.observedAt,
            collectedAt: envelope.collectedAt,
            runId: deps.runId ?? envelope.collectedAt,
          },
          { statements: deps.statements, ledger: deps.ledger },
        )
      : undefined;
    // The LATEST# pointer is a cache; the log leaf above is the proof.
    const { observation: _previous, ...pointer } = latest;
    await deps.index!.put(envelope.collector, sKey, {
      ...pointer,
      confirmedAt: envelope.collectedAt,
      ...(observation ? { observation: observation.sha256 } : {}),
    });
    return {
      ...base,
      outcome: 'unchanged',
      sha256: latest.sha256,
      key: latest.key,
      envelope,
      ...(observation ? { observation } : {}),
    };
  }
  const sealed = sealEnvelope(envelope);
  const stored = await deps.store.put(sealed);
  const appended = await deps.ledger.append({
    sha256: sealed.sha256,
    key: stored.key,
    collector: envelope.collector,
    scope: sKey,
    observedAt: envelope.observedAt,
    collectedAt: envelope.collectedAt,
  });
  await deps.index?.put(envelope.collector, sKey, {
    sha256: sealed.sha256,
    key: stored.key,
    contentHash,
    observedAt: envelope.observedAt,
    confirmedAt: envelope.collectedAt,
  });
  return {
    ...base,
    outcome: 'stored',
    sha256: sealed.sha256,
    key: stored.key,
    ...(appended.index !== undefined ? { ledgerIndex: appended.index } : {}),
    envelope,
  };
}

/**
 * Stores an observation statement create-only (store first: a logged leaf is always readable), then appends it
 * through the log appender with its statement leaf hash, like manual evidence. The demo's back-fill records its
 * simulated scheduled runs through it too.
 */
export async function recordObservation(
  observation: Omit<StatementOf<'observation'>, 'leaf' | 'kind'>,
  deps: { readonly statements: Pick<BlobStore, 'put'>; readonly ledger: LogAppender },
): Promise<LoggedObservation> {
  const statement: StatementOf<'observation'> = { leaf: LEAF_SCHEMA, kind: 'observation', ...observation };
  const { bytes, sha256 } = encodeStatement(statement);
  const key = statementKey('observation', statement.collectedAt, sha256);
  await deps.statements.put(key, bytes, 'application/json');
  const hash = leafHash(bytes).toString('hex');
  const appended = await deps.ledger.append({
    sha256,
    key,
    collector: statement.collector,
    scope: statement.scope,
    observedAt: statement.observedAt,
    collectedAt: statement.collectedAt,
    leafHash: hash,
  });
  return {
    sha256,
    key,
    leafHash: hash,
    statement,
    ...(appended.index !== undefined ? { ledgerIndex: appended.index } : {}),
  };
}
