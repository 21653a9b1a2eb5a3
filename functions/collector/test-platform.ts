// Test fixtures of the collector function: the deployed plumbing on moto and SQS events of collection units.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { drain } from '../../shared/alerts/test-fixtures.js';
import { SqsAppendQueue } from '../../shared/ledger/sqs-append-queue.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { createLedgerTable } from '../../shared/ledger/dynamo-schema.js';
import { ensureEvidenceBucket } from '../../shared/store/evidence-bucket.js';
import { readStoredObject } from '../../shared/store/s3-read.js';
import { S3EvidenceStore } from '../../shared/store/s3-store.js';
import { awsTestConfig, motoEndpoint } from '../../test/harness/aws.js';
import { drainAppends } from '../sequencer/drain.js';
import { EVIDENCE_EVENT_SOURCE } from './events.js';

const cfg = awsTestConfig();
/** moto's account. */
const ACCOUNT = '123456789012';
const ORIGIN = 'test/collector-handler';

/**
 * The deployed plumbing on moto: Object Lock bucket, ledger table, a bus whose EvidenceStored events land in
 * SQS. Returns the collector function's environment for it, the ledger and store, and a reader of the events.
 */
export async function platform(name: string) {
  const s3 = new S3Client(cfg);
  const sqs = new SQSClient(cfg);
  const events = new EventBridgeClient(cfg);
  const ddb = new DynamoDBClient(cfg);
  await ensureEvidenceBucket(s3, `${name}-evidence`, { objectLock: { days: 1 } });
  await createLedgerTable(ddb, `${name}-ledger`);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-events` }));
  const appendQueueUrl = await createAppendQueue(name);
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await events.send(new CreateEventBusCommand({ Name: `${name}-bus` }));
  await events.send(
    new PutRuleCommand({
      Name: 'evidence-stored',
      EventBusName: `${name}-bus`,
      EventPattern: JSON.stringify({ source: [EVIDENCE_EVENT_SOURCE], 'detail-type': ['EvidenceStored'] }),
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: 'evidence-stored',
      EventBusName: `${name}-bus`,
      Targets: [{ Id: 'q', Arn: Attributes!.QueueArn! }],
    }),
  );
  const env = {
    COLLECTOR_ID: '',
    TABLE_NAME: `${name}-ledger`,
    EVIDENCE_BUCKET: `${name}-evidence`,
    EVENT_BUS_NAME: `${name}-bus`,
    APPEND_QUEUE_URL: appendQueueUrl,
    FLUX_CONFIG: JSON.stringify({
      origin: ORIGIN,
      retention: { mode: 'COMPLIANCE', days: 1 },
      aws: { accounts: { mode: 'current' }, regions: ['us-east-1', 'eu-west-1'] },
    }),
    AWS_REGION: cfg.region,
    AWS_ENDPOINT_URL: motoEndpoint(),
  };
  const ledger = new DynamoLedger({
    client: DynamoDBDocumentClient.from(ddb),
    tableName: `${name}-ledger`,
    origin: ORIGIN,
  });
  const store = new S3EvidenceStore({ s3, bucket: `${name}-evidence` });
  const sequence = sequencerStep(appendQueueUrl, `${name}-evidence`, ledger);
  return { env, s3, ledger, store, sequence, readEvents: () => drain(sqs, QueueUrl!) };
}

/** The FIFO queue of append requests a collector function sends to (its APPEND_QUEUE_URL). */
export async function createAppendQueue(name: string): Promise<string> {
  const out = await new SQSClient(cfg).send(
    new CreateQueueCommand({ QueueName: `${name}-appends.fifo`, Attributes: { FifoQueue: 'true' } }),
  );
  return out.QueueUrl!;
}

/** The sequencer's append step over the queued requests (collectors never append themselves); refusals throw. */
export function sequencerStep(queueUrl: string, bucket: string, ledger: DynamoLedger) {
  const s3 = new S3Client(cfg);
  return () =>
    drainAppends({
      source: new SqsAppendQueue(new SQSClient(cfg), queueUrl),
      ledger,
      readObject: (key) => readStoredObject(s3, bucket, key, 1 << 22),
      refuse: (refused) => Promise.reject(new Error(`refused: ${JSON.stringify(refused)}`)),
    });
}

let n = 0;
/** An SQS record carrying a collection unit (or a raw body), grouped by account as the FIFO queue does. */
export function record(unit: unknown): SQSRecord {
  const id = `msg-${++n}`;
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: typeof unit === 'string' ? unit : JSON.stringify(unit),
    attributes: { MessageGroupId: ACCOUNT } as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:units.fifo',
    awsRegion: 'us-east-1',
  };
}
/** An SQS event of these records. */
export const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
/** A Lambda context with the fields the handler reads. */
export const context = { functionName: 'collector', awsRequestId: 'req-1' } as Context;
/** A collection unit as the fan-out function enqueues it. */
export const unit = (collector: string, region: string) => ({
  collector,
  scope: { account: ACCOUNT, region },
  requestedAt: '2026-03-01T00:00:00.000Z',
});
