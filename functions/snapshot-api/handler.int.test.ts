import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { awsTestConfig } from '../../test/harness/aws.js';
import { BUCKET, buildAccessWorld } from '../../shared/access/testing/world.js';
import type { SnapshotServiceDeps } from '../../shared/access/snapshots.js';
import { readAll } from '../../shared/snapshot/testing/zip-tools.js';
import { verifySnapshot } from '../../shared/snapshot/verify.js';
import { createSnapshotHandler, issueUrlHandler, listSnapshotsHandler } from './handler.js';
import type { ApiEvent, ApiResult } from '../http.js';

const SESSION = 'arn:aws:sts::123456789012:assumed-role/acme-auditor/jane@audit.example';
const ctx = {
  functionName: 'snapshot-api',
  awsRequestId: 'req-1',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:snapshot-api',
} as Context;
const event = (o: {
  principal?: string;
  body?: unknown;
  query?: Record<string, string>;
  id?: string;
  raw?: string;
}): ApiEvent =>
  ({
    requestContext: o.principal ? { authorizer: { iam: { userArn: o.principal } } } : {},
    ...(o.body !== undefined || o.raw ? { body: o.raw ?? JSON.stringify(o.body) } : {}),
    ...(o.query ? { queryStringParameters: o.query } : {}),
    ...(o.id ? { pathParameters: { id: o.id } } : {}),
    isBase64Encoded: false,
  }) as unknown as ApiEvent;
const call = async (h: (e: ApiEvent, c: Context) => Promise<ApiResult>, e: ApiEvent) => {
  const r = await h(e, ctx);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON answers
  return { status: r.statusCode!, body: JSON.parse(r.body!) as Record<string, any> };
};

let deps: SnapshotServiceDeps;
let s3: S3Client;
const sentLocks: Record<string, unknown>[] = [];
const keys = async (prefix: string) =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []).map(
    (o) => o.Key!,
  );
const create = () => createSnapshotHandler(() => deps);
const list = () => listSnapshotsHandler(() => deps);
const url = () => issueUrlHandler(() => deps);
const goodBody = {
  engagement: 'acme-soc2-2026',
  framework: 'soc2-2017',
  window: { start: '2026-01-01', end: '2026-01-03' },
  controls: ['IAM-11'],
};

beforeAll(async () => {
  const world = await buildAccessWorld(awsTestConfig());
  deps = world.deps;
  s3 = world.s3;
  // moto does not report Object Lock on multipart objects: assert what is sent (small archives go as one PutObject).
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (
        ['CreateMultipartUploadCommand', 'PutObjectCommand'].includes(context.commandName ?? '') &&
        String((args.input as { Key?: string }).Key).startsWith('snapshots/')
      )
        sentLocks.push(args.input as Record<string, unknown>);
      return next(args);
    },
    { step: 'initialize' },
  );
});

