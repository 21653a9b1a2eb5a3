import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { awsTestConfig } from '../../test/harness/aws.js';
import { createControlCatalog } from '../alerts/catalog.js';
import { publishTransition, type PublishDeps } from '../alerts/publish.js';
import { busWithQueue, drain, topicWithQueue } from '../alerts/test-fixtures.js';
import { verifyLog } from '../ledger/audit.js';
import { DynamoLedger } from '../ledger/dynamo-ledger.js';
import { createLedgerTable } from '../ledger/dynamo-schema.js';
import { LocalSigner } from '../ledger/signer.js';
import { ensureEvidenceBucket } from '../store/evidence-bucket.js';
import { addDocument, approveEvidence, type ManualDeps } from './add.js';
import { S3BlobStore } from './blob-store.js';
import { checkManualExpiry } from './expiry.js';

const cfg = awsTestConfig();
const ddb = new DynamoDBClient(cfg);
const doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
const s3 = new S3Client({ ...cfg, forcePathStyle: true });
const sns = new SNSClient(cfg);
const sqs = new SQSClient(cfg);
const events = new EventBridgeClient(cfg);

describe('manual evidence on the deployment backend (moto)', () => {
  it('stores create-only in S3 with Object Lock, logs in DynamoDB, and alerts expiring then expired once each', async () => {
    const table = 'manual-expiry';
    const bucket = 'manual-expiry-evidence';
    await createLedgerTable(ddb, table);
    await ensureEvidenceBucket(s3, bucket, {
      objectLock: { mode: 'COMPLIANCE', days: 1 },
    });
    let clock = new Date('2026-03-01T09:00:00.000Z');
    const ledger = new DynamoLedger({ client: doc, tableName: table, origin: 'flux-evidence/manual-test' });
    const blobs = new S3BlobStore({
      s3,
      bucket,
      retention: { mode: 'COMPLIANCE', days: 1 },
      clock: () => clock,
    });
    const deps: ManualDeps = {
      ledger,
      blobs,
      frameworks: loadFrameworks(),
      controls: loadControls(),
      clock: () => clock,
    };
    const pdf = Buffer.from('%PDF-1.7 risk assessment');
    const added = await addDocument(deps, {
      requirements: ['soc2-2017:CC3.1'],
      controls: ['RSK-01'],
      title: 'Risk assessment',
      owner: 'Alice',
      validUntil: '2026-04-10',
      fileName: 'risk.pdf',
      bytes: pdf,
    });
    await approveEvidence(deps, { id: added.id, by: 'Bob' });

    const file = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: added.statement.key }));
    expect(Buffer.from(await file.Body!.transformToByteArray())).toEqual(pdf);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: added.key }));
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    expect(head.ContentType).toBe('application/json');
    await expect(
      blobs.put(added.statement.key, Buffer.from('other bytes'), 'application/pdf'),
    ).rejects.toThrow(/does not hash to the logged value/);
    const cp = await ledger.checkpoint(LocalSigner.generate(), clock);
    await expect(verifyLog(ledger, cp)).resolves.toMatchObject({ treeSize: 2 });

    const topic = await topicWithQueue(sns, sqs, 'manual-expiry');
    const bus = await busWithQueue(events, sqs, 'manual-expiry-bus');
    const publishDeps: PublishDeps = {
      claims: { doc, tableName: table },
      message: { catalog: createControlCatalog(loadControls(), loadFrameworks()) },
      sns: { client: sns, topicArn: topic.topicArn },
      events: { client: events, busName: bus.busName },
      now: () => clock,
    };
    const check = () =>
      checkManualExpiry({
        ledger,
        blobs,
        publish: (t) => publishTransition(publishDeps, t),
        now: () => clock,
      });
    const statuses = [];
    for (const at of ['2026-03-05', '2026-03-15', '2026-03-16', '2026-04-11', '2026-04-12']) {
      clock = new Date(`${at}T06:00:00.000Z`);
      statuses.push(...(await check()).map((o) => `${at} ${o.kind} ${o.status}`));
    }
    expect(statuses).toEqual([
      '2026-03-15 EVIDENCE_EXPIRING sent',
      '2026-03-16 EVIDENCE_EXPIRING duplicate',
      '2026-04-11 EVIDENCE_EXPIRED sent',
      '2026-04-12 EVIDENCE_EXPIRED duplicate',
    ]);
    const sent = (await drain(sqs, topic.queueUrl)).map(
      (b) => JSON.parse(b) as { Subject: string; Message: string },
    );
    expect(sent.map((m) => m.Subject)).toEqual([
      '[Flux] EVIDENCE_EXPIRING Risk assessment (until 2026-04-10)',
      '[Flux] EVIDENCE_EXPIRED Risk assessment (until 2026-04-10)',
    ]);
    expect(sent[1]!.Message).toMatch(/Owner: Alice/);
    expect(sent[1]!.Message).toMatch(/Requirements: soc2-2017:CC3\.1/);
    const detail = (await drain(sqs, bus.queueUrl)).map((b) => JSON.parse(b) as { 'detail-type': string });
    expect(detail.map((d) => d['detail-type'])).toEqual(['ManualEvidence', 'ManualEvidence']);
  });
});
