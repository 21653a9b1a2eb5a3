import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { awsTestConfig } from '../../test/harness/aws.js';
import { BUCKET, buildAccessWorld } from '../../shared/access/testing/world.js';
import { sqsBuildQueue, type SnapshotApiDeps } from '../../shared/access/snapshot-jobs.js';
import { buildJobsHandler, createSnapshotHandler, listSnapshotsHandler } from './handler.js';
import type { ApiEvent, ApiResult } from '../http.js';

// The deployed wiring: POST /snapshots queues the build on SQS (moto), the same function consumes the queue.
const OPERATOR = 'arn:aws:sts::123456789012:assumed-role/flux-operator/lee';
const AUDITOR = 'arn:aws:sts::123456789012:assumed-role/acme-auditor/jane';
const ctx = { functionName: 'snapshot-api', awsRequestId: 'req-1' } as Context;
const body = {
  engagement: 'acme-soc2-2026',
  framework: 'soc2-2017',
  window: { start: '2026-01-01', end: '2026-01-03' },
  controls: ['IAM-11'],
};
const apiEvent = (principal: string, o: { body?: unknown; query?: Record<string, string> }): ApiEvent =>
  ({
    requestContext: { authorizer: { iam: { userArn: principal } } },
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    ...(o.query ? { queryStringParameters: o.query } : {}),
    isBase64Encoded: false,
  }) as unknown as ApiEvent;
const answer = async (r: Promise<ApiResult>) => {
  const out = await r;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON answers
  return { status: out.statusCode!, body: JSON.parse(out.body!) as Record<string, any> };
};
const sqsEvent = (messages: readonly Pick<Message, 'MessageId' | 'Body'>[]): SQSEvent =>
  ({
    Records: messages.map((m) => ({ messageId: m.MessageId!, body: m.Body!, eventSource: 'aws:sqs' })),
  }) as unknown as SQSEvent;

let deps: SnapshotApiDeps;
let s3: S3Client;
let sqs: SQSClient;
let queueUrl: string;
const snapshotKeys = async () =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'snapshots/' }))).Contents ?? []).map(
    (o) => o.Key!,
  );
const receive = async () =>
  (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }))).Messages ?? [];

beforeAll(async () => {
  const world = await buildAccessWorld(awsTestConfig());
  s3 = world.s3;
  sqs = new SQSClient(awsTestConfig());
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'flux-snapshot-builds' }))).QueueUrl!;
  deps = {
    ...world.deps,
    operators: ['arn:aws:iam::123456789012:role/flux-operator'],
    buildQueue: sqsBuildQueue(sqs, queueUrl),
  };
});

describe('snapshot builds through the build queue', () => {
  it('answers 202 with the key, builds it from the queue, and a redelivered message builds nothing twice', async () => {
    const accepted = await answer(createSnapshotHandler(() => deps)(apiEvent(OPERATOR, { body }), ctx));
    expect(accepted.status).toBe(202);
    const snap = accepted.body.snapshot;
    expect(snap).toMatchObject({ engagement: 'acme-soc2-2026', framework: 'soc2-2017', artifacts: 3 });
    expect(snap.status).toBe('building');
    expect(snap.key).toBe(`snapshots/acme-soc2-2026/soc2-2017/2026-01-01_2026-01-03/${snap.id}.zip`);
    expect(await snapshotKeys()).toEqual([]);

    const messages = await receive();
    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0]!.Body!)).toMatchObject({
      job: 'flux.snapshot-build/v1',
      caller: { kind: 'operator', principal: OPERATOR },
      id: snap.id,
    });
    const built = await buildJobsHandler(() => deps)(sqsEvent(messages), ctx);
    expect(built).toEqual({ batchItemFailures: [] });
    expect(await snapshotKeys()).toEqual([snap.key]);

    const listed = await answer(
      listSnapshotsHandler(() => deps)(apiEvent(AUDITOR, { query: { engagement: 'acme-soc2-2026' } }), ctx),
    );
    expect(listed.body.snapshots.map((s: { id: string }) => s.id)).toEqual([snap.id]);

    // SQS delivers at least once: the same message again finds the snapshot and builds no second version.
    const again = await buildJobsHandler(() => deps)(sqsEvent(messages), ctx);
    expect(again).toEqual({ batchItemFailures: [] });
    expect(await snapshotKeys()).toEqual([snap.key]);
  });

  it('refuses at the request, queueing nothing, and fails a malformed or no longer allowed job', async () => {
    const before = await snapshotKeys();
    const refused = await answer(
      createSnapshotHandler(() => deps)(
        apiEvent(OPERATOR, { body: { ...body, framework: 'iso27001-2022' } }),
        ctx,
      ),
    );
    expect(refused.status).toBe(403);
    const tooLarge = await answer(
      createSnapshotHandler(() => ({ ...deps, maxArtifacts: 2 }))(apiEvent(OPERATOR, { body }), ctx),
    );
    expect(tooLarge.status).toBe(413);
    expect(await receive()).toEqual([]);

    const job = {
      job: 'flux.snapshot-build/v1',
      caller: { kind: 'operator', principal: OPERATOR },
      ask: body,
      id: '20260201T090000Z-0badc0de',
    };
    const ended = { ...deps, now: () => new Date('2026-07-01T00:00:00.000Z') };
    const out = await buildJobsHandler(() => ended)(
      sqsEvent([
        { MessageId: 'not-json', Body: '{"job":' },
        { MessageId: 'bad-key', Body: JSON.stringify({ ...job, id: '../../evidence' }) },
        { MessageId: 'ended', Body: JSON.stringify(job) },
      ]),
      ctx,
    );
    expect(out).toEqual({
      batchItemFailures: [
        { itemIdentifier: 'not-json' },
        { itemIdentifier: 'bad-key' },
        { itemIdentifier: 'ended' },
      ],
    });
    expect(await snapshotKeys()).toEqual(before);
  });
});
