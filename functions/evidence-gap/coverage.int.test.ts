import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { awsTestConfig, motoEndpoint } from '../../test/harness/aws.js';
import { busWithQueue, drain, topicWithQueue } from '../../shared/alerts/test-fixtures.js';
import { parseEnv } from '../../shared/alerts/env.js';
import { DynamoContentIndex } from '../../shared/kernel/content-index.js';
import { latestCoverage } from '../../shared/ledger/coverage.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { S3BlobStore } from '../../shared/manual/blob-store.js';
import { buildFanoutDeps } from '../fanout/deps.js';
import { createFanoutHandler } from '../fanout/handler.js';
import { createSequencerHandler } from '../sequencer/handler.js';
import { ORIGIN, sequencerOnMoto } from '../sequencer/test-sequencer.js';
import { buildGapDeps, GapEnvSchema } from './config.js';
import { createGapHandler } from './handler.js';

const cfg = awsTestConfig();
const HOUR_MS = 3_600_000;
const COLLECTOR = 'aws-iam-password-policy';
const DONE = 'account=111111111111,region=global';
const LOST = 'account=222222222222,region=global';
const metrics = () => new Metrics({ namespace: 'Test', serviceName: 'coverage' });

describe('deployed coverage attestation (moto: S3, SQS FIFO, DynamoDB, SNS, EventBridge)', () => {
  it('closes a schedule run: coverage statement stored, queued, appended by the sequencer, missing unit alerted once', async () => {
    const t = await sequencerOnMoto();
    const sqs = new SQSClient(cfg);
    const s3 = new S3Client({ ...cfg, forcePathStyle: true });
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(cfg));
    const units = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'coverage-units.fifo',
        Attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' },
      }),
    );
    // The run was planned three hours ago (past the two-hour grace period).
    const plannedAt = new Date(Date.now() - 3 * HOUR_MS);
    const fanout = buildFanoutDeps({
      FLUX_CONFIG: JSON.stringify({
        aws: { accounts: { mode: 'list', ids: ['111111111111', '222222222222'] }, regions: ['us-east-1'] },
      }),
      EVIDENCE_BUCKET: t.bucket,
      AWS_REGION: cfg.region,
      AWS_ENDPOINT_URL: motoEndpoint(),
    });
    const fan = createFanoutHandler(() => ({ ...fanout, now: () => plannedAt }), metrics());
    expect(await fan({ collector: COLLECTOR, queueUrl: units.QueueUrl })).toEqual({ sent: 2 });

    // One unit completed (the collector recorded its latest evidence after the plan), the other never reported.
    const evidence = 'a'.repeat(64);
    const storedAt = new Date(plannedAt.getTime() + 60_000).toISOString();
    await new DynamoContentIndex(doc, t.table).put(COLLECTOR, DONE, {
      sha256: evidence,
      key: `evidence/${COLLECTOR}/x_${evidence}.json`,
      contentHash: 'b'.repeat(64),
      observedAt: storedAt,
      confirmedAt: storedAt,
    });

    const topic = await topicWithQueue(new SNSClient(cfg), sqs, 'coverage-gap');
    const bus = await busWithQueue(new EventBridgeClient(cfg), sqs, 'coverage-gap-bus');
    const env = parseEnv(GapEnvSchema, {
      TABLE_NAME: t.table,
      ALERT_TOPIC_ARN: topic.topicArn,
      EVENT_BUS_NAME: bus.busName,
      ENABLED_COLLECTORS: COLLECTOR,
      EVIDENCE_BUCKET: t.bucket,
      APPEND_QUEUE_URL: t.queueUrl,
      AWS_REGION: cfg.region,
      AWS_ENDPOINT_URL: motoEndpoint(),
    });
    const gap = createGapHandler(() => buildGapDeps(env), metrics());
    expect(await gap({})).toMatchObject({ coverageClosed: 1, coverageMissing: 1 });

    // The sequencer drains the append queue: the coverage statement becomes a log leaf.
    expect(await createSequencerHandler(() => t.deps)()).toMatchObject({ appended: 1, refused: 0 });
    const ledger = new DynamoLedger({ client: doc, tableName: t.table, origin: ORIGIN });
    const coverage = await latestCoverage(ledger, new S3BlobStore({ s3, bucket: t.bucket }));
    expect(coverage).toMatchObject({
      kind: 'coverage',
      runId: `schedule:${COLLECTOR}:${plannedAt.toISOString()}`,
      plannedAt: plannedAt.toISOString(),
      units: [
        { collector: COLLECTOR, scope: DONE, status: 'completed', outcome: 'stored', evidence },
        { collector: COLLECTOR, scope: LOST, status: 'missing' },
      ],
    });

    const subjects = (await drain(sqs, topic.queueUrl)).map(
      (b) => (JSON.parse(b) as { Subject: string }).Subject,
    );
    expect(subjects).toEqual([`[Flux] EVIDENCE_GAP ${COLLECTOR} ${LOST}: 36h TTL`]);

    // The next hourly check finds the run closed: nothing stored, queued or announced again.
    expect(await gap({})).toMatchObject({ coverageClosed: 0, coverageMissing: 0 });
    expect(await createSequencerHandler(() => t.deps)()).not.toHaveProperty('appended');
    expect(await drain(sqs, topic.queueUrl)).toEqual([]);
  });
});
