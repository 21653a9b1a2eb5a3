import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { buildJobsHandler, routeHandler } from '../../functions/snapshot-api/handler.js';
import { sqsBuildQueue, type SnapshotApiDeps } from '../../shared/access/snapshot-jobs.js';
import { accessReport } from '../../shared/access/access-report.js';
import { collector as accessLogCollector } from '../../shared/collectors/snapshot-access-log/collector.js';
import { accessLogExtras } from '../../shared/collectors/snapshot-access-log/extras.js';
import { ACCESS_LOG_PREFIX } from '../../shared/collectors/snapshot-access-log/meta.js';
import { runCollector } from '../../shared/kernel/runner.js';
import { BUCKET, buildAccessWorld } from '../../shared/access/testing/world.js';
import { keyFingerprint } from '../../shared/ledger/fingerprint.js';
import { awsTestConfig } from '../harness/aws.js';
import { signedFetch, startApiGateway, type KnownCaller } from '../harness/api-gateway.js';
import { runCli } from './cli-harness.js';

// The callers' own access keys: the adapter maps each to the IAM identity API Gateway would pass on.
const AUDITOR: KnownCaller = {
  accessKeyId: 'ASIAAUDITORJANE00001',
  secretAccessKey: 'auditor-secret-key-for-tests-only',
  userArn: 'arn:aws:sts::123456789012:assumed-role/acme-auditor/jane@audit.example',
};
const ISO_AUDITOR: KnownCaller = {
  accessKeyId: 'ASIAISOAUDITOR000001',
  secretAccessKey: 'iso-secret-key-for-tests-only',
  userArn: 'arn:aws:sts::123456789012:assumed-role/iso-auditor/sam',
};
const LAST_YEAR: KnownCaller = {
  accessKeyId: 'ASIALASTYEAR00000001',
  secretAccessKey: 'last-year-secret-key-for-tests-only',
  userArn: 'arn:aws:sts::123456789012:assumed-role/last-year/kim',
};
// The operator: a role of the platform account listed in the configuration's `operators`.
const OPERATOR: KnownCaller = {
  accessKeyId: 'ASIAOPERATORLEE00001',
  secretAccessKey: 'operator-secret-key-for-tests-only',
  userArn: 'arn:aws:sts::123456789012:assumed-role/flux-operator/lee',
};
// A principal of the same account that is neither an operator nor an auditor.
const STRANGER: KnownCaller = {
  accessKeyId: 'ASIASTRANGER00000001',
  secretAccessKey: 'stranger-secret-key-for-tests-only',
  userArn: 'arn:aws:sts::123456789012:assumed-role/developer/pat',
};
const ENGAGEMENT = 'acme-soc2-2026';
// One control keeps the manifest under KMS's 4 KB RAW limit: larger manifests are signed as a DIGEST, which moto
// hashes again (an emulator gap; that path is exercised on AWS only).
const create = {
  engagement: ENGAGEMENT,
  framework: 'soc2-2017',
  window: { start: '2026-01-01', end: '2026-01-03' },
  controls: ['IAM-11'],
};

let deps: SnapshotApiDeps;
let sqs: SQSClient;
let buildsUrl: string;
let s3: S3Client;
let api: Awaited<ReturnType<typeof startApiGateway>>;
let dir: string;
let snapshotId: string;
let issuedUrl: string;
let snapshotBytes: number;
type Case = [
  string,
  KnownCaller,
  'GET' | 'POST',
  string | (() => string),
  () => unknown,
  number,
  string | undefined,
];
const allKeys = async () =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!).sort();
const call = (caller: KnownCaller, method: 'GET' | 'POST', path: string, body?: unknown) =>
  signedFetch(api.endpoint, caller, method, path, body);

beforeAll(async () => {
  const world = await buildAccessWorld(awsTestConfig());
  // As deployed: the API queues builds on SQS and the same function builds from the queue.
  sqs = new SQSClient(awsTestConfig());
  buildsUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'flux-snapshot-builds' }))).QueueUrl!;
  deps = {
    ...world.deps,
    operators: ['arn:aws:iam::123456789012:role/flux-operator'],
    buildQueue: sqsBuildQueue(sqs, buildsUrl),
  };
  s3 = world.s3;
  api = await startApiGateway(
    routeHandler(() => deps),
    [AUDITOR, ISO_AUDITOR, LAST_YEAR, OPERATOR, STRANGER],
  );
  dir = mkdtempSync(join(tmpdir(), 'auditor-e2e-'));
});

afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the auditor path through the HTTP API (SigV4, IAM identity as API Gateway passes it)', () => {
  it('the operator creates; the auditor lists, issues a URL, downloads from S3 and verifies with the pinned key', async () => {
    const created = await call(OPERATOR, 'POST', '/snapshots', create);
    expect(created.status).toBe(202);
    const snapshot = created.body.snapshot as { id: string; key: string; artifacts: number };
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: buildsUrl }));
    const records = Messages.map((m) => ({ messageId: m.MessageId!, body: m.Body! }));
    const built = await buildJobsHandler(() => deps)(
      { Records: records } as unknown as SQSEvent,
      {} as Context,
    );
    expect([records.length, built]).toEqual([1, { batchItemFailures: [] }]);
    snapshotId = snapshot.id;
    expect(snapshot.key).toMatch(new RegExp(`^snapshots/${ENGAGEMENT}/soc2-2017/2026-01-01_2026-01-03/`));

    const listed = await call(AUDITOR, 'GET', `/snapshots?engagement=${ENGAGEMENT}`);
    expect(listed.status).toBe(200);
    expect((listed.body.snapshots as { id: string }[]).map((s) => s.id)).toEqual([snapshot.id]);

    const issued = await call(AUDITOR, 'POST', `/snapshots/${snapshot.id}/url`, {
      engagement: ENGAGEMENT,
      expiresIn: 900,
    });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ expiresIn: 900, requestedExpiresIn: 900, snapshotKey: snapshot.key });
    expect(issued.body.cappedBy).toBeUndefined();
    issuedUrl = issued.body.url as string;
    const download = await fetch(issuedUrl);
    expect(download.status).toBe(200);
    const zip = join(dir, 'snapshot.zip');
    const bytes = Buffer.from(await download.arrayBuffer());
    snapshotBytes = bytes.length;
    writeFileSync(zip, bytes);

    // The auditor pins the organisation's key by its fingerprint, received out of band.
    const fingerprint = keyFingerprint(await deps.signer.publicKeyPem());
    const verified = await runCli(['verify', zip, '--key', fingerprint, '--json']);
    expect(JSON.parse(verified.stdout).checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(verified.code).toBe(0);
    const wrongKey = await runCli(['verify', zip, '--key', 'a'.repeat(64), '--json']);
    expect(wrongKey.code).not.toBe(0);

    // The issuance is evidence, attributed to the auditor's session.
    const evidence = await deps.store.get((issued.body.evidence as { key: string }).key);
    expect((evidence.envelope.data as { issuances: { principal: string }[] }).issuances[0]!.principal).toBe(
      AUDITOR.userArn,
    );
  });

  it.each<Case>([
    ['another engagement', ISO_AUDITOR, 'POST', '/snapshots', () => create, 403, 'other-engagement'],
    [
      'an ended engagement',
      LAST_YEAR,
      'POST',
      '/snapshots',
      () => ({ ...create, engagement: 'acme-soc2-2025' }),
      403,
      'engagement-ended',
    ],
    [
      'a framework outside the engagement',
      AUDITOR,
      'POST',
      '/snapshots',
      () => ({ ...create, framework: 'iso27001-2022' }),
      403,
      'framework-not-in-engagement',
    ],
    [
      'a URL for another engagement',
      ISO_AUDITOR,
      'POST',
      () => `/snapshots/${snapshotId}/url`,
      () => ({ engagement: ENGAGEMENT }),
      403,
      'other-engagement',
    ],
    [
      'an expiry over 7 days',
      AUDITOR,
      'POST',
      () => `/snapshots/${snapshotId}/url`,
      () => ({ engagement: ENGAGEMENT, expiresIn: 604_801 }),
      400,
      undefined,
    ],
    [
      'a malformed snapshot id',
      AUDITOR,
      'POST',
      '/snapshots/..%2F..%2Fevidence/url',
      () => ({ engagement: ENGAGEMENT }),
      400,
      undefined,
    ],
    ['a malformed engagement', AUDITOR, 'GET', '/snapshots?engagement=../x', () => undefined, 400, undefined],
    ['a body that is not JSON', AUDITOR, 'POST', '/snapshots', () => '{"engagement":', 400, undefined],
    [
      'an unknown body key',
      AUDITOR,
      'POST',
      '/snapshots',
      () => ({ ...create, bucket: 'other' }),
      400,
      undefined,
    ],
    [
      'an operator asking for an engagement nobody configured',
      OPERATOR,
      'POST',
      '/snapshots',
      () => ({ ...create, engagement: 'acme-gdpr-2026' }),
      403,
      'other-engagement',
    ],
    [
      'an operator asking for an ended engagement',
      OPERATOR,
      'POST',
      '/snapshots',
      () => ({ ...create, engagement: 'acme-soc2-2025' }),
      403,
      'engagement-ended',
    ],
    [
      'an operator asking for a framework outside the engagement',
      OPERATOR,
      'POST',
      '/snapshots',
      () => ({ ...create, framework: 'iso27001-2022' }),
      403,
      'framework-not-in-engagement',
    ],
    [
      'a principal of the account that is neither operator nor auditor',
      STRANGER,
      'POST',
      '/snapshots',
      () => create,
      403,
      'unknown-principal',
    ],
  ] as const)(
    'refuses %s with a clear 4xx, writing and queueing nothing',
    async (_what, caller, method, path, body, status, reason) => {
      const before = await allKeys();
      const r = await call(caller, method, typeof path === 'function' ? path() : path, body());
      expect(r.status).toBe(status);
      const error = r.body.error as { code: string; message: string; reason?: string; issues: string[] };
      expect(error.code).toBe(status === 403 ? 'ACCESS_DENIED' : 'VALIDATION_ERROR');
      expect(error.message.length).toBeGreaterThan(5);
      if (reason) expect(error.reason).toBe(reason);
      else expect(error.issues.length).toBeGreaterThan(0);
      expect(await allKeys()).toEqual(before);
      expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: buildsUrl }))).Messages).toBeUndefined();
    },
  );

  it('records the issuance and, from the S3 server access log, the download: the access report lists both', async () => {
    // moto writes no server access logs (docs/EMULATOR.md): the download above is seeded as the record S3 would
    // deliver, in the documented format, for the URL the API issued (its path and query, signature included).
    const logBucket = 'flux-access-logs-123456789012';
    await s3.send(new CreateBucketCommand({ Bucket: logBucket }));
    const u = new URL(issuedUrl);
    const key = u.pathname.replace(`/${BUCKET}/`, '');
    const signer = 'arn:aws:sts::123456789012:assumed-role/FluxEvidence-SnapshotSigner/snapshot-api';
    const line =
      `79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be ${BUCKET} [01/Feb/2026:09:05:07 +0000] ` +
      `198.51.100.23 ${signer} 3E57427F3EXAMPLE REST.GET.OBJECT ${key} "GET ${u.pathname}${u.search} HTTP/1.1" ` +
      `200 - ${snapshotBytes} ${snapshotBytes} 70 10 "-" "curl/8.5.0" - hostid= SigV4 ECDHE-RSA-AES128-GCM-SHA256 ` +
      `QueryString ${BUCKET}.s3.us-east-1.amazonaws.com TLSv1.3 - -`;
    await s3.send(
      new PutObjectCommand({
        Bucket: logBucket,
        Key: `${ACCESS_LOG_PREFIX}2026-02-01-10-00-00-5A1B2C3D4E5F6A7B`,
        Body: line + '\n',
      }),
    );
    // The scheduled run of the collector (functions/collector: derived source), on the same store and log.
    const cfg = awsTestConfig();
    const run = await runCollector(accessLogCollector, deps.accessEvidence.scope, {
      store: deps.store,
      ledger: deps.ledger,
      connection: { endpoint: cfg.endpoint, credentials: cfg.credentials, forcePathStyle: true },
      now: () => new Date('2026-02-01T11:00:00.000Z'),
      extras: {
        snapshotAccess: await accessLogExtras(
          { bucket: logBucket, prefix: ACCESS_LOG_PREFIX },
          { latest: () => Promise.resolve([]) },
        ),
      },
    });
    expect(run.envelope.errors).toEqual([]);

    const report = await accessReport(ENGAGEMENT, deps);
    expect(report.issuances).toEqual([
      expect.objectContaining({
        principal: AUDITOR.userArn,
        snapshotKey: key,
        issuedAt: '2026-02-01T09:00:00.000Z',
        expiresAt: '2026-02-01T09:15:00.000Z',
        expiresIn: 900,
      }),
    ]);
    expect(report.downloads).toEqual([
      expect.objectContaining({
        snapshotKey: key,
        time: '2026-02-01T09:05:07.000Z',
        remoteIp: '198.51.100.23',
        requester: signer,
        issuedTo: AUDITOR.userArn,
        bytesSent: snapshotBytes,
        complete: true,
        urlId: report.issuances[0]!.urlId,
        evidence: { sha256: run.sha256, index: expect.any(Number) },
      }),
    ]);
    // Another engagement's report lists none of it.
    expect(await accessReport('acme-iso-2026', deps)).toMatchObject({ issuances: [], downloads: [] });
  });

  it('answers 403 without calling the function for unsigned or tampered requests', async () => {
    const before = api.invocations();
    const unsigned = await fetch(`${api.endpoint}/snapshots?engagement=${ENGAGEMENT}`);
    expect(unsigned.status).toBe(403);
    const forged = await signedFetch(
      api.endpoint,
      { ...AUDITOR, secretAccessKey: 'not-the-secret' },
      'GET',
      `/snapshots?engagement=${ENGAGEMENT}`,
    );
    expect(forged.status).toBe(403);
    expect(forged.body).toEqual({ message: 'Forbidden' });
    expect(api.invocations()).toBe(before);
  });
});
