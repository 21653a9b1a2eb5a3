import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { drain } from '../../shared/alerts/test-fixtures.js';
import { collector as kmsKeys } from '../../shared/collectors/aws-kms-keys/collector.js';
import { collector as passwordPolicy } from '../../shared/collectors/aws-iam-password-policy/collector.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { createLedgerTable } from '../../shared/ledger/dynamo-schema.js';
import { ensureEvidenceBucket } from '../../shared/store/evidence-bucket.js';
import { S3EvidenceStore } from '../../shared/store/s3-store.js';
import { awsTestConfig, motoEndpoint } from '../../test/harness/aws.js';
import { EVIDENCE_EVENT_SOURCE } from './events.js';
import { createCollectorHandler } from './handler.js';
import { awsSource } from './sources/aws.js';

const cfg = awsTestConfig();
const ACCOUNT = '123456789012';
const ORIGIN = 'test/collector-handler';

/** The deployed plumbing on moto: Object Lock bucket, ledger table, a bus whose EvidenceStored events land in SQS. */
async function platform(name: string) {
  const s3 = new S3Client(cfg);
  const sqs = new SQSClient(cfg);
  const events = new EventBridgeClient(cfg);
  const ddb = new DynamoDBClient(cfg);
  await ensureEvidenceBucket(s3, `${name}-evidence`, { objectLock: { days: 1 } });
  await createLedgerTable(ddb, `${name}-ledger`);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-events` }));
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
  return { env, s3, ledger, store, readEvents: () => drain(sqs, QueueUrl!) };
}

let n = 0;
function record(unit: unknown): SQSRecord {
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
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const context = { functionName: 'collector', awsRequestId: 'req-1' } as Context;
const unit = (collector: string, region: string) => ({
  collector,
  scope: { account: ACCOUNT, region },
  requestedAt: '2026-03-01T00:00:00.000Z',
});

describe('collector handler (moto)', () => {
  it('collects a batch of two units into locked evidence, ledger entries and EvidenceStored events', async () => {
    const p = await platform('two-units');
    await new KMSClient(cfg).send(
      new CreateKeyCommand({
        Description: 'app data',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeySpec: 'SYMMETRIC_DEFAULT',
      }),
    );
    await new KMSClient({ ...cfg, region: 'eu-west-1' }).send(
      new CreateKeyCommand({
        Description: 'eu data',
        KeyUsage: 'ENCRYPT_DECRYPT',
        KeySpec: 'SYMMETRIC_DEFAULT',
      }),
    );
    const handler = createCollectorHandler(kmsKeys, awsSource, { ...p.env, COLLECTOR_ID: 'aws-kms-keys' });

    const out = await handler(
      batch(record(unit('aws-kms-keys', 'us-east-1')), record(unit('aws-kms-keys', 'eu-west-1'))),
      context,
    );

    expect(out).toEqual({ batchItemFailures: [] });
    expect((await p.ledger.head()).treeSize).toBe(2);
    const events = (await p.readEvents()).map(
      (b) => JSON.parse(b) as { source: string; 'detail-type': string; detail: Record<string, unknown> },
    );
    expect(events.map((e) => [e.source, e['detail-type']])).toEqual([
      [EVIDENCE_EVENT_SOURCE, 'EvidenceStored'],
      [EVIDENCE_EVENT_SOURCE, 'EvidenceStored'],
    ]);
    const regions = events.map((e) => (e.detail.scope as { region: string }).region).sort();
    expect(regions).toEqual(['eu-west-1', 'us-east-1']);
    for (const e of events) {
      const { sha256, key, ledgerIndex } = e.detail as { sha256: string; key: string; ledgerIndex: number };
      expect(await p.ledger.get(sha256)).toMatchObject({
        index: ledgerIndex,
        key,
        collector: 'aws-kms-keys',
      });
      // The stored bytes hash to the id the event names, and the object is locked in COMPLIANCE mode.
      const back = await p.store.get(key, sha256);
      expect(back.envelope.errors).toEqual([]);
      expect(back.envelope.data).toMatchObject({
        keys: [expect.objectContaining({ keyUsage: 'ENCRYPT_DECRYPT' })],
      });
      const head = await p.s3.send(new HeadObjectCommand({ Bucket: p.env.EVIDENCE_BUCKET, Key: key }));
      expect(head.ObjectLockMode).toBe('COMPLIANCE');
    }
  });

  it('reports a failing unit and every later one in batchItemFailures, keeping the earlier ones', async () => {
    const p = await platform('failing-unit');
    await new IAMClient(cfg).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14 }));
    const handler = createCollectorHandler(passwordPolicy, awsSource, {
      ...p.env,
      COLLECTOR_ID: 'aws-iam-password-policy',
    });
    const ok = record(unit('aws-iam-password-policy', 'global'));
    const wrongCollector = record(unit('aws-kms-keys', 'us-east-1'));
    const notJson = record('{not json');

    const out = await handler(batch(ok, wrongCollector, notJson), context);

    expect(out.batchItemFailures).toEqual([
      { itemIdentifier: wrongCollector.messageId },
      { itemIdentifier: notJson.messageId },
    ]);
    expect((await p.ledger.head()).treeSize).toBe(1);
    const events = (await p.readEvents()).map((b) => JSON.parse(b) as { detail: { collector: string } });
    expect(events.map((e) => e.detail.collector)).toEqual(['aws-iam-password-policy']);
  });

  it('refuses to start when COLLECTOR_ID names another collector than its entry', async () => {
    const p = await platform('wrong-id');
    const handler = createCollectorHandler(kmsKeys, awsSource, { ...p.env, COLLECTOR_ID: 'aws-s3-buckets' });
    await expect(handler(batch(record(unit('aws-kms-keys', 'us-east-1'))), context)).rejects.toMatchObject({
      name: 'ConfigError',
      message: expect.stringMatching(/COLLECTOR_ID/),
    });
  });
});
