import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSRecord } from 'aws-lambda';
import { collector as passwordPolicy } from '../../shared/collectors/aws-iam-password-policy/collector.js';
import { createLedgerTable } from '../../shared/ledger/dynamo-schema.js';
import { ensureEvidenceBucket } from '../../shared/store/evidence-bucket.js';
import { captureOutput } from '../../test/fixtures/idp/capture.js';
import { awsTestConfig, motoEndpoint } from '../../test/harness/aws.js';
import { createMetrics } from '../observability.js';
import { emfDocuments, logLines, metricValues } from '../observability-testing.js';
import { createCollectorHandler } from './handler.js';
import { createAppendQueue } from './test-platform.js';
import { awsSource } from './sources/aws.js';
import type { SourceBuilder } from './sources/types.js';

const cfg = awsTestConfig();
const ID = 'aws-iam-password-policy';
const PLANTED_PAT = 'ghp_' + 'Xy7'.repeat(12);
const PLANTED_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmbHV4LXRlc3QifQ.c2lnbmF0dXJlLXBsYW50ZWQ';
const context = { functionName: 'flux-collector', awsRequestId: 'lambda-req-1' } as Context;

async function platform(name: string) {
  await ensureEvidenceBucket(new S3Client(cfg), `${name}-evidence`, { objectLock: { days: 1 } });
  await createLedgerTable(new DynamoDBClient(cfg), `${name}-ledger`);
  await new EventBridgeClient(cfg).send(new CreateEventBusCommand({ Name: `${name}-bus` }));
  return {
    COLLECTOR_ID: ID,
    TABLE_NAME: `${name}-ledger`,
    EVIDENCE_BUCKET: `${name}-evidence`,
    EVENT_BUS_NAME: `${name}-bus`,
    APPEND_QUEUE_URL: await createAppendQueue(name),
    FLUX_CONFIG: JSON.stringify({
      origin: 'test/collector-telemetry',
      retention: { mode: 'COMPLIANCE', days: 1 },
      aws: { accounts: { mode: 'current' }, regions: ['us-east-1'] },
    }),
    AWS_REGION: cfg.region,
    AWS_ENDPOINT_URL: motoEndpoint(),
  };
}

const record = (messageId: string, collector = ID): SQSRecord =>
  ({
    messageId,
    body: JSON.stringify({
      collector,
      scope: { account: '123456789012', region: 'global' },
      requestedAt: `2026-03-01T00:00:0${messageId.slice(-1)}.000Z`,
    }),
  }) as SQSRecord;

async function run(handler: ReturnType<typeof createCollectorHandler>, records: SQSRecord[]) {
  const out = captureOutput();
  try {
    const result = await handler({ Records: records }, context);
    return { result, text: out.text() };
  } finally {
    out.restore();
  }
}

describe('collector handler observability (moto)', () => {
  it('counts runs, stored and unchanged artifacts and errors as EMF, and logs each unit under its messageId', async () => {
    const env = await platform('telemetry');
    await new IAMClient(cfg).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14 }));
    const handler = createCollectorHandler(
      passwordPolicy,
      awsSource,
      env,
      createMetrics('flux-collector', { collector: ID }),
    );

    // First unit stores an artifact, the second finds the same content, the third is for another collector.
    const { result, text } = await run(handler, [
      record('msg-1'),
      record('msg-2'),
      record('msg-3', 'aws-kms-keys'),
    ]);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'msg-3' }]);
    const emf = emfDocuments(text);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({
      service: 'flux-collector',
      collector: ID,
      CollectionsRun: 3,
      ArtifactsStored: 1,
      ArtifactsUnchanged: 1,
      CollectionErrors: 1,
    });
    expect(emf[0]!._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'FluxEvidence',
      Dimensions: [['service', 'collector']],
    });
    expect(emf[0]!._aws.CloudWatchMetrics[0]!.Metrics.map((m) => m.Name).sort()).toEqual([
      'ArtifactsStored',
      'ArtifactsUnchanged',
      'CollectionErrors',
      'CollectionsRun',
    ]);
    const logs = logLines(text);
    expect(logs.map((l) => [l.message, l.correlation_id, l.outcome])).toEqual([
      ['collection unit done', 'msg-1', 'stored'],
      ['collection unit done', 'msg-2', 'unchanged'],
      ['collection unit failed', 'msg-3', undefined],
    ]);
    expect(logs[0]).toMatchObject({ level: 'INFO', collector: ID, function_request_id: 'lambda-req-1' });
  });

  it('logs a failing source without the credentials its error carries, and counts it', async () => {
    const env = await platform('leaky');
    // The source works once (which also resolves the function's own account), then fails with credentials in
    // its error message, as a misbehaving token exchange might.
    let calls = 0;
    const leaky: SourceBuilder = async (ctx) => {
      calls += 1;
      if (calls === 1) return awsSource(ctx);
      throw new Error(
        `token exchange failed: Authorization: Bearer ${PLANTED_JWT} (fallback ${PLANTED_PAT})`,
      );
    };
    const handler = createCollectorHandler(passwordPolicy, leaky, env, createMetrics('flux-collector'));

    const { result, text } = await run(handler, [record('msg-8'), record('msg-9')]);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'msg-9' }]);
    expect(metricValues(emfDocuments(text))).toMatchObject({
      CollectionsRun: 2,
      CollectionErrors: 1,
      ArtifactsStored: 1,
    });
    const line = logLines(text).find((l) => l.level === 'ERROR');
    expect(line).toMatchObject({
      level: 'ERROR',
      message: 'collection unit failed',
      correlation_id: 'msg-9',
    });
    expect(JSON.stringify(line)).toContain('[REDACTED]');
    expect(text).not.toContain(PLANTED_PAT);
    expect(text).not.toContain(PLANTED_JWT);
  });
});
