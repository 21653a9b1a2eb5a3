import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { DependencyError } from '../errors.js';
import type { AppendQueue, AppendRequest, AppendSource, QueuedRequest } from './append-request.js';

/** SQS's limit of messages per ReceiveMessage and per DeleteMessageBatch. */
const SQS_BATCH = 10;
/** SQS calls in flight at once while receiving or acknowledging. */
const PARALLEL = 8;

/**
 * The append queue of a deployment: an SQS FIFO queue. Deduplication is by artifact hash (a retried collector
 * run enqueues once within SQS's 5-minute window; later duplicates are idempotent appends). The message group is
 * the hash's first two hex digits: FIFO withholds a group's later messages while earlier ones are in flight, so
 * 256 groups let the sequencer receive hundreds of requests per run instead of 10; the log's order is the order
 * the sequencer appends in, not the queue's.
 */
export class SqsAppendQueue implements AppendQueue, AppendSource {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(request: AppendRequest): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(request),
        MessageGroupId: request.sha256.slice(0, 2),
        MessageDeduplicationId: request.sha256,
      }),
    );
  }

  /** Receives with several ReceiveMessage calls in flight (each returns at most 10). */
  async receive(max: number): Promise<QueuedRequest[]> {
    const out: QueuedRequest[] = [];
    while (out.length < max) {
      const wanted = Math.min(PARALLEL * SQS_BATCH, max - out.length);
      const sizes = Array.from({ length: Math.ceil(wanted / SQS_BATCH) }, (_, i) =>
        Math.min(SQS_BATCH, wanted - i * SQS_BATCH),
      );
      const rounds = await Promise.all(
        sizes.map((n) =>
          this.sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: this.queueUrl,
              MaxNumberOfMessages: n,
              WaitTimeSeconds: 0,
            }),
          ),
        ),
      );
      const got = rounds.flatMap((r) => r.Messages ?? []);
      for (const m of got) out.push({ handle: m.ReceiptHandle!, body: m.Body ?? '' });
      if (got.length === 0) break;
    }
    return out;
  }

  async ack(handles: readonly string[]): Promise<void> {
    const chunks: string[][] = [];
    for (let i = 0; i < handles.length; i += SQS_BATCH) chunks.push(handles.slice(i, i + SQS_BATCH));
    for (let i = 0; i < chunks.length; i += PARALLEL) {
      const results = await Promise.all(
        chunks.slice(i, i + PARALLEL).map((chunk) =>
          this.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: this.queueUrl,
              Entries: chunk.map((h, j) => ({ Id: String(j), ReceiptHandle: h })),
            }),
          ),
        ),
      );
      const failed = results.reduce((n, r) => n + (r.Failed?.length ?? 0), 0);
      if (failed > 0) {
        // Not fatal for the log (a redelivered request is an idempotent append), but worth a retry signal.
        throw new DependencyError('SQS DeleteMessageBatch', `${failed} append requests stayed queued`);
      }
    }
  }
}
