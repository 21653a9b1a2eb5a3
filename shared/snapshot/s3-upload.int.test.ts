import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from '@jest/globals';
import { awsTestConfig } from '../../test/harness/aws.js';
import { ValidationError } from '../errors.js';
import { uploadSnapshot } from './s3-upload.js';
import { buildScenario } from './testing/scenario.js';
import { verifySnapshot } from './verify.js';

describe('uploadSnapshot', () => {
  it('streams a multipart snapshot into S3 that verifies after download', async () => {
    const s3 = new S3Client(awsTestConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'snaps' }));
    const s = await buildScenario(40, 3, 60_000); // ~14 MB of evidence: several 5 MiB parts
    const out = await uploadSnapshot({ ...s.request, compress: false }, s.deps, {
      client: s3,
      bucket: 'snaps',
      key: 'snapshots/a.zip',
      partSize: 5 * 1024 * 1024,
    });
    expect(out.artifacts).toBe(237);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'snaps', Key: 'snapshots/a.zip' }));
    const dir = mkdtempSync(join(tmpdir(), 'snap-s3-'));
    try {
      const file = join(dir, 'a.zip');
      writeFileSync(file, Buffer.from(await got.Body!.transformToByteArray()));
      expect(got.ContentLength).toBeGreaterThan(10 * 1024 * 1024);
      const r = await verifySnapshot(file, { pinnedKey: await s.deps.signer.publicKeyPem() });
      expect(r.checks.filter((c) => !c.ok)).toEqual([]);
      expect(r.origin).toBe('pinned');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts no upload for an invalid request', async () => {
    const s3 = new S3Client(awsTestConfig());
    await s3.send(new CreateBucketCommand({ Bucket: 'snaps2' }));
    const s = await buildScenario(2, 1);
    await expect(
      uploadSnapshot({ ...s.request, framework: 'nope' }, s.deps, {
        client: s3,
        bucket: 'snaps2',
        key: 'x.zip',
      }),
    ).rejects.toThrow(ValidationError);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'snaps2' }))).KeyCount ?? 0).toBe(0);
  });
});
