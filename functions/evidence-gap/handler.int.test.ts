import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { awsTestConfig, motoEndpoint } from '../../test/harness/aws.js';
import { busWithQueue, drain, topicWithQueue } from '../../shared/alerts/test-fixtures.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { createLedgerTable } from '../../shared/ledger/dynamo-schema.js';
import { addDocument, approveEvidence, type ManualDeps } from '../../shared/manual/add.js';
import { S3BlobStore } from '../../shared/manual/blob-store.js';
import { ensureEvidenceBucket } from '../../shared/store/evidence-bucket.js';
import { parseEnv } from '../../shared/alerts/env.js';
import { buildGapDeps, GapEnvSchema } from './config.js';
import { createGapHandler } from './handler.js';

const cfg = awsTestConfig();
const DAY_MS = 86_400_000;

describe('evidence-gap handler with manual evidence dates (moto)', () => {
  it('announces an approved document entering its last 30 days once, beside the gap check', async () => {
    const ddb = new DynamoDBClient(cfg);
    const sqs = new SQSClient(cfg);
    const s3 = new S3Client({ ...cfg, forcePathStyle: true });
    const table = 'gap-manual';
    const bucket = 'gap-manual-evidence';
    await createLedgerTable(ddb, table);
    await ensureEvidenceBucket(s3, bucket, { objectLock: false });
    const topic = await topicWithQueue(new SNSClient(cfg), sqs, 'gap-manual');
    const bus = await busWithQueue(new EventBridgeClient(cfg), sqs, 'gap-manual-bus');
    // The handler's clock is the real one: the document is added now and valid for ten more days.
    const now = new Date();
    const deps: ManualDeps = {
      ledger: new DynamoLedger({
        client: DynamoDBDocumentClient.from(ddb),
        tableName: table,
        origin: 'flux-evidence/gap-manual',
      }),
      blobs: new S3BlobStore({ s3, bucket }),
      frameworks: loadFrameworks(),
      controls: loadControls(),
      clock: () => now,
    };
    const added = await addDocument(deps, {
      requirements: [],
      controls: ['RSK-01'],
      title: 'Risk assessment',
      owner: 'Alice',
      validUntil: new Date(now.getTime() + 10 * DAY_MS).toISOString().slice(0, 10),
      fileName: 'risk.pdf',
      bytes: Buffer.from('%PDF-1.7 risk'),
    });
    await approveEvidence(deps, { id: added.id, by: 'Bob' });

    const env = parseEnv(GapEnvSchema, {
      TABLE_NAME: table,
      ALERT_TOPIC_ARN: topic.topicArn,
      EVENT_BUS_NAME: bus.busName,
      ENABLED_COLLECTORS: 'aws-iam-password-policy',
      EVIDENCE_BUCKET: bucket,
      LEDGER_ORIGIN: 'flux-evidence/gap-manual',
      AWS_REGION: cfg.region,
      AWS_ENDPOINT_URL: motoEndpoint(),
    });
    const handler = createGapHandler(
      () => buildGapDeps(env),
      new Metrics({ namespace: 'Test', serviceName: 'gaps' }),
    );
    expect(await handler({})).toMatchObject({ manualAnnounced: 1 });
    expect(await handler({})).toMatchObject({ manualAnnounced: 0 });
    const sent = (await drain(sqs, topic.queueUrl)).map((b) => JSON.parse(b) as { Subject: string });
    expect(sent.map((m) => m.Subject)).toEqual([
      expect.stringMatching(/^\[Flux\] EVIDENCE_EXPIRING Risk assessment \(until \d{4}-\d{2}-\d{2}\)$/),
    ]);
  });
});
