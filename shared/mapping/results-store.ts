import { GetCommand, PutCommand, paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { canonicalBytes, sha256Hex } from '../evidence/canonical.js';
import { ContentionError, isConditionalCheckFailed } from '../errors.js';
import { transitionOf } from './transitions.js';
import type { ControlResult, ControlStatus, Transition } from './types.js';

/** A control's current state: one item per control. */
export interface ControlState {
  readonly controlId: string;
  readonly status: ControlStatus;
  /** Incremented on every update; the optimistic-concurrency token. */
  readonly rev: number;
  readonly observedAt: string;
  readonly evaluatedAt: string;
  /** When the control entered its current status. */
  readonly since: string;
}

/** Where control results and states live (DynamoDB on the platform, memory in tests and the local locker). */
export interface ResultsStore {
  /** Stores a result once; false when the identical result was already stored (idempotent retry). */
  putResult(result: ControlResult): Promise<boolean>;
  /** A control's results with observedAt in [from, to] (ISO instants), oldest first. */
  results(controlId: string, from: string, to: string): AsyncIterable<ControlResult>;
  getState(controlId: string): Promise<ControlState | undefined>;
  /**
   * Moves the control's state to the result's status. Returns the transition when the status changed, undefined
   * when it did not, or when the result is older than the state (an out-of-order mapper never moves state back).
   * Concurrent callers with the same result report the transition once.
   */
  updateState(result: ControlResult): Promise<Transition | undefined>;
}

/** Sort key of a result: `<observedAt>#<first 16 hex of the result's content hash>`. */
export function resultSortKey(r: ControlResult): string {
  const { controlId, status, reason, failing, ruleVersions, mappingVersion, artifacts } = r;
  const body = JSON.parse(
    JSON.stringify({ controlId, status, reason, failing, ruleVersions, mappingVersion, artifacts }),
  );
  return `${new Date(r.observedAt).toISOString()}#${sha256Hex(canonicalBytes(body)).slice(0, 16)}`;
}

/** The next state after `result`, or undefined when the result is older than `cur`. */
export function nextState(cur: ControlState | undefined, result: ControlResult): ControlState | undefined {
  if (cur && Date.parse(result.observedAt) < Date.parse(cur.observedAt)) return undefined;
  return {
    controlId: result.controlId,
    status: result.status,
    rev: (cur?.rev ?? 0) + 1,
    observedAt: result.observedAt,
    evaluatedAt: result.evaluatedAt,
    since: cur && cur.status === result.status ? cur.since : result.observedAt,
  };
}

const MAX_ATTEMPTS = 8;

/**
 * ResultsStore in the ledger's single table: `RESULT#<controlId>` / `<observedAt>#<hash16>` items and one
 * `STATE#<controlId>` / `STATE` item per control, updated with a condition on its previous rev and status.
 */
export class DynamoResultsStore implements ResultsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Items per Query page (DynamoDB also cuts pages at 1 MB). */
    private readonly pageSize = 500,
  ) {}

  async putResult(result: ControlResult): Promise<boolean> {
    // JSON round trip drops undefined fields, which the document client refuses to marshall.
    const item = {
      pk: `RESULT#${result.controlId}`,
      sk: resultSortKey(result),
      ...JSON.parse(JSON.stringify(result)),
    };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async *results(controlId: string, from: string, to: string): AsyncIterable<ControlResult> {
    const pages = paginateQuery(
      { client: this.doc, pageSize: this.pageSize },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': `RESULT#${controlId}`,
          ':from': new Date(from).toISOString(),
          ':to': `${new Date(to).toISOString()}#~`,
        },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, ...result } = item;
        yield result as ControlResult;
      }
    }
  }

  async getState(controlId: string): Promise<ControlState | undefined> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `STATE#${controlId}`, sk: 'STATE' },
        ConsistentRead: true,
      }),
    );
    if (!res.Item) return undefined;
    const { pk: _pk, sk: _sk, ...state } = res.Item;
    return state as ControlState;
  }

  async updateState(result: ControlResult): Promise<Transition | undefined> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const cur = await this.getState(result.controlId);
      const next = nextState(cur, result);
      if (!next) return undefined;
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: `STATE#${result.controlId}`, sk: 'STATE', ...next },
            ...(cur
              ? {
                  ConditionExpression: '#rev = :rev AND #status = :status',
                  ExpressionAttributeNames: { '#rev': 'rev', '#status': 'status' },
                  ExpressionAttributeValues: { ':rev': cur.rev, ':status': cur.status },
                }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        );
        return transitionOf(cur?.status, result);
      } catch (err) {
        // Another mapper moved the state first: re-read and judge against what it wrote.
        if (!isConditionalCheckFailed(err)) throw err;
      }
    }
    throw new ContentionError(`control state ${result.controlId} kept changing during update`, {
      controlId: result.controlId,
      attempts: MAX_ATTEMPTS,
    });
  }
}
