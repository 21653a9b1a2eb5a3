import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  paginateQuery,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '../errors.js';

/** An open evidence gap: `GAP#<collector>#<scope>` / `GAP`. */
export interface GapItem {
  readonly collector: string;
  readonly scope: string;
  readonly openedAt: string;
  readonly lastEvidenceAt?: string;
  /** True once the opening was announced. */
  readonly announced: boolean;
}

/** Gap state and the scopes known per collector, in the ledger table. */
export class GapStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Scopes the mapper's evidence loader recorded for a collector (`SCOPES#<collector>` items). */
  async scopes(collector: string): Promise<string[]> {
    const out: string[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `SCOPES#${collector}` },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) out.push(String(item.sk));
    return out;
  }

  async get(collector: string, scope: string): Promise<GapItem | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(collector, scope), ConsistentRead: true }),
    );
    if (!res.Item) return undefined;
    const { pk: _pk, sk: _sk, ...gap } = res.Item;
    return gap as GapItem;
  }

  /** Opens a gap unless one is open; returns the open gap (ours or the one already there). */
  async open(gap: Omit<GapItem, 'announced'>): Promise<GapItem> {
    const item = { ...gap, announced: false };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.key(gap.collector, gap.scope), ...JSON.parse(JSON.stringify(item)) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return item;
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      return (await this.get(gap.collector, gap.scope)) ?? item;
    }
  }

  async markAnnounced(collector: string, scope: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(collector, scope),
          UpdateExpression: 'SET announced = :t',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':t': true },
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionalCheckFailed(err)) throw err;
      });
  }

  /** Closes the gap opened at `openedAt` (a newer gap of the same scope is left alone). */
  async close(collector: string, scope: string, openedAt: string): Promise<void> {
    await this.doc
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: this.key(collector, scope),
          ConditionExpression: 'openedAt = :o',
          ExpressionAttributeValues: { ':o': openedAt },
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionalCheckFailed(err)) throw err;
      });
  }

  /**
   * When a collector with no known scope was first expected: recorded on the first check that saw it without
   * evidence (`GAPWATCH#<collector>`), so a fresh deployment gets one TTL of grace.
   */
  async watchSince(collector: string, now: Date): Promise<string> {
    const Key = { pk: `GAPWATCH#${collector}`, sk: 'GAPWATCH' };
    await this.doc
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Key, since: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((err: unknown) => {
        if (!isConditionalCheckFailed(err)) throw err;
      });
    const res = await this.doc.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
    return String(res.Item?.since ?? now.toISOString());
  }

  private key(collector: string, scope: string) {
    return { pk: `GAP#${collector}#${scope}`, sk: 'GAP' };
  }
}
