import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { busWithQueue, drain, topicWithQueue } from '../../shared/alerts/test-fixtures.js';
import { createLedgerTable } from '../../shared/ledger/dynamo-schema.js';
import { ensureEvidenceBucket } from '../../shared/store/evidence-bucket.js';
import { awsTestConfig, motoEndpoint } from '../../test/harness/aws.js';
import { buildSequencer } from './deps.js';

const cfg = awsTestConfig();
export const ORIGIN = 'acme-analytics/evidence';
const sha = (i: number) => i.toString(16).padStart(64, '0');

let n = 0;
/** A sequencer on moto: ledger table, locked bucket, KMS key, and the alerts topic and bus drained into queues. */
export async function sequencerOnMoto() {
  n += 1;
  const kms = new KMSClient(cfg);
  const key = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
  const s3 = new S3Client(cfg);
  const sqs = new SQSClient(cfg);
  await ensureEvidenceBucket(s3, `seq-evidence-${n}`, { objectLock: { days: 1 } });
  await createLedgerTable(new DynamoDBClient(cfg), `seq-ledger-${n}`);
  const topic = await topicWithQueue(new SNSClient(cfg), sqs, `seq-alerts-${n}`);
  const bus = await busWithQueue(new EventBridgeClient(cfg), sqs, `seq-bus-${n}`);
  const appends = await sqs.send(
    new CreateQueueCommand({ QueueName: `seq-appends-${n}.fifo`, Attributes: { FifoQueue: 'true' } }),
  );
  const deps = buildSequencer({
    TABLE_NAME: `seq-ledger-${n}`,
    EVIDENCE_BUCKET: `seq-evidence-${n}`,
    SIGNING_KEY_ARN: key.KeyMetadata!.Arn!,
    LEDGER_ORIGIN: ORIGIN,
    RETENTION_MODE: 'COMPLIANCE',
    RETENTION_DAYS: '1',
    ALERT_TOPIC_ARN: topic.topicArn,
    EVENT_BUS_NAME: bus.busName,
    APPEND_QUEUE_URL: appends.QueueUrl!,
    AWS_REGION: cfg.region,
    AWS_ENDPOINT_URL: motoEndpoint(),
  });
  const append = async (from: number, to: number) => {
    for (let i = from; i <= to; i += 1) {
      await deps.ledger.append({
        sha256: sha(i),
        key: `evidence/aws-kms-keys/2026/03/01/x_${sha(i)}.json`,
        collector: 'aws-kms-keys',
        scope: 'account=123456789012,region=us-east-1',
        observedAt: '2026-03-01T00:00:00.000Z',
        collectedAt: '2026-03-01T00:00:00.000Z',
      });
    }
  };
  const alerts = async () => ({
    sns: (await drain(sqs, topic.queueUrl)).map((b) => JSON.parse(b) as { Subject: string; Message: string }),
    events: (await drain(sqs, bus.queueUrl)).map(
      (b) => JSON.parse(b) as { 'detail-type': string; detail: Record<string, unknown> },
    ),
  });
  return {
    kms,
    key,
    s3,
    sqs,
    deps,
    append,
    alerts,
    table: `seq-ledger-${n}`,
    bucket: `seq-evidence-${n}`,
    queueUrl: appends.QueueUrl!,
  };
}
