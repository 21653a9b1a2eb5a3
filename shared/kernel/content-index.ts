import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '../errors.js';

/** The latest artifact of one (collector, scope), so an unchanged source is not stored twice. */
export interface LatestArtifact {
  readonly sha256: string;
  readonly key: string;
  /** SHA-256 of the canonical {collector, collectorVersion, scope, data, errors}: what changed means. */
  readonly contentHash: string;
  readonly observedAt: string;
  /** Last time a run found the source unchanged (re-observation of the same artifact). */
  readonly confirmedAt: string;
  /**
   * SHA-256 (log identity) of the observation statement logged for `confirmedAt`, when that re-observation is a log
   * leaf. The pointer is a cache: the statement in the log is the proof.
   */
  readonly observation?: string;
}

export interface ContentIndex {
  latest(collector: string, scope: string): Promise<LatestArtifact | undefined>;
  /** Records the newest artifact, or a re-observation of it (same sha256, later confirmedAt). */
  put(collector: string, scope: string, latest: LatestArtifact): Promise<void>;
}

/** ContentIndex kept as `LATEST#<collector>#<scope>` items in the ledger table. */
export class DynamoContentIndex implements ContentIndex {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async latest(collector: string, scope: string): Promise<LatestArtifact | undefined> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `LATEST#${collector}#${scope}`, sk: 'LATEST' },
        ConsistentRead: true,
      }),
    );
    if (!res.Item) return undefined;
    const { sha256, key, contentHash, observedAt, confirmedAt, observation } = res.Item as LatestArtifact;
    return { sha256, key, contentHash, observedAt, confirmedAt, ...(observation ? { observation } : {}) };
  }

  async put(collector: string, scope: string, latest: LatestArtifact): Promise<void> {
    await this.doc
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `LATEST#${collector}#${scope}`, sk: 'LATEST', collector, scope, ...latest },
          // Never move the pointer back in time when runs overlap.
          ConditionExpression: 'attribute_not_exists(pk) OR confirmedAt <= :c',
          ExpressionAttributeValues: { ':c': latest.confirmedAt },
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionalCheckFailed(err)) throw err;
      });
  }
}

/** In-memory ContentIndex for tests and one-shot runs. */
export class MemoryContentIndex implements ContentIndex {
  private readonly items = new Map<string, LatestArtifact>();
  async latest(collector: string, scope: string): Promise<LatestArtifact | undefined> {
    return this.items.get(`${collector}#${scope}`);
  }
  async put(collector: string, scope: string, latest: LatestArtifact): Promise<void> {
    this.items.set(`${collector}#${scope}`, latest);
  }
}