describe('snapshot API', () => {
  it('creates, lists, issues a URL, downloads through it and the snapshot verifies; the issuance is evidence', async () => {
    const nonce = 'auditor-chosen-nonce-42';
    const created = await call(
      create(),
      event({ principal: SESSION, body: { ...goodBody, auditorNonce: nonce, sinceTreeSize: 1 } }),
    );
    expect(created.status).toBe(201);
    const snap = created.body.snapshot;
    expect(snap).toMatchObject({
      engagement: 'acme-soc2-2026',
      framework: 'soc2-2017',
      window: { start: '2026-01-01', end: '2026-01-03' },
      artifacts: 3,
    });
    expect(snap.key).toBe(`snapshots/acme-soc2-2026/soc2-2017/2026-01-01_2026-01-03/${snap.id}.zip`);
    expect(sentLocks).toEqual([
      expect.objectContaining({
        Key: snap.key,
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: new Date('2026-02-02T09:00:00.000Z'),
        ChecksumAlgorithm: 'SHA256',
      }),
    ]);

    const listed = await call(list(), event({ principal: SESSION, query: { engagement: 'acme-soc2-2026' } }));
    expect(listed.status).toBe(200);
    expect(listed.body.snapshots.map((s: { id: string }) => s.id)).toEqual([snap.id]);
    expect(listed.body.snapshots[0].size).toBeGreaterThan(1000);

    const issued = await call(
      url(),
      event({ principal: SESSION, id: snap.id, body: { engagement: 'acme-soc2-2026', expiresIn: 900 } }),
    );
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({
      expiresIn: 900,
      expiresAt: '2026-02-01T09:15:00.000Z',
      snapshotKey: snap.key,
    });
    const q = new URL(issued.body.url).searchParams;
    expect(q.get('X-Amz-Expires')).toBe('900');
    expect(q.get('X-Amz-Credential')).toBe('testing/20260201/us-east-1/s3/aws4_request');

    const res = await fetch(issued.body.url);
    expect(res.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'snap-api-'));
    try {
      writeFileSync(join(dir, 's.zip'), Buffer.from(await res.arrayBuffer()));
      const verified = await verifySnapshot(join(dir, 's.zip'), {
        pinnedKey: await deps.signer.publicKeyPem(),
        auditorNonce: nonce,
      });
      expect(verified.checks.filter((c) => !c.ok)).toEqual([]);
      expect(verified.ok).toBe(true);
      expect(verified.samplesOperatorChosen).toBe(false);
      const files = await readAll(join(dir, 's.zip'));
      expect(JSON.parse(files.get('proofs/consistency-since.json')!.toString())).toMatchObject({
        fromTreeSize: 1,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const evidence = await deps.store.get(issued.body.evidence.key, issued.body.evidence.sha256);
    const env = evidence.envelope as {
      collector: string;
      data: { issuances: Record<string, unknown>[]; downloads: unknown[] };
    };
    expect(env.collector).toBe('snapshot-access-log');
    expect(env.data.issuances).toEqual([
      expect.objectContaining({
        snapshotKey: snap.key,
        principal: SESSION,
        engagement: 'acme-soc2-2026',
        issuedAt: '2026-02-01T09:00:00.000Z',
        expiresAt: '2026-02-01T09:15:00.000Z',
      }),
    ]);
    expect(JSON.stringify(env)).not.toContain(q.get('X-Amz-Signature')!);
    expect((await deps.ledger.get(issued.body.evidence.sha256))?.collector).toBe('snapshot-access-log');
  });

  it.each([
    [
      'another engagement',
      SESSION,
      { engagement: 'acme-iso-2026', framework: 'iso27001-2022' },
      'other-engagement',
    ],
    [
      'an engagement that ended',
      'arn:aws:iam::123456789012:role/last-year',
      { engagement: 'acme-soc2-2025' },
      'engagement-ended',
    ],
    ['an unknown principal', 'arn:aws:iam::123456789012:role/intruder', {}, 'unknown-principal'],
    ['a framework outside the engagement', SESSION, { framework: 'gdpr' }, 'framework-not-in-engagement'],
  ])('answers 403 for %s and writes nothing', async (_what, principal, change, reason) => {
    const before = await keys('snapshots/');
    const r = await call(create(), event({ principal, body: { ...goodBody, ...change } }));
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'ACCESS_DENIED', reason });
    expect(await keys('snapshots/')).toEqual(before);
  });

  it('refuses list and URL requests outside the caller scope with 403', async () => {
    expect(
      (await call(list(), event({ principal: SESSION, query: { engagement: 'acme-iso-2026' } }))).body.error
        .reason,
    ).toBe('other-engagement');
    const [key] = await keys('snapshots/acme-soc2-2026/');
    const id = /\/([^/]+)\.zip$/.exec(key!)![1]!;
    const ended = await call(
      url(),
      event({
        principal: 'arn:aws:iam::123456789012:role/last-year',
        id,
        body: { engagement: 'acme-soc2-2025' },
      }),
    );
    expect(ended).toMatchObject({ status: 403, body: { error: { reason: 'engagement-ended' } } });
    const other = await call(
      url(),
      event({
        principal: 'arn:aws:iam::123456789012:role/iso-auditor',
        id,
        body: { engagement: 'acme-soc2-2026' },
      }),
    );
    expect(other).toMatchObject({ status: 403, body: { error: { reason: 'other-engagement' } } });
    expect((await call(url(), event({ id, body: { engagement: 'acme-soc2-2026' } }))).status).toBe(403);
  });

  it.each([
    ['an unknown framework', { framework: 'pci-dss' }, /framework/],
    [
      'a window ending before it starts',
      { window: { start: '2026-01-03', end: '2026-01-01' } },
      /before window.start/,
    ],
    [
      'a window longer than allowed',
      { window: { start: '2025-01-01', end: '2026-02-15' } },
      /longer than 400 days/,
    ],
    ['a path in the engagement', { engagement: '../acme-soc2-2026' }, /engagement/],
    ['a path in a control id', { controls: ['../../evidence'] }, /controls\.0/],
    ['an unknown key', { bucket: 'other' }, /bucket/],
  ])('answers 400 for %s and creates nothing', async (_what, change, issue) => {
    const before = await keys('');
    const r = await call(create(), event({ principal: SESSION, body: { ...goodBody, ...change } }));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
    expect(r.body.error.issues.join('\n')).toMatch(issue);
    expect(await keys('')).toEqual(before);
  });

  it('answers 413 for a window citing more artifacts than the ceiling, naming the limit and what to do, creating nothing', async () => {
    const before = await keys('');
    // The world's window cites 3 artifacts: a ceiling of 2 refuses it, a ceiling of 3 would not.
    const capped = createSnapshotHandler(() => ({ ...deps, maxArtifacts: 2 }));
    const r = await call(capped, event({ principal: SESSION, body: goodBody }));
    expect(r.status).toBe(413);
    expect(r.body.error).toEqual({
      code: 'SNAPSHOT_TOO_LARGE',
      message: 'the window cites 3 artifacts; one snapshot built by the API holds at most 2',
      artifacts: 3,
      limit: 2,
      issues: [
        expect.stringMatching(/shorter window or a subset of controls.*flux-evidence snapshot create/),
      ],
    });
    expect(await keys('')).toEqual(before);
  });

  it('answers 400 for a control outside the framework, a bad body, an expiry over 7 days or a path in the id, recording nothing', async () => {
    const before = await keys('');
    const notInFramework = await call(
      create(),
      event({ principal: SESSION, body: { ...goodBody, controls: ['GOV-01'] } }),
    );
    expect(notInFramework.status).toBe(400);
    expect((await call(create(), event({ principal: SESSION, raw: '{not json' }))).status).toBe(400);
    const [key] = await keys('snapshots/acme-soc2-2026/');
    const id = /\/([^/]+)\.zip$/.exec(key!)![1]!;
    const long = await call(
      url(),
      event({ principal: SESSION, id, body: { engagement: 'acme-soc2-2026', expiresIn: 604_801 } }),
    );
    expect(long.status).toBe(400);
    expect(long.body.error.issues[0]).toMatch(/expiresIn: .*7 days/);
    const traversal = await call(
      url(),
      event({ principal: SESSION, id: '../../evidence/x', body: { engagement: 'acme-soc2-2026' } }),
    );
    expect(traversal.status).toBe(400);
    const missing = await call(
      url(),
      event({ principal: SESSION, id: '20260201T090000Z-00000000', body: { engagement: 'acme-soc2-2026' } }),
    );
    expect(missing.status).toBe(404);
    expect(await keys('')).toEqual(before);
  });

  it('never issues a URL that outlives the engagement', async () => {
    const [key] = await keys('snapshots/acme-soc2-2026/');
    const id = /\/([^/]+)\.zip$/.exec(key!)![1]!;
    const late = { ...deps, now: () => new Date('2026-06-29T20:00:00.000Z') };
    const r = await call(
      issueUrlHandler(() => late),
      event({ principal: SESSION, id, body: { engagement: 'acme-soc2-2026', expiresIn: 604_800 } }),
    );
    expect(r.body).toMatchObject({
      expiresIn: 14_400,
      expiresAt: '2026-06-30T00:00:00.000Z',
      cappedBy: ['engagement'],
    });
    expect(new URL(r.body.url).searchParams.get('X-Amz-Expires')).toBe('14400');
  });
});
