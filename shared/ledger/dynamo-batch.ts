import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyError } from '../errors.js';

type Key = { pk: string; sk: string };

const BATCH_LIMIT = 100;
const MAX_ROUNDS = 8;

/**
 * Consistent BatchGet of many keys in chunks of 100; re-requests UnprocessedKeys with backoff.
 * Returns the found items by `pk` (absent keys are simply missing from the map).
 */
export async function batchGetByPk(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Key[],
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < keys.length; i += BATCH_LIMIT) {
    let pending: Key[] = keys.slice(i, i + BATCH_LIMIT);
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS)
        throw new DependencyError('DynamoDB BatchGetItem', `${pending.length} keys stayed unprocessed`);
      if (round > 0) await new Promise((r) => setTimeout(r, Math.random() * 25 * 2 ** round));
      const out = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of out.Responses?.[tableName] ?? []) found.set(String(item.pk), item);
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }
  }
  return found;
}
