import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '../errors.js';

/** The channels an alert goes to. */
export type Channel = 'sns' | 'events' | 'webhook';

/** Where alert claims live: `ALERT#...` / `ALERT` items in the ledger table. */
export interface ClaimTable {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** The outcome of claiming an alert: ours to send (with channels already sent by an earlier attempt), or not. */
export type ClaimResult =
  | { readonly state: 'claimed'; readonly sent: ReadonlySet<Channel> }
  | { readonly state: 'sent' | 'in-progress' };

const SENT_ATTR: Record<Channel, string> = { sns: 'sentSns', events: 'sentEvents', webhook: 'sentWebhook' };
const keyOf = (key: string) => ({ pk: key, sk: 'ALERT' });

/**
 * Claims an alert with a conditional write: succeeds when no attempt exists, or when an earlier attempt is
 * still PENDING and its lease ran out (it crashed or failed midway: the channels it already reached are
 * returned, so they are not sent again). A SENT alert, or one another invocation holds, is not claimed.
 */
export async function claimAlert(
  t: ClaimTable,
  key: string,
  fields: { kind: string; now: Date; leaseMs: number },
): Promise<ClaimResult> {
  try {
    const res = await t.doc.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: keyOf(key),
        UpdateExpression:
          'SET #st = :pending, #lease = :lease, #kind = :kind, #claimed = :now, #att = if_not_exists(#att, :zero) + :one',
        ConditionExpression: 'attribute_not_exists(pk) OR (#st = :pending AND #lease < :nowMs)',
        ExpressionAttributeNames: {
          '#st': 'status',
          '#lease': 'leaseUntil',
          '#kind': 'kind',
          '#claimed': 'claimedAt',
          '#att': 'attempts',
        },
        ExpressionAttributeValues: {
          ':pending': 'PENDING',
          ':lease': fields.now.getTime() + fields.leaseMs,
          ':nowMs': fields.now.getTime(),
          ':kind': fields.kind,
          ':now': fields.now.toISOString(),
          ':zero': 0,
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const item = res.Attributes ?? {};
    const sent = new Set((Object.keys(SENT_ATTR) as Channel[]).filter((c) => item[SENT_ATTR[c]] === true));
    return { state: 'claimed', sent };
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
    const cur = await t.doc.send(
      new GetCommand({ TableName: t.tableName, Key: keyOf(key), ConsistentRead: true }),
    );
    return { state: cur.Item?.status === 'SENT' ? 'sent' : 'in-progress' };
  }
}

/** Records that one channel received the alert, so a retry after a later failure skips it. */
export async function markChannelSent(t: ClaimTable, key: string, channel: Channel): Promise<void> {
  await t.doc.send(
    new UpdateCommand({
      TableName: t.tableName,
      Key: keyOf(key),
      UpdateExpression: 'SET #c = :t',
      ExpressionAttributeNames: { '#c': SENT_ATTR[channel] },
      ExpressionAttributeValues: { ':t': true },
    }),
  );
}

/** Marks the alert SENT: every later claim of the same key is refused. */
export async function completeAlert(t: ClaimTable, key: string, now: Date): Promise<void> {
  await t.doc.send(
    new UpdateCommand({
      TableName: t.tableName,
      Key: keyOf(key),
      UpdateExpression: 'SET #st = :sent, #at = :now REMOVE #lease',
      ExpressionAttributeNames: { '#st': 'status', '#at': 'sentAt', '#lease': 'leaseUntil' },
      ExpressionAttributeValues: { ':sent': 'SENT', ':now': now.toISOString() },
    }),
  );
}

/** Ends a failed attempt's lease at once, so the retry (Lambda's or the next run's) may take over. */
export async function releaseAlert(t: ClaimTable, key: string): Promise<void> {
  await t.doc
    .send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: keyOf(key),
        UpdateExpression: 'SET #lease = :zero',
        ConditionExpression: '#st = :pending',
        ExpressionAttributeNames: { '#lease': 'leaseUntil', '#st': 'status' },
        ExpressionAttributeValues: { ':zero': 0, ':pending': 'PENDING' },
      }),
    )
    .catch((err: unknown) => {
      if (!isConditionalCheckFailed(err)) throw err;
    });
}
