import { describe, expect, it } from '@jest/globals';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { CollectionUnitMessageSchema } from '../../shared/contracts/collection-unit.js';
import { awsTestConfig, motoEndpoint } from '../../test/harness/aws.js';
import { buildFanoutDeps } from './deps.js';
import { createFanoutHandler } from './handler.js';

const cfg = awsTestConfig();
const ACCOUNTS = Array.from({ length: 6 }, (_, i) => String(100000000001 + i));

/** An SQS client that records the size of every SendMessageBatch it sends. */
function countingSqs(batches: number[]): SQSClient {
  const sqs = new SQSClient(cfg);
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SendMessageBatchCommand')
        batches.push((args.input as { Entries: unknown[] }).Entries.length);
      return next(args);
    },
    { step: 'initialize' },
  );
  return sqs;
}

/** Every message in a FIFO queue with its group id (deleted as read). */
async function readAll(sqs: SQSClient, queueUrl: string) {
  const out: { group: string; body: unknown }[] = [];
  for (let empty = 0; empty < 2;) {
    const res = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['MessageGroupId'],
      }),
    );
    const msgs = res.Messages ?? [];
    if (msgs.length === 0) {
      empty += 1;
      continue;
    }
    for (const m of msgs) out.push({ group: m.Attributes!.MessageGroupId!, body: JSON.parse(m.Body!) });
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  }
  return out;
}

describe('fan-out handler (moto)', () => {
  it('enqueues one unit per account and region in batches of 10, grouped by account', async () => {
    const sqs = new SQSClient(cfg);
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'units.fifo',
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
      }),
    );
    const batches: number[] = [];
    const deps = buildFanoutDeps({
      FLUX_CONFIG: JSON.stringify({
        aws: { accounts: { mode: 'list', ids: ACCOUNTS }, regions: ['us-east-1', 'eu-west-1'] },
      }),
      AWS_REGION: cfg.region,
      AWS_ENDPOINT_URL: motoEndpoint(),
    });
    const handler = createFanoutHandler(() => ({ ...deps, sqs: countingSqs(batches) }));

    const out = await handler({ collector: 'aws-kms-keys', queueUrl: QueueUrl });

    expect(out).toEqual({ sent: 12 });
    expect(batches).toEqual([10, 2]);
    const messages = await readAll(sqs, QueueUrl!);
    expect(messages).toHaveLength(12);
    for (const m of messages) {
      const unit = CollectionUnitMessageSchema.parse(m.body);
      expect(unit.collector).toBe('aws-kms-keys');
      expect(m.group).toBe(unit.scope.account);
    }
    const scopes = messages.map((m) => CollectionUnitMessageSchema.parse(m.body).scope);
    expect(new Set(scopes.map((s) => `${s.account}/${s.region}`)).size).toBe(12);
    expect([...new Set(scopes.map((s) => s.account))].sort()).toEqual(ACCOUNTS);
  });

  it('plans a global collector once per account and rejects unknown collectors', async () => {
    const sqs = new SQSClient(cfg);
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'global.fifo',
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
      }),
    );
    const deps = buildFanoutDeps({
      FLUX_CONFIG: JSON.stringify({ aws: { accounts: { mode: 'current' }, regions: ['us-east-1'] } }),
      AWS_REGION: cfg.region,
      AWS_ENDPOINT_URL: motoEndpoint(),
    });
    const handler = createFanoutHandler(() => deps);

    await expect(handler({ collector: 'aws-iam-password-policy', queueUrl: QueueUrl })).resolves.toEqual({
      sent: 1,
    });
    const [only] = await readAll(sqs, QueueUrl!);
    expect(only).toMatchObject({
      group: '123456789012',
      body: { scope: { account: '123456789012', region: 'global' } },
    });
    await expect(handler({ collector: 'aws-no-such', queueUrl: QueueUrl })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
  });
});
