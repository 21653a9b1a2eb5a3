import { PutCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '../evidence/envelope.js';
import type { EvidenceInput } from './types.js';

/** Loads the latest artifact of every scope of a collector: the evidence the engine judges. */
export interface EvidenceLoader {
  latest(collector: string): Promise<EvidenceInput[]>;
  /** Records that a collector has evidence for a scope, so `latest` finds it (called for every new artifact). */
  remember?(collector: string, scope: string): Promise<void>;
}

/** What the content index says about the artifact's latest re-observation. */
export interface Confirmation {
  readonly confirmedAt: string;
  /** The observation statement logged for `confirmedAt`, if that re-observation is a log leaf. */
  readonly observation?: string;
}

/**
 * Turns a stored envelope into the engine's input. A re-observation counts only when the log proves it: the
 * pointer's `confirmedAt` is kept when it names a logged observation statement (cited on results), or when it is
 * no later than the artifact's own collection (its own leaf); a later time the pointer alone claims is dropped.
 */
export function toEvidenceInput(
  envelope: Envelope,
  sha256: string,
  scope: string,
  confirmation?: Confirmation,
): EvidenceInput {
  const proven =
    confirmation &&
    (confirmation.observation !== undefined ||
      Date.parse(confirmation.confirmedAt) <= Date.parse(envelope.collectedAt));
  return {
    collector: envelope.collector,
    scope,
    sha256,
    observedAt: envelope.observedAt,
    collectedAt: envelope.collectedAt,
    ...(proven ? { confirmedAt: confirmation.confirmedAt } : {}),
    ...(proven && confirmation.observation ? { observation: confirmation.observation } : {}),
    data: envelope.data,
    errors: envelope.errors,
    complete: envelope.provenance.complete,
  };
}

/** The slices of the content index and evidence store the Dynamo loader uses (structural). */
export interface LatestPointerIndex {
  latest(
    collector: string,
    scope: string,
  ): Promise<({ sha256: string; key: string } & Confirmation) | undefined>;
}
export interface EnvelopeReader {
  get(key: string, expectedSha256?: string): Promise<{ envelope: Envelope; sha256: string }>;
}

/**
 * EvidenceLoader over the ledger table: `SCOPES#<collector>` / `<scope>` items list the scopes seen, the content
 * index gives each scope's latest artifact, and the evidence store returns it rehashed.
 */
export class IndexedEvidenceLoader implements EvidenceLoader {
  constructor(
    private readonly deps: {
      readonly doc: DynamoDBDocumentClient;
      readonly tableName: string;
      readonly index: LatestPointerIndex;
      readonly store: EnvelopeReader;
    },
  ) {}

  async remember(collector: string, scope: string): Promise<void> {
    await this.deps.doc.send(
      new PutCommand({
        TableName: this.deps.tableName,
        Item: { pk: `SCOPES#${collector}`, sk: scope, collector, scope },
      }),
    );
  }

  async latest(collector: string): Promise<EvidenceInput[]> {
    const out: EvidenceInput[] = [];
    const pages = paginateQuery(
      { client: this.deps.doc },
      {
        TableName: this.deps.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `SCOPES#${collector}` },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const scope = String(item.sk);
        const pointer = await this.deps.index.latest(collector, scope);
        if (!pointer) continue;
        const { envelope, sha256 } = await this.deps.store.get(pointer.key, pointer.sha256);
        out.push(toEvidenceInput(envelope, sha256, scope, pointer));
      }
    }
    return out;
  }
}

/** In-memory EvidenceLoader: keeps the newest input per collector and scope (tests, local locker). */
export class MemoryEvidenceLoader implements EvidenceLoader {
  private readonly byKey = new Map<string, EvidenceInput>();

  /** Adds an artifact; it replaces the scope's latest unless that one is newer. */
  add(e: EvidenceInput): void {
    const k = `${e.collector}\u0000${e.scope}`;
    const cur = this.byKey.get(k);
    if (!cur || Date.parse(cur.observedAt) <= Date.parse(e.observedAt)) this.byKey.set(k, e);
  }

  async latest(collector: string): Promise<EvidenceInput[]> {
    return [...this.byKey.values()].filter((e) => e.collector === collector);
  }
}
