import { describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateEventBusCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import type { ZodType } from 'zod';
import { collector as reconciliation } from '../../shared/collectors/access-reconciliation/collector.js';
import type { AccessReconciliationData } from '../../shared/collectors/access-reconciliation/schema.js';
import { meta as credentialReportMeta } from '../../shared/collectors/aws-iam-credential-report/meta.js';
import { schema as credentialReportSchema } from '../../shared/collectors/aws-iam-credential-report/schema.js';
import { DynamoContentIndex } from '../../shared/kernel/content-index.js';
import { meta as oktaMeta } from '../../shared/collectors/okta-users/meta.js';
import { schema as oktaSchema } from '../../shared/collectors/okta-users/schema.js';
import { runCollector, scopeKey, type RunResult } from '../../shared/kernel/runner.js';
import { collector as snapshotAccessLog } from '../../shared/collectors/snapshot-access-log/collector.js';
import { defineCollector, type CollectorMeta } from '../../shared/kernel/types.js';
import type { Scope } from '../../shared/evidence/envelope.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { createLedgerTable } from '../../shared/ledger/dynamo-schema.js';
import { IndexedEvidenceLoader } from '../../shared/mapping/evidence-loader.js';
import { ACME_LINKS, acmeOkta, iamUser } from '../../shared/reconcile/test-fixtures.js';
import { ensureEvidenceBucket } from '../../shared/store/evidence-bucket.js';
import { S3EvidenceStore } from '../../shared/store/s3-store.js';
import { LEAVER_DEPROVISIONED_AT, LEAVER_EMAIL } from '../../shared/demo/idp/acme.js';
import { awsTestConfig, motoEndpoint } from '../../test/harness/aws.js';
import { createCollectorHandler } from './handler.js';
import { createAppendQueue, sequencerStep } from './test-platform.js';
import { derivedSource } from './sources/derived.js';

const cfg = awsTestConfig();
const ORIGIN = 'test/derived-collector';
const OKTA_SCOPE: Scope = { tenant: 'acme.okta.com' };
const IAM_SCOPE: Scope = { account: '111111111111', region: 'global' };
const SNAPSHOT_SCOPE: Scope = { account: '123456789012', region: 'global' };

/** The deployed plumbing on moto (Object Lock bucket, ledger table, bus) and the function's environment. */
async function platform(name: string) {
  const s3 = new S3Client(cfg);
  const ddb = new DynamoDBClient(cfg);
  const doc = DynamoDBDocumentClient.from(ddb);
  await ensureEvidenceBucket(s3, `${name}-evidence`, { objectLock: { days: 1 } });
  await createLedgerTable(ddb, `${name}-ledger`);
  await new EventBridgeClient(cfg).send(new CreateEventBusCommand({ Name: `${name}-bus` }));
  const tableName = `${name}-ledger`;
  const store = new S3EvidenceStore({ s3, bucket: `${name}-evidence` });
  const ledger = new DynamoLedger({ client: doc, tableName, origin: ORIGIN });
  const index = new DynamoContentIndex(doc, tableName);
  const appendQueueUrl = await createAppendQueue(name);
  const sequence = sequencerStep(appendQueueUrl, `${name}-evidence`, ledger);
  const loader = new IndexedEvidenceLoader({ doc, tableName, index, store });
  const env = (collector: string) => ({
    COLLECTOR_ID: collector,
    TABLE_NAME: tableName,
    EVIDENCE_BUCKET: `${name}-evidence`,
    EVENT_BUS_NAME: `${name}-bus`,
    APPEND_QUEUE_URL: appendQueueUrl,
    FLUX_CONFIG: JSON.stringify({
      origin: ORIGIN,
      retention: { mode: 'COMPLIANCE', days: 1 },
      identityProviders: { okta: { baseUrl: 'https://acme.okta.com', tokenSecret: 'flux/okta-token' } },
      accessReconciliation: { deprovisioningSlaHours: 24, identityLinks: ACME_LINKS },
    }),
    AWS_REGION: cfg.region,
    AWS_ENDPOINT_URL: motoEndpoint(),
  });
  /** Stores an identity artifact through the real runner, and records its scope as the mapper does. */
  async function storeIdentity<T>(meta: CollectorMeta, schema: ZodType<T>, scope: Scope, data: T) {
    const c = defineCollector<T>({
      meta,
      schema,
      collect: async () => ({ data, observedAt: '2026-03-01T00:00:00.000Z' }),
    });
    const r = await runCollector(c, scope, {
      store,
      ledger,
      index,
      connection: { endpoint: cfg.endpoint, credentials: cfg.credentials, forcePathStyle: true },
      now: () => new Date('2026-03-01T00:05:00Z'),
    });
    await loader.remember(meta.id, scopeKey(scope));
    return r;
  }
  /** The envelope the content index names as a (collector, scope)'s latest, read back hash-checked. */
  async function latest(collector: string, scope: Scope) {
    const pointer = await index.latest(collector, scopeKey(scope));
    if (!pointer) throw new Error(`no ${collector} artifact for ${scopeKey(scope)}`);
    return (await store.get(pointer.key, pointer.sha256)).envelope;
  }
  return { env, ledger, sequence, storeIdentity, latest };
}

let n = 0;
function record(collector: string, scope: Scope): SQSRecord {
  const id = `msg-${++n}`;
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: JSON.stringify({ collector, scope, requestedAt: '2026-03-02T00:00:00.000Z' }),
    attributes: { MessageGroupId: 'all' } as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:units.fifo',
    awsRegion: 'us-east-1',
  };
}
const context = { functionName: 'collector', awsRequestId: 'req-1' } as Context;

