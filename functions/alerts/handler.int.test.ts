import { afterAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsTestConfig, motoEndpoint } from '../../test/harness/aws.js';
import { busWithQueue, drain, topicWithQueue, webhookReceiver } from '../../shared/alerts/test-fixtures.js';
import { DynamoContentIndex } from '../../shared/kernel/content-index.js';
import { createLedgerTable } from '../../shared/ledger/dynamo-schema.js';
import { IndexedEvidenceLoader } from '../../shared/mapping/evidence-loader.js';
import { AlertsEnvSchema, buildPublishDeps, parseEnv } from '../../shared/alerts/env.js';
import { createAlertsHandler } from './handler.js';
import { buildGapDeps, GapEnvSchema } from '../evidence-gap/config.js';
import { createGapHandler } from '../evidence-gap/handler.js';

const cfg = awsTestConfig();
const sqs = new SQSClient(cfg);
const ddb = new DynamoDBClient(cfg);
const WEBHOOK_PATH = '/hooks/secret-path-0123456789';
let hook: Awaited<ReturnType<typeof webhookReceiver>>;
afterAll(() => hook?.close());

const transition = {
  controlId: 'IAM-04',
  from: 'PASS',
  to: 'FAIL',
  kind: 'drift',
  at: '2026-03-01T01:00:00.000Z',
  failing: [{ resource: 'account=123456789012,region=global/account-password-policy', reason: 'len=8' }],
  reason: 'minimum password length is 8, below 14',
};

describe('alerts and evidence-gap handlers (moto)', () => {
  it('publish from an EventBridge-wrapped mapper result once, with the webhook URL from Secrets Manager', async () => {
    await createLedgerTable(ddb, 'ledger');
    const topic = await topicWithQueue(new SNSClient(cfg), sqs, 'alerts');
    const bus = await busWithQueue(new EventBridgeClient(cfg), sqs, 'flux');
    hook = await webhookReceiver(WEBHOOK_PATH);
    await new SecretsManagerClient(cfg).send(
      new CreateSecretCommand({ Name: 'flux/webhook', SecretString: JSON.stringify({ url: hook.url }) }),
    );
    const env = parseEnv(AlertsEnvSchema, {
      TABLE_NAME: 'ledger',
      ALERT_TOPIC_ARN: topic.topicArn,
      EVENT_BUS_NAME: bus.busName,
      WEBHOOK_SECRET_ID: 'flux/webhook',
      EVIDENCE_LINK_BASE: 'https://evidence.example.com',
      FRAMEWORKS: 'iso27001-2022,soc2-2017',
      AWS_REGION: cfg.region,
      AWS_ENDPOINT_URL: motoEndpoint(),
    });
    const deps = buildPublishDeps(env);
    const metrics = new Metrics({ namespace: 'Test', serviceName: 'alerts' });
    const handler = createAlertsHandler(() => deps, metrics);
    const event = {
      'detail-type': 'Lambda Function Invocation Result - Success',
      detail: { responsePayload: { transitions: [transition] } },
    };

    const first = await handler(event);
    const retry = await handler({ transitions: [transition] });
    expect(first.outcomes.map((o) => [o.status, o.channels])).toEqual([
      ['sent', ['sns', 'events', 'webhook']],
    ]);
    expect(retry.outcomes.map((o) => o.status)).toEqual(['duplicate']);
    expect(JSON.stringify(metrics.serializeMetrics())).toMatch(/"AlertsSent":\[1,0\]|"AlertsSent":1/);
    const sns = await drain(sqs, topic.queueUrl);
    const events = (await drain(sqs, bus.queueUrl)).map(
      (b) => JSON.parse(b) as { detail: { frameworks: { framework: string }[] } },
    );
    expect([sns.length, events.length, hook.bodies.length]).toEqual([1, 1, 1]);
    expect(events[0]!.detail.frameworks.map((f) => f.framework)).toEqual(['iso27001-2022', 'soc2-2017']);
    await expect(handler({ transitions: [{ ...transition, to: 'BROKEN' }] })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });

    // The evidence-gap handler on the same table: a stale pointer opens one gap.
    const doc = DynamoDBDocumentClient.from(ddb);
    const gapDeps = buildGapDeps(
      parseEnv(GapEnvSchema, { ...stringEnv(env), ENABLED_COLLECTORS: 'aws-iam-password-policy' }),
    );
    const index = new DynamoContentIndex(doc, 'ledger');
    await new IndexedEvidenceLoader({
      doc,
      tableName: 'ledger',
      index,
      store: { get: () => Promise.reject(new Error('unused')) },
    }).remember('aws-iam-password-policy', 'account=1,region=global');
    await index.put('aws-iam-password-policy', 'account=1,region=global', {
      sha256: 'e'.repeat(64),
      key: 'evidence/k.json',
      contentHash: 'f'.repeat(64),
      observedAt: '2020-01-01T00:00:00.000Z',
      confirmedAt: '2020-01-01T00:00:00.000Z',
    });
    const gapHandler = createGapHandler(
      () => gapDeps,
      new Metrics({ namespace: 'Test', serviceName: 'gaps' }),
    );
    expect(await gapHandler({ source: 'aws.scheduler' })).toEqual({ checked: 1, open: 1, announced: 1 });
    expect(await gapHandler({})).toEqual({ checked: 1, open: 1, announced: 0 });
    expect((await drain(sqs, topic.queueUrl)).length).toBe(1);
  });
});

function stringEnv(env: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  );
}
