import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DependencyError } from '../../shared/errors.js';
import { messageGroupOf, type CollectionUnitMessage } from '../../shared/contracts/collection-unit.js';

/** SQS accepts at most 10 entries per SendMessageBatch. */
const SQS_BATCH = 10;

/**
 * Sends units to a FIFO queue in batches of 10, MessageGroupId = account (or org/tenant), relying on the
 * queue's content-based deduplication (the body carries requestedAt). Every batch is tried; entries SQS
 * rejects are counted and reported in one DependencyError at the end, so the schedule retries the fan-out.
 */
export async function enqueueUnits(
  sqs: SQSClient,
  queueUrl: string,
  units: readonly CollectionUnitMessage[],
): Promise<{ sent: number }> {
  let sent = 0;
  const failed: string[] = [];
  for (let i = 0; i < units.length; i += SQS_BATCH) {
    const batch = units.slice(i, i + SQS_BATCH);
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((u, j) => ({
          Id: String(j),
          MessageBody: JSON.stringify(u),
          MessageGroupId: messageGroupOf(u),
        })),
      }),
    );
    sent += out.Successful?.length ?? 0;
    for (const f of out.Failed ?? []) failed.push(`${f.Id}:${f.Code ?? 'Error'}`);
  }
  if (failed.length)
    throw new DependencyError(
      'SQS SendMessageBatch',
      `${failed.length} of ${units.length} units were not enqueued (${failed.slice(0, 5).join(', ')})`,
    );
  return { sent };
}
