import { describe, expect, it } from '@jest/globals';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sha256Hex } from '../../shared/evidence/canonical.js';
import { appendRequest } from '../../shared/ledger/append-request.js';
import { SqsAppendQueue } from '../../shared/ledger/sqs-append-queue.js';
import { createSequencerHandler } from './handler.js';
import { sequencerOnMoto } from './test-sequencer.js';

const SCOPE = 'account=123456789012,region=us-east-1';
const AT = '2026-03-01T00:00:00.000Z';

describe('sequencer append step (moto: SQS FIFO, S3, DynamoDB)', () => {
  it('appends queued requests for stored objects and refuses, alerts and never appends bad ones', async () => {
    const t = await sequencerOnMoto();
    const queue = new SqsAppendQueue(t.sqs, t.queueUrl);
    const store = async (body: string) => {
      const sha256 = sha256Hex(body);
      const key = `evidence/aws-kms-keys/2026/03/01/${AT}_${sha256}.json`;
      await t.s3.send(
        new PutObjectCommand({
          Bucket: t.bucket,
          Key: key,
          Body: body,
          ChecksumAlgorithm: 'SHA256',
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        }),
      );
      return { sha256, key, collector: 'aws-kms-keys', scope: SCOPE, observedAt: AT, collectedAt: AT };
    };
    const good = await Promise.all(Array.from({ length: 25 }, (_, i) => store(`{"artifact":${i}}`)));
    for (const r of good) await queue.enqueue(appendRequest(r));
    // A request for an object that was never stored.
    const ghost = sha256Hex('never stored');
    await queue.enqueue(
      appendRequest({
        ...good[0]!,
        sha256: ghost,
        key: `evidence/aws-kms-keys/2026/03/01/${AT}_${ghost}.json`,
      }),
    );
    // A request whose key names a hash the stored bytes do not have (the object under it was swapped).
    const swappedSha = sha256Hex('what the collector hashed');
    const swappedKey = `evidence/aws-kms-keys/2026/03/01/${AT}_${swappedSha}.json`;
    await t.s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: swappedKey, Body: 'other bytes' }));
    await queue.enqueue(appendRequest({ ...good[0]!, sha256: swappedSha, key: swappedKey }));
    // Malformed: not JSON, and a key pointing at another hash than the request's.
    for (const body of ['not json', JSON.stringify({ ...appendRequest(good[1]!), sha256: ghost })]) {
      await t.sqs.send(
        new SendMessageCommand({
          QueueUrl: t.queueUrl,
          MessageBody: body,
          MessageGroupId: 'bad',
          MessageDeduplicationId: sha256Hex(body),
        }),
      );
    }
    // A retried collector enqueues the same artifact again: one leaf only.
    await t.sqs.send(
      new SendMessageCommand({
        QueueUrl: t.queueUrl,
        MessageBody: JSON.stringify(appendRequest(good[3]!)),
        MessageGroupId: 'retry',
        MessageDeduplicationId: 'retry-of-3',
      }),
    );

    const handler = createSequencerHandler(
      () => t.deps,
      () => new Date('2026-03-01T00:05:00.000Z'),
    );
    const out = await handler();

    expect(out).toEqual({ treeSize: 25, appended: 25, refused: 4 });
    const logged = new Set<string>();
    for await (const e of t.deps.ledger.entries(0, 25)) logged.add(e.sha256);
    expect(logged).toEqual(new Set(good.map((g) => g.sha256)));
    expect(await t.deps.ledger.get(ghost)).toBeUndefined();
    expect(await t.deps.ledger.get(swappedSha)).toBeUndefined();
    const alerts = await t.alerts();
    const detail = alerts.events.find((e) => e['detail-type'] === 'AppendRefused')!.detail as {
      count: number;
      refused: Array<{ reason: string; key?: string }>;
    };
    expect(detail.count).toBe(4);
    expect(detail.refused.map((r) => r.reason).sort()).toEqual([
      'hash-mismatch',
      'malformed',
      'malformed',
      'missing-object',
    ]);
    expect(detail.refused.find((r) => r.reason === 'hash-mismatch')!.key).toBe(swappedKey);
    expect(alerts.sns.some((m) => /4 evidence append request\(s\) refused/.test(m.Subject))).toBe(true);
    // Everything was handled: the queue is empty, and a second run appends nothing new.
    expect(await queue.receive(10)).toEqual([]);
    expect(await handler()).toEqual({ treeSize: undefined });
  });
});
