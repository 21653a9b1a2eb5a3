import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CHECKPOINT_PK, checkpointSk, itemToCheckpoint } from './dynamo-schema.js';
import type { SignedCheckpoint } from './types.js';

/**
 * The DynamoDB ledger's signed checkpoints: one create-only item each under `CHECKPOINT`, sorted by
 * `<timestamp>#<size>` (dynamo-schema.ts). The sequencer is the only writer of these items.
 */

/** Stores a signed checkpoint, create-only. */
export async function putCheckpoint(
  client: DynamoDBDocumentClient,
  table: string,
  signed: SignedCheckpoint,
): Promise<void> {
  const { checkpoint } = signed;
  await client.send(
    new PutCommand({
      TableName: table,
      Item: {
        pk: CHECKPOINT_PK,
        sk: checkpointSk(checkpoint.timestamp, checkpoint.treeSize),
        ...checkpoint,
        signature: signed.signature,
        keyId: signed.keyId,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** The latest checkpoint whose timestamp is at or before `at` (or the latest of all). */
export async function queryLatestCheckpoint(
  client: DynamoDBDocumentClient,
  table: string,
  at?: Date,
): Promise<SignedCheckpoint | undefined> {
  const out = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: at ? 'pk = :pk AND sk <= :max' : 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': CHECKPOINT_PK,
        ...(at ? { ':max': `${at.toISOString()}#~` } : {}),
      },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const item = out.Items?.[0];
  return item ? itemToCheckpoint(item) : undefined;
}

/** Every checkpoint, oldest first, page by page. */
export async function* queryCheckpoints(
  client: DynamoDBDocumentClient,
  table: string,
): AsyncIterable<SignedCheckpoint> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CHECKPOINT_PK },
        ScanIndexForward: true,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) yield itemToCheckpoint(item);
    start = out.LastEvaluatedKey;
  } while (start);
}