describe('derived collector functions (moto)', () => {
  it('reconciles the latest stored identity evidence: the leaver with her latency, inputs cited by sha256', async () => {
    const p = await platform('reconcile');
    const okta = await p.storeIdentity(oktaMeta, oktaSchema, OKTA_SCOPE, acmeOkta());
    const iam = await p.storeIdentity(credentialReportMeta, credentialReportSchema, IAM_SCOPE, {
      generatedAt: '2026-03-01T00:00:00Z',
      root: null,
      users: [
        iamUser('alice.admin'),
        iamUser('erin.leaver'),
        iamUser('ci-bot', { console: false, keys: true }),
      ],
    });
    expect([...okta.envelope.errors, ...iam.envelope.errors]).toEqual([]);
    const before = (await p.ledger.head()).treeSize;
    const handler = createCollectorHandler(reconciliation, derivedSource, p.env('access-reconciliation'));

    const out = await handler({ Records: [record('access-reconciliation', { tenant: 'all' })] }, context);

    expect(out).toEqual({ batchItemFailures: [] });
    await p.sequence();
    expect((await p.ledger.head()).treeSize).toBe(before + 1);
    const envelope = await p.latest('access-reconciliation', { tenant: 'all' });
    expect(envelope.errors).toEqual([]);
    const data = envelope.data as AccessReconciliationData;
    const cited = (r: RunResult) => ({ collector: r.envelope.collector, sha256: r.sha256 });
    expect(
      data.inputs
        .map((i) => ({ collector: i.collector, sha256: i.sha256 }))
        .sort((a, b) => a.collector.localeCompare(b.collector)),
    ).toEqual([cited(iam), cited(okta)]);
    const provenance = JSON.stringify(envelope.provenance);
    expect(provenance).toContain(okta.sha256);
    expect(provenance).toContain(iam.sha256);
    expect(data.leavers).toHaveLength(1);
    const leaver = data.leavers[0]!;
    expect(leaver).toMatchObject({
      email: LEAVER_EMAIL,
      deprovisionedAt: LEAVER_DEPROVISIONED_AT,
      open: true,
      breachesSla: true,
    });
    expect(leaver.stillActive.map((a) => a.resource)).toEqual(['arn:aws:iam::111111111111:user/erin.leaver']);
    const expectedHours = (Date.parse(data.asOf) - Date.parse(LEAVER_DEPROVISIONED_AT)) / 3_600_000;
    // Latencies are stored to the hundredth of an hour.
    expect(leaver.latencyHours).toBeCloseTo(expectedHours, 1);
    expect(leaver.latencyHours).toBeGreaterThan(24);
    expect(data.orphans.map((o) => o.resource)).toContain('arn:aws:iam::111111111111:user/ci-bot');
  });

  it('records NoIdentityProvider when no identity evidence is stored yet, so the control stays UNKNOWN', async () => {
    const p = await platform('no-inputs');
    const handler = createCollectorHandler(reconciliation, derivedSource, p.env('access-reconciliation'));

    const out = await handler({ Records: [record('access-reconciliation', { tenant: 'all' })] }, context);

    expect(out).toEqual({ batchItemFailures: [] });
    await p.sequence();
    expect((await p.ledger.head()).treeSize).toBe(1);
    const envelope = await p.latest('access-reconciliation', { tenant: 'all' });
    expect(envelope.errors.map((e) => e.code)).toContain('NoIdentityProvider');
  });

  it('runs snapshot-access-log with the same builder: an empty record without extras', async () => {
    const p = await platform('snapshot-log');
    const handler = createCollectorHandler(snapshotAccessLog, derivedSource, p.env('snapshot-access-log'));

    const out = await handler({ Records: [record('snapshot-access-log', SNAPSHOT_SCOPE)] }, context);

    expect(out).toEqual({ batchItemFailures: [] });
    const envelope = await p.latest('snapshot-access-log', SNAPSHOT_SCOPE);
    expect(envelope.collector).toBe('snapshot-access-log');
    expect(envelope.errors).toEqual([]);
    expect(envelope.data).toEqual({ issuances: [], downloads: [], accessLogs: null });
  });
});
