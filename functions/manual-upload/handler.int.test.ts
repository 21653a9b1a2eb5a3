import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from '@jest/globals';
import { loadControls, loadFrameworks } from '../../frameworks/index.js';
import { awsTestConfig } from '../../test/harness/aws.js';
import { createPresignClient } from '../../shared/access/presign.js';
import { DynamoLedger } from '../../shared/ledger/dynamo-ledger.js';
import { createLedgerTable } from '../../shared/ledger/dynamo-schema.js';
import { S3BlobStore } from '../../shared/manual/blob-store.js';
import { ensureEvidenceBucket } from '../../shared/store/evidence-bucket.js';
import type { ApiEvent, ApiResult } from '../http.js';
import { completeUploadHandler, createUploadHandler, type UploadApiDeps } from './handler.js';

const STAFF = 'arn:aws:sts::123456789012:assumed-role/acme-compliance/lee@acme.example';
const AUDITOR = 'arn:aws:iam::123456789012:role/acme-auditor';
const ctx = { functionName: 'manual-upload', awsRequestId: 'req-1' } as Context;
const event = (principal: string, body: unknown): ApiEvent =>
  ({
    requestContext: { authorizer: { iam: { userArn: principal } } },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  }) as unknown as ApiEvent;
const call = async (h: (e: ApiEvent, c: Context) => Promise<ApiResult>, e: ApiEvent) => {
  const r = await h(e, ctx);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads arbitrary JSON answers
  return { status: r.statusCode!, body: JSON.parse(r.body!) as Record<string, any> };
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('manual upload API (moto)', () => {
  it('presigns a create-only PUT, checks size and SHA-256 of the stored object, then logs it', async () => {
    const cfg = awsTestConfig();
    const ddb = new DynamoDBClient(cfg);
    const doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
    const s3 = new S3Client({ ...cfg, forcePathStyle: true });
    const bucket = 'manual-upload-evidence';
    await createLedgerTable(ddb, 'manual-upload');
    await ensureEvidenceBucket(s3, bucket, { objectLock: { mode: 'COMPLIANCE', days: 1 } });
    const ledger = new DynamoLedger({
      client: doc,
      tableName: 'manual-upload',
      origin: 'flux-evidence/upload',
    });
    const clock = () => new Date('2026-03-01T10:00:00.000Z');
    const deps: UploadApiDeps = {
      manual: {
        ledger,
        blobs: new S3BlobStore({ s3, bucket }),
        frameworks: loadFrameworks(),
        controls: loadControls(),
        clock,
      },
      presign: createPresignClient({ ...cfg, forcePathStyle: true }),
      bucket,
      auditors: [AUDITOR],
    };
    const presign = createUploadHandler(() => deps);
    const complete = completeUploadHandler(() => deps);
    const pdf = Buffer.from('%PDF-1.7 supplier review 2026');
    const declared = { fileName: 'supplier-review.pdf', size: pdf.length, sha256: sha(pdf) };

    expect((await call(presign, event(STAFF, { ...declared, size: 0 }))).status).toBe(400);
    const big = await call(presign, event(STAFF, { ...declared, size: 100 * 1024 * 1024 + 1 }));
    expect(big.status).toBe(400);
    expect(JSON.stringify(big.body)).toMatch(/over the 104857600-byte limit/);
    expect((await call(presign, event(STAFF, { ...declared, fileName: 'x.exe' }))).status).toBe(400);
    expect(
      (await call(presign, event('arn:aws:sts::123456789012:assumed-role/acme-auditor/jane', declared)))
        .status,
    ).toBe(403);

    const up = await call(presign, event(STAFF, declared));
    expect(up.status).toBe(201);
    expect(up.body.key).toBe(`manual-files/${declared.sha256}.pdf`);
    const url = new URL(up.body.url as string);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toContain('x-amz-checksum-sha256');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toContain('if-none-match');

    const meta = { requirements: [], controls: ['SUP-01'], title: 'Supplier review 2026', owner: 'Lee' };
    const early = await call(complete, event(STAFF, { ...declared, ...meta }));
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.body)).toMatch(/not uploaded, or not the declared file/);

    // moto does not check the signed checksum (real S3 does): a wrong body reaches the bucket, and the completion
    // step must refuse it.
    const wrong = Buffer.from('%PDF-1.7 something else entirely!');
    const put = await fetch(url, {
      method: 'PUT',
      body: wrong,
      headers: { ...up.body.headers, 'content-length': String(wrong.length) },
    });
    expect(put.ok).toBe(true);
    expect((await call(complete, event(STAFF, { ...declared, ...meta }))).status).toBe(400);
    expect((await ledger.head()).treeSize).toBe(0);
  });

  it('logs the uploaded document with the uploader as addedBy', async () => {
    const cfg = awsTestConfig();
    const ddb = new DynamoDBClient(cfg);
    const doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
    const s3 = new S3Client({ ...cfg, forcePathStyle: true });
    const bucket = 'manual-upload-evidence-2';
    await createLedgerTable(ddb, 'manual-upload-2');
    await ensureEvidenceBucket(s3, bucket, { objectLock: { mode: 'COMPLIANCE', days: 1 } });
    const ledger = new DynamoLedger({
      client: doc,
      tableName: 'manual-upload-2',
      origin: 'flux-evidence/upload',
    });
    const deps: UploadApiDeps = {
      manual: {
        ledger,
        blobs: new S3BlobStore({ s3, bucket }),
        frameworks: loadFrameworks(),
        controls: loadControls(),
        clock: () => new Date('2026-03-01T10:00:00.000Z'),
      },
      presign: createPresignClient({ ...cfg, forcePathStyle: true }),
      bucket,
      auditors: [AUDITOR],
    };
    const pdf = Buffer.from('%PDF-1.7 supplier review 2026');
    const declared = { fileName: 'supplier-review.pdf', size: pdf.length, sha256: sha(pdf) };
    const up = await call(
      createUploadHandler(() => deps),
      event(STAFF, declared),
    );
    const put = await fetch(up.body.url as string, { method: 'PUT', body: pdf, headers: up.body.headers });
    expect(put.ok).toBe(true);
    const again = await fetch(up.body.url as string, { method: 'PUT', body: pdf, headers: up.body.headers });
    expect(again.status).toBe(412);
    const done = await call(
      completeUploadHandler(() => deps),
      event(STAFF, { ...declared, controls: ['SUP-01'], title: 'Supplier review 2026', owner: 'Lee' }),
    );
    expect(done.status).toBe(201);
    expect(done.body.statement).toMatchObject({
      addedBy: STAFF,
      fileSha256: declared.sha256,
      size: pdf.length,
    });
    expect(await ledger.get(done.body.id as string)).toMatchObject({ index: 0, collector: 'manual' });
    expect(
      (
        await call(
          completeUploadHandler(() => deps),
          event(AUDITOR, { ...declared, title: 't', owner: 'o' }),
        )
      ).status,
    ).toBe(403);
  });
});
